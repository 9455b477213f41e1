package tsql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInsertForms(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE TABLE ins (id int IDENTITY(100, 5) PRIMARY KEY, name varchar(10) NOT NULL DEFAULT 'anon',
		created datetime2 DEFAULT SYSDATETIME(), qty int DEFAULT 1)`)
	r := mustRun(t, s, "INSERT INTO ins (name) VALUES ('a'), ('b'), ('c')")
	assert.Equal(t, int64(3), r.dones()[0].count)
	assert.True(t, r.dones()[0].has)
	mustRun(t, s, "INSERT INTO ins DEFAULT VALUES")
	mustRun(t, s, "INSERT INTO ins (name, qty) VALUES ('d', DEFAULT)")
	mustRun(t, s, "INSERT INTO ins (name, qty) SELECT name + '2', qty * 10 FROM ins WHERE name IN ('a', 'b') ORDER BY name")
	mustRun(t, s, "INSERT INTO ins VALUES ('e', '2024-01-01', 7)")
	rs := query(t, s, "SELECT id, name, qty FROM ins ORDER BY id")
	assert.Equal(t, [][]any{{int64(100), "a", int64(1)}, {int64(105), "b", int64(1)}, {int64(110), "c", int64(1)},
		{int64(115), "anon", int64(1)}, {int64(120), "d", int64(1)}, {int64(125), "a2", int64(10)}, {int64(130), "b2", int64(10)},
		{int64(135), "e", int64(7)}}, rs.rows)
	assert.Equal(t, "135", scalar(t, s, "SELECT IDENT_CURRENT('ins')"))
	assert.Equal(t, int64(0), scalar(t, s, "SELECT COUNT(*) FROM ins WHERE created IS NULL AND name <> 'e'"))
	assert.Equal(t, int32(213), firstError(t, s, "INSERT INTO ins VALUES ('x')").Number)
	assert.Equal(t, int32(109), firstError(t, s, "INSERT INTO ins (name, qty) VALUES ('x')").Number)
	assert.Equal(t, int32(110), firstError(t, s, "INSERT INTO ins (name) VALUES ('x', 1)").Number)
}

func TestScopeIdentityAndIdentityInsert(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE ii (id bigint IDENTITY PRIMARY KEY, v int)")
	rs := query(t, s, "INSERT INTO ii (v) VALUES (1); SELECT SCOPE_IDENTITY(), @@IDENTITY, @@ROWCOUNT")
	assert.Equal(t, []any{"1", "1", int64(1)}, rs.rows[0])
	mustRun(t, s, "CREATE PROCEDURE addii AS INSERT INTO ii (v) VALUES (2)")
	rs = query(t, s, "INSERT INTO ii (v) VALUES (3); EXEC addii; SELECT SCOPE_IDENTITY(), @@IDENTITY")
	assert.Equal(t, []any{"2", "3"}, rs.rows[0], "SCOPE_IDENTITY stays in its scope; @@IDENTITY follows the session")
	assert.Equal(t, int32(544), firstError(t, s, "INSERT INTO ii (id, v) VALUES (50, 0)").Number)
	mustRun(t, s, "SET IDENTITY_INSERT ii ON; INSERT INTO ii (id, v) VALUES (50, 0); SET IDENTITY_INSERT ii OFF")
	mustRun(t, s, "INSERT INTO ii (v) VALUES (4)")
	assert.Equal(t, int64(51), scalar(t, s, "SELECT MAX(id) FROM ii"), "explicit values move the identity on")
	mustRun(t, s, "CREATE TABLE ii2 (id int IDENTITY, v int)")
	assert.Equal(t, int32(8107), firstError(t, s, "SET IDENTITY_INSERT ii ON; SET IDENTITY_INSERT ii2 ON").Number)
	mustRun(t, s, "SET IDENTITY_INSERT ii OFF")
	mustRun(t, s, "BEGIN TRAN; INSERT INTO ii2 (v) VALUES (1); ROLLBACK; INSERT INTO ii2 (v) VALUES (2)")
	assert.Equal(t, int64(2), scalar(t, s, "SELECT id FROM ii2"), "a rollback does not give identity values back")
	mustRun(t, s, "TRUNCATE TABLE ii2; INSERT INTO ii2 (v) VALUES (3)")
	assert.Equal(t, int64(1), scalar(t, s, "SELECT id FROM ii2"), "TRUNCATE restarts the identity")
	mustRun(t, s, "DBCC CHECKIDENT ('ii2', RESEED, 100); INSERT INTO ii2 (v) VALUES (4)")
	assert.Equal(t, int64(101), scalar(t, s, "SELECT MAX(id) FROM ii2"))
}

func TestOutputClause(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE oc (id int IDENTITY PRIMARY KEY, v nvarchar(10), n int)")
	rs := query(t, s, "INSERT INTO oc (v, n) OUTPUT INSERTED.* VALUES (N'a', 1), (N'b', 2)")
	assert.Equal(t, [][]any{{int64(1), "a", int64(1)}, {int64(2), "b", int64(2)}}, rs.rows)
	assert.True(t, rs.cols[0].Identity)
	rs = query(t, s, "INSERT INTO oc (v, n) OUTPUT INSERTED.id, INSERTED.v AS label VALUES (N'c', 3)")
	assert.Equal(t, "label", rs.cols[1].Name)
	assert.Equal(t, []any{int64(3), "c"}, rs.rows[0])
	rs = query(t, s, "UPDATE oc SET n = n * 10 OUTPUT DELETED.n AS old, INSERTED.n AS new WHERE id = 2")
	assert.Equal(t, []any{int64(2), int64(20)}, rs.rows[0])
	rs = query(t, s, "DELETE FROM oc OUTPUT DELETED.* WHERE id = 1")
	assert.Equal(t, []any{int64(1), "a", int64(1)}, rs.rows[0])
	mustRun(t, s, "DECLARE @log TABLE (id int, v nvarchar(10)); DELETE FROM oc OUTPUT DELETED.id, DELETED.v INTO @log WHERE id = 3; SELECT * FROM @log")
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM oc"))
}

func TestUpdateDeleteForms(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE TABLE ud (id int PRIMARY KEY, grp int, v int);
		CREATE TABLE ud_map (grp int, factor int);
		INSERT INTO ud VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40);
		INSERT INTO ud_map VALUES (1, 2), (2, 3)`)
	r := mustRun(t, s, "UPDATE ud SET v = v * m.factor FROM ud JOIN ud_map m ON m.grp = ud.grp WHERE ud.id < 4")
	assert.Equal(t, int64(3), r.dones()[0].count)
	assert.Equal(t, [][]any{{int64(20)}, {int64(40)}, {int64(90)}, {int64(40)}}, query(t, s, "SELECT v FROM ud ORDER BY id").rows)
	mustRun(t, s, "UPDATE u SET u.v = 0 FROM ud AS u WHERE u.grp = 3")
	assert.Equal(t, int64(0), scalar(t, s, "SELECT v FROM ud WHERE id = 4"))
	mustRun(t, s, "UPDATE ud SET v += 1, grp = grp WHERE id = 1")
	assert.Equal(t, int64(21), scalar(t, s, "SELECT v FROM ud WHERE id = 1"))
	r = mustRun(t, s, "UPDATE TOP (2) ud SET v = -1")
	assert.Equal(t, int64(2), r.dones()[0].count)
	r = mustRun(t, s, "DELETE ud FROM ud JOIN ud_map m ON m.grp = ud.grp WHERE m.factor = 3")
	assert.Equal(t, int64(1), r.dones()[0].count)
	r = mustRun(t, s, "DELETE TOP (1) FROM ud")
	assert.Equal(t, int64(1), r.dones()[0].count)
	assert.Equal(t, int64(2), scalar(t, s, "SELECT COUNT(*) FROM ud"))
	r = mustRun(t, s, "SET NOCOUNT ON; DELETE FROM ud; SET NOCOUNT OFF")
	assert.False(t, r.dones()[0].has, "NOCOUNT hides the count")
	assert.Equal(t, int32(8102), firstError(t, s, "CREATE TABLE idu (id int IDENTITY); UPDATE idu SET id = 1").Number)
}

func TestTruncationAndConversionOnInsert(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE tc (v varchar(3), n nvarchar(2), b varbinary(2), c char(2), i int, d date)")
	assert.Equal(t, int32(2628), firstError(t, s, "INSERT INTO tc (v) VALUES ('abcd')").Number)
	assert.Equal(t, int32(2628), firstError(t, s, "INSERT INTO tc (n) VALUES (N'😀x')").Number, "nvarchar counts UTF-16 units")
	assert.Equal(t, int32(2628), firstError(t, s, "INSERT INTO tc (b) VALUES (0x010203)").Number)
	mustRun(t, s, "INSERT INTO tc (v, n, c, i, d) VALUES ('ab ', N'😀', 'x', '42', '2024-02-03')")
	rs := query(t, s, "SELECT v, n, c, i, d FROM tc")
	assert.Equal(t, "ab ", rs.rows[0][0])
	assert.Equal(t, "😀", rs.rows[0][1])
	assert.Equal(t, "x ", rs.rows[0][2])
	assert.Equal(t, int64(42), rs.rows[0][3])
	assert.Equal(t, int32(245), firstError(t, s, "INSERT INTO tc (i) VALUES ('abc')").Number)
	assert.Equal(t, int32(206), firstError(t, s, "INSERT INTO tc (d) VALUES (5)").Number)
	assert.Equal(t, int32(257), firstError(t, s, "INSERT INTO tc (b) VALUES ('ab')").Number)
}

func TestSelectIntoAndTableVariables(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE src (id int IDENTITY PRIMARY KEY, v decimal(6,2))")
	mustRun(t, s, "INSERT INTO src (v) VALUES (1.5), (2.5)")
	mustRun(t, s, "SELECT id, v, v * 2 AS dbl INTO #copy FROM src")
	rs := query(t, s, "SELECT * FROM #copy ORDER BY id")
	assert.Equal(t, []string{"int", "decimal(6,2) null", "decimal(8,2) null"}, colTypes(rs))
	assert.True(t, rs.cols[0].Identity, "SELECT INTO keeps the identity property")
	assert.Equal(t, [][]any{{int64(1), "1.50", "3.00"}, {int64(2), "2.50", "5.00"}}, rs.rows)
	rs = query(t, s, "DECLARE @tv TABLE (k int PRIMARY KEY, s nvarchar(5)); INSERT INTO @tv VALUES (2, N'b'), (1, N'a'); SELECT s FROM @tv ORDER BY k")
	assert.Equal(t, [][]any{{"a"}, {"b"}}, rs.rows)
	assert.Equal(t, int32(1087), firstError(t, s, "SELECT * FROM @tv").Number, "table variables live in their batch")
}

func TestAlterTable(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE al (id int NOT NULL, v int); INSERT INTO al VALUES (1, 10), (2, 20)")
	mustRun(t, s, "ALTER TABLE al ADD note nvarchar(10) NULL, flag bit NOT NULL DEFAULT 1")
	assert.Equal(t, [][]any{{int64(1), int64(10), nil, true}, {int64(2), int64(20), nil, true}}, query(t, s, "SELECT * FROM al ORDER BY id").rows)
	mustRun(t, s, "ALTER TABLE al ADD CONSTRAINT pk_al PRIMARY KEY (id)")
	assert.Equal(t, int32(2627), firstError(t, s, "INSERT INTO al (id) VALUES (1)").Number)
	mustRun(t, s, "CREATE TABLE al_child (id int, al_id int); ALTER TABLE al_child ADD CONSTRAINT fk_al FOREIGN KEY (al_id) REFERENCES al(id)")
	assert.Equal(t, int32(547), firstError(t, s, "INSERT INTO al_child VALUES (1, 99)").Number)
	mustRun(t, s, "INSERT INTO al_child VALUES (1, 1)")
	mustRun(t, s, "ALTER TABLE al ADD CONSTRAINT ck_v CHECK (v > 0)")
	assert.Equal(t, int32(547), firstError(t, s, "INSERT INTO al (id, v) VALUES (3, -1)").Number)
	assert.Equal(t, int32(547), firstError(t, s, "ALTER TABLE al ADD CONSTRAINT ck_v2 CHECK (v > 15)").Number)
	mustRun(t, s, "ALTER TABLE al DROP CONSTRAINT ck_v; INSERT INTO al (id, v) VALUES (3, -1)")
	mustRun(t, s, "ALTER TABLE al ALTER COLUMN note nvarchar(50) NULL")
	assert.Equal(t, "nvarchar(50) null", colTypes(query(t, s, "SELECT note FROM al"))[0])
	mustRun(t, s, "ALTER TABLE al DROP COLUMN note")
	assert.Equal(t, int32(207), firstError(t, s, "SELECT note FROM al").Number)
	assert.Equal(t, int32(547), firstError(t, s, "DELETE FROM al WHERE id = 1").Number, "child rows still reference the rebuilt table")
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM sys.foreign_keys WHERE name = 'fk_al'"))
}

func TestDropAndIfExists(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "DROP TABLE IF EXISTS nothere; CREATE TABLE d1 (a int); CREATE TABLE d2 (a int)")
	mustRun(t, s, "IF OBJECT_ID('dbo.d1', 'U') IS NOT NULL DROP TABLE d1")
	assert.Nil(t, scalar(t, s, "SELECT OBJECT_ID('d1')"))
	assert.Equal(t, int32(3701), firstError(t, s, "DROP TABLE d2, nothere2").Number, "d2 goes, the missing one errors")
	assert.Nil(t, scalar(t, s, "SELECT OBJECT_ID('d2')"))
	mustRun(t, s, "CREATE TABLE pk1 (id int PRIMARY KEY); CREATE TABLE fk1 (id int REFERENCES pk1(id))")
	assert.Equal(t, int32(3726), firstError(t, s, "DROP TABLE pk1").Number)
	assert.Equal(t, int32(4712), firstError(t, s, "TRUNCATE TABLE pk1").Number)
	mustRun(t, s, "DROP TABLE fk1; DROP TABLE pk1")
}

func TestIndexesAndViews(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE iv (id int PRIMARY KEY, email nvarchar(50), score int)")
	mustRun(t, s, "CREATE UNIQUE INDEX ux_email ON iv (email); CREATE INDEX ix_score ON dbo.iv (score DESC) INCLUDE (email)")
	mustRun(t, s, "INSERT INTO iv VALUES (1, N'a@x', 5)")
	m := firstError(t, s, "INSERT INTO iv VALUES (2, N'A@X', 6)")
	assert.Equal(t, int32(2601), m.Number, "unique indexes compare case-insensitively")
	assert.Contains(t, m.Text, "with unique index 'ux_email'")
	assert.Equal(t, int32(1913), firstError(t, s, "CREATE INDEX ix_score ON iv (id)").Number)
	mustRun(t, s, "DROP INDEX ix_score ON iv; DROP INDEX iv.ux_email")
	mustRun(t, s, "INSERT INTO iv VALUES (2, N'A@X', 6)")
	mustRun(t, s, "CREATE VIEW dbo.top_scores AS SELECT id, score * 2 AS doubled FROM iv WHERE score > 5")
	rs := query(t, s, "SELECT * FROM top_scores")
	assert.Equal(t, []string{"int", "int null"}, colTypes(rs))
	assert.Equal(t, [][]any{{int64(2), int64(12)}}, rs.rows)
	mustRun(t, s, "CREATE OR ALTER VIEW top_scores (k) AS SELECT id FROM iv")
	assert.Equal(t, "k", query(t, s, "SELECT * FROM top_scores").cols[0].Name)
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.VIEWS"))
	mustRun(t, s, "DROP VIEW top_scores")
}

func TestSchemasAndDatabases(t *testing.T) {
	e := testEngine(t, "appdb")
	s := openSession(t, e)
	mustRun(t, s, "CREATE SCHEMA sales")
	mustRun(t, s, "CREATE TABLE sales.orders (id int); INSERT INTO sales.orders VALUES (1)")
	assert.Equal(t, int32(208), firstError(t, s, "SELECT * FROM orders").Number, "dbo is the default schema")
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM master.sales.orders"))
	assert.Equal(t, int32(3729), firstError(t, s, "DROP SCHEMA sales").Number)
	r := mustRun(t, s, "USE appdb")
	require.Len(t, r.envs(), 1)
	assert.Equal(t, "appdb", r.envs()[0].New)
	assert.Equal(t, "master", r.envs()[0].Old)
	assert.Equal(t, "appdb", scalar(t, s, "SELECT DB_NAME()"))
	mustRun(t, s, "CREATE TABLE t (a int); INSERT INTO t VALUES (5); INSERT INTO master.sales.orders SELECT a FROM t")
	assert.Equal(t, int64(2), scalar(t, s, "SELECT COUNT(*) FROM master.sales.orders"), "three-part names reach other databases")
	assert.Equal(t, int32(911), firstError(t, s, "USE nosuchdb").Number)
}

func TestCommonTableExpressionsBeforeDML(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE cd (i int, v int)")
	mustRun(t, s, "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 9) INSERT INTO cd (i, v) SELECT i, i * i FROM n")
	assert.Equal(t, int64(10), scalar(t, s, "SELECT COUNT(*) FROM cd"))
	mustRun(t, s, "WITH big AS (SELECT i FROM cd WHERE i > 6) UPDATE cd SET v = -1 OUTPUT DELETED.v WHERE i IN (SELECT i FROM big)")
	assert.Equal(t, int64(3), scalar(t, s, "SELECT COUNT(*) FROM cd WHERE v = -1"))
	mustRun(t, s, "WITH odd AS (SELECT i FROM cd WHERE i % 2 = 1) DELETE FROM cd WHERE i IN (SELECT i FROM odd)")
	assert.Equal(t, int64(5), scalar(t, s, "SELECT COUNT(*) FROM cd"))
}
