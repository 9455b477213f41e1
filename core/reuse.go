package core

import (
	"context"
	"errors"
	"time"
)

// What a pool needs from a session to hand it to another user: a check
// without a round trip, a ping under its own timeout, and the reset.

// ErrPeerClosed is what Alive reports when the server closed the
// connection (a killed session, a restarted server, a dropped link).
var ErrPeerClosed = errors.New("the server closed the connection")

// errUnexpectedData is what Alive reports when an idle connection has
// bytes waiting: the server sent something no request asked for.
var errUnexpectedData = errors.New("the server sent data on an idle connection")

// Alive checks, without a round trip, that the session is usable: open,
// not marked broken, no request running, and (where the platform allows,
// see CanPeek) its socket neither closed by the server nor holding unread
// data. Call it only while no other goroutine uses the session.
func (s *Session) Alive() error {
	s.mu.Lock()
	closed, bad, busy := s.closed, s.bad, s.owner != nil
	s.mu.Unlock()
	switch {
	case closed:
		return Errorf(ClassInterface, "the connection is closed")
	case bad:
		return newError(ClassOperational, FlagBadConn, "the connection is broken", nil)
	case busy:
		return Errorf(ClassOperational, "the connection has a request running")
	}
	if err := s.conn.Err(); err != nil {
		s.markBad()
		return newError(ClassOperational, FlagBadConn, "the connection is broken", err)
	}
	if err := peekSocket(s.conn.Socket()); err != nil {
		s.markBad()
		return newError(ClassOperational, FlagBadConn, "the connection is broken", err)
	}
	return nil
}

// Ping runs SELECT 1 and waits at most timeout. When the server does not
// answer in time the socket is failed at once (no wait for an ATTENTION
// acknowledgement) and the session is left broken: a pool discards it.
func (s *Session) Ping(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { _ = s.conn.Socket().SetDeadline(time.Unix(1, 0)) })
	_, err := s.exec(ctx, "SELECT 1")
	if !stop() && err == nil {
		err = newError(ClassOperational, FlagTimeout, "ping timeout expired", nil)
	}
	if err != nil {
		s.markBad()
	}
	return err
}

// Renew readies a session that Reset prepared for its next user, without
// I/O: it takes the autocommit mode that user asked for and the query
// timeout of a new session (none). The options are sent before the first
// statement, with the reset.
func (s *Session) Renew(autocommit bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.autocommit = autocommit
	s.queryTimeout = 0
	s.applied = false
}

// SPID is the server's session id (@@SPID), learned at login.
func (s *Session) SPID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.spid
}
