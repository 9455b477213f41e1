package core

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// exec runs a batch of the session's own and returns the rows of its first
// result set; the first error of the batch fails it. ctx bounds the wait:
// when it ends, the request is cancelled.
func (s *Session) exec(ctx context.Context, sqlText string) ([][]any, error) {
	r, err := s.send(ctx, []*rpcCall{{batch: sqlText}})
	if err != nil {
		return nil, err
	}
	defer r.watch(ctx)()
	var rows [][]any
	var first error
	for {
		res := r.advance()
		if res == nil {
			return rows, firstOf(first, r.fatal)
		}
		switch res.kind {
		case resultError:
			first = firstOf(first, res.err)
		case resultRows:
			got := r.collectRows(res)
			if rows == nil {
				rows = got
			}
			first = firstOf(first, res.err)
		}
	}
}

// collectRows reads every remaining row of a result set as Go values.
func (r *request) collectRows(res *result) [][]any {
	var rows [][]any
	for !res.rowsDone {
		v := make(tds.Values, len(res.tcols))
		if n, _ := r.readRows(res, v, 1, false); n == 1 {
			rows = append(rows, goValues(v))
		}
	}
	return rows
}

// goValues converts decoded values to the Go types the session uses.
func goValues(v tds.Values) []any {
	out := make([]any, len(v))
	for i, x := range v {
		switch x := x.(type) {
		case tds.Decimal:
			out[i] = x.AppendText(nil)
		case tds.DateTime:
			out[i] = x.Time()
		case [16]byte:
			out[i] = x[:]
		default:
			out[i] = x
		}
	}
	return out
}

func firstOf(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// classify turns the error that ended a request into a driver error:
// cancelled, timed out, or a broken connection.
func (s *Session) classify(cause, err error) error {
	var ce *Error
	var se *ServerError
	if errors.As(err, &ce) || errors.As(err, &se) {
		return err
	}
	if errors.Is(err, tds.ErrCancelled) {
		switch cause {
		case errQueryTimeout, context.DeadlineExceeded:
			return newError(ClassOperational, FlagTimeout, "Query timeout expired", nil)
		case errDiscarded:
			return newError(ClassProgramming, 0, "Invalid cursor state: the statement's remaining results were discarded by a commit, rollback or autocommit change", nil)
		}
		return newError(ClassOperational, FlagCancelled, "Operation cancelled", nil)
	}
	if isTransport(err) {
		s.markBad()
		return newError(ClassOperational, FlagBadConn, "the connection is broken", err)
	}
	return newError(ClassOperational, 0, "", err)
}

// ensureIdle makes the wire free: the results still pending on another
// statement are discarded (its request is cancelled), as ODBC discards
// open cursors when a transaction ends.
func (s *Session) ensureIdle(ctx context.Context) error {
	s.mu.Lock()
	r := s.owner
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	defer r.watch(ctx)()
	r.discard(errDiscarded)
	if ctx.Err() != nil {
		return newError(ClassOperational, FlagCancelled, "Operation cancelled", nil)
	}
	return nil
}

// InTransaction reports whether a transaction is open, as the server said
// with ENVCHANGE tokens.
func (s *Session) InTransaction() bool { return s.conn.InTransaction() }

// Commit commits the open transaction; with none open it does nothing.
func (s *Session) Commit(ctx context.Context) error {
	return s.endTransaction(ctx, true)
}

// Rollback rolls the open transaction back; with none open it does
// nothing.
func (s *Session) Rollback(ctx context.Context) error {
	return s.endTransaction(ctx, false)
}

// endTransaction ends the open transaction with a TDS transaction-manager
// request, as ODBC's SQLEndTran does.
func (s *Session) endTransaction(ctx context.Context, commit bool) error {
	if err := s.ensureIdle(ctx); err != nil {
		return err
	}
	if !s.conn.InTransaction() {
		return nil
	}
	r := &request{sess: s}
	s.mu.Lock()
	err := s.claimLocked()
	if err == nil {
		s.owner = r
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	var resp *tds.Response
	if commit {
		resp, err = s.conn.CommitTransaction("", nil)
	} else {
		resp, err = s.conn.RollbackTransaction("", nil)
	}
	if err != nil {
		r.end(nil)
		return s.sendError(err)
	}
	r.resp = resp
	defer r.watch(ctx)()
	return r.firstError()
}

// firstError reads the whole response and returns its first error.
func (r *request) firstError() error {
	var first error
	for {
		res := r.advance()
		if res == nil {
			return firstOf(first, r.fatal)
		}
		if res.kind == resultError {
			first = firstOf(first, res.err)
		}
	}
}

// Autocommit reports whether the session is in autocommit mode.
func (s *Session) Autocommit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.autocommit
}

// SetAutocommit switches autocommit on or off. Turning it on commits the
// open transaction, as ODBC does.
func (s *Session) SetAutocommit(ctx context.Context, on bool) error {
	if s.Autocommit() == on {
		return nil
	}
	if on {
		if err := s.Commit(ctx); err != nil {
			return err
		}
	} else if err := s.ensureIdle(ctx); err != nil {
		return err
	}
	sqlText := "SET IMPLICIT_TRANSACTIONS OFF"
	if !on {
		sqlText = "SET IMPLICIT_TRANSACTIONS ON"
	}
	if _, err := s.exec(ctx, sqlText); err != nil {
		return err
	}
	s.mu.Lock()
	s.autocommit = on
	s.applied = true // the SET above carried a pending reset, if any
	s.mu.Unlock()
	return nil
}

// SetQueryTimeout sets the query timeout of statements created afterwards
// (0: none).
func (s *Session) SetQueryTimeout(d time.Duration) {
	s.mu.Lock()
	s.queryTimeout = d
	s.mu.Unlock()
}

// Info describes the connection without I/O (conn_info).
func (s *Session) Info() []rowenc.Field {
	st := s.conn.Session()
	s.mu.Lock()
	defer s.mu.Unlock()
	db := st.Database
	if db == "" {
		db = s.cfg.Login.Database
	}
	return []rowenc.Field{
		{Key: "autocommit", Value: s.autocommit},
		{Key: "database", Value: db},
		{Key: "server_version", Value: versionString(st.ServerVersion)},
		{Key: "server_name", Value: s.serverName},
		{Key: "spid", Value: s.spid},
		{Key: "in_transaction", Value: st.Transaction != 0},
		{Key: "packet_size", Value: int64(st.PacketSize)},
		{Key: "tds_version", Value: int64(st.TDSVersion)},
	}
}

// versionString formats LOGINACK's ProgVersion (major.minor.build) as
// SQL Server's SERVERPROPERTY('ProductVersion') does.
func versionString(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." + strconv.Itoa(int(v&0xffff))
}

// Close ends the session: the connection is closed (a running request
// ends with it) and the server rolls back an open transaction. Close is
// idempotent.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	return s.conn.Close()
}
