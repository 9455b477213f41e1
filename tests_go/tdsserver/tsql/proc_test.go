package tsql

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

var (
	tInt64 = sqltype.Type{Kind: sqltype.Int}
	tNV    = sqltype.Type{Kind: sqltype.NVarChar, Length: 4000}
)

func nvParam(name, v string) backend.Param { return backend.Param{Name: name, Type: tNV, Value: v} }

func rpc(t testing.TB, s backend.Session, name string, params ...backend.Param) *recorder {
	t.Helper()
	r := &recorder{}
	require.NoError(t, s.RPC(context.Background(), backend.RPCCall{Name: name, Params: params}, r))
	return r
}

func TestProcedureOutputAndReturn(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE PROCEDURE dbo.calc @a int, @b int = 10, @sum int OUTPUT, @label nvarchar(20) = N'none' OUTPUT
	AS
	BEGIN
		SET NOCOUNT ON
		SET @sum = @a + @b
		SET @label = @label + N'!'
		SELECT @a AS a, @b AS b
		RETURN 3
	END`)
	sets := mustRun(t, s, "DECLARE @s int, @l nvarchar(20) = N'x', @r int; EXEC @r = calc 1, @sum = @s OUTPUT, @label = @l OUTPUT; SELECT @r, @s, @l").sets()
	require.Len(t, sets, 2)
	assert.Equal(t, []any{int64(1), int64(10)}, sets[0].rows[0])
	assert.Equal(t, []any{int64(3), int64(11), "x!"}, sets[1].rows[0])
	r := mustRun(t, s, "EXEC calc @a = 2, @b = 3, @sum = NULL")
	assert.Equal(t, []any{int64(2), int64(3)}, r.sets()[0].rows[0])
	assert.Equal(t, int32(201), firstError(t, s, "EXEC calc 1").Number)
	assert.Equal(t, int32(8144), firstError(t, s, "EXEC calc 1, 2, 3, N'x', 5").Number)
	assert.Equal(t, int32(8145), firstError(t, s, "EXEC calc 1, @nope = 2").Number)
	assert.Equal(t, int64(0), scalar(t, s, "SELECT @@NESTLEVEL"))
	rs := query(t, s, "SELECT COUNT(*) FROM sys.procedures WHERE name = 'calc'")
	assert.Equal(t, int64(1), rs.rows[0][0])
}

func TestProcedureByRPC(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE PROCEDURE echo @in nvarchar(10), @out nvarchar(20) OUTPUT AS BEGIN SET @out = @in + @in; SELECT @in AS v; RETURN 5 END")
	r := rpc(t, s, "echo", nvParam("@in", "ab"), backend.Param{Name: "@out", Type: tNV, Output: true})
	require.Empty(t, r.errors())
	var kinds []string
	for _, e := range r.events {
		kinds = append(kinds, e.kind)
	}
	assert.Equal(t, []string{"cols", "row", "done", "status", "retval"}, kinds)
	for _, e := range r.events {
		switch e.kind {
		case "status":
			assert.Equal(t, int32(5), e.status)
		case "retval":
			assert.Equal(t, "@out", e.param.Name)
			assert.Equal(t, "abab", e.param.Value)
			assert.Equal(t, "nvarchar(20)", e.param.Type.String())
		}
	}
	r = rpc(t, s, "[dbo].[echo]", backend.Param{Type: tNV, Value: "z"}, backend.Param{Type: tNV, Output: true})
	require.Empty(t, r.errors())
	r = rpc(t, s, "nosuch")
	assert.Equal(t, int32(2812), r.errors()[0].Number)
}

func TestCreateOrAlterAndDropProcedure(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE OR ALTER PROCEDURE v1 AS SELECT 1 AS n")
	mustRun(t, s, "CREATE OR ALTER PROCEDURE v1 AS SELECT 2 AS n")
	assert.Equal(t, int64(2), query(t, s, "EXEC v1").rows[0][0])
	mustRun(t, s, "ALTER PROCEDURE v1 AS SELECT 3 AS n")
	assert.Equal(t, int64(3), query(t, s, "EXEC v1").rows[0][0])
	assert.Equal(t, int32(2714), firstError(t, s, "CREATE PROCEDURE v1 AS SELECT 4").Number)
	mustRun(t, s, "DROP PROCEDURE v1; DROP PROCEDURE IF EXISTS v1")
	assert.Equal(t, int32(3701), firstError(t, s, "DROP PROC v1").Number)
}

func TestSpExecuteSQLByRPC(t *testing.T) {
	s := openSession(t, testEngine(t))
	r := rpc(t, s, "sp_executesql",
		backend.Param{Type: tNV, Value: "SELECT @p1 AS a, @p2 AS b; SET @p3 = @p1 * 2"},
		backend.Param{Type: tNV, Value: "@p1 int, @p2 decimal(10,3), @p3 bigint OUTPUT"},
		backend.Param{Name: "@p1", Type: tNV, Value: "21"},
		backend.Param{Name: "@p2", Type: sqltype.Type{Kind: sqltype.Float}, Value: 1.25},
		backend.Param{Name: "@p3", Type: sqltype.Type{Kind: sqltype.BigInt}, Output: true})
	require.Empty(t, r.errors())
	rs := r.sets()[0]
	assert.Equal(t, []string{"int null", "decimal(10,3) null"}, colTypes(rs), "declared types decide")
	assert.Equal(t, []any{int64(21), "1.250"}, rs.rows[0], "values are converted as SQL Server converts")
	var ret backend.Param
	for _, e := range r.events {
		if e.kind == "retval" {
			ret = e.param
		}
	}
	assert.Equal(t, int64(42), ret.Value)
	r = rpc(t, s, "sp_executesql", backend.Param{Type: tNV, Value: "SELECT @a"}, backend.Param{Type: tNV, Value: "@a int"})
	assert.Equal(t, int32(8178), r.errors()[0].Number)
	r = rpc(t, s, "sp_executesql", backend.Param{Type: tNV, Value: "SELECT @a"}, backend.Param{Type: tNV, Value: "@a int"}, nvParam("@a", "x"))
	assert.Equal(t, int32(8114), r.errors()[0].Number)
	r = rpc(t, s, "sp_executesql", backend.Param{Type: sqltype.Type{Kind: sqltype.VarChar, Length: 10}, Value: "SELECT 1"})
	assert.Equal(t, int32(214), r.errors()[0].Number)
	r = rpc(t, s, "sp_executesql", backend.Param{Type: tNV, Value: "SELECT @a"}, backend.Param{Type: tNV, Value: "@a int"}, backend.Param{Type: tInt64, Value: int64(9)})
	assert.Equal(t, int64(9), r.sets()[0].rows[0][0], "values may be positional")
}

func TestPrepareExecute(t *testing.T) {
	s := openSession(t, testEngine(t))
	handleParam := backend.Param{Name: "@handle", Type: tInt64, Output: true}
	r := rpc(t, s, "sp_prepare", handleParam, backend.Param{Type: tNV, Value: "@x int"}, backend.Param{Type: tNV, Value: "SELECT @x + 1"}, backend.Param{Type: tInt64, Value: int64(1)})
	var h int64
	for _, e := range r.events {
		if e.kind == "retval" {
			h = e.param.Value.(int64)
		}
	}
	require.NotZero(t, h)
	for _, v := range []int64{1, 41} {
		r = rpc(t, s, "sp_execute", backend.Param{Type: tInt64, Value: h}, backend.Param{Type: tInt64, Value: v})
		assert.Equal(t, v+1, r.sets()[0].rows[0][0])
	}
	r = rpc(t, s, "sp_prepexec", handleParam, backend.Param{Type: tNV, Value: "@s nvarchar(5)"}, backend.Param{Type: tNV, Value: "SELECT @s"}, nvParam("", "hi"))
	assert.Equal(t, "hi", r.sets()[0].rows[0][0])
	var kinds []string
	for _, e := range r.events {
		kinds = append(kinds, e.kind)
	}
	assert.Equal(t, []string{"cols", "row", "done", "retval"}, kinds)
	rpc(t, s, "sp_unprepare", backend.Param{Type: tInt64, Value: h})
	r = rpc(t, s, "sp_execute", backend.Param{Type: tInt64, Value: h})
	assert.Equal(t, int32(8179), r.errors()[0].Number)
}

func TestTempTablesEndWithTheirScope(t *testing.T) {
	s := openSession(t, testEngine(t))
	r := rpc(t, s, "sp_executesql", backend.Param{Type: tNV, Value: "CREATE TABLE #inner (a int); INSERT INTO #inner VALUES (1); SELECT * FROM #inner"})
	require.Empty(t, r.errors())
	assert.Equal(t, int32(208), firstError(t, s, "SELECT * FROM #inner").Number, "a temp table made in sp_executesql is gone after it")
	mustRun(t, s, "CREATE TABLE #outer (a int)")
	mustRun(t, s, "EXEC ('INSERT INTO #outer VALUES (5)')")
	assert.Equal(t, int64(5), scalar(t, s, "SELECT a FROM #outer"), "inner scopes see the caller's temp tables")
	other := openSession(t, s.(*session).e)
	assert.Equal(t, int32(208), firstError(t, other, "SELECT * FROM #outer").Number, "temp tables are per session")
}

func TestDynamicSQLAndVariables(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, "DECLARE @sql nvarchar(100) = N'SELECT @v * 3 AS r'; DECLARE @out int; EXEC sp_executesql @sql, N'@v int', @v = 5")
	assert.Equal(t, int64(15), rs.rows[0][0])
	rs = query(t, s, "DECLARE @o int; EXEC sp_executesql N'SET @x = 7', N'@x int OUTPUT', @x = @o OUTPUT; SELECT @o")
	assert.Equal(t, int64(7), rs.rows[0][0])
	assert.Equal(t, int32(137), firstError(t, s, "DECLARE @hidden int = 1; EXEC ('SELECT @hidden')").Number)
}

func TestControlFlow(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, `DECLARE @i int = 0, @acc nvarchar(50) = N'';
	WHILE @i < 10
	BEGIN
		SET @i += 1
		IF @i % 2 = 0 CONTINUE
		IF @i > 7 BREAK
		SET @acc = @acc + CAST(@i AS nvarchar(2))
	END
	SELECT @acc`)
	assert.Equal(t, "1357", rs.rows[0][0])
	rs = query(t, s, "IF EXISTS (SELECT 1 WHERE 1 = 0) SELECT 'yes' ELSE SELECT 'no'")
	assert.Equal(t, "no", rs.rows[0][0])
	rs = query(t, s, "DECLARE @v int; SELECT @v = x FROM (VALUES (1), (2), (3)) t(x); SELECT @v")
	assert.Equal(t, int64(3), rs.rows[0][0], "SELECT @v = keeps the last row's value")
	start := query(t, s, "WAITFOR DELAY '00:00:00.010'; SELECT 1")
	assert.Len(t, start.rows, 1)
}

func TestWaitforCancel(t *testing.T) {
	s := openSession(t, testEngine(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Batch(ctx, "WAITFOR DELAY '00:01:00'", &recorder{}) }()
	cancel()
	err := <-done
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int64(1), scalar(t, s, "SELECT 1"), "the session stays usable")
}
