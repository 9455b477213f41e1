package tsql

import "testing"

func TestSmoke(t *testing.T) {
	e := testEngine(t)
	s := openSession(t, e)
	for _, q := range []string{
		"SELECT 1 AS a, N'x' AS b, 1.50 AS c, 'abc', NULL, CAST(2 AS bigint), GETDATE(), NEWID()",
		"CREATE TABLE dbo.t (id int IDENTITY(1,1) PRIMARY KEY, name nvarchar(50) NOT NULL, price decimal(18,4) DEFAULT 0, d datetime2)",
		"INSERT INTO t (name, price, d) VALUES (N'a', 1.5, '2024-01-02 03:04:05.1234567'), (N'b', 2.25, NULL)",
		"SELECT * FROM t ORDER BY name DESC",
		"SELECT SCOPE_IDENTITY(), @@IDENTITY, @@ROWCOUNT",
		"INSERT INTO t (name) OUTPUT INSERTED.* VALUES ('c')",
		"SELECT count(*), sum(price), avg(price), max(name) FROM t",
		"DECLARE @x int = 5, @y nvarchar(10) = 'hi'; SET @x += 2; SELECT @x, @y + N'!'",
		"IF OBJECT_ID('t') IS NOT NULL PRINT 'exists'",
		"SELECT * FROM nosuch",
		"INSERT INTO t(id, name) VALUES (1, 'x')",
		"INSERT INTO t(name) VALUES (NULL)",
		"SELECT 1/0",
		"BEGIN TRAN; INSERT INTO t(name) VALUES ('d'); SELECT @@TRANCOUNT; ROLLBACK; SELECT count(*) FROM t",
		"SELECT value FROM GENERATE_SERIES(1, 5) ORDER BY value DESC",
		"WITH c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 3) SELECT n FROM c",
		"SELECT TOP 2 name FROM t ORDER BY id OFFSET 0 ROWS",
		"SELECT name FROM t ORDER BY id OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY",
		"UPDATE t SET price = price * 2 OUTPUT DELETED.price, INSERTED.price WHERE name = 'a'",
		"DELETE FROM t OUTPUT DELETED.name WHERE name = 'b'",
		"SELECT * FROM sys.tables",
	} {
		r := run(t, s, q)
		t.Logf("%s\n%s", q, r.dump())
	}
}
