package tds

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Conn is one TDS connection, logged in. It runs one request at a time;
// see the package documentation for its concurrency rules.
type Conn struct {
	cfg  Config
	sock net.Conn // the TCP socket under any TLS
	rd   *reader
	wr   *writer
	wmu  sync.Mutex // serialises packet writes (requests and ATTENTION)
	dec  decoder
	resp Response

	mu            sync.Mutex
	state         connState
	cancelPending bool        // Cancel arrived while the request was being written
	attnSent      atomic.Bool // an ATTENTION waits for its acknowledgement (written under mu)
	broken        error
	sess          Session
	resetBits     byte // status bits for the next request (RESETCONNECTION)
	route         *Routing
}

type connState uint8

const (
	stateIdle    connState = iota
	stateWriting           // a request is being written
	stateReading           // its response is being read
)

// Session is what the server told the client about the session: login
// acknowledgement and environment changes.
type Session struct {
	Database, Language string
	Collation          Collation
	PacketSize         int
	TDSVersion         uint32
	ServerName         string // LOGINACK's program name
	ServerVersion      uint32 // major<<24 | minor<<16 | build
	SPID               uint16
	Transaction        uint64 // the open transaction's descriptor; 0 when none
	UTF8               bool   // the server acknowledged UTF8_SUPPORT
	MirrorPartner      string
	Resets             int // RESETCONNECTION acknowledgements received
	Encrypted          bool
}

func newConn(cfg *Config, sock net.Conn) *Conn {
	c := &Conn{cfg: *cfg, sock: sock}
	c.rd = newReader(sock)
	c.wr = newWriter(sock, &c.wmu)
	c.wr.cancelled = c.takeCancel
	c.dec.rd = c.rd
	c.resp.c = c
	return c
}

// Session returns a snapshot of the session state.
func (c *Conn) Session() Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess
}

// InTransaction reports whether the server said a transaction is open.
func (c *Conn) InTransaction() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess.Transaction != 0
}

// ResetNext makes the next request reset the session first
// (RESETCONNECTION), as a pool does before it hands the connection to
// another user; keepTransaction uses RESETCONNECTIONSKIPTRAN.
func (c *Conn) ResetNext(keepTransaction bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetBits = statusResetConn
	if keepTransaction {
		c.resetBits = statusResetSkipTran
	}
}

// Err returns the error that broke the connection, or nil.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.broken
}

// Close closes the connection. The server rolls back an open
// transaction. Close is safe to call from any goroutine, more than once.
func (c *Conn) Close() error {
	c.mu.Lock()
	if c.broken == nil {
		c.broken = ErrClosed
	}
	c.mu.Unlock()
	return c.sock.Close()
}

// fail marks the connection broken by err (the first error wins), closes
// the socket and returns the error callers see.
func (c *Conn) fail(op string, err error) error {
	var pe *ProtocolError
	var ce *ConnError
	if !errors.As(err, &pe) && !errors.As(err, &ce) && !errors.Is(err, ErrClosed) {
		err = &ConnError{Op: op, Err: err}
	}
	c.mu.Lock()
	if c.broken == nil {
		c.broken = err
	} else if errors.Is(c.broken, ErrClosed) {
		err = ErrClosed
	}
	c.mu.Unlock()
	_ = c.sock.Close()
	return err
}

// applyEnv records an environment change.
func (c *Conn) applyEnv(e *EnvChange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &c.sess
	switch e.Type {
	case EnvDatabase:
		s.Database = e.New
	case EnvLanguage:
		s.Language = e.New
	case EnvPacketSize:
		if n, err := strconv.Atoi(e.New); err == nil && n >= MinPacketSize && n <= MaxPacketSize+1 {
			s.PacketSize = n
			c.wr.setPacketSize(min(n, MaxPacketSize))
		}
	case EnvCollation:
		copy(s.Collation[:], e.NewBytes)
	case EnvBeginTran, EnvEnlistDTC, EnvDefectTran:
		s.Transaction = descriptor(e.NewBytes)
	case EnvCommitTran, EnvRollbackTran, EnvTranEnded:
		s.Transaction = 0
	case EnvResetAck:
		s.Resets++
	case EnvMirrorPartner:
		s.MirrorPartner = e.New
	case EnvRouting, EnvEnhancedRouting:
		c.route = e.Routing
	}
}

func descriptor(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// setTransport makes reads and writes go through r and w (TLS).
func (c *Conn) setTransport(r io.Reader, w io.Writer) {
	c.rd.src = r
	c.wr.dst = w
}

// tlsConfig is the configured TLS settings for a host.
func (c *Conn) tlsConfig(host string, alpn bool) *tls.Config {
	var t *tls.Config
	if c.cfg.TLS != nil {
		t = c.cfg.TLS.Clone()
	} else {
		t = &tls.Config{}
	}
	if c.cfg.HostInCertificate != "" {
		t.ServerName = c.cfg.HostInCertificate
	} else if t.ServerName == "" {
		t.ServerName = host
	}
	if alpn {
		t.NextProtos = []string{"tds/8.0"}
	} else {
		t.MaxVersion = tls.VersionTLS12 // TDS 7.x: SQL Server does TLS 1.2 inside PRELOGIN
	}
	return t
}

// setReadDeadline bounds the next reads.
func (c *Conn) setReadDeadline(t time.Time) { _ = c.sock.SetReadDeadline(t) }

// Socket is the TCP connection under any TLS, for liveness checks
// (MSG_PEEK) and deadlines. Do not read or write it.
func (c *Conn) Socket() net.Conn { return c.sock }
