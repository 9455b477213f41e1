package pool

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

// Registry holds the pools of a process (or of a test) and their
// settings.
type Registry struct {
	cfg atomic.Pointer[Config]

	mu     sync.Mutex
	pools  map[string]*Pool
	nextID int
	maint  *maintainer // started with the first pool
	closed bool
}

// Default is the registry of the C ABI and of mssql_python.
var Default = NewRegistry()

// NewRegistry returns an empty registry with DefaultConfig.
func NewRegistry() *Registry {
	r := &Registry{pools: map[string]*Pool{}}
	cfg := DefaultConfig()
	r.cfg.Store(&cfg)
	return r
}

// Config returns the current settings.
func (r *Registry) Config() Config { return *r.cfg.Load() }

// Enabled reports whether new connections should come from a pool.
func (r *Registry) Enabled() bool { return r.cfg.Load().Enabled }

// Configure replaces the settings. They apply to every pool from now on:
// a larger MaxSize lets waiters in at once, a smaller one closes sessions
// as they are released; disabling closes every idle session.
func (r *Registry) Configure(cfg Config) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	r.cfg.Store(&cfg)
	core.Logf(core.LevelInfo, "pool", "pooling settings: enabled=%t max_size=%d idle_timeout=%s",
		cfg.Enabled, cfg.MaxSize, cfg.IdleTimeout)
	for _, p := range r.list() {
		p.mu.Lock()
		p.grantWaiters()
		p.mu.Unlock()
	}
	if !cfg.Enabled {
		r.CloseIdle()
	}
	r.mu.Lock()
	if r.maint != nil {
		r.maint.poke()
	}
	r.mu.Unlock()
	return nil
}

// Connector is a core.Connector with a fast path.
type Connector interface {
	core.Connector
	// TryConnect returns an idle session that is ready at once (no wait,
	// no round trip), or false: then call Connect.
	TryConnect() (*core.Session, bool)
}

// Connector returns a Connector whose sessions come from the pool of cfg
// and opts (created on first use) and go back to it.
func (r *Registry) Connector(cfg *connstr.Config, opts core.OpenOptions) Connector {
	return &connector{reg: r, cfg: cfg, opts: opts, key: poolKey(cfg, opts)}
}

type connector struct {
	reg  *Registry
	cfg  *connstr.Config
	opts core.OpenOptions
	key  string
}

func (c *connector) Connect(ctx context.Context) (*core.Session, error) {
	for {
		p, err := c.reg.pool(c.cfg, c.opts, c.key)
		if err != nil {
			return nil, err
		}
		s, err := p.Acquire(ctx, c.opts)
		if !errors.Is(err, errEvicted) {
			return s, err
		}
	}
}

// TryConnect is the fast path of Connect: an idle session that is ready
// without waiting or a round trip, or false.
func (c *connector) TryConnect() (*core.Session, bool) {
	c.reg.mu.Lock()
	p := c.reg.pools[c.key]
	c.reg.mu.Unlock()
	if p == nil {
		return nil, false
	}
	return p.TryAcquire(c.opts)
}

// Release gives the session back to its pool, which exists as long as it
// has a session out.
func (c *connector) Release(s *core.Session) error {
	r := c.reg
	r.mu.Lock()
	p := r.pools[c.key]
	r.mu.Unlock()
	if p == nil {
		return s.Close()
	}
	return p.Release(s)
}

// pool finds or creates the pool of key.
func (r *Registry) pool(cfg *connstr.Config, opts core.OpenOptions, key string) (*Pool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, core.Errorf(core.ClassInterface, "the connection pools are closed")
	}
	if p := r.pools[key]; p != nil {
		return p, nil
	}
	r.nextID++
	p := newPool(r, r.nextID, key, poolLabel(cfg, opts), cfg)
	r.pools[key] = p
	if r.maint == nil {
		r.maint = startMaintainer(r)
	}
	core.Logf(core.LevelInfo, "pool", "pool %d created for %s", p.id, p.label)
	return p, nil
}

// list returns the pools, oldest first.
func (r *Registry) list() []*Pool {
	r.mu.Lock()
	out := make([]*Pool, 0, len(r.pools))
	for _, p := range r.pools {
		out = append(out, p)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// Stats returns a snapshot of every pool, oldest first.
func (r *Registry) Stats() []Stat {
	pools := r.list()
	out := make([]Stat, len(pools))
	for i, p := range pools {
		out[i] = p.Stat()
	}
	return out
}

// CloseIdle closes every idle session of every pool now and returns how
// many it closed. Sessions in use are not touched.
func (r *Registry) CloseIdle() int {
	n := 0
	for _, p := range r.list() {
		p.mu.Lock()
		idle := p.idle
		p.idle = nil
		p.mu.Unlock()
		p.closeIdle(idle, &p.count.closed, "closed on request")
		n += len(idle)
	}
	return n
}

// Close stops the maintenance goroutine and closes every idle session;
// sessions in use are closed when released. For tests and shutdown.
func (r *Registry) Close() {
	r.mu.Lock()
	r.closed = true
	m := r.maint
	r.maint = nil
	r.mu.Unlock()
	if m != nil {
		m.stop()
	}
	r.CloseIdle()
	for _, p := range r.list() {
		p.mu.Lock()
		p.evicted = true
		p.mu.Unlock()
	}
}

// evict removes the pools that have been empty for a while, so that a
// process that used many connection strings does not keep them all.
func (r *Registry) evict(now time.Time, after time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for key, p := range r.pools {
		p.mu.Lock()
		if p.total() == 0 && len(p.waiters) == 0 && now.Sub(p.lastUsed) > after {
			p.evicted = true
			delete(r.pools, key)
			core.Logf(core.LevelDebug, "pool", "pool %d removed (empty since %s)", p.id, after)
		}
		p.mu.Unlock()
	}
}
