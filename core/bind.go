package core

import (
	"strconv"
	"strings"
	"time"

	"github.com/golang-sql/civil"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// binding is one parameter ready for the wire: its TYPE_INFO and value,
// the declaration this driver writes for sp_executesql, and for an OUTPUT
// parameter how its value is described.
type binding struct {
	name   string // without '@'
	ti     tds.TypeInfo
	value  tds.Value
	decl   string
	out    bool
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
		out[i] = binding{name: name, decl: bd.decls[i], column: c, kind: outputKind(c.Type), scale: int32(c.Scale), out: c.Output}
		out[i].ti, out[i].value = valueOf(c, r, c.IsNull(r), bd.decls[i])
	}
	return out
}

// valueOf is the TYPE_INFO and value of row r (a typed NULL when null).
// Numbers and binary data go in their own types; text goes as nvarchar
// (the server converts it to a declared varchar's code page, as for
// ODBC's wide-character binding); date and time values go with 7
// fractional digits, and the server rounds them to the declared type.
func valueOf(c *params.Column, r int, null bool, decl string) (tds.TypeInfo, tds.Value) {
	v := tds.Value{Null: null}
	switch c.Type {
	case params.Bit:
		if !null && c.Bool(r) {
			v.Int = 1
		}
		return tds.BitN(), v
	case params.TinyInt, params.SmallInt, params.Int, params.BigInt:
		if !null {
			v.Int = c.Int(r)
		}
		return tds.IntN(intSize(c.Type)), v
	case params.Real, params.Float:
		if !null {
			v.Float = c.Float(r)
		}
		if c.Type == params.Real {
			return tds.FltN(4), v
		}
		return tds.FltN(8), v
	case params.Decimal, params.Money, params.SmallMoney:
		return decimalValue(c, r, v, decl)
	case params.Binary, params.VarBinary, params.Image:
		if !null {
			v.Bytes = c.Bytes(r)
		}
		return tds.VarBinary(sizeOrMax(len(v.Bytes), 8000)), v
	}
	if c.Type.IsText() || c.Type == params.Null {
		return textValue(c, r, v)
	}
	return temporalValue(c, r, v)
}

func intSize(t params.Type) int {
	switch t {
	case params.TinyInt:
		return 1
	case params.SmallInt:
		return 2
	case params.Int:
		return 4
	}
	return 8
}

func sizeOrMax(n, limit int) int {
	if n > limit {
		return -1
	}
	return limit
}

// decimalValue sends decimal(p,s), money or smallmoney as itself.
func decimalValue(c *params.Column, r int, v tds.Value, decl string) (tds.TypeInfo, tds.Value) {
	var ti tds.TypeInfo
	switch c.Type {
	case params.Money:
		ti = tds.MoneyN(8)
	case params.SmallMoney:
		ti = tds.MoneyN(4)
	default:
		p, s := declaredPrecision(decl)
		ti = tds.DecimalN(p, s)
	}
	if !v.Null {
		v.Decimal, _ = tds.ParseDecimal(string(c.Bytes(r))) // the buffer was validated
	}
	return ti, v
}

// declaredPrecision reads p and s back from "decimal(p,s)".
func declaredPrecision(decl string) (uint8, uint8) {
	var p, s int
	if i := strings.IndexByte(decl, '('); i >= 0 {
		inner := decl[i+1:]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			inner = inner[:j]
		}
		ps := strings.SplitN(inner, ",", 2)
		p, _ = strconv.Atoi(ps[0])
		if len(ps) == 2 {
			s, _ = strconv.Atoi(ps[1])
		}
	}
	if p <= 0 || p > params.MaxDecimalDigits {
		p, s = params.MaxDecimalDigits, min(s, params.MaxDecimalDigits)
	}
	return uint8(p), uint8(s)
}

// textValue sends text as nvarchar, WTF-8 (lone surrogates) included.
func textValue(c *params.Column, r int, v tds.Value) (tds.TypeInfo, tds.Value) {
	if v.Null || c.Type == params.Null {
		v.Null = true
		return tds.NVarChar(4000), v
	}
	b := c.Bytes(r)
	v.String = string(b)
	return tds.NVarChar(sizeOrMax(utf16Len(b), 4000)), v
}

func temporalValue(c *params.Column, r int, v tds.Value) (tds.TypeInfo, tds.Value) {
	switch c.Type {
	case params.Date:
		if !v.Null {
			d := c.Date(r)
			v.Time = tds.DateTimeOf(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), tds.KindDate)
		}
		return tds.DateN(), v
	case params.Time:
		if !v.Null {
			t := c.Time(r)
			v.Time = tds.DateTimeOf(time.Date(1, 1, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, time.UTC), tds.KindTime)
		}
		return tds.TimeN(7), v
	case params.DateTime2, params.DateTime, params.SmallDateTime:
		if !v.Null {
			v.Time = tds.DateTimeOf(civilTime(c.DateTime(r), time.UTC), tds.KindDateTime)
		}
		return tds.DateTime2N(7), v
	case params.DateTimeOffset:
		if !v.Null {
			v.Time = tds.DateTimeOf(civilTime(c.DateTime(r), time.FixedZone("", c.OffsetMinutes(r)*60)), tds.KindDateTimeOffset)
		}
		return tds.DateTimeOffsetN(7), v
	case params.UniqueIdentifier:
		if !v.Null {
			v.GUID = guidToWire(c.UUID(r))
		}
		return tds.GUIDType(), v
	}
	v.Null = true
	return tds.NVarChar(4000), v
}

func civilTime(dt civil.DateTime, loc *time.Location) time.Time {
	return time.Date(dt.Date.Year, dt.Date.Month, dt.Date.Day, dt.Time.Hour, dt.Time.Minute, dt.Time.Second,
		dt.Time.Nanosecond, loc)
}

// guidToWire converts RFC 4122 order to SQL Server's wire order (first
// three groups little-endian).
func guidToWire(u [16]byte) [16]byte {
	var w [16]byte
	w[0], w[1], w[2], w[3] = u[3], u[2], u[1], u[0]
	w[4], w[5] = u[5], u[4]
	w[6], w[7] = u[7], u[6]
	copy(w[8:], u[8:])
	return w
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
