// Package sqltype describes SQL Server data types and the Go values that carry
// them between the test server's T-SQL back end and its TDS front end.
//
// Canonical Go values, by Kind (nil is NULL for every kind):
//
//	TinyInt, SmallInt, Int, BigInt          int64
//	Bit                                     bool
//	Decimal, Numeric, Money, SmallMoney     string, exact plain decimal text ("-12.3400")
//	Real, Float                             float64
//	Char, VarChar, Text, NChar, NVarChar,
//	NText, Xml                              string (UTF-8)
//	Binary, VarBinary, Image                []byte
//	Date, Time, DateTime, SmallDateTime,
//	DateTime2                               time.Time (wall clock, location UTC)
//	DateTimeOffset                          time.Time (wall clock in a time.FixedZone)
//	UniqueIdentifier                        [16]byte in RFC 4122 order
//	SQLVariant                              Variant
//
// The back end converts its values to these before handing them to the front
// end, which only encodes them.
package sqltype

import (
	"fmt"
	"strings"
)

// Kind is a SQL Server base type.
type Kind uint8

// The SQL Server types the test server supports.
const (
	Invalid Kind = iota
	TinyInt
	SmallInt
	Int
	BigInt
	Bit
	Decimal
	Numeric
	Money
	SmallMoney
	Real
	Float
	Char
	VarChar
	Text
	NChar
	NVarChar
	NText
	Binary
	VarBinary
	Image
	Date
	Time
	DateTime
	SmallDateTime
	DateTime2
	DateTimeOffset
	UniqueIdentifier
	Xml
	SQLVariant
)

var kindNames = [...]string{
	Invalid: "invalid", TinyInt: "tinyint", SmallInt: "smallint", Int: "int", BigInt: "bigint",
	Bit: "bit", Decimal: "decimal", Numeric: "numeric", Money: "money", SmallMoney: "smallmoney",
	Real: "real", Float: "float", Char: "char", VarChar: "varchar", Text: "text", NChar: "nchar",
	NVarChar: "nvarchar", NText: "ntext", Binary: "binary", VarBinary: "varbinary", Image: "image",
	Date: "date", Time: "time", DateTime: "datetime", SmallDateTime: "smalldatetime",
	DateTime2: "datetime2", DateTimeOffset: "datetimeoffset", UniqueIdentifier: "uniqueidentifier",
	Xml: "xml", SQLVariant: "sql_variant",
}

// String returns SQL Server's lower-case name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// KindByName finds a kind by its SQL Server name, case-insensitively.
func KindByName(name string) (Kind, bool) {
	name = strings.ToLower(name)
	for k, n := range kindNames {
		if n == name && k != int(Invalid) {
			return Kind(k), true
		}
	}
	return Invalid, false
}

// Max is the Length of a (n)varchar(max) or varbinary(max) type.
const Max = -1

// Type is a full SQL Server type: a kind with its length, precision and scale.
type Type struct {
	Kind Kind
	// Length is characters for char/varchar/nchar/nvarchar, bytes for
	// binary/varbinary, or Max. Unused by other kinds.
	Length int
	// Precision and Scale apply to decimal/numeric; Scale is also the
	// fractional-second digits (0-7) of time, datetime2 and datetimeoffset.
	Precision, Scale uint8
}

// String renders the type as T-SQL would declare it, e.g. "nvarchar(max)".
func (t Type) String() string {
	switch t.Kind {
	case Char, VarChar, NChar, NVarChar, Binary, VarBinary:
		if t.Length == Max {
			return t.Kind.String() + "(max)"
		}
		return fmt.Sprintf("%s(%d)", t.Kind, t.Length)
	case Decimal, Numeric:
		return fmt.Sprintf("%s(%d,%d)", t.Kind, t.Precision, t.Scale)
	case Time, DateTime2, DateTimeOffset:
		return fmt.Sprintf("%s(%d)", t.Kind, t.Scale)
	}
	return t.Kind.String()
}

// IsMax reports whether the type is a (max) type sent as PLP.
func (t Type) IsMax() bool {
	switch t.Kind {
	case VarChar, NVarChar, VarBinary:
		return t.Length == Max
	case Xml:
		return true
	}
	return false
}

// Column describes one column of a result set or table.
type Column struct {
	Name     string
	Type     Type
	Nullable bool
	Identity bool
	// Collation is the 5-byte TDS collation of a char column; nil means the
	// server default.
	Collation []byte
	// Table is the table a text, ntext or image column comes from, as
	// "schema.table" (COLMETADATA names it for these types); empty for an
	// expression. Unused by other types.
	Table string
}

// Variant is a sql_variant value: the base type and its canonical value.
type Variant struct {
	Type  Type
	Value any
}
