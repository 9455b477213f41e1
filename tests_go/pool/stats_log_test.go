package pool_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/pool"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// Behaviour 9: a snapshot does not change afterwards.
func TestStatsAreSnapshots(t *testing.T) {
	r := registry(t, nil)
	c := newClient(t, r, testenv.ConnString(t))
	s := c.get(t)
	before := statOf(t, r)
	c.put(t, s)
	after := statOf(t, r)
	assert.Equal(t, 1, before.InUse)
	assert.Equal(t, 0, before.Idle)
	assert.Equal(t, 0, after.InUse)
	assert.Equal(t, 1, after.Idle)
	assert.Equal(t, 100, after.MaxSize)
	assert.Positive(t, after.AcquireTime)
	m := after.Map()
	for _, k := range []string{"key", "open", "idle", "in_use", "waiting", "waits", "created", "pruned", "discarded", "acquires", "acquire_time_s"} {
		assert.Contains(t, m, k)
	}
}

// Behaviour 10: creation, acquisition, release, pruning and errors are
// logged to the library's queue (logger "pool"), with no secret.
func TestPoolEventsAreLoggedWithoutSecrets(t *testing.T) {
	srv := testenv.Server(t)
	core.SetLogLevel(core.LevelDebug)
	defer core.SetLogLevel(core.LevelWarning)
	core.DrainLog()

	r := registry(t, func(c *pool.Config) { c.IdleTimeout = 200 * time.Millisecond })
	cs := testenv.ConnString(t)
	c := newClient(t, r, cs)
	s := c.get(t)
	c.put(t, s)
	s = c.get(t)
	first := spid(t, s)
	c.put(t, s)
	waitSessionGone(t, first)
	bad := newClient(t, r, strings.Replace(cs, srv.Password(), "wrong-"+srv.Password(), 1))
	_, err := bad.Connect(ctx(t))
	require.Error(t, err)

	var text []string
	for _, ev := range core.DrainLog() {
		if ev.Logger == "pool" {
			text = append(text, ev.Message)
		}
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"created for", "new connection, spid", "acquired", "released", "idle connection(s) closed", "login failed"} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, srv.Password())
	assert.Contains(t, all, "PWD=***")
}
