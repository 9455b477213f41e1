package tsql

// Common table expressions (WITH), recursive ones included.

import (
	"strings"
)

// ctes compiles a WITH list into the scope and returns its SQL prefix.
func (c *compiler) ctes(sc *scope, list []cte) (string, error) {
	if len(list) == 0 {
		return "", nil
	}
	if sc.ctes == nil {
		sc.ctes = map[string]*cteDef{}
	}
	parts := make([]string, len(list))
	recursive := false
	for i, ct := range list {
		sql, rec, err := c.cte(sc, ct)
		if err != nil {
			return "", err
		}
		recursive = recursive || rec
		parts[i] = sql
	}
	kw := "WITH "
	if recursive {
		kw = "WITH RECURSIVE "
	}
	return kw + strings.Join(parts, ", ") + " ", nil
}

func (c *compiler) cte(sc *scope, ct cte) (string, bool, error) {
	recursive := queryRefers(ct.Q, ct.Name)
	body, depth := ct.Q, false
	if recursive {
		if limited := withDepthCheck(ct, c.maxRecursion); limited != nil {
			body, depth = limited, true
		}
		anchor := leftmostCore(body.Body)
		if anchor == nil {
			return "", false, errNotSupported("recursive CTE shape")
		}
		ac, err := c.query(newScope(sc), &queryExpr{Body: anchor, MaxRecursion: -1}, true)
		if err != nil {
			return "", false, err
		}
		cols, err := cteColumns(ct, ac.cols, depth)
		if err != nil {
			return "", false, err
		}
		sc.ctes[strings.ToLower(ct.Name)] = &cteDef{name: ct.Name, cols: cols}
	}
	q, err := c.query(newScope(sc), body, false)
	if err != nil {
		return "", false, err
	}
	cols, err := cteColumns(ct, q.cols, depth)
	if err != nil {
		return "", false, err
	}
	names := make([]string, len(cols))
	for i, oc := range cols {
		names[i] = quoteIdent(oc.name)
		if recursive {
			cols[i].t.Nullable = true
		}
	}
	if depth {
		cols = cols[:len(cols)-1] // the recursion depth stays hidden
	}
	sc.ctes[strings.ToLower(ct.Name)] = &cteDef{name: ct.Name, cols: cols}
	return quoteIdent(ct.Name) + "(" + strings.Join(names, ", ") + ") AS (" + q.sql + ")", recursive, nil
}

func cteColumns(ct cte, cols []outCol, depth bool) ([]outCol, error) {
	out := make([]outCol, len(cols))
	copy(out, cols)
	want := len(cols)
	if depth {
		want--
	}
	if len(ct.Columns) > 0 {
		if len(ct.Columns) != want {
			return nil, newErr(8158, 16, 1, "'%s' has more columns than were specified in the column list.", ct.Name).compiled()
		}
		for i := range ct.Columns {
			out[i].name = ct.Columns[i]
		}
	}
	for i, oc := range out {
		if oc.name == "" {
			return nil, errNoColumnName(i+1, ct.Name)
		}
		out[i].sql = ""
	}
	return out, nil
}

func leftmostCore(b setExpr) setExpr {
	switch n := b.(type) {
	case *selectCore:
		return n
	case *setOp:
		return leftmostCore(n.L)
	case *queryExpr:
		return leftmostCore(n.Body)
	}
	return nil
}
