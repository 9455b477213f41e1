package tsql

import (
	"sort"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// sysView is a catalog view (sys.* or INFORMATION_SCHEMA.*): SQL over the
// catalog tables of one database, with SQL Server's column names and types.
type sysView struct {
	schema string
	name   string
	cols   []outCol
	sql    func(v viewCtx) string
}

// viewCtx is what a catalog view's SQL depends on.
type viewCtx struct {
	a      string // quoted database alias plus "."
	db     *database
	engine *Engine
	self   *session
}

var sysViews = map[string]*sysView{}

func register(schema, name string, cols []outCol, sql func(v viewCtx) string) {
	sysViews[strings.ToLower(schema)+"."+strings.ToLower(name)] = &sysView{schema: schema, name: name, cols: cols, sql: sql}
}

// systemView finds the catalog view a name refers to.
func systemView(n objName) *sysView {
	if n.Schema == "" {
		return nil
	}
	return sysViews[strings.ToLower(n.Schema)+"."+strings.ToLower(n.Name)]
}

func (c *compiler) systemViewQuery(v *sysView, n objName) (*compiledQuery, error) {
	db := c.x.currentDB()
	if n.DB != "" {
		if db = c.x.s.e.database(n.DB); db == nil {
			return nil, errDatabaseNotFound(n.DB)
		}
	}
	ctx := viewCtx{a: quoteIdent(db.Alias) + ".", db: db, engine: c.x.s.e, self: c.x.s}
	names := make([]string, len(v.cols))
	for i, oc := range v.cols {
		names[i] = quoteIdent(oc.name)
	}
	// A CTE names the columns of the view's positional SELECT.
	sql := `WITH "~v"(` + strings.Join(names, ", ") + `) AS (` + v.sql(ctx) + `) SELECT * FROM "~v"`
	return &compiledQuery{sql: sql, cols: v.cols}, nil
}

// Column helpers.

func vc(name string, t sqltype.Type, nullable bool) outCol {
	return outCol{name: name, t: xtype{t, nullable}}
}

func vcols(spec string) []outCol {
	var out []outCol
	for _, f := range strings.Split(spec, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		nullable := strings.HasSuffix(f, "?")
		f = strings.TrimSuffix(f, "?")
		name, typ, _ := strings.Cut(f, " ")
		out = append(out, vc(name, specType(typ), nullable))
	}
	return out
}

// specType reads the short type names of vcols.
func specType(s string) sqltype.Type {
	switch s {
	case "sysname":
		return typSysname
	case "bit":
		return typBit
	case "int":
		return typInt
	case "smallint":
		return typSmallInt
	case "tinyint":
		return mk(sqltype.TinyInt)
	case "bigint":
		return typBigInt
	case "datetime":
		return typDateTime
	case "variant":
		return mk(sqltype.SQLVariant)
	case "char2":
		return strType(sqltype.Char, 2)
	case "nvarchar60":
		return strType(sqltype.NVarChar, 60)
	case "nvarchar128":
		return strType(sqltype.NVarChar, 128)
	case "nvarchar4000":
		return strType(sqltype.NVarChar, 4000)
	case "nvarcharmax":
		return strType(sqltype.NVarChar, sqltype.Max)
	case "varchar3":
		return strType(sqltype.VarChar, 3)
	case "varchar2":
		return strType(sqltype.VarChar, 2)
	case "varchar10":
		return strType(sqltype.VarChar, 10)
	case "varchar11":
		return strType(sqltype.VarChar, 11)
	case "varbinary85":
		return strType(sqltype.VarBinary, 85)
	case "nvarchar20":
		return strType(sqltype.NVarChar, 20)
	case "nvarchar134":
		return strType(sqltype.NVarChar, 134)
	case "nvarchar256":
		return strType(sqltype.NVarChar, 256)
	case "varchar32":
		return strType(sqltype.VarChar, 32)
	case "varchar128":
		return strType(sqltype.VarChar, 128)
	case "varchar254":
		return strType(sqltype.VarChar, 254)
	case "char1":
		return strType(sqltype.Char, 1)
	}
	panic("tsql: unknown catalog column type " + s)
}

// typeCase renders a CASE over type names mapping to values.
func typeCase(col string, f func(k sqltype.Kind) string) string {
	names := make([]string, 0, len(systemTypeID))
	for k := range systemTypeID {
		names = append(names, k.String())
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("(CASE " + col)
	for _, n := range names {
		k, _ := sqltype.KindByName(n)
		sb.WriteString(" WHEN '" + n + "' THEN " + f(k))
	}
	sb.WriteString(" END)")
	return sb.String()
}

func systemTypeIDSQL(col string) string {
	return typeCase(col, func(k sqltype.Kind) string { return itoa(int64(systemTypeID[k])) })
}

var objectTypeDesc = map[string]string{
	"U": "USER_TABLE", "V": "VIEW", "P": "SQL_STORED_PROCEDURE", "PK": "PRIMARY_KEY_CONSTRAINT",
	"UQ": "UNIQUE_CONSTRAINT", "F": "FOREIGN_KEY_CONSTRAINT", "C": "CHECK_CONSTRAINT", "D": "DEFAULT_CONSTRAINT",
}

func objectTypeDescSQL(col string) string {
	var sb strings.Builder
	sb.WriteString("(CASE " + col)
	for _, k := range []string{"U", "V", "P", "PK", "UQ", "F", "C", "D"} {
		sb.WriteString(" WHEN '" + k + "' THEN '" + objectTypeDesc[k] + "'")
	}
	sb.WriteString(" END)")
	return sb.String()
}

// objectsSQL is sys.objects over one catalog, with temp objects added in
// tempdb under SQL Server's padded names.
func objectsSQL(v viewCtx, where string) string {
	base := func(a, name string) string {
		return `SELECT ` + name + ` AS name, o.object_id, NULL AS principal_id, o.schema_id, o.parent_object_id,
			o.type || CASE WHEN length(o.type) = 1 THEN ' ' ELSE '' END AS type, ` + objectTypeDescSQL("o.type") + ` AS type_desc,
			o.create_date, o.modify_date, 0 AS is_ms_shipped, 0 AS is_published, 0 AS is_schema_published
			FROM ` + a + `__tsql_objects o WHERE ` + where
	}
	sql := base(v.a, "o.name")
	if v.db.Name == "tempdb" {
		sql += " UNION ALL " + base("temp.", `CASE WHEN o.name LIKE '#%' AND o.type = 'U' THEN o.name || substr('`+strings.Repeat("_", 116)+`', 1, max(0, 116 - length(o.name))) || printf('%012X', -o.object_id) ELSE o.name END`)
	}
	return sql
}

var objectCols = "name sysname, object_id int, principal_id int?, schema_id int, parent_object_id int, type char2, type_desc nvarchar60, create_date datetime, modify_date datetime, is_ms_shipped bit, is_published bit, is_schema_published bit"

func objectSelect() string {
	return "o.name, o.object_id, o.principal_id, o.schema_id, o.parent_object_id, o.type, o.type_desc, o.create_date, o.modify_date, o.is_ms_shipped, o.is_published, o.is_schema_published"
}

func init() {
	register("sys", "objects", vcols(objectCols), func(v viewCtx) string {
		return "SELECT " + objectSelect() + " FROM (" + objectsSQL(v, "1") + ") o"
	})
	register("sys", "all_objects", vcols(objectCols), func(v viewCtx) string {
		return "SELECT " + objectSelect() + " FROM (" + objectsSQL(v, "1") + ") o"
	})
	register("sys", "tables", vcols(objectCols+", lob_data_space_id int, filestream_data_space_id int?, max_column_id_used int, lock_on_bulk_load bit, uses_ansi_nulls bit, is_replicated bit, has_replication_filter bit, is_merge_published bit, is_sync_tran_subscribed bit, has_unchecked_assembly_data bit, text_in_row_limit int, large_value_types_out_of_row bit, is_tracked_by_cdc bit, lock_escalation tinyint, lock_escalation_desc nvarchar60, is_filetable bit, is_memory_optimized bit, durability tinyint, durability_desc nvarchar60, temporal_type tinyint, temporal_type_desc nvarchar60, history_table_id int?, is_remote_data_archive_enabled bit, is_external bit"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + `, 1, NULL, (SELECT count(*) FROM ` + v.a + `__tsql_columns c WHERE c.object_id = o.object_id), 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'TABLE', 0, 0, 0, 'SCHEMA_AND_DATA', 0, 'NON_TEMPORAL_TABLE', NULL, 0, 0 FROM (` + objectsSQL(v, "o.type = 'U'") + ") o"
	})
	register("sys", "views", vcols(objectCols+", is_replicated bit, has_replication_filter bit, has_opaque_metadata bit, has_unchecked_assembly_data bit, with_check_option bit, is_date_correlation_view bit, is_tracked_by_cdc bit"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + ", 0, 0, 0, 0, 0, 0, 0 FROM (" + objectsSQL(v, "o.type = 'V'") + ") o"
	})
	register("sys", "procedures", vcols(objectCols+", is_auto_executed bit, is_execution_replicated bit, is_repl_serializable_skip bit, skips_repl_constraints bit"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + ", 0, 0, 0, 0 FROM (" + objectsSQL(v, "o.type = 'P'") + ") o"
	})
	register("sys", "schemas", vcols("name sysname, schema_id int, principal_id int?"), func(v viewCtx) string {
		return "SELECT name, schema_id, 1 FROM " + v.a + "__tsql_schemas"
	})
	register("sys", "sql_modules", vcols("object_id int, definition nvarcharmax?, uses_ansi_nulls bit, uses_quoted_identifier bit, is_schema_bound bit, uses_database_collation bit, is_recompiled bit, null_on_null_input bit, execute_as_principal_id int?, uses_native_compilation bit"), func(v viewCtx) string {
		return "SELECT object_id, definition, 1, 1, 0, 0, 0, 0, NULL, 0 FROM " + v.a + "__tsql_objects WHERE type IN ('V', 'P')"
	})
	registerColumnViews()
	registerKeyViews()
	registerServerViews()
	registerInformationSchema()
}
