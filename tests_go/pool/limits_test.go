package pool_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/pool"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// Behaviour 2: beyond max_size a connect waits up to its login timeout,
// then fails with an OperationalError that names the pool limit.
func TestMaxSizeWaitsThenFailsNamingTheLimit(t *testing.T) {
	r := registry(t, func(c *pool.Config) { c.MaxSize = 2 })
	cs := testenv.ConnString(t)
	c := newClient(t, r, cs)
	a, b := c.get(t), c.get(t)
	defer c.put(t, a)
	defer c.put(t, b)

	short := newClient(t, r, cs, core.OpenOptions{Autocommit: true, LoginTimeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := short.Connect(ctx(t))
	require.Error(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond, "waited the login timeout")
	assert.Equal(t, core.ClassOperational, core.ClassOf(err))
	assert.True(t, core.Timeout(err))
	assert.Contains(t, err.Error(), "pool limit")
	assert.Contains(t, err.Error(), "max_size=2")
	st := statOf(t, r)
	assert.Equal(t, int64(1), st.Waits)
	assert.Equal(t, int64(1), st.Timeouts)
	assert.Equal(t, 2, st.InUse)
	assert.Equal(t, 0, st.Waiting)
}

// Behaviour 2: a waiting connect gets the session released meanwhile.
func TestWaiterGetsTheReleasedSession(t *testing.T) {
	r := registry(t, func(c *pool.Config) { c.MaxSize = 1 })
	c := newClient(t, r, testenv.ConnString(t))
	held := c.get(t)
	heldSPID := spid(t, held)
	got := make(chan *core.Session)
	go func() {
		s, err := c.Connect(ctx(t))
		assert.NoError(t, err)
		got <- s
	}()
	require.Eventually(t, func() bool { return statOf(t, r).Waiting == 1 }, 5*time.Second, 5*time.Millisecond)
	c.put(t, held)
	s := <-got
	require.NotNil(t, s)
	assert.Equal(t, heldSPID, spid(t, s))
	c.put(t, s)
	assert.Equal(t, int64(1), statOf(t, r).Created)
}

// Behaviour 8: a larger max_size lets a waiting connect in at once.
func TestRaisingMaxSizeAdmitsWaiters(t *testing.T) {
	r := registry(t, func(c *pool.Config) { c.MaxSize = 1 })
	c := newClient(t, r, testenv.ConnString(t))
	held := c.get(t)
	defer c.put(t, held)
	got := make(chan error, 1)
	go func() {
		s, err := c.Connect(ctx(t))
		if err == nil {
			c.put(t, s)
		}
		got <- err
	}()
	require.Eventually(t, func() bool { return statOf(t, r).Waiting == 1 }, 5*time.Second, 5*time.Millisecond)
	cfg := r.Config()
	cfg.MaxSize = 2
	require.NoError(t, r.Configure(cfg))
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter was not admitted")
	}
	assert.Equal(t, 2, statOf(t, r).MaxSize)
}

// Behaviour 8: disabling closes idle sessions (the server sees them end),
// and a session in use is closed when released.
func TestDisablingClosesIdleSessions(t *testing.T) {
	r := registry(t, nil)
	c := newClient(t, r, testenv.ConnString(t))
	idle, busy := c.get(t), c.get(t)
	idleSPID, busySPID := spid(t, idle), spid(t, busy)
	c.put(t, idle)

	cfg := r.Config()
	cfg.Enabled = false
	require.NoError(t, r.Configure(cfg))
	assert.False(t, r.Enabled())
	waitSessionGone(t, idleSPID)
	c.put(t, busy)
	waitSessionGone(t, busySPID)
	st := statOf(t, r)
	assert.Equal(t, 0, st.Open)
	assert.Equal(t, int64(2), st.Closed)
}

// Behaviour 5 (Go side): many goroutines share a small pool; no error,
// never more sessions than the limit, none left in use.
func TestConcurrentUseRespectsTheLimit(t *testing.T) {
	const maxSize, workers, rounds = 4, 32, 20
	r := registry(t, func(c *pool.Config) { c.MaxSize = maxSize })
	c := newClient(t, r, testenv.ConnString(t))
	before := len(serverSessions(t))
	var wg sync.WaitGroup
	var mu sync.Mutex
	peak := 0
	for range workers {
		wg.Go(func() {
			for range rounds {
				s, err := c.Connect(ctx(t))
				if !assert.NoError(t, err) {
					return
				}
				_, err = tryQuery(t, s, "SELECT @@SPID")
				assert.NoError(t, err)
				mu.Lock()
				peak = max(peak, statOf(t, r).Open)
				mu.Unlock()
				assert.NoError(t, c.Release(s))
			}
		})
	}
	wg.Wait()
	st := statOf(t, r)
	assert.LessOrEqual(t, peak, maxSize)
	assert.Equal(t, 0, st.InUse)
	assert.LessOrEqual(t, st.Created, int64(maxSize))
	assert.Equal(t, int64(workers*rounds), st.Acquires)
	assert.LessOrEqual(t, len(serverSessions(t)), before+maxSize)
}
