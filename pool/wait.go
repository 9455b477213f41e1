package pool

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
)

// grant is what a caller gets from the pool: an idle session to check,
// or the right to log in (a slot counted in creating).
type grant struct {
	c      *conn
	create bool
}

// waiter is a caller waiting for a grant; ch holds at most one.
type waiter struct {
	ch chan grant
}

// take gets a grant at once, or waits for one until the deadline.
func (p *Pool) take(ctx context.Context, start, deadline time.Time) (grant, error) {
	cfg := p.reg.Config()
	p.mu.Lock()
	if p.evicted {
		p.mu.Unlock()
		return grant{}, errEvicted
	}
	stale := p.staleLocked(time.Now(), cfg.IdleTimeout)
	g, ok := p.grantNow(cfg.MaxSize)
	var w *waiter
	if !ok {
		w = &waiter{ch: make(chan grant, 1)}
		p.waiters = append(p.waiters, w)
		p.count.waits++
	}
	p.mu.Unlock()
	p.closeIdle(stale, &p.count.pruned, "idle timeout")
	if ok {
		return g, nil
	}
	core.Logf(core.LevelDebug, "pool", "pool %d: all %d connections in use; waiting", p.id, cfg.MaxSize)
	return p.await(ctx, w, start, deadline)
}

// staleLocked takes the idle sessions past the timeout off the stack, for
// closing once the lock is released; p.mu held.
func (p *Pool) staleLocked(now time.Time, timeout time.Duration) []*conn {
	n := 0
	for n < len(p.idle) && now.Sub(p.idle[n].released) >= timeout {
		n++
	}
	if n == 0 {
		return nil
	}
	out := slices.Clone(p.idle[:n])
	p.idle = append(p.idle[:0], p.idle[n:]...)
	return out
}

// grantNow pops the most recently released idle session, or reserves a
// slot for a login when the pool is below max; p.mu held.
func (p *Pool) grantNow(maxSize int) (grant, bool) {
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.inUse[c.sess] = c
		return grant{c: c}, true
	}
	if len(p.waiters) == 0 && p.total() < maxSize {
		p.creating++
		return grant{create: true}, true
	}
	return grant{}, false
}

// await waits for w's grant. On a timeout or a cancel it leaves the queue;
// a grant that raced in is given back.
func (p *Pool) await(ctx context.Context, w *waiter, start, deadline time.Time) (grant, error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	var err error
	select {
	case g := <-w.ch:
		return g, nil
	case <-ctx.Done():
		err = &core.Error{Class: core.ClassOperational, Flags: core.FlagCancelled | core.FlagSafeToRetry, Msg: "Login cancelled"}
	case <-timer.C:
		err = p.exhausted(time.Since(start))
	}
	p.mu.Lock()
	queued := p.removeWaiter(w)
	p.mu.Unlock()
	if !queued {
		p.giveBack(<-w.ch)
	}
	return grant{}, err
}

// exhausted is the error of a caller that waited the whole login timeout.
func (p *Pool) exhausted(waited time.Duration) error {
	maxSize := p.reg.Config().MaxSize
	p.mu.Lock()
	p.count.timeouts++
	p.mu.Unlock()
	core.Logf(core.LevelWarning, "pool", "pool %d: no connection freed within %s (max_size=%d)", p.id, waited.Round(time.Millisecond), maxSize)
	return &core.Error{Class: core.ClassOperational, Flags: core.FlagTimeout | core.FlagSafeToRetry, Msg: fmt.Sprintf(
		"Connection pool limit reached: the pool's %d connections (max_size=%d) stayed in use for %s, the login timeout. "+
			"Close connections sooner or raise max_size with mssql_python.pooling(max_size=...)",
		maxSize, maxSize, waited.Round(time.Millisecond))}
}

// giveBack returns a grant its caller no longer wants.
func (p *Pool) giveBack(g grant) {
	if g.c != nil {
		p.put(g.c)
		return
	}
	p.mu.Lock()
	p.creating--
	p.grantWaiters()
	p.mu.Unlock()
}

// grantWaiters gives free slots to waiters, first come first served, as
// logins; p.mu held.
func (p *Pool) grantWaiters() {
	maxSize := p.reg.Config().MaxSize
	for len(p.waiters) > 0 && p.total() < maxSize && !p.evicted {
		p.creating++
		p.popWaiter().ch <- grant{create: true}
	}
}

// popWaiter removes the first waiter; p.mu held.
func (p *Pool) popWaiter() *waiter {
	w := p.waiters[0]
	p.waiters[0] = nil
	p.waiters = p.waiters[1:]
	return w
}

// removeWaiter takes w out of the queue; false if it was already granted.
func (p *Pool) removeWaiter(w *waiter) bool {
	i := slices.Index(p.waiters, w)
	if i < 0 {
		return false
	}
	p.waiters = slices.Delete(p.waiters, i, i+1)
	return true
}

// tooManyAttempts ends an acquisition whose every try found a dead
// session (never an endless loop: psycopg#709).
func tooManyAttempts(p *Pool, attempts int, last error) error {
	core.Logf(core.LevelError, "pool", "pool %d: no healthy connection after %d attempts: %v", p.id, attempts, last)
	return &core.Error{Class: core.ClassOperational, Flags: core.FlagBadConn | core.FlagSafeToRetry,
		Msg: fmt.Sprintf("no healthy pooled connection after %d attempts", attempts), Err: last}
}
