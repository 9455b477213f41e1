package tsql

import "testing"

func TestSmoke(t *testing.T) {
	e := testEngine(t)
	s := openSession(t, e)
	for _, q := range []string{
		"SELECT CAST('2024-01-02' AS date), CAST('12:34:56.1234567' AS time), CAST('2024-01-02T03:04:05.123+05:30' AS datetimeoffset(3)), CAST(1 AS bit), CAST(3.5 AS money)",
		"SELECT CONVERT(varchar(30), CAST('2024-01-02 03:04:05.997' AS datetime), 121), CONVERT(varchar, GETDATE(), 112) AS d, CONVERT(nvarchar(10), CAST('2024-03-04' AS date), 103)",
		"SELECT LEN(N'abc  '), DATALENGTH(N'abc'), DATALENGTH('abc'), UPPER(N'straße'), LOWER('ABC'), LTRIM('  x'), RTRIM('x  ') + '|'",
		"SELECT SUBSTRING('abcdef', 2, 3), REPLICATE('ab', 3), REPLACE('aXbxc', 'x', '-'), CHARINDEX('C', 'abcabc'), CONCAT('a', 1, NULL, 2.5)",
		"SELECT ABS(-5), ROUND(123.456, 1), ROUND(2.5e0, 0), FLOOR(-1.5), CEILING(1.2), POWER(2, 10), SQRT(16)",
		"SELECT DATEADD(day, 1, '2024-02-28'), DATEDIFF(day, '2024-01-01', '2024-03-01'), DATEPART(year, '2024-05-06'), YEAR(GETDATE()) - YEAR(GETDATE()), DATENAME(month, '2024-05-06')",
		"SELECT ISNULL(NULL, 5), COALESCE(NULL, NULL, 'x'), NULLIF(1, 1), IIF(1 > 2, 'a', 'b'), CASE WHEN 1 = 1 THEN 'yes' ELSE 'no' END",
		"SELECT @@VERSION, @@SPID, @@SERVERNAME, DB_NAME(), DB_ID(), USER_NAME(), SUSER_SNAME(), SERVERPROPERTY('ProductVersion'), SERVERPROPERTY('EngineEdition')",
		"SELECT TRY_CAST('abc' AS int), TRY_CONVERT(date, 'x'), CAST('12' AS int) + 1, '1' + 1, 'a' + 'b', N'a' + 'b'",
		"SELECT 1.5 * 2, 10 / 3, 10 % 3, 10.0 / 3, 2147483647 + 1",
		"SELECT CAST(12345678901234567890123456789012345678 AS decimal(38,0)), CAST(0.1234567890123456789012345678901234567 AS decimal(38,37))",
		"SELECT N'😀', LEN(N'😀'), CAST(N'😀' AS varchar(10)), CAST('é' AS varbinary(10)), CAST(N'é' AS varbinary(10))",
		"SELECT 0x0102 AS b, CAST(0x41 AS varchar(2)), CONVERT(varchar(10), 0x4142, 1), CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)",
		"SELECT STR(3.14159, 6, 2), FORMAT(1234.5, 'N2'), FORMAT(CAST('2024-01-02' AS date), 'yyyy/MM/dd'), QUOTENAME('a]b')",
		"DECLARE @t TABLE (id int IDENTITY, v varchar(10)); INSERT INTO @t (v) VALUES ('a'), ('b'); SELECT * FROM @t; SELECT SCOPE_IDENTITY()",
		"SELECT a.n, b.n FROM (VALUES (1), (2)) a(n) CROSS JOIN (VALUES (3)) b(n) ORDER BY a.n",
		"SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION SELECT 2) q ORDER BY x DESC",
		"SELECT ROW_NUMBER() OVER (ORDER BY v DESC) rn, v FROM (VALUES ('a'), ('b')) t(v)",
		"SELECT value FROM STRING_SPLIT('a,b,,c', ',')",
		"SELECT 'x' LIKE 'X'",
		"SELECT CASE WHEN 'abc' LIKE 'A%' THEN 1 ELSE 0 END, CASE WHEN 'abc' LIKE '[a-b]bc' THEN 1 ELSE 0 END, CASE WHEN 'a' = 'A ' THEN 1 ELSE 0 END",
		"RAISERROR('Hello %s, %d', 10, 1, 'world', 42)",
		"RAISERROR('Boom %s', 16, 2, 'x') WITH NOWAIT",
		"BEGIN TRY SELECT 1/0 END TRY BEGIN CATCH SELECT ERROR_NUMBER(), ERROR_MESSAGE(), ERROR_LINE(), ERROR_SEVERITY() END CATCH",
		"THROW 50001, 'custom', 3",
		"PRINT 'a'; SELECT CAST('x' AS int); PRINT 'b'",
		"WAITFOR DELAY '00:00:00.05'; SELECT 1",
		"SELECT COUNT_BIG(*), SUM(x), AVG(x), MIN(x), STRING_AGG(CAST(x AS varchar(5)), ',') FROM (VALUES (1),(2),(4)) t(x)",
		"SELECT x, COUNT(*) FROM (VALUES (1),(1),(2)) t(x) GROUP BY x HAVING COUNT(*) > 1",
		"SELECT x, y FROM (VALUES (1, 2)) t(x, y) GROUP BY x",
	} {
		r := run(t, s, q)
		t.Logf("%s\n%s", q, r.dump())
	}
}
