package tds

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// Column flags in COLMETADATA and RETURNVALUE (MS-TDS 2.2.7.4).
const (
	colNullable = 0x0001
	colIdentity = 0x0010
)

// Column is one column of a result set as it goes on the wire.
type Column struct {
	Name     string
	Info     TypeInfo
	Nullable bool
	Identity bool
	Table    string // owning table of a text, ntext or image column
}

// NewColumns chooses the wire types for a result set's columns.
func NewColumns(cols []sqltype.Column) ([]Column, error) {
	out := make([]Column, len(cols))
	for i, c := range cols {
		ti, err := ForType(c.Type, c.Nullable, c.Collation)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", c.Name, err)
		}
		out[i] = Column{Name: c.Name, Info: ti, Nullable: c.Nullable, Identity: c.Identity, Table: c.Table}
	}
	return out, nil
}

func (c *Column) flags() uint16 {
	var f uint16
	if c.Nullable {
		f |= colNullable
	}
	if c.Identity {
		f |= colIdentity
	}
	return f
}

// AppendColMetadata encodes COLMETADATA.
func AppendColMetadata(dst []byte, cols []Column) []byte {
	dst = append(dst, TokenColMetadata)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(len(cols)))
	for i := range cols {
		c := &cols[i]
		dst = binary.LittleEndian.AppendUint32(dst, 0) // UserType
		dst = binary.LittleEndian.AppendUint16(dst, c.flags())
		dst = AppendTypeInfo(dst, &c.Info)
		if framingOf(c.Info.ID, c.Info.Size) == frameText {
			dst = appendTableName(dst, c.Table)
		}
		dst = appendBVarChar(dst, c.Name)
	}
	return dst
}

// AppendRow encodes one row: NBCROW when any value is NULL (as SQL Server
// does), ROW otherwise. On error dst is returned unchanged.
func AppendRow(dst []byte, cols []Column, values []any) ([]byte, error) {
	if len(values) != len(cols) {
		return dst, fmt.Errorf("row has %d values for %d columns", len(values), len(cols))
	}
	start := len(dst)
	dst = appendRowToken(dst, values)
	for i, v := range values {
		if isNull(v) {
			continue
		}
		var err error
		if dst, err = AppendValue(dst, &cols[i].Info, v, RowMode); err != nil {
			return dst[:start], fmt.Errorf("column %q: %w", cols[i].Name, err)
		}
	}
	return dst, nil
}

// appendRowToken writes ROW, or NBCROW and its NULL bitmap.
func appendRowToken(dst []byte, values []any) []byte {
	at := -1
	for i, v := range values {
		if !isNull(v) {
			continue
		}
		if at < 0 {
			dst = append(dst, TokenNBCRow)
			at = len(dst)
			for range (len(values) + 7) / 8 {
				dst = append(dst, 0)
			}
		}
		dst[at+i/8] |= 1 << (i % 8)
	}
	if at < 0 {
		dst = append(dst, TokenRow)
	}
	return dst
}

// ReturnValue is the content of a RETURNVALUE token.
type ReturnValue struct {
	Ordinal uint16
	Name    string
	Info    TypeInfo
	Value   any
}

// AppendReturnValue encodes RETURNVALUE for an OUTPUT parameter.
func AppendReturnValue(dst []byte, rv ReturnValue) ([]byte, error) {
	start := len(dst)
	ti := rv.Info.Nullable()
	dst = append(dst, TokenReturnValue)
	dst = binary.LittleEndian.AppendUint16(dst, rv.Ordinal)
	dst = appendBVarChar(dst, rv.Name)
	dst = append(dst, 0x01)                        // Status: output parameter
	dst = binary.LittleEndian.AppendUint32(dst, 0) // UserType
	dst = binary.LittleEndian.AppendUint16(dst, colNullable)
	dst = AppendTypeInfo(dst, &ti)
	dst, err := AppendValue(dst, &ti, rv.Value, ParamMode)
	if err != nil {
		return dst[:start], fmt.Errorf("output parameter %s: %w", rv.Name, err)
	}
	return dst, nil
}

// isNull reports a NULL value: nil, or a sql_variant holding nil.
func isNull(v any) bool {
	if vv, ok := v.(sqltype.Variant); ok {
		return vv.Value == nil
	}
	return v == nil
}

// appendTableName writes the TableName of a text, ntext or image column:
// its parts, or one empty part when the column has no table (clients such
// as mssql-jdbc reject a name of no parts).
func appendTableName(dst []byte, table string) []byte {
	parts := strings.Split(table, ".")
	dst = append(dst, byte(len(parts)))
	for _, p := range parts {
		dst = appendUSVarChar(dst, p)
	}
	return dst
}
