package tdsserver_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

func spidOf(t *testing.T, c *sql.Conn) int {
	var spid int
	require.NoError(t, c.QueryRowContext(ctxT(t), "select @@spid").Scan(&spid))
	return spid
}

func TestKillSession(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	c, err := db.Conn(ctxT(t))
	require.NoError(t, err)
	defer c.Close()
	spid := spidOf(t, c)
	assert.Contains(t, s.Sessions(), spid)
	assert.True(t, s.KillSession(spid))
	assert.False(t, s.KillSession(30000), "no such session")
	var n int
	assert.Error(t, c.QueryRowContext(ctxT(t), "select 1").Scan(&n), "killed session is gone")
	assert.Eventually(t, func() bool {
		for _, id := range s.Sessions() {
			if id == spid {
				return false
			}
		}
		return true
	}, 5*time.Second, 10*time.Millisecond)
}

func TestResponseDelayIsInterruptedByAttention(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	db.SetMaxOpenConns(1)
	c, err := db.Conn(ctxT(t))
	require.NoError(t, err)
	defer c.Close()
	spid := spidOf(t, c)
	s.SetResponseDelay(spid, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	var n int
	err = c.QueryRowContext(ctx, "select 1").Scan(&n)
	assert.ErrorIs(t, err, context.Canceled)

	s.SetResponseDelay(spid, 0)
	require.NoError(t, c.QueryRowContext(ctxT(t), "select 1").Scan(&n))

	s.SetResponseDelay(0, 50*time.Millisecond) // every session
	start := time.Now()
	require.NoError(t, c.QueryRowContext(ctxT(t), "select 1").Scan(&n))
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond, "the response waited for the delay")
	s.SetResponseDelay(0, 0)
}

func TestDropAfterRows(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	s.DropAfterRows(0, 25)
	rows, err := db.QueryContext(ctxT(t), "select rows 1000")
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		n++
	}
	assert.Error(t, rows.Err(), "the connection dropped mid-result")
	assert.LessOrEqual(t, n, 25)
	rows.Close()

	// One-shot: the next query runs normally on a new connection.
	rows, err = db.QueryContext(ctxT(t), "select rows 100")
	require.NoError(t, err)
	n = 0
	for rows.Next() {
		n++
	}
	require.NoError(t, rows.Err())
	rows.Close()
	assert.Equal(t, 100, n)
}

func TestPanicAndFatalErrorsCloseOnlyTheirSession(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	other, err := db.Conn(ctxT(t))
	require.NoError(t, err)
	defer other.Close()
	for _, q := range []string{"go panic", "go fatal"} {
		c, err := db.Conn(ctxT(t))
		require.NoError(t, err)
		_, err = c.ExecContext(ctxT(t), q)
		assert.Error(t, err, q)
		c.Raw(func(any) error { return nil })
		c.Close()
		var n int
		require.NoError(t, other.QueryRowContext(ctxT(t), "select 1").Scan(&n), "other sessions unaffected by %q", q)
	}
}
