package tds

// Column flags (COLMETADATA, MS-TDS 2.2.7.4).
const (
	colNullable  = 0x0001
	colIdentity  = 0x0010
	colComputed  = 0x0020
	colEncrypted = 0x0800
)

// Column describes one column of a result set.
type Column struct {
	Name     string
	UserType uint32
	Flags    uint16
	Type     TypeInfo
	Table    []string // the base table of text, ntext and image columns

	decode decodeFunc // chosen once, when the metadata arrives
	cp     *codePage  // char types: the collation's code page
}

// Nullable reports whether the column may hold NULL.
func (c *Column) Nullable() bool { return c.Flags&colNullable != 0 }

// Identity reports an identity column.
func (c *Column) Identity() bool { return c.Flags&colIdentity != 0 }

// plan chooses the column's decoder.
func (c *Column) plan() {
	c.decode = codecOf(c.Type.Type).plan(&c.Type)
	switch c.Type.Type {
	case TypeBigVarChar, TypeBigChar, TypeVarChar, TypeChar, TypeText:
		c.cp = codePageOf(c.Type.Collation.CodePage())
	}
}

// readColMetadata decodes a COLMETADATA token after its type byte. A
// count of 0xFFFF (no metadata) gives no columns.
func readColMetadata(rd *reader) ([]Column, error) {
	n, err := rd.u16()
	if err != nil || n == 0xFFFF {
		return nil, err
	}
	cols := make([]Column, n)
	for i := range cols {
		if err := readColumn(rd, &cols[i]); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

func readColumn(rd *reader, c *Column) error {
	b, err := rd.next(6)
	if err != nil {
		return err
	}
	c.UserType, c.Flags = le32(b), uint16(b[4])|uint16(b[5])<<8
	if c.Flags&colEncrypted != 0 {
		return protocolErrorf("an encrypted column, but column encryption was not negotiated")
	}
	if c.Type, err = readTypeInfo(rd); err != nil {
		return err
	}
	switch c.Type.Type {
	case TypeText, TypeNText, TypeImage:
		if c.Table, err = readTableName(rd); err != nil {
			return err
		}
	}
	if c.Name, err = rd.bVarChar(); err != nil {
		return err
	}
	c.plan()
	return nil
}

func readTableName(rd *reader) ([]string, error) {
	n, err := rd.byte()
	if err != nil {
		return nil, err
	}
	parts := make([]string, n)
	for i := range parts {
		if parts[i], err = rd.usVarChar(); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// appendColMetadata encodes COLMETADATA as bulk load sends it.
func appendColMetadata(dst []byte, cols []Column) ([]byte, error) {
	dst = append(dst, tokColMetadata, byte(len(cols)), byte(len(cols)>>8))
	var err error
	for i := range cols {
		c := &cols[i]
		dst = append(dst, byte(c.UserType), byte(c.UserType>>8), byte(c.UserType>>16), byte(c.UserType>>24),
			byte(c.Flags), byte(c.Flags>>8))
		if dst, err = appendTypeInfo(dst, &c.Type); err != nil {
			return nil, err
		}
		switch c.Type.Type {
		case TypeText, TypeNText, TypeImage:
			dst = append(dst, 0) // no table name parts
		}
		dst = appendBVarChar(dst, c.Name)
	}
	return dst, nil
}
