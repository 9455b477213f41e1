package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// xtype is the SQL Server type of an expression with its nullability.
type xtype struct {
	sqltype.Type
	Nullable bool
}

func mk(k sqltype.Kind) sqltype.Type { return sqltype.Type{Kind: k} }

func strType(k sqltype.Kind, n int) sqltype.Type { return sqltype.Type{Kind: k, Length: n} }

func decType(p, s int) sqltype.Type {
	return sqltype.Type{Kind: sqltype.Decimal, Precision: uint8(p), Scale: uint8(s)}
}

func numType(p, s int) sqltype.Type {
	return sqltype.Type{Kind: sqltype.Numeric, Precision: uint8(p), Scale: uint8(s)}
}

func scaled(k sqltype.Kind, s int) sqltype.Type { return sqltype.Type{Kind: k, Scale: uint8(s)} }

var (
	typInt      = mk(sqltype.Int)
	typBigInt   = mk(sqltype.BigInt)
	typSmallInt = mk(sqltype.SmallInt)
	typBit      = mk(sqltype.Bit)
	typFloat    = mk(sqltype.Float)
	typDateTime = mk(sqltype.DateTime)
	typSysname  = strType(sqltype.NVarChar, 128)
	typGUID     = mk(sqltype.UniqueIdentifier)
)

// precedence orders types for implicit conversion: the higher wins.
var precedence = map[sqltype.Kind]int{
	sqltype.SQLVariant: 30, sqltype.Xml: 29, sqltype.DateTimeOffset: 28, sqltype.DateTime2: 27,
	sqltype.DateTime: 26, sqltype.SmallDateTime: 25, sqltype.Date: 24, sqltype.Time: 23, sqltype.Float: 22,
	sqltype.Real: 21, sqltype.Decimal: 20, sqltype.Numeric: 20, sqltype.Money: 19, sqltype.SmallMoney: 18,
	sqltype.BigInt: 17, sqltype.Int: 16, sqltype.SmallInt: 15, sqltype.TinyInt: 14, sqltype.Bit: 13,
	sqltype.NText: 12, sqltype.Text: 11, sqltype.Image: 10, sqltype.UniqueIdentifier: 8,
	sqltype.NVarChar: 7, sqltype.NChar: 6, sqltype.VarChar: 5, sqltype.Char: 4, sqltype.VarBinary: 3,
	sqltype.Binary: 2,
}

func isIntKind(k sqltype.Kind) bool {
	return k == sqltype.TinyInt || k == sqltype.SmallInt || k == sqltype.Int || k == sqltype.BigInt
}

func isExactNumeric(k sqltype.Kind) bool {
	return isIntKind(k) || k == sqltype.Bit || isDecimalKind(k)
}

func isDecimalKind(k sqltype.Kind) bool {
	return k == sqltype.Decimal || k == sqltype.Numeric || k == sqltype.Money || k == sqltype.SmallMoney
}

func isFloatKind(k sqltype.Kind) bool { return k == sqltype.Float || k == sqltype.Real }

func isNumericKind(k sqltype.Kind) bool { return isExactNumeric(k) || isFloatKind(k) }

func isStringKind(k sqltype.Kind) bool {
	switch k {
	case sqltype.Char, sqltype.VarChar, sqltype.Text, sqltype.NChar, sqltype.NVarChar, sqltype.NText:
		return true
	}
	return false
}

func isUnicodeKind(k sqltype.Kind) bool {
	return k == sqltype.NChar || k == sqltype.NVarChar || k == sqltype.NText
}

func isBinaryKind(k sqltype.Kind) bool {
	return k == sqltype.Binary || k == sqltype.VarBinary || k == sqltype.Image
}

func isDateTimeKind(k sqltype.Kind) bool {
	switch k {
	case sqltype.Date, sqltype.Time, sqltype.DateTime, sqltype.SmallDateTime, sqltype.DateTime2, sqltype.DateTimeOffset:
		return true
	}
	return false
}

// decPS gives the decimal precision and scale an exact numeric converts to.
func decPS(t sqltype.Type) (int, int) {
	switch t.Kind {
	case sqltype.Bit:
		return 1, 0
	case sqltype.TinyInt:
		return 3, 0
	case sqltype.SmallInt:
		return 5, 0
	case sqltype.Int:
		return 10, 0
	case sqltype.BigInt:
		return 19, 0
	case sqltype.Money:
		return 19, 4
	case sqltype.SmallMoney:
		return 10, 4
	}
	return int(t.Precision), int(t.Scale)
}

// higher returns the type of higher precedence, merging lengths and
// precision the way CASE and UNION do.
func higher(a, b sqltype.Type) sqltype.Type {
	if a.Kind == b.Kind {
		return mergeSame(a, b)
	}
	if isStringKind(a.Kind) && isStringKind(b.Kind) {
		k := a.Kind
		if precedence[b.Kind] > precedence[a.Kind] {
			k = b.Kind
		}
		t := mergeSame(sqltype.Type{Kind: k, Length: a.Length}, sqltype.Type{Kind: k, Length: b.Length})
		if isUnicodeKind(k) && t.Length > 4000 {
			t.Length = sqltype.Max
		}
		return t
	}
	if isDecimalKind(a.Kind) && isDecimalKind(b.Kind) || (isDecimalKind(a.Kind) || isDecimalKind(b.Kind)) && isExactNumeric(a.Kind) && isExactNumeric(b.Kind) {
		hi := a
		if precedence[b.Kind] > precedence[a.Kind] {
			hi = b
		}
		if hi.Kind == sqltype.Money || hi.Kind == sqltype.SmallMoney {
			return hi
		}
		p1, s1 := decPS(a)
		p2, s2 := decPS(b)
		s := max(s1, s2)
		p := min(38, s+max(p1-s1, p2-s2))
		return sqltype.Type{Kind: hi.Kind, Precision: uint8(p), Scale: uint8(s)}
	}
	if precedence[b.Kind] > precedence[a.Kind] {
		return b
	}
	return a
}

func mergeSame(a, b sqltype.Type) sqltype.Type {
	t := a
	switch {
	case isDecimalKind(a.Kind) && (a.Kind == sqltype.Decimal || a.Kind == sqltype.Numeric):
		s := max(a.Scale, b.Scale)
		p := min(38, int(s)+max(int(a.Precision-a.Scale), int(b.Precision-b.Scale)))
		t.Precision, t.Scale = uint8(p), s
	case a.Length == sqltype.Max || b.Length == sqltype.Max:
		t.Length = sqltype.Max
	default:
		t.Length = max(a.Length, b.Length)
	}
	if a.Kind == sqltype.Time || a.Kind == sqltype.DateTime2 || a.Kind == sqltype.DateTimeOffset {
		t.Scale = max(a.Scale, b.Scale)
	}
	return t
}

// arithDecimal computes the decimal result type of op over two exact
// numerics (SQL Server's precision and scale rules, capped at 38).
func arithDecimal(op string, a, b sqltype.Type) sqltype.Type {
	p1, s1 := decPS(a)
	p2, s2 := decPS(b)
	var p, s int
	switch op {
	case "+", "-":
		s = max(s1, s2)
		p = s + max(p1-s1, p2-s2) + 1
		if p > 38 {
			s = min(s, 38-max(p1-s1, p2-s2))
			p = 38
		}
		return decimalResult(a, b, p, max(s, 0))
	case "*":
		p, s = p1+p2+1, s1+s2
	case "/":
		s = max(6, s1+p2+1)
		p = p1 - s1 + s2 + s
	case "%":
		s = max(s1, s2)
		p = min(p1-s1, p2-s2) + s
	}
	if p > 38 {
		ip := p - s
		switch {
		case ip < 32:
			s = min(s, 38-ip)
		case s > 6:
			s = 6
		}
		p = 38
	}
	return decimalResult(a, b, p, s)
}

// decimalResult names the result numeric unless a decimal took part.
func decimalResult(a, b sqltype.Type, p, s int) sqltype.Type {
	if a.Kind == sqltype.Decimal || b.Kind == sqltype.Decimal {
		return decType(p, s)
	}
	return numType(p, s)
}

// resolveType turns a written type name into a SQL Server type.
func resolveType(tn typeName) (sqltype.Type, error) {
	name := strings.ToLower(tn.Name)
	arg := func(i, def int) int {
		if i < len(tn.Args) {
			return tn.Args[i]
		}
		return def
	}
	switch name {
	case "sysname":
		return typSysname, nil
	case "integer":
		name = "int"
	case "dec":
		name = "decimal"
	case "character":
		name = "char"
	case "rowversion", "timestamp":
		return strType(sqltype.Binary, 8), nil
	}
	k, ok := sqltype.KindByName(name)
	if !ok {
		return sqltype.Type{}, errUnknownType(tn.Name)
	}
	t := sqltype.Type{Kind: k}
	switch k {
	case sqltype.Char, sqltype.VarChar, sqltype.Binary, sqltype.VarBinary:
		t.Length = arg(0, 1)
		if t.Length == 0 || t.Length > 8000 || (t.Length == sqltype.Max && (k == sqltype.Char || k == sqltype.Binary)) {
			return t, errSizeOutOfRange(tn.Name, t.Length, 8000)
		}
	case sqltype.NChar, sqltype.NVarChar:
		t.Length = arg(0, 1)
		if t.Length == 0 || t.Length > 4000 || (t.Length == sqltype.Max && k == sqltype.NChar) {
			return t, errSizeOutOfRange(tn.Name, t.Length, 4000)
		}
	case sqltype.Decimal, sqltype.Numeric:
		t.Precision, t.Scale = uint8(arg(0, 18)), uint8(arg(1, 0))
		if t.Precision < 1 || t.Precision > 38 || t.Scale > t.Precision {
			return t, newErr(2750, 16, 1, "Column or parameter #1: Specified column precision %d is greater than the maximum precision of 38.", arg(0, 18))
		}
	case sqltype.Float:
		if arg(0, 53) <= 24 {
			t.Kind = sqltype.Real
		}
	case sqltype.Time, sqltype.DateTime2, sqltype.DateTimeOffset:
		t.Scale = uint8(arg(0, 7))
		if t.Scale > 7 {
			return t, newErr(1002, 16, 1, "Line 1: Specified scale %d is invalid.", t.Scale)
		}
	}
	return t, nil
}

func errSizeOutOfRange(name string, n, maxN int) *sqlError {
	if n == sqltype.Max {
		return newErr(131, 15, 2, "The size (max) given to the type '%s' exceeds the maximum allowed for any data type (%d).", name, maxN).compiled()
	}
	return newErr(131, 15, 2, "The size (%d) given to the type '%s' exceeds the maximum allowed for any data type (%d).", n, name, maxN).compiled()
}

// castDefaultLength is the length of CAST(x AS varchar) without a length.
const castDefaultLength = 30

// typeSQL renders t as sp_columns and INFORMATION_SCHEMA spell it.
func typeSQL(t sqltype.Type) string { return t.String() }

// maxLengthBytes is sys.columns.max_length for t.
func maxLengthBytes(t sqltype.Type) int {
	switch t.Kind {
	case sqltype.TinyInt, sqltype.Bit:
		return 1
	case sqltype.SmallInt:
		return 2
	case sqltype.Int, sqltype.Real, sqltype.SmallMoney, sqltype.SmallDateTime, sqltype.Date:
		if t.Kind == sqltype.Date {
			return 3
		}
		return 4
	case sqltype.BigInt, sqltype.Float, sqltype.Money, sqltype.DateTime:
		return 8
	case sqltype.Decimal, sqltype.Numeric:
		switch {
		case t.Precision <= 9:
			return 5
		case t.Precision <= 19:
			return 9
		case t.Precision <= 28:
			return 13
		}
		return 17
	case sqltype.Char, sqltype.VarChar, sqltype.Binary, sqltype.VarBinary:
		return t.Length
	case sqltype.NChar, sqltype.NVarChar:
		if t.Length == sqltype.Max {
			return -1
		}
		return t.Length * 2
	case sqltype.Text, sqltype.NText, sqltype.Image, sqltype.Xml:
		if t.Kind == sqltype.Xml {
			return -1
		}
		return 16
	case sqltype.Time:
		return timeBytes(t.Scale)
	case sqltype.DateTime2:
		return timeBytes(t.Scale) + 3
	case sqltype.DateTimeOffset:
		return timeBytes(t.Scale) + 5
	case sqltype.UniqueIdentifier:
		return 16
	case sqltype.SQLVariant:
		return 8016
	}
	return 0
}

func timeBytes(scale uint8) int {
	switch {
	case scale <= 2:
		return 3
	case scale <= 4:
		return 4
	}
	return 5
}

// typePrecision is sys.columns.precision for t.
func typePrecision(t sqltype.Type) int {
	switch t.Kind {
	case sqltype.TinyInt:
		return 3
	case sqltype.SmallInt:
		return 5
	case sqltype.Int:
		return 10
	case sqltype.BigInt:
		return 19
	case sqltype.Bit:
		return 1
	case sqltype.Decimal, sqltype.Numeric:
		return int(t.Precision)
	case sqltype.Money:
		return 19
	case sqltype.SmallMoney:
		return 10
	case sqltype.Real:
		return 24
	case sqltype.Float:
		return 53
	case sqltype.Date:
		return 10
	case sqltype.Time:
		return 8 + int(t.Scale) + boolInt(t.Scale > 0)
	case sqltype.DateTime:
		return 23
	case sqltype.SmallDateTime:
		return 16
	case sqltype.DateTime2:
		return 19 + int(t.Scale) + boolInt(t.Scale > 0)
	case sqltype.DateTimeOffset:
		return 26 + int(t.Scale) + boolInt(t.Scale > 0)
	}
	return 0
}

// typeScale is sys.columns.scale for t.
func typeScale(t sqltype.Type) int {
	switch t.Kind {
	case sqltype.Decimal, sqltype.Numeric, sqltype.Time, sqltype.DateTime2, sqltype.DateTimeOffset:
		return int(t.Scale)
	case sqltype.Money, sqltype.SmallMoney:
		return 4
	case sqltype.DateTime:
		return 3
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// systemTypeID is sys.types.system_type_id for a kind.
var systemTypeID = map[sqltype.Kind]int{
	sqltype.Image: 34, sqltype.Text: 35, sqltype.UniqueIdentifier: 36, sqltype.Date: 40, sqltype.Time: 41,
	sqltype.DateTime2: 42, sqltype.DateTimeOffset: 43, sqltype.TinyInt: 48, sqltype.SmallInt: 52,
	sqltype.Int: 56, sqltype.SmallDateTime: 58, sqltype.Real: 59, sqltype.Money: 60, sqltype.DateTime: 61,
	sqltype.Float: 62, sqltype.SQLVariant: 98, sqltype.NText: 99, sqltype.Bit: 104, sqltype.Decimal: 106,
	sqltype.Numeric: 108, sqltype.SmallMoney: 122, sqltype.BigInt: 127, sqltype.VarBinary: 165,
	sqltype.VarChar: 167, sqltype.Binary: 173, sqltype.Char: 175, sqltype.NVarChar: 231, sqltype.NChar: 239,
	sqltype.Xml: 241,
}

// typeFromCatalog rebuilds a type from its sys.columns description.
func typeFromCatalog(name string, maxLen, prec, scale int) sqltype.Type {
	if strings.EqualFold(name, "sysname") {
		return typSysname
	}
	k, _ := sqltype.KindByName(name)
	t := sqltype.Type{Kind: k}
	switch k {
	case sqltype.Char, sqltype.VarChar, sqltype.Binary, sqltype.VarBinary:
		t.Length = maxLen
	case sqltype.NChar, sqltype.NVarChar:
		t.Length = maxLen
		if maxLen > 0 {
			t.Length = maxLen / 2
		}
	case sqltype.Decimal, sqltype.Numeric:
		t.Precision, t.Scale = uint8(prec), uint8(scale)
	case sqltype.Time, sqltype.DateTime2, sqltype.DateTimeOffset:
		t.Scale = uint8(scale)
	}
	return t
}
