package tds

// Name is SQL Server's name of the type, lower case ("int", "nvarchar",
// "datetime2", ...), with nullable wire types resolved by their size.
func (t *TypeInfo) Name() string {
	switch t.Type {
	case TypeIntN:
		switch t.Size {
		case 1:
			return "tinyint"
		case 2:
			return "smallint"
		case 8:
			return "bigint"
		}
	case TypeFltN:
		if t.Size == 4 {
			return "real"
		}
	case TypeMoneyN:
		if t.Size == 4 {
			return "smallmoney"
		}
	case TypeDateTimeN:
		if t.Size == 4 {
			return "smalldatetime"
		}
	}
	return typeNameOf(t.Type)
}

// Length is the declared length of a char, nchar or binary type, in
// characters for the char types and bytes otherwise; -1 for MAX types,
// 0 for types without a length.
func (t *TypeInfo) Length() int {
	switch t.Type {
	case TypeNVarChar, TypeNChar, TypeNText:
		if t.Size == SizeMax {
			return -1
		}
		return t.Size / 2
	case TypeBigVarChar, TypeBigChar, TypeVarChar, TypeChar, TypeText,
		TypeBigVarBinary, TypeBigBinary, TypeVarBinary, TypeBinary, TypeImage:
		return t.Size
	case TypeXML, TypeUDT, TypeJSON:
		return -1
	}
	return 0
}

// userTypeTimestamp is the UserType of timestamp (rowversion) columns.
const userTypeTimestamp = 0x50

// TypeName is the column's SQL Server type name; timestamp (rowversion)
// columns say so.
func (c *Column) TypeName() string {
	if c.UserType == userTypeTimestamp && c.Type.Type == TypeBigBinary {
		return "timestamp"
	}
	if c.Type.Type == TypeUDT && c.Type.UDT != nil && c.Type.UDT.Name != "" {
		return c.Type.UDT.Name
	}
	return c.Type.Name()
}
