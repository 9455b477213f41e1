package pool

import (
	"fmt"
	"time"
)

// Config holds the settings of every pool of a Registry. Start from
// DefaultConfig; Registry.Configure changes them at run time, for the
// connections opened afterwards.
type Config struct {
	// Enabled turns pooling on (default true). When it is off, callers
	// connect directly (Registry.Enabled), idle sessions are closed, and a
	// session still in use is closed when it is released.
	Enabled bool
	// MaxSize is the most sessions one pool holds, idle and in use
	// (default 100). A connect beyond it waits for a session up to its
	// login timeout, then fails with an error naming the limit.
	MaxSize int
	// IdleTimeout: a session idle for longer is closed by the maintenance
	// goroutine and is never handed out (default 10 minutes). 0 keeps no
	// idle session.
	IdleTimeout time.Duration
	// PingAfter: a session idle for longer is pinged (SELECT 1) before
	// reuse; one used more recently gets only the check that costs no
	// round trip (default 30 s; 1 s where core.CanPeek is false).
	PingAfter time.Duration
	// PingTimeout bounds that ping (default 5 s, and never more than what
	// is left of the login timeout).
	PingTimeout time.Duration
	// ReleaseTimeout bounds the work of a release: ending a running
	// request and rolling back an open transaction (default 5 s). A
	// session that needs longer is closed instead of kept.
	ReleaseTimeout time.Duration
}

// DefaultConfig is the configuration of a new Registry: Microsoft's
// defaults (on, 100 per pool, 600 s idle) and this package's own.
func DefaultConfig() Config {
	ping := 30 * time.Second
	if !canPeek {
		ping = time.Second
	}
	return Config{
		Enabled:        true,
		MaxSize:        100,
		IdleTimeout:    600 * time.Second,
		PingAfter:      ping,
		PingTimeout:    5 * time.Second,
		ReleaseTimeout: 5 * time.Second,
	}
}

func (c Config) validate() error {
	switch {
	case c.MaxSize < 1:
		return fmt.Errorf("max_size must be at least 1, not %d", c.MaxSize)
	case c.IdleTimeout < 0:
		return fmt.Errorf("idle_timeout must not be negative")
	case c.PingAfter < 0 || c.PingTimeout <= 0 || c.ReleaseTimeout <= 0:
		return fmt.Errorf("ping and release timeouts must be positive")
	}
	return nil
}

// sweepPeriod is how often the maintenance goroutine looks for idle
// sessions past the timeout: a quarter of it, within [100 ms, 10 s].
func (c Config) sweepPeriod() time.Duration {
	p := c.IdleTimeout / 4
	if c.IdleTimeout == 0 || p > 10*time.Second {
		return 10 * time.Second
	}
	return max(p, 100*time.Millisecond)
}
