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
	done   chan struct{}
	inbox  chan inbound
	spare  chan []byte // request buffers handed back after use

	mu        sync.Mutex // guards the fields below, shared with the reader
	active    bool
	cancelReq context.CancelFunc
	attn      bool
}

type inbound struct {
	msg *tds.Message
	err error
}

func newConn(s *Server, nc net.Conn, spid uint16) *conn {
	c := &conn{srv: s, raw: nc, spid: spid, done: make(chan struct{})}
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
	defer close(c.done)
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
	c.inbox = make(chan inbound, 1)
	c.spare = make(chan []byte, 2)
	go c.readLoop()
	for {
		var in inbound
		select {
		case in = <-c.inbox:
		case <-c.ctx.Done():
			return
		}
		if in.err != nil {
			c.logEnd("session ended", in.err)
			return
		}
		if !c.handle(in.msg) {
			return
		}
		c.recycle(in.msg.Data)
	}
}

// maxSpareBuffer bounds the request buffer a connection keeps for reuse.
const maxSpareBuffer = 1 << 20

// recycle hands a request's buffer back to the reader once the request
// is done with it (nothing the parsers return points into it).
func (c *conn) recycle(b []byte) {
	if cap(b) > maxSpareBuffer {
		return
	}
	select {
	case c.spare <- b:
	default:
	}
}

// readLoop reads ahead so that an ATTENTION reaches a running request.
func (c *conn) readLoop() {
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic while reading; connection closed", "panic", p, "stack", string(debug.Stack()))
			c.raw.Close()
		}
	}()
	for {
		var buf []byte
		select {
		case buf = <-c.spare:
		default:
		}
		msg, err := c.r.ReadMessageInto(buf, nil)
		if err == nil && msg.Type == tds.PacketAttention && c.attentionDuringRequest() {
			c.recycle(msg.Data)
			continue
		}
		select {
		case c.inbox <- inbound{msg, err}:
		case <-c.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// attentionDuringRequest cancels the running request, if any; the request
// then ends its response with the acknowledgement.
func (c *conn) attentionDuringRequest() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.active {
		return false
	}
	c.attn = true
	c.cancelReq()
	return true
}

func (c *conn) beginRequest(cancel context.CancelFunc) {
	c.mu.Lock()
	c.active, c.cancelReq, c.attn = true, cancel, false
	c.mu.Unlock()
}

// endRequest reports whether an ATTENTION arrived during the request.
func (c *conn) endRequest() (attn bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	attn = c.attn
	c.active, c.cancelReq, c.attn = false, nil, false
	return attn
}

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
