package tsql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// colTypes renders a result set's columns as "type" or "type null".
func colTypes(rs resultSet) []string {
	out := make([]string, len(rs.cols))
	for i, c := range rs.cols {
		out[i] = c.Type.String()
		if c.Nullable {
			out[i] += " null"
		}
	}
	return out
}

func TestLiteralTypes(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, "SELECT 1, 3000000000, 1.5, 0.25, 1e3, $2.5, 'abc', N'abcd', '', 0xABCD, NULL")
	assert.Equal(t, []string{"int", "numeric(10,0)", "numeric(2,1)", "numeric(2,2)", "float", "money",
		"varchar(3)", "nvarchar(4)", "varchar(1)", "varbinary(2)", "int null"}, colTypes(rs))
	assert.Equal(t, []any{int64(1), "3000000000", "1.5", "0.25", 1000.0, "2.5000", "abc", "abcd", "", []byte{0xAB, 0xCD}, nil}, rs.rows[0])
}

func TestColumnTypesFromTable(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE TABLE dbo.alltypes (
		c_tinyint tinyint, c_smallint smallint NOT NULL, c_int int, c_bigint bigint, c_bit bit,
		c_dec decimal(18,4), c_num numeric(38,10), c_money money, c_smallmoney smallmoney, c_real real, c_float float,
		c_char char(5), c_varchar varchar(20), c_vmax varchar(max), c_text text, c_nchar nchar(3), c_nvarchar nvarchar(40),
		c_nmax nvarchar(max), c_ntext ntext, c_binary binary(4), c_varbinary varbinary(16), c_bmax varbinary(max), c_image image,
		c_date date, c_time time(3), c_datetime datetime, c_sdt smalldatetime, c_dt2 datetime2, c_dt2_0 datetime2(0),
		c_dto datetimeoffset(5), c_guid uniqueidentifier, c_xml xml, c_variant sql_variant, c_sysname sysname)`)
	rs := query(t, s, "SELECT * FROM alltypes")
	assert.Equal(t, []string{"tinyint null", "smallint", "int null", "bigint null", "bit null",
		"decimal(18,4) null", "numeric(38,10) null", "money null", "smallmoney null", "real null", "float null",
		"char(5) null", "varchar(20) null", "varchar(max) null", "text null", "nchar(3) null", "nvarchar(40) null",
		"nvarchar(max) null", "ntext null", "binary(4) null", "varbinary(16) null", "varbinary(max) null", "image null",
		"date null", "time(3) null", "datetime null", "smalldatetime null", "datetime2(7) null", "datetime2(0) null",
		"datetimeoffset(5) null", "uniqueidentifier null", "xml null", "sql_variant null", "nvarchar(128)"}, colTypes(rs))
	assert.Equal(t, "c_text", rs.cols[14].Name)
	assert.Equal(t, "dbo.alltypes", rs.cols[14].Table, "text columns name their table (mssql-jdbc needs it)")
	assert.Empty(t, rs.cols[12].Table)
}

func TestExpressionTypes(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE tt (i int NOT NULL, b bigint, d decimal(10,2) NOT NULL, v varchar(10), n nvarchar(5), dt datetime2(3))")
	cases := []struct {
		expr, want string
	}{
		{"COUNT(*)", "int"}, {"COUNT_BIG(*)", "bigint"}, {"SUM(i)", "int null"}, {"SUM(b)", "bigint null"},
		{"SUM(d)", "decimal(38,2) null"}, {"AVG(d)", "decimal(38,6) null"}, {"AVG(i)", "int null"}, {"MAX(v)", "varchar(10) null"},
		{"i + b", "bigint null"}, {"i + 1", "int"}, {"d * 2", "decimal(12,2)"}, {"d / 3", "decimal(14,6)"}, {"d + 1.5", "decimal(11,2)"}, {"d / i", "decimal(21,13)"}, {"1.0 / 3", "numeric(7,6)"},
		{"v + n", "nvarchar(15) null"}, {"CAST(i AS varchar(5))", "varchar(5)"}, {"CONVERT(nvarchar, i)", "nvarchar(30)"},
		{"CAST(v AS int)", "int null"}, {"TRY_CAST(v AS int)", "int null"}, {"ISNULL(v, 'x')", "varchar(10)"},
		{"COALESCE(b, i)", "bigint"}, {"NULLIF(i, 0)", "int null"}, {"LEN(v)", "int null"}, {"LEN(N'x')", "int"},
		{"GETDATE()", "datetime"}, {"SYSDATETIME()", "datetime2(7)"}, {"SYSDATETIMEOFFSET()", "datetimeoffset(7)"},
		{"GETUTCDATE()", "datetime"}, {"SYSUTCDATETIME()", "datetime2(7)"}, {"NEWID()", "uniqueidentifier"},
		{"DATEADD(day, 1, dt)", "datetime2(3) null"}, {"DATEDIFF(day, dt, dt)", "int null"}, {"YEAR(dt)", "int null"},
		{"SCOPE_IDENTITY()", "numeric(38,0) null"}, {"@@IDENTITY", "numeric(38,0) null"}, {"@@ROWCOUNT", "int"},
		{"@@TRANCOUNT", "int"}, {"@@SPID", "smallint"}, {"DB_NAME()", "nvarchar(128)"}, {"OBJECT_ID('tt')", "int null"},
		{"SERVERPROPERTY('Edition')", "sql_variant null"}, {"UPPER(v)", "varchar(10) null"}, {"SUBSTRING(n, 1, 2)", "nvarchar(5) null"},
		{"CASE WHEN i > 0 THEN v ELSE n END", "nvarchar(10) null"}, {"IIF(i > 0, 1, 2.5)", "numeric(11,1)"},
		{"ROW_NUMBER() OVER (ORDER BY i)", "bigint"}, {"CONCAT(v, i)", "varchar(22)"}, {"ABS(d)", "decimal(10,2)"},
	}
	for _, c := range cases {
		rs := query(t, s, "SELECT "+c.expr+" FROM tt")
		assert.Equal(t, []string{c.want}, colTypes(rs), c.expr)
	}
}

func TestColumnNames(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE n1 (id int, [first name] nvarchar(10))")
	rs := query(t, s, "SELECT id, [first name], id AS alias, other = id, id + 1, 'x' AS [quoted name], n1.id FROM n1")
	names := make([]string, len(rs.cols))
	for i, c := range rs.cols {
		names[i] = c.Name
	}
	assert.Equal(t, []string{"id", "first name", "alias", "other", "", "quoted name", "id"}, names)
}

func TestIdentityFlag(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE idf (id int IDENTITY(1,1) PRIMARY KEY, v int)")
	rs := query(t, s, "SELECT id, v FROM idf")
	require.Len(t, rs.cols, 2)
	assert.True(t, rs.cols[0].Identity)
	assert.False(t, rs.cols[0].Nullable)
	assert.False(t, rs.cols[1].Identity)
}

func TestParameterTypesBecomeVariableTypes(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, "DECLARE @a decimal(9,3) = 1.5, @b nvarchar(7) = N'x', @c datetime2(2); SELECT @a, @b, @c")
	assert.Equal(t, []string{"decimal(9,3) null", "nvarchar(7) null", "datetime2(2) null"}, colTypes(rs))
	assert.Equal(t, []any{"1.500", "x", nil}, rs.rows[0])
}

func TestFMTOnlyReturnsMetadataOnly(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE fm (id int NOT NULL, name nvarchar(20)); INSERT INTO fm VALUES (1, N'a')")
	r := mustRun(t, s, "SET FMTONLY ON select * from fm SET FMTONLY OFF")
	sets := r.sets()
	require.Len(t, sets, 1)
	assert.Equal(t, []string{"int", "nvarchar(20) null"}, colTypes(sets[0]))
	assert.Empty(t, sets[0].rows)
	assert.Len(t, query(t, s, "SELECT * FROM fm").rows, 1, "FMTONLY is off again")
}
