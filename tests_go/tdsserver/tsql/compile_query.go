package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// compiledQuery is a query ready to run: its SQL and output columns.
type compiledQuery struct {
	sql  string
	cols []outCol
}

// query compiles a full query expression. sc is the query's own scope
// (its parent is the enclosing query, for correlated references). top is
// true for a statement's own result (ORDER BY is allowed without TOP).
func (c *compiler) query(sc *scope, q *queryExpr, top bool) (*compiledQuery, error) {
	savedAgg, savedDepth := c.sawAgg, c.aggDepth
	defer func() { c.sawAgg, c.aggDepth = savedAgg, savedDepth }()
	c.aggDepth = 0
	if q.MaxRecursion >= 0 {
		saved := c.maxRecursion
		c.maxRecursion = q.MaxRecursion
		defer func() { c.maxRecursion = saved }()
	}
	with, err := c.ctes(sc, q.With)
	if err != nil {
		return nil, err
	}
	if !top && len(q.OrderBy) > 0 && q.Offset == nil && !hasTop(q.Body) {
		return nil, errOrderByInSubquery()
	}
	core, isCore := q.Body.(*selectCore)
	if isCore && core.Top != nil && q.Offset != nil {
		return nil, newErr(10741, 15, 1, "A TOP can not be used in the same query or sub-query as a OFFSET.").compiled()
	}
	if isCore {
		cr, err := c.core(sc, core)
		if err != nil {
			return nil, err
		}
		order, err := c.orderBy(cr, q.OrderBy)
		if err != nil {
			return nil, err
		}
		limit, err := c.limit(sc, cr.top, q)
		if err != nil {
			return nil, err
		}
		return &compiledQuery{sql: with + cr.sql + order + limit, cols: cr.cols}, nil
	}
	sql, cols, err := c.setBody(sc, q.Body)
	if err != nil {
		return nil, err
	}
	order, err := setOrderBy(cols, q.OrderBy)
	if err != nil {
		return nil, err
	}
	limit, err := c.limit(sc, nil, q)
	if err != nil {
		return nil, err
	}
	return &compiledQuery{sql: with + sql + order + limit, cols: cols}, nil
}

func hasTop(b setExpr) bool {
	if s, ok := b.(*selectCore); ok {
		return s.Top != nil
	}
	return false
}

// setBody compiles UNION / EXCEPT / INTERSECT trees.
func (c *compiler) setBody(sc *scope, b setExpr) (string, []outCol, error) {
	switch n := b.(type) {
	case *selectCore:
		cr, err := c.core(newScope(sc.parent), n)
		if err != nil {
			return "", nil, err
		}
		if cr.top == nil {
			return cr.sql, cr.cols, nil
		}
		limit, _ := c.limit(sc, cr.top, &queryExpr{})
		return "SELECT * FROM (" + cr.sql + limit + ")", cr.cols, nil
	case *queryExpr:
		q, err := c.query(newScope(sc.parent), n, true)
		if err != nil {
			return "", nil, err
		}
		return "SELECT * FROM (" + q.sql + ")", q.cols, nil
	case *setOp:
		lsql, lcols, err := c.setBody(sc, n.L)
		if err != nil {
			return "", nil, err
		}
		rsql, rcols, err := c.setBody(sc, n.R)
		if err != nil {
			return "", nil, err
		}
		if len(lcols) != len(rcols) {
			return "", nil, newErr(205, 16, 1, "All queries combined using a UNION, INTERSECT or EXCEPT operator must have an equal number of expressions in their target lists.").compiled()
		}
		cols := make([]outCol, len(lcols))
		for i := range lcols {
			if err := checkCompatible(lcols[i].t.Type, rcols[i].t.Type, n.Op); err != nil {
				return "", nil, err
			}
			cols[i] = lcols[i]
			cols[i].t = xtype{higher(lcols[i].t.Type, rcols[i].t.Type), lcols[i].t.Nullable || rcols[i].t.Nullable}
			cols[i].identity = false
		}
		op := n.Op
		if n.All {
			op += " ALL"
		}
		return lsql + " " + op + " " + rsql, cols, nil
	}
	return "", nil, errNotSupported("query")
}

func setOrderBy(cols []outCol, items []orderItem) (string, error) {
	if len(items) == 0 {
		return "", nil
	}
	parts := make([]string, len(items))
	for i, it := range items {
		k := ordinalOf(cols, it.X)
		if k == 0 {
			return "", newErr(104, 16, 1, "ORDER BY items must appear in the select list if the statement contains a UNION, INTERSECT or EXCEPT operator.").compiled()
		}
		parts[i] = itoa(int64(k)) + direction(it.Desc)
	}
	return " ORDER BY " + strings.Join(parts, ", "), nil
}

// ordinalOf finds an ORDER BY item among the outputs (1-based), or 0.
func ordinalOf(cols []outCol, e expr) int {
	switch n := e.(type) {
	case *literal:
		if n.Kind == litInt {
			v, _ := argInt(n.Text)
			if v >= 1 && int(v) <= len(cols) {
				return int(v)
			}
		}
	case *columnRef:
		name := n.Parts[len(n.Parts)-1]
		for i, oc := range cols {
			if strings.EqualFold(oc.name, name) {
				return i + 1
			}
		}
	}
	return 0
}

func (c *compiler) orderBy(cr *coreResult, items []orderItem) (string, error) {
	if len(items) == 0 {
		return "", nil
	}
	parts := make([]string, len(items))
	for i, it := range items {
		sql, err := c.orderItem(cr, it.X)
		if err != nil {
			return "", err
		}
		parts[i] = sql + direction(it.Desc)
	}
	return " ORDER BY " + strings.Join(parts, ", "), nil
}

func (c *compiler) orderItem(cr *coreResult, e expr) (string, error) {
	if lit, ok := e.(*literal); ok && lit.Kind == litInt {
		k := ordinalOf(cr.cols, e)
		if k == 0 {
			return "", newErr(108, 16, 1, "The ORDER BY position number %s is out of range of the number of items in the select list.", lit.Text).compiled()
		}
		return itoa(int64(k)), nil
	}
	if ref, ok := e.(*columnRef); ok && len(ref.Parts) == 1 {
		for _, oc := range cr.cols {
			if strings.EqualFold(oc.name, ref.Parts[0]) && oc.sql != "" {
				if cr.distinct {
					return quoteIdent(oc.name) + collateOf(oc.t.Type, oc.coll), nil
				}
				return oc.sql + collateOf(oc.t.Type, oc.coll), nil
			}
		}
	}
	grouped := cr.scope.grouped
	cr.scope.grouped = false
	x, err := c.expr(cr.scope, e)
	cr.scope.grouped = grouped
	if err != nil {
		return "", err
	}
	if x.lit {
		return "", newErr(1008, 15, 1, "The SELECT item identified by the ORDER BY number 1 contains a variable as part of the expression identifying a column position. Variables are only allowed when ordering by an expression referencing a column name.").compiled()
	}
	return x.sql + collateOf(x.t.Type, x.coll), nil
}

func collateOf(t sqltype.Type, coll string) string {
	if coll != "" {
		return " COLLATE " + coll
	}
	if c := collationFor(t); c != "" {
		return " COLLATE " + c
	}
	return ""
}

// limit renders TOP or OFFSET/FETCH as LIMIT/OFFSET.
func (c *compiler) limit(sc *scope, top *cexpr, q *queryExpr) (string, error) {
	if q.Offset != nil {
		off, err := c.expr(sc, q.Offset)
		if err != nil {
			return "", err
		}
		fetch := "-1"
		if q.Fetch != nil {
			f, err := c.expr(sc, q.Fetch)
			if err != nil {
				return "", err
			}
			fetch = f.sql
		}
		return " LIMIT " + fetch + " OFFSET " + off.sql, nil
	}
	if top != nil {
		return " LIMIT " + top.sql, nil
	}
	return "", nil
}

// coreResult is a compiled SELECT core.
type coreResult struct {
	sql      string
	cols     []outCol
	scope    *scope
	top      *cexpr
	distinct bool
}

func (c *compiler) core(sc *scope, s *selectCore) (*coreResult, error) {
	var sb strings.Builder
	from, err := c.from(sc, s.From)
	if err != nil {
		return nil, err
	}
	where, err := c.condition(sc, s.Where, "WHERE")
	if err != nil {
		return nil, err
	}
	group, err := c.groupBy(sc, s.GroupBy)
	if err != nil {
		return nil, err
	}
	cols, items, err := c.selectList(sc, s, len(s.GroupBy) > 0)
	if err != nil {
		return nil, err
	}
	having, err := c.condition(sc, s.Having, "HAVING")
	sc.grouped = false
	if err != nil {
		return nil, err
	}
	sb.WriteString("SELECT ")
	if s.Distinct {
		sb.WriteString("DISTINCT ")
	}
	sb.WriteString(strings.Join(items, ", "))
	sb.WriteString(from + where + group + having)
	cr := &coreResult{sql: sb.String(), cols: cols, scope: sc, distinct: s.Distinct}
	if s.Top != nil {
		if s.Top.Percent || s.Top.WithTies {
			return nil, errNotSupported("TOP PERCENT / WITH TIES")
		}
		if cr.top, err = c.expr(sc, s.Top.N); err != nil {
			return nil, err
		}
	}
	return cr, nil
}

func (c *compiler) condition(sc *scope, e expr, clause string) (string, error) {
	if e == nil {
		return "", nil
	}
	x, err := c.expr(sc, e)
	if err != nil {
		return "", err
	}
	if !x.boolean {
		return "", errNonBoolean(clause)
	}
	return " " + clause + " " + x.sql, nil
}

func (c *compiler) groupBy(sc *scope, exprs []expr) (string, error) {
	if len(exprs) == 0 {
		return "", nil
	}
	parts := make([]string, len(exprs))
	sc.groupSQL = sc.groupSQL[:0]
	for i, e := range exprs {
		x, err := c.expr(sc, e)
		if err != nil {
			return "", err
		}
		sc.groupSQL = append(sc.groupSQL, x.sql)
		parts[i] = x.sql + collateOf(x.t.Type, x.coll)
	}
	return " GROUP BY " + strings.Join(parts, ", "), nil
}

// selectList compiles the select items; a query with aggregates but no
// GROUP BY is compiled again in grouped mode to check bare columns.
func (c *compiler) selectList(sc *scope, s *selectCore, grouped bool) ([]outCol, []string, error) {
	sc.grouped = grouped
	saw := c.sawAgg
	c.sawAgg = false
	cols, items, err := c.selectItems(sc, s.Items)
	agg := c.sawAgg
	c.sawAgg = saw || agg
	if err != nil || grouped || !agg {
		if grouped || agg {
			sc.grouped = true
		}
		return cols, items, err
	}
	sc.grouped, sc.groupSQL = true, nil
	return c.selectItems(sc, s.Items)
}

func (c *compiler) selectItems(sc *scope, items []selectItem) ([]outCol, []string, error) {
	var cols []outCol
	var sqls []string
	for _, it := range items {
		if it.Star {
			cs, ss, err := c.expandStar(sc, it.StarQual)
			if err != nil {
				return nil, nil, err
			}
			cols, sqls = append(cols, cs...), append(sqls, ss...)
			continue
		}
		x, err := c.expr(sc, it.X)
		if err != nil {
			return nil, nil, err
		}
		if x.boolean {
			return nil, nil, errSyntaxNear(0, "=")
		}
		oc := outCol{name: x.name, t: x.t, sql: x.sql, coll: x.coll}
		if it.Alias != "" {
			oc.name = it.Alias
		}
		if x.col != nil {
			oc.identity, oc.table, oc.seed, oc.inc = x.col.identity, x.col.table, x.col.seed, x.col.inc
		}
		if x.null {
			oc.t = xtype{typInt, true}
		}
		cols = append(cols, oc)
		sqls = append(sqls, x.sql+" AS "+quoteIdent(outName(oc.name, len(cols))))
	}
	return cols, sqls, nil
}

// outName names a column in generated SQL; unnamed ones get a placeholder.
func outName(name string, i int) string {
	if name == "" {
		return "~c" + itoa(int64(i))
	}
	return name
}

func (c *compiler) expandStar(sc *scope, qual []string) ([]outCol, []string, error) {
	var srcs []*source
	if len(qual) == 0 {
		srcs = sc.sources
		if len(srcs) == 0 {
			return nil, nil, newErr(263, 16, 1, "Must specify table to select from.").compiled()
		}
	} else if src := matchSource(sc, qual); src != nil {
		srcs = []*source{src}
	} else {
		return nil, nil, errMultipartNotBound(strings.Join(qual, ".") + ".*")
	}
	var cols []outCol
	var sqls []string
	for _, src := range srcs {
		for _, col := range src.cols {
			if sc.grouped && !containsString(sc.groupSQL, col.sql) {
				return nil, nil, errNotInGroupBy(src.exposed + "." + col.name)
			}
			cols = append(cols, outCol{name: col.name, t: col.t, identity: col.identity, sql: col.sql, coll: col.coll,
				table: col.table, seed: col.seed, inc: col.inc})
			sqls = append(sqls, col.sql+" AS "+quoteIdent(col.name))
		}
	}
	return cols, sqls, nil
}

// scalarSubquery compiles (SELECT x ...) used as a value.
func (c *compiler) scalarSubquery(sc *scope, q *queryExpr) (*cexpr, error) {
	cq, err := c.query(newScope(sc), q, false)
	if err != nil {
		return nil, err
	}
	if len(cq.cols) != 1 {
		return nil, newErr(116, 16, 1, "Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.").compiled()
	}
	return &cexpr{sql: "(" + cq.sql + ")", t: xtype{cq.cols[0].t.Type, true}, coll: cq.cols[0].coll}, nil
}
