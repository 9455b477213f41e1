package tsql

import (
	"database/sql/driver"
	"strings"

	sqlite "modernc.org/sqlite"
)

// Recursive CTEs stop after MAXRECURSION levels (100 unless the statement
// says otherwise; 0 is unlimited) with error 530, as in SQL Server. The
// CTE gets a hidden depth column: 0 in the anchor, the referenced row's
// depth + 1 in the recursive member, checked when each row is made.

const depthColumn = "~depth"

// withDepthCheck rewrites a recursive CTE of the usual shape (anchor UNION
// ALL recursive member) to count its depth; nil when unlimited or when the
// shape is another.
func withDepthCheck(ct cte, limit int64) *queryExpr {
	op, ok := ct.Q.Body.(*setOp)
	if limit <= 0 || !ok || op.Op != "UNION" || !op.All {
		return nil
	}
	anchor, ok1 := op.L.(*selectCore)
	member, ok2 := op.R.(*selectCore)
	if !ok1 || !ok2 || anchorStar(anchor) || anchorStar(member) {
		return nil
	}
	ref := cteReference(member.From, ct.Name)
	if ref == "" {
		return nil
	}
	a := *anchor
	a.Items = append(append([]selectItem{}, anchor.Items...), selectItem{X: &literal{Kind: litInt, Text: "0"}, Alias: depthColumn})
	m := *member
	next := &binaryExpr{Op: "+", L: &columnRef{Parts: []string{ref, depthColumn}}, R: &literal{Kind: litInt, Text: "1"}}
	check := &funcCall{Name: "~MAXRECURSION", Args: []expr{next, &literal{Kind: litInt, Text: itoa(limit)}}}
	m.Items = append(append([]selectItem{}, member.Items...), selectItem{X: check, Alias: depthColumn})
	q := *ct.Q
	q.Body = &setOp{Op: "UNION", All: true, L: &a, R: &m}
	return &q
}

func anchorStar(s *selectCore) bool {
	for _, it := range s.Items {
		if it.Star {
			return true
		}
	}
	return false
}

// cteReference finds the name by which a recursive member refers to its CTE.
func cteReference(refs []tableRef, name string) string {
	for _, r := range refs {
		switch n := r.(type) {
		case *namedTable:
			if n.Name.Schema == "" && strings.EqualFold(n.Name.Name, name) {
				if n.Alias != "" {
					return n.Alias
				}
				return n.Name.Name
			}
		case *joinExpr:
			if a := cteReference([]tableRef{n.L, n.R}, name); a != "" {
				return a
			}
		}
	}
	return ""
}

func init() {
	builtins["~MAXRECURSION"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, 2, 2)
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_maxrec(" + args[0].sql + ", " + args[1].sql + ")", t: xtype{typInt, false}}, nil
	}
	volatileFuncs["tsql_maxrec"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		depth, limit := i64(a[0]), i64(a[1])
		if depth > limit {
			return nil, udfFail(newErr(530, 16, 1, "The statement terminated. The maximum recursion %d has been exhausted before statement completion.", limit).batch())
		}
		return depth, nil
	}
}
