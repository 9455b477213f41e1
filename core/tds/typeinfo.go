package tds

// TDS data types (MS-TDS 2.2.5.4).
const (
	TypeNull           = 0x1F
	TypeInt1           = 0x30
	TypeBit            = 0x32
	TypeInt2           = 0x34
	TypeInt4           = 0x38
	TypeDateTim4       = 0x3A
	TypeFlt4           = 0x3B
	TypeMoney          = 0x3C
	TypeDateTime       = 0x3D
	TypeFlt8           = 0x3E
	TypeMoney4         = 0x7A
	TypeInt8           = 0x7F
	TypeGUID           = 0x24
	TypeIntN           = 0x26
	TypeDecimal        = 0x37
	TypeNumeric        = 0x3F
	TypeBitN           = 0x68
	TypeDecimalN       = 0x6A
	TypeNumericN       = 0x6C
	TypeFltN           = 0x6D
	TypeMoneyN         = 0x6E
	TypeDateTimeN      = 0x6F
	TypeDateN          = 0x28
	TypeTimeN          = 0x29
	TypeDateTime2N     = 0x2A
	TypeDateTimeOffset = 0x2B
	TypeChar           = 0x2F
	TypeVarChar        = 0x27
	TypeBinary         = 0x2D
	TypeVarBinary      = 0x25
	TypeBigVarBinary   = 0xA5
	TypeBigVarChar     = 0xA7
	TypeBigBinary      = 0xAD
	TypeBigChar        = 0xAF
	TypeNVarChar       = 0xE7
	TypeNChar          = 0xEF
	TypeXML            = 0xF1
	TypeUDT            = 0xF0
	TypeText           = 0x23
	TypeImage          = 0x22
	TypeNText          = 0x63
	TypeVariant        = 0x62
	TypeJSON           = 0xF4
	TypeVector         = 0xF5
)

// SizeMax is TypeInfo.Size of the MAX types, whose values are sent as
// partially length-prefixed (PLP) chunks.
const SizeMax = -1

// TypeInfo is a TYPE_INFO (MS-TDS 2.2.5.6): the type of a column, an
// output value or a parameter.
type TypeInfo struct {
	Type      byte
	Size      int // bytes: a fixed type's size, a variable type's maximum, or SizeMax
	Precision uint8
	Scale     uint8
	Collation Collation // char types
	XMLSchema *XMLSchema
	UDT       *UDTInfo
}

// XMLSchema names the schema collection of a typed xml column.
type XMLSchema struct {
	Database, Owner, Collection string
}

// UDTInfo describes a CLR user-defined type.
type UDTInfo struct {
	MaxSize                          int
	Database, Schema, Name, Assembly string
}

// IsMax reports whether values are sent as PLP chunks.
func (t *TypeInfo) IsMax() bool {
	return t.Size == SizeMax || t.Type == TypeXML || t.Type == TypeUDT || t.Type == TypeJSON
}

// readTypeInfo decodes a TYPE_INFO as the server sends it (COLMETADATA,
// RETURNVALUE).
func readTypeInfo(rd *reader) (TypeInfo, error) {
	var t TypeInfo
	var err error
	if t.Type, err = rd.byte(); err != nil {
		return t, err
	}
	c := codecOf(t.Type)
	if c == nil {
		return t, protocolErrorf("unknown data type %#x", t.Type)
	}
	t.Size = c.size
	if c.readInfo != nil {
		err = c.readInfo(rd, &t)
	}
	return t, err
}

// readByteLen reads the BYTELEN maximum size of a TYPE_INFO.
func readByteLen(rd *reader, t *TypeInfo) error {
	n, err := rd.byte()
	t.Size = int(n)
	return err
}

// readUShortLen reads the USHORTLEN maximum size; 0xFFFF means MAX.
func readUShortLen(rd *reader, t *TypeInfo) error {
	n, err := rd.u16()
	t.Size = int(n)
	if n == 0xFFFF {
		t.Size = SizeMax
	}
	return err
}

// readLongLen reads the LONGLEN maximum size.
func readLongLen(rd *reader, t *TypeInfo) error {
	n, err := rd.u32()
	t.Size = int(n & 0x7FFFFFFF)
	return err
}

// readScale reads the SCALE of time types.
func readScale(rd *reader, t *TypeInfo) error {
	s, err := rd.byte()
	if err == nil && s > 7 {
		err = protocolErrorf("time scale %d out of range", s)
	}
	t.Scale = s
	return err
}

// appendTypeInfo encodes a TYPE_INFO as a client sends it (RPC
// parameters, bulk load metadata).
func appendTypeInfo(dst []byte, t *TypeInfo) ([]byte, error) {
	c := codecOf(t.Type)
	if c == nil || c.writeInfo == nil {
		return dst, &NotSupportedError{Feature: "sending data type " + typeNameOf(t.Type)}
	}
	dst = append(dst, t.Type)
	return c.writeInfo(dst, t), nil
}
