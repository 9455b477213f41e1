package tds

import "encoding/binary"

// Login7Request is what a client puts in LOGIN7; AppendLogin7 encodes it.
// The server never sends LOGIN7: this encoder exists for tests and fuzz seeds.
type Login7Request struct {
	TDSVersion                                                            uint32
	PacketSize                                                            uint32
	TypeFlags                                                             byte
	HostName, UserName, Password, AppName, ServerName, Language, Database string
	Features                                                              []Feature
}

// AppendLogin7 encodes a LOGIN7 message as a TDS 7.4 client does.
func AppendLogin7(dst []byte, r Login7Request) []byte {
	type field struct {
		data  []byte
		chars bool
	}
	ucs := func(s string) field { return field{AppendUCS2(nil, s), true} }
	pw := ucs(r.Password)
	pw.data = Obfuscate(pw.data)
	var ext []byte
	opt3 := byte(0)
	if len(r.Features) > 0 {
		opt3 = optionFlags3Extension
		ext = make([]byte, 4) // offset of the FeatureExt block, patched below
	}
	fields := []field{ucs(r.HostName), ucs(r.UserName), pw, ucs(r.AppName), ucs(r.ServerName),
		{ext, false}, ucs(""), ucs(r.Language), ucs(r.Database)}
	fixed := make([]byte, 0, login7FixedSize)
	fixed = binary.LittleEndian.AppendUint32(fixed, 0) // length, patched
	fixed = binary.LittleEndian.AppendUint32(fixed, r.TDSVersion)
	fixed = binary.LittleEndian.AppendUint32(fixed, r.PacketSize)
	fixed = append(fixed, make([]byte, 12)...) // prog version, PID, connection id
	fixed = append(fixed, 0xE0, 0x03, r.TypeFlags, opt3)
	fixed = append(fixed, make([]byte, 8)...) // time zone, LCID
	var data []byte
	off, extPos := login7FixedSize, 0
	for i, f := range fields {
		if i == 5 {
			extPos = len(data)
		}
		n := len(f.data)
		if f.chars {
			n /= 2
		}
		fixed = binary.LittleEndian.AppendUint16(fixed, uint16(off+len(data)))
		fixed = binary.LittleEndian.AppendUint16(fixed, uint16(n))
		data = append(data, f.data...)
		if i == 8 {
			fixed = append(fixed, make([]byte, 6)...) // ClientID
		}
	}
	fixed = binary.LittleEndian.AppendUint16(fixed, uint16(off+len(data))) // SSPI
	fixed = binary.LittleEndian.AppendUint16(fixed, 0)
	fixed = binary.LittleEndian.AppendUint16(fixed, uint16(off+len(data))) // AtchDBFile
	fixed = binary.LittleEndian.AppendUint16(fixed, 0)
	fixed = binary.LittleEndian.AppendUint16(fixed, uint16(off+len(data))) // ChangePassword
	fixed = binary.LittleEndian.AppendUint16(fixed, 0)
	fixed = binary.LittleEndian.AppendUint32(fixed, 0) // cbSSPILong
	if ext != nil {
		binary.LittleEndian.PutUint32(data[extPos:], uint32(off+len(data)))
		for _, f := range r.Features {
			data = append(data, f.ID)
			data = binary.LittleEndian.AppendUint32(data, uint32(len(f.Data)))
			data = append(data, f.Data...)
		}
		data = append(data, featureTerminator)
	}
	msg := append(fixed, data...)
	binary.LittleEndian.PutUint32(msg, uint32(len(msg)))
	return append(dst, msg...)
}
