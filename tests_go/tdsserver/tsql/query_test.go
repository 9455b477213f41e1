package tsql

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJoinsSubqueriesUnion(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE TABLE cust (id int PRIMARY KEY, name nvarchar(20));
		CREATE TABLE ord (id int PRIMARY KEY, cust_id int, amount decimal(8,2));
		INSERT INTO cust VALUES (1, N'Ann'), (2, N'Bob'), (3, N'Cy');
		INSERT INTO ord VALUES (10, 1, 5.50), (11, 1, 4.50), (12, 2, 7.00)`)
	rs := query(t, s, `SELECT c.name, SUM(o.amount) AS total FROM cust AS c LEFT OUTER JOIN ord o ON o.cust_id = c.id
		GROUP BY c.name HAVING COUNT(o.id) >= 0 ORDER BY total DESC, c.name`)
	assert.Equal(t, [][]any{{"Ann", "10.00"}, {"Bob", "7.00"}, {"Cy", nil}}, rs.rows)
	rs = query(t, s, "SELECT name FROM cust WHERE id IN (SELECT cust_id FROM ord) AND EXISTS (SELECT 1 FROM ord WHERE ord.cust_id = cust.id AND amount > 5) ORDER BY name")
	assert.Equal(t, [][]any{{"Ann"}, {"Bob"}}, rs.rows)
	rs = query(t, s, "SELECT name, (SELECT MAX(amount) FROM ord WHERE cust_id = c.id) AS top FROM cust c WHERE id NOT IN (3) ORDER BY 1")
	assert.Equal(t, [][]any{{"Ann", "5.50"}, {"Bob", "7.00"}}, rs.rows)
	rs = query(t, s, "SELECT name FROM cust WHERE id = 1 UNION SELECT name FROM cust WHERE id <= 2 UNION ALL SELECT N'Ann' ORDER BY name")
	assert.Equal(t, [][]any{{"Ann"}, {"Ann"}, {"Bob"}}, rs.rows)
	rs = query(t, s, "SELECT id FROM cust EXCEPT SELECT cust_id FROM ord")
	assert.Equal(t, [][]any{{int64(3)}}, rs.rows)
	rs = query(t, s, "SELECT c.id, o.id FROM cust c CROSS JOIN ord o WHERE c.id = 3 ORDER BY o.id")
	assert.Len(t, rs.rows, 3)
	rs = query(t, s, "SELECT TOP (2) id FROM ord ORDER BY amount DESC")
	assert.Equal(t, [][]any{{int64(12)}, {int64(10)}}, rs.rows)
	rs = query(t, s, "SELECT DISTINCT cust_id FROM ord ORDER BY cust_id")
	assert.Equal(t, [][]any{{int64(1)}, {int64(2)}}, rs.rows)
	assert.Equal(t, int32(209), firstError(t, s, "SELECT id FROM cust, ord").Number)
	assert.Equal(t, int32(4104), firstError(t, s, "SELECT x.id FROM cust").Number)
}

func TestPagingAndTop(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, "SELECT value FROM GENERATE_SERIES(1, 20) ORDER BY value OFFSET 5 ROWS FETCH NEXT 3 ROWS ONLY")
	assert.Equal(t, [][]any{{int64(6)}, {int64(7)}, {int64(8)}}, rs.rows)
	rs = query(t, s, "DECLARE @n int = 2; SELECT TOP (@n) value FROM GENERATE_SERIES(10, 1, -3)")
	assert.Equal(t, [][]any{{int64(10)}, {int64(7)}}, rs.rows)
	rs = query(t, s, "SELECT TOP 3 value FROM GENERATE_SERIES(5, 1) ORDER BY value")
	assert.Equal(t, [][]any{{int64(1)}, {int64(2)}, {int64(3)}}, rs.rows)
	assert.Equal(t, "value", rs.cols[0].Name)
	assert.Empty(t, query(t, s, "SELECT value FROM GENERATE_SERIES(1, 5, -1)").rows)
	assert.Equal(t, int32(1033), firstError(t, s, "SELECT * FROM (SELECT 1 AS a ORDER BY a) q").Number)
}

func TestCTEs(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE emp (id int, boss int, name varchar(10)); INSERT INTO emp VALUES (1, NULL, 'ceo'), (2, 1, 'vp'), (3, 2, 'dev'), (4, 2, 'qa')")
	rs := query(t, s, `WITH chain AS (
		SELECT id, name, 0 AS depth FROM emp WHERE boss IS NULL
		UNION ALL
		SELECT e.id, e.name, c.depth + 1 FROM emp e JOIN chain c ON e.boss = c.id
	), counted (d, n) AS (SELECT depth, COUNT(*) FROM chain GROUP BY depth)
	SELECT d, n FROM counted ORDER BY d`)
	assert.Equal(t, [][]any{{int64(0), int64(1)}, {int64(1), int64(1)}, {int64(2), int64(2)}}, rs.rows)
}

func TestWindowFunctions(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, `SELECT g, v, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v) AS rn, SUM(v) OVER (PARTITION BY g) AS total,
		LAG(v) OVER (ORDER BY g, v) AS prev FROM (VALUES ('a', 1), ('a', 3), ('b', 2)) t(g, v) ORDER BY g, v`)
	assert.Equal(t, [][]any{{"a", int64(1), int64(1), int64(4), nil}, {"a", int64(3), int64(2), int64(4), int64(1)}, {"b", int64(2), int64(1), int64(2), int64(3)}}, rs.rows)
}

func TestCaseInsensitiveCollation(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE ci (v nvarchar(10), cs nvarchar(10) COLLATE Latin1_General_CS_AS); INSERT INTO ci VALUES (N'b', N'b'), (N'A', N'A'), (N'a', N'a')")
	assert.Equal(t, int64(2), scalar(t, s, "SELECT COUNT(*) FROM ci WHERE v = 'A'"))
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM ci WHERE cs = 'A'"), "a case-sensitive column compares exactly")
	rs := query(t, s, "SELECT v FROM ci ORDER BY v, cs")
	assert.Equal(t, "b", rs.rows[2][0])
	assert.Equal(t, int64(2), scalar(t, s, "SELECT COUNT(DISTINCT v) FROM ci"))
	assert.Equal(t, int64(1), scalar(t, s, "SELECT CASE WHEN N'abc' LIKE N'A%' AND 'x' LIKE '[w-z]' AND 'a_c' LIKE 'a[_]c' AND 'abc' NOT LIKE 'b%' THEN 1 ELSE 0 END"))
}

func TestStringFunctions(t *testing.T) {
	s := openSession(t, testEngine(t))
	cases := map[string]any{
		"LEN('abc   ')":                                    int64(3),
		"DATALENGTH('abc   ')":                             int64(6),
		"LEN(N'😀x')":                                       int64(3),
		"SUBSTRING(N'😀xyz', 3, 2)":                         "xy",
		"SUBSTRING('abc', 0, 2)":                           "a",
		"LEFT('abcdef', 2)":                                "ab",
		"RIGHT('abcdef', 2)":                               "ef",
		"CHARINDEX('c', 'ABCabc', 4)":                      int64(6),
		"CHARINDEX('z', 'abc')":                            int64(0),
		"REPLACE('Hello hello', 'HELLO', 'bye')":           "bye bye",
		"REPLICATE('-', 3)":                                "---",
		"REVERSE('abc')":                                   "cba",
		"STUFF('abcdef', 2, 3, 'XY')":                      "aXYef",
		"UPPER('abc') + LOWER('DEF')":                      "ABCdef",
		"LTRIM(RTRIM('  x  '))":                            "x",
		"TRIM('  y ')":                                     "y",
		"CONCAT('a', NULL, 1, 'b')":                        "a1b",
		"CONCAT_WS('-', 'a', NULL, 'b')":                   "a-b",
		"ASCII('A')":                                       int64(65),
		"CHAR(66)":                                         "B",
		"UNICODE(N'é')":                                    int64(233),
		"QUOTENAME('x')":                                   "[x]",
		"STR(12.5, 6, 1)":                                  "  12.5",
		"FORMAT(1234567.891, 'N2')":                        "1,234,567.89",
		"FORMAT(CAST('2024-07-04' AS date), 'dd/MM/yyyy')": "04/07/2024",
		"PATINDEX('%[0-9]%', 'ab12')":                      int64(3),
		"SPACE(2) + '|'":                                   "  |",
		"ISNUMERIC('12.5')":                                int64(1),
		"ISNUMERIC('x')":                                   int64(0),
	}
	for expr, want := range cases {
		assert.Equal(t, want, scalar(t, s, "SELECT "+expr), expr)
	}
}

func TestMathAndAggregates(t *testing.T) {
	s := openSession(t, testEngine(t))
	cases := map[string]any{
		"ABS(-7)":              int64(7),
		"ABS(-7.25)":           "7.25",
		"ROUND(2.345, 2)":      "2.350",
		"ROUND(2.345, 2, 1)":   "2.340",
		"ROUND(-2.5, 0)":       "-3.0",
		"FLOOR(2.7)":           "2",
		"CEILING(2.1)":         "3",
		"POWER(2, 8)":          int64(256),
		"SQRT(2.25)":           1.5,
		"SIGN(-3)":             int64(-1),
		"10 % 4":               int64(2),
		"7 / 2":                int64(3),
		"7 / 2.0":              "3.500000",
		"-7 / 2":               int64(-3),
		"CAST(7 AS float) / 2": 3.5,
		"5 & 3":                int64(1),
		"5 | 3":                int64(7),
		"5 ^ 3":                int64(6),
		"~0":                   int64(-1),
	}
	for expr, want := range cases {
		assert.Equal(t, want, scalar(t, s, "SELECT "+expr), expr)
	}
	rs := query(t, s, "SELECT COUNT(*), COUNT(v), SUM(v), AVG(v), MIN(v), MAX(v), AVG(CAST(v AS float)), STDEV(v) FROM (VALUES (1), (2), (NULL), (6)) t(v)")
	assert.Equal(t, []any{int64(4), int64(3), int64(9), int64(3), int64(1), int64(6), 3.0, 2.6457513110645907}, rs.rows[0])
	assert.Equal(t, int32(8115), firstError(t, s, "SELECT 2147483647 + 1").Number)
}

func TestDateFunctions(t *testing.T) {
	s := openSession(t, testEngine(t))
	cases := map[string]any{
		"DATEADD(month, 1, CAST('2024-01-31' AS date))":                              time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		"DATEADD(hour, -2, CAST('2024-01-01 01:00' AS datetime2(0)))":                time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC),
		"DATEDIFF(day, '2024-01-01', '2024-03-01')":                                  int64(60),
		"DATEDIFF(month, '2024-01-31', '2024-02-01')":                                int64(1),
		"DATEDIFF(year, '2023-12-31', '2024-01-01')":                                 int64(1),
		"DATEDIFF(second, '2024-01-01 00:00:00', '2024-01-01 01:00:01')":             int64(3601),
		"DATEDIFF_BIG(millisecond, '2000-01-01', '2024-01-01')":                      int64(757382400000),
		"DATEPART(weekday, '2024-07-04')":                                            int64(5),
		"DATEPART(quarter, '2024-07-04')":                                            int64(3),
		"DATEPART(dayofyear, '2024-02-01')":                                          int64(32),
		"DATENAME(weekday, '2024-07-04')":                                            "Thursday",
		"YEAR('2024-07-04') * 10000 + MONTH('2024-07-04') * 100 + DAY('2024-07-04')": int64(20240704),
		"EOMONTH('2024-02-10')":                                                      time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		"DATEFROMPARTS(2024, 12, 25)":                                                time.Date(2024, 12, 25, 0, 0, 0, 0, time.UTC),
		"ISDATE('2024-02-30')":                                                       int64(0),
		"ISDATE('2024-02-29')":                                                       int64(1),
	}
	for expr, want := range cases {
		assert.Equal(t, want, scalar(t, s, "SELECT "+expr), expr)
	}
	now := scalar(t, s, "SELECT SYSDATETIME()").(time.Time)
	assert.WithinDuration(t, time.Now(), time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), time.Local), 5*time.Second)
	rs := query(t, s, "SELECT GETDATE(), GETDATE()")
	assert.Equal(t, rs.rows[0][0], rs.rows[0][1], "GETDATE is constant within a statement")
	dto := scalar(t, s, "SELECT SWITCHOFFSET(CAST('2024-01-01 12:00 +00:00' AS datetimeoffset), '+02:00')").(time.Time)
	assert.Equal(t, 14, dto.Hour())
	require.Equal(t, int32(9810), firstError(t, s, "SELECT DATEADD(hour, 1, CAST('2024-01-01' AS date))").Number)
}

func TestSystemFunctions(t *testing.T) {
	e := testEngine(t, "otherdb")
	s := openSession(t, e)
	rs := query(t, s, "SELECT @@VERSION, @@SERVERNAME, DB_NAME(), DB_ID(), DB_ID('otherdb'), DB_NAME(DB_ID('otherdb')), USER_NAME(), SUSER_SNAME(), SERVERPROPERTY('ProductVersion'), SERVERPROPERTY('EngineEdition'), @@MAX_PRECISION")
	row := rs.rows[0]
	assert.Contains(t, row[0], "Microsoft SQL Server 2022")
	assert.Equal(t, "TDSTEST", row[1])
	assert.Equal(t, []any{"master", int64(1), int64(5), "otherdb", "dbo", "sa"}, row[2:8])
	assert.Equal(t, "16.0.4115.5", variantValue(row[8]))
	assert.Equal(t, int64(3), variantValue(row[9]))
	assert.Equal(t, int64(38), row[10])
	assert.Equal(t, "tsql-test", scalar(t, s, "SELECT APP_NAME()"))
	assert.Equal(t, int64(0), scalar(t, s, "SELECT XACT_STATE()"))
	assert.Len(t, scalar(t, s, "SELECT NEWID()"), 16)
}

func TestMaxRecursion(t *testing.T) {
	s := openSession(t, testEngine(t))
	cte := "WITH n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < %d) SELECT COUNT(*) FROM n"
	assert.Equal(t, int64(101), scalar(t, s, sprintf(cte, 101)), "100 levels are allowed")
	m := firstError(t, s, sprintf(cte, 102))
	assert.Equal(t, int32(530), m.Number)
	assert.Equal(t, int64(5000), scalar(t, s, sprintf(cte, 5000)+" OPTION (MAXRECURSION 0)"))
	assert.Equal(t, int32(530), firstError(t, s, sprintf(cte, 20)+" OPTION (MAXRECURSION 10)").Number)
	rs := query(t, s, "WITH n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT * FROM n")
	assert.Equal(t, []string{"x"}, names(rs), "the depth column stays hidden")
}

var sprintf = fmt.Sprintf
