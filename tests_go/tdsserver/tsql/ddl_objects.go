package tsql

import (
	"context"
	"strings"
)

// execDrop runs DROP TABLE / VIEW / PROCEDURE / INDEX / SCHEMA.
func (x *execCtx) execDrop(n *dropStmt) error {
	temp := true
	for _, name := range n.Names {
		temp = temp && isTempName(name.Name)
	}
	finish, err := x.writeScope(temp)
	if err != nil {
		return err
	}
	// Each name is dropped on its own: a missing one does not undo the others.
	for i, name := range n.Names {
		if err = x.dropOne(n, i, name); err != nil {
			break
		}
	}
	if _, ok := asSQLError(err); ok {
		if ferr := finish(nil); ferr != nil {
			return ferr
		}
		return err
	}
	return finish(err)
}

func (x *execCtx) dropOne(n *dropStmt, i int, name objName) error {
	switch n.Kind {
	case "TABLE":
		return x.dropTable(name, n.IfExists)
	case "VIEW", "PROCEDURE":
		return x.dropModule(name, n.Kind, n.IfExists)
	case "INDEX":
		return x.dropIndex(name, n.OnTable[i], n.IfExists)
	case "SCHEMA":
		return x.dropSchema(name.Name, n.IfExists)
	}
	if n.IfExists {
		return nil
	}
	return errCannotDrop(strings.ToLower(n.Kind), name.String())
}

func (x *execCtx) dropTable(name objName, ifExists bool) error {
	t, err := x.lookupTable(name)
	if err != nil {
		return err
	}
	if t == nil || t.kind != "U" {
		if ifExists {
			return nil
		}
		return errCannotDrop("table", name.String())
	}
	a := quoteIdent(t.alias) + "."
	ref, err := x.s.c.queryValue(x.ctx, `SELECT o.name FROM `+a+`__tsql_foreign_keys f JOIN `+a+`__tsql_objects o
		ON o.object_id = f.object_id WHERE f.referenced_object_id = ? AND f.parent_object_id <> ?`, t.id, t.id)
	if err != nil {
		return err
	}
	if ref != nil {
		return errFKReferenced(t.name, ref.(string))
	}
	if _, err := x.s.c.exec(x.ctx, "DROP TABLE "+t.sqlName()); err != nil {
		return err
	}
	if err := x.s.deleteObjectCatalog(x.ctx, t.alias, t.id); err != nil {
		return err
	}
	x.forgetTable(t)
	x.noteDDL()
	return nil
}

// forgetTable drops a table's identity counter and IDENTITY_INSERT.
func (x *execCtx) forgetTable(t *tableDef) {
	scope := t.alias
	if t.temp() {
		scope = x.s.tempScope()
	}
	x.s.e.idents.drop(identKey{scope: scope, objectID: t.id})
	if x.s.identityInsert != nil && sameTable(x.s.identityInsert, t) {
		x.s.identityInsert = nil
	}
}

// deleteObjectCatalog removes an object and everything that hangs on it.
func (s *session) deleteObjectCatalog(ctx context.Context, alias string, id int64) error {
	a := quoteIdent(alias) + "."
	for _, q := range []string{
		"DELETE FROM " + a + "__tsql_fk_columns WHERE constraint_object_id IN (SELECT object_id FROM " + a + "__tsql_foreign_keys WHERE parent_object_id = ?1)",
		"DELETE FROM " + a + "__tsql_foreign_keys WHERE parent_object_id = ?1",
		"DELETE FROM " + a + "__tsql_index_columns WHERE object_id = ?1",
		"DELETE FROM " + a + "__tsql_indexes WHERE object_id = ?1",
		"DELETE FROM " + a + "__tsql_columns WHERE object_id = ?1",
		"DELETE FROM " + a + "__tsql_parameters WHERE object_id = ?1",
		"DELETE FROM " + a + "__tsql_objects WHERE object_id = ?1 OR parent_object_id = ?1",
	} {
		if _, err := s.c.exec(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// moduleInfo finds a view or procedure in the catalog.
func (x *execCtx) moduleInfo(name objName, types string) (cs catalogSchema, id int64, typ string, def string, err error) {
	if cs, err = x.resolveSchema(name); err != nil {
		return
	}
	a := quoteIdent(cs.alias) + "."
	rows, err := x.s.c.queryAll(x.ctx, `SELECT o.object_id, o.type, o.definition FROM `+a+`__tsql_objects o JOIN `+a+`__tsql_schemas s
		ON s.schema_id = o.schema_id WHERE o.name = ? AND s.name = ? AND instr(?, o.type) > 0`, name.Name, cs.schema, types)
	if err != nil || len(rows) == 0 {
		return
	}
	return cs, i64(rows[0][0]), str(rows[0][1]), str(rows[0][2]), nil
}

func (x *execCtx) dropModule(name objName, kind string, ifExists bool) error {
	typ := "V"
	if kind == "PROCEDURE" {
		typ = "P"
	}
	cs, id, _, _, err := x.moduleInfo(name, typ)
	if err != nil {
		return err
	}
	if id == 0 {
		if ifExists {
			return nil
		}
		return errCannotDrop(strings.ToLower(kind), name.String())
	}
	if err := x.s.deleteObjectCatalog(x.ctx, cs.alias, id); err != nil {
		return err
	}
	x.noteDDL()
	return nil
}

func (x *execCtx) dropIndex(name, on objName, ifExists bool) error {
	table, index := on, name.Name
	if on.Name == "" { // DROP INDEX t.ix
		table = objName{DB: name.Server, Schema: name.DB, Name: name.Schema}
		if name.DB != "" && name.Server == "" {
			table = objName{Schema: name.DB, Name: name.Schema}
		}
	}
	t, err := x.lookupTable(table)
	if err != nil {
		return err
	}
	notFound := func() error {
		if ifExists {
			return nil
		}
		return errCannotDropIndex(table.Name + "." + index)
	}
	if t == nil {
		return notFound()
	}
	a := quoteIdent(t.alias) + "."
	rows, err := x.s.c.queryAll(x.ctx, "SELECT index_id, sqlite_name, is_primary_key + is_unique_constraint FROM "+a+"__tsql_indexes WHERE object_id = ? AND name = ?", t.id, index)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return notFound()
	}
	if i64(rows[0][2]) > 0 {
		return newErr(3723, 16, 4, "An explicit DROP INDEX is not allowed on index '%s.%s'. It is being used for %s constraint enforcement.", t.twoPartName(), index, "PRIMARY KEY or UNIQUE").compiled()
	}
	if _, err := x.s.c.exec(x.ctx, "DROP INDEX "+quoteIdent(t.alias)+"."+quoteIdent(str(rows[0][1]))); err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM " + a + "__tsql_index_columns WHERE object_id = ? AND index_id = ?",
		"DELETE FROM " + a + "__tsql_indexes WHERE object_id = ? AND index_id = ?"} {
		if _, err := x.s.c.exec(x.ctx, q, t.id, rows[0][0]); err != nil {
			return err
		}
	}
	x.noteDDL()
	return nil
}

func (x *execCtx) dropSchema(name string, ifExists bool) error {
	db := x.currentDB()
	id, ok, err := x.schemaID(db, name)
	if err != nil {
		return err
	}
	if !ok {
		if ifExists {
			return nil
		}
		return errCannotDrop("schema", name)
	}
	a := quoteIdent(db.Alias) + "."
	obj, err := x.s.c.queryValue(x.ctx, "SELECT name FROM "+a+"__tsql_objects WHERE schema_id = ? AND parent_object_id = 0", id)
	if err != nil {
		return err
	}
	if obj != nil {
		return errSchemaNotEmpty(name, obj.(string))
	}
	if id <= 4 {
		return newErr(15659, 16, 1, "Cannot drop schema '%s'.", name)
	}
	_, err = x.s.c.exec(x.ctx, "DELETE FROM "+a+"__tsql_schemas WHERE schema_id = ?", id)
	x.noteDDL()
	return err
}

// execCreateSchema runs CREATE SCHEMA.
func (x *execCtx) execCreateSchema(n *createSchemaStmt) error {
	db := x.currentDB()
	if _, ok, err := x.schemaID(db, n.Name); err != nil || ok {
		if err != nil {
			return err
		}
		return errObjectExists(n.Name)
	}
	finish, err := x.writeScope(false)
	if err != nil {
		return err
	}
	_, err = x.s.c.exec(x.ctx, "INSERT INTO "+quoteIdent(db.Alias)+".__tsql_schemas VALUES ((SELECT max(5, coalesce(max(schema_id), 0) + 1) FROM "+quoteIdent(db.Alias)+".__tsql_schemas), ?)", n.Name)
	x.noteDDL()
	return finish(err)
}

// execCreateIndex runs CREATE [UNIQUE] INDEX.
func (x *execCtx) execCreateIndex(n *createIndexStmt) error {
	t, err := x.lookupTable(n.Table)
	if err != nil {
		return err
	}
	if t == nil || t.kind != "U" {
		return errInvalidObject(n.Table.String())
	}
	for _, c := range append(append([]string{}, n.Columns...), n.Include...) {
		if t.column(c) == nil {
			return errInvalidColumn(c)
		}
	}
	finish, err := x.writeScope(t.temp())
	if err != nil {
		return err
	}
	return finish(x.createIndex(t, n))
}

func (x *execCtx) createIndex(t *tableDef, n *createIndexStmt) error {
	a := quoteIdent(t.alias) + "."
	exists, err := x.s.c.queryValue(x.ctx, "SELECT count(*) FROM "+a+"__tsql_indexes WHERE object_id = ? AND name = ?", t.id, n.Name)
	if err != nil {
		return err
	}
	if i64(exists) > 0 {
		return errIndexExists(n.Name, t.twoPartName())
	}
	sqliteName := t.sqlite + "." + n.Name
	kw := "CREATE INDEX "
	if n.Unique {
		kw = "CREATE UNIQUE INDEX "
	}
	cols := make([]string, len(n.Columns))
	for i, c := range n.Columns {
		cols[i] = quoteIdent(c)
		if n.Desc[i] {
			cols[i] += " DESC"
		}
	}
	if _, err := x.s.c.exec(x.ctx, kw+quoteIdent(t.alias)+"."+quoteIdent(sqliteName)+" ON "+quoteIdent(t.sqlite)+" ("+strings.Join(cols, ", ")+")"); err != nil {
		if ce, ok := err.(*constraintError); ok {
			return x.duplicateOnIndex(t, n, ce)
		}
		return err
	}
	id, err := x.s.c.queryValue(x.ctx, "SELECT max(2, coalesce(max(index_id), 0) + 1) FROM "+a+"__tsql_indexes WHERE object_id = ?", t.id)
	if err != nil {
		return err
	}
	if _, err := x.s.c.exec(x.ctx, "INSERT INTO "+a+"__tsql_indexes VALUES (?, ?, ?, 2, ?, 0, 0, ?)", t.id, id, n.Name, boolInt64(n.Unique), sqliteName); err != nil {
		return err
	}
	for i, c := range n.Columns {
		if _, err := x.s.c.exec(x.ctx, "INSERT INTO "+a+"__tsql_index_columns VALUES (?, ?, ?, ?, ?, ?, 0)", t.id, id, i+1, t.column(c).id, i+1, boolInt64(n.Desc[i])); err != nil {
			return err
		}
	}
	for i, c := range n.Include {
		if _, err := x.s.c.exec(x.ctx, "INSERT INTO "+a+"__tsql_index_columns VALUES (?, ?, ?, ?, 0, 0, 1)", t.id, id, len(n.Columns)+i+1, t.column(c).id); err != nil {
			return err
		}
	}
	x.noteDDL()
	return nil
}

func (x *execCtx) duplicateOnIndex(t *tableDef, n *createIndexStmt, ce *constraintError) error {
	return newErr(1505, 16, 1, "The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name '%s' and the index name '%s'.", t.twoPartName(), n.Name)
}

// execTruncate runs TRUNCATE TABLE: all rows go and the identity restarts.
func (x *execCtx) execTruncate(n *truncateStmt) error {
	t, err := x.lookupTable(n.Name)
	if err != nil {
		return err
	}
	if t == nil || t.kind != "U" {
		return errObjectNotFound(n.Name.String())
	}
	a := quoteIdent(t.alias) + "."
	ref, err := x.s.c.queryValue(x.ctx, "SELECT count(*) FROM "+a+"__tsql_foreign_keys WHERE referenced_object_id = ? AND parent_object_id <> ?", t.id, t.id)
	if err != nil {
		return err
	}
	if i64(ref) > 0 {
		return newErr(4712, 16, 1, "Cannot truncate table '%s' because it is being referenced by a FOREIGN KEY constraint.", t.twoPartName())
	}
	finish, err := x.writeScope(t.temp())
	if err != nil {
		return err
	}
	_, err = x.s.c.exec(x.ctx, "DELETE FROM "+t.sqlName())
	if err = finish(err); err != nil {
		return err
	}
	if ctr, err := x.s.identCounter(x.ctx, t); err == nil && ctr != nil {
		ctr.restart(t.identityColumn().seed)
	}
	return nil
}
