package tds

import (
	"encoding/binary"
	"os"
)

// LOGIN7 option flags (MS-TDS 2.2.6.4).
const (
	login7Flags1           = 0xE0 // USE_DB_ON, INIT_DB_FATAL, SET_LANG_ON
	login7Flags2           = 0x03 // INIT_LANG_FATAL, ODBC_ON
	login7IntegratedSecure = 0x80 // OptionFlags2: fIntSecurity
	login7ReadOnlyIntent   = 0x20 // TypeFlags
	login7Extension        = 0x10 // OptionFlags3: fExtension
	login7FixedSize        = 94
	clientInterfaceName    = "mssql-python-go"
)

// login7 is the content of a LOGIN7 message.
type login7 struct {
	tdsVersion           uint32
	packetSize           uint32
	hostName, user       string
	password             string
	appName, serverName  string
	language, database   string
	readOnly, integrated bool
	sspi                 []byte
	features             []byte // FeatureExt options, without the terminator
}

// field is one variable-length part of the message.
type login7Field struct {
	data  []byte
	units int // length in UTF-16 code units (bytes for SSPI)
}

func strField(s string) login7Field {
	return login7Field{data: appendUTF16LE(nil, s), units: utf16Len(s)}
}

// encode builds the LOGIN7 message.
func (l *login7) encode() []byte {
	pw := strField(l.password)
	obfuscate(pw.data)
	fields := []login7Field{strField(l.hostName), strField(l.user), pw, strField(l.appName),
		strField(l.serverName), {data: make([]byte, 4), units: 4}, strField(clientInterfaceName),
		strField(l.language), strField(l.database)}
	size := login7FixedSize
	for _, f := range fields {
		size += len(f.data)
	}
	sspiOffset := size
	size += len(l.sspi)
	featureOffset := size
	size += len(l.features) + 1
	binary.LittleEndian.PutUint32(fields[5].data, uint32(featureOffset))

	b := make([]byte, login7FixedSize, size)
	l.putFixed(b, size)
	offset := login7FixedSize
	for i, f := range fields {
		slot := 36 + 4*i // ibHostName ... ibDatabase, then ClientID at 72
		binary.LittleEndian.PutUint16(b[slot:], uint16(offset))
		binary.LittleEndian.PutUint16(b[slot+2:], uint16(f.units))
		b = append(b, f.data...)
		offset += len(f.data)
	}
	binary.LittleEndian.PutUint16(b[78:], uint16(sspiOffset))
	if len(l.sspi) < 0xFFFF {
		binary.LittleEndian.PutUint16(b[80:], uint16(len(l.sspi)))
	} else {
		binary.LittleEndian.PutUint16(b[80:], 0xFFFF)
		binary.LittleEndian.PutUint32(b[90:], uint32(len(l.sspi)))
	}
	binary.LittleEndian.PutUint16(b[82:], uint16(featureOffset)) // ibAtchDBFile: empty
	binary.LittleEndian.PutUint16(b[86:], uint16(featureOffset)) // ibChangePassword: empty
	b = append(b, l.sspi...)
	b = append(b, l.features...)
	return append(b, featureTerminator)
}

// putFixed writes the fixed part of the message.
func (l *login7) putFixed(b []byte, size int) {
	le := binary.LittleEndian
	le.PutUint32(b[0:], uint32(size))
	le.PutUint32(b[4:], l.tdsVersion)
	le.PutUint32(b[8:], l.packetSize)
	le.PutUint32(b[12:], 0x01000000) // client program version
	le.PutUint32(b[16:], uint32(os.Getpid()))
	b[24], b[25] = login7Flags1, login7Flags2
	if l.integrated {
		b[25] |= login7IntegratedSecure
	}
	if l.readOnly {
		b[26] = login7ReadOnlyIntent
	}
	b[27] = login7Extension
	le.PutUint32(b[32:], 0x0409) // ClientLCID
}

// obfuscate scrambles a UTF-16LE password as MS-TDS requires: each byte's
// nibbles are swapped, then XOR-ed with 0xA5.
func obfuscate(b []byte) {
	for i, c := range b {
		b[i] = (c<<4 | c>>4) ^ 0xA5
	}
}
