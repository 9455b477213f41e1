package tsql

import (
	"context"
	"database/sql/driver"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// execInsertBulk accepts INSERT BULK: the target and options wait in
// SessionState.PendingBulk for the bulk-load message.
func (x *execCtx) execInsertBulk(n *insertBulkStmt) error {
	t, err := x.dmlTarget(n.Table)
	if err != nil {
		return err
	}
	bt := &backend.BulkTarget{Table: n.Table.String()}
	for _, c := range n.Columns {
		typ, err := resolveType(c.Type)
		if err != nil {
			return err
		}
		col := t.column(c.Name)
		if col == nil {
			return errInvalidColumn(c.Name)
		}
		nullable := col.nullable
		if c.Nullable != nil {
			nullable = *c.Nullable
		}
		bt.Columns = append(bt.Columns, sqltype.Column{Name: col.name, Type: typ, Nullable: nullable, Identity: col.identity})
	}
	if len(n.Columns) == 0 {
		for _, col := range t.cols {
			if !col.computed {
				bt.Columns = append(bt.Columns, sqltype.Column{Name: col.name, Type: col.typ, Nullable: col.nullable, Identity: col.identity})
			}
		}
	}
	for _, o := range n.Options {
		switch o {
		case "CHECK_CONSTRAINTS":
			bt.Options.CheckConstraints = true
		case "FIRE_TRIGGERS":
			bt.Options.FireTriggers = true
		case "KEEP_NULLS", "KEEPNULLS":
			bt.Options.KeepNulls = true
		case "TABLOCK":
			bt.Options.TabLock = true
		case "KEEP_IDENTITY", "KEEPIDENTITY":
			bt.Options.KeepIdentity = true
		case "ORDER", "ROWS_PER_BATCH", "KILOBYTES_PER_BATCH":
		default:
			return newErr(4819, 16, 1, "Cannot bulk load. The bulk data stream was incorrectly specified as sorted or the data violates a uniqueness constraint imposed by the target table. Unknown option %s.", o)
		}
	}
	x.s.pendingBulk = bt
	return x.out.Done(0, false, false)
}

// BulkLoad inserts the rows of a bulk-load message (backend.Session),
// honouring the INSERT BULK options: KEEP_IDENTITY keeps supplied
// identity values, KEEP_NULLS keeps NULLs where defaults exist, and
// without CHECK_CONSTRAINTS, CHECK (and, outside a transaction, FOREIGN
// KEY) constraints are not checked, as SQL Server skips them.
func (s *session) BulkLoad(ctx context.Context, cols []sqltype.Column, rows [][]any, out backend.Results) error {
	bt := s.pendingBulk
	s.pendingBulk = nil
	x := newExecCtx(ctx, s, out, newFrame(nil))
	if bt == nil {
		return out.Message(&newErr(4804, 16, 1, "Bulk load data was received without a preceding INSERT BULK statement.").msg)
	}
	n, ok := parseObjectName(bt.Table)
	if !ok {
		return out.Message(&errInvalidObject(bt.Table).msg)
	}
	count, err := x.bulkLoad(n, bt, cols, rows)
	if err != nil {
		if se, ok := asSQLError(err); ok {
			se.msg.Server = s.e.serverName
			if err := out.Message(&se.msg); err != nil {
				return err
			}
			return out.Done(0, false, true)
		}
		return err
	}
	return x.done(count, true)
}

func (x *execCtx) bulkLoad(n objName, bt *backend.BulkTarget, cols []sqltype.Column, rows [][]any) (int64, error) {
	t, err := x.dmlTarget(n)
	if err != nil {
		return 0, err
	}
	plan, err := x.bulkPlan(t, bt, cols)
	if err != nil {
		return 0, err
	}
	defer unregisterGen(plan.gen)
	restore, err := x.relaxConstraints(bt.Options)
	if err != nil {
		return 0, err
	}
	defer restore()
	finish, err := x.writeScope(t.temp())
	if err != nil {
		return 0, err
	}
	count, err := x.bulkRows(plan, rows)
	if err == nil && bt.Options.KeepIdentity && t.identityColumn() != nil {
		err = x.observeIdentity(t)
	}
	if err = finish(err); err != nil {
		return 0, x.mapConstraint(err, "INSERT", t, nil)
	}
	if plan.genState != nil && plan.genState.n > 0 {
		x.s.lastIdentity = itoa(plan.genState.last)
	}
	return count, nil
}

// bulkInsert is the prepared INSERT of a bulk load and how rows map to it.
type bulkInsert struct {
	sql      string
	from     []int // per parameter: index of the bulk column
	types    []sqltype.Type
	gen      int64
	genState *identGen
}

func (x *execCtx) bulkPlan(t *tableDef, bt *backend.BulkTarget, cols []sqltype.Column) (*bulkInsert, error) {
	p := &bulkInsert{}
	c := newCompiler(x)
	var names, vals []string
	for _, col := range t.cols {
		if col.computed {
			continue
		}
		idx := bulkColumnIndex(cols, col.name)
		switch {
		case col.identity && (idx < 0 || !bt.Options.KeepIdentity):
			ctr, err := x.s.identCounter(x.ctx, t)
			if err != nil {
				return nil, err
			}
			p.gen, p.genState = registerGen(ctr)
			names, vals = append(names, quoteIdent(col.name)), append(vals, "tsql_ident("+itoa(p.gen)+")")
		case idx < 0:
			if col.defaultSQL != "" {
				d, err := c.defaultValue(t, col)
				if err != nil {
					return nil, err
				}
				names, vals = append(names, quoteIdent(col.name)), append(vals, d)
			}
		default:
			ph := "?" + itoa(int64(len(p.from)+1))
			v, err := c.columnValue(&cexpr{sql: ph, t: xtype{cols[idx].Type, true}}, t, col)
			if err != nil {
				return nil, err
			}
			expr := v.sql
			if col.defaultSQL != "" && !bt.Options.KeepNulls {
				d, err := c.defaultValue(t, col)
				if err != nil {
					return nil, err
				}
				expr = "coalesce(" + v.sql + ", " + d + ")"
			}
			p.from, p.types = append(p.from, idx), append(p.types, cols[idx].Type)
			names, vals = append(names, quoteIdent(col.name)), append(vals, expr)
		}
	}
	if len(c.args) > 0 {
		return nil, errNotSupported("defaults that read variables in a bulk load")
	}
	p.sql = "INSERT INTO " + t.sqlName() + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
	return p, nil
}

// bulkColumnIndex finds a bulk column by name, case-insensitively.
func bulkColumnIndex(cols []sqltype.Column, name string) int {
	for i, c := range cols {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

func (x *execCtx) bulkRows(p *bulkInsert, rows [][]any) (int64, error) {
	st, err := x.s.c.c.(driver.ConnPrepareContext).PrepareContext(x.ctx, p.sql)
	if err != nil {
		return 0, mapSQLiteError(err)
	}
	defer st.Close()
	exec := st.(driver.StmtExecContext)
	args := make([]driver.NamedValue, len(p.from))
	for n, row := range rows {
		if err := x.ctx.Err(); err != nil {
			return int64(n), err
		}
		for i, idx := range p.from {
			v, err := toStorage(row[idx], p.types[i])
			if err != nil {
				return int64(n), err
			}
			args[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		// One row is quick: no cancellation watch (a goroutine per call in
		// modernc.org/sqlite); x.ctx is checked before each row.
		if _, err := exec.ExecContext(context.Background(), args); err != nil {
			return int64(n), mapSQLiteError(err)
		}
	}
	return int64(len(rows)), nil
}

// relaxConstraints turns off the checks a bulk load without
// CHECK_CONSTRAINTS skips; the returned function restores them.
func (x *execCtx) relaxConstraints(o backend.BulkOptions) (func(), error) {
	if o.CheckConstraints {
		return func() {}, nil
	}
	c := x.s.c
	if _, err := c.exec(x.ctx, "PRAGMA ignore_check_constraints = ON"); err != nil {
		return nil, err
	}
	fkOff := x.s.tx.count == 0
	if fkOff {
		if _, err := c.exec(x.ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return nil, err
		}
	}
	return func() {
		c.exec(context.Background(), "PRAGMA ignore_check_constraints = OFF")
		if fkOff {
			c.exec(context.Background(), "PRAGMA foreign_keys = ON")
		}
	}, nil
}
