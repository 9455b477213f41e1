package tdsserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// loginTimeout bounds PRELOGIN, TLS and LOGIN7 of a new connection.
const loginTimeout = 30 * time.Second

// conn is one client connection: its transport, its session and the state
// the front end keeps for DONE and ENVCHANGE tokens.
type conn struct {
	srv  *Server
	raw  net.Conn
	bc   *bufConn
	spid uint16
	log  *slog.Logger
	r    tds.Reader
	w    *tds.Writer

	encrypted bool // TLS for the whole session (not login-only)
	loginOnly bool
	strict    bool
	sess      backend.Session
	inTx      bool

	ctx    context.Context // ends when the connection ends
	cancel context.CancelFunc

	in   *bufio.Reader // the requests' transport, peekable (see attention.go)
	buf  []byte        // request buffer reused from one request to the next
	resp response      // the response being written (one request at a time)
	watch

	mu        sync.Mutex // guards the fields below, shared with the watcher
	active    bool
	cancelReq context.CancelFunc
	attn      bool
	watching  bool
	pending   []inbound // messages the watcher read while a request ran
}

type inbound struct {
	msg *tds.Message
	err error
}

func newConn(s *Server, nc net.Conn, spid uint16) *conn {
	c := &conn{srv: s, raw: nc, spid: spid}
	c.bc = &bufConn{Conn: nc, r: bufio.NewReaderSize(nc, 8192)}
	c.log = s.log.With("spid", spid, "remote", nc.RemoteAddr().String())
	c.r.R = c.bc
	c.w = tds.NewWriter(c.bc, tds.DefaultPacketSize)
	c.w.SetSPID(spid)
	c.ctx, c.cancel = context.WithCancel(context.Background())
	return c
}

// serve runs the connection to its end. A panic is logged and closes only
// this connection.
func (c *conn) serve() {
	defer c.srv.unregister(c.spid)
	defer c.raw.Close()
	defer c.cancel()
	defer c.closeSession()
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic while serving a connection; it is closed", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if err := c.open(); err != nil {
		c.logEnd("connection ended before login completed", err)
		return
	}
	c.run()
}

func (c *conn) logEnd(msg string, err error) {
	if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
		c.log.Debug(msg, "err", err)
		return
	}
	c.log.Info(msg, "err", err)
}

// open performs PRELOGIN, TLS and LOGIN7.
func (c *conn) open() error {
	c.raw.SetDeadline(time.Now().Add(loginTimeout))
	first, err := c.bc.r.Peek(1)
	if err != nil {
		return err
	}
	if tds.IsTLSRecord(first[0]) {
		if err := c.startStrict(); err != nil {
			return err
		}
	}
	if err := c.prelogin(); err != nil {
		return err
	}
	if err := c.login(); err != nil {
		return err
	}
	return c.raw.SetDeadline(time.Time{})
}

func (c *conn) closeSession() {
	if c.sess == nil {
		return
	}
	if err := c.sess.Close(); err != nil {
		c.log.Warn("closing session", "err", err)
	}
}

// kill ends the connection from outside: the running request is cancelled
// and the socket closed.
func (c *conn) kill() {
	c.mu.Lock()
	if c.cancelReq != nil {
		c.cancelReq()
	}
	c.mu.Unlock()
	c.cancel()
	c.raw.Close()
}

// run serves requests until the client leaves or the connection breaks.
func (c *conn) run() {
	c.log.Debug("session started")
	c.startReading()
	for {
		msg, err := c.next()
		if err != nil {
			c.logEnd("session ended", err)
			return
		}
		if !c.handle(msg) {
			return
		}
		if cap(msg.Data) <= maxRequestBuffer {
			c.buf = msg.Data[:0]
		}
	}
}

// maxRequestBuffer bounds the request buffer a connection keeps for reuse.
const maxRequestBuffer = 1 << 20

// trackEnv follows the session state that DONE and ENVCHANGE tokens carry.
func (c *conn) trackEnv(e backend.EnvChange) {
	switch e.Kind {
	case backend.EnvBeginTx:
		c.inTx = true
	case backend.EnvCommitTx, backend.EnvRollbackTx, backend.EnvTxEnded:
		c.inTx = false
	}
}

// maybeDropAfterRow fires the DropAfterRows fault: the rows sent so far
// are flushed, then the connection is cut.
func (c *conn) maybeDropAfterRow(r *response) {
	n := c.srv.faults.dropLimit(c.spid)
	if n <= 0 || r.rows < n || !c.srv.faults.takeDrop(c.spid) {
		return
	}
	c.log.Info("dropping connection mid-result by fault control", "rows", r.rows)
	c.w.Flush()
	c.kill()
	r.err = net.ErrClosed
}
