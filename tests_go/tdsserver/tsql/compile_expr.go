package tsql

import (
	"strconv"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// compiler turns T-SQL syntax into SQLite SQL plus SQL Server types, for
// one statement.
type compiler struct {
	x       *execCtx
	args    []any
	argOf   map[any]int
	argVars []*variable // per argument: the variable it is the value of
	aliases map[string]int
	// static is set for views, CHECK constraints, defaults and computed
	// columns: no variables, and session functions become SQL calls.
	static bool
	now    time.Time
	// aggDepth counts enclosing aggregate calls; sawAgg notes one was seen.
	aggDepth int
	sawAgg   bool
	// inserted / deleted name the OUTPUT pseudo-tables.
	output *outputScope
	// maxRecursion is the statement's OPTION (MAXRECURSION n) (0 = none).
	maxRecursion int64
	// probes receives the types that undeclared parameters take.
	probes map[*variable]sqltype.Type
}

// suggest records the type an undeclared parameter is used as.
func (c *compiler) suggest(x *cexpr, t sqltype.Type) {
	if x == nil || x.probe == nil || c.probes == nil || t.Kind == sqltype.Invalid {
		return
	}
	if _, ok := c.probes[x.probe]; !ok {
		c.probes[x.probe] = t
	}
}

func newCompiler(x *execCtx) *compiler {
	c := &compiler{x: x, argOf: map[any]int{}, aliases: map[string]int{}, maxRecursion: 100}
	if x != nil {
		c.now = x.now
	} else {
		c.now = time.Now()
	}
	return c
}

// cexpr is a compiled expression.
type cexpr struct {
	sql     string
	t       xtype
	lit     bool // a constant whose stored value is val
	val     any
	null    bool // the untyped NULL literal
	boolean bool // a predicate, not a value
	col     *colInfo
	coll    string    // explicit collation
	name    string    // default output name
	probe   *variable // an undeclared parameter being typed (sp_describe_undeclared_parameters)
}

// bind adds a parameter and returns its placeholder.
func (c *compiler) bind(key any, v any) string {
	if key != nil {
		if i, ok := c.argOf[key]; ok {
			return "?" + strconv.Itoa(i)
		}
	}
	c.args = append(c.args, v)
	vr, _ := key.(*variable)
	c.argVars = append(c.argVars, vr)
	i := len(c.args)
	if key != nil {
		c.argOf[key] = i
	}
	return "?" + strconv.Itoa(i)
}

// value compiles a stored constant of type t.
func value(v any, t sqltype.Type) *cexpr {
	return &cexpr{sql: sqlLiteral(v), t: xtype{t, v == nil}, lit: true, val: v, null: false}
}

func (c *compiler) expr(sc *scope, e expr) (*cexpr, error) {
	switch n := e.(type) {
	case *literal:
		return compileLiteral(n)
	case *columnRef:
		return c.columnRef(sc, n)
	case *varRef:
		return c.varRef(n)
	case *unaryExpr:
		return c.unary(sc, n)
	case *binaryExpr:
		return c.binary(sc, n)
	case *funcCall:
		return c.call(sc, n)
	case *castExpr:
		return c.cast(sc, n)
	case *caseExpr:
		return c.caseExpr(sc, n)
	case *subqueryExpr:
		return c.scalarSubquery(sc, n.Q)
	case *existsExpr:
		q, err := c.query(newScope(sc), n.Q, false)
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "EXISTS (" + q.sql + ")", boolean: true}, nil
	case *inExpr:
		return c.in(sc, n)
	case *betweenExpr:
		return c.between(sc, n)
	case *likeExpr:
		return c.like(sc, n)
	case *isNullExpr:
		x, err := c.expr(sc, n.X)
		if err != nil {
			return nil, err
		}
		op := " IS NULL"
		if n.Not {
			op = " IS NOT NULL"
		}
		return &cexpr{sql: "(" + x.sql + op + ")", boolean: true}, nil
	case *collateExpr:
		x, err := c.expr(sc, n.X)
		if err != nil {
			return nil, err
		}
		y := *x
		y.coll = collationName(n.Collation)
		y.lit = false
		return &y, nil
	case *defaultExpr:
		return nil, errSyntaxKeyword(0, "DEFAULT")
	}
	return nil, errNotSupported("expression")
}

// collationName maps a SQL Server collation to the SQLite one.
func collationName(name string) string {
	u := strings.ToUpper(name)
	if strings.Contains(u, "_CS") || strings.HasSuffix(u, "_BIN") || strings.HasSuffix(u, "_BIN2") {
		return "tsql_bin"
	}
	return "tsql_ci"
}

func compileLiteral(n *literal) (*cexpr, error) {
	switch n.Kind {
	case litNull:
		return &cexpr{sql: "NULL", t: xtype{typInt, true}, lit: true, null: true}, nil
	case litInt:
		if v, err := strconv.ParseInt(n.Text, 10, 64); err == nil && v >= -2147483648 && v <= 2147483647 {
			return value(v, typInt), nil
		}
		return decimalLiteral(n.Text)
	case litDecimal:
		return decimalLiteral(n.Text)
	case litFloat:
		f, err := strconv.ParseFloat(n.Text, 64)
		if err != nil {
			return nil, errSyntaxNear(0, n.Text)
		}
		return value(f, typFloat), nil
	case litMoney:
		d, ok := parseDecimalText(n.Text)
		if !ok {
			return nil, errSyntaxNear(0, n.Text)
		}
		return value(d.StringFixed(4), mk(sqltype.Money)), nil
	case litString:
		s := toCP1252Text(n.Text)
		return value(s, strType(sqltype.VarChar, max(charLen(s, false), 1))), nil
	case litNString:
		return value(n.Text, strType(sqltype.NVarChar, max(utf16Len(n.Text), 1))), nil
	case litBinary:
		h := n.Text
		if len(h)%2 == 1 {
			h = "0" + h
		}
		b := make([]byte, len(h)/2)
		for i := range b {
			b[i] = hexVal(h[2*i])<<4 | hexVal(h[2*i+1])
		}
		return value(b, strType(sqltype.VarBinary, max(len(b), 1))), nil
	}
	return nil, errSyntaxNear(0, n.Text)
}

// decimalLiteral types 1.50 as numeric(3,2): precision is the digits
// written (without leading zeros), scale those after the point.
func decimalLiteral(text string) (*cexpr, error) {
	digits := strings.TrimPrefix(text, "-")
	intPart, frac, _ := strings.Cut(digits, ".")
	intPart = strings.TrimLeft(intPart, "0")
	p, s := len(intPart)+len(frac), len(frac)
	p = max(p, s, 1)
	if p > 38 {
		return value(mustFloat(text), typFloat), nil
	}
	d, ok := parseDecimalText(text)
	if !ok {
		return nil, errSyntaxNear(0, text)
	}
	return value(d.StringFixed(int32(s)), numType(p, s)), nil
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func (c *compiler) columnRef(sc *scope, n *columnRef) (*cexpr, error) {
	if c.output != nil {
		if ce, ok, err := c.output.resolve(n.Parts); ok || err != nil {
			return ce, err
		}
	}
	col, err := c.resolveColumn(sc, n.Parts)
	if err != nil {
		return nil, err
	}
	if sc != nil && sc.grouped && c.aggDepth == 0 && !containsString(sc.groupSQL, col.sql) && isLocal(sc, col) {
		return nil, errNotInGroupBy(qualifiedName(sc, col))
	}
	return &cexpr{sql: col.sql, t: col.t, col: col, coll: col.coll, name: col.name}, nil
}

func isLocal(sc *scope, col *colInfo) bool {
	for _, src := range sc.sources {
		for _, cc := range src.cols {
			if cc == col {
				return true
			}
		}
	}
	return false
}

func qualifiedName(sc *scope, col *colInfo) string {
	for _, src := range sc.sources {
		for _, cc := range src.cols {
			if cc == col {
				return src.exposed + "." + col.name
			}
		}
	}
	return col.name
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c *compiler) varRef(n *varRef) (*cexpr, error) {
	if strings.HasPrefix(n.Name, "@@") {
		return c.globalVar(strings.ToUpper(n.Name))
	}
	if c.static || c.x == nil {
		return nil, errMustDeclare(n.Name)
	}
	v := c.x.frame.lookup(n.Name)
	if v == nil {
		return nil, errMustDeclare(n.Name)
	}
	if v.table != nil {
		return nil, errMustDeclare(n.Name)
	}
	if v.probe {
		return &cexpr{sql: "NULL", t: xtype{typInt, true}, lit: true, null: true, probe: v}, nil
	}
	return &cexpr{sql: c.bind(v, v.val), t: xtype{v.t, true}}, nil
}

func (c *compiler) unary(sc *scope, n *unaryExpr) (*cexpr, error) {
	x, err := c.expr(sc, n.X)
	if err != nil {
		return nil, err
	}
	switch n.Op {
	case "NOT":
		if !x.boolean {
			return nil, errNonBoolean("NOT")
		}
		return &cexpr{sql: "(NOT " + x.sql + ")", boolean: true}, nil
	case "~":
		if !isIntKind(x.t.Kind) && x.t.Kind != sqltype.Bit {
			return nil, errOperandType(x.t.Kind.String(), "~")
		}
		return &cexpr{sql: "(~" + x.sql + ")", t: x.t}, nil
	}
	return c.negate(x)
}

func (c *compiler) negate(x *cexpr) (*cexpr, error) {
	switch k := x.t.Kind; {
	case x.lit && x.val != nil && isDecimalKind(k):
		d, _ := parseDecimalText(x.val.(string))
		return value(d.Neg().StringFixed(int32(typeScale(x.t.Type))), x.t.Type), nil
	case isDecimalKind(k):
		return &cexpr{sql: "tsql_dec('-', 0, " + x.sql + ", " + itoa(encodeType(x.t.Type)) + ")", t: x.t}, nil
	case isNumericKind(k):
		t := x.t
		if k == sqltype.Bit || k == sqltype.TinyInt {
			t.Type = typInt
		}
		return &cexpr{sql: "(-" + x.sql + ")", t: t}, nil
	}
	return nil, errOperandType(x.t.Kind.String(), "minus")
}

func (c *compiler) caseExpr(sc *scope, n *caseExpr) (*cexpr, error) {
	var operand *cexpr
	if n.Operand != nil {
		var err error
		if operand, err = c.expr(sc, n.Operand); err != nil {
			return nil, err
		}
	}
	conds := make([]*cexpr, len(n.Whens))
	vals := make([]*cexpr, 0, len(n.Whens)+1)
	for i, w := range n.Whens {
		cond, err := c.caseCondition(sc, operand, w.Cond)
		if err != nil {
			return nil, err
		}
		conds[i] = cond
		v, err := c.expr(sc, w.Then)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	if n.Else != nil {
		v, err := c.expr(sc, n.Else)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	rt, err := commonType(vals)
	if err != nil {
		return nil, err
	}
	rt.Nullable = rt.Nullable || n.Else == nil
	var sb strings.Builder
	sb.WriteString("(CASE")
	for i := range conds {
		v, err := c.coerce(vals[i], rt.Type)
		if err != nil {
			return nil, err
		}
		sb.WriteString(" WHEN " + conds[i].sql + " THEN " + v.sql)
	}
	if n.Else != nil {
		v, err := c.coerce(vals[len(vals)-1], rt.Type)
		if err != nil {
			return nil, err
		}
		sb.WriteString(" ELSE " + v.sql)
	}
	sb.WriteString(" END)")
	return &cexpr{sql: sb.String(), t: rt}, nil
}

func (c *compiler) caseCondition(sc *scope, operand *cexpr, cond expr) (*cexpr, error) {
	if operand == nil {
		ce, err := c.expr(sc, cond)
		if err != nil {
			return nil, err
		}
		if !ce.boolean {
			return nil, errNonBoolean("WHEN")
		}
		return ce, nil
	}
	v, err := c.expr(sc, cond)
	if err != nil {
		return nil, err
	}
	return c.compare("=", operand, v)
}

// commonType is the result type of CASE / COALESCE / UNION branches.
func commonType(vals []*cexpr) (xtype, error) {
	var rt xtype
	first := true
	for _, v := range vals {
		if v.boolean {
			return rt, errNonBoolean("CASE")
		}
		if v.null {
			rt.Nullable = true
			continue
		}
		if first {
			rt, first = v.t, false
			continue
		}
		if err := checkCompatible(rt.Type, v.t.Type, "CASE"); err != nil {
			return rt, err
		}
		rt = xtype{higher(rt.Type, v.t.Type), rt.Nullable || v.t.Nullable}
	}
	if first {
		rt.Type = typInt
		rt.Nullable = true
	}
	return rt, nil
}
