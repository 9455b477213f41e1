package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// builtin compiles one built-in function call.
type builtin func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error)

var builtins = map[string]builtin{}

// argsCompiled compiles the arguments of a call, checking their number.
func (c *compiler) argsCompiled(sc *scope, fc *funcCall, minN, maxN int) ([]*cexpr, error) {
	if len(fc.Args) < minN || (maxN >= 0 && len(fc.Args) > maxN) {
		if minN == maxN {
			return nil, errArgCount(fc.Name, minN)
		}
		return nil, newErr(189, 15, 1, "The %s function requires %d to %d arguments.", strings.ToLower(fc.Name), minN, maxN).compiled()
	}
	out := make([]*cexpr, len(fc.Args))
	for i, a := range fc.Args {
		x, err := c.expr(sc, a)
		if err != nil {
			return nil, err
		}
		if x.boolean {
			return nil, errNonBoolean(fc.Name)
		}
		out[i] = x
	}
	return out, nil
}

func (c *compiler) call(sc *scope, fc *funcCall) (*cexpr, error) {
	if fc.Schema != "" && !strings.EqualFold(fc.Schema, "dbo") && !strings.EqualFold(fc.Schema, "sys") {
		return nil, errUnknownFunction(fc.Schema + "." + fc.Name)
	}
	if fc.Over != nil && fc.Over.Frame != "WITHIN GROUP" {
		return c.windowCall(sc, fc)
	}
	if agg, ok := aggregates[fc.Name]; ok {
		return c.aggregate(sc, fc, agg)
	}
	if b, ok := builtins[fc.Name]; ok {
		return b(c, sc, fc)
	}
	return nil, errUnknownFunction(fc.Name)
}

// Aggregates.

type aggregate func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error)

var aggregates = map[string]aggregate{}

func init() {
	for k, v := range map[string]aggregate{
		"COUNT": func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
			return &cexpr{sql: countSQL(x, fc), t: xtype{typInt, false}}, nil
		},
		"COUNT_BIG": func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
			return &cexpr{sql: countSQL(x, fc), t: xtype{typBigInt, false}}, nil
		},
		"SUM": aggSum,
		"AVG": aggAvg,
		"MIN": aggMinMax,
		"MAX": aggMinMax,
		"STDEV": func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
			return aggStat(c, sc, x, fc, "1, 1")
		},
		"STDEVP": func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
			return aggStat(c, sc, x, fc, "0, 1")
		},
		"VAR": func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
			return aggStat(c, sc, x, fc, "1, 0")
		},
		"VARP": func(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
			return aggStat(c, sc, x, fc, "0, 0")
		},
		"STRING_AGG":   aggStringAgg,
		"CHECKSUM_AGG": nil,
	} {
		aggregates[k] = v
	}
}

func countSQL(x *cexpr, fc *funcCall) string {
	if fc.Star {
		return "count(*)"
	}
	return "count(" + distinct(fc) + x.sql + ")"
}

func distinct(fc *funcCall) string {
	if fc.Distinct {
		return "DISTINCT "
	}
	return ""
}

func (c *compiler) aggregate(sc *scope, fc *funcCall, agg aggregate) (*cexpr, error) {
	if agg == nil {
		return nil, errUnknownFunction(fc.Name)
	}
	c.sawAgg = true
	if c.aggDepth > 0 {
		return nil, newErr(130, 16, 1, "Cannot perform an aggregate function on an expression containing an aggregate or a subquery.").compiled()
	}
	var x *cexpr
	if !fc.Star {
		want := 1
		if fc.Name == "STRING_AGG" {
			want = 2
		}
		if len(fc.Args) != want {
			return nil, errArgCount(fc.Name, want)
		}
		c.aggDepth++
		var err error
		x, err = c.expr(sc, fc.Args[0])
		c.aggDepth--
		if err != nil {
			return nil, err
		}
		if x.boolean {
			return nil, errNonBoolean(fc.Name)
		}
	} else if fc.Name != "COUNT" && fc.Name != "COUNT_BIG" {
		return nil, errSyntaxNear(0, "*")
	}
	return agg(c, sc, x, fc)
}

func aggSum(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
	d := distinct(fc)
	switch k := x.t.Kind; {
	case k == sqltype.TinyInt || k == sqltype.SmallInt || k == sqltype.Int:
		return &cexpr{sql: "sum(" + d + x.sql + ")", t: xtype{typInt, true}}, nil
	case k == sqltype.BigInt:
		return &cexpr{sql: "sum(" + d + x.sql + ")", t: xtype{typBigInt, true}}, nil
	case k == sqltype.Money || k == sqltype.SmallMoney:
		return &cexpr{sql: "tsql_dsum(" + d + x.sql + ", 4)", t: xtype{mk(sqltype.Money), true}}, nil
	case isDecimalKind(k):
		s := int(x.t.Scale)
		return &cexpr{sql: "tsql_dsum(" + d + x.sql + ", " + itoa(int64(s)) + ")", t: xtype{decType(38, s), true}}, nil
	case isFloatKind(k):
		return &cexpr{sql: "sum(" + d + x.sql + ")", t: xtype{typFloat, true}}, nil
	case x.null:
		return &cexpr{sql: "NULL", t: xtype{typInt, true}}, nil
	}
	return nil, newErr(8117, 16, 1, "Operand data type %s is invalid for sum operator.", x.t.Kind)
}

func aggAvg(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
	d := distinct(fc)
	switch k := x.t.Kind; {
	case isIntKind(k):
		t := typInt
		if k == sqltype.BigInt {
			t = typBigInt
		}
		return &cexpr{sql: "(sum(" + d + x.sql + ") / count(" + d + x.sql + "))", t: xtype{t, true}}, nil
	case k == sqltype.Money || k == sqltype.SmallMoney:
		return &cexpr{sql: "tsql_davg(" + d + x.sql + ", 4)", t: xtype{mk(sqltype.Money), true}}, nil
	case isDecimalKind(k):
		s := max(int(x.t.Scale), 6)
		return &cexpr{sql: "tsql_davg(" + d + x.sql + ", " + itoa(int64(s)) + ")", t: xtype{decType(38, s), true}}, nil
	case isFloatKind(k):
		return &cexpr{sql: "avg(" + d + x.sql + ")", t: xtype{typFloat, true}}, nil
	}
	return nil, newErr(8117, 16, 1, "Operand data type %s is invalid for avg operator.", x.t.Kind)
}

func aggMinMax(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
	if x.t.Kind == sqltype.Bit || x.t.Kind == sqltype.Text || x.t.Kind == sqltype.NText || x.t.Kind == sqltype.Image || x.t.Kind == sqltype.Xml {
		return nil, newErr(8117, 16, 1, "Operand data type %s is invalid for %s operator.", x.t.Kind, strings.ToLower(fc.Name))
	}
	arg := x.sql
	if x.col == nil {
		arg += collateSuffix(x.t.Type, x)
	}
	return &cexpr{sql: strings.ToLower(fc.Name) + "(" + distinct(fc) + arg + ")", t: xtype{x.t.Type, true}}, nil
}

func aggStat(c *compiler, sc *scope, x *cexpr, fc *funcCall, mode string) (*cexpr, error) {
	if !isNumericKind(x.t.Kind) {
		return nil, newErr(8117, 16, 1, "Operand data type %s is invalid for %s operator.", x.t.Kind, strings.ToLower(fc.Name))
	}
	return &cexpr{sql: "tsql_stat(" + x.sql + ", " + mode + ")", t: xtype{typFloat, true}}, nil
}

func aggStringAgg(c *compiler, sc *scope, x *cexpr, fc *funcCall) (*cexpr, error) {
	sep, err := c.expr(sc, fc.Args[1])
	if err != nil {
		return nil, err
	}
	t := x.t.Type
	switch {
	case t.Kind == sqltype.NVarChar && t.Length == sqltype.Max, t.Kind == sqltype.NText:
		t = strType(sqltype.NVarChar, sqltype.Max)
	case isUnicodeKind(t.Kind):
		t = strType(sqltype.NVarChar, 4000)
	case t.Kind == sqltype.VarChar && t.Length == sqltype.Max, t.Kind == sqltype.Text:
		t = strType(sqltype.VarChar, sqltype.Max)
	default:
		t = strType(sqltype.VarChar, 8000)
	}
	xs, err := c.coerce(x, strType(t.Kind, sqltype.Max))
	if err != nil {
		return nil, err
	}
	order := ""
	if fc.Over != nil {
		parts := make([]string, len(fc.Over.Order))
		for i, it := range fc.Over.Order {
			e, err := c.expr(sc, it.X)
			if err != nil {
				return nil, err
			}
			parts[i] = e.sql + collateSuffix(e.t.Type, e) + direction(it.Desc)
		}
		order = " ORDER BY " + strings.Join(parts, ", ")
	}
	return &cexpr{sql: "group_concat(" + xs.sql + ", " + sep.sql + order + ")", t: xtype{t, true}}, nil
}

func direction(desc bool) string {
	if desc {
		return " DESC"
	}
	return ""
}

// windowCall compiles ranking and aggregate functions with OVER.
func (c *compiler) windowCall(sc *scope, fc *funcCall) (*cexpr, error) {
	over, err := c.overSQL(sc, fc.Over)
	if err != nil {
		return nil, err
	}
	switch fc.Name {
	case "ROW_NUMBER", "RANK", "DENSE_RANK":
		return &cexpr{sql: strings.ToLower(fc.Name) + "() OVER " + over, t: xtype{typBigInt, false}}, nil
	case "NTILE", "PERCENT_RANK", "CUME_DIST":
		args, err := c.argsCompiled(sc, fc, 0, 1)
		if err != nil {
			return nil, err
		}
		if fc.Name == "NTILE" {
			return &cexpr{sql: "ntile(" + args[0].sql + ") OVER " + over, t: xtype{typBigInt, true}}, nil
		}
		return &cexpr{sql: strings.ToLower(fc.Name) + "() OVER " + over, t: xtype{typFloat, false}}, nil
	case "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE":
		args, err := c.argsCompiled(sc, fc, 1, 3)
		if err != nil {
			return nil, err
		}
		parts := []string{args[0].sql}
		for _, a := range args[1:] {
			ac, err := c.coerce(a, args[0].t.Type)
			if a == args[1] && fc.Name != "FIRST_VALUE" {
				ac, err = a, nil
			}
			if err != nil {
				return nil, err
			}
			parts = append(parts, ac.sql)
		}
		return &cexpr{sql: strings.ToLower(fc.Name) + "(" + strings.Join(parts, ", ") + ") OVER " + over, t: xtype{args[0].t.Type, true}}, nil
	}
	agg, ok := aggregates[fc.Name]
	if !ok || agg == nil {
		return nil, errUnknownFunction(fc.Name)
	}
	saved := c.sawAgg
	x, err := c.aggregate(sc, &funcCall{Name: fc.Name, Args: fc.Args, Star: fc.Star, Distinct: fc.Distinct}, agg)
	c.sawAgg = saved
	if err != nil {
		return nil, err
	}
	x.sql += " OVER " + over
	return x, nil
}

func (c *compiler) overSQL(sc *scope, o *overClause) (string, error) {
	var parts []string
	if len(o.Partition) > 0 {
		ps := make([]string, len(o.Partition))
		for i, p := range o.Partition {
			e, err := c.expr(sc, p)
			if err != nil {
				return "", err
			}
			ps[i] = e.sql
		}
		parts = append(parts, "PARTITION BY "+strings.Join(ps, ", "))
	}
	if len(o.Order) > 0 {
		os := make([]string, len(o.Order))
		for i, it := range o.Order {
			e, err := c.expr(sc, it.X)
			if err != nil {
				return "", err
			}
			os[i] = e.sql + collateSuffix(e.t.Type, e) + direction(it.Desc)
		}
		parts = append(parts, "ORDER BY "+strings.Join(os, ", "))
	}
	if o.Frame != "" {
		parts = append(parts, o.Frame)
	}
	return "(" + strings.Join(parts, " ") + ")", nil
}

// Null handling and conditionals.

func init() {
	builtins["ISNULL"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, 2, 2)
		if err != nil {
			return nil, err
		}
		a, b := args[0], args[1]
		if a.null {
			return b, nil
		}
		bc, err := c.coerce(b, a.t.Type)
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "coalesce(" + a.sql + ", " + bc.sql + ")", t: xtype{a.t.Type, a.t.Nullable && b.t.Nullable}, name: ""}, nil
	}
	builtins["COALESCE"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, 2, -1)
		if err != nil {
			return nil, err
		}
		rt, err := commonType(args)
		if err != nil {
			return nil, err
		}
		rt.Nullable = true
		parts := make([]string, len(args))
		for i, a := range args {
			ac, err := c.coerce(a, rt.Type)
			if err != nil {
				return nil, err
			}
			parts[i] = ac.sql
			if !a.t.Nullable && !a.null {
				rt.Nullable = false
			}
		}
		return &cexpr{sql: "coalesce(" + strings.Join(parts, ", ") + ")", t: rt}, nil
	}
	builtins["NULLIF"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, 2, 2)
		if err != nil {
			return nil, err
		}
		eq, err := c.compare("=", args[0], args[1])
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "(CASE WHEN " + eq.sql + " THEN NULL ELSE " + args[0].sql + " END)", t: xtype{args[0].t.Type, true}}, nil
	}
	builtins["IIF"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		if len(fc.Args) != 3 {
			return nil, errArgCount("iif", 3)
		}
		return c.caseExpr(sc, &caseExpr{Whens: []caseWhen{{fc.Args[0], fc.Args[1]}}, Else: fc.Args[2]})
	}
	builtins["CHOOSE"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		if len(fc.Args) < 2 {
			return nil, errArgCount("choose", 2)
		}
		var whens []caseWhen
		for i, a := range fc.Args[1:] {
			whens = append(whens, caseWhen{&literal{Kind: litInt, Text: itoa(int64(i + 1))}, a})
		}
		return c.caseExpr(sc, &caseExpr{Operand: fc.Args[0], Whens: whens})
	}
}
