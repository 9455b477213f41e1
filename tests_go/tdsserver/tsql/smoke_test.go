package tsql

import "testing"

func TestSmoke(t *testing.T) {
	e := testEngine(t)
	s := openSession(t, e)
	for _, q := range []string{
		"CREATE TABLE dbo.t (id int IDENTITY(1,1) PRIMARY KEY, name nvarchar(50) NOT NULL UNIQUE, price decimal(18,4) DEFAULT 0, d datetime2)",
		"CREATE TABLE c (cid int PRIMARY KEY, tid int REFERENCES t(id), x varchar(3) CHECK (len(x) > 1))",
		"SELECT name, object_id, type, type_desc FROM sys.tables",
		"SELECT * FROM sys.columns WHERE object_id = OBJECT_ID('t')",
		"SELECT * FROM INFORMATION_SCHEMA.COLUMNS",
		"SELECT * FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS",
		"SELECT * FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE",
		"SELECT name FROM sys.databases",
		"SELECT * FROM sys.types WHERE name = 'int'",
		"SELECT * FROM sys.foreign_keys",
		"INSERT INTO c VALUES (1, 99, 'ab')",
		"INSERT INTO c VALUES (1, NULL, 'a')",
		"INSERT INTO t(name) VALUES ('x'); INSERT INTO t(name) VALUES ('x')",
		"INSERT INTO c VALUES (1, 1, 'abcd')",
		"CREATE TABLE #tmp (a int); INSERT INTO #tmp VALUES (1),(2); SELECT * FROM #tmp; SELECT name FROM tempdb.sys.tables",
		"IF OBJECT_ID('tempdb..#tmp') IS NOT NULL DROP TABLE #tmp; SELECT OBJECT_ID('tempdb..#tmp')",
	} {
		r := run(t, s, q)
		t.Logf("%s\n%s", q, r.dump())
	}
}
