package tsql

import (
	"database/sql/driver"
	"io"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// outputScope resolves INSERTED.col and DELETED.col in an OUTPUT clause;
// SQLite's RETURNING sees the changed row under bare column names.
type outputScope struct {
	t       *tableDef
	verb    string
	deleted []string // UPDATE: columns read before the change
}

func (o *outputScope) resolve(parts []string) (*cexpr, bool, error) {
	if len(parts) != 2 {
		return nil, false, nil
	}
	which := strings.ToUpper(parts[0])
	if which != "INSERTED" && which != "DELETED" {
		return nil, false, nil
	}
	if (which == "INSERTED" && o.verb == "DELETE") || (which == "DELETED" && o.verb == "INSERT") {
		return nil, true, errMultipartNotBound(strings.Join(parts, "."))
	}
	col := o.t.column(parts[1])
	if col == nil {
		return nil, true, errInvalidColumn(parts[1])
	}
	ce := &cexpr{sql: quoteIdent(col.name), t: xtype{col.typ, col.nullable}, name: col.name, col: &colInfo{name: col.name, identity: col.identity, table: o.t.twoPartName()}}
	if which == "DELETED" && o.verb == "UPDATE" {
		o.deleted = append(o.deleted, col.name)
		ce.sql = "~deleted" + itoa(int64(len(o.deleted)-1))
	}
	return ce, true, nil
}

// outputPlan is a compiled OUTPUT clause.
type outputPlan struct {
	cols     []outCol
	exprs    []string // RETURNING expressions, or "~deletedN"
	deleted  []string
	into     *tableDef
	intoCols []*colDef
}

func (c *compiler) compileOutput(o *outputClause, t *tableDef, verb string) (*outputPlan, error) {
	os := &outputScope{t: t, verb: verb}
	c.output = os
	defer func() { c.output = nil }()
	p := &outputPlan{}
	for _, it := range o.Items {
		if it.Star {
			if err := p.addStar(t, it.StarQual, verb); err != nil {
				return nil, err
			}
			continue
		}
		x, err := c.expr(newScope(nil), it.X)
		if err != nil {
			return nil, err
		}
		oc := outCol{name: x.name, t: x.t}
		if it.Alias != "" {
			oc.name = it.Alias
		}
		if x.col != nil {
			oc.identity, oc.table = x.col.identity, x.col.table
		}
		p.cols = append(p.cols, oc)
		p.exprs = append(p.exprs, x.sql)
	}
	p.deleted = os.deleted
	for _, e := range p.exprs {
		if strings.Contains(e, "~deleted") && !strings.HasPrefix(e, "~deleted") {
			return nil, errNotSupported("an OUTPUT expression mixing DELETED with other values")
		}
	}
	if o.Into != nil {
		return p, c.outputInto(p, o)
	}
	return p, nil
}

func (p *outputPlan) addStar(t *tableDef, qual []string, verb string) error {
	which := "INSERTED"
	if len(qual) == 1 {
		which = strings.ToUpper(qual[0])
	}
	if len(qual) != 1 || (which != "INSERTED" && which != "DELETED") ||
		(which == "INSERTED" && verb == "DELETE") || (which == "DELETED" && verb == "INSERT") {
		return errMultipartNotBound(strings.Join(qual, ".") + ".*")
	}
	for _, col := range t.cols {
		p.cols = append(p.cols, outCol{name: col.name, t: xtype{col.typ, col.nullable}, identity: col.identity, table: t.twoPartName()})
		if which == "DELETED" && verb == "UPDATE" {
			p.deleted = append(p.deleted, col.name)
			p.exprs = append(p.exprs, "~deleted"+itoa(int64(len(p.deleted)-1)))
		} else {
			p.exprs = append(p.exprs, quoteIdent(col.name))
		}
	}
	return nil
}

func (c *compiler) outputInto(p *outputPlan, o *outputClause) error {
	t, err := c.x.dmlTarget(*o.Into)
	if err != nil {
		return err
	}
	p.into = t
	if len(o.IntoCols) == 0 {
		for _, col := range t.cols {
			if !col.identity && !col.computed {
				p.intoCols = append(p.intoCols, col)
			}
		}
	} else {
		for _, name := range o.IntoCols {
			col := t.column(name)
			if col == nil {
				return errInvalidColumn(name)
			}
			p.intoCols = append(p.intoCols, col)
		}
	}
	if len(p.intoCols) != len(p.cols) {
		return newErr(404, 16, 1, "Column name or number of supplied values does not match table definition.")
	}
	return nil
}

// returning renders the RETURNING clause (UPDATE with DELETED values also
// returns the rowid to pair rows).
func (p *outputPlan) returning() string {
	var parts []string
	if len(p.deleted) > 0 {
		parts = append(parts, "rowid")
	}
	for _, e := range p.exprs {
		if !strings.HasPrefix(e, "~deleted") {
			parts = append(parts, e)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "NULL")
	}
	return " RETURNING " + strings.Join(parts, ", ")
}

// runDML executes a change; with OUTPUT its rows are streamed (or kept for
// OUTPUT INTO) and counted.
func (x *execCtx) runDML(sql string, args []any, out *outputPlan, before map[int64][]any) (int64, error) {
	if out == nil {
		return x.s.c.exec(x.ctx, sql, args...)
	}
	rows, err := x.s.c.query(x.ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	convs := make([]outConv, len(out.cols))
	for i, oc := range out.cols {
		convs[i] = converterFor(oc.t.Type)
	}
	if out.into == nil {
		if err := x.out.Columns(sqlColumns(out.cols)); err != nil {
			return 0, err
		}
	}
	dest := make([]driver.Value, len(rows.Columns()))
	var kept [][]any
	var n int64
	for {
		if err := rows.Next(dest); err != nil {
			if err == io.EOF {
				break
			}
			return n, mapSQLiteError(err)
		}
		vals := out.assemble(dest, before)
		n++
		if out.into != nil {
			kept = append(kept, vals)
			continue
		}
		for i, conv := range convs {
			if vals[i], err = conv(vals[i]); err != nil {
				return n, err
			}
		}
		if err := x.out.Row(vals); err != nil {
			return n, err
		}
	}
	if out.into != nil {
		return n, x.insertOutputRows(out, kept)
	}
	return n, nil
}

// assemble orders one RETURNING row as the OUTPUT list, filling DELETED
// values from the rows read before an UPDATE.
func (p *outputPlan) assemble(dest []driver.Value, before map[int64][]any) []any {
	vals := make([]any, len(p.exprs))
	j := 0
	var old []any
	if len(p.deleted) > 0 {
		old = before[i64(dest[0])]
		j = 1
	}
	for i, e := range p.exprs {
		if strings.HasPrefix(e, "~deleted") {
			k, _ := argInt(strings.TrimPrefix(e, "~deleted"))
			if int(k) < len(old) {
				vals[i] = old[k]
			}
			continue
		}
		vals[i] = dest[j]
		j++
	}
	return vals
}

func (x *execCtx) insertOutputRows(p *outputPlan, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	c := newCompiler(x)
	vals := make([]string, len(p.intoCols))
	names := make([]string, len(p.intoCols))
	for i, col := range p.intoCols {
		names[i] = quoteIdent(col.name)
		v, err := c.columnValue(&cexpr{sql: "?" + itoa(int64(i+1)), t: p.cols[i].t}, p.into, col)
		if err != nil {
			return err
		}
		vals[i] = v.sql
	}
	sql := "INSERT INTO " + p.into.sqlName() + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
	for _, r := range rows {
		if _, err := x.s.c.exec(x.ctx, sql, r...); err != nil {
			return err
		}
	}
	return nil
}

// captureResults collects the rows of INSERT ... EXEC and passes messages on.
type captureResults struct {
	backend.Results
	cols []sqltype.Column
	rows [][]any
}

func (c *captureResults) Columns(cols []sqltype.Column) error { c.cols = cols; return nil }

func (c *captureResults) Row(values []any) error {
	c.rows = append(c.rows, append([]any(nil), values...))
	return nil
}

func (c *captureResults) Done(int64, bool, bool) error { return nil }
func (c *captureResults) ReturnStatus(int32) error     { return nil }
func (c *captureResults) ReturnValue(backend.Param) error {
	return nil
}
