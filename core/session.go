package core

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// DefaultLoginTimeout bounds a login when the caller gives none.
const DefaultLoginTimeout = 15 * time.Second

// Session is one connection to SQL Server. Its statements share the wire:
// one request runs at a time (no MARS).
type Session struct {
	cfg  *connstr.Config
	conn *tds.Conn

	mu           sync.Mutex
	owner        *request // the request whose response is not read to its end
	autocommit   bool
	applied      bool // the session options are applied on the server
	closed       bool
	bad          bool // a request found the connection broken
	spid         int64
	serverName   string
	queryTimeout time.Duration
	nullTypes    nullTypeCache // types the server suggested for untyped NULLs
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
	conn, err := tds.Connect(ctx, tdsConfig(cfg, opts))
	if err != nil {
		return nil, loginError(ctx, deadline, err)
	}
	s := &Session{cfg: cfg, conn: conn, autocommit: true, stmts: map[*Statement]struct{}{}}
	if err := s.initialize(ctx, opts.Autocommit); err != nil {
		s.Close()
		return nil, loginError(ctx, deadline, err)
	}
	return s, nil
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
	s.spid = int64(s.conn.Session().SPID)
	if len(rows) == 1 && len(rows[0]) == 2 {
		if id, ok := rows[0][0].(int64); ok {
			s.spid = id
		}
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

// Reset prepares the session for its next user, as a pool does before
// reuse: pending results are discarded, and the next request carries the
// RESETCONNECTION bit (no round trip now). The reset turns implicit
// transactions off; they are set again before the next request when
// autocommit is off.
func (s *Session) Reset(ctx context.Context) error {
	if err := s.ensureIdle(ctx); err != nil {
		return err
	}
	if err := s.conn.Err(); err != nil {
		s.markBad()
		return newError(ClassOperational, FlagBadConn, "cannot reset the session", err)
	}
	s.conn.ResetNext(false)
	s.mu.Lock()
	s.applied = false
	s.mu.Unlock()
	return nil
}

// pendingOptions re-applies the session options after a reset. The reset
// restores the login's options (implicit transactions off): in autocommit
// mode there is nothing to send, and the reset rides on the statement's own
// request. Otherwise, with fold, the options are returned to be sent as the
// start of the statement's SQL batch (no round trip of their own; the
// caller reports with optionsApplied once the batch has run); without,
// they are sent now.
func (s *Session) pendingOptions(ctx context.Context, fold bool) (string, error) {
	s.mu.Lock()
	applied, sqlText := s.applied, s.optionsSQL()
	s.mu.Unlock()
	switch {
	case applied:
		return "", nil
	case sqlText != "" && fold:
		return sqlText, nil
	case sqlText != "":
		if _, err := s.exec(ctx, sqlText); err != nil {
			return "", err
		}
	}
	s.optionsApplied()
	return "", nil
}

// optionsApplied records that the session options are in effect.
func (s *Session) optionsApplied() {
	s.mu.Lock()
	s.applied = true
	s.mu.Unlock()
}

// foldStarts are the first words of the batches that may start with the
// session options. Not CREATE or ALTER (a procedure, view, function or
// trigger must stand first in its batch), nor a bare name (a procedure
// name alone at the start of a batch runs it; after a statement it is a
// syntax error), nor a comment (the first word is not looked for there).
var foldStarts = map[string]bool{
	"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true,
	"WITH": true, "DECLARE": true, "SET": true, "IF": true, "BEGIN": true, "EXEC": true,
	"EXECUTE": true, "DROP": true, "TRUNCATE": true, "USE": true, "PRINT": true,
	"RAISERROR": true, "THROW": true, "WAITFOR": true, "WHILE": true, "COMMIT": true,
	"ROLLBACK": true, "SAVE": true,
}

// foldableBatch reports whether a SQL batch may start with the session
// options (see foldStarts).
func foldableBatch(sql string) bool {
	text := strings.TrimLeft(sql, " \t\r\n")
	end := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(text)
	}
	return foldStarts[strings.ToUpper(text[:end])]
}

// errBusyWire is what a statement gets while another holds the wire.
var errBusyWire = Errorf(ClassOperational, "Connection is busy with results for another statement (MARS is not supported): fetch them or close that statement first")

// claimLocked checks, s.mu held, that the session can run a request now.
func (s *Session) claimLocked() error {
	switch {
	case s.closed:
		return Errorf(ClassInterface, "the connection is closed")
	case s.bad:
		return newError(ClassOperational, FlagBadConn|FlagSafeToRetry, "the connection is broken", nil)
	case s.owner != nil:
		return errBusyWire
	}
	return nil
}

// sendError classifies a failure to send a request.
func (s *Session) sendError(err error) error {
	var ce *Error
	var ve *tds.ValueError
	var ns *tds.NotSupportedError
	switch {
	case errors.As(err, &ce):
		return err
	case errors.As(err, &ve):
		return newError(ClassData, 0, "", err)
	case errors.As(err, &ns):
		return newError(ClassNotSupported, 0, "", err)
	case tds.IsBadConn(err):
		s.markBad()
		return newError(ClassOperational, FlagBadConn|FlagSafeToRetry, "the connection is broken", err)
	}
	return newError(ClassOperational, 0, "cannot send the request", err)
}

// Valid reports whether the connection is usable.
func (s *Session) Valid() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.closed && !s.bad && s.conn.Err() == nil
}

// markBad records that the connection is unusable.
func (s *Session) markBad() {
	s.mu.Lock()
	s.bad = true
	s.mu.Unlock()
}
