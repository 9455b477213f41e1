package tsql

import (
	"database/sql/driver"
	"io"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// assignConvert converts a value for assignment to a variable or
// parameter of type t: implicit conversion rules, CAST's truncation.
func (c *compiler) assignConvert(x *cexpr, t sqltype.Type) (*cexpr, error) {
	if x.null {
		return &cexpr{sql: "NULL", t: xtype{t, true}, lit: true}, nil
	}
	if x.boolean {
		return nil, errNonBoolean("=")
	}
	if err := checkCompatible(x.t.Type, t, "assignment"); err != nil {
		return nil, err
	}
	if isDateTimeKind(x.t.Kind) && isNumericKind(t.Kind) || isNumericKind(x.t.Kind) && isDateTimeKind(t.Kind) && x.t.Kind != sqltype.Bit {
		if t.Kind != sqltype.DateTime && t.Kind != sqltype.SmallDateTime && x.t.Kind != sqltype.DateTime && x.t.Kind != sqltype.SmallDateTime {
			return nil, errTypeClash(x.t.Kind.String(), t.Kind.String())
		}
	}
	return c.explicitConvert(x, t, 0, false)
}

// execSelect runs a SELECT: a result set, SELECT INTO, or variable
// assignment.
func (x *execCtx) execSelect(n *selectStmt) error {
	if core, ok := n.Q.Body.(*selectCore); ok {
		if core.Into != nil {
			return x.execSelectInto(n, core)
		}
		if len(core.Items) > 0 && core.Items[0].AssignVar != "" {
			return x.execAssignSelect(n.Q, core)
		}
	}
	c := newCompiler(x)
	q, err := c.query(newScope(nil), n.Q, true)
	if err != nil {
		return err
	}
	if x.s.opts.fmtOnly {
		if err := x.out.Columns(sqlColumns(q.cols)); err != nil {
			return err
		}
		return x.out.Done(0, false, false)
	}
	count, err := x.stream(q.sql, c.args, q.cols)
	if err != nil {
		return err
	}
	return x.done(count, true)
}

// stream runs a query and sends its rows one at a time, each value
// converted by its column's converter.
func (x *execCtx) stream(sql string, args []any, cols []outCol) (int64, error) {
	rows, err := x.s.c.query(x.ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if err := x.out.Columns(sqlColumns(cols)); err != nil {
		return 0, err
	}
	convs := make([]outConv, len(cols))
	for i, oc := range cols {
		convs[i] = converterFor(oc.t.Type)
	}
	dest := make([]driver.Value, len(rows.Columns()))
	vals := make([]any, len(cols))
	var n int64
	for {
		if err := rows.Next(dest); err != nil {
			if err == io.EOF {
				return n, nil
			}
			return n, mapSQLiteError(err)
		}
		for i, conv := range convs {
			v, err := conv(dest[i])
			if err != nil {
				return n, err
			}
			vals[i] = v
		}
		if err := x.out.Row(vals); err != nil {
			return n, err
		}
		n++
		if x.s.opts.rowcountLimit > 0 && n >= x.s.opts.rowcountLimit {
			return n, nil
		}
	}
}

// execAssignSelect runs SELECT @a = x, @b = y [FROM ...]: the variables
// take the values of the last row; with no row they keep theirs.
func (x *execCtx) execAssignSelect(q *queryExpr, core *selectCore) error {
	c := newCompiler(x)
	targets := make([]*variable, len(core.Items))
	items := make([]selectItem, len(core.Items))
	for i, it := range core.Items {
		if it.AssignVar == "" {
			return newErr(141, 15, 1, "A SELECT statement that assigns a value to a variable must not be combined with data-retrieval operations.").compiled()
		}
		v := x.frame.lookup(it.AssignVar)
		if v == nil || v.table != nil {
			return errMustDeclare(it.AssignVar)
		}
		targets[i] = v
		items[i] = selectItem{X: compoundValue(it.AssignVar, it.AssignOp, it.X)}
	}
	copyCore := *core
	copyCore.Items = items
	cq, err := c.query(newScope(nil), &queryExpr{With: q.With, Body: &copyCore, OrderBy: q.OrderBy, Offset: q.Offset, Fetch: q.Fetch}, true)
	if err != nil {
		return err
	}
	sels := make([]string, len(targets))
	for i, v := range targets {
		ce := &cexpr{sql: quoteIdent(outName(cq.cols[i].name, i+1)), t: cq.cols[i].t}
		conv, err := c.assignConvert(ce, v.t)
		if err != nil {
			return err
		}
		sels[i] = conv.sql
	}
	rows, err := x.s.c.queryAll(x.ctx, "SELECT "+joinComma(sels)+" FROM ("+cq.sql+")", c.args...)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		last := rows[len(rows)-1]
		for i, v := range targets {
			v.val = last[i]
		}
	}
	x.s.rowcount = int64(len(rows))
	return nil
}

// compoundValue turns @v += x into @v + x.
func compoundValue(name, op string, e expr) expr {
	if op == "" || op == "=" {
		return e
	}
	return &binaryExpr{Op: op[:1], L: &varRef{Name: name}, R: e}
}

func joinComma(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += ", "
		}
		out += p
	}
	return out
}

// execSelectInto creates a table from a query's columns and fills it.
func (x *execCtx) execSelectInto(n *selectStmt, core *selectCore) error {
	target := *core.Into
	copyCore := *core
	copyCore.Into = nil
	c := newCompiler(x)
	q, err := c.query(newScope(nil), &queryExpr{With: n.Q.With, Body: &copyCore, OrderBy: n.Q.OrderBy, Offset: n.Q.Offset, Fetch: n.Q.Fetch}, true)
	if err != nil {
		return err
	}
	ct := &createTableStmt{at: n.at, Name: target}
	for i, oc := range q.cols {
		if oc.name == "" {
			return errNoColumnName(i+1, target.Name)
		}
		nullable := oc.t.Nullable
		cd := columnDef{Name: oc.name, Type: typeNameOf(oc.t.Type), Nullable: &nullable}
		if oc.identity && oc.inc != 0 {
			cd.Identity, cd.Seed, cd.Inc = true, itoa(oc.seed), itoa(oc.inc)
		}
		ct.Columns = append(ct.Columns, cd)
	}
	tempOnly := isTempName(target.Name)
	finish, err := x.writeScope(tempOnly)
	if err != nil {
		return err
	}
	count, err := x.selectIntoBody(ct, q, c.args)
	if err = finish(err); err != nil {
		return err
	}
	return x.done(count, true)
}

func (x *execCtx) selectIntoBody(ct *createTableStmt, q *compiledQuery, args []any) (int64, error) {
	t, err := x.createTable(ct, false)
	if err != nil {
		return 0, err
	}
	names := make([]string, len(t.cols))
	sels := make([]string, len(t.cols))
	for i, col := range t.cols {
		names[i] = quoteIdent(col.name)
		sels[i] = quoteIdent(outName(q.cols[i].name, i+1))
	}
	return x.s.c.exec(x.ctx, "INSERT INTO "+t.sqlName()+" ("+joinComma(names)+") SELECT "+joinComma(sels)+" FROM ("+q.sql+")", args...)
}

func isTempName(name string) bool { return len(name) > 0 && (name[0] == '#' || name[0] == '@') }

// typeNameOf writes a type back as a type name.
func typeNameOf(t sqltype.Type) typeName {
	tn := typeName{Name: t.Kind.String()}
	switch t.Kind {
	case sqltype.Char, sqltype.VarChar, sqltype.NChar, sqltype.NVarChar, sqltype.Binary, sqltype.VarBinary:
		tn.Args = []int{t.Length}
	case sqltype.Decimal, sqltype.Numeric:
		tn.Args = []int{int(t.Precision), int(t.Scale)}
	case sqltype.Time, sqltype.DateTime2, sqltype.DateTimeOffset:
		tn.Args = []int{int(t.Scale)}
	}
	return tn
}
