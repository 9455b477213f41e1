package params

// Type is a parameter type code (PT_* in docs/formats.md).
type Type uint8

// Parameter type codes.
const (
	Null Type = iota
	Bit
	TinyInt
	SmallInt
	Int
	BigInt
	Real
	Float
	Decimal
	Money
	SmallMoney
	VarChar
	NVarChar
	Binary
	VarBinary
	Date
	Time
	DateTime
	SmallDateTime
	DateTime2
	DateTimeOffset
	UniqueIdentifier
	XML
	Char
	NChar
	Text
	NText
	Image
	numTypes
)

var typeNames = [numTypes]string{
	"NULL", "BIT", "TINYINT", "SMALLINT", "INT", "BIGINT", "REAL", "FLOAT",
	"DECIMAL", "MONEY", "SMALLMONEY", "VARCHAR", "NVARCHAR", "BINARY",
	"VARBINARY", "DATE", "TIME", "DATETIME", "SMALLDATETIME", "DATETIME2",
	"DATETIMEOFFSET", "UNIQUEIDENTIFIER", "XML", "CHAR", "NCHAR", "TEXT",
	"NTEXT", "IMAGE",
}

func (t Type) String() string {
	if t < numTypes {
		return typeNames[t]
	}
	return "unknown"
}

// Valid reports whether t is a known type code.
func (t Type) Valid() bool { return t < numTypes }

// slotWidth is the width of a fixed-size slot, or -1 for the variable
// layout.
func (t Type) slotWidth() int {
	switch t {
	case Null:
		return 0
	case Bit:
		return 1
	case TinyInt, SmallInt, Int, BigInt, Real, Float:
		return 8
	case Date:
		return 4
	case Time:
		return 8
	case DateTime, SmallDateTime, DateTime2:
		return 12
	case DateTimeOffset:
		return 14
	case UniqueIdentifier:
		return 16
	}
	return -1
}

// IsVariable reports whether values of t use the variable layout.
func (t Type) IsVariable() bool { return t.slotWidth() < 0 }

// IsText reports whether t carries text (UTF-8, or WTF-8 for the
// national types).
func (t Type) IsText() bool {
	switch t {
	case VarChar, NVarChar, XML, Char, NChar, Text, NText:
		return true
	}
	return false
}

// IsNational reports whether t is a UTF-16 type on the server, whose text
// may carry lone surrogates (WTF-8).
func (t Type) IsNational() bool {
	return t == NVarChar || t == NChar || t == NText
}

// IsDecimalText reports whether values of t are exact decimal text.
func (t Type) IsDecimalText() bool {
	return t == Decimal || t == Money || t == SmallMoney
}
