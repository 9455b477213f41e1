package core

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// unlimitedLength is the length reported for MAX types (as the
// description of varchar(max) and friends expects).
const unlimitedLength = 2147483645

// describeColumns describes a result set's columns.
func describeColumns(cols []tds.Column) []rowenc.Column {
	out := make([]rowenc.Column, len(cols))
	for i := range cols {
		out[i] = rowenc.NewColumn(metaOf(&cols[i]))
	}
	return out
}

// metaOf is what the description needs of a column.
func metaOf(c *tds.Column) rowenc.Meta {
	t := &c.Type
	name := c.TypeName()
	switch {
	case name == "timestamp":
		name = "binary"
	case t.Type == tds.TypeUDT:
		name = "udt"
	case name == "json":
		name = "nvarchar"
	}
	m := rowenc.Meta{Name: c.Name, DatabaseType: strings.ToUpper(name), Nullable: c.Nullable()}
	switch n := t.Length(); {
	case n < 0:
		m.Length, m.HasLength = unlimitedLength, true
	case t.Type == tds.TypeText || t.Type == tds.TypeImage:
		m.Length, m.HasLength = int64(t.Size), true
	case t.Type == tds.TypeNText:
		m.Length, m.HasLength = int64(t.Size/2), true
	case n > 0:
		m.Length, m.HasLength = int64(n), true
	}
	switch t.Type {
	case tds.TypeDecimalN, tds.TypeNumericN, tds.TypeDecimal, tds.TypeNumeric:
		m.Precision, m.Scale, m.HasPrecision = int64(t.Precision), int64(t.Scale), true
		m.DatabaseType = "DECIMAL"
	case tds.TypeTimeN, tds.TypeDateTime2N, tds.TypeDateTimeOffset:
		m.Scale, m.HasPrecision = int64(t.Scale), true
	}
	return m
}
