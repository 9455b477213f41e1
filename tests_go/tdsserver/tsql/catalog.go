package tsql

import (
	"context"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// The catalog lives in tables of each database file (and of each
// session's TEMP schema), shaped like SQL Server's own catalog views so
// that sys.* and INFORMATION_SCHEMA are plain queries over them. DDL
// writes them in the same SQLite transaction as the objects.

func catalogDDL(alias string) []string {
	a := quoteIdent(alias) + "."
	return []string{
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_schemas(schema_id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE tsql_ci UNIQUE)`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_objects(object_id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE tsql_ci,
			schema_id INT NOT NULL, type TEXT NOT NULL, parent_object_id INT NOT NULL DEFAULT 0,
			create_date TEXT, modify_date TEXT, definition TEXT, sqlite_name TEXT)`,
		"CREATE INDEX IF NOT EXISTS " + a + `__tsql_objects_name ON __tsql_objects(name, schema_id)`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_columns(object_id INT NOT NULL, column_id INT NOT NULL,
			name TEXT NOT NULL COLLATE tsql_ci, type_name TEXT NOT NULL, max_length INT, precision INT, scale INT,
			is_nullable INT, is_identity INT, seed INT, increment INT, default_object_id INT DEFAULT 0,
			collation_name TEXT, is_computed INT DEFAULT 0, definition TEXT, PRIMARY KEY(object_id, column_id))`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_indexes(object_id INT NOT NULL, index_id INT NOT NULL,
			name TEXT COLLATE tsql_ci, type INT, is_unique INT, is_primary_key INT, is_unique_constraint INT,
			sqlite_name TEXT, PRIMARY KEY(object_id, index_id))`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_index_columns(object_id INT, index_id INT, index_column_id INT,
			column_id INT, key_ordinal INT, is_descending_key INT, is_included_column INT)`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_foreign_keys(object_id INTEGER PRIMARY KEY, parent_object_id INT,
			referenced_object_id INT, delete_action INT, update_action INT)`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_fk_columns(constraint_object_id INT, constraint_column_id INT,
			parent_column_id INT, referenced_column_id INT)`,
		"CREATE TABLE IF NOT EXISTS " + a + `__tsql_parameters(object_id INT, parameter_id INT, name TEXT,
			type_name TEXT, max_length INT, precision INT, scale INT, is_output INT, has_default_value INT,
			default_value TEXT)`,
		"INSERT OR IGNORE INTO " + a + `__tsql_schemas VALUES (1, 'dbo'), (2, 'guest'), (3, 'INFORMATION_SCHEMA'), (4, 'sys')`,
	}
}

// tableDef is a table or view as the compiler sees it.
type tableDef struct {
	db         *database // nil for temp objects
	alias      string    // SQLite schema: a database alias or "temp"
	id         int64
	schema     string
	schemaID   int64
	name       string
	kind       string // U or V
	sqlite     string // SQLite table name
	cols       []*colDef
	definition string
}

type colDef struct {
	id         int
	name       string
	typ        sqltype.Type
	nullable   bool
	identity   bool
	seed, inc  int64
	defaultSQL string // T-SQL text of the default, or ""
	computed   bool
	collation  string
}

func (t *tableDef) sqlName() string { return quoteIdent(t.alias) + "." + quoteIdent(t.sqlite) }

func (t *tableDef) temp() bool { return t.alias == "temp" }

func (t *tableDef) dbName() string {
	if t.db == nil {
		return "tempdb"
	}
	return t.db.Name
}

// fullName is "db.schema.table", as error messages quote tables.
func (t *tableDef) fullName() string {
	return t.dbName() + "." + t.schema + "." + t.name
}

// twoPartName is "schema.table".
func (t *tableDef) twoPartName() string { return t.schema + "." + t.name }

func (t *tableDef) column(name string) *colDef {
	for _, c := range t.cols {
		if strings.EqualFold(c.name, name) {
			return c
		}
	}
	return nil
}

func (t *tableDef) identityColumn() *colDef {
	for _, c := range t.cols {
		if c.identity {
			return c
		}
	}
	return nil
}

// catalogSchema is where a table name resolves: the SQLite schema alias,
// the database and the T-SQL schema name.
type catalogSchema struct {
	alias  string
	db     *database
	schema string
}

// resolveSchema finds where an object name lives for the current session.
func (x *execCtx) resolveSchema(n objName) (catalogSchema, error) {
	if strings.HasPrefix(n.Name, "#") {
		return catalogSchema{alias: "temp", schema: "dbo"}, nil
	}
	db := x.currentDB()
	if n.DB != "" {
		if db = x.s.e.database(n.DB); db == nil {
			return catalogSchema{}, errDatabaseNotFound(n.DB)
		}
	}
	schema := n.Schema
	if schema == "" {
		schema = "dbo"
	}
	return catalogSchema{alias: db.Alias, db: db, schema: schema}, nil
}

// lookupTable finds a table or view; nil if there is none.
func (x *execCtx) lookupTable(n objName) (*tableDef, error) {
	if strings.HasPrefix(n.Name, "@") {
		v := x.frame.lookup(n.Name)
		if v == nil || v.table == nil {
			return nil, errMustDeclareTable(n.Name)
		}
		return v.table, nil
	}
	cs, err := x.resolveSchema(n)
	if err != nil {
		return nil, err
	}
	return x.s.loadTable(x.ctx, cs, n.Name)
}

// lookupTableByString parses a name such as "dbo.[t]" and finds it.
func (x *execCtx) lookupTableByString(s string) (*tableDef, error) {
	n, ok := parseObjectName(s)
	if !ok {
		return nil, nil
	}
	if n.DB != "" && x.s.e.database(n.DB) == nil && !strings.HasPrefix(n.Name, "#") {
		return nil, nil
	}
	return x.lookupTable(n)
}

// parseObjectName parses a one- to three-part name given as a string.
func parseObjectName(s string) (objName, bool) {
	toks, err := lex(s, true)
	if err != nil {
		return objName{}, false
	}
	p := &parser{src: s, toks: toks}
	n, err := p.objectName()
	if err != nil || p.peek().Kind != tEOF {
		return objName{}, false
	}
	return n, true
}

// loadTable reads a table definition from the catalog, through the
// session's cache.
func (s *session) loadTable(ctx context.Context, cs catalogSchema, name string) (*tableDef, error) {
	key := cs.alias + "|" + strings.ToLower(cs.schema) + "|" + strings.ToLower(name)
	if gen := s.e.ddlGen.Load(); gen != s.cacheGen {
		clear(s.tableCache)
		s.cacheGen = gen
	}
	if t, ok := s.tableCache[key]; ok {
		return t, nil
	}
	t, err := s.readTable(ctx, cs, name)
	if err != nil || t == nil {
		return t, err
	}
	s.tableCache[key] = t
	return t, nil
}

func (s *session) readTable(ctx context.Context, cs catalogSchema, name string) (*tableDef, error) {
	a := quoteIdent(cs.alias) + "."
	rows, err := s.c.queryAll(ctx, `SELECT o.object_id, o.type, o.sqlite_name, o.definition, s.schema_id, s.name, o.name
		FROM `+a+`__tsql_objects o JOIN `+a+`__tsql_schemas s ON s.schema_id = o.schema_id
		WHERE o.name = ? AND s.name = ? AND o.type IN ('U', 'V')`, name, cs.schema)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	r := rows[0]
	t := &tableDef{db: cs.db, alias: cs.alias, id: r[0].(int64), kind: r[1].(string), sqlite: str(r[2]),
		definition: str(r[3]), schemaID: r[4].(int64), schema: r[5].(string), name: r[6].(string)}
	cols, err := s.c.queryAll(ctx, `SELECT c.column_id, c.name, c.type_name, c.max_length, c.precision, c.scale,
		c.is_nullable, c.is_identity, c.seed, c.increment, d.definition, c.is_computed, c.collation_name
		FROM `+a+`__tsql_columns c LEFT JOIN `+a+`__tsql_objects d ON d.object_id = c.default_object_id AND c.default_object_id <> 0
		WHERE c.object_id = ? ORDER BY c.column_id`, t.id)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		t.cols = append(t.cols, &colDef{id: int(c[0].(int64)), name: c[1].(string),
			typ:      typeFromCatalog(c[2].(string), int(i64(c[3])), int(i64(c[4])), int(i64(c[5]))),
			nullable: i64(c[6]) != 0, identity: i64(c[7]) != 0, seed: i64(c[8]), inc: i64(c[9]),
			defaultSQL: str(c[10]), computed: i64(c[11]) != 0, collation: collationIfBinary(str(c[12]))})
	}
	return t, nil
}

func collationIfBinary(name string) string {
	if name == "" {
		return ""
	}
	if c := collationName(name); c == "tsql_bin" {
		return c
	}
	return ""
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return itoa(x)
	}
	return ""
}

func i64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		n, _ := argInt(x)
		return n
	}
	return 0
}

// objectID resolves OBJECT_ID(name [, type]).
func (x *execCtx) objectID(name, kind string) (int64, bool, error) {
	n, ok := parseObjectName(name)
	if !ok {
		return 0, false, nil
	}
	if n.DB != "" && !strings.HasPrefix(n.Name, "#") && x.s.e.database(n.DB) == nil {
		return 0, false, nil
	}
	cs, err := x.resolveSchema(n)
	if err != nil {
		return 0, false, nil
	}
	a := quoteIdent(cs.alias) + "."
	q := `SELECT o.object_id, o.type FROM ` + a + `__tsql_objects o JOIN ` + a + `__tsql_schemas s ON s.schema_id = o.schema_id
		WHERE o.name = ? AND s.name = ?`
	rows, err := x.s.c.queryAll(x.ctx, q, n.Name, cs.schema)
	if err != nil || len(rows) == 0 {
		return 0, false, err
	}
	if kind != "" && !strings.EqualFold(strings.TrimSpace(rows[0][1].(string)), kind) {
		return 0, false, nil
	}
	return rows[0][0].(int64), true, nil
}

// objectName resolves OBJECT_NAME(id) in a database.
func (x *execCtx) objectName(db *database, id int64) (string, string, bool, error) {
	alias := db.Alias
	if id < 0 {
		alias = "temp"
	}
	a := quoteIdent(alias) + "."
	rows, err := x.s.c.queryAll(x.ctx, `SELECT o.name, s.name FROM `+a+`__tsql_objects o JOIN `+a+`__tsql_schemas s
		ON s.schema_id = o.schema_id WHERE o.object_id = ?`, id)
	if err != nil || len(rows) == 0 {
		return "", "", false, err
	}
	return rows[0][0].(string), rows[0][1].(string), true, nil
}

func (x *execCtx) schemaName(id int64) (string, bool, error) {
	a := quoteIdent(x.currentDB().Alias) + "."
	v, err := x.s.c.queryValue(x.ctx, `SELECT name FROM `+a+`__tsql_schemas WHERE schema_id = ?`, id)
	if err != nil || v == nil {
		return "", false, err
	}
	return v.(string), true, nil
}

func (x *execCtx) schemaID(db *database, name string) (int64, bool, error) {
	a := quoteIdent(db.Alias) + "."
	v, err := x.s.c.queryValue(x.ctx, `SELECT schema_id FROM `+a+`__tsql_schemas WHERE name = ?`, name)
	if err != nil || v == nil {
		return 0, false, err
	}
	return v.(int64), true, nil
}
