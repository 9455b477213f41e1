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

// Behaviour 6: a pooled session killed on the server is discarded and
// replaced, and the caller never sees it.
func TestKilledSessionIsReplacedTransparently(t *testing.T) {
	r := registry(t, nil)
	c := newClient(t, r, testenv.ConnString(t))
	s := c.get(t)
	first := spid(t, s)
	c.put(t, s)
	killSession(t, first)

	s = c.get(t)
	assert.NotEqual(t, first, spid(t, s))
	c.put(t, s)
	st := statOf(t, r)
	assert.Equal(t, int64(1), st.Discarded)
	assert.Equal(t, int64(2), st.Created)
	assert.Equal(t, 1, st.Open)
}

// Behaviour 6: the same when the TCP connection drops.
func TestDroppedConnectionIsReplacedTransparently(t *testing.T) {
	px := startProxy(t)
	r := registry(t, nil)
	c := newClient(t, r, px.connString(t))
	s := c.get(t)
	first := spid(t, s)
	c.put(t, s)
	px.drop()
	waitSessionGone(t, first)

	s = c.get(t)
	assert.NotEqual(t, first, spid(t, s))
	c.put(t, s)
	assert.Equal(t, int64(1), statOf(t, r).Discarded)
}

// Behaviour 6: the check of a recently used session costs no round trip
// (a ping to this session would outlive its 200 ms timeout: the server
// holds its responses for 5 s).
func TestRecentlyUsedSessionIsNotPinged(t *testing.T) {
	srv := testenv.Server(t)
	r := registry(t, func(c *pool.Config) { c.PingAfter = time.Minute; c.PingTimeout = 200 * time.Millisecond })
	c := newClient(t, r, testenv.ConnString(t))
	s := c.get(t)
	first := spid(t, s)
	c.put(t, s)
	srv.SetResponseDelay(int(first), 5*time.Second)
	t.Cleanup(func() { srv.SetResponseDelay(int(first), 0) })

	s = c.get(t)
	srv.SetResponseDelay(int(first), 0)
	assert.Equal(t, first, spid(t, s))
	c.put(t, s)
	assert.Equal(t, int64(0), statOf(t, r).Discarded)
}

// Behaviour 6: past the idle threshold the session is pinged, under its
// own timeout: a server that does not answer costs the caller that
// timeout, then a new session.
func TestIdleSessionIsPingedUnderItsOwnTimeout(t *testing.T) {
	srv := testenv.Server(t)
	r := registry(t, func(c *pool.Config) { c.PingAfter = 0; c.PingTimeout = 200 * time.Millisecond })
	c := newClient(t, r, testenv.ConnString(t))
	s := c.get(t)
	first := spid(t, s)
	c.put(t, s)
	srv.SetResponseDelay(int(first), 10*time.Second)
	t.Cleanup(func() { srv.SetResponseDelay(int(first), 0) })

	start := time.Now()
	s = c.get(t)
	assert.Less(t, time.Since(start), 5*time.Second, "the ping did not wait for the server")
	assert.NotEqual(t, first, spid(t, s))
	c.put(t, s)
	assert.Equal(t, int64(1), statOf(t, r).Discarded)
}

// Behaviour 6: when every pooled session is dead and no new one can log
// in, the caller gets the login error at once: each dead session is
// tried once, never in a loop.
func TestDeadSessionsAndNoServerGiveAClearError(t *testing.T) {
	px := startProxy(t)
	r := registry(t, nil)
	c := newClient(t, r, px.connString(t), core.OpenOptions{Autocommit: true, LoginTimeout: 2 * time.Second})
	sessions := []*core.Session{c.get(t), c.get(t), c.get(t)}
	for _, s := range sessions {
		c.put(t, s)
	}
	px.refuseNew()
	px.drop()

	_, err := c.Connect(ctx(t))
	require.Error(t, err)
	assert.Equal(t, core.ClassOperational, core.ClassOf(err))
	st := statOf(t, r)
	assert.Equal(t, int64(3), st.Discarded)
	assert.Equal(t, int64(1), st.CreateErrors)
	assert.Equal(t, 0, st.Open)
}

// Behaviour 6: the number of sessions tried per connect is bounded
// (max_size + 1), then the error says so.
func TestHealthCheckAttemptsAreBounded(t *testing.T) {
	px := startProxy(t)
	r := registry(t, nil)
	c := newClient(t, r, px.connString(t))
	sessions := []*core.Session{c.get(t), c.get(t), c.get(t)}
	for _, s := range sessions {
		c.put(t, s)
	}
	cfg := r.Config()
	cfg.MaxSize = 1 // two attempts per connect; three idle sessions
	require.NoError(t, r.Configure(cfg))
	px.drop()

	_, err := c.Connect(ctx(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no healthy pooled connection after 2 attempts")
	assert.True(t, core.SafeToRetry(err))
	assert.Equal(t, int64(2), statOf(t, r).Discarded)
}

// Behaviour 3: idle sessions past the idle timeout are closed by the
// maintenance goroutine, with no further connect: the server sees them
// end.
func TestIdleSessionsArePruned(t *testing.T) {
	r := registry(t, func(c *pool.Config) { c.IdleTimeout = 300 * time.Millisecond })
	c := newClient(t, r, testenv.ConnString(t))
	a, b := c.get(t), c.get(t)
	spidA, spidB := spid(t, a), spid(t, b)
	c.put(t, a)
	c.put(t, b)
	waitSessionGone(t, spidA)
	waitSessionGone(t, spidB)
	st := statOf(t, r)
	assert.Equal(t, int64(2), st.Pruned)
	assert.Equal(t, 0, st.Open)
	assert.Equal(t, int64(2), st.Acquires, "no connect happened meanwhile")
}

// TryConnect, the fast path of the C ABI's open, hands out only a session
// that needs neither a wait nor a round trip.
func TestTryConnectTakesOnlyReadySessions(t *testing.T) {
	r := registry(t, func(c *pool.Config) { c.PingAfter = 300 * time.Millisecond })
	c := r.Connector(config(t, testenv.ConnString(t)), core.OpenOptions{Autocommit: true, LoginTimeout: 10 * time.Second})
	_, ok := c.TryConnect()
	assert.False(t, ok, "no pool yet")
	s, err := c.Connect(ctx(t))
	require.NoError(t, err)
	first := spid(t, s)
	require.NoError(t, c.Release(s))

	s, ok = c.TryConnect()
	require.True(t, ok, "a session released just now")
	assert.Equal(t, first, spid(t, s))
	require.NoError(t, c.Release(s))

	time.Sleep(350 * time.Millisecond)
	_, ok = c.TryConnect()
	assert.False(t, ok, "past PingAfter: it needs a ping, so the full path")

	s, err = c.Connect(ctx(t))
	require.NoError(t, err)
	require.NoError(t, c.Release(s))
	killSession(t, first)
	_, ok = c.TryConnect()
	assert.False(t, ok, "dead: discarded")
	assert.Equal(t, int64(1), statOf(t, r).Discarded)
	assert.Equal(t, 0, statOf(t, r).Open)
}
