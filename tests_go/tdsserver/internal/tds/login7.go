package tds

import (
	"encoding/binary"
	"fmt"
)

// TDS versions as LOGIN7 and LOGINACK carry them.
const (
	Version71 uint32 = 0x71000001
	Version72 uint32 = 0x72090002
	Version73 uint32 = 0x730B0003
	Version74 uint32 = 0x74000004
	Version80 uint32 = 0x08000000
)

// LOGIN7 flags the server reads (MS-TDS 2.2.6.4).
const (
	optionFlags2IntSecurity = 0x80
	typeFlagsReadOnlyIntent = 0x20
	optionFlags3Extension   = 0x10
	login7FixedSize         = 94
)

// FeatureExt identifiers (MS-TDS 2.2.6.4, FeatureExt).
const (
	FeatureSessionRecovery = 0x01
	FeatureFedAuth         = 0x02
	FeatureColumnEncrypt   = 0x04
	FeatureGlobalTx        = 0x05
	FeatureAzureSQLSupport = 0x08
	FeatureDataClassif     = 0x09
	FeatureUTF8Support     = 0x0A
	FeatureAzureDNSCaching = 0x0B
	featureTerminator      = 0xFF
)

// FedAuth libraries (FEDAUTH feature, bFedAuthLibrary).
const (
	FedAuthLibrarySecurityToken = 0x01
	FedAuthLibraryMSAL          = 0x02
)

// Login7 is a decoded LOGIN7 message. Password is never logged.
type Login7 struct {
	TDSVersion    uint32
	PacketSize    uint32
	ClientProgVer uint32
	ClientPID     uint32
	OptionFlags1  byte
	OptionFlags2  byte
	TypeFlags     byte
	OptionFlags3  byte
	ClientLCID    uint32
	HostName      string
	UserName      string
	Password      string
	AppName       string
	ServerName    string
	CltIntName    string
	Language      string
	Database      string
	SSPI          []byte
	Features      []Feature
}

// Feature is one FeatureExt entry.
type Feature struct {
	ID   byte
	Data []byte
}

// IntegratedSecurity reports whether the client asked for Windows (SSPI) login.
func (l *Login7) IntegratedSecurity() bool { return l.OptionFlags2&optionFlags2IntSecurity != 0 }

// ReadOnlyIntent reports ApplicationIntent=ReadOnly.
func (l *Login7) ReadOnlyIntent() bool { return l.TypeFlags&typeFlagsReadOnlyIntent != 0 }

// Feature returns the FeatureExt entry with id, if the client sent it.
func (l *Login7) Feature(id byte) (Feature, bool) {
	for _, f := range l.Features {
		if f.ID == id {
			return f, true
		}
	}
	return Feature{}, false
}

// ParseLogin7 decodes a LOGIN7 message.
func ParseLogin7(b []byte) (*Login7, error) {
	c := NewCursor(b)
	if int(c.Uint32()) > len(b) || len(b) < login7FixedSize {
		return nil, fmt.Errorf("tds: LOGIN7 shorter than its fixed part")
	}
	l := &Login7{TDSVersion: c.Uint32(), PacketSize: c.Uint32(), ClientProgVer: c.Uint32(), ClientPID: c.Uint32()}
	c.Skip(4) // ConnectionID
	l.OptionFlags1, l.OptionFlags2, l.TypeFlags, l.OptionFlags3 = c.Byte(), c.Byte(), c.Byte(), c.Byte()
	c.Skip(4) // ClientTimeZone
	l.ClientLCID = c.Uint32()
	var err error
	str := func(dst *string) {
		off, n := int(c.Uint16()), int(c.Uint16())
		if s, e := sliceAt(b, off, 2*n); e != nil && err == nil {
			err = e
		} else {
			*dst = DecodeUCS2(s)
		}
	}
	str(&l.HostName)
	str(&l.UserName)
	pwOff, pwLen := int(c.Uint16()), int(c.Uint16())
	str(&l.AppName)
	str(&l.ServerName)
	extOff, extLen := int(c.Uint16()), int(c.Uint16())
	str(&l.CltIntName)
	str(&l.Language)
	str(&l.Database)
	c.Skip(6) // ClientID
	sspiOff, sspiLen := int(c.Uint16()), int(c.Uint16())
	if c.Err() != nil {
		return nil, c.Err()
	}
	if err != nil {
		return nil, err
	}
	pw, err := sliceAt(b, pwOff, 2*pwLen)
	if err != nil {
		return nil, err
	}
	l.Password = DecodeUCS2(deobfuscate(pw))
	if l.SSPI, err = sliceAt(b, sspiOff, sspiLen); err != nil {
		return nil, err
	}
	if l.OptionFlags3&optionFlags3Extension != 0 && extLen >= 4 {
		if l.Features, err = parseFeatureExt(b, extOff); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func sliceAt(b []byte, off, n int) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if off < 0 || n < 0 || off+n > len(b) {
		return nil, fmt.Errorf("tds: LOGIN7 field at %d+%d outside the message", off, n)
	}
	return b[off : off+n], nil
}

// deobfuscate reverses the LOGIN7 password scrambling: XOR 0xA5, then swap
// the nibbles of each byte.
func deobfuscate(p []byte) []byte {
	out := make([]byte, len(p))
	for i, b := range p {
		b ^= 0xA5
		out[i] = b<<4 | b>>4
	}
	return out
}

// Obfuscate scrambles a UTF-16LE password as a client does (for tests).
func Obfuscate(p []byte) []byte {
	out := make([]byte, len(p))
	for i, b := range p {
		out[i] = (b<<4 | b>>4) ^ 0xA5
	}
	return out
}

// parseFeatureExt reads the FeatureExt block whose offset is stored as a
// DWORD at extOff.
func parseFeatureExt(b []byte, extOff int) ([]Feature, error) {
	p, err := sliceAt(b, extOff, 4)
	if err != nil {
		return nil, err
	}
	start := int(binary.LittleEndian.Uint32(p))
	if start < 0 || start >= len(b) {
		return nil, fmt.Errorf("tds: LOGIN7 FeatureExt offset %d outside the message", start)
	}
	c := NewCursor(b[start:])
	var feats []Feature
	for c.Err() == nil {
		id := c.Byte()
		if id == featureTerminator || c.Err() != nil {
			break
		}
		n := c.Uint32()
		if n > uint32(c.Remaining()) {
			return nil, fmt.Errorf("tds: FeatureExt %#x longer than the message", id)
		}
		feats = append(feats, Feature{ID: id, Data: c.Bytes(int(n))})
	}
	return feats, c.Err()
}

// FedAuthRequest is the FEDAUTH feature of LOGIN7.
type FedAuthRequest struct {
	Library byte
	Echo    bool
	// Token is the security token (SECURITYTOKEN library), decoded from UTF-16LE.
	Token string
}

// ParseFedAuth decodes a FEDAUTH FeatureExt entry.
func ParseFedAuth(data []byte) (FedAuthRequest, error) {
	c := NewCursor(data)
	opt := c.Byte()
	r := FedAuthRequest{Library: opt >> 1, Echo: opt&1 != 0}
	if r.Library == FedAuthLibrarySecurityToken {
		n := c.Uint32()
		if n > uint32(c.Remaining()) {
			return r, fmt.Errorf("tds: FEDAUTH token longer than the feature")
		}
		r.Token = DecodeUCS2(c.Bytes(int(n)))
	}
	return r, c.Err()
}
