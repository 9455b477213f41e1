package tsql

import (
	"strings"
)

// ALTER TABLE rebuilds the SQLite table from the changed specification
// (SQLite cannot add constraints or change columns in place): the old
// table is renamed aside, the new one created under the table's name, the
// rows copied, and the old one dropped. Child tables' foreign keys name
// the table, so they follow it.

// indexSpec is an index created by CREATE INDEX, recreated by a rebuild.
type indexSpec struct {
	name, sqlite string
	unique       bool
	cols         []string
	desc         []bool
}

func (x *execCtx) execAlterTable(n *alterTableStmt) error {
	t, err := x.lookupTable(n.Name)
	if err != nil {
		return err
	}
	if t == nil || t.kind != "U" {
		return errObjectNotFound(n.Name.String())
	}
	finish, err := x.writeScope(t.temp())
	if err != nil {
		return err
	}
	return finish(x.alterTable(t, n))
}

func (x *execCtx) alterTable(t *tableDef, n *alterTableStmt) error {
	spec, extra, err := x.specFromCatalog(t)
	if err != nil {
		return err
	}
	exprs := map[string]string{}
	for _, c := range spec.cols {
		if !c.computed {
			exprs[strings.ToLower(c.name)] = quoteIdent(c.name)
		}
	}
	if err := x.applyAlter(spec, n, exprs); err != nil {
		return err
	}
	if err := x.checkConstraintNamesExcept(spec, t); err != nil {
		return err
	}
	return x.rebuild(t, spec, extra, exprs)
}

func (x *execCtx) applyAlter(spec *tableSpec, n *alterTableStmt, exprs map[string]string) error {
	for _, cd := range n.AddColumns {
		if err := x.addColumn(spec, cd, exprs); err != nil {
			return err
		}
	}
	for _, k := range n.AddConstraints {
		if err := x.addConstraint(spec, k, ""); err != nil {
			return err
		}
	}
	for _, name := range n.DropConstraints {
		if !spec.dropConstraint(name) && !n.IfExists {
			return newErr(3728, 16, 1, "'%s' is not a constraint.", name)
		}
	}
	for _, name := range n.DropColumns {
		if err := spec.dropColumn(name, n.IfExists); err != nil {
			return err
		}
		delete(exprs, strings.ToLower(name))
	}
	if n.AlterColumn != nil {
		return x.alterColumn(spec, *n.AlterColumn, exprs)
	}
	return nil
}

func (x *execCtx) addColumn(spec *tableSpec, cd columnDef, exprs map[string]string) error {
	if spec.col(cd.Name) != nil {
		return errDuplicateColumn(cd.Name, spec.name)
	}
	c, err := x.colFromDef(spec, cd)
	if err != nil {
		return err
	}
	spec.cols = append(spec.cols, c)
	for _, k := range cd.Constraints {
		if err := x.addConstraint(spec, k, cd.Name); err != nil {
			return err
		}
	}
	if c.computed {
		return nil
	}
	fill := "NULL"
	if c.defaultSQL != "" && !c.nullable {
		comp := newCompiler(x)
		v, err := comp.defaultValue(spec.asTableDef(), &c.colDef)
		if err != nil {
			return err
		}
		if len(comp.args) > 0 {
			return errNotSupported("a default that reads variables")
		}
		fill = v
	}
	if !c.nullable && fill == "NULL" && !c.identity {
		count, err := x.s.c.queryValue(x.ctx, "SELECT count(*) FROM "+quoteIdent(spec.cs.alias)+"."+quoteIdent(spec.sqlite))
		if err != nil {
			return err
		}
		if i64(count) > 0 {
			return newErr(4901, 16, 1, "ALTER TABLE only allows columns to be added that can contain nulls, or have a DEFAULT definition specified, or the column being added is an identity or timestamp column, or alternatively if none of the previous conditions are satisfied the table must be empty to allow addition of this column. Column '%s' cannot be added to non-empty table '%s' because it does not satisfy these conditions.", c.name, spec.name)
		}
	}
	if c.identity {
		fill = "(" + itoa(c.seed) + " + (row_number() OVER (ORDER BY rowid) - 1) * " + itoa(c.inc) + ")"
	}
	exprs[strings.ToLower(c.name)] = fill
	return nil
}

func (x *execCtx) alterColumn(spec *tableSpec, cd columnDef, exprs map[string]string) error {
	c := spec.col(cd.Name)
	if c == nil {
		return errInvalidColumn(cd.Name)
	}
	typ, err := resolveType(cd.Type)
	if err != nil {
		return err
	}
	old := c.typ
	c.typ = typ
	c.nullable = true
	if cd.Nullable != nil {
		c.nullable = *cd.Nullable
	}
	comp := newCompiler(x)
	v, err := comp.columnValue(&cexpr{sql: quoteIdent(c.name), t: xtype{old, true}}, spec.asTableDef(), &c.colDef)
	if err != nil {
		return err
	}
	exprs[strings.ToLower(c.name)] = v.sql
	return nil
}

func (t *tableSpec) dropConstraint(name string) bool {
	for i, k := range t.keys {
		if strings.EqualFold(k.name, name) {
			t.keys = append(t.keys[:i], t.keys[i+1:]...)
			return true
		}
	}
	for i, f := range t.fks {
		if strings.EqualFold(f.name, name) {
			t.fks = append(t.fks[:i], t.fks[i+1:]...)
			return true
		}
	}
	for i, c := range t.checks {
		if strings.EqualFold(c.name, name) {
			t.checks = append(t.checks[:i], t.checks[i+1:]...)
			return true
		}
	}
	for _, c := range t.cols {
		if c.defaultSQL != "" && strings.EqualFold(c.defaultName, name) {
			c.defaultSQL, c.defaultName = "", ""
			return true
		}
	}
	return false
}

func (t *tableSpec) dropColumn(name string, ifExists bool) error {
	for i, c := range t.cols {
		if !strings.EqualFold(c.name, name) {
			continue
		}
		for _, dep := range t.dependents(c.name) {
			return newErr(5074, 16, 1, "The object '%s' is dependent on column '%s'.", dep, c.name)
		}
		if c.defaultSQL != "" {
			return newErr(5074, 16, 1, "The object '%s' is dependent on column '%s'.", c.defaultName, c.name)
		}
		t.cols = append(t.cols[:i], t.cols[i+1:]...)
		return nil
	}
	if ifExists {
		return nil
	}
	return newErr(4924, 16, 1, "ALTER TABLE DROP COLUMN failed because column '%s' does not exist in table '%s'.", name, t.name)
}

func (t *tableSpec) dependents(col string) []string {
	var out []string
	for _, k := range t.keys {
		if containsFold(k.cols, col) {
			out = append(out, k.name)
		}
	}
	for _, f := range t.fks {
		if containsFold(f.cols, col) {
			out = append(out, f.name)
		}
	}
	for _, c := range t.checks {
		if c.column != "" && strings.EqualFold(c.column, col) {
			out = append(out, c.name)
		}
	}
	return out
}

// checkConstraintNamesExcept rejects new constraint names already taken
// by other objects.
func (x *execCtx) checkConstraintNamesExcept(spec *tableSpec, t *tableDef) error {
	a := quoteIdent(t.alias) + "."
	for _, name := range spec.constraintNames() {
		v, err := x.s.c.queryValue(x.ctx, "SELECT count(*) FROM "+a+"__tsql_objects WHERE name = ? AND parent_object_id <> ? AND object_id <> ?", name, t.id, t.id)
		if err != nil {
			return err
		}
		if i64(v) > 0 {
			return errObjectExists(name)
		}
	}
	return nil
}

// rebuild replaces the SQLite table and its catalog rows by the spec's.
// The rows wait in a TEMP copy while the table is dropped and created
// again; foreign keys are deferred so that child rows find their parents
// again in the new table.
func (x *execCtx) rebuild(t *tableDef, spec *tableSpec, extra []indexSpec, exprs map[string]string) error {
	c := x.s.c
	hold := `temp."~rebuild"`
	for _, q := range []string{"PRAGMA defer_foreign_keys = ON", "DROP TABLE IF EXISTS " + hold,
		"CREATE TABLE " + hold + " AS SELECT * FROM " + t.sqlName() + " ORDER BY rowid", "DROP TABLE " + t.sqlName(),
		spec.sqliteDDL(spec.sqlite)} {
		if _, err := c.exec(x.ctx, q); err != nil {
			return err
		}
	}
	var names, sels []string
	for _, col := range spec.cols {
		if e, ok := exprs[strings.ToLower(col.name)]; ok && !col.computed {
			names, sels = append(names, quoteIdent(col.name)), append(sels, e)
		}
	}
	if len(names) > 0 {
		_, err := c.exec(x.ctx, "INSERT INTO "+t.sqlName()+" ("+strings.Join(names, ", ")+") SELECT "+strings.Join(sels, ", ")+" FROM "+hold+" ORDER BY rowid")
		if err != nil {
			return x.alterConflict(err, t)
		}
	}
	if _, err := c.exec(x.ctx, "DROP TABLE "+hold); err != nil {
		return err
	}
	if err := x.s.deleteObjectCatalog(x.ctx, t.alias, t.id); err != nil {
		return err
	}
	spec.id = t.id
	if err := x.s.writeTableCatalog(x.ctx, spec); err != nil {
		return err
	}
	x.noteDDL()
	if err := x.checkNewForeignKeys(t); err != nil {
		return err
	}
	return x.recreateIndexes(t, spec, extra)
}

// checkNewForeignKeys reports rows that break the table's foreign keys
// (deferred during the rebuild), as ALTER TABLE ... ADD FOREIGN KEY does.
func (x *execCtx) checkNewForeignKeys(t *tableDef) error {
	rows, err := x.s.c.queryAll(x.ctx, "PRAGMA "+quoteIdent(t.alias)+".foreign_key_check("+quoteString(t.sqlite)+")")
	if err != nil || len(rows) == 0 {
		return err
	}
	mapped := x.fkViolation("ALTER TABLE", t)
	return mapped
}

// alterConflict reports the rows that break a new constraint.
func (x *execCtx) alterConflict(err error, t *tableDef) error {
	mapped := x.mapConstraint(err, "ALTER TABLE", t, nil)
	if se, ok := asSQLError(mapped); ok && (se.msg.Number == 2627 || se.msg.Number == 2601) {
		return newErr(1505, 16, 1, "The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name '%s'.", t.twoPartName())
	}
	return mapped
}

func (x *execCtx) recreateIndexes(t *tableDef, spec *tableSpec, extra []indexSpec) error {
	td := spec.asTableDef()
	for _, ix := range extra {
		ok := true
		for _, c := range ix.cols {
			ok = ok && spec.col(c) != nil
		}
		if !ok {
			continue
		}
		n := &createIndexStmt{Name: ix.name, Unique: ix.unique, Columns: ix.cols, Desc: ix.desc}
		if err := x.createIndex(td, n); err != nil {
			return err
		}
	}
	return nil
}

// specFromCatalog reads a table's full specification back.
func (x *execCtx) specFromCatalog(t *tableDef) (*tableSpec, []indexSpec, error) {
	cs := catalogSchema{alias: t.alias, db: t.db, schema: t.schema}
	spec := &tableSpec{cs: cs, name: t.name, id: t.id, sqlite: t.sqlite}
	a := quoteIdent(t.alias) + "."
	cols, err := x.s.c.queryAll(x.ctx, `SELECT c.column_id, d.name, c.definition, c.collation_name FROM `+a+`__tsql_columns c
		LEFT JOIN `+a+`__tsql_objects d ON d.object_id = c.default_object_id AND c.default_object_id <> 0
		WHERE c.object_id = ? ORDER BY c.column_id`, t.id)
	if err != nil {
		return nil, nil, err
	}
	for i, cd := range t.cols {
		c := &colSpec{colDef: *cd}
		c.defaultName, c.computedSrc, c.collName = str(cols[i][1]), str(cols[i][2]), str(cols[i][3])
		if c.collName == defaultCollation {
			c.collName = ""
		}
		spec.cols = append(spec.cols, c)
	}
	for _, c := range spec.cols {
		if c.computed {
			if err := x.recompileComputed(spec, c); err != nil {
				return nil, nil, err
			}
		}
	}
	extra, err := x.readKeys(spec, a)
	if err != nil {
		return nil, nil, err
	}
	if err := x.readFKs(spec, a); err != nil {
		return nil, nil, err
	}
	return spec, extra, x.readChecks(spec, a)
}

func (x *execCtx) recompileComputed(spec *tableSpec, c *colSpec) error {
	e, err := parseExprText(c.computedSrc)
	if err != nil {
		return err
	}
	comp := newCompiler(x)
	comp.static = true
	ce, err := comp.expr(spec.columnScope(), e)
	if err != nil {
		return err
	}
	c.computedSQL = ce.sql
	return nil
}

func (x *execCtx) readKeys(spec *tableSpec, a string) ([]indexSpec, error) {
	rows, err := x.s.c.queryAll(x.ctx, `SELECT i.index_id, i.name, i.type, i.is_unique, i.is_primary_key, i.is_unique_constraint, i.sqlite_name, c.name, ic.is_descending_key
		FROM `+a+`__tsql_indexes i JOIN `+a+`__tsql_index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
		JOIN `+a+`__tsql_columns c ON c.object_id = i.object_id AND c.column_id = ic.column_id
		WHERE i.object_id = ? AND ic.is_included_column = 0 ORDER BY i.index_id, ic.key_ordinal`, spec.id)
	if err != nil {
		return nil, err
	}
	var extra []indexSpec
	last := int64(-1)
	for _, r := range rows {
		constraint := i64(r[4]) == 1 || i64(r[5]) == 1
		if i64(r[0]) != last {
			last = i64(r[0])
			if constraint {
				spec.keys = append(spec.keys, &keySpec{name: str(r[1]), primary: i64(r[4]) == 1, clustered: i64(r[2]) == 1})
			} else {
				extra = append(extra, indexSpec{name: str(r[1]), sqlite: str(r[6]), unique: i64(r[3]) == 1})
			}
		}
		if constraint {
			k := spec.keys[len(spec.keys)-1]
			k.cols, k.desc = append(k.cols, str(r[7])), append(k.desc, i64(r[8]) == 1)
		} else {
			ix := &extra[len(extra)-1]
			ix.cols, ix.desc = append(ix.cols, str(r[7])), append(ix.desc, i64(r[8]) == 1)
		}
	}
	return extra, nil
}

var fkActionNames = map[int64]string{0: "", 1: "CASCADE", 2: "SET NULL", 3: "SET DEFAULT"}

func (x *execCtx) readFKs(spec *tableSpec, a string) error {
	rows, err := x.s.c.queryAll(x.ctx, `SELECT k.name, f.referenced_object_id, rt.sqlite_name, rt.name, rs.name, pc.name, rc.name, f.delete_action, f.update_action, f.object_id
		FROM `+a+`__tsql_foreign_keys f JOIN `+a+`__tsql_objects k ON k.object_id = f.object_id
		JOIN `+a+`__tsql_objects rt ON rt.object_id = f.referenced_object_id JOIN `+a+`__tsql_schemas rs ON rs.schema_id = rt.schema_id
		JOIN `+a+`__tsql_fk_columns fc ON fc.constraint_object_id = f.object_id
		JOIN `+a+`__tsql_columns pc ON pc.object_id = f.parent_object_id AND pc.column_id = fc.parent_column_id
		JOIN `+a+`__tsql_columns rc ON rc.object_id = f.referenced_object_id AND rc.column_id = fc.referenced_column_id
		WHERE f.parent_object_id = ? ORDER BY f.object_id, fc.constraint_column_id`, spec.id)
	if err != nil {
		return err
	}
	last := int64(-1)
	for _, r := range rows {
		if i64(r[9]) != last {
			last = i64(r[9])
			ref := i64(r[1])
			if ref == spec.id {
				ref = -1
			}
			spec.fks = append(spec.fks, &fkSpec{name: str(r[0]), refID: ref, refSQLite: str(r[2]), refName: str(r[3]),
				refSchema: str(r[4]), onDelete: fkActionNames[i64(r[7])], onUpdate: fkActionNames[i64(r[8])]})
		}
		f := spec.fks[len(spec.fks)-1]
		f.cols, f.refCols = append(f.cols, str(r[5])), append(f.refCols, str(r[6]))
	}
	return nil
}

func (x *execCtx) readChecks(spec *tableSpec, a string) error {
	rows, err := x.s.c.queryAll(x.ctx, "SELECT name, definition FROM "+a+"__tsql_objects WHERE parent_object_id = ? AND type = 'C' ORDER BY object_id", spec.id)
	if err != nil {
		return err
	}
	td := spec.asTableDef()
	for _, r := range rows {
		ck := &checkSpec{name: str(r[0]), src: str(r[1])}
		ck.column = singleColumnOf(ck.src, td)
		if err := x.compileCheck(spec, ck); err != nil {
			return err
		}
		spec.checks = append(spec.checks, ck)
	}
	return nil
}

// execDBCC runs DBCC CHECKIDENT and accepts the maintenance commands.
func (x *execCtx) execDBCC(n *dbccStmt) error {
	if n.Command != "CHECKIDENT" {
		return x.info(2528, 10, 1, "DBCC execution completed. If DBCC printed error messages, contact your system administrator.", n.line)
	}
	if len(n.Args) == 0 {
		return errSyntaxNear(n.line, "CHECKIDENT")
	}
	name, t, err := x.evalScalar(n.Args[0], nil)
	if err != nil {
		return err
	}
	s, _ := textOf(name, t, 0)
	td, err := x.lookupTableByString(s)
	if err != nil {
		return err
	}
	if td == nil {
		return errInvalidObject(s)
	}
	ctr, err := x.s.identCounter(x.ctx, td)
	if err != nil {
		return err
	}
	if ctr == nil {
		return newErr(7997, 16, 1, "'%s' does not contain an identity column.", td.name)
	}
	if len(n.Args) >= 3 {
		v, err := x.evalInt(n.Args[2])
		if err != nil {
			return err
		}
		ctr.reseedTo(v)
	}
	cur := ctr.current()
	if err := x.info(2559, 10, 1, "Checking identity information: current identity value '"+itoa(cur)+"'.", n.line); err != nil {
		return err
	}
	return x.info(2528, 10, 1, "DBCC execution completed. If DBCC printed error messages, contact your system administrator.", n.line)
}
