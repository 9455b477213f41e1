package tsql

import (
	"context"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// execCreateTable runs CREATE TABLE.
func (x *execCtx) execCreateTable(n *createTableStmt) error {
	finish, err := x.writeScope(isTempName(n.Name.Name))
	if err != nil {
		return err
	}
	_, err = x.createTable(n, false)
	return finish(err)
}

// createTable creates a table (inside the caller's write scope) and
// returns its definition. Table variables are TEMP tables too.
func (x *execCtx) createTable(n *createTableStmt, tableVar bool) (*tableDef, error) {
	cs, err := x.resolveSchema(n.Name)
	if tableVar {
		cs, err = catalogSchema{alias: "temp", schema: "dbo"}, nil
	}
	if err != nil {
		return nil, err
	}
	if err := x.checkSchemaAndName(cs, n.Name.Name); err != nil {
		return nil, err
	}
	spec, err := x.specFromCreate(n, cs)
	if err != nil {
		return nil, err
	}
	if err := x.checkConstraintNames(spec); err != nil {
		return nil, err
	}
	if spec.id, err = x.s.newObjectID(x.ctx, cs.alias); err != nil {
		return nil, err
	}
	if err := x.s.writeTableCatalog(x.ctx, spec); err != nil {
		return nil, err
	}
	if _, err := x.s.c.exec(x.ctx, spec.sqliteDDL(spec.sqlite)); err != nil {
		return nil, err
	}
	x.noteDDL()
	td := spec.asTableDef()
	if td.temp() && !tableVar && x.frame.scoped() {
		x.frame.scopeTemps = append(x.frame.scopeTemps, td)
	}
	return td, nil
}

// noteDDL invalidates every session's catalog cache.
func (x *execCtx) noteDDL() {
	x.s.e.ddlGen.Add(1)
	if x.s.tx.count > 0 {
		x.s.tx.ddl = true
	}
}

// checkSchemaAndName rejects a missing schema or a name already taken.
func (x *execCtx) checkSchemaAndName(cs catalogSchema, name string) error {
	if cs.alias != "temp" {
		if _, ok, err := x.schemaID(cs.db, cs.schema); err != nil || !ok {
			if err != nil {
				return err
			}
			return errSchemaNotFound(cs.schema)
		}
	}
	exists, err := x.s.objectExists(x.ctx, cs, name)
	if err != nil {
		return err
	}
	if exists {
		return errObjectExists(name)
	}
	return nil
}

func (x *execCtx) checkConstraintNames(t *tableSpec) error {
	seen := map[string]bool{}
	check := func(name string) error {
		key := strings.ToLower(name)
		if seen[key] {
			return errObjectExists(name)
		}
		seen[key] = true
		exists, err := x.s.objectExists(x.ctx, t.cs, name)
		if err != nil {
			return err
		}
		if exists {
			return errObjectExists(name)
		}
		return nil
	}
	for _, name := range t.constraintNames() {
		if err := check(name); err != nil {
			return err
		}
	}
	return nil
}

func (t *tableSpec) constraintNames() []string {
	var out []string
	for _, k := range t.keys {
		out = append(out, k.name)
	}
	for _, f := range t.fks {
		out = append(out, f.name)
	}
	for _, c := range t.checks {
		out = append(out, c.name)
	}
	for _, c := range t.cols {
		if c.defaultSQL != "" {
			out = append(out, c.defaultName)
		}
	}
	return out
}

func (s *session) objectExists(ctx context.Context, cs catalogSchema, name string) (bool, error) {
	a := quoteIdent(cs.alias) + "."
	v, err := s.c.queryValue(ctx, `SELECT count(*) FROM `+a+`__tsql_objects o JOIN `+a+`__tsql_schemas s
		ON s.schema_id = o.schema_id WHERE o.name = ? AND s.name = ?`, name, cs.schema)
	return i64(v) > 0, err
}

// newObjectID allocates an object id: positive in databases, negative for
// temp objects, as SQL Server numbers them.
func (s *session) newObjectID(ctx context.Context, alias string) (int64, error) {
	if alias == "temp" {
		return -s.e.objIDs.Add(1) - 1_000_000_000, nil
	}
	v, err := s.c.queryValue(ctx, "SELECT coalesce(max(object_id), 1000000000) + 1 FROM "+quoteIdent(alias)+".__tsql_objects")
	return i64(v), err
}

// sqliteDDL generates the SQLite CREATE TABLE of the spec under a name.
func (t *tableSpec) sqliteDDL(name string) string {
	var parts []string
	for _, c := range t.cols {
		d := quoteIdent(c.name) + " " + sqliteDecl(c.typ, c.collation == "tsql_bin")
		if c.computed {
			d += " GENERATED ALWAYS AS (" + c.computedSQL + ") VIRTUAL"
		} else if !c.nullable {
			d += " NOT NULL"
		}
		parts = append(parts, d)
	}
	for _, k := range t.keys {
		kw := "UNIQUE"
		if k.primary {
			kw = "PRIMARY KEY"
		}
		parts = append(parts, "CONSTRAINT "+quoteIdent(k.name)+" "+kw+" ("+quoteList(k.cols)+")")
	}
	for _, f := range t.fks {
		d := "CONSTRAINT " + quoteIdent(f.name) + " FOREIGN KEY (" + quoteList(f.cols) + ") REFERENCES " +
			quoteIdent(f.refSQLite) + " (" + quoteList(f.refCols) + ")"
		if f.onDelete != "" {
			d += " ON DELETE " + f.onDelete
		}
		if f.onUpdate != "" {
			d += " ON UPDATE " + f.onUpdate
		}
		parts = append(parts, d)
	}
	for _, c := range t.checks {
		parts = append(parts, "CONSTRAINT "+quoteIdent(c.name)+" CHECK ("+c.sql+")")
	}
	return "CREATE TABLE " + quoteIdent(t.cs.alias) + "." + quoteIdent(name) + " (" + strings.Join(parts, ", ") + ")"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// catalogNow is the create_date / modify_date of new objects.
func catalogNow() string {
	n := time.Now()
	n = time.Date(n.Year(), n.Month(), n.Day(), n.Hour(), n.Minute(), n.Second(), n.Nanosecond(), time.UTC)
	return storeTime(roundTime(n, typDateTime), sqltype.DateTime)
}

// writeTableCatalog records a table, its columns and constraints.
func (s *session) writeTableCatalog(ctx context.Context, t *tableSpec) error {
	a := quoteIdent(t.cs.alias) + "."
	now := catalogNow()
	schemaID := int64(1)
	if t.cs.alias != "temp" {
		v, err := s.c.queryValue(ctx, "SELECT schema_id FROM "+a+"__tsql_schemas WHERE name = ?", t.cs.schema)
		if err != nil {
			return err
		}
		schemaID = i64(v)
	}
	ins := func(typ, name string, parent int64, def string) (int64, error) {
		id := t.id
		if parent != 0 {
			var err error
			if id, err = s.newObjectID(ctx, t.cs.alias); err != nil {
				return 0, err
			}
		}
		_, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_objects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			id, name, schemaID, typ, parent, now, now, nullIfEmpty(def), nullIfEmpty(t.sqliteNameFor(typ)))
		return id, err
	}
	if _, err := ins("U", t.name, 0, ""); err != nil {
		return err
	}
	for _, c := range t.cols {
		if c.defaultSQL != "" {
			id, err := ins("D", c.defaultName, t.id, c.defaultSQL)
			if err != nil {
				return err
			}
			c.defaultID = id
		}
		if err := s.writeColumn(ctx, a, t.id, c); err != nil {
			return err
		}
	}
	return s.writeConstraints(ctx, a, t, ins)
}

func (t *tableSpec) sqliteNameFor(typ string) string {
	if typ == "U" {
		return t.sqlite
	}
	return ""
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *session) writeColumn(ctx context.Context, a string, objectID int64, c *colSpec) error {
	var seed, inc any
	if c.identity {
		seed, inc = c.seed, c.inc
	}
	coll := any(nil)
	if isStringKind(c.typ.Kind) {
		coll = defaultCollation
		if c.collName != "" {
			coll = c.collName
		}
	}
	_, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_columns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		objectID, c.id, c.name, c.typ.Kind.String(), maxLengthBytes(c.typ), typePrecision(c.typ), typeScale(c.typ),
		boolInt64(c.nullable), boolInt64(c.identity), seed, inc, c.defaultID, coll, boolInt64(c.computed), nullIfEmpty(c.computedSrc))
	return err
}

func boolInt64(b bool) int64 { return boolToInt(b) }

func (s *session) writeConstraints(ctx context.Context, a string, t *tableSpec, ins func(string, string, int64, string) (int64, error)) error {
	nextIndex := 2
	hasClustered := false
	for _, k := range t.keys {
		typ := "UQ"
		if k.primary {
			typ = "PK"
		}
		id, err := ins(typ, k.name, t.id, "")
		if err != nil {
			return err
		}
		k.id = id
		if k.clustered {
			k.indexID, hasClustered = 1, true
		} else {
			k.indexID = nextIndex
			nextIndex++
		}
		if err := s.writeIndex(ctx, a, t.id, k.indexID, k.name, k.clustered, true, k.primary, !k.primary, k.cols, k.desc, t); err != nil {
			return err
		}
	}
	if !hasClustered {
		if _, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_indexes VALUES (?, 0, NULL, 0, 0, 0, 0, NULL)", t.id); err != nil {
			return err
		}
	}
	for _, f := range t.fks {
		id, err := ins("F", f.name, t.id, "")
		if err != nil {
			return err
		}
		f.id = id
		if err := s.writeFK(ctx, a, t, f); err != nil {
			return err
		}
	}
	for _, c := range t.checks {
		id, err := ins("C", c.name, t.id, c.src)
		if err != nil {
			return err
		}
		c.id = id
	}
	return nil
}

func (s *session) writeIndex(ctx context.Context, a string, objectID int64, indexID int, name string, clustered, unique, primary, uqConstraint bool, cols []string, desc []bool, t *tableSpec) error {
	typ := int64(2)
	if clustered {
		typ = 1
	}
	if _, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_indexes VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
		objectID, indexID, name, typ, boolInt64(unique), boolInt64(primary), boolInt64(uqConstraint)); err != nil {
		return err
	}
	for i, cn := range cols {
		d := false
		if i < len(desc) {
			d = desc[i]
		}
		if _, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_index_columns VALUES (?, ?, ?, ?, ?, ?, 0)",
			objectID, indexID, i+1, t.col(cn).id, i+1, boolInt64(d)); err != nil {
			return err
		}
	}
	return nil
}

var fkActions = map[string]int64{"": 0, "NO ACTION": 0, "CASCADE": 1, "SET NULL": 2, "SET DEFAULT": 3}

func (s *session) writeFK(ctx context.Context, a string, t *tableSpec, f *fkSpec) error {
	ref := f.refID
	if ref == -1 {
		ref = t.id
	}
	if _, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_foreign_keys VALUES (?, ?, ?, ?, ?)",
		f.id, t.id, ref, fkActions[f.onDelete], fkActions[f.onUpdate]); err != nil {
		return err
	}
	for i := range f.cols {
		refCol, err := s.columnID(ctx, a, ref, f.refCols[i])
		if err != nil {
			return err
		}
		if ref == t.id {
			refCol = int64(t.col(f.refCols[i]).id)
		}
		if _, err := s.c.exec(ctx, "INSERT INTO "+a+"__tsql_fk_columns VALUES (?, ?, ?, ?)",
			f.id, i+1, t.col(f.cols[i]).id, refCol); err != nil {
			return err
		}
	}
	return nil
}

func (s *session) columnID(ctx context.Context, a string, objectID int64, name string) (int64, error) {
	v, err := s.c.queryValue(ctx, "SELECT column_id FROM "+a+"__tsql_columns WHERE object_id = ? AND name = ?", objectID, name)
	return i64(v), err
}

// primaryKeyColumns lists a table's primary key columns in key order.
func (s *session) primaryKeyColumns(ctx context.Context, t *tableDef) ([]string, error) {
	a := quoteIdent(t.alias) + "."
	rows, err := s.c.queryAll(ctx, `SELECT c.name FROM `+a+`__tsql_indexes i JOIN `+a+`__tsql_index_columns ic
		ON ic.object_id = i.object_id AND ic.index_id = i.index_id JOIN `+a+`__tsql_columns c
		ON c.object_id = ic.object_id AND c.column_id = ic.column_id
		WHERE i.object_id = ? AND i.is_primary_key = 1 ORDER BY ic.key_ordinal`, t.id)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[0].(string)
	}
	return out, nil
}
