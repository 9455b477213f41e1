package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// from compiles a FROM list into sc's sources and returns " FROM ...".
func (c *compiler) from(sc *scope, refs []tableRef) (string, error) {
	if len(refs) == 0 {
		return "", nil
	}
	parts := make([]string, len(refs))
	for i, r := range refs {
		sql, err := c.tableRef(sc, r)
		if err != nil {
			return "", err
		}
		parts[i] = sql
	}
	return " FROM " + strings.Join(parts, ", "), nil
}

func (c *compiler) tableRef(sc *scope, r tableRef) (string, error) {
	switch n := r.(type) {
	case *namedTable:
		return c.namedTable(sc, n)
	case *derivedTable:
		q, err := c.query(newScope(sc.parent), n.Q, false)
		if err != nil {
			return "", err
		}
		return c.derivedSource(sc, q, n.Alias, n.Columns)
	case *joinExpr:
		l, err := c.tableRef(sc, n.L)
		if err != nil {
			return "", err
		}
		rr, err := c.tableRef(sc, n.R)
		if err != nil {
			return "", err
		}
		if n.Kind == "CROSS" {
			return l + " CROSS JOIN " + rr, nil
		}
		on, err := c.condition(sc, n.On, "ON")
		if err != nil {
			return "", err
		}
		kind := n.Kind + " JOIN"
		if n.Kind != "INNER" {
			kind = n.Kind + " OUTER JOIN"
		}
		return l + " " + kind + " " + rr + on, nil
	case *funcTable:
		return c.funcTable(sc, n)
	case *valuesTable:
		return c.valuesTable(sc, n)
	}
	return "", errNotSupported("table source")
}

// derivedSource adds a derived table (query, view, function) as a source.
func (c *compiler) derivedSource(sc *scope, q *compiledQuery, alias string, names []string) (string, error) {
	cols := make([]outCol, len(q.cols))
	copy(cols, q.cols)
	if len(names) > 0 {
		if len(names) != len(cols) {
			return "", newErr(8158, 16, 1, "'%s' has more columns than were specified in the column list.", alias).compiled()
		}
		for i := range cols {
			cols[i].name = names[i]
		}
	}
	inner := make([]string, len(cols))
	for i, oc := range cols {
		if oc.name == "" {
			return "", errNoColumnName(i+1, alias)
		}
		inner[i] = quoteIdent(outName(q.cols[i].name, i+1)) + " AS " + quoteIdent(oc.name)
	}
	src := c.sourceFromOutputs(alias, cols)
	sc.sources = append(sc.sources, src)
	return "(SELECT " + strings.Join(inner, ", ") + " FROM (" + q.sql + ")) AS " + quoteIdent(src.sqlAlias), nil
}

func (c *compiler) namedTable(sc *scope, n *namedTable) (string, error) {
	name := n.Name
	if name.Schema == "" && name.DB == "" && !strings.HasPrefix(name.Name, "@") {
		if d := sc.lookupCTE(name.Name); d != nil {
			alias := n.Alias
			if alias == "" {
				alias = d.name
			}
			src := c.sourceFromOutputs(alias, d.cols)
			sc.sources = append(sc.sources, src)
			return quoteIdent(d.name) + " AS " + quoteIdent(src.sqlAlias), nil
		}
	}
	if sv := systemView(name); sv != nil {
		q, err := c.systemViewQuery(sv, name)
		if err != nil {
			return "", err
		}
		alias := n.Alias
		if alias == "" {
			alias = name.Name
		}
		sql, err := c.derivedSource(sc, q, alias, nil)
		if err == nil {
			last := sc.sources[len(sc.sources)-1]
			last.schema = sv.schema
		}
		return sql, err
	}
	t, err := c.x.lookupTable(name)
	if err != nil {
		return "", err
	}
	if t == nil {
		return "", errInvalidObject(name.String())
	}
	if t.kind == "V" {
		return c.viewSource(sc, t, n.Alias)
	}
	src := c.sourceFromTable(t, n.Alias)
	sc.sources = append(sc.sources, src)
	return t.sqlName() + " AS " + quoteIdent(src.sqlAlias), nil
}

// viewSource inlines a view's query as a derived table.
func (c *compiler) viewSource(sc *scope, t *tableDef, alias string) (string, error) {
	v, err := parseView(t.definition)
	if err != nil {
		return "", err
	}
	saved := c.x.dbOverride
	c.x.dbOverride = t.db
	q, err := c.query(newScope(nil), v.Q, false)
	c.x.dbOverride = saved
	if err != nil {
		return "", err
	}
	if alias == "" {
		alias = t.name
	}
	sql, err := c.derivedSource(sc, q, alias, v.Columns)
	if err == nil {
		src := sc.sources[len(sc.sources)-1]
		src.schema, src.db = t.schema, t.dbName()
	}
	return sql, err
}

func parseView(def string) (*createViewStmt, error) {
	stmts, err := parseBatch(def, true)
	if err != nil {
		return nil, err
	}
	for _, s := range stmts {
		if v, ok := s.(*createViewStmt); ok {
			return v, nil
		}
	}
	return nil, errNotSupported("view definition")
}

func (c *compiler) funcTable(sc *scope, n *funcTable) (string, error) {
	switch n.Name {
	case "GENERATE_SERIES":
		return c.generateSeries(sc, n)
	case "STRING_SPLIT":
		return c.stringSplit(sc, n)
	}
	return "", errInvalidObject(strings.ToLower(n.Name))
}

// generateSeries is SQL Server 2022's GENERATE_SERIES(start, stop[, step])
// with its single column "value", as a recursive CTE.
func (c *compiler) generateSeries(sc *scope, n *funcTable) (string, error) {
	if len(n.Args) < 2 || len(n.Args) > 3 {
		return "", newErr(313, 16, 3, "An insufficient number of arguments were supplied for the procedure or function generate_series.").compiled()
	}
	args := make([]*cexpr, len(n.Args))
	t := typInt
	for i, a := range n.Args {
		x, err := c.expr(sc, a)
		if err != nil {
			return "", err
		}
		if !isExactNumeric(x.t.Kind) || x.t.Kind == sqltype.Bit {
			if !x.null {
				return "", newErr(5373, 16, 1, "All the input parameters should be of the same type. Supported types are tinyint, smallint, int, bigint, decimal and numeric.").compiled()
			}
		}
		args[i] = x
		if i == 0 {
			t = x.t.Type
		} else if !x.null {
			t = higher(t, x.t.Type)
		}
	}
	if !seriesType(t) {
		return "", errNotSupported("GENERATE_SERIES over decimal")
	}
	step := ""
	if len(args) == 3 {
		step = args[2].sql
	}
	sql := seriesSQL(args[0].sql, args[1].sql, step)
	alias := n.Alias
	if alias == "" {
		alias = "GENERATE_SERIES"
	}
	names := n.Columns
	src := c.sourceFromOutputs(alias, []outCol{{name: firstOr(names, "value"), t: xtype{t, false}}})
	sc.sources = append(sc.sources, src)
	return sql + " AS " + quoteIdent(src.sqlAlias), nil
}

func firstOr(names []string, def string) string {
	if len(names) > 0 {
		return names[0]
	}
	return def
}

// stringSplit is STRING_SPLIT(text, separator) with its column "value".
func (c *compiler) stringSplit(sc *scope, n *funcTable) (string, error) {
	if len(n.Args) < 2 || len(n.Args) > 3 {
		return "", errArgCount("STRING_SPLIT", 2)
	}
	s, err := c.expr(sc, n.Args[0])
	if err != nil {
		return "", err
	}
	if s, err = c.stringArg(s); err != nil {
		return "", err
	}
	sep, err := c.expr(sc, n.Args[1])
	if err != nil {
		return "", err
	}
	cte := c.sqlAlias("~ss")
	q := quoteIdent(cte)
	sql := "(WITH RECURSIVE " + q + "(value, rest, n) AS (SELECT NULL, " + s.sql + " || " + sep.sql + ", 0" +
		" UNION ALL SELECT substr(rest, 1, instr(rest, " + sep.sql + ") - 1), substr(rest, instr(rest, " + sep.sql + ") + length(" + sep.sql + ")), n + 1 FROM " + q +
		" WHERE rest <> '') SELECT value FROM " + q + " WHERE n > 0)"
	alias := n.Alias
	if alias == "" {
		alias = "STRING_SPLIT"
	}
	t := sameStringType(s.t.Type)
	src := c.sourceFromOutputs(alias, []outCol{{name: firstOr(n.Columns, "value"), t: xtype{t, false}}})
	sc.sources = append(sc.sources, src)
	return sql + " AS " + quoteIdent(src.sqlAlias), nil
}

func (c *compiler) valuesTable(sc *scope, n *valuesTable) (string, error) {
	rows := make([][]*cexpr, len(n.Rows))
	width := len(n.Rows[0])
	for i, r := range n.Rows {
		if len(r) != width {
			return "", newErr(10709, 16, 1, "The number of columns for each row in a table value constructor must be the same.").compiled()
		}
		rows[i] = make([]*cexpr, width)
		for j, e := range r {
			x, err := c.expr(sc.parentOrSelf(), e)
			if err != nil {
				return "", err
			}
			rows[i][j] = x
		}
	}
	cols := make([]outCol, width)
	for j := 0; j < width; j++ {
		col := make([]*cexpr, len(rows))
		for i := range rows {
			col[i] = rows[i][j]
		}
		t, err := commonType(col)
		if err != nil {
			return "", err
		}
		cols[j] = outCol{name: "column" + itoa(int64(j+1)), t: t}
	}
	var sb strings.Builder
	sb.WriteString("(SELECT * FROM (VALUES ")
	for i, r := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(")
		for j, x := range r {
			xc, err := c.coerce(x, cols[j].t.Type)
			if err != nil {
				return "", err
			}
			if j > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(xc.sql)
		}
		sb.WriteString(")")
	}
	sb.WriteString("))")
	q := &compiledQuery{sql: sb.String(), cols: cols}
	inner := strings.TrimSuffix(strings.TrimPrefix(q.sql, "("), ")")
	return c.derivedSource(sc, &compiledQuery{sql: inner, cols: cols}, n.Alias, n.Columns)
}

func (sc *scope) parentOrSelf() *scope {
	if sc.parent != nil {
		return sc.parent
	}
	return sc
}

// queryRefers reports whether q names table (a recursive CTE).
func queryRefers(q *queryExpr, name string) bool {
	if q == nil {
		return false
	}
	return setRefers(q.Body, name)
}

func setRefers(b setExpr, name string) bool {
	switch n := b.(type) {
	case *selectCore:
		for _, r := range n.From {
			if refRefers(r, name) {
				return true
			}
		}
	case *setOp:
		return setRefers(n.L, name) || setRefers(n.R, name)
	case *queryExpr:
		return queryRefers(n, name)
	}
	return false
}

func refRefers(r tableRef, name string) bool {
	switch n := r.(type) {
	case *namedTable:
		return n.Name.Schema == "" && n.Name.DB == "" && strings.EqualFold(n.Name.Name, name)
	case *joinExpr:
		return refRefers(n.L, name) || refRefers(n.R, name)
	case *derivedTable:
		return queryRefers(n.Q, name)
	}
	return false
}
