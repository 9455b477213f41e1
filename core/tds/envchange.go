package tds

// ENVCHANGE types (MS-TDS 2.2.7.9).
const (
	EnvDatabase        = 1
	EnvLanguage        = 2
	EnvCharset         = 3
	EnvPacketSize      = 4
	EnvSortLocale      = 5
	EnvSortFlags       = 6
	EnvCollation       = 7
	EnvBeginTran       = 8
	EnvCommitTran      = 9
	EnvRollbackTran    = 10
	EnvEnlistDTC       = 11
	EnvDefectTran      = 12
	EnvMirrorPartner   = 13
	EnvPromoteTran     = 15
	EnvTranManagerAddr = 16
	EnvTranEnded       = 17
	EnvResetAck        = 18
	EnvUserInstance    = 19
	EnvRouting         = 20
	EnvEnhancedRouting = 21
)

// EnvChange is an ENVCHANGE token. String types fill New and Old; binary
// types (collation, transactions) fill NewBytes and OldBytes; routing
// fills Routing.
type EnvChange struct {
	Type     uint8
	New, Old string
	NewBytes []byte
	OldBytes []byte
	Routing  *Routing
}

// Routing is where the server sends the client (ENVCHANGE 20 and 21).
type Routing struct {
	Server   string
	Port     uint16
	Database string // enhanced routing only
}

// readEnvChange decodes an ENVCHANGE token after its type byte.
func readEnvChange(rd *reader) (EnvChange, error) {
	var e EnvChange
	length, err := rd.u16()
	if err != nil {
		return e, err
	}
	start := rd.off()
	if e.Type, err = rd.byte(); err != nil {
		return e, err
	}
	switch e.Type {
	case EnvDatabase, EnvLanguage, EnvCharset, EnvPacketSize, EnvSortLocale, EnvSortFlags, EnvMirrorPartner, EnvUserInstance:
		err = e.readStrings(rd)
	case EnvCollation, EnvBeginTran, EnvCommitTran, EnvRollbackTran, EnvEnlistDTC, EnvDefectTran,
		EnvTranManagerAddr, EnvTranEnded, EnvResetAck:
		err = e.readBytes(rd)
	case EnvPromoteTran:
		return e, e.readPromote(rd) // its length covers the type byte only
	case EnvRouting, EnvEnhancedRouting:
		err = e.readRouting(rd)
	default:
		err = rd.skip(int(length) - 1)
	}
	if err == nil && rd.off()-start != int64(length) {
		err = protocolErrorf("ENVCHANGE %d length %d, read %d", e.Type, length, rd.off()-start)
	}
	return e, err
}

func (e *EnvChange) readStrings(rd *reader) (err error) {
	if e.New, err = rd.bVarChar(); err != nil {
		return err
	}
	e.Old, err = rd.bVarChar()
	return err
}

func (e *EnvChange) readBytes(rd *reader) (err error) {
	if e.NewBytes, err = rd.bVarByte(); err != nil {
		return err
	}
	e.OldBytes, err = rd.bVarByte()
	return err
}

func (e *EnvChange) readPromote(rd *reader) error {
	n, err := rd.u32()
	if err != nil {
		return err
	}
	if n > 1<<20 {
		return protocolErrorf("promoted transaction token of %d bytes", n)
	}
	b, err := rd.next(int(n))
	if err != nil {
		return err
	}
	e.NewBytes = append([]byte(nil), b...)
	_, err = rd.byte() // OLDVALUE %x00
	return err
}

func (e *EnvChange) readRouting(rd *reader) error {
	n, err := rd.u16()
	if err != nil {
		return err
	}
	start := rd.off()
	r := &Routing{}
	proto, err := rd.byte()
	if err == nil && proto != 0 {
		err = protocolErrorf("routing to protocol %d (only TCP is defined)", proto)
	}
	if err == nil {
		r.Port, err = rd.u16()
	}
	if err == nil {
		r.Server, err = rd.usVarChar()
	}
	if err == nil && e.Type == EnvEnhancedRouting {
		r.Database, err = rd.usVarChar()
	}
	if err == nil && rd.off()-start != int64(n) {
		err = protocolErrorf("routing data length %d, read %d", n, rd.off()-start)
	}
	if err == nil {
		e.Routing = r
		_, err = rd.u16() // OLDVALUE %x00 %x00
	}
	return err
}
