package pool

import "time"

// counters are a pool's running totals; Pool.mu guards them.
type counters struct {
	acquires       int64
	acquireTime    time.Duration
	waits          int64
	timeouts       int64
	created        int64
	createErrors   int64
	pruned         int64
	discarded      int64
	releasedBroken int64
	closed         int64
}

func (c *counters) acquired(d time.Duration) {
	c.acquires++
	c.acquireTime += d
}

// Stat is an immutable snapshot of one pool.
type Stat struct {
	ID      int    // the pool's number in log events ("pool 3")
	Key     string // the redacted connection string (no password, no token)
	MaxSize int

	Open    int // sessions logged in: idle + in use
	Idle    int
	InUse   int
	Waiting int // callers waiting for a session now

	Acquires    int64         // sessions handed out
	AcquireTime time.Duration // their total time to acquire, waits and logins included
	Waits       int64         // acquisitions that had to wait for a slot
	Timeouts    int64         // waits that ended at the login timeout

	Created        int64 // logins
	CreateErrors   int64 // failed logins
	Pruned         int64 // idle past the idle timeout
	Discarded      int64 // found dead when about to be reused
	ReleasedBroken int64 // broken, or not cleanable, when released
	Closed         int64 // closed for other reasons: pooling disabled, pool shrunk, CloseIdle
}

// Stat returns a snapshot of the pool.
func (p *Pool) Stat() Stat {
	maxSize := p.reg.Config().MaxSize
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.count
	return Stat{
		ID: p.id, Key: p.label, MaxSize: maxSize,
		Open: len(p.idle) + len(p.inUse), Idle: len(p.idle), InUse: len(p.inUse), Waiting: len(p.waiters),
		Acquires: c.acquires, AcquireTime: c.acquireTime, Waits: c.waits, Timeouts: c.timeouts,
		Created: c.created, CreateErrors: c.createErrors, Pruned: c.pruned, Discarded: c.discarded,
		ReleasedBroken: c.releasedBroken, Closed: c.closed,
	}
}

// Map is the snapshot as plain values with the keys of the C ABI and of
// mssql_python.pool_stats() (times in seconds).
func (s Stat) Map() map[string]any {
	return map[string]any{
		"id": s.ID, "key": s.Key, "max_size": s.MaxSize,
		"open": s.Open, "idle": s.Idle, "in_use": s.InUse, "waiting": s.Waiting,
		"acquires": s.Acquires, "acquire_time_s": s.AcquireTime.Seconds(), "waits": s.Waits, "timeouts": s.Timeouts,
		"created": s.Created, "create_errors": s.CreateErrors, "pruned": s.Pruned, "discarded": s.Discarded,
		"released_broken": s.ReleasedBroken, "closed": s.Closed,
	}
}
