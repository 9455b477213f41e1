package tsql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

const catalogSchemaSQL = `CREATE TABLE dbo.dept (id int IDENTITY(1,1) CONSTRAINT PK_dept PRIMARY KEY, name nvarchar(30) NOT NULL CONSTRAINT UQ_dept_name UNIQUE);
CREATE TABLE dbo.staff (id int NOT NULL, dept_id int NULL CONSTRAINT FK_staff_dept REFERENCES dept(id) ON DELETE CASCADE,
	salary decimal(10,2) CONSTRAINT DF_staff_salary DEFAULT 0, hired date, CONSTRAINT PK_staff PRIMARY KEY (id),
	CONSTRAINT CK_staff_salary CHECK (salary >= 0));
CREATE INDEX IX_staff_hired ON staff (hired DESC);
CREATE VIEW dbo.v_staff AS SELECT s.id, d.name FROM staff s JOIN dept d ON d.id = s.dept_id;
CREATE PROCEDURE dbo.raise_salary @id int, @pct decimal(5,2) = 10, @new decimal(10,2) OUTPUT AS SELECT 1`

func TestSysViews(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, catalogSchemaSQL)
	rs := query(t, s, "SELECT name, type, type_desc, schema_id FROM sys.objects WHERE parent_object_id = 0 ORDER BY name")
	assert.Equal(t, [][]any{{"dept", "U ", "USER_TABLE", int64(1)}, {"raise_salary", "P ", "SQL_STORED_PROCEDURE", int64(1)},
		{"staff", "U ", "USER_TABLE", int64(1)}, {"v_staff", "V ", "VIEW", int64(1)}}, rs.rows)
	rs = query(t, s, "SELECT t.name, s.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id ORDER BY t.name")
	assert.Equal(t, [][]any{{"dept", "dbo"}, {"staff", "dbo"}}, rs.rows)
	rs = query(t, s, `SELECT c.name, ty.name, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity
		FROM sys.columns c JOIN sys.types ty ON ty.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID('dbo.dept') ORDER BY c.column_id`)
	assert.Equal(t, [][]any{{"id", "int", int64(4), int64(10), int64(0), false, true}, {"name", "nvarchar", int64(60), int64(0), int64(0), false, false}}, rs.rows)
	rs = query(t, s, "SELECT name, is_primary_key, is_unique, type_desc FROM sys.indexes WHERE object_id = OBJECT_ID('staff') AND index_id > 0 ORDER BY index_id")
	assert.Equal(t, [][]any{{"PK_staff", true, true, "CLUSTERED"}, {"IX_staff_hired", false, false, "NONCLUSTERED"}}, rs.rows)
	rs = query(t, s, `SELECT f.name, OBJECT_NAME(f.parent_object_id), OBJECT_NAME(f.referenced_object_id), f.delete_referential_action_desc,
		COL_NAME_OK = (SELECT COUNT(*) FROM sys.foreign_key_columns fc WHERE fc.constraint_object_id = f.object_id) FROM sys.foreign_keys f`)
	assert.Equal(t, [][]any{{"FK_staff_dept", "staff", "dept", "CASCADE", int64(1)}}, rs.rows)
	rs = query(t, s, "SELECT name, is_output, has_default_value FROM sys.parameters WHERE object_id = OBJECT_ID('raise_salary') ORDER BY parameter_id")
	assert.Equal(t, [][]any{{"@id", false, false}, {"@pct", false, true}, {"@new", true, false}}, rs.rows)
	rs = query(t, s, "SELECT name FROM sys.databases ORDER BY database_id")
	assert.Equal(t, [][]any{{"master"}, {"tempdb"}}, rs.rows)
	assert.Equal(t, "((0))", scalar(t, s, "SELECT definition FROM sys.default_constraints WHERE name = 'DF_staff_salary'"))
	assert.Equal(t, int64(2), scalar(t, s, "SELECT COUNT(*) FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID('dept')"))
	assert.Contains(t, scalar(t, s, "SELECT definition FROM sys.sql_modules WHERE object_id = OBJECT_ID('v_staff')"), "CREATE VIEW")
}

func TestInformationSchema(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, catalogSchemaSQL)
	rs := query(t, s, "SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES ORDER BY TABLE_NAME")
	assert.Equal(t, [][]any{{"master", "dbo", "dept", "BASE TABLE"}, {"master", "dbo", "staff", "BASE TABLE"}, {"master", "dbo", "v_staff", "VIEW"}}, rs.rows)
	rs = query(t, s, `SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION
		FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'staff' ORDER BY ORDINAL_POSITION`)
	assert.Equal(t, [][]any{
		{"id", int64(1), nil, "NO", "int", nil, int64(10), int64(0), nil},
		{"dept_id", int64(2), nil, "YES", "int", nil, int64(10), int64(0), nil},
		{"salary", int64(3), "((0))", "YES", "decimal", nil, int64(10), int64(2), nil},
		{"hired", int64(4), nil, "YES", "date", nil, nil, nil, int64(0)},
	}, rs.rows)
	rs = query(t, s, "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = 'staff' ORDER BY CONSTRAINT_NAME")
	assert.Equal(t, [][]any{{"CK_staff_salary", "CHECK"}, {"FK_staff_dept", "FOREIGN KEY"}, {"PK_staff", "PRIMARY KEY"}}, rs.rows)
	rs = query(t, s, "SELECT CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_NAME = 'dept' ORDER BY CONSTRAINT_NAME")
	assert.Equal(t, [][]any{{"PK_dept", "id", int64(1)}, {"UQ_dept_name", "name", int64(1)}}, rs.rows)
	rs = query(t, s, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM INFORMATION_SCHEMA.ROUTINES")
	assert.Equal(t, [][]any{{"raise_salary", "PROCEDURE"}}, rs.rows)
}

func rpcSet(t *testing.T, s backend.Session, name string, params ...backend.Param) resultSet {
	t.Helper()
	r := rpc(t, s, name, params...)
	require.Empty(t, r.errors(), r.dump())
	sets := r.sets()
	require.Len(t, sets, 1)
	return sets[0]
}

func names(rs resultSet) []string {
	out := make([]string, len(rs.cols))
	for i, c := range rs.cols {
		out[i] = c.Name
	}
	return out
}

func TestODBCCatalogProcedures(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, catalogSchemaSQL)
	odbc3 := backend.Param{Name: "@ODBCVer", Type: tInt64, Value: int64(3)}

	rs := rpcSet(t, s, "sp_tables", nvParam("@table_name", "%"), nvParam("@table_type", "'TABLE'"))
	assert.Equal(t, []string{"TABLE_QUALIFIER", "TABLE_OWNER", "TABLE_NAME", "TABLE_TYPE", "REMARKS"}, names(rs))
	assert.Equal(t, [][]any{{"master", "dbo", "dept", "TABLE", nil}, {"master", "dbo", "staff", "TABLE", nil}}, rs.rows)

	rs = rpcSet(t, s, "sp_columns", nvParam("@table_name", "staff"), odbc3)
	require.Len(t, rs.cols, 19)
	assert.Equal(t, "COLUMN_DEF", rs.cols[12].Name)
	assert.Equal(t, []any{"master", "dbo", "staff", "salary", int64(3), "decimal", int64(10), int64(12), int64(2), int64(10), int64(1), nil, "((0))", int64(3), nil, nil, int64(3), "YES"}, rs.rows[2][:18])
	assert.Equal(t, int64(91), rs.rows[3][4], "date is SQL_TYPE_DATE in ODBC 3")
	rs = rpcSet(t, s, "sp_columns", nvParam("@table_name", "dept"))
	assert.Equal(t, "int identity", rs.rows[0][5])
	assert.Equal(t, int64(-9), rs.rows[1][4])

	rs = rpcSet(t, s, "sp_pkeys", nvParam("@table_name", "staff"))
	assert.Equal(t, [][]any{{"master", "dbo", "staff", "id", int64(1), "PK_staff"}}, rs.rows)

	rs = rpcSet(t, s, "sp_fkeys", nvParam("@pktable_name", "dept"))
	require.Len(t, rs.cols, 14)
	assert.Equal(t, []any{"master", "dbo", "dept", "id", "master", "dbo", "staff", "dept_id", int64(1), int64(1), int64(0), "FK_staff_dept", "PK_dept", int64(7)}, rs.rows[0])

	rs = rpcSet(t, s, "sp_statistics", nvParam("@table_name", "staff"))
	require.Len(t, rs.rows, 3)
	assert.Equal(t, int64(0), rs.rows[0][6], "the table statistics row comes first")
	assert.Equal(t, []any{"PK_staff", int64(1), "id"}, []any{rs.rows[1][5], rs.rows[1][6], rs.rows[1][8]})
	assert.Equal(t, []any{"IX_staff_hired", "D"}, []any{rs.rows[2][5], rs.rows[2][9]})

	rs = rpcSet(t, s, "sp_stored_procedures", nvParam("@sp_name", "raise%"))
	assert.Equal(t, []any{"master", "dbo", "raise_salary;1", int64(-1), int64(-1), int64(-1), nil, int64(2)}, rs.rows[0])

	rs = rpcSet(t, s, "sp_sproc_columns", nvParam("@procedure_name", "raise_salary"), odbc3)
	var cols []any
	for _, r := range rs.rows {
		cols = append(cols, []any{r[3], r[4], r[5]})
	}
	assert.Equal(t, []any{[]any{"@RETURN_VALUE", int64(5), int64(4)}, []any{"@id", int64(1), int64(4)},
		[]any{"@pct", int64(1), int64(3)}, []any{"@new", int64(2), int64(3)}}, cols)

	rs = rpcSet(t, s, "sp_special_columns", nvParam("@table_name", "staff"), odbc3)
	assert.Equal(t, [][]any{{int64(1), "id", int64(4), "int", int64(10), int64(4), int64(0), int64(1)}}, rs.rows)

	rs = rpcSet(t, s, "sp_datatype_info", backend.Param{Name: "@data_type", Type: tInt64, Value: int64(0)}, odbc3)
	require.Len(t, rs.cols, 20)
	assert.Greater(t, len(rs.rows), 30)
	rs = rpcSet(t, s, "sp_datatype_info", backend.Param{Name: "@data_type", Type: tInt64, Value: int64(93)}, odbc3)
	var tn []any
	for _, r := range rs.rows {
		tn = append(tn, r[0])
	}
	assert.Equal(t, []any{"datetime", "datetime2", "smalldatetime"}, tn)
}

func TestCatalogProceduresFromTSQL(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, catalogSchemaSQL)
	rs := query(t, s, "EXEC sp_tables @table_name = 'staff'")
	assert.Equal(t, "staff", rs.rows[0][2])
	rs = query(t, s, "EXEC sp_columns staff")
	assert.Len(t, rs.rows, 4)
	rs = query(t, s, "EXEC sp_describe_first_result_set N'SELECT id, name FROM dept'")
	assert.Equal(t, []any{"id", "int"}, []any{rs.rows[0][2], rs.rows[0][5]})
	assert.Equal(t, []any{"name", "nvarchar(30)"}, []any{rs.rows[1][2], rs.rows[1][5]})
}

func TestCatalogSeesTempTables(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE #work (a int, b nvarchar(5))")
	assert.NotNil(t, scalar(t, s, "SELECT OBJECT_ID('tempdb..#work')"))
	rs := query(t, s, "SELECT name FROM tempdb.sys.columns WHERE object_id = OBJECT_ID('tempdb..#work') ORDER BY column_id")
	assert.Equal(t, [][]any{{"a"}, {"b"}}, rs.rows)
	rs = rpcSet(t, s, "sp_columns", nvParam("@table_name", "#work"))
	assert.Len(t, rs.rows, 2)
	_ = sqltype.Int
}

func TestDescribeUndeclaredParameters(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE dp (id int, name nvarchar(40), data varbinary(100), price decimal(9,2), at datetime2(3))")
	rs := rpcSet(t, s, "sp_describe_undeclared_parameters", nvParam("@tsql", "INSERT INTO dp (id, name, data, price, at) VALUES (@P1, @P2, @P3, @P4, @P5)"))
	var got [][]any
	for _, r := range rs.rows {
		got = append(got, []any{r[0], r[1], r[3], r[22], r[23]})
	}
	assert.Equal(t, [][]any{
		{int64(1), "@P1", "int", int64(38), int64(4)},
		{int64(2), "@P2", "nvarchar(40)", int64(231), int64(80)},
		{int64(3), "@P3", "varbinary(100)", int64(165), int64(100)},
		{int64(4), "@P4", "decimal(9,2)", int64(106), int64(5)},
		{int64(5), "@P5", "datetime2(3)", int64(42), int64(7)},
	}, got)
	rs = rpcSet(t, s, "sp_describe_undeclared_parameters", nvParam("@tsql", "SELECT * FROM dp WHERE id = @a AND name LIKE @b OR price > @c"),
		nvParam("@params", "@b nvarchar(10)"))
	require.Len(t, rs.rows, 2)
	assert.Equal(t, []any{"@a", "int"}, []any{rs.rows[0][1], rs.rows[0][3]})
	assert.Equal(t, []any{"@c", "decimal(9,2)"}, []any{rs.rows[1][1], rs.rows[1][3]})
	rs = rpcSet(t, s, "sp_describe_undeclared_parameters", nvParam("@tsql", "UPDATE dp SET data = @d WHERE id = @i"))
	assert.Equal(t, []any{"varbinary(100)", "int"}, []any{rs.rows[0][3], rs.rows[1][3]})
}
