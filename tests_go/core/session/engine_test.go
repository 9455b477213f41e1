package session_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pbuf"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// run executes sql and fails the test on an error.
func run(t *testing.T, st *core.Statement, sql string) {
	t.Helper()
	_, err := st.Execute(ctx(t), sql, nil, 0)
	require.NoError(t, err, sql)
	for {
		ok, err := st.NextResult(ctx(t))
		require.NoError(t, err, sql)
		if !ok {
			return
		}
	}
}

// scalar runs a query and returns its single value.
func scalar(t *testing.T, st *core.Statement, sql string) any {
	t.Helper()
	ok, err := st.Execute(ctx(t), sql, nil, 0)
	require.NoError(t, err, sql)
	require.True(t, ok)
	got, err := fetchAll(t, st)
	require.NoError(t, err)
	require.Len(t, got, 1)
	return got[0][0]
}

// table creates a uniquely named table for a test and drops it after.
func table(t *testing.T, st *core.Statement, columns string) string {
	t.Helper()
	name := fmt.Sprintf("t_%s_%d", strings.ReplaceAll(t.Name(), "/", "_"), time.Now().UnixNano()%1e9)
	run(t, st, fmt.Sprintf("CREATE TABLE %s (%s)", name, columns))
	t.Cleanup(func() {
		s := open(t, testenv.ConnString(t))
		_, _ = s.NewStatement().Execute(ctx(t), "DROP TABLE "+name, nil, 0)
	})
	return name
}

func TestRowCountsAndResultSets(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	tab := table(t, st, "id int PRIMARY KEY, v nvarchar(10)")
	ok, err := st.Execute(ctx(t), fmt.Sprintf("INSERT INTO %s VALUES (1, N'a'), (2, N'b'); SET NOCOUNT OFF; SELECT id, v FROM %s ORDER BY id; UPDATE %s SET v = N'z'", tab, tab, tab), nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Contains(t, describe(t, st), "'columns': None, 'rowcount': 2,", "positioned on the INSERT's count")
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.True(t, ok)
	got, err := fetchAll(t, st)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(1), "a"}, {int64(2), "b"}}, got)
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Contains(t, describe(t, st), "'rowcount': 2,", "the UPDATE's count")
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestPrintAndRaiserrorInOrder(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	ok, err := st.Execute(ctx(t), "PRINT 'one'; SELECT 1 AS x; PRINT 'two'; RAISERROR('three', 10, 1); SELECT 2 AS y; RAISERROR('four', 16, 1); PRINT 'five'", nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	var messages string
	messages += describe(t, st)
	_, err = fetchAll(t, st)
	require.NoError(t, err)
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.True(t, ok)
	messages += describe(t, st)
	ok, err = st.NextResult(ctx(t))
	require.True(t, ok)
	require.Error(t, err)
	var se *core.ServerError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "four", se.Message)
	assert.Equal(t, int32(50000), se.Number)
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.False(t, ok)
	messages += describe(t, st)
	i1, i2, i3, i5 := strings.Index(messages, "'one'"), strings.Index(messages, "'two'"), strings.Index(messages, "'three'"), strings.Index(messages, "'five'")
	assert.True(t, i1 >= 0 && i1 < i2 && i2 < i3 && i3 < i5, "%s", messages)
}

// TestErrorThenManyResultsTSQL is go-mssqldb #407 with T-SQL.
func TestErrorThenManyResultsTSQL(t *testing.T) {
	s := open(t, testenv.ConnString(t))
	st := s.NewStatement()
	batch := "RAISERROR('first', 16, 1);" + strings.Repeat(" SELECT 1 AS n;", 10)
	_, err := st.Execute(ctx(t), batch, nil, 0)
	require.Error(t, err)
	require.NoError(t, st.Close())
	done := make(chan any, 1)
	go func() { done <- scalar(t, s.NewStatement(), "SELECT 42") }()
	select {
	case v := <-done:
		assert.Equal(t, int64(42), v)
	case <-time.After(10 * time.Second):
		t.Fatal("the request after the error hangs")
	}
}

func TestErrorNumbersThroughTheServer(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	parent := table(t, st, "id int PRIMARY KEY")
	child := table(t, st, fmt.Sprintf("id int PRIMARY KEY, p int REFERENCES %s(id), name varchar(3) NOT NULL", parent))
	run(t, st, fmt.Sprintf("INSERT INTO %s VALUES (1)", parent))
	run(t, st, fmt.Sprintf("INSERT INTO %s VALUES (1, 1, 'a')", child))
	cases := []struct {
		sql    string
		number int32
		class  core.Class
	}{
		{fmt.Sprintf("INSERT INTO %s VALUES (1, 1, 'b')", child), 2627, core.ClassIntegrity},
		{fmt.Sprintf("INSERT INTO %s VALUES (2, 9, 'b')", child), 547, core.ClassIntegrity},
		{fmt.Sprintf("INSERT INTO %s VALUES (3, 1, NULL)", child), 515, core.ClassIntegrity},
		{fmt.Sprintf("INSERT INTO %s VALUES (4, 1, 'toolong')", child), 2628, core.ClassData},
		{"SELECT 1/0", 8134, core.ClassData},
		{"SELECT CAST('abc' AS int)", 245, core.ClassData},
		{"SELECT 1 +", 102, core.ClassProgramming},
		{fmt.Sprintf("SELECT nope FROM %s", parent), 207, core.ClassProgramming},
		{"SELECT * FROM no_such_table", 208, core.ClassProgramming},
		{fmt.Sprintf("CREATE TABLE %s (a int)", parent), 2714, core.ClassProgramming},
		{"EXEC no_such_procedure", 2812, core.ClassProgramming},
		{"COMMIT TRANSACTION", 3902, core.ClassOperational},
		{"ROLLBACK TRANSACTION", 3903, core.ClassOperational},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.number), func(t *testing.T) {
			_, err := st.Execute(ctx(t), tc.sql, nil, 0)
			require.Error(t, err, tc.sql)
			var se *core.ServerError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.number, se.Number, "%s: %s", tc.sql, se.Message)
			assert.Equal(t, tc.class, core.ClassOf(err))
			assert.False(t, core.IsBadConn(err))
			assert.NotEmpty(t, se.All)
		})
	}
}

func TestAutocommitOffByDefault(t *testing.T) {
	cs := testenv.ConnString(t)
	s := open(t, cs, core.OpenOptions{LoginTimeout: 10 * time.Second})
	st := s.NewStatement()
	assert.False(t, s.Autocommit())
	tab := table(t, st, "id int")
	require.NoError(t, s.Commit(ctx(t)))
	run(t, st, fmt.Sprintf("INSERT INTO %s VALUES (1)", tab))
	assert.True(t, s.InTransaction(), "implicit transactions opened one")
	assert.Equal(t, int64(1), scalar(t, st, "SELECT @@TRANCOUNT"))
	require.NoError(t, s.Rollback(ctx(t)))
	assert.False(t, s.InTransaction())
	assert.Equal(t, int64(0), scalar(t, st, fmt.Sprintf("SELECT COUNT(*) FROM %s", tab)))
	require.NoError(t, s.Commit(ctx(t)))

	run(t, st, fmt.Sprintf("INSERT INTO %s VALUES (2)", tab))
	require.NoError(t, s.Commit(ctx(t)))
	require.NoError(t, s.Commit(ctx(t)), "a commit with nothing open is a no-op")
	require.NoError(t, s.Rollback(ctx(t)), "a rollback with nothing open is a no-op")
	other := open(t, cs).NewStatement()
	assert.Equal(t, int64(1), scalar(t, other, fmt.Sprintf("SELECT COUNT(*) FROM %s", tab)), "committed rows are visible")

	// switching autocommit on commits the open transaction
	run(t, st, fmt.Sprintf("INSERT INTO %s VALUES (3)", tab))
	require.NoError(t, s.SetAutocommit(ctx(t), true))
	assert.True(t, s.Autocommit())
	assert.False(t, s.InTransaction())
	assert.Equal(t, int64(2), scalar(t, other, fmt.Sprintf("SELECT COUNT(*) FROM %s", tab)))
	run(t, st, fmt.Sprintf("INSERT INTO %s VALUES (4)", tab))
	assert.False(t, s.InTransaction(), "autocommit: each statement commits")
	require.NoError(t, s.SetAutocommit(ctx(t), false))
	run(t, st, fmt.Sprintf("DELETE FROM %s", tab))
	require.NoError(t, s.Rollback(ctx(t)))
	assert.Equal(t, int64(3), scalar(t, other, fmt.Sprintf("SELECT COUNT(*) FROM %s", tab)))
}

func TestIsolationLevel(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	run(t, st, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
	assert.Equal(t, int64(4), scalar(t, st, "SELECT transaction_isolation_level FROM sys.dm_exec_sessions WHERE session_id = @@SPID"))
}

func TestCommitDiscardsPendingResults(t *testing.T) {
	s := open(t, testenv.ConnString(t), core.OpenOptions{LoginTimeout: 10 * time.Second})
	st := s.NewStatement()
	_, err := st.Execute(ctx(t), "SELECT 1; SELECT 2; WAITFOR DELAY '00:00:03'; SELECT 3", nil, 0)
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, s.Commit(ctx(t)))
	assert.Less(t, time.Since(start), 2*time.Second)
	_, err = st.NextResult(ctx(t))
	require.Error(t, err)
	assert.Equal(t, core.ClassProgramming, core.ClassOf(err))
}

func TestBusyWithResultsOfAnotherStatement(t *testing.T) {
	s := open(t, testenv.ConnString(t))
	a, b := s.NewStatement(), s.NewStatement()
	_, err := a.Execute(ctx(t), "SELECT 1; WAITFOR DELAY '00:00:02'; SELECT 2", nil, 0)
	require.NoError(t, err)
	_, err = b.Execute(ctx(t), "SELECT 3", nil, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "busy with results for another statement")
	require.NoError(t, a.Close())
	assert.Equal(t, int64(3), scalar(t, b, "SELECT 3"))
}

func TestQueryTimeoutWaitfor(t *testing.T) {
	s := open(t, testenv.ConnString(t))
	st := s.NewStatement()
	st.SetQueryTimeout(300 * time.Millisecond)
	start := time.Now()
	_, err := st.Execute(ctx(t), "WAITFOR DELAY '00:00:05'", nil, 0)
	require.Error(t, err)
	assert.True(t, core.Timeout(err))
	assert.Less(t, time.Since(start), 3*time.Second)
	assert.Equal(t, int64(5), scalar(t, st, "SELECT 5"))
	assert.True(t, s.Valid())
}

func TestOutputParametersOfAProcedure(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	name := fmt.Sprintf("p_out_%d", time.Now().UnixNano()%1e9)
	run(t, st, fmt.Sprintf(`CREATE PROCEDURE %s @a int, @b int OUTPUT, @c nvarchar(50) OUTPUT, @d decimal(10,2) OUTPUT AS
BEGIN SET NOCOUNT ON; SELECT @a AS a; SET @b = @a * 2; SET @c = N'héllo'; SET @d = 12.5; RETURN 3 END`, name))
	t.Cleanup(func() {
		_, _ = open(t, testenv.ConnString(t)).NewStatement().Execute(ctx(t), "DROP PROCEDURE "+name, nil, 0)
	})
	set, err := params.Decode(pbuf.One(
		pbuf.Col{Type: params.Int, Name: "a", Values: []any{int64(21)}},
		pbuf.Col{Type: params.Int, Name: "b", Output: true, Values: []any{nil}},
		pbuf.Col{Type: params.NVarChar, Name: "c", Output: true, Size: 50, Values: []any{nil}},
		pbuf.Col{Type: params.Decimal, Name: "d", Output: true, Precision: 10, Scale: 2, Values: []any{nil}},
	))
	require.NoError(t, err)
	ok, err := st.Execute(ctx(t), name, set, core.ExecProc)
	require.NoError(t, err)
	require.True(t, ok)
	got, err := fetchAll(t, st)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(21)}}, got)
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.False(t, ok)
	d := describe(t, st)
	assert.Contains(t, d, "'return_status': 3")
	assert.Contains(t, d, "'outputs': {'b': 42, 'c': 'héllo', 'd': Decimal('12.50')}")
}

func TestOutputParameterOfSpExecutesql(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	set, err := params.Decode(pbuf.One(
		pbuf.Col{Type: params.Int, Values: []any{int64(5)}},
		pbuf.Col{Type: params.BigInt, Name: "out", Output: true, Values: []any{nil}},
	))
	require.NoError(t, err)
	_, err = st.Execute(ctx(t), "SET @out = ? * 10", set, 0)
	require.NoError(t, err)
	for {
		ok, err := st.NextResult(ctx(t))
		require.NoError(t, err)
		if !ok {
			break
		}
	}
	assert.Contains(t, describe(t, st), "'outputs': {'out': 50}")
}

func TestExecuteManySumsRowCounts(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	tab := table(t, st, "id int PRIMARY KEY, name nvarchar(20), amount decimal(12,2)")
	const n = 2500 // more than one request: 3 parameters per row, 700 rows per request
	ids, names, amounts := make([]any, n), make([]any, n), make([]any, n)
	for i := range ids {
		ids[i], names[i], amounts[i] = int64(i), fmt.Sprintf("n%d", i), fmt.Sprintf("%d.25", i)
	}
	names[7] = nil
	set, err := params.Decode(pbuf.Build(n,
		pbuf.Col{Type: params.Int, Values: ids}, pbuf.Col{Type: params.NVarChar, Values: names}, pbuf.Col{Type: params.Decimal, Values: amounts}))
	require.NoError(t, err)
	ok, err := st.Execute(ctx(t), fmt.Sprintf("INSERT INTO %s VALUES (?, ?, ?)", tab), set, 0)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Contains(t, describe(t, st), fmt.Sprintf("'rowcount': %d,", n))
	assert.Equal(t, int64(n), scalar(t, st, "SELECT COUNT(*) FROM "+tab))
	assert.Equal(t, "3124375.00", scalar(t, st, "SELECT CAST(SUM(amount) AS decimal(20,2)) FROM "+tab))
	assert.Nil(t, scalar(t, st, "SELECT name FROM "+tab+" WHERE id = 7"))

	// an error stops the requests that follow, and says why
	set, err = params.Decode(pbuf.Build(2, pbuf.Col{Type: params.Int, Values: []any{int64(n), int64(1)}},
		pbuf.Col{Type: params.NVarChar, Values: []any{"x", "y"}}, pbuf.Col{Type: params.Decimal, Values: []any{"1", "1"}}))
	require.NoError(t, err)
	_, err = st.Execute(ctx(t), fmt.Sprintf("INSERT INTO %s VALUES (?, ?, ?)", tab), set, 0)
	require.Error(t, err)
	assert.Equal(t, core.ClassIntegrity, core.ClassOf(err))
}

// TestCTEFollowedByInsert: T-SQL allows a common table expression before
// INSERT (WITH n AS (...) INSERT INTO t SELECT ... FROM n).
func TestCTEFollowedByInsert(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	tab := table(t, st, "i int")
	run(t, st, fmt.Sprintf("WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 9) INSERT INTO %s SELECT i FROM n", tab))
	assert.Equal(t, int64(10), scalar(t, st, "SELECT COUNT(*) FROM "+tab))
}

// TestPositionalOutputParameters calls a procedure whose OUTPUT
// parameters the caller gives by position only.
func TestPositionalOutputParameters(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	name := fmt.Sprintf("p_pos_%d", time.Now().UnixNano()%1e9)
	run(t, st, fmt.Sprintf("CREATE PROCEDURE %s @a int, @twice int OUTPUT, @note nvarchar(20) OUTPUT AS BEGIN SELECT @a AS a; SET @twice = @a * 2; SET @note = N'ok'; RETURN 9 END", name))
	t.Cleanup(func() {
		_, _ = open(t, testenv.ConnString(t)).NewStatement().Execute(ctx(t), "DROP PROCEDURE "+name, nil, 0)
	})
	set, err := params.Decode(pbuf.One(
		pbuf.Col{Type: params.Int, Values: []any{int64(4)}},
		pbuf.Col{Type: params.Int, Output: true, Values: []any{nil}},
		pbuf.Col{Type: params.NVarChar, Output: true, Size: 20, Values: []any{nil}},
	))
	require.NoError(t, err)
	ok, err := st.Execute(ctx(t), name, set, core.ExecProc)
	require.NoError(t, err)
	require.True(t, ok)
	got, err := fetchAll(t, st)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(4)}}, got)
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.False(t, ok)
	d := describe(t, st)
	assert.Contains(t, d, "'return_status': 9")
	assert.Contains(t, d, "'outputs': {'p2': 8, 'p3': 'ok'}")
}
