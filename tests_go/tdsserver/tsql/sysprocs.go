package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// systemProc is a system stored procedure implemented in Go.
type systemProc func(x *execCtx, args []callArg) (int32, error)

var systemProcs = map[string]systemProc{}

func init() {
	systemProcs["sp_executesql"] = spExecuteSQL
	systemProcs["sp_tables"] = spTables
	systemProcs["sp_columns"] = spColumns
	systemProcs["sp_pkeys"] = spPkeys
	systemProcs["sp_fkeys"] = spFkeys
	systemProcs["sp_statistics"] = spStatistics
	systemProcs["sp_stored_procedures"] = spStoredProcedures
	systemProcs["sp_sproc_columns"] = spSprocColumns
	systemProcs["sp_special_columns"] = spSpecialColumns
	systemProcs["sp_datatype_info"] = spDatatypeInfo
	systemProcs["sp_describe_first_result_set"] = spDescribeFirstResultSet
	systemProcs["sp_tdstest_deadlock"] = func(x *execCtx, _ []callArg) (int32, error) {
		return 0, errDeadlock(x.s.spid)
	}
}

// spArgs binds a system procedure's arguments by position or name; the
// result maps parameter names (without @) to stored values.
func spArgs(proc string, names []string, args []callArg) (map[string]any, error) {
	params := make([]procParamDef, len(names))
	for i, n := range names {
		params[i] = procParamDef{name: "@" + n, hasDefault: true}
	}
	for i := range args {
		if args[i].name != "" && !strings.HasPrefix(args[i].name, "@") {
			args[i].name = "@" + args[i].name
		}
	}
	bound, err := bindArgs(proc, newParamDecl(params), args)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for i, n := range names {
		if bound[i] != nil && !bound[i].deflt {
			out[n] = bound[i].val
		}
	}
	return out, nil
}

func argText(m map[string]any, name string) (string, bool) {
	v, ok := m[name]
	if !ok || v == nil {
		return "", false
	}
	return str(v), true
}

func argNum(m map[string]any, name string, def int64) int64 {
	v, ok := m[name]
	if !ok || v == nil {
		return def
	}
	return i64(v)
}

// matcher tests names against a catalog procedure pattern argument.
type matcher struct {
	pattern string
	set     bool
	pat     bool
}

func newMatcher(m map[string]any, name string, usePattern bool) matcher {
	p, ok := argText(m, name)
	return matcher{pattern: p, set: ok, pat: usePattern}
}

func (mt matcher) match(s string) bool {
	if !mt.set {
		return true
	}
	if !mt.pat {
		return strings.EqualFold(mt.pattern, s)
	}
	return likeRegexp(mt.pattern, '\\', false, false).MatchString(s)
}

// catalogDB is the database a catalog procedure's qualifier names.
func (x *execCtx) catalogDB(m map[string]any, arg string) (*database, error) {
	q, ok := argText(m, arg)
	if !ok || q == "" {
		return x.s.db, nil
	}
	db := x.s.e.database(q)
	if db == nil || db != x.s.db {
		return nil, newErr(15250, 16, 1, "The database name component of the object qualifier must be the name of the current database.")
	}
	return db, nil
}

// emit sends a result set built in Go.
func (x *execCtx) emit(cols []outCol, rows [][]any) error {
	if err := x.out.Columns(sqlColumns(cols)); err != nil {
		return err
	}
	for _, r := range rows {
		for i, oc := range cols {
			v, err := converterFor(oc.t.Type)(r[i])
			if err != nil {
				return err
			}
			r[i] = v
		}
		if err := x.out.Row(r); err != nil {
			return err
		}
	}
	return x.done(int64(len(rows)), true)
}

// catalogObject is a table, view or procedure of the current database.
type catalogObject struct {
	id           int64
	schema, name string
	typ          string
}

// objects lists objects of some types, with their schema names.
func (x *execCtx) objects(db *database, types string) ([]catalogObject, error) {
	a := quoteIdent(db.Alias) + "."
	q := `SELECT o.object_id, s.name, o.name, o.type FROM ` + a + `__tsql_objects o JOIN ` + a + `__tsql_schemas s ON s.schema_id = o.schema_id
		WHERE instr(?, o.type) > 0 AND o.parent_object_id = 0`
	rows, err := x.s.c.queryAll(x.ctx, q, types)
	if err != nil {
		return nil, err
	}
	if db.Name == "tempdb" {
		temps, err := x.s.c.queryAll(x.ctx, `SELECT object_id, 'dbo', name, type FROM temp.__tsql_objects WHERE instr(?, type) > 0 AND parent_object_id = 0 AND name LIKE '#%'`, types)
		if err != nil {
			return nil, err
		}
		rows = append(rows, temps...)
	}
	out := make([]catalogObject, len(rows))
	for i, r := range rows {
		out[i] = catalogObject{id: i64(r[0]), schema: str(r[1]), name: str(r[2]), typ: str(r[3])}
	}
	return out, nil
}

func spExecuteSQL(x *execCtx, args []callArg) (int32, error) {
	if len(args) == 0 || args[0].val == nil {
		return 0, newErr(201, 16, 4, "Procedure or function 'sp_executesql' expects parameter '@statement', which was not supplied.")
	}
	if !isUnicodeKind(args[0].t.Kind) && args[0].t.Kind != sqltype.Invalid {
		return 0, errStatementParamType()
	}
	text := str(args[0].val)
	decl := ""
	if len(args) > 1 {
		decl = str(args[1].val)
	}
	declared, err := x.s.e.parseDecl(decl)
	if err != nil {
		return 0, err
	}
	rest := args[min(2, len(args)):]
	return 0, x.runBound(text, decl, declared, rest)
}

func sysColumns(spec string) []outCol { return vcols(spec) }

func spTables(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_tables", []string{"table_name", "table_owner", "table_qualifier", "table_type", "fUsePattern"}, args)
	if err != nil {
		return 0, err
	}
	cols := sysColumns("TABLE_QUALIFIER sysname?, TABLE_OWNER sysname?, TABLE_NAME sysname?, TABLE_TYPE varchar32?, REMARKS varchar254?")
	if q, _ := argText(m, "table_qualifier"); q == "%" {
		var rows [][]any
		for _, db := range x.s.e.dbs {
			rows = append(rows, []any{db.Name, nil, nil, nil, nil})
		}
		return 0, x.emit(cols, rows)
	}
	db, err := x.catalogDB(m, "table_qualifier")
	if err != nil {
		return 0, err
	}
	use := argNum(m, "fUsePattern", 1) == 1
	name, owner := newMatcher(m, "table_name", use), newMatcher(m, "table_owner", use)
	types := tableTypeFilter(m)
	objs, err := x.objects(db, "UV")
	if err != nil {
		return 0, err
	}
	var rows [][]any
	for _, o := range objs {
		tt := map[string]string{"U": "TABLE", "V": "VIEW"}[o.typ]
		if name.match(o.name) && owner.match(o.schema) && (types == nil || types[tt]) {
			rows = append(rows, []any{db.Name, o.schema, o.name, tt, nil})
		}
	}
	sortRows(rows, 3, 0, 1, 2)
	return 0, x.emit(cols, rows)
}

// tableTypeFilter reads @table_type "'TABLE','VIEW'" into a set.
func tableTypeFilter(m map[string]any) map[string]bool {
	s, ok := argText(m, "table_type")
	if !ok || strings.TrimSpace(s) == "" {
		return nil
	}
	set := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		set[strings.ToUpper(strings.Trim(strings.TrimSpace(part), `'"`))] = true
	}
	return set
}
