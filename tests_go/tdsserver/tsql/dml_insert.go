package tsql

import (
	"database/sql/driver"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// insertPlan is a compiled INSERT.
type insertPlan struct {
	t        *tableDef
	cols     []*colDef // target columns, in SQL order
	sql      string
	args     []any
	gen      int64 // identity generator, 0 if none
	genState *identGen
	explicit bool // explicit identity values (IDENTITY_INSERT ON)
	keyRows  string
	output   *outputPlan
}

// dmlTarget resolves the table an INSERT/UPDATE/DELETE changes.
func (x *execCtx) dmlTarget(name objName) (*tableDef, error) {
	t, err := x.lookupTable(name)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, errInvalidObject(name.String())
	}
	if t.kind != "U" {
		return nil, newErr(4405, 16, 1, "View or function '%s' is not updatable because the modification affects multiple base tables.", name.String())
	}
	return t, nil
}

func (x *execCtx) execInsert(n *insertStmt) error {
	if p, ok := x.cachedInsert(n); ok {
		return x.runInsert(p)
	}
	t, err := x.dmlTarget(n.Target)
	if err != nil {
		return err
	}
	if n.Exec != nil {
		return x.insertExec(n, t)
	}
	c := newCompiler(x)
	p, err := c.compileInsert(n, t)
	if err != nil {
		return err
	}
	x.keepInsert(n, c, p)
	return x.runInsert(p)
}

// insertColumns resolves the column list of an INSERT.
func (x *execCtx) insertColumns(n *insertStmt, t *tableDef) ([]*colDef, bool, error) {
	identityOn := x.s.identityInsert != nil && sameTable(x.s.identityInsert, t)
	if len(n.Columns) == 0 {
		if identityOn && t.identityColumn() != nil {
			return nil, false, errIdentityNeedsColumnList(t.name)
		}
		var cols []*colDef
		for _, col := range t.cols {
			if !col.identity && !col.computed {
				cols = append(cols, col)
			}
		}
		return cols, false, nil
	}
	cols := make([]*colDef, len(n.Columns))
	explicit := false
	for i, name := range n.Columns {
		col := t.column(name)
		if col == nil {
			return nil, false, errInvalidColumn(name)
		}
		if col.computed {
			return nil, false, newErr(271, 16, 1, "The column \"%s\" cannot be modified because it is either a computed column or is the result of a UNION operator.", col.name)
		}
		if col.identity {
			if !identityOn {
				return nil, false, errIdentityInsertOff(t.name)
			}
			explicit = true
		}
		for _, prev := range cols[:i] {
			if prev == col {
				return nil, false, newErr(264, 16, 1, "The column name '%s' is specified more than once in the SET clause or column list of an INSERT. A column cannot be assigned more than one value in the same clause. Modify the clause to make sure that a column is updated only once. If this statement updates or inserts columns into a view, column aliasing can conceal the duplication in your code.", col.name)
			}
		}
		cols[i] = col
	}
	return cols, explicit, nil
}

func (c *compiler) compileInsert(n *insertStmt, t *tableDef) (*insertPlan, error) {
	x := c.x
	cols, explicit, err := x.insertColumns(n, t)
	if err != nil {
		return nil, err
	}
	if n.DefaultValues {
		cols = nil
	}
	p := &insertPlan{t: t, explicit: explicit}
	implied := c.impliedColumns(t, cols)
	if id := t.identityColumn(); id != nil && !explicit {
		ctr, err := x.s.identCounter(x.ctx, t)
		if err != nil {
			return nil, err
		}
		p.gen, p.genState = registerGen(ctr)
	}
	p.cols = append(append([]*colDef{}, cols...), implied...)
	if id := t.identityColumn(); id != nil && !explicit {
		p.cols = append(p.cols, id)
	}
	var body string
	switch {
	case n.Values != nil:
		body, err = c.insertValues(n, t, cols, implied, p)
	case n.Query != nil:
		body, err = c.insertQuery(n, t, cols, implied, p)
	default:
		body, err = c.insertDefaults(t, implied, p)
	}
	if err != nil {
		unregisterGen(p.gen)
		return nil, err
	}
	names := make([]string, len(p.cols))
	for i, col := range p.cols {
		names[i] = quoteIdent(col.name)
	}
	p.sql = "INSERT INTO " + t.sqlName() + " (" + strings.Join(names, ", ") + ") " + body
	if len(p.cols) == 0 {
		p.sql = "INSERT INTO " + t.sqlName() + " DEFAULT VALUES"
	}
	if n.Output != nil {
		if p.output, err = c.compileOutput(n.Output, t, "INSERT"); err != nil {
			unregisterGen(p.gen)
			return nil, err
		}
		p.sql += p.output.returning()
	}
	p.args = c.args
	return p, nil
}

// impliedColumns are the columns an INSERT leaves to their defaults.
func (c *compiler) impliedColumns(t *tableDef, given []*colDef) []*colDef {
	var out []*colDef
	for _, col := range t.cols {
		if col.identity || col.computed || col.defaultSQL == "" {
			continue
		}
		listed := false
		for _, g := range given {
			listed = listed || g == col
		}
		if !listed {
			out = append(out, col)
		}
	}
	return out
}

// defaultValue compiles a column's default, NULL without one.
func (c *compiler) defaultValue(t *tableDef, col *colDef) (string, error) {
	if col.defaultSQL == "" {
		return "NULL", nil
	}
	e, err := c.parseStored(col.defaultSQL)
	if err != nil {
		return "", err
	}
	x, err := c.expr(newScope(nil), e)
	if err != nil {
		return "", err
	}
	v, err := c.columnValue(x, t, col)
	if err != nil {
		return "", err
	}
	return v.sql, nil
}

// identSQL is the generated identity value of a row.
func (p *insertPlan) identSQL() string { return "tsql_ident(" + itoa(p.gen) + ")" }

func (c *compiler) tailValues(t *tableDef, implied []*colDef, p *insertPlan) ([]string, error) {
	var out []string
	for _, col := range implied {
		v, err := c.defaultValue(t, col)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if p.gen != 0 {
		out = append(out, p.identSQL())
	}
	return out, nil
}

func (c *compiler) insertValues(n *insertStmt, t *tableDef, cols, implied []*colDef, p *insertPlan) (string, error) {
	if len(n.Values) > 1000 {
		return "", newErr(10738, 15, 1, "The number of row value expressions in the INSERT statement exceeds the maximum allowed number of 1000 row values.").compiled()
	}
	rows := make([]string, len(n.Values))
	var keys []string
	for i, row := range n.Values {
		if err := valuesCountCheck(len(n.Columns) > 0, len(row), len(cols)); err != nil {
			return "", err
		}
		vals := make([]string, 0, len(p.cols))
		for j, e := range row {
			v, err := c.insertValue(e, t, cols[j])
			if err != nil {
				return "", err
			}
			vals = append(vals, v)
		}
		tail, err := c.tailValues(t, implied, p)
		if err != nil {
			return "", err
		}
		vals = append(vals, tail...)
		rows[i] = "(" + strings.Join(vals, ", ") + ")"
		keys = append(keys, strings.ReplaceAll(rows[i], p.identSQL(), "NULL"))
	}
	p.keyRows = "VALUES " + strings.Join(keys, ", ")
	return "VALUES " + strings.Join(rows, ", "), nil
}

func valuesCountCheck(listed bool, got, want int) error {
	switch {
	case got == want:
		return nil
	case !listed:
		return errColumnCountMismatch()
	case got > want:
		return errFewerColumns()
	}
	return errMoreColumns()
}

// insertValue compiles one VALUES item for a column (DEFAULT included).
func (c *compiler) insertValue(e expr, t *tableDef, col *colDef) (string, error) {
	if _, ok := e.(*defaultExpr); ok {
		if col.identity {
			return "", errIdentityInsertOff(t.name)
		}
		return c.defaultValue(t, col)
	}
	x, err := c.expr(newScope(nil), e)
	if err != nil {
		return "", err
	}
	v, err := c.columnValue(x, t, col)
	if err != nil {
		return "", err
	}
	return v.sql, nil
}

func (c *compiler) insertQuery(n *insertStmt, t *tableDef, cols, implied []*colDef, p *insertPlan) (string, error) {
	q, err := c.query(newScope(nil), n.Query, true)
	if err != nil {
		return "", err
	}
	if len(q.cols) != len(cols) {
		if len(n.Columns) == 0 {
			return "", errColumnCountMismatch()
		}
		if len(q.cols) < len(cols) {
			return "", newErr(120, 15, 1, "The select list for the INSERT statement contains fewer items than the insert list. The number of SELECT values must match the number of INSERT columns.").compiled()
		}
		return "", newErr(121, 15, 1, "The select list for the INSERT statement contains more items than the insert list. The number of SELECT values must match the number of INSERT columns.").compiled()
	}
	vals := make([]string, 0, len(p.cols))
	for i, oc := range q.cols {
		ref := &cexpr{sql: `"~src".` + quoteIdent(outName(oc.name, i+1)), t: oc.t}
		v, err := c.columnValue(ref, t, cols[i])
		if err != nil {
			return "", err
		}
		vals = append(vals, v.sql)
	}
	tail, err := c.tailValues(t, implied, p)
	if err != nil {
		return "", err
	}
	sel := "SELECT " + strings.Join(append(vals, tail...), ", ") + ` FROM (` + q.sql + `) AS "~src"`
	p.keyRows = strings.ReplaceAll(sel, p.identSQL(), "NULL")
	return sel + " WHERE true", nil
}

func (c *compiler) insertDefaults(t *tableDef, implied []*colDef, p *insertPlan) (string, error) {
	tail, err := c.tailValues(t, implied, p)
	if err != nil || len(tail) == 0 {
		return "", err
	}
	return "VALUES (" + strings.Join(tail, ", ") + ")", nil
}

// columnValue converts a value for storing into a column, checking for
// truncation (2628) where the value may not fit.
func (c *compiler) columnValue(x *cexpr, t *tableDef, col *colDef) (*cexpr, error) {
	to := col.typ
	c.suggest(x, to)
	if x.null {
		return &cexpr{sql: "NULL", t: xtype{to, true}}, nil
	}
	if x.boolean {
		return nil, errNonBoolean("VALUES")
	}
	if err := checkCompatible(x.t.Type, to, "INSERT"); err != nil {
		return nil, err
	}
	if err := implicitAssignable(x.t.Type, to); err != nil {
		return nil, err
	}
	bounded := (isStringKind(to.Kind) || isBinaryKind(to.Kind)) && to.Length > 0
	if !bounded || fitsLength(x.t.Type, to) {
		return c.coerce(x, to)
	}
	if x.lit {
		v, err := fnAssign(nil, []driver.Value{x.val, encodeType(x.t.Type), encodeType(to), t.fullName(), col.name})
		if err != nil {
			return nil, udfError(err)
		}
		return value(v, to), nil
	}
	return &cexpr{sql: "tsql_assign(" + x.sql + ", " + itoa(encodeType(x.t.Type)) + ", " + itoa(encodeType(to)) + ", " +
		quoteString(t.fullName()) + ", " + quoteString(col.name) + ")", t: xtype{to, x.t.Nullable}}, nil
}

// fitsLength reports whether every value of type a fits column type b.
func fitsLength(a, b sqltype.Type) bool {
	if b.Length == sqltype.Max || b.Length <= 0 {
		return true
	}
	if isStringKind(a.Kind) || isBinaryKind(a.Kind) {
		if a.Length == sqltype.Max || a.Kind == sqltype.Text || a.Kind == sqltype.NText || a.Kind == sqltype.Image {
			return false
		}
		return a.Length <= b.Length
	}
	switch {
	case a.Kind == sqltype.UniqueIdentifier:
		return b.Length >= 36
	case isIntKind(a.Kind) || a.Kind == sqltype.Bit:
		return b.Length >= 20
	}
	return b.Length >= 30
}

// implicitAssignable rejects assignments SQL Server refuses implicitly.
func implicitAssignable(from, to sqltype.Type) error {
	switch {
	case isBinaryKind(from.Kind) && (isStringKind(to.Kind) && isUnicodeKind(to.Kind)):
		return nil
	case isDateTimeKind(from.Kind) && isNumericKind(to.Kind):
		return errImplicitConversion(from.Kind.String(), to.Kind.String())
	case (isStringKind(from.Kind) && isBinaryKind(to.Kind)) && from.Kind != sqltype.Text:
		return errImplicitConversion(from.Kind.String(), to.Kind.String())
	}
	return nil
}
