package core

import (
	"database/sql"
	"database/sql/driver"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-sql/civil"
	mssql "github.com/microsoft/go-mssqldb"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
)

// binding is one parameter ready for go-mssqldb: the RPC value, the
// declaration this driver writes for sp_executesql, and for an OUTPUT
// parameter where go-mssqldb stores its value.
type binding struct {
	name   string // without '@'
	value  any
	decl   string
	out    *any
	kind   rowenc.Kind
	scale  int32
	column *params.Column
}

// binder converts the rows of a parameter set. Each column's declaration
// depends on all rows (the widest value), so it is computed once.
type binder struct {
	set   *params.Set
	decls []string
}

func newBinder(set *params.Set) *binder {
	b := &binder{set: set, decls: make([]string, len(set.Columns))}
	for i := range set.Columns {
		c := &set.Columns[i]
		b.decls[i] = declOf(c, set.Rows)
		if c.Output {
			b.decls[i] += " OUTPUT"
		}
	}
	return b
}

// row converts row r of every column. names are the names of the
// positional columns, in order.
func (bd *binder) row(r int, names func(i int) string) []binding {
	out := make([]binding, len(bd.set.Columns))
	pos := 0
	for i := range bd.set.Columns {
		c := &bd.set.Columns[i]
		name := c.Name
		if name == "" {
			pos++
			name = names(pos)
		}
		out[i] = binding{name: name, decl: bd.decls[i], column: c, kind: outputKind(c.Type), scale: int32(c.Scale)}
		out[i].value = valueOf(c, r, c.IsNull(r))
		if c.Output {
			holder := out[i].value
			out[i].out = &holder
		}
	}
	return out
}

// valueOf is the RPC value of row r (a typed NULL when null).
func valueOf(c *params.Column, r int, null bool) any {
	switch c.Type {
	case params.Bit:
		return nullOr(null, sql.NullBool{}, func() any { return c.Bool(r) })
	case params.TinyInt, params.SmallInt, params.Int, params.BigInt:
		return intValue(c, r, null)
	case params.Real:
		return nullOr(null, sql.NullFloat64{}, func() any { return float32(c.Float(r)) })
	case params.Float:
		return nullOr(null, sql.NullFloat64{}, func() any { return c.Float(r) })
	case params.Decimal, params.Money, params.SmallMoney, params.VarChar, params.Char, params.Text, params.XML:
		return textValue(c, r, null)
	case params.NVarChar, params.NChar, params.NText:
		return nationalValue(c, r, null)
	case params.Binary, params.VarBinary, params.Image:
		return nullOr(null, []byte(nil), func() any { return c.Bytes(r) })
	}
	return temporalValue(c, r, null)
}

func temporalValue(c *params.Column, r int, null bool) any {
	switch c.Type {
	case params.Date:
		return nullOr(null, mssql.NullDate{}, func() any { return c.Date(r) })
	case params.Time:
		return nullOr(null, mssql.NullTime{}, func() any { return c.Time(r) })
	case params.DateTime2, params.DateTime, params.SmallDateTime:
		return nullOr(null, mssql.NullDateTime{}, func() any { return c.DateTime(r) })
	case params.DateTimeOffset:
		return nullOr(null, sql.NullTime{}, func() any { return dtoValue(c, r) })
	case params.UniqueIdentifier:
		// A NULL goes as varbinary: go-mssqldb v1.11.2 writes a NULL
		// NullUniqueIdentifier with 16 stray bytes after it, which breaks
		// the RPC stream. varbinary converts to uniqueidentifier.
		return nullOr(null, []byte(nil), func() any { return mssql.UniqueIdentifier(c.UUID(r)) })
	}
	return sql.NullString{} // params.Null: a NULL of unknown type
}

// declOf is the declaration of a column, sized from all its rows.
func declOf(c *params.Column, rows int) string {
	switch c.Type {
	case params.Null:
		return "varchar(1)"
	case params.Bit, params.Real, params.Float, params.Date, params.UniqueIdentifier:
		return strings.ToLower(c.Type.String())
	case params.TinyInt, params.SmallInt, params.Int, params.BigInt:
		return strings.ToLower(c.Type.String())
	case params.Decimal, params.Money, params.SmallMoney:
		return decimalDecl(c, rows)
	case params.VarChar, params.Char, params.Text, params.XML, params.NVarChar, params.NChar, params.NText:
		return textDecl(c, rows)
	case params.Binary, params.VarBinary, params.Image:
		return binaryDecl(c, rows)
	case params.Time:
		return "time(" + fsp(c) + ")"
	case params.DateTime2, params.DateTime, params.SmallDateTime:
		return dateTimeDecl(c)
	case params.DateTimeOffset:
		return "datetimeoffset(" + fsp(c) + ")"
	}
	return "varchar(1)"
}

func nullOr(null bool, typedNull any, value func() any) any {
	if null {
		return typedNull
	}
	return value()
}

func intValue(c *params.Column, r int, null bool) any {
	switch c.Type {
	case params.TinyInt:
		return nullOr(null, sql.NullByte{}, func() any { return uint8(c.Int(r)) })
	case params.SmallInt:
		return nullOr(null, sql.NullInt16{}, func() any { return int16(c.Int(r)) })
	case params.Int:
		return nullOr(null, sql.NullInt32{}, func() any { return int32(c.Int(r)) })
	}
	return nullOr(null, sql.NullInt64{}, func() any { return c.Int(r) })
}

// textValue sends text as nvarchar (UTF-16) whatever the declared type:
// the server converts it to the declared varchar's code page, as it does
// for ODBC's wide-character binding. (go-mssqldb's VarChar would send the
// UTF-8 bytes with no collation.)
func textValue(c *params.Column, r int, null bool) any {
	if null {
		return sql.NullString{}
	}
	return c.Text(r)
}

// nationalValue is textValue, except that text with lone surrogates
// (WTF-8) goes as its exact UTF-16 bytes, which the server converts to the
// declared nvarchar unchanged.
func nationalValue(c *params.Column, r int, null bool) any {
	if null {
		return sql.NullString{}
	}
	b := c.Bytes(r)
	if utf8.Valid(b) {
		return string(b)
	}
	return wtf8ToUTF16(b)
}

func dtoValue(c *params.Column, r int) any {
	dt := c.DateTime(r)
	off := c.OffsetMinutes(r) * 60
	t := time.Date(dt.Date.Year, dt.Date.Month, dt.Date.Day, dt.Time.Hour, dt.Time.Minute, dt.Time.Second,
		dt.Time.Nanosecond, time.FixedZone("", off))
	return mssql.DateTimeOffset(t)
}

// fsp is the fractional seconds precision to declare: the caller's, or 7.
func fsp(c *params.Column) string {
	if c.Scale == 0 && !c.Fixed {
		return "7"
	}
	return strconv.Itoa(int(c.Scale))
}

func dateTimeDecl(c *params.Column) string {
	switch c.Type {
	case params.DateTime:
		return "datetime"
	case params.SmallDateTime:
		return "smalldatetime"
	}
	return "datetime2(" + fsp(c) + ")"
}

// decimalDecl declares decimal(p,s) from the caller's precision and scale,
// or from the widest values; money keeps its own type.
func decimalDecl(c *params.Column, rows int) string {
	switch c.Type {
	case params.Money:
		return "money"
	case params.SmallMoney:
		return "smallmoney"
	}
	p, s := int(c.Precision), int(c.Scale)
	if p == 0 {
		p, s = decimalShape(c, rows)
	}
	return "decimal(" + strconv.Itoa(p) + "," + strconv.Itoa(s) + ")"
}

func decimalShape(c *params.Column, rows int) (int, int) {
	intMax, fracMax := 1, 0
	for r := 0; r < rows; r++ {
		if c.IsNull(r) {
			continue
		}
		i, f, _ := params.DecimalShape(c.Bytes(r))
		intMax, fracMax = max(intMax, i), max(fracMax, f)
	}
	if c.Output && fracMax == 0 && intMax == 1 {
		return params.MaxDecimalDigits, 10 // an OUTPUT with no value to size it
	}
	if intMax+fracMax > params.MaxDecimalDigits {
		fracMax = max(0, params.MaxDecimalDigits-intMax) // rows together need more: the server rounds
	}
	return intMax + fracMax, fracMax
}

// textDecl declares (n)varchar/(n)char with the caller's size or a size
// rounded up to the type's limit (one plan for all short values), MAX
// beyond it.
func textDecl(c *params.Column, rows int) string {
	base := map[params.Type]string{params.VarChar: "varchar", params.Char: "char", params.NVarChar: "nvarchar",
		params.NChar: "nchar", params.Text: "varchar", params.NText: "nvarchar", params.XML: "xml"}[c.Type]
	if c.Type == params.XML {
		return "xml"
	}
	limit := 8000
	if c.Type.IsNational() {
		limit = 4000
	}
	if c.Type == params.Text || c.Type == params.NText || c.Size == -1 {
		return base + "(max)"
	}
	n := int(c.Size)
	longest := longestText(c, rows)
	if n == 0 || (!c.Fixed && n < longest) {
		if longest > limit || (c.Output && n == 0) {
			return base + "(max)"
		}
		if c.Type == params.Char || c.Type == params.NChar {
			return base + "(" + strconv.Itoa(max(longest, 1)) + ")"
		}
		return base + "(" + strconv.Itoa(limit) + ")"
	}
	if n > limit {
		return base + "(max)"
	}
	return base + "(" + strconv.Itoa(n) + ")"
}

// longestText is the longest value in the declared type's units: UTF-16
// code units for national types, UTF-8 bytes (an upper bound of code-page
// bytes) otherwise.
func longestText(c *params.Column, rows int) int {
	m := 0
	for r := 0; r < rows; r++ {
		if c.IsNull(r) {
			continue
		}
		n := len(c.Bytes(r))
		if c.Type.IsNational() {
			n = utf16Len(c.Bytes(r))
		}
		m = max(m, n)
	}
	return m
}

func binaryDecl(c *params.Column, rows int) string {
	base := "varbinary"
	if c.Type == params.Binary {
		base = "binary"
	}
	if c.Type == params.Image || c.Size == -1 {
		return "varbinary(max)"
	}
	n, longest := int(c.Size), 0
	for r := 0; r < rows; r++ {
		if !c.IsNull(r) {
			longest = max(longest, len(c.Bytes(r)))
		}
	}
	if n == 0 || (!c.Fixed && n < longest) {
		if longest > 8000 || (c.Output && n == 0) {
			return "varbinary(max)"
		}
		if base == "binary" {
			return "binary(" + strconv.Itoa(max(longest, 1)) + ")"
		}
		return "varbinary(8000)"
	}
	if n > 8000 {
		return "varbinary(max)"
	}
	return base + "(" + strconv.Itoa(n) + ")"
}

// outputKind is how an OUTPUT value of a parameter type is described.
func outputKind(t params.Type) rowenc.Kind {
	switch t {
	case params.Bit:
		return rowenc.KindBit
	case params.TinyInt, params.SmallInt, params.Int, params.BigInt:
		return rowenc.KindInt
	case params.Real, params.Float:
		return rowenc.KindFloat
	case params.Decimal, params.Money, params.SmallMoney:
		return rowenc.KindDecimal
	case params.Binary, params.VarBinary, params.Image:
		return rowenc.KindBinary
	case params.Date:
		return rowenc.KindDate
	case params.Time:
		return rowenc.KindTime
	case params.DateTime, params.SmallDateTime, params.DateTime2:
		return rowenc.KindDateTime
	case params.DateTimeOffset:
		return rowenc.KindDateTimeOffset
	case params.UniqueIdentifier:
		return rowenc.KindGUID
	case params.Null:
		return rowenc.KindVariant
	}
	return rowenc.KindText
}

// namedValues turns bindings into go-mssqldb arguments: sql.Out for
// OUTPUT parameters (named, as go-mssqldb requires).
func namedValues(bs []binding, ordinal int) []driver.NamedValue {
	out := make([]driver.NamedValue, len(bs))
	for i, b := range bs {
		v := b.value
		if b.out != nil {
			v = sql.Out{Dest: b.out}
		}
		out[i] = driver.NamedValue{Name: b.name, Ordinal: ordinal + i + 1, Value: v}
	}
	return out
}

// declarations writes the @params argument of sp_executesql.
func declarations(bs []binding) string {
	var sb strings.Builder
	for i, b := range bs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('@')
		sb.WriteString(b.name)
		sb.WriteByte(' ')
		sb.WriteString(b.decl)
	}
	return sb.String()
}

var _ = civil.Date{}
var _ = sqltext.ParamName
