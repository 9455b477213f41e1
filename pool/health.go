package pool

import (
	"context"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
)

// canPeek: the platform lets core see a closed socket without a round
// trip; elsewhere a pool pings sooner.
const canPeek = core.CanPeek

// check decides whether an idle session may be reused: recently used
// sessions get the check without a round trip (a closed socket, a broken
// session); older ones are pinged under PingTimeout, itself bounded by
// what is left of the caller's login timeout.
func (p *Pool) check(ctx context.Context, c *conn, deadline time.Time) error {
	if err := c.sess.Alive(); err != nil {
		return err
	}
	cfg := p.reg.Config()
	if time.Since(c.released) < cfg.PingAfter {
		return nil
	}
	timeout := min(cfg.PingTimeout, max(time.Until(deadline), 10*time.Millisecond))
	return c.sess.Ping(ctx, timeout)
}

// clean readies a returned session for the pool within ReleaseTimeout:
// a request still running is ended, an open transaction rolled back (its
// locks must not wait for the next user), and the reset armed for the
// next request (RESETCONNECTION: temp tables, SET options, the database
// and the transaction of this user are gone, at no extra round trip).
func (p *Pool) clean(c *conn) error {
	ctx, cancel := context.WithTimeout(context.Background(), p.reg.Config().ReleaseTimeout)
	defer cancel()
	if !c.sess.Valid() {
		return core.Errorf(core.ClassOperational, "the connection is broken")
	}
	if err := c.sess.Rollback(ctx); err != nil {
		return err
	}
	if err := c.sess.Reset(ctx); err != nil {
		return err
	}
	if !c.sess.Valid() {
		return core.Errorf(core.ClassOperational, "the connection is broken")
	}
	return nil
}
