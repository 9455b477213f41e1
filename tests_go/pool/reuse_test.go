package pool_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/pool"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// Behaviour 1: a released session is reused, with no new login.
func TestReleasedSessionIsReusedWithoutLogin(t *testing.T) {
	r := registry(t, nil)
	c := newClient(t, r, testenv.ConnString(t))
	s := c.get(t)
	first := spid(t, s)
	c.put(t, s)
	before, counted := logins(t)

	s = c.get(t)
	assert.Equal(t, first, spid(t, s), "the same server session")
	if counted {
		after, _ := logins(t)
		assert.Equal(t, before, after, "no new login")
	}
	c.put(t, s)
	st := statOf(t, r)
	assert.Equal(t, int64(1), st.Created)
	assert.Equal(t, int64(2), st.Acquires)
	assert.Equal(t, 1, st.Open)
	assert.Equal(t, 1, st.Idle)
	assert.Equal(t, 0, st.InUse)
}

// Behaviour 4: keyword order and case do not split pools; another
// keyword does.
func TestPoolsPerNormalisedConnectionString(t *testing.T) {
	r := registry(t, nil)
	cs := testenv.ConnString(t)
	a := newClient(t, r, cs)
	s := a.get(t)
	first := spid(t, s)
	a.put(t, s)

	b := newClient(t, r, reorder(cs))
	s = b.get(t)
	assert.Equal(t, first, spid(t, s), "reordered, upper-case keywords: same pool")
	b.put(t, s)
	require.Len(t, r.Stats(), 1)

	other := newClient(t, r, cs+";APP=pool-test-other")
	s = other.get(t)
	assert.NotEqual(t, first, spid(t, s), "another application name: another pool")
	other.put(t, s)
	stats := r.Stats()
	require.Len(t, stats, 2)
	for _, st := range stats {
		assert.Contains(t, st.Key, "PWD=***")
		assert.NotContains(t, st.Key, testenv.Server(t).Password())
	}
}

// Behaviour 7: the next user finds none of the previous user's state, and
// the reset costs no round trip of its own.
func TestResetBeforeReuse(t *testing.T) {
	r := registry(t, nil)
	cs := testenv.ConnString(t)
	tab := "pool_reset_" + time.Now().Format("150405.000000")[7:]
	setup := direct(t, cs)
	query(t, setup, "CREATE TABLE "+tab+" (id int)")
	t.Cleanup(func() { _, _ = tryQuery(t, direct(t, cs), "DROP TABLE "+tab) })

	c := newClient(t, r, cs, core.OpenOptions{Autocommit: false, LoginTimeout: 10 * time.Second})
	s := c.get(t)
	first := spid(t, s)
	home := scalar(t, s, "SELECT DB_NAME()")
	query(t, s, "CREATE TABLE #scratch (id int); SET NOCOUNT ON; INSERT INTO "+tab+" VALUES (1); USE tempdb; SELECT 1")
	require.Equal(t, "tempdb", scalar(t, s, "SELECT DB_NAME()"))
	require.True(t, s.InTransaction(), "implicit transaction open")
	s.SetQueryTimeout(time.Millisecond)
	c.put(t, s)

	// Rolled back on release, not at the next use: its locks are gone now.
	other := direct(t, cs)
	other.SetQueryTimeout(2 * time.Second)
	rows, err := tryQuery(t, other, "SELECT COUNT(*) FROM "+tab)
	require.NoError(t, err, "a reader is not blocked by the released session")
	assert.Equal(t, [][]any{{int64(0)}}, rows)
	_, err = tryQuery(t, other, "INSERT INTO "+tab+" VALUES (2)")
	require.NoError(t, err, "a writer is not blocked by the released session")

	auto := newClient(t, r, cs)
	s = auto.get(t)
	require.Equal(t, first, spid(t, s))
	assert.True(t, s.Autocommit())
	row := query(t, s, "SELECT OBJECT_ID('tempdb..#scratch'), @@OPTIONS & 512, @@OPTIONS & 2, DB_NAME(), @@TRANCOUNT")[0]
	assert.Equal(t, []any{nil, int64(0), int64(0), home, int64(0)}, row,
		"temp table, NOCOUNT, implicit transactions, database, transaction: all reset")
	query(t, s, "WAITFOR DELAY '00:00:00.050'; SELECT 1") // the 1 ms query timeout is gone
	auto.put(t, s)

	s = c.get(t)
	require.Equal(t, first, spid(t, s))
	assert.Equal(t, int64(2), scalar(t, s, "SELECT @@OPTIONS & 2"), "autocommit off again: implicit transactions")
	c.put(t, s)
}

// Behaviour 7: neither the release nor the next acquisition sends a
// request: a session whose every response is held for 3 s passes both
// quickly and stays the same session (had either sent a request, the
// release would have given up after 500 ms and closed it).
func TestReleaseAndAcquireSendNothing(t *testing.T) {
	srv := testenv.Server(t)
	r := registry(t, func(c *pool.Config) { c.ReleaseTimeout = 500 * time.Millisecond })
	c := newClient(t, r, testenv.ConnString(t))
	s := c.get(t)
	first := spid(t, s)
	srv.SetResponseDelay(int(first), 3*time.Second)
	t.Cleanup(func() { srv.SetResponseDelay(int(first), 0) })
	before, _ := logins(t)

	c.put(t, s)
	s = c.get(t)
	after, _ := logins(t)
	assert.Equal(t, before, after)
	st := statOf(t, r)
	assert.Equal(t, int64(0), st.ReleasedBroken+st.Discarded)
	srv.SetResponseDelay(int(first), 0)
	assert.Equal(t, first, spid(t, s))
	c.put(t, s)
}
