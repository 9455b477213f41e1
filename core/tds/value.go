package tds

import "errors"

// Value is a parameter or bulk-load value. Which field is used depends
// on the TypeInfo it is sent with: Int for integers and bit (0 or 1),
// Float, Decimal (decimal, numeric, money), Time (date and time types),
// GUID (uniqueidentifier, in wire order), Bytes (binary types; char data
// already in the column's code page; nchar data as UTF-16LE) or String
// (text, converted to UTF-16LE or to the collation's code page when Bytes
// is nil).
type Value struct {
	Null    bool
	Int     int64
	Float   float64
	Decimal Decimal
	Time    DateTime
	GUID    [16]byte
	Bytes   []byte
	String  string
}

// errNullInFixed is returned for a NULL sent with a fixed-length type,
// which cannot carry one.
var errNullInFixed = errors.New("tds: a NULL value needs a nullable type (IntN, FltN, ...)")

// ValueError reports a parameter value that its declared type cannot
// carry.
type ValueError struct {
	Msg string
}

func (e *ValueError) Error() string { return "tds: " + e.Msg }
