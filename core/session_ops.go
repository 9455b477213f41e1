package core

import (
	"context"
	"database/sql/driver"
	"errors"
	"time"

	mssql "github.com/microsoft/go-mssqldb"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// exec runs a batch of the session's own and returns the rows of its first
// result set; the first error of the batch fails it. ctx bounds the wait:
// when it ends, the request is cancelled.
func (s *Session) exec(ctx context.Context, sqlText string) ([][]driver.Value, error) {
	r, err := s.start(nil, sqlText, nil, false)
	if err != nil {
		return nil, err
	}
	var rows [][]driver.Value
	var first error
	for {
		res, err := r.next(ctx)
		if err != nil || res == nil {
			return rows, firstOf(first, err)
		}
		switch res.kind {
		case resultError:
			first = firstOf(first, res.err)
		case resultRows:
			got, err := res.drain(ctx, r)
			if rows == nil {
				rows = got
			}
			first = firstOf(first, err)
		}
	}
}

func firstOf(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// next waits for the request's next result: nil at its end (with the
// error that ended it early, if any). When ctx ends first, the request is
// cancelled with ctx's cause.
func (r *request) next(ctx context.Context) (*result, error) {
	select {
	case res := <-r.results:
		return res, nil
	case <-r.done:
		return nil, r.endErr()
	case <-ctx.Done():
		r.cancel(context.Cause(ctx))
		<-r.done
		return nil, r.endErr()
	}
}

// endErr is the error that ended the request early, classified.
func (r *request) endErr() error {
	if r.fatal == nil {
		return nil
	}
	return r.sess.classify(r.ctx, r.fatal)
}

// drain reads every remaining row of a result set.
func (res *result) drain(ctx context.Context, r *request) ([][]driver.Value, error) {
	var rows [][]driver.Value
	for {
		got, ended, err := res.queue.pop(1<<30, 1<<30, rowSize)
		rows = append(rows, got...)
		if ended || err != nil {
			return rows, err
		}
		if len(got) > 0 {
			continue
		}
		select {
		case <-res.queue.arrived:
		case <-ctx.Done():
			r.cancel(context.Cause(ctx))
			<-r.done
			return rows, r.endErr()
		}
	}
}

// classify turns the error that ended a request into a driver error:
// cancelled, timed out, or a broken connection.
func (s *Session) classify(ctx context.Context, err error) error {
	var ce *Error
	var se *ServerError
	if errors.As(err, &ce) || errors.As(err, &se) {
		return err
	}
	switch context.Cause(ctx) {
	case errQueryTimeout:
		return newError(ClassOperational, FlagTimeout, "Query timeout expired", nil)
	case errUserCancel, context.Canceled:
		return newError(ClassOperational, FlagCancelled, "Operation cancelled", nil)
	case errDiscarded:
		return newError(ClassProgramming, 0, "Invalid cursor state: the statement's remaining results were discarded by a commit, rollback or autocommit change", nil)
	}
	if !s.conn.IsValid() || isTransport(err) {
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
	r, st := s.owner, s.ownerStmt
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	_ = st
	r.cancel(errDiscarded)
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return newError(ClassOperational, FlagCancelled, "Operation cancelled", nil)
	}
}

// InTransaction reports whether a transaction is open, as far as the
// session knows (the server says so with ENVCHANGE tokens).
func (s *Session) InTransaction() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stateOK && s.state.tranID != 0
}

// Commit commits the open transaction; with none open it does nothing.
func (s *Session) Commit(ctx context.Context) error {
	return s.endTransaction(ctx, true)
}

// Rollback rolls the open transaction back; with none open it does
// nothing.
func (s *Session) Rollback(ctx context.Context) error {
	return s.endTransaction(ctx, false)
}

func (s *Session) endTransaction(ctx context.Context, commit bool) error {
	if err := s.ensureIdle(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	known, open := s.stateOK, s.state.tranID != 0
	s.mu.Unlock()
	if known && !open {
		return nil
	}
	if known {
		return s.transactionRequest(ctx, commit)
	}
	sqlText := "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION"
	if commit {
		sqlText = "IF @@TRANCOUNT > 0 COMMIT TRANSACTION"
	}
	_, err := s.exec(ctx, sqlText)
	return err
}

// transactionRequest ends the open transaction with a TDS
// transaction-manager request, as ODBC's SQLEndTran does.
func (s *Session) transactionRequest(ctx context.Context, commit bool) error {
	s.mu.Lock()
	if s.owner != nil {
		s.mu.Unlock()
		return errBusyWire
	}
	s.owner = &request{} // holds the wire; no goroutine
	hold := s.owner
	s.mu.Unlock()
	var err error
	if commit {
		err = s.conn.Commit()
	} else {
		err = s.conn.Rollback()
	}
	s.requestEnded(hold)
	if err == nil {
		return nil
	}
	var me mssql.Error
	if errors.As(err, &me) {
		return chainOf(me)
	}
	return s.classify(ctx, err)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owner == nil {
		s.refreshState()
	}
	st := s.state
	db := st.database
	if db == "" {
		db = s.cfg.DSN.Database
	}
	return []rowenc.Field{
		{Key: "autocommit", Value: s.autocommit},
		{Key: "database", Value: db},
		{Key: "server_version", Value: versionString(st.progVersion)},
		{Key: "server_name", Value: s.serverName},
		{Key: "spid", Value: s.spid},
		{Key: "in_transaction", Value: st.tranID != 0},
		{Key: "packet_size", Value: int64(st.packetSize)},
		{Key: "tds_version", Value: int64(st.tdsVersion)},
	}
}

// closeTimeout bounds how long Close waits for a running request.
const closeTimeout = 3 * time.Second

// Close ends the session: a running request is cancelled (or, if the
// server does not answer, its socket is closed), then the connection is
// closed; the server rolls back an open transaction. Close is idempotent.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	r := s.owner
	s.mu.Unlock()
	if r != nil {
		r.cancel(errUserCancel)
		select {
		case <-r.done:
		case <-time.After(closeTimeout):
			_ = s.socket.Conn.Close() // the reader fails, and the request ends
			<-r.done
		}
	}
	return s.conn.Close()
}
