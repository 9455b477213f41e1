package tsql

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// execSQL runs sp_executesql and fails on a reported error.
func execSQL(t *testing.T, s backend.Session, text, decl string, params ...backend.Param) *recorder {
	t.Helper()
	r := &recorder{}
	require.NoError(t, s.RPC(context.Background(), executeSQL(text, decl, params), r))
	require.Empty(t, r.errors(), r.dump())
	return r
}

func param(name string, t sqltype.Type, v any) backend.Param {
	return backend.Param{Name: name, Type: t, Value: v}
}

// The compiled INSERT of a repeated statement is reused with each call's
// values, and SCOPE_IDENTITY follows the generated values.
func TestInsertPlanReusedWithNewValues(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE pc (id int IDENTITY(10, 5) PRIMARY KEY, a int, b nvarchar(10) DEFAULT N'dflt')")
	const ins = "INSERT INTO pc (a) VALUES (@a); SELECT SCOPE_IDENTITY()"
	for i := 1; i <= 3; i++ {
		r := execSQL(t, s, ins, "@a int", param("@a", tBig, int64(i*100)))
		assert.Equal(t, itoa(int64(5+i*5)), r.sets()[0].rows[0][0])
	}
	sess := s.(*session)
	assert.Equal(t, 1, sess.plans.order.Len(), "one INSERT plan kept")
	rs := query(t, s, "SELECT id, a, b FROM pc ORDER BY id")
	assert.Equal(t, [][]any{{int64(10), int64(100), "dflt"}, {int64(15), int64(200), "dflt"}, {int64(20), int64(300), "dflt"}}, rs.rows)
}

// A plan is not used once what it was compiled against changed: the
// table, the parameter types, the database, IDENTITY_INSERT.
func TestInsertPlanInvalidated(t *testing.T) {
	e := testEngine(t, "other")
	s := openSession(t, e)
	mustRun(t, s, "CREATE TABLE pc (a int, b varchar(5))")
	const ins = "INSERT INTO pc VALUES (@a, @b)"
	execSQL(t, s, ins, "@a int, @b varchar(5)", param("@a", tBig, int64(1)), param("@b", tNV, "x"))

	// A different declared type: the value converts as declared now.
	execSQL(t, s, ins, "@a decimal(5,1), @b varchar(5)", param("@a", tDec, "2.6"), param("@b", tNV, "y"))

	// The table changed shape: the plan compiled for it is not used.
	mustRun(t, s, "DROP TABLE pc; CREATE TABLE pc (b varchar(5), a int)")
	r := &recorder{}
	require.NoError(t, s.RPC(context.Background(), executeSQL(ins, "@a int, @b varchar(5)",
		[]backend.Param{param("@a", tBig, int64(3)), param("@b", tNV, "z")}), r))
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(245), r.errors()[0].Number, "varchar 'z' into int: the new column order applies")
	execSQL(t, s, ins, "@a varchar(5), @b int", param("@a", tNV, "z"), param("@b", tBig, int64(3)))
	assert.Equal(t, [][]any{{"z", int64(3)}}, query(t, s, "SELECT b, a FROM pc").rows)

	// Another database: the name resolves there.
	mustRun(t, s, "USE other; CREATE TABLE pc (a int, b varchar(5))")
	execSQL(t, s, ins, "@a int, @b varchar(5)", param("@a", tBig, int64(4)), param("@b", tNV, "w"))
	assert.Equal(t, [][]any{{int64(4), "w"}}, query(t, s, "SELECT a, b FROM other.dbo.pc").rows)
	assert.Len(t, query(t, s, "SELECT * FROM master.dbo.pc").rows, 1)

	// IDENTITY_INSERT changes what an INSERT may name.
	mustRun(t, s, "CREATE TABLE ident (id int IDENTITY, v int)")
	const insID = "INSERT INTO ident (id, v) VALUES (@id, @v)"
	r = &recorder{}
	require.NoError(t, s.RPC(context.Background(), executeSQL(insID, "@id int, @v int",
		[]backend.Param{param("@id", tBig, int64(7)), param("@v", tBig, int64(1))}), r))
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(544), r.errors()[0].Number)
	mustRun(t, s, "SET IDENTITY_INSERT ident ON")
	execSQL(t, s, insID, "@id int, @v int", param("@id", tBig, int64(7)), param("@v", tBig, int64(1)))
	mustRun(t, s, "SET IDENTITY_INSERT ident OFF")
	r = &recorder{}
	require.NoError(t, s.RPC(context.Background(), executeSQL(insID, "@id int, @v int",
		[]backend.Param{param("@id", tBig, int64(8)), param("@v", tBig, int64(2))}), r))
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(544), r.errors()[0].Number)
}

// After a session reset the temp table a plan wrote is gone: the INSERT
// reports the missing object, as a fresh compilation does.
func TestInsertPlanAfterReset(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE #t (a int)")
	const ins = "INSERT INTO #t VALUES (@a)"
	execSQL(t, s, ins, "@a int", param("@a", tBig, int64(1)))
	require.NoError(t, s.Reset(false, &recorder{}))
	r := &recorder{}
	require.NoError(t, s.RPC(context.Background(), executeSQL(ins, "@a int", []backend.Param{param("@a", tBig, int64(2))}), r))
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(208), r.errors()[0].Number)
}

// A failing INSERT leaves nothing behind, inside a transaction (which
// stays open) and on a temp table outside one, as SQL Server's statement
// rollback does.
func TestFailedInsertUndoneAlone(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE st (a int PRIMARY KEY); CREATE TABLE #st (a int PRIMARY KEY)")
	r := run(t, s, "BEGIN TRAN; INSERT INTO st VALUES (1); INSERT INTO st VALUES (2), (1)")
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(2627), r.errors()[0].Number)
	r = run(t, s, "INSERT INTO st VALUES (3), (CAST('x' AS int))")
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(245), r.errors()[0].Number)
	assert.Equal(t, int64(1), scalar(t, s, "SELECT @@TRANCOUNT"))
	mustRun(t, s, "COMMIT")
	assert.Equal(t, [][]any{{int64(1)}}, query(t, s, "SELECT a FROM st").rows)

	for _, ins := range []string{"INSERT INTO #st VALUES (1), (1)", "INSERT INTO #st VALUES (@a), (@a)"} {
		r = &recorder{}
		require.NoError(t, s.RPC(context.Background(), executeSQL(ins, "@a int", []backend.Param{param("@a", tBig, int64(1))}), r))
		require.Len(t, r.errors(), 1)
		assert.Equal(t, int32(2627), r.errors()[0].Number)
	}
	assert.Equal(t, int64(0), scalar(t, s, "SELECT COUNT(*) FROM #st"))
	execSQL(t, s, "INSERT INTO #st VALUES (@a)", "@a int", param("@a", tBig, int64(5)))
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM #st"))
}
