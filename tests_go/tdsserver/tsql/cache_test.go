package tsql

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

func TestLRUBoundsEntriesAndCost(t *testing.T) {
	c := newLRU[string, int](3, 10)
	var removed []int
	c.onRemove = func(v int) { removed = append(removed, v) }
	c.put("a", 1, 2)
	c.put("b", 2, 2)
	c.put("c", 3, 2)
	_, ok := c.get("a") // a is now the most recently used
	require.True(t, ok)
	c.put("d", 4, 2) // over 3 entries: b goes
	_, ok = c.get("b")
	assert.False(t, ok)
	c.put("e", 5, 5) // cost 11 > 10: c goes
	assert.Equal(t, []int{2, 3}, removed)
	c.put("f", 6, 1) // four entries: a goes
	assert.Equal(t, []int{2, 3, 1}, removed)
	c.put("huge", 6, 11) // costs more than the budget: not kept
	_, ok = c.get("huge")
	assert.False(t, ok)
	v, ok := c.get("e")
	assert.True(t, ok)
	assert.Equal(t, 5, v)
	c.clear()
	_, ok = c.get("d")
	assert.False(t, ok)
}

func TestParamDeclIndex(t *testing.T) {
	var defs []procParamDef
	for i := 1; i <= 20; i++ {
		defs = append(defs, procParamDef{name: fmt.Sprintf("@P%d", i)})
	}
	for _, d := range []*paramDecl{newParamDecl(defs), newParamDecl(defs[:5])} {
		assert.Equal(t, 0, d.index("@p1"))
		assert.Equal(t, 4, d.index("@P5"))
		assert.Equal(t, -1, d.index("@p0"))
	}
	assert.Equal(t, 19, newParamDecl(defs).index("@p20"))
	assert.Equal(t, -1, (*paramDecl)(nil).index("@p1"))
}

// A statement text parsed once is shared by later calls and sessions; the
// declarations of a long parameter list bind by name.
func TestParsedTextIsShared(t *testing.T) {
	e := testEngine(t)
	s1, s2 := openSession(t, e), openSession(t, e)
	assert.Equal(t, int64(1), scalar(t, s1, "SELECT 1"))
	assert.Equal(t, int64(1), scalar(t, s2, "SELECT 1"))
	a, ok := e.texts.batches.get(batchKey{"SELECT 1", true})
	require.True(t, ok)
	b, err := e.parseBatch("SELECT 1", true)
	require.NoError(t, err)
	assert.Same(t, a[0], b[0])

	_, err = e.parseBatch("SELECT FROM WHERE", true)
	require.Error(t, err)
	_, ok = e.texts.batches.get(batchKey{"SELECT FROM WHERE", true})
	assert.False(t, ok, "a text that does not parse is not kept")

	decl := "@p1 bigint"
	var params []backend.Param // by name, in reverse order
	for i := 20; i >= 1; i-- {
		if i > 1 {
			decl += fmt.Sprintf(", @p%d bigint", 22-i)
		}
		params = append(params, backend.Param{Name: fmt.Sprintf("@P%d", i), Type: tBig, Value: int64(i * 10)})
	}
	r := &recorder{}
	require.NoError(t, s1.RPC(context.Background(), executeSQL("SELECT @p20 - @p1, @p7", decl, params), r))
	require.Empty(t, r.errors(), r.dump())
	assert.Equal(t, []any{int64(190), int64(70)}, r.sets()[0].rows[0])
}

func TestPositionalPlaceholders(t *testing.T) {
	args := 40
	sql, order := positional(`SELECT ?3, '?1 it''s', "a?2""", [?4], ?1 -- ?5
		/* ?6 */ + ?40, ?3`, args)
	assert.Equal(t, `SELECT ?, '?1 it''s', "a?2""", [?4], ? -- ?5
		/* ?6 */ + ?, ?`, sql)
	assert.Equal(t, []int{2, 0, 39, 2}, order)
	for _, keep := range []string{"SELECT ?1 + ?", "SELECT ?41", "SELECT :a, ?1", "SELECT ?0"} {
		got, order := positional(keep, args)
		assert.Equal(t, keep, got)
		assert.Nil(t, order)
	}
	got, order := positional("SELECT ?1", 2)
	assert.Equal(t, "SELECT ?1", got, "few arguments: unchanged")
	assert.Nil(t, order)
}

// Statements are prepared once per connection; running the text of a
// query whose rows are still open prepares it anew.
func TestPreparedStatementsReused(t *testing.T) {
	e := testEngine(t)
	s := openSession(t, e).(*session)
	ctx := context.Background()
	const q = "SELECT value FROM " + seriesTable + " WHERE start = 1 AND stop = ?1 AND step = 1"
	rows, err := s.c.query(ctx, q, int64(3))
	require.NoError(t, err)
	inner, err := s.c.queryAll(ctx, q, int64(2))
	require.NoError(t, err)
	assert.Len(t, inner, 2)
	dest := make([]driver.Value, 1)
	var got []driver.Value
	for rows.Next(dest) == nil {
		got = append(got, dest[0])
	}
	require.NoError(t, rows.Close())
	assert.Equal(t, []driver.Value{int64(1), int64(2), int64(3)}, got)
	cs, ok := s.c.stmts.get(q)
	require.True(t, ok)
	assert.False(t, cs.inUse)
	again, err := s.c.queryAll(ctx, q, int64(1))
	require.NoError(t, err)
	assert.Len(t, again, 1)
	cs2, _ := s.c.stmts.get(q)
	assert.Same(t, cs, cs2)

	// 2,100 numbered arguments bind positionally.
	sql := "SELECT ?2100 - ?1"
	args := make([]any, 2100)
	for i := range args {
		args[i] = int64(i)
	}
	v, err := s.c.queryValue(ctx, sql, args...)
	require.NoError(t, err)
	assert.Equal(t, int64(2099), v)
}

func TestQuickSQL(t *testing.T) {
	for _, q := range []string{"BEGIN", "COMMIT", "SAVEPOINT stmt", "RELEASE stmt", "ROLLBACK TO stmt",
		`INSERT INTO "main"."t" ("a") VALUES (tsql_conv(?1, 2)), ('from')`, "SELECT 1 AS \"from\"", "  (SELECT ?1)", "VALUES (1)"} {
		assert.True(t, quickSQL(q), q)
	}
	for _, q := range []string{"SELECT a FROM t", "INSERT INTO t SELECT x FROM s", "select (select 1 from t)",
		"WITH c AS (SELECT 1) SELECT * FROM c", "UPDATE t SET a = 1", "DELETE FROM t", "PRAGMA foreign_keys = ON",
		"SELECT 1 UNION ALL SELECT x FROM t", "CREATE TABLE t (a)"} {
		assert.False(t, quickSQL(q), q)
	}
}

// A statement that reads tables is still interrupted when its request is
// cancelled, in the middle of SQLite's work.
func TestLongStatementCancelled(t *testing.T) {
	s := openSession(t, testEngine(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	start := time.Now()
	go func() { done <- s.Batch(ctx, "SELECT COUNT(*) FROM GENERATE_SERIES(1, 2000000000)", &recorder{}) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 5*time.Second)
	case <-time.After(20 * time.Second):
		t.Fatal("the statement was not interrupted")
	}
	assert.Equal(t, int64(1), scalar(t, s, "SELECT 1"), "the session stays usable")
}

// DDL is not kept prepared, and the cache stays within its budget.
func TestPreparedStatementBudget(t *testing.T) {
	s := openSession(t, testEngine(t)).(*session)
	mustRun(t, s, "CREATE TABLE #b (a int)")
	for i := 0; i < 300; i++ {
		mustRun(t, s, fmt.Sprintf("INSERT INTO #b VALUES (%d)", i))
	}
	s.c.stmts.mu.Lock()
	defer s.c.stmts.mu.Unlock()
	assert.LessOrEqual(t, s.c.stmts.cost, stmtCacheBudget)
	assert.LessOrEqual(t, len(s.c.stmts.items), stmtCacheEntries)
	for sql := range s.c.stmts.items {
		assert.True(t, cacheable(sql), sql)
		assert.NotContains(t, sql, "CREATE")
	}
	assert.False(t, cacheable(strings.Repeat("x", stmtCacheBudget)))
}
