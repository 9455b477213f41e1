package tsql

// CAST / CONVERT and the rules for which conversions exist.

import (
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"github.com/shopspring/decimal"
)

func (c *compiler) cast(sc *scope, n *castExpr) (*cexpr, error) {
	x, err := c.expr(sc, n.X)
	if err != nil {
		return nil, err
	}
	t, err := resolveType(n.Type)
	if err != nil {
		return nil, err
	}
	if len(n.Type.Args) == 0 && (isStringKind(t.Kind) || isBinaryKind(t.Kind)) && t.Kind != sqltype.Text && t.Kind != sqltype.NText && t.Kind != sqltype.Image {
		t.Length = castDefaultLength
	}
	style := 0
	if n.Style != nil {
		s, err := c.expr(sc, n.Style)
		if err != nil {
			return nil, err
		}
		if !s.lit || s.val == nil {
			return nil, errNotSupported("CONVERT with a non-constant style")
		}
		st, _ := argInt(s.val)
		style = int(st)
	}
	return c.explicitConvert(x, t, style, n.Try)
}

// explicitConvert emits CAST/CONVERT of x to t.
func (c *compiler) explicitConvert(x *cexpr, t sqltype.Type, style int, try bool) (*cexpr, error) {
	nullable := x.t.Nullable || try
	c.suggest(x, t)
	if x.null {
		return &cexpr{sql: "NULL", t: xtype{t, true}}, nil
	}
	if x.boolean {
		return nil, errNonBoolean("CAST")
	}
	if !explicitAllowed(x.t.Kind, t.Kind) {
		if try {
			return nil, errExplicitConversion(x.t.Kind.String(), t.Kind.String())
		}
		return nil, errExplicitConversion(x.t.Kind.String(), t.Kind.String())
	}
	if x.lit {
		if v, err := convertValue(x.val, x.t.Type, t, style); err == nil {
			ce := value(v, t)
			ce.t.Nullable = nullable || v == nil
			return ce, nil
		} else if try {
			return &cexpr{sql: "NULL", t: xtype{t, true}}, nil
		}
	}
	if style == 0 && !try && sameStorage(x.t.Type, t) {
		return &cexpr{sql: x.sql, t: xtype{t, nullable}, col: nil}, nil
	}
	tail := ")"
	if try {
		tail = ", 1)"
	}
	return &cexpr{sql: "tsql_cast(" + x.sql + ", " + itoa(encodeType(x.t.Type)) + ", " + itoa(encodeType(t)) + ", " + itoa(int64(style)) + tail, t: xtype{t, nullable}}, nil
}

// explicitAllowed follows SQL Server's conversion chart for CAST.
func explicitAllowed(from, to sqltype.Kind) bool {
	switch {
	case from == to || from == sqltype.SQLVariant || to == sqltype.SQLVariant:
		return true
	case from == sqltype.Xml:
		return isStringKind(to) || isBinaryKind(to)
	case to == sqltype.Xml:
		return isStringKind(from) || isBinaryKind(from)
	case to == sqltype.Text || to == sqltype.NText || to == sqltype.Image:
		return isStringKind(from) || isBinaryKind(from) || from == sqltype.UniqueIdentifier && to != sqltype.Image
	case from == sqltype.UniqueIdentifier:
		return isStringKind(to) || isBinaryKind(to)
	case to == sqltype.UniqueIdentifier:
		return isStringKind(from) || isBinaryKind(from)
	case isDateTimeKind(from) && isNumericKind(to), isNumericKind(from) && isDateTimeKind(to):
		dt := from
		if isDateTimeKind(to) {
			dt = to
		}
		return (dt == sqltype.DateTime || dt == sqltype.SmallDateTime) && !(isDecimalKind(from) && to == sqltype.SmallDateTime && false)
	case isDateTimeKind(from) && isBinaryKind(to), isBinaryKind(from) && isDateTimeKind(to):
		return true
	case isFloatKind(from) && isBinaryKind(to), isBinaryKind(from) && isFloatKind(to):
		return false
	}
	return true
}

// sameStorage reports whether a value of type a is already valid storage of
// type b (no conversion code needed).
func sameStorage(a, b sqltype.Type) bool {
	ak, bk := a.Kind, b.Kind
	switch {
	case (isIntKind(ak) || ak == sqltype.Bit) && isIntKind(bk):
		return precedence[bk] >= precedence[ak] || ak == sqltype.Bit
	case ak == sqltype.Bit && bk == sqltype.Bit:
		return true
	case isStringKind(ak) && isStringKind(bk):
		if isUnicodeKind(ak) && !isUnicodeKind(bk) {
			return false
		}
		if bk == sqltype.Char || bk == sqltype.NChar {
			return (ak == sqltype.Char || ak == sqltype.NChar) && a.Length == b.Length
		}
		return b.Length == sqltype.Max || bk == sqltype.Text || bk == sqltype.NText || (a.Length > 0 && a.Length <= b.Length)
	case isDecimalKind(ak) && isDecimalKind(bk):
		_, s1 := decPS(a)
		p2, s2 := decPS(b)
		p1, _ := decPS(a)
		return s1 == s2 && p2 >= p1 && !(bk == sqltype.SmallMoney && ak != sqltype.SmallMoney)
	case isFloatKind(ak) && bk == sqltype.Float:
		return true
	case ak == bk && (bk == sqltype.Time || bk == sqltype.DateTime2 || bk == sqltype.DateTimeOffset):
		return b.Scale >= a.Scale
	case (ak == sqltype.DateTime || ak == sqltype.SmallDateTime) && bk == sqltype.DateTime2:
		return b.Scale >= 3
	case ak == bk && (bk == sqltype.Date || bk == sqltype.DateTime || bk == sqltype.SmallDateTime || bk == sqltype.UniqueIdentifier || bk == sqltype.Xml || bk == sqltype.Real):
		return true
	case isBinaryKind(ak) && isBinaryKind(bk):
		if bk == sqltype.Binary {
			return ak == sqltype.Binary && a.Length == b.Length
		}
		return b.Length == sqltype.Max || bk == sqltype.Image || (a.Length > 0 && a.Length <= b.Length)
	}
	return false
}

// decimalValue is a decimal constant of a stored value.
func decimalValue(v any) (decimal.Decimal, bool) { return decFromStorage(v) }
