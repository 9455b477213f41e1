package tsql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorNumbersAndClasses(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE TABLE parent (id int PRIMARY KEY);
		CREATE TABLE child (id int PRIMARY KEY, pid int FOREIGN KEY REFERENCES parent(id), v varchar(3) CHECK (v <> 'bad'), n int NOT NULL DEFAULT 0);
		CREATE UNIQUE INDEX ix_child_v ON child (v);
		INSERT INTO parent VALUES (1); INSERT INTO child (id, pid, v) VALUES (1, 1, 'a')`)
	cases := []struct {
		sql          string
		number       int32
		class, state uint8
	}{
		{"SELECT 1 +", 102, 15, 1},
		{"SELEC 1", 2812, 16, 62},
		{"SELECT * FROM nosuch", 208, 16, 1},
		{"SELECT nocol FROM parent", 207, 16, 1},
		{"INSERT INTO parent VALUES (1)", 2627, 14, 1},
		{"INSERT INTO child (id, pid, v) VALUES (2, 1, 'a')", 2601, 14, 1},
		{"INSERT INTO child (id, pid, v) VALUES (2, 99, 'b')", 547, 16, 0},
		{"INSERT INTO child (id, pid, v) VALUES (2, 1, 'bad')", 547, 16, 0},
		{"DELETE FROM parent", 547, 16, 0},
		{"INSERT INTO child (id, n) VALUES (3, NULL)", 515, 16, 2},
		{"SELECT 1 / 0", 8134, 16, 1},
		{"SELECT CAST('abc' AS int)", 245, 16, 1},
		{"SELECT CAST('abc' AS decimal(5,2))", 8114, 16, 5},
		{"INSERT INTO child (id, v) VALUES (4, 'toolong')", 2628, 16, 1},
		{"RAISERROR('x', 16, 3)", 50000, 16, 3},
		{"COMMIT", 3902, 16, 1},
		{"ROLLBACK", 3903, 16, 1},
		{"CREATE TABLE parent (x int)", 2714, 16, 6},
		{"EXEC sp_tdstest_deadlock", 1205, 13, 51},
		{"SELECT CAST('2024-13-45' AS datetime)", 241, 16, 1},
		{"DECLARE @x int; DECLARE @x int", 134, 15, 1},
		{"SELECT @undeclared", 137, 15, 2},
		{"EXEC nosuchproc", 2812, 16, 62},
		{"DROP TABLE nosuch", 3701, 11, 5},
	}
	for _, c := range cases {
		m := firstError(t, s, c.sql)
		assert.Equal(t, c.number, m.Number, c.sql)
		assert.Equal(t, c.class, m.Class, c.sql)
		assert.Equal(t, c.state, m.State, c.sql)
		assert.Equal(t, int32(1), m.Line, c.sql)
		assert.Equal(t, "TDSTEST", m.Server, c.sql)
	}
}

func TestErrorMessagesText(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE msg (id int CONSTRAINT PK_msg PRIMARY KEY, name varchar(5) NOT NULL)")
	mustRun(t, s, "INSERT INTO msg VALUES (7, 'a')")
	assert.Equal(t, "Violation of PRIMARY KEY constraint 'PK_msg'. Cannot insert duplicate key in object 'dbo.msg'. The duplicate key value is (7).",
		firstError(t, s, "INSERT INTO msg VALUES (7, 'b')").Text)
	assert.Equal(t, "Cannot insert the value NULL into column 'name', table 'master.dbo.msg'; column does not allow nulls. INSERT fails.",
		firstError(t, s, "INSERT INTO msg VALUES (8, NULL)").Text)
	assert.Equal(t, "String or binary data would be truncated in table 'master.dbo.msg', column 'name'. Truncated value: 'abcde'.",
		firstError(t, s, "INSERT INTO msg VALUES (9, 'abcdefgh')").Text)
	assert.Equal(t, "Cannot insert the value NULL into column 'name', table 'master.dbo.msg'; column does not allow nulls. UPDATE fails.",
		firstError(t, s, "UPDATE msg SET name = NULL").Text)
	assert.Equal(t, "Invalid object name 'dbo.nosuch'.", firstError(t, s, "SELECT * FROM dbo.nosuch").Text)
	assert.Equal(t, "Incorrect syntax near 'FRM'.", firstError(t, s, "SELECT * FRM msg").Text)
}

func TestErrorLineNumbers(t *testing.T) {
	s := openSession(t, testEngine(t))
	m := firstError(t, s, "PRINT 'a'\n\nSELECT 1/0")
	assert.Equal(t, int32(3), m.Line)
	mustRun(t, s, "CREATE PROCEDURE pl AS\nBEGIN\n  SELECT 1\n  RAISERROR('inside', 16, 1)\nEND")
	m = firstError(t, s, "EXEC pl")
	assert.Equal(t, "pl", m.Procedure)
	assert.Equal(t, int32(4), m.Line)
	assert.Equal(t, int32(2), firstError(t, s, "SELECT 1\nSELEC 2").Line, "syntax errors report their line")
}

func TestStatementErrorContinuesBatch(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE se (id int PRIMARY KEY)")
	r := run(t, s, "INSERT INTO se VALUES (1); INSERT INTO se VALUES (1); SELECT COUNT(*) FROM se")
	require.Len(t, r.errors(), 1)
	sets := r.sets()
	require.Len(t, sets, 1, "the batch goes on after a duplicate key")
	assert.Equal(t, int64(1), sets[0].rows[0][0])
	dones := r.dones()
	require.Len(t, dones, 3)
	assert.True(t, dones[1].failed)
	assert.Equal(t, int64(0), dones[1].count)
}

func TestBatchAbortingErrors(t *testing.T) {
	s := openSession(t, testEngine(t))
	for _, sql := range []string{
		"SELECT CAST('x' AS int); SELECT 'after'",
		"SELECT * FROM nosuch; SELECT 'after'",
		"THROW 50001, 'stop', 1; SELECT 'after'",
		"SELECT 1/0; SELECT 'after'",
	} {
		r := run(t, s, sql)
		assert.Len(t, r.errors(), 1, sql)
		assert.Empty(t, r.sets(), sql)
	}
	r := run(t, s, "SELECT 1; SELECT 2 +")
	assert.Empty(t, r.sets(), "a syntax error runs nothing")
}

func TestTryCatch(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, `BEGIN TRY
		SELECT 1 / 0
	END TRY
	BEGIN CATCH
		SELECT ERROR_NUMBER() AS n, ERROR_MESSAGE() AS m, ERROR_SEVERITY() AS s, ERROR_STATE() AS st, ERROR_LINE() AS l
	END CATCH`)
	assert.Equal(t, []any{int64(8134), "Divide by zero error encountered.", int64(16), int64(1), int64(2)}, rs.rows[0])
	rs = query(t, s, `BEGIN TRY RAISERROR('custom %d', 16, 4, 7) END TRY BEGIN CATCH SELECT ERROR_NUMBER(), ERROR_MESSAGE(), ERROR_STATE() END CATCH`)
	assert.Equal(t, []any{int64(50000), "custom 7", int64(4)}, rs.rows[0])
	r := run(t, s, `BEGIN TRY THROW 50005, 'first', 1 END TRY BEGIN CATCH THROW END CATCH`)
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(50005), r.errors()[0].Number)
	assert.Nil(t, scalar(t, s, "SELECT ERROR_NUMBER()"), "outside CATCH")
	r = run(t, s, "BEGIN TRY SELECT * FROM nosuch END TRY BEGIN CATCH SELECT 'caught' END CATCH")
	require.Len(t, r.errors(), 1, "name resolution errors are not caught at the same level")
	assert.Empty(t, r.sets())
	mustRun(t, s, "CREATE PROCEDURE bad AS SELECT * FROM nosuch")
	rs = query(t, s, "BEGIN TRY EXEC bad END TRY BEGIN CATCH SELECT ERROR_NUMBER(), ERROR_PROCEDURE() END CATCH")
	assert.Equal(t, []any{int64(208), "bad"}, rs.rows[0], "but they are caught from a called procedure")
}

func TestRaiserrorAndPrint(t *testing.T) {
	s := openSession(t, testEngine(t))
	r := mustRun(t, s, "PRINT 'hello'; RAISERROR('%s is %d years, %5x|%-3d|', 0, 1, N'Ann', 42, 255, 7) WITH NOWAIT; PRINT 1 + 1")
	infos := r.infos()
	require.Len(t, infos, 3)
	assert.Equal(t, "hello", infos[0].Text)
	assert.Equal(t, int32(0), infos[0].Number)
	assert.Equal(t, "Ann is 42 years,    ff|7  |", infos[1].Text)
	assert.Equal(t, int32(50000), infos[1].Number)
	assert.Equal(t, "2", infos[2].Text)
	r = run(t, s, "RAISERROR('bad', 16, 1) WITH SETERROR; SELECT @@ERROR")
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int64(50000), r.sets()[0].rows[0][0])
	assert.Equal(t, int32(2754), firstError(t, s, "RAISERROR('x', 20, 1)").Number)
	assert.Equal(t, int32(2787), firstError(t, s, "RAISERROR('%f', 16, 1, 1.5)").Number)
}

func TestXactAbort(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE xa (id int PRIMARY KEY)")
	r := run(t, s, "SET XACT_ABORT ON; BEGIN TRAN; INSERT INTO xa VALUES (1); INSERT INTO xa VALUES (1); SELECT 'not reached'")
	require.Len(t, r.errors(), 1)
	assert.Empty(t, r.sets())
	assert.Equal(t, int64(0), scalar(t, s, "SELECT @@TRANCOUNT"))
	assert.Equal(t, int64(0), scalar(t, s, "SELECT COUNT(*) FROM xa"), "the whole transaction rolled back")
	rs := query(t, s, `BEGIN TRAN; BEGIN TRY INSERT INTO xa VALUES (2); INSERT INTO xa VALUES (2) END TRY
		BEGIN CATCH SELECT XACT_STATE(); ROLLBACK END CATCH`)
	assert.Equal(t, int64(-1), rs.rows[0][0], "XACT_ABORT dooms the transaction inside TRY")
	mustRun(t, s, "SET XACT_ABORT OFF")
}

func TestGroupByValidation(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE g (a int, b int)")
	assert.Equal(t, int32(8120), firstError(t, s, "SELECT a, b FROM g GROUP BY a").Number)
	assert.Equal(t, int32(8120), firstError(t, s, "SELECT a, COUNT(*) FROM g").Number)
	mustRun(t, s, "SELECT a, COUNT(*), MAX(b) FROM g GROUP BY a")
}
