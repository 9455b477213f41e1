package core

import (
	"context"
	"crypto/rand"
	"database/sql/driver"
	"errors"
	"sync"
	"time"

	"github.com/golang-sql/sqlexp"
	mssql "github.com/microsoft/go-mssqldb"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

// DefaultLoginTimeout bounds a login when the caller gives none.
const DefaultLoginTimeout = 15 * time.Second

// Session is one connection to SQL Server. Its statements share the wire:
// one request runs at a time (no MARS).
type Session struct {
	cfg    *connstr.Config
	conn   *mssql.Conn
	socket *trackedConn

	mu           sync.Mutex
	owner        *request // the request holding the wire
	ownerStmt    *Statement
	autocommit   bool
	applied      bool // the session options are applied on the server
	closed       bool
	bad          bool // a request found the connection broken
	state        sessionState
	stateOK      bool
	spid         int64
	serverName   string
	queryTimeout time.Duration
	stmts        map[*Statement]struct{}
}

// OpenOptions are the settings of a new session beyond its Config.
type OpenOptions struct {
	AccessToken  string        // an Entra ID access token instead of a password
	Autocommit   bool          // start in autocommit mode (default: implicit transactions)
	LoginTimeout time.Duration // bounds DNS, TCP, PRELOGIN, TLS and LOGIN7; 0: 15 s
}

// Open connects and logs in. The context cancels the login at any stage.
func Open(ctx context.Context, cfg *connstr.Config, opts OpenOptions) (*Session, error) {
	timeout := opts.LoginTimeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	d := &dialer{cfg: cfg, deadline: deadline}
	stop := context.AfterFunc(ctx, func() { d.interrupt() })
	defer stop()
	conn, err := connector(cfg, d, opts.AccessToken).Connect(ctx)
	if err != nil {
		return nil, loginError(ctx, deadline, err)
	}
	s := &Session{cfg: cfg, conn: conn.(*mssql.Conn), socket: d.last(), autocommit: true, stmts: map[*Statement]struct{}{}}
	_ = s.socket.SetDeadline(time.Time{})
	if err := s.initialize(ctx, opts.Autocommit); err != nil {
		s.Close()
		return nil, loginError(ctx, deadline, err)
	}
	return s, nil
}

// connector builds go-mssqldb's connector for one login, with this
// driver's dialer.
func connector(cfg *connstr.Config, d *dialer, token string) *mssql.Connector {
	dsn := cfg.DSN
	if dsn.TLSConfig != nil {
		// go-mssqldb writes to it (NextProtos) in strict mode; a Config may
		// serve concurrent logins (a pool's do).
		dsn.TLSConfig = dsn.TLSConfig.Clone()
	}
	dsn.ActivityID = make([]byte, 16)
	_, _ = rand.Read(dsn.ActivityID)
	var c *mssql.Connector
	if token != "" {
		dsn.User, dsn.Password = "", ""
		c, _ = mssql.NewSecurityTokenConnector(dsn, func(context.Context) (string, error) { return token, nil })
	}
	if c == nil {
		c = mssql.NewConnectorConfig(dsn)
	}
	c.Dialer = d
	return c
}

// interrupt fails the reads and writes of a login in progress.
func (d *dialer) interrupt() {
	if c := d.last(); c != nil {
		_ = c.SetDeadline(time.Unix(1, 0))
	}
}

// loginError classifies a failed login. Nothing was executed, so every
// login failure is safe to retry.
func loginError(ctx context.Context, deadline time.Time, err error) error {
	var se mssql.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return newError(ClassOperational, FlagCancelled|FlagSafeToRetry, "Login cancelled", err)
	case ctx.Err() != nil || !time.Now().Before(deadline):
		// the socket deadline may fire a moment before the context's
		return newError(ClassOperational, FlagTimeout|FlagSafeToRetry, "Login timeout expired", err)
	case errors.As(err, &se):
		return newError(ClassNone, FlagSafeToRetry, "", chainOf(se))
	}
	var ce *Error
	if errors.As(err, &ce) {
		return err
	}
	return newError(ClassOperational, FlagSafeToRetry, "cannot connect to the server", err)
}

// initialize applies the session options (implicit transactions unless
// autocommit) and learns the session id and server name.
func (s *Session) initialize(ctx context.Context, autocommit bool) error {
	s.autocommit = autocommit
	prefix := s.optionsSQL()
	rows, err := s.exec(ctx, prefix+"SELECT @@SPID, CONVERT(nvarchar(128), @@SERVERNAME)")
	if err != nil {
		if IsBadConn(err) || prefix == "" {
			return err
		}
		if _, err = s.exec(ctx, prefix); err != nil {
			return err
		}
	}
	s.applied = true
	if len(rows) == 1 && len(rows[0]) == 2 {
		s.spid, _ = rows[0][0].(int64)
		s.serverName, _ = rows[0][1].(string)
	}
	return nil
}

func (s *Session) optionsSQL() string {
	if s.autocommit {
		return ""
	}
	return "SET IMPLICIT_TRANSACTIONS ON;"
}

// Reset marks the session to be reset (sp_reset_connection, sent with the
// next request) for its next user, as a pool does before reuse. The reset
// turns implicit transactions off; they are set again before the next
// request when autocommit is off.
func (s *Session) Reset(ctx context.Context) error {
	if err := s.ensureIdle(ctx); err != nil {
		return err
	}
	if err := s.conn.ResetSession(ctx); err != nil {
		return newError(ClassOperational, FlagBadConn, "cannot reset the session", err)
	}
	s.mu.Lock()
	s.applied = false
	s.mu.Unlock()
	return nil
}

// ensureOptions re-applies the session options after a reset.
func (s *Session) ensureOptions(ctx context.Context) error {
	s.mu.Lock()
	applied, sqlText := s.applied, s.optionsSQL()
	s.mu.Unlock()
	if applied {
		return nil
	}
	// The reset restores the login's options (implicit transactions off):
	// in autocommit mode there is nothing to send, and the reset rides on
	// the statement's own request.
	if sqlText != "" {
		if _, err := s.exec(ctx, sqlText); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.applied = true
	s.mu.Unlock()
	return nil
}

// start sends a request and starts its goroutine. owner is the statement
// the request belongs to (nil for the session's own requests).
func (s *Session) start(owner *Statement, query string, args []driver.NamedValue, proc bool) (*request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, Errorf(ClassInterface, "the connection is closed")
	}
	if s.bad {
		return nil, newError(ClassOperational, FlagBadConn|FlagSafeToRetry, "the connection is broken", nil)
	}
	if s.owner != nil {
		return nil, errBusyWire
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	r := &request{sess: s, ctx: ctx, cancel: cancel, results: make(chan *result), done: make(chan struct{})}
	rows, msgq, err := s.query(ctx, query, args, proc, &r.retStatus)
	if err != nil {
		cancel(nil)
		return nil, s.sendError(err)
	}
	r.rows, r.pump, r.broken = rows, startPump(msgq), s.socket.Broken()
	s.owner, s.ownerStmt = r, owner
	go r.run()
	return r, nil
}

// errBusyWire is what a statement gets while another holds the wire.
var errBusyWire = Errorf(ClassOperational, "Connection is busy with results for another statement (MARS is not supported): fetch them or close that statement first")

// query calls go-mssqldb in message-queue mode.
func (s *Session) query(ctx context.Context, query string, args []driver.NamedValue, proc bool, status *mssql.ReturnStatus) (*mssql.Rowsq, *sqlexp.ReturnMessage, error) {
	msgq := &sqlexp.ReturnMessage{}
	extra := []driver.NamedValue{{Value: msgq}}
	if proc {
		extra = append(extra, driver.NamedValue{Value: status})
	}
	var checked []driver.NamedValue
	for _, nv := range append(args, extra...) {
		switch err := s.conn.CheckNamedValue(&nv); {
		case errors.Is(err, driver.ErrRemoveArgument):
		case err != nil:
			return nil, nil, newError(ClassInterface, 0, "cannot bind a parameter", err)
		default:
			checked = append(checked, nv)
		}
	}
	st, err := s.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	rows, err := st.(*mssql.Stmt).QueryContext(ctx, checked)
	if err != nil {
		return nil, nil, err
	}
	return rows.(*mssql.Rowsq), msgq, nil
}

// sendError classifies a failure to send a request.
func (s *Session) sendError(err error) error {
	var ce *Error
	if errors.As(err, &ce) {
		return err
	}
	if !s.conn.IsValid() || errors.Is(err, driver.ErrBadConn) {
		return newError(ClassOperational, FlagBadConn|FlagSafeToRetry, "the connection is broken", err)
	}
	return newError(ClassOperational, 0, "cannot send the request", err)
}

// requestEnded frees the wire and refreshes what go-mssqldb learned.
func (s *Session) requestEnded(r *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owner == r {
		s.owner, s.ownerStmt = nil, nil
	}
	s.refreshState()
}

// refreshState reads go-mssqldb's session fields; s.mu held, wire idle.
func (s *Session) refreshState() {
	if st, ok := readSessionState(s.conn); ok {
		s.state, s.stateOK = st, true
	}
}

// Valid reports whether the connection is usable.
func (s *Session) Valid() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.closed && !s.bad && s.conn.IsValid()
}

// markBad records that the connection is unusable.
func (s *Session) markBad() {
	s.mu.Lock()
	s.bad = true
	s.mu.Unlock()
}
