package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func (x *execCtx) runInsert(p *insertPlan) error {
	defer unregisterGen(p.gen)
	if x.s.opts.fmtOnly {
		return nil
	}
	scope := x.writeScope
	if p.output == nil && !p.explicit {
		scope = x.oneStatementScope // the INSERT is the write's only statement
	}
	finish, err := scope(p.t.temp())
	if err != nil {
		return err
	}
	count, err := x.runDML(p.sql, p.args, p.output, nil)
	if err == nil && p.explicit {
		err = x.observeIdentity(p.t)
	}
	if err = finish(err); err != nil {
		return x.mapConstraint(err, "INSERT", p.t, p)
	}
	if p.genState != nil && p.genState.n > 0 {
		x.setIdentity(p.genState.last)
	}
	return x.done(count, true)
}

func (x *execCtx) setIdentity(v int64) {
	x.frame.scopeIdentity = itoa(v)
	x.s.lastIdentity = itoa(v)
}

// observeIdentity moves the identity counter past explicit values.
func (x *execCtx) observeIdentity(t *tableDef) error {
	ctr, err := x.s.identCounter(x.ctx, t)
	if err != nil || ctr == nil {
		return err
	}
	col := t.identityColumn()
	agg := "max"
	if col.inc < 0 {
		agg = "min"
	}
	v, err := x.s.c.queryValue(x.ctx, "SELECT "+agg+"(CAST("+quoteIdent(col.name)+" AS INTEGER)) FROM "+t.sqlName())
	if err != nil || v == nil {
		return err
	}
	ctr.observe(i64(v))
	return nil
}

// insertExec runs INSERT ... EXEC: the procedure's rows become the values.
func (x *execCtx) insertExec(n *insertStmt, t *tableDef) error {
	cols, _, err := x.insertColumns(n, t)
	if err != nil {
		return err
	}
	capture := &captureResults{Results: x.out}
	saved := x.out
	x.out = capture
	err = x.execExec(n.Exec)
	x.out = saved
	if err != nil {
		return err
	}
	if len(capture.rows) > 0 && len(capture.cols) != len(cols) {
		return errColumnCountMismatch()
	}
	c := newCompiler(x)
	vals := make([]string, len(cols))
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = quoteIdent(col.name)
		v, err := c.columnValue(&cexpr{sql: "?" + itoa(int64(i+1)), t: xtype{capture.cols[min(i, len(capture.cols)-1)].Type, true}}, t, col)
		if err != nil {
			return err
		}
		vals[i] = v.sql
	}
	sql := "INSERT INTO " + t.sqlName() + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
	finish, err := x.writeScope(t.temp())
	if err != nil {
		return err
	}
	for _, r := range capture.rows {
		args := make([]any, len(r))
		for i, v := range r {
			if args[i], err = toStorage(v, capture.cols[i].Type); err != nil {
				break
			}
		}
		if err == nil {
			_, err = x.s.c.exec(x.ctx, sql, args...)
		}
		if err != nil {
			break
		}
	}
	if err = finish(err); err != nil {
		return x.mapConstraint(err, "INSERT", t, nil)
	}
	return x.done(int64(len(capture.rows)), true)
}

// execUpdate runs UPDATE, with FROM, TOP and OUTPUT.
func (x *execCtx) execUpdate(n *updateStmt) error {
	c := newCompiler(x)
	t, sc, target, from, with, err := c.dmlSources(n.Target, n.From, n.With)
	if err != nil {
		return err
	}
	sets, err := c.updateSets(n, t, sc)
	if err != nil {
		return err
	}
	where, err := c.condition(sc, n.Where, "WHERE")
	if err != nil {
		return err
	}
	var out *outputPlan
	if n.Output != nil {
		if out, err = c.compileOutput(n.Output, t, "UPDATE"); err != nil {
			return err
		}
	}
	sql, err := c.updateSQL(n, t, sc, target, from, sets, where)
	if err != nil {
		return err
	}
	if out != nil {
		sql += out.returning()
	}
	return x.runChange("UPDATE", t, with+sql, c.args, out, target, with, from, where)
}

func (x *execCtx) runChange(verb string, t *tableDef, sql string, args []any, out *outputPlan, target *source, with, from, where string) error {
	if x.s.opts.fmtOnly {
		return nil
	}
	finish, err := x.writeScope(t.temp())
	if err != nil {
		return err
	}
	var before map[int64][]any
	if out != nil && len(out.deleted) > 0 {
		before, err = x.readBefore(t, target, out.deleted, with, from, where, args)
	}
	var count int64
	if err == nil {
		count, err = x.runDML(sql, args, out, before)
	}
	if err = finish(err); err != nil {
		return x.mapConstraint(err, verb, t, nil)
	}
	return x.done(count, true)
}

// readBefore reads the DELETED values an UPDATE's OUTPUT needs, by rowid.
func (x *execCtx) readBefore(t *tableDef, target *source, cols []string, with, from, where string, args []any) (map[int64][]any, error) {
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = quoteIdent(target.sqlAlias) + "." + quoteIdent(c)
	}
	if from == "" {
		from = " FROM " + t.sqlName() + " AS " + quoteIdent(target.sqlAlias)
	}
	rows, err := x.s.c.queryAll(x.ctx, with+" SELECT "+quoteIdent(target.sqlAlias)+".rowid, "+strings.Join(sel, ", ")+from+where, args...)
	if err != nil {
		return nil, err
	}
	m := make(map[int64][]any, len(rows))
	for _, r := range rows {
		m[i64(r[0])] = r[1:]
	}
	return m, nil
}

// dmlSources resolves the target of UPDATE/DELETE and its FROM clause
// (and WITH list, returned as SQL to put first). The target is the FROM
// source it names, or a source of its own.
func (c *compiler) dmlSources(name objName, from []tableRef, ctes []cte) (*tableDef, *scope, *source, string, string, error) {
	sc := newScope(nil)
	with, err := c.ctes(sc, ctes)
	if err != nil {
		return nil, nil, nil, "", "", err
	}
	t, sc2, src, fromSQL, err := c.dmlFrom(sc, name, from)
	return t, sc2, src, fromSQL, with, err
}

func (c *compiler) dmlFrom(sc *scope, name objName, from []tableRef) (*tableDef, *scope, *source, string, error) {
	fromSQL, err := c.from(sc, from)
	if err != nil {
		return nil, nil, nil, "", err
	}
	if len(from) > 0 && name.Schema == "" && name.DB == "" {
		for _, src := range sc.sources {
			if strings.EqualFold(src.exposed, name.Name) && src.table != nil {
				if src.table.kind != "U" {
					return nil, nil, nil, "", errNotSupported("UPDATE or DELETE through a view")
				}
				return src.table, sc, src, fromSQL, nil
			}
		}
	}
	t, err := c.x.dmlTarget(name)
	if err != nil {
		return nil, nil, nil, "", err
	}
	for _, src := range sc.sources {
		if src.table != nil && sameTable(src.table, t) && strings.EqualFold(src.exposed, t.name) {
			return t, sc, src, fromSQL, nil
		}
	}
	src := c.sourceFromTable(t, "")
	sc.sources = append(sc.sources, src)
	if fromSQL != "" {
		fromSQL = " FROM " + t.sqlName() + " AS " + quoteIdent(src.sqlAlias) + ", " + strings.TrimPrefix(fromSQL, " FROM ")
	}
	return t, sc, src, fromSQL, nil
}

type setItem struct {
	col *colDef
	val *cexpr
}

func (c *compiler) updateSets(n *updateStmt, t *tableDef, sc *scope) ([]setItem, error) {
	var out []setItem
	for _, s := range n.Sets {
		if s.Var != "" {
			return nil, errNotSupported("SET @variable in UPDATE")
		}
		name := s.Column[len(s.Column)-1]
		col := t.column(name)
		if col == nil {
			return nil, errInvalidColumn(name)
		}
		if col.identity {
			return nil, errUpdateIdentity(col.name)
		}
		if col.computed {
			return nil, newErr(271, 16, 1, "The column \"%s\" cannot be modified because it is either a computed column or is the result of a UNION operator.", col.name)
		}
		e := s.X
		if s.Op != "=" {
			e = &binaryExpr{Op: s.Op[:1], L: &columnRef{Parts: s.Column}, R: s.X}
		}
		var v *cexpr
		var err error
		if _, ok := e.(*defaultExpr); ok {
			sql, derr := c.defaultValue(t, col)
			v, err = &cexpr{sql: sql, t: xtype{col.typ, true}}, derr
		} else if v, err = c.expr(sc, e); err == nil {
			v, err = c.columnValue(v, t, col)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, setItem{col, v})
	}
	return out, nil
}

func (c *compiler) updateSQL(n *updateStmt, t *tableDef, sc *scope, target *source, from string, sets []setItem, where string) (string, error) {
	alias := quoteIdent(target.sqlAlias)
	top := ""
	if n.Top != nil {
		tv, err := c.expr(sc, n.Top.N)
		if err != nil {
			return "", err
		}
		top = " LIMIT " + tv.sql
	}
	if from == "" {
		parts := make([]string, len(sets))
		for i, s := range sets {
			parts[i] = quoteIdent(s.col.name) + " = " + s.val.sql
		}
		sql := "UPDATE " + t.sqlName() + " AS " + alias + " SET " + strings.Join(parts, ", ")
		if top != "" {
			return sql + " WHERE rowid IN (SELECT " + alias + ".rowid FROM " + t.sqlName() + " AS " + alias + where + top + ")", nil
		}
		return sql + where, nil
	}
	inner := make([]string, len(sets))
	parts := make([]string, len(sets))
	for i, s := range sets {
		inner[i] = s.val.sql + ` AS "~v` + itoa(int64(i)) + `"`
		parts[i] = quoteIdent(s.col.name) + ` = "~j"."~v` + itoa(int64(i)) + `"`
	}
	return "UPDATE " + t.sqlName() + ` AS "~u" SET ` + strings.Join(parts, ", ") +
		" FROM (SELECT " + alias + `.rowid AS "~rid", ` + strings.Join(inner, ", ") + from + where + top +
		`) AS "~j" WHERE "~u".rowid = "~j"."~rid"`, nil
}

// execDelete runs DELETE, with FROM, TOP and OUTPUT.
func (x *execCtx) execDelete(n *deleteStmt) error {
	c := newCompiler(x)
	t, sc, target, from, with, err := c.dmlSources(n.Target, n.From, n.With)
	if err != nil {
		return err
	}
	where, err := c.condition(sc, n.Where, "WHERE")
	if err != nil {
		return err
	}
	var out *outputPlan
	if n.Output != nil {
		if out, err = c.compileOutput(n.Output, t, "DELETE"); err != nil {
			return err
		}
	}
	alias := quoteIdent(target.sqlAlias)
	top := ""
	if n.Top != nil {
		tv, err := c.expr(sc, n.Top.N)
		if err != nil {
			return err
		}
		top = " LIMIT " + tv.sql
	}
	var sql string
	switch {
	case from != "":
		sql = "DELETE FROM " + t.sqlName() + " WHERE rowid IN (SELECT " + alias + ".rowid" + from + where + top + ")"
	case top != "":
		sql = "DELETE FROM " + t.sqlName() + " WHERE rowid IN (SELECT " + alias + ".rowid FROM " + t.sqlName() + " AS " + alias + where + top + ")"
	default:
		sql = "DELETE FROM " + t.sqlName() + " AS " + alias + where
	}
	if out != nil {
		sql += out.returning()
	}
	return x.runChange("DELETE", t, with+sql, c.args, out, target, with, from, where)
}

// keyValueText formats a key value as SQL Server's duplicate-key messages do.
func keyValueText(vals []any, types []sqltype.Type) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		if v == nil {
			parts[i] = "<NULL>"
			continue
		}
		s, err := textOf(v, types[i], 0)
		if err != nil {
			s = str(v)
		}
		if isDateTimeKind(types[i].Kind) {
			s, _ = formatDateStyle(str(v), types[i], 121)
		}
		parts[i] = s
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
