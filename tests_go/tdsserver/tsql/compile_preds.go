package tsql

// Predicates: IN, BETWEEN, LIKE.

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func (c *compiler) in(sc *scope, n *inExpr) (*cexpr, error) {
	x, err := c.expr(sc, n.X)
	if err != nil {
		return nil, err
	}
	not := ""
	if n.Not {
		not = "NOT "
	}
	if n.Q != nil {
		q, err := c.query(newScope(sc), n.Q, false)
		if err != nil {
			return nil, err
		}
		if len(q.cols) != 1 {
			return nil, newErr(116, 16, 1, "Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.").compiled()
		}
		ct := higher(x.t.Type, q.cols[0].t.Type)
		xc, err := c.coerceCompare(x, ct)
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "(" + xc.sql + collateSuffix(ct, x) + " " + not + "IN (" + q.sql + "))", boolean: true}, nil
	}
	items := make([]*cexpr, len(n.List))
	ct := x.t.Type
	for i, e := range n.List {
		if items[i], err = c.expr(sc, e); err != nil {
			return nil, err
		}
		if !items[i].null {
			if err := checkCompatible(x.t.Type, items[i].t.Type, "IN"); err != nil {
				return nil, err
			}
			ct = higher(ct, items[i].t.Type)
		}
	}
	if isStringKind(ct.Kind) {
		ct.Length = sqltype.Max
	}
	xc, err := c.coerceCompare(x, ct)
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(items))
	for i, it := range items {
		ic, err := c.coerceCompare(it, ct)
		if err != nil {
			return nil, err
		}
		parts[i] = ic.sql
	}
	return &cexpr{sql: "(" + xc.sql + collateSuffix(ct, x) + " " + not + "IN (" + strings.Join(parts, ", ") + "))", boolean: true}, nil
}

func collateSuffix(t sqltype.Type, x *cexpr) string {
	if x.coll != "" {
		return " COLLATE " + x.coll
	}
	if coll := collationFor(t); coll != "" {
		return " COLLATE " + coll
	}
	return ""
}

func (c *compiler) between(sc *scope, n *betweenExpr) (*cexpr, error) {
	x, err := c.expr(sc, n.X)
	if err != nil {
		return nil, err
	}
	lo, err := c.expr(sc, n.Lo)
	if err != nil {
		return nil, err
	}
	hi, err := c.expr(sc, n.Hi)
	if err != nil {
		return nil, err
	}
	a, err := c.compare(">=", x, lo)
	if err != nil {
		return nil, err
	}
	b, err := c.compare("<=", x, hi)
	if err != nil {
		return nil, err
	}
	sql := "(" + a.sql + " AND " + b.sql + ")"
	if n.Not {
		sql = "(NOT " + sql + ")"
	}
	return &cexpr{sql: sql, boolean: true}, nil
}

func (c *compiler) like(sc *scope, n *likeExpr) (*cexpr, error) {
	x, err := c.expr(sc, n.X)
	if err != nil {
		return nil, err
	}
	p, err := c.expr(sc, n.Pattern)
	if err != nil {
		return nil, err
	}
	xs, err := c.toText(x)
	if err != nil {
		return nil, err
	}
	ps, err := c.toText(p)
	if err != nil {
		return nil, err
	}
	esc := "NULL"
	if n.Escape != nil {
		e, err := c.expr(sc, n.Escape)
		if err != nil {
			return nil, err
		}
		esc = e.sql
	}
	cs := "0"
	if x.coll == "tsql_bin" || p.coll == "tsql_bin" {
		cs = "1"
	}
	sql := "tsql_like(" + ps.sql + ", " + xs.sql + ", " + esc + ", " + cs + ")"
	if n.Not {
		sql = "(NOT " + sql + ")"
	}
	return &cexpr{sql: sql, boolean: true}, nil
}

// toText converts a value to nvarchar(max) for string functions.
func (c *compiler) toText(x *cexpr) (*cexpr, error) {
	if isStringKind(x.t.Kind) || x.null {
		return x, nil
	}
	return c.coerce(x, strType(sqltype.NVarChar, sqltype.Max))
}
