package tds

import "encoding/binary"

// TDS versions (LOGIN7 TDSVersion and LOGINACK).
const (
	VersionTDS74 uint32 = 0x74000004
	VersionTDS80 uint32 = 0x08000000
)

// LoginAck is the LOGINACK token (MS-TDS 2.2.7.14).
type LoginAck struct {
	Interface   uint8
	TDSVersion  uint32
	ProgName    string
	ProgVersion uint32 // major<<24 | minor<<16 | build
}

// readLoginAck decodes a LOGINACK token after its type byte.
func readLoginAck(rd *reader) (LoginAck, error) {
	var a LoginAck
	length, err := rd.u16()
	if err != nil {
		return a, err
	}
	start := rd.off()
	b, err := rd.next(5)
	if err != nil {
		return a, err
	}
	a.Interface = b[0]
	a.TDSVersion = binary.BigEndian.Uint32(b[1:])
	if a.ProgName, err = rd.bVarChar(); err != nil {
		return a, err
	}
	v, err := rd.next(4)
	if err != nil {
		return a, err
	}
	a.ProgVersion = binary.BigEndian.Uint32(v)
	if rd.off()-start != int64(length) {
		return a, protocolErrorf("LOGINACK length %d, read %d", length, rd.off()-start)
	}
	return a, nil
}
