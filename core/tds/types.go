package tds

// Constructors of the TypeInfos parameters are sent with: the nullable
// wire types, which carry NULL as well as values.

// IntN is tinyint (1), smallint (2), int (4) or bigint (8).
func IntN(size int) TypeInfo { return TypeInfo{Type: TypeIntN, Size: size} }

// BitN is bit.
func BitN() TypeInfo { return TypeInfo{Type: TypeBitN, Size: 1} }

// FltN is real (4) or float (8).
func FltN(size int) TypeInfo { return TypeInfo{Type: TypeFltN, Size: size} }

// DecimalN is decimal(precision, scale).
func DecimalN(precision, scale uint8) TypeInfo {
	return TypeInfo{Type: TypeDecimalN, Size: decimalSize(precision), Precision: precision, Scale: scale}
}

// MoneyN is smallmoney (4) or money (8).
func MoneyN(size int) TypeInfo { return TypeInfo{Type: TypeMoneyN, Size: size} }

// DateTimeN is smalldatetime (4) or datetime (8).
func DateTimeN(size int) TypeInfo { return TypeInfo{Type: TypeDateTimeN, Size: size} }

// DateN is date.
func DateN() TypeInfo { return TypeInfo{Type: TypeDateN, Size: 3} }

// TimeN is time(scale).
func TimeN(scale uint8) TypeInfo { return TypeInfo{Type: TypeTimeN, Scale: scale} }

// DateTime2N is datetime2(scale).
func DateTime2N(scale uint8) TypeInfo { return TypeInfo{Type: TypeDateTime2N, Scale: scale} }

// DateTimeOffsetN is datetimeoffset(scale).
func DateTimeOffsetN(scale uint8) TypeInfo { return TypeInfo{Type: TypeDateTimeOffset, Scale: scale} }

// GUIDType is uniqueidentifier.
func GUIDType() TypeInfo { return TypeInfo{Type: TypeGUID, Size: 16} }

// NVarChar is nvarchar(chars), nvarchar(max) for chars < 0 or > 4000.
func NVarChar(chars int) TypeInfo {
	return TypeInfo{Type: TypeNVarChar, Size: sized(chars, 4000, 2)}
}

// NChar is nchar(chars).
func NChar(chars int) TypeInfo { return TypeInfo{Type: TypeNChar, Size: 2 * chars} }

// VarChar is varchar(n) in a collation, varchar(max) for n < 0 or > 8000.
func VarChar(n int, c Collation) TypeInfo {
	return TypeInfo{Type: TypeBigVarChar, Size: sized(n, 8000, 1), Collation: c}
}

// Char is char(n) in a collation.
func Char(n int, c Collation) TypeInfo { return TypeInfo{Type: TypeBigChar, Size: n, Collation: c} }

// VarBinary is varbinary(n), varbinary(max) for n < 0 or > 8000.
func VarBinary(n int) TypeInfo { return TypeInfo{Type: TypeBigVarBinary, Size: sized(n, 8000, 1)} }

// Binary is binary(n).
func Binary(n int) TypeInfo { return TypeInfo{Type: TypeBigBinary, Size: n} }

// XMLType is untyped xml.
func XMLType() TypeInfo { return TypeInfo{Type: TypeXML, Size: SizeMax} }

func sized(n, limit, unit int) int {
	if n < 0 || n > limit {
		return SizeMax
	}
	return n * unit
}
