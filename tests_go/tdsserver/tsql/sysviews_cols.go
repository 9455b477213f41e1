package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// columnsSQL is the union of a database's columns (and temp tables' in
// tempdb).
func columnsSQL(v viewCtx) string {
	sql := "SELECT * FROM " + v.a + "__tsql_columns"
	if v.db.Name == "tempdb" {
		sql += " UNION ALL SELECT * FROM temp.__tsql_columns"
	}
	return sql
}

var columnCols = "object_id int, name sysname?, column_id int, system_type_id tinyint, user_type_id int, max_length smallint, precision tinyint, scale tinyint, collation_name sysname?, is_nullable bit?, is_ansi_padded bit, is_rowguidcol bit, is_identity bit, is_computed bit, is_filestream bit, is_replicated bit?, is_non_sql_subscribed bit?, is_merge_published bit?, is_dts_replicated bit?, is_xml_document bit, xml_collection_id int, default_object_id int, rule_object_id int, is_sparse bit?, is_column_set bit?, generated_always_type tinyint?, generated_always_type_desc nvarchar60?, is_hidden bit?, is_masked bit?"

func columnSelect() string {
	return `c.object_id, c.name, c.column_id, ` + systemTypeIDSQL("c.type_name") + `, ` + systemTypeIDSQL("c.type_name") + `,
		c.max_length, c.precision, c.scale, c.collation_name, c.is_nullable,
		CASE WHEN c.type_name IN ('char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary') THEN 1 ELSE 0 END,
		0, c.is_identity, c.is_computed, 0, 0, 0, 0, 0, 0, 0, coalesce(c.default_object_id, 0), 0, 0, 0, 0, 'NOT_APPLICABLE', 0, 0`
}

func registerColumnViews() {
	register("sys", "columns", vcols(columnCols), func(v viewCtx) string {
		return "SELECT " + columnSelect() + " FROM (" + columnsSQL(v) + ") c"
	})
	register("sys", "all_columns", vcols(columnCols), func(v viewCtx) string {
		return "SELECT " + columnSelect() + " FROM (" + columnsSQL(v) + ") c"
	})
	register("sys", "identity_columns", vcols(columnCols+", seed_value variant?, increment_value variant?, last_value variant?, is_not_for_replication bit?"), func(v viewCtx) string {
		return "SELECT " + columnSelect() + ", c.seed, c.increment, NULL, 0 FROM (" + columnsSQL(v) + ") c WHERE c.is_identity = 1"
	})
	register("sys", "computed_columns", vcols(columnCols+", definition nvarcharmax?, uses_database_collation bit, is_persisted bit"), func(v viewCtx) string {
		return "SELECT " + columnSelect() + ", c.definition, 1, 0 FROM (" + columnsSQL(v) + ") c WHERE c.is_computed = 1"
	})
	register("sys", "parameters", vcols("object_id int, name sysname?, parameter_id int, system_type_id tinyint, user_type_id int, max_length smallint, precision tinyint, scale tinyint, is_output bit, is_cursor_ref bit, has_default_value bit, is_xml_document bit, default_value variant?, xml_collection_id int, is_readonly bit, is_nullable bit?"), func(v viewCtx) string {
		return "SELECT p.object_id, p.name, p.parameter_id, " + systemTypeIDSQL("p.type_name") + ", " + systemTypeIDSQL("p.type_name") +
			", p.max_length, p.precision, p.scale, p.is_output, 0, p.has_default_value, 0, p.default_value, 0, 0, 1 FROM " + v.a + "__tsql_parameters p"
	})
	register("sys", "types", vcols("name sysname, system_type_id tinyint, user_type_id int, schema_id int, principal_id int?, max_length smallint, precision tinyint, scale tinyint, collation_name sysname?, is_nullable bit?, is_user_defined bit, is_assembly_type bit, default_object_id int, rule_object_id int, is_table_type bit"), func(v viewCtx) string {
		return typesValues()
	})
}

// builtinTypes are the rows of sys.types.
var builtinTypes = []struct {
	name             string
	id, user, maxLen int
	precision, scale int
	collated         bool
}{
	{"image", 34, 34, 16, 0, 0, false}, {"text", 35, 35, 16, 0, 0, true}, {"uniqueidentifier", 36, 36, 16, 0, 0, false},
	{"date", 40, 40, 3, 10, 0, false}, {"time", 41, 41, 5, 16, 7, false}, {"datetime2", 42, 42, 8, 27, 7, false},
	{"datetimeoffset", 43, 43, 10, 34, 7, false}, {"tinyint", 48, 48, 1, 3, 0, false}, {"smallint", 52, 52, 2, 5, 0, false},
	{"int", 56, 56, 4, 10, 0, false}, {"smalldatetime", 58, 58, 4, 16, 0, false}, {"real", 59, 59, 4, 24, 0, false},
	{"money", 60, 60, 8, 19, 4, false}, {"datetime", 61, 61, 8, 23, 3, false}, {"float", 62, 62, 8, 53, 0, false},
	{"sql_variant", 98, 98, 8016, 0, 0, false}, {"ntext", 99, 99, 16, 0, 0, true}, {"bit", 104, 104, 1, 1, 0, false},
	{"decimal", 106, 106, 17, 38, 38, false}, {"numeric", 108, 108, 17, 38, 38, false}, {"smallmoney", 122, 122, 4, 10, 4, false},
	{"bigint", 127, 127, 8, 19, 0, false}, {"varbinary", 165, 165, 8000, 0, 0, false}, {"varchar", 167, 167, 8000, 0, 0, true},
	{"binary", 173, 173, 8000, 0, 0, false}, {"char", 175, 175, 8000, 0, 0, true}, {"timestamp", 189, 189, 8, 0, 0, false},
	{"nvarchar", 231, 231, 8000, 0, 0, true}, {"nchar", 239, 239, 8000, 0, 0, true}, {"xml", 241, 241, -1, 0, 0, false},
	{"sysname", 231, 256, 256, 0, 0, true},
}

func typesValues() string {
	rows := make([]string, len(builtinTypes))
	for i, t := range builtinTypes {
		coll := "NULL"
		if t.collated {
			coll = quoteString(defaultCollation)
		}
		nullable := "1"
		if t.name == "sysname" {
			nullable = "0"
		}
		rows[i] = "(" + strings.Join([]string{quoteString(t.name), itoa(int64(t.id)), itoa(int64(t.user)), "4", "NULL",
			itoa(int64(t.maxLen)), itoa(int64(t.precision)), itoa(int64(t.scale)), coll, nullable, "0", "0", "0", "0", "0"}, ", ") + ")"
	}
	return "SELECT * FROM (VALUES " + strings.Join(rows, ", ") + ")"
}

// Type properties for INFORMATION_SCHEMA and the ODBC catalog procedures.

func charMaxLengthSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('char', 'varchar', 'binary', 'varbinary') THEN ` + c + `.max_length
		WHEN ` + c + `.type_name IN ('nchar', 'nvarchar') THEN CASE WHEN ` + c + `.max_length = -1 THEN -1 ELSE ` + c + `.max_length / 2 END
		WHEN ` + c + `.type_name IN ('text', 'image') THEN 2147483647 WHEN ` + c + `.type_name = 'ntext' THEN 1073741823
		WHEN ` + c + `.type_name = 'xml' THEN -1 END)`
}

func octetLengthSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('char', 'varchar', 'binary', 'varbinary', 'nchar', 'nvarchar') THEN ` + c + `.max_length
		WHEN ` + c + `.type_name IN ('text', 'image', 'ntext') THEN 2147483647 WHEN ` + c + `.type_name = 'xml' THEN -1 END)`
}

func numericPrecisionSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney', 'real', 'float') THEN ` + c + `.precision END)`
}

func numericRadixSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('real', 'float') THEN 2 WHEN ` + c + `.type_name IN ('tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney') THEN 10 END)`
}

func numericScaleSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'money', 'smallmoney') THEN ` + c + `.scale END)`
}

func datetimePrecisionSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('date', 'smalldatetime') THEN 0 WHEN ` + c + `.type_name = 'datetime' THEN 3
		WHEN ` + c + `.type_name IN ('time', 'datetime2', 'datetimeoffset') THEN ` + c + `.scale END)`
}

func charsetSQL(c string) string {
	return `(CASE WHEN ` + c + `.type_name IN ('char', 'varchar', 'text') THEN 'iso_1' WHEN ` + c + `.type_name IN ('nchar', 'nvarchar', 'ntext') THEN 'UNICODE' END)`
}

// typeOfColumn rebuilds a column's type for Go-side catalog code.
func typeOfColumn(name string, maxLen, prec, scale int64) sqltype.Type {
	return typeFromCatalog(name, int(maxLen), int(prec), int(scale))
}
