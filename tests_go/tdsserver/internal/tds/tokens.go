package tds

import "encoding/binary"

// Token types a server sends (MS-TDS 2.2.7).
const (
	TokenReturnStatus  = 0x79
	TokenColMetadata   = 0x81
	TokenError         = 0xAA
	TokenInfo          = 0xAB
	TokenReturnValue   = 0xAC
	TokenLoginAck      = 0xAD
	TokenFeatureExtAck = 0xAE
	TokenRow           = 0xD1
	TokenNBCRow        = 0xD2
	TokenEnvChange     = 0xE3
	TokenDone          = 0xFD
	TokenDoneProc      = 0xFE
	TokenDoneInProc    = 0xFF
)

// DONE status bits (MS-TDS 2.2.7.6).
const (
	DoneFinal    uint16 = 0x00
	DoneMore     uint16 = 0x01
	DoneError    uint16 = 0x02
	DoneInxact   uint16 = 0x04
	DoneCount    uint16 = 0x10
	DoneAttn     uint16 = 0x20
	DoneSrvError uint16 = 0x100
)

// CurCmd values SQL Server reports in DONE tokens.
const (
	CmdNone   uint16 = 0x00
	CmdSelect uint16 = 0xC1
)

// Done is a DONE, DONEPROC or DONEINPROC token.
type Done struct {
	Token  byte
	Status uint16
	CurCmd uint16
	Count  uint64
}

// AppendDone encodes a DONE-family token.
func AppendDone(dst []byte, d Done) []byte {
	dst = append(dst, d.Token)
	dst = binary.LittleEndian.AppendUint16(dst, d.Status)
	dst = binary.LittleEndian.AppendUint16(dst, d.CurCmd)
	return binary.LittleEndian.AppendUint64(dst, d.Count)
}

// ServerMessage is the content of an ERROR or INFO token.
type ServerMessage struct {
	Number    int32
	State     uint8
	Class     uint8
	Text      string
	Server    string
	Procedure string
	Line      int32
}

// AppendMessage encodes m as INFO when its class is 10 or less, else ERROR.
func AppendMessage(dst []byte, m ServerMessage) []byte {
	tok := byte(TokenError)
	if m.Class <= 10 {
		tok = TokenInfo
	}
	body := binary.LittleEndian.AppendUint32(nil, uint32(m.Number))
	body = append(body, m.State, m.Class)
	body = appendUSVarChar(body, m.Text)
	body = appendBVarChar(body, m.Server)
	body = appendBVarChar(body, m.Procedure)
	body = binary.LittleEndian.AppendUint32(body, uint32(m.Line))
	dst = append(dst, tok)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(len(body)))
	return append(dst, body...)
}

// ENVCHANGE types (MS-TDS 2.2.7.9).
const (
	EnvDatabase     = 1
	EnvLanguage     = 2
	EnvPacketSize   = 4
	EnvCollation    = 7
	EnvBeginTx      = 8
	EnvCommitTx     = 9
	EnvRollbackTx   = 10
	EnvTxEnded      = 17
	EnvResetConnAck = 18
)

// AppendEnvString encodes an ENVCHANGE whose values are B_VARCHARs.
func AppendEnvString(dst []byte, typ byte, newV, oldV string) []byte {
	body := appendBVarChar([]byte{typ}, newV)
	body = appendBVarChar(body, oldV)
	return appendEnv(dst, body)
}

// AppendEnvBytes encodes an ENVCHANGE whose values are B_VARBYTEs.
func AppendEnvBytes(dst []byte, typ byte, newV, oldV []byte) []byte {
	body := append([]byte{typ, byte(len(newV))}, newV...)
	body = append(body, byte(len(oldV)))
	body = append(body, oldV...)
	return appendEnv(dst, body)
}

// TxDescriptor encodes a transaction descriptor; zero is no transaction.
func TxDescriptor(d uint64) []byte {
	if d == 0 {
		return nil
	}
	return binary.LittleEndian.AppendUint64(nil, d)
}

func appendEnv(dst, body []byte) []byte {
	dst = append(dst, TokenEnvChange)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(len(body)))
	return append(dst, body...)
}

// LoginAck is the content of a LOGINACK token.
type LoginAck struct {
	TDSVersion uint32
	ProgName   string
	Version    [4]byte // major, minor, build high, build low
}

// AppendLoginAck encodes a LOGINACK token (interface SQL_TSQL).
func AppendLoginAck(dst []byte, a LoginAck) []byte {
	body := []byte{1}
	body = binary.BigEndian.AppendUint32(body, a.TDSVersion)
	body = appendBVarChar(body, a.ProgName)
	body = append(body, a.Version[:]...)
	dst = append(dst, TokenLoginAck)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(len(body)))
	return append(dst, body...)
}

// AppendFeatureExtAck encodes FEATUREEXTACK with the given features.
func AppendFeatureExtAck(dst []byte, feats []Feature) []byte {
	dst = append(dst, TokenFeatureExtAck)
	for _, f := range feats {
		dst = append(dst, f.ID)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(f.Data)))
		dst = append(dst, f.Data...)
	}
	return append(dst, featureTerminator)
}

// AppendReturnStatus encodes RETURNSTATUS.
func AppendReturnStatus(dst []byte, status int32) []byte {
	dst = append(dst, TokenReturnStatus)
	return binary.LittleEndian.AppendUint32(dst, uint32(status))
}
