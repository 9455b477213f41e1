package pool

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

// conn is a pooled session and what the pool knows of it.
type conn struct {
	sess     *core.Session
	spid     int64
	released time.Time // when it last became idle
}

// Pool holds the sessions of one key: idle ones on a stack (the most
// recently released on top, so that the least used ones age out), the
// ones in use, the logins in progress and the callers waiting for a slot.
type Pool struct {
	id    int
	key   string // the normalised string (+ identity): holds secrets
	label string // redacted: for logs and stats
	cfg   *connstr.Config
	reg   *Registry

	mu       sync.Mutex
	idle     []*conn
	inUse    map[*core.Session]*conn
	creating int
	waiters  []*waiter // first come, first served
	evicted  bool      // removed from the registry: hand out nothing more
	lastUsed time.Time
	count    counters
}

// errEvicted sends a caller back to the registry for a live pool.
var errEvicted = errors.New("pool evicted")

func newPool(r *Registry, id int, key, label string, cfg *connstr.Config) *Pool {
	return &Pool{id: id, key: key, label: label, cfg: cfg, reg: r,
		inUse: map[*core.Session]*conn{}, lastUsed: time.Now()}
}

// total counts every session of the pool, including logins in progress;
// p.mu held.
func (p *Pool) total() int { return len(p.idle) + len(p.inUse) + p.creating }

// Acquire hands out a healthy session, reset for a user who asked for
// opts: an idle one, a new login if the pool is below its limit, or one
// released while the caller waits (up to the login timeout). Each dead
// idle session is discarded and the next one tried, a bounded number of
// times.
func (p *Pool) Acquire(ctx context.Context, opts core.OpenOptions) (*core.Session, error) {
	start := time.Now()
	deadline := start.Add(loginTimeout(opts))
	attempts := p.reg.Config().MaxSize + 1
	var lastErr error
	for range attempts {
		g, err := p.take(ctx, start, deadline)
		if err != nil {
			return nil, err
		}
		if g.create {
			return p.create(ctx, opts, start, deadline)
		}
		if lastErr = p.check(ctx, g.c, deadline); lastErr != nil {
			p.discard(g.c, lastErr)
			continue
		}
		g.c.sess.Renew(opts.Autocommit)
		p.handedOut(g.c, start)
		return g.c.sess, nil
	}
	return nil, tooManyAttempts(p, attempts, lastErr)
}

func loginTimeout(opts core.OpenOptions) time.Duration {
	if opts.LoginTimeout > 0 {
		return opts.LoginTimeout
	}
	return core.DefaultLoginTimeout
}

// create logs in for a slot the caller holds.
func (p *Pool) create(ctx context.Context, opts core.OpenOptions, start, deadline time.Time) (*core.Session, error) {
	opts.LoginTimeout = max(time.Until(deadline), time.Second)
	s, err := core.Open(ctx, p.cfg, opts)
	p.mu.Lock()
	p.creating--
	if err != nil {
		p.count.createErrors++
		p.grantWaiters()
		p.mu.Unlock()
		core.Logf(core.LevelWarning, "pool", "pool %d: login failed: %v", p.id, err)
		return nil, err
	}
	c := &conn{sess: s, spid: s.SPID()}
	p.inUse[s] = c
	p.count.created++
	p.count.acquired(time.Since(start))
	open := len(p.idle) + len(p.inUse)
	p.mu.Unlock()
	core.Logf(core.LevelInfo, "pool", "pool %d: new connection, spid %d (%d open)", p.id, c.spid, open)
	return s, nil
}

// handedOut records an acquisition.
func (p *Pool) handedOut(c *conn, start time.Time) {
	p.mu.Lock()
	p.count.acquired(time.Since(start))
	p.lastUsed = time.Now()
	p.mu.Unlock()
	core.Logf(core.LevelDebug, "pool", "pool %d: connection spid %d acquired", p.id, c.spid)
}

// Release takes back a session of this pool: it is cleaned (a running
// request ended, an open transaction rolled back, the reset armed) and
// kept for the next user, or closed when it cannot be cleaned, is broken,
// or pooling no longer wants it.
func (p *Pool) Release(s *core.Session) error {
	p.mu.Lock()
	c := p.inUse[s]
	p.mu.Unlock()
	if c == nil {
		return core.Errorf(core.ClassProgramming, "the session does not belong to this pool")
	}
	if err := p.clean(c); err != nil {
		p.drop(c, &p.count.releasedBroken)
		core.Logf(core.LevelWarning, "pool", "pool %d: connection spid %d closed on release: %v", p.id, c.spid, err)
		return nil
	}
	p.put(c)
	return nil
}

// put makes a clean session idle, or gives it to the first waiter.
func (p *Pool) put(c *conn) {
	cfg := p.reg.Config()
	p.mu.Lock()
	keep := !p.evicted && cfg.Enabled && p.total() <= cfg.MaxSize
	if keep && len(p.waiters) > 0 {
		p.popWaiter().ch <- grant{c: c}
		p.mu.Unlock()
		core.Logf(core.LevelDebug, "pool", "pool %d: connection spid %d passed to a waiting caller", p.id, c.spid)
		return
	}
	if !keep || cfg.IdleTimeout == 0 {
		p.mu.Unlock()
		p.drop(c, &p.count.closed)
		core.Logf(core.LevelDebug, "pool", "pool %d: connection spid %d closed on release (not kept)", p.id, c.spid)
		return
	}
	delete(p.inUse, c.sess)
	c.released = time.Now()
	p.idle = append(p.idle, c)
	p.lastUsed = c.released
	p.mu.Unlock()
	core.Logf(core.LevelDebug, "pool", "pool %d: connection spid %d released", p.id, c.spid)
}

// discard closes a session that failed its check before reuse.
func (p *Pool) discard(c *conn, why error) {
	p.drop(c, &p.count.discarded)
	core.Logf(core.LevelWarning, "pool", "pool %d: connection spid %d discarded (dead): %v", p.id, c.spid, why)
}

// drop closes a session in use, counts it, and gives its slot to a waiter.
func (p *Pool) drop(c *conn, counter *int64) {
	p.mu.Lock()
	delete(p.inUse, c.sess)
	*counter++
	p.grantWaiters()
	p.mu.Unlock()
	_ = c.sess.Close()
}

// closeIdle closes idle sessions taken off the stack.
func (p *Pool) closeIdle(conns []*conn, counter *int64, why string) {
	if len(conns) == 0 {
		return
	}
	p.mu.Lock()
	*counter += int64(len(conns))
	p.grantWaiters()
	p.mu.Unlock()
	for _, c := range conns {
		_ = c.sess.Close()
	}
	core.Logf(core.LevelInfo, "pool", "pool %d: %d idle connection(s) closed (%s)", p.id, len(conns), why)
}

// TryAcquire hands out, without waiting and without a round trip, the
// most recently released idle session if it passes the check that costs
// none (so it was used within PingAfter); otherwise it reports false and
// the caller takes the full path (Acquire).
func (p *Pool) TryAcquire(opts core.OpenOptions) (*core.Session, bool) {
	start := time.Now()
	cfg := p.reg.Config()
	p.mu.Lock()
	n := len(p.idle)
	if p.evicted || len(p.waiters) > 0 || n == 0 || start.Sub(p.idle[n-1].released) >= min(cfg.PingAfter, cfg.IdleTimeout) {
		p.mu.Unlock()
		return nil, false
	}
	c := p.idle[n-1]
	p.idle = p.idle[:n-1]
	p.inUse[c.sess] = c
	p.mu.Unlock()
	if err := c.sess.Alive(); err != nil {
		p.discard(c, err)
		return nil, false
	}
	c.sess.Renew(opts.Autocommit)
	p.handedOut(c, start)
	return c.sess, true
}
