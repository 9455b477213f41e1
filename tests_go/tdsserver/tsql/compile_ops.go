package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func (c *compiler) binary(sc *scope, n *binaryExpr) (*cexpr, error) {
	l, err := c.expr(sc, n.L)
	if err != nil {
		return nil, err
	}
	r, err := c.expr(sc, n.R)
	if err != nil {
		return nil, err
	}
	switch n.Op {
	case "AND", "OR":
		if !l.boolean || !r.boolean {
			return nil, errNonBoolean(n.Op)
		}
		return &cexpr{sql: "(" + l.sql + " " + n.Op + " " + r.sql + ")", boolean: true}, nil
	case "=", "<>", "<", ">", "<=", ">=":
		return c.compare(n.Op, l, r)
	}
	return c.arith(n.Op, l, r)
}

// checkCompatible rejects implicit conversions SQL Server refuses.
func checkCompatible(a, b sqltype.Type, op string) error {
	ak, bk := a.Kind, b.Kind
	if ak == bk || ak == sqltype.SQLVariant || bk == sqltype.SQLVariant {
		return nil
	}
	bad := func() error { return errTypeClash(ak.String(), bk.String()) }
	switch {
	case isDateTimeKind(ak) && isDateTimeKind(bk):
		if (ak == sqltype.Time) != (bk == sqltype.Time) && !(ak == sqltype.DateTime || bk == sqltype.DateTime || ak == sqltype.SmallDateTime || bk == sqltype.SmallDateTime) {
			return bad()
		}
	case isDateTimeKind(ak) && isNumericKind(bk), isNumericKind(ak) && isDateTimeKind(bk):
		dt := ak
		if isDateTimeKind(bk) {
			dt = bk
		}
		if dt != sqltype.DateTime && dt != sqltype.SmallDateTime {
			return bad()
		}
	case ak == sqltype.UniqueIdentifier || bk == sqltype.UniqueIdentifier:
		other := bk
		if bk == sqltype.UniqueIdentifier {
			other = ak
		}
		if !isStringKind(other) && !isBinaryKind(other) {
			return bad()
		}
	case (isBinaryKind(ak) && (isDecimalKind(bk) || isFloatKind(bk))) || (isBinaryKind(bk) && (isDecimalKind(ak) || isFloatKind(ak))):
		return errImplicitConversion(ak.String(), bk.String())
	case ak == sqltype.Xml || bk == sqltype.Xml:
		other := ak
		if ak == sqltype.Xml {
			other = bk
		}
		if op == "equal to" {
			return newErr(305, 16, 1, "The XML data type cannot be compared or sorted, except when using the IS NULL operator.")
		}
		if !isStringKind(other) && !isBinaryKind(other) {
			return errIncompatible(ak.String(), bk.String(), op)
		}
	case (ak == sqltype.Text || ak == sqltype.NText || ak == sqltype.Image) && op == "equal to":
		return errIncompatible(ak.String(), bk.String(), op)
	}
	return nil
}

// compare emits a comparison with both sides converted to the type of
// higher precedence and the collation of that type.
func (c *compiler) compare(op string, l, r *cexpr) (*cexpr, error) {
	if l.boolean || r.boolean {
		return nil, errNonBoolean(op)
	}
	if l.null || r.null {
		c.suggest(l, r.t.Type)
		c.suggest(r, l.t.Type)
		return &cexpr{sql: "(NULL " + op + " NULL)", boolean: true}, nil
	}
	if err := checkCompatible(l.t.Type, r.t.Type, "equal to"); err != nil {
		return nil, err
	}
	ct := higher(l.t.Type, r.t.Type)
	if isStringKind(ct.Kind) {
		ct.Length = sqltype.Max
	}
	if isDecimalKind(ct.Kind) && !(isDecimalKind(l.t.Kind) && isDecimalKind(r.t.Kind)) {
		ct = decType(38, max(typeScale(l.t.Type), typeScale(r.t.Type)))
	}
	lc, err := c.coerceCompare(l, ct)
	if err != nil {
		return nil, err
	}
	rc, err := c.coerceCompare(r, ct)
	if err != nil {
		return nil, err
	}
	coll := collationFor(ct)
	if l.coll != "" {
		coll = l.coll
	} else if r.coll != "" {
		coll = r.coll
	}
	if coll == "" {
		return &cexpr{sql: "(" + lc.sql + " " + op + " " + rc.sql + ")", boolean: true}, nil
	}
	return &cexpr{sql: "(" + lc.sql + " " + op + " " + rc.sql + " COLLATE " + coll + ")", boolean: true}, nil
}

// coerceCompare converts one side of a comparison; a column already of
// the comparison's storage is left alone so that indexes stay usable.
func (c *compiler) coerceCompare(x *cexpr, ct sqltype.Type) (*cexpr, error) {
	if isDecimalKind(ct.Kind) && isDecimalKind(x.t.Kind) && !x.lit {
		return x, nil // tsql_dec collation compares any scale
	}
	if isStringKind(ct.Kind) && isStringKind(x.t.Kind) {
		return x, nil
	}
	return c.coerce(x, ct)
}

// coerce converts x to type t implicitly (constants are folded).
func (c *compiler) coerce(x *cexpr, t sqltype.Type) (*cexpr, error) {
	if x.boolean {
		return nil, errNonBoolean("expression")
	}
	if x.null {
		c.suggest(x, t)
		return &cexpr{sql: "NULL", t: xtype{t, true}}, nil
	}
	if sameStorage(x.t.Type, t) {
		y := *x
		y.t.Type = t
		return &y, nil
	}
	if err := checkCompatible(x.t.Type, t, "conversion"); err != nil {
		return nil, err
	}
	if x.lit {
		if v, err := convertValue(x.val, x.t.Type, t, 0); err == nil {
			ce := value(v, t)
			ce.t.Nullable = x.t.Nullable
			return ce, nil
		}
	}
	switch {
	case (isIntKind(x.t.Kind) || x.t.Kind == sqltype.Bit) && t.Kind == sqltype.Float:
		return &cexpr{sql: "CAST(" + x.sql + " AS REAL)", t: xtype{t, x.t.Nullable}}, nil
	case isIntKind(x.t.Kind) && t.Kind == sqltype.Bit:
		return &cexpr{sql: "(" + x.sql + " <> 0)", t: xtype{t, x.t.Nullable}}, nil
	case (isIntKind(x.t.Kind) || x.t.Kind == sqltype.Bit) && isStringKind(t.Kind) && (t.Length == sqltype.Max || t.Length >= 20):
		return &cexpr{sql: "CAST(" + x.sql + " AS TEXT)", t: xtype{t, x.t.Nullable}}, nil
	}
	return &cexpr{sql: "tsql_cast(" + x.sql + ", " + itoa(encodeType(x.t.Type)) + ", " + itoa(encodeType(t)) + ", 0)", t: xtype{t, x.t.Nullable}}, nil
}

// arith emits + - * / % & | ^ with SQL Server's result types.
func (c *compiler) arith(op string, l, r *cexpr) (*cexpr, error) {
	if l.boolean || r.boolean {
		return nil, errNonBoolean(op)
	}
	if l.null && r.null {
		return &cexpr{sql: "NULL", t: xtype{typInt, true}, lit: true, null: true}, nil
	}
	if l.null {
		c.suggest(l, r.t.Type)
		l = &cexpr{sql: "NULL", t: xtype{r.t.Type, true}, lit: true}
	}
	if r.null {
		c.suggest(r, l.t.Type)
		r = &cexpr{sql: "NULL", t: xtype{l.t.Type, true}, lit: true}
	}
	nullable := l.t.Nullable || r.t.Nullable
	if err := checkCompatible(l.t.Type, r.t.Type, opName(op)); err != nil {
		return nil, err
	}
	rt := higher(l.t.Type, r.t.Type)
	switch {
	case op == "&" || op == "|" || op == "^":
		return c.bitwise(op, l, r, rt, nullable)
	case isStringKind(rt.Kind) && op == "+":
		return c.concat(l, r)
	case isStringKind(rt.Kind), isBinaryKind(rt.Kind), rt.Kind == sqltype.UniqueIdentifier, rt.Kind == sqltype.Xml:
		if op == "+" && isBinaryKind(rt.Kind) {
			return c.concat(l, r)
		}
		return nil, errOperandType(rt.Kind.String(), opName(op))
	case isDateTimeKind(rt.Kind):
		return c.dateArith(op, l, r, rt, nullable)
	case isDecimalKind(rt.Kind):
		return c.decimalArith(op, l, r, nullable)
	}
	if rt.Kind == sqltype.Bit || rt.Kind == sqltype.TinyInt && op == "-" {
		rt = typInt
	}
	if rt.Kind == sqltype.Real {
		rt = typFloat
	}
	lc, err := c.coerce(l, rt)
	if err != nil {
		return nil, err
	}
	rc, err := c.coerce(r, rt)
	if err != nil {
		return nil, err
	}
	if op == "%" && isFloatKind(rt.Kind) {
		return nil, errOperandType("float", "modulo")
	}
	return &cexpr{sql: numericOp(op, lc, rc), t: xtype{rt, nullable}}, nil
}

// numericOp emits integer or float arithmetic; division and modulo check
// for zero unless the divisor is a non-zero constant.
func numericOp(op string, l, r *cexpr) string {
	if op == "/" || op == "%" {
		if r.lit && r.val != nil && r.val != int64(0) && r.val != 0.0 {
			return "(" + l.sql + " " + op + " " + r.sql + ")"
		}
		fn := "tsql_div("
		if op == "%" {
			fn = "tsql_mod("
		}
		return fn + l.sql + ", " + r.sql + ")"
	}
	return "(" + l.sql + " " + op + " " + r.sql + ")"
}

func opName(op string) string {
	switch op {
	case "+":
		return "add"
	case "-":
		return "subtract"
	case "*":
		return "multiply"
	case "/":
		return "divide"
	case "%":
		return "modulo"
	case "&":
		return "&"
	case "|":
		return "|"
	}
	return op
}

func (c *compiler) bitwise(op string, l, r *cexpr, rt sqltype.Type, nullable bool) (*cexpr, error) {
	if !(isIntKind(l.t.Kind) || l.t.Kind == sqltype.Bit) || !(isIntKind(r.t.Kind) || r.t.Kind == sqltype.Bit) {
		bad := l.t.Kind
		if isIntKind(bad) || bad == sqltype.Bit {
			bad = r.t.Kind
		}
		return nil, errOperandType(bad.String(), opName(op))
	}
	if op == "^" {
		return &cexpr{sql: "tsql_xor(" + l.sql + ", " + r.sql + ")", t: xtype{rt, nullable}}, nil
	}
	return &cexpr{sql: "(" + l.sql + " " + op + " " + r.sql + ")", t: xtype{rt, nullable}}, nil
}

// concat emits string concatenation; the result length is the sum.
func (c *compiler) concat(l, r *cexpr) (*cexpr, error) {
	rt := higher(l.t.Type, r.t.Type)
	limit := 8000
	if isUnicodeKind(rt.Kind) {
		limit = 4000
	}
	ll, rl := concatLen(l.t.Type, rt), concatLen(r.t.Type, rt)
	switch {
	case ll == sqltype.Max || rl == sqltype.Max || ll+rl > limit:
		rt.Length = sqltype.Max
	default:
		rt.Length = ll + rl
	}
	if rt.Kind == sqltype.Char {
		rt.Kind = sqltype.VarChar
	} else if rt.Kind == sqltype.NChar {
		rt.Kind = sqltype.NVarChar
	}
	wide := rt
	wide.Length = sqltype.Max
	lc, err := c.coerce(l, wide)
	if err != nil {
		return nil, err
	}
	rc, err := c.coerce(r, wide)
	if err != nil {
		return nil, err
	}
	if isBinaryKind(rt.Kind) {
		return &cexpr{sql: "tsql_binconcat(" + lc.sql + ", " + rc.sql + ")", t: xtype{rt, l.t.Nullable || r.t.Nullable}}, nil
	}
	return &cexpr{sql: "(" + lc.sql + " || " + rc.sql + ")", t: xtype{rt, l.t.Nullable || r.t.Nullable}}, nil
}

func concatLen(t, rt sqltype.Type) int {
	if isStringKind(t.Kind) || isBinaryKind(t.Kind) {
		if t.Kind == sqltype.Text || t.Kind == sqltype.NText || t.Kind == sqltype.Image {
			return sqltype.Max
		}
		return t.Length
	}
	return textLength(t)
}

// textLength is the length of a value converted to a string.
func textLength(t sqltype.Type) int {
	switch t.Kind {
	case sqltype.Bit:
		return 1
	case sqltype.TinyInt:
		return 3
	case sqltype.SmallInt:
		return 6
	case sqltype.Int:
		return 12
	case sqltype.BigInt:
		return 24
	case sqltype.Decimal, sqltype.Numeric:
		return int(t.Precision) + 2
	case sqltype.UniqueIdentifier:
		return 36
	}
	return castDefaultLength
}

func (c *compiler) decimalArith(op string, l, r *cexpr, nullable bool) (*cexpr, error) {
	var rt sqltype.Type
	lk, rk := l.t.Kind, r.t.Kind
	money := lk == sqltype.Money || rk == sqltype.Money || lk == sqltype.SmallMoney || rk == sqltype.SmallMoney
	switch {
	case isFloatKind(lk) || isFloatKind(rk):
		rt = typFloat
	case money && !(isDecimalKind(lk) && !isMoney(lk) || isDecimalKind(rk) && !isMoney(rk)):
		rt = mk(sqltype.Money)
	default:
		rt = arithDecimal(op, literalPrecision(l), literalPrecision(r))
	}
	if rt.Kind == sqltype.Float {
		return c.arith(op, &cexpr{sql: "CAST(" + l.sql + " AS REAL)", t: xtype{typFloat, l.t.Nullable}}, r)
	}
	sql := "tsql_dec('" + op + "', " + l.sql + ", " + r.sql + ", " + itoa(encodeType(rt)) + ")"
	if l.lit && r.lit && l.val != nil && r.val != nil {
		x, _ := decFromStorage(l.val)
		y, _ := decFromStorage(r.val)
		p, s := decPS(rt)
		if d, err := decimalArith(op, x, y, p, s); err == nil {
			return value(d.StringFixed(int32(s)), rt), nil
		}
	}
	return &cexpr{sql: sql, t: xtype{rt, nullable}}, nil
}

// literalPrecision types an integer constant by its digits in decimal
// arithmetic (SELECT 1.0 / 3 is numeric(8,6), as in SQL Server).
func literalPrecision(x *cexpr) sqltype.Type {
	if x.lit && isIntKind(x.t.Kind) {
		if n, ok := x.val.(int64); ok {
			digits := len(strings.TrimPrefix(itoa(n), "-"))
			return numType(digits, 0)
		}
	}
	return x.t.Type
}

func isMoney(k sqltype.Kind) bool { return k == sqltype.Money || k == sqltype.SmallMoney }

// dateArith supports datetime/smalldatetime plus or minus a number of days.
func (c *compiler) dateArith(op string, l, r *cexpr, rt sqltype.Type, nullable bool) (*cexpr, error) {
	if op != "+" && op != "-" || (rt.Kind != sqltype.DateTime && rt.Kind != sqltype.SmallDateTime) {
		return nil, errOperandType(rt.Kind.String(), opName(op))
	}
	d, n := l, r
	if isNumericKind(l.t.Kind) {
		d, n = r, l
	}
	if !isNumericKind(n.t.Kind) {
		if op == "-" && isDateTimeKind(n.t.Kind) {
			return &cexpr{sql: "tsql_datediff_days(" + l.sql + ", " + r.sql + ")", t: xtype{rt, nullable}}, nil
		}
		return nil, errOperandType(rt.Kind.String(), opName(op))
	}
	dc, err := c.coerce(d, rt)
	if err != nil {
		return nil, err
	}
	amount := n.sql
	if op == "-" {
		amount = "(-" + n.sql + ")"
	}
	return &cexpr{sql: "tsql_dateadd('day_frac', " + amount + ", " + dc.sql + ", " + itoa(encodeType(rt)) + ")", t: xtype{rt, nullable}}, nil
}
