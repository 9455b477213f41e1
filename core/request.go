package core

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/golang-sql/sqlexp"
	mssql "github.com/microsoft/go-mssqldb"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// request is one batch or RPC on the wire and the goroutine that reads
// it. The goroutine owns go-mssqldb's Rowsq: it walks the message queue in
// the server's order, hands each result to the statement through results
// (unbuffered, so it reads ahead no further than the next result) and
// decodes the rows of a result set into that result's queue.
type request struct {
	sess      *Session
	rows      *mssql.Rowsq
	pump      *msgPump
	ctx       context.Context
	cancel    context.CancelCauseFunc
	broken    <-chan struct{}
	results   chan *result
	done      chan struct{} // closed when the request has ended
	retStatus mssql.ReturnStatus

	// owned by the goroutine
	aheadDone bool
	errs      []ServerError
	count     *int64
	msgs      []rowenc.Message // received, not yet attached to a result
	complete  bool             // the whole response was read
	fatal     error            // the request ended early: cancelled, broken or a fatal server error
	tail      []rowenc.Message // messages after the last result; read after done
}

// Errors a request ends with when cancelled; context.Cause tells which.
var (
	errUserCancel   = errors.New("operation cancelled")
	errQueryTimeout = errors.New("query timeout expired")
	errDiscarded    = errors.New("results discarded")
)

// run is the request's goroutine.
func (r *request) run() {
	defer r.finish()
	for {
		res := r.advance()
		if res == nil {
			return
		}
		res.msgs = r.takeMsgs()
		select {
		case r.results <- res:
		case <-r.ctx.Done():
			r.fatal = r.ctx.Err()
			return
		}
		if res.kind == resultRows {
			r.stream(res)
		}
		if r.fatal != nil {
			return
		}
	}
}

// nextMessage waits for the next message, for cancellation, or for the
// socket to break (go-mssqldb queues no message for a failure at the start
// of a response).
func (r *request) nextMessage() (sqlexp.RawMessage, error) {
	for {
		if m, ok := r.pump.take(); ok {
			return m, nil
		}
		select {
		case <-r.pump.signal:
		case <-r.ctx.Done():
			return nil, r.ctx.Err()
		case <-r.broken:
			return nil, r.brokenError()
		}
	}
}

func (r *request) brokenError() error {
	if err := r.rows.NextResultSet(); err != nil && err != io.EOF {
		return err
	}
	return io.ErrUnexpectedEOF
}

// advance processes messages up to the next result and returns it, or nil
// at the end of the request (r.fatal set when it ended early).
func (r *request) advance() *result {
	for {
		m, err := r.nextMessage()
		if err != nil {
			r.fatal = err
			return r.pendingError()
		}
		res, end := r.handle(m)
		if res != nil || end {
			return res
		}
	}
}

// pendingError turns errors received before an early end into a result.
func (r *request) pendingError() *result {
	if len(r.errs) > 0 {
		return &result{kind: resultError, err: r.takeErrors()}
	}
	return nil
}

func (r *request) takeErrors() error {
	err := chainError(r.errs)
	r.errs = nil
	return err
}

// handle applies one message; it returns a result at a result boundary and
// end at the end of the request.
func (r *request) handle(m sqlexp.RawMessage) (res *result, end bool) {
	switch m := m.(type) {
	case sqlexp.MsgNotice:
		r.notice(m.Message)
	case sqlexp.MsgError:
		r.serverError(m.Error)
	case sqlexp.MsgRowsAffected:
		n := m.Count
		r.count = &n
	case sqlexp.MsgNext:
		return r.resultSet()
	case sqlexp.MsgNextResultSet:
		return r.statementEnd()
	}
	return nil, false
}

func (r *request) takeMsgs() []rowenc.Message {
	m := r.msgs
	r.msgs = nil
	return m
}

func (r *request) notice(s fmt.Stringer) {
	if e, ok := s.(mssql.Error); ok {
		r.msgs = append(r.msgs, rowenc.Message{Number: e.Number, State: int32(e.State), Severity: int32(e.Class), Line: e.LineNo,
			Message: e.Message, Server: e.ServerName, Procedure: e.ProcName})
	}
}

func (r *request) serverError(err error) {
	var e mssql.Error
	if errors.As(err, &e) {
		r.errs = append(r.errs, serverErrorFrom(e))
		return
	}
	r.fatal = err // go-mssqldb's reader failed; the channel carries it too
}

// resultSet starts a result set: go-mssqldb's NextResultSet consumes the
// column metadata (already queued before this message).
func (r *request) resultSet() (*result, bool) {
	if err := r.rows.NextResultSet(); err != nil {
		r.fatal = err
		return r.pendingError(), true
	}
	cols, err := r.columns()
	if err != nil {
		r.fatal = err
		return nil, true
	}
	r.count = nil
	return newRowsResult(cols), false
}

// statementEnd handles the end of a statement: the DONE token that
// matches it is consumed (unless reading the rows already did), and the
// statement's errors or row count become a result.
func (r *request) statementEnd() (*result, bool) {
	if r.aheadDone {
		r.aheadDone = false
	} else if err := r.rows.NextResultSet(); err != nil {
		if err == io.EOF {
			r.complete = true
		} else {
			r.fatal = err
		}
		return r.pendingError(), true
	}
	if len(r.errs) > 0 {
		r.count = nil
		return &result{kind: resultError, err: r.takeErrors()}, false
	}
	if r.count != nil {
		n := *r.count
		r.count = nil
		return &result{kind: resultCount, count: n}, false
	}
	return nil, false
}

// columns describes the current result set. go-mssqldb's metadata calls
// panic on types they do not know, so each is guarded.
func (r *request) columns() (cols []rowenc.Column, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = newError(ClassInternal, 0, "cannot describe a result column", fmt.Errorf("%v", p))
		}
	}()
	names := r.rows.Columns()
	cols = make([]rowenc.Column, len(names))
	for i, name := range names {
		m := rowenc.Meta{Name: name, DatabaseType: r.rows.ColumnTypeDatabaseTypeName(i)}
		m.Length, m.HasLength = r.rows.ColumnTypeLength(i)
		m.Precision, m.Scale, m.HasPrecision = r.rows.ColumnTypePrecisionScale(i)
		m.Nullable, _ = r.rows.ColumnTypeNullable(i)
		cols[i] = rowenc.NewColumn(m)
	}
	return cols, nil
}

// stream decodes the rows of a result set into its queue in chunks, until
// the rows end, the caller skips the rest, or the request is cancelled.
// Then it reads the messages up to the end of that statement, so that an
// error after the rows is reported with them.
func (r *request) stream(res *result) {
	ncols := len(res.cols)
	var err error
	skipping := false
	for err == nil {
		if !skipping {
			skipping = r.waitSpace(res)
		}
		var chunk [][]driver.Value
		var size int
		chunk, size, err = r.readChunk(ncols, skipping)
		if !skipping && len(chunk) > 0 {
			res.queue.push(chunk, size)
		}
	}
	if err != io.EOF {
		r.fatal = err
		err = r.endError(err)
	} else {
		r.aheadDone = true
		err = r.rowsetEnd(res)
	}
	res.queue.end(err, r.takeMsgs())
}

// waitSpace blocks while the queue is full; it reports whether the caller
// chose to skip the rest of the rows meanwhile.
func (r *request) waitSpace(res *result) bool {
	for res.queue.full() {
		select {
		case <-res.queue.space:
		case <-res.skip:
			return true
		case <-r.ctx.Done():
			return false // the next read sees the cancellation
		}
	}
	select {
	case <-res.skip:
		return true
	default:
		return false
	}
}

// readChunk reads up to a chunk of rows; err is io.EOF at the end of the
// result set.
func (r *request) readChunk(ncols int, discard bool) ([][]driver.Value, int, error) {
	var chunk [][]driver.Value
	size := 0
	flat := make([]driver.Value, ncols*chunkRows)
	for len(chunk) < chunkRows && size < chunkBytes {
		row := flat[len(chunk)*ncols : (len(chunk)+1)*ncols : (len(chunk)+1)*ncols]
		if err := r.rows.Next(row); err != nil {
			return chunk, size, err
		}
		if discard {
			clear(row)
			continue
		}
		chunk = append(chunk, row)
		size += rowSize(row)
	}
	return chunk, size, nil
}

// rowsetEnd reads on to the end of the statement that produced the rows:
// notices, its row count, and any error, which ends the rows.
func (r *request) rowsetEnd(res *result) error {
	for {
		m, err := r.nextMessage()
		if err != nil {
			r.fatal = err
			return r.endError(err)
		}
		if _, ok := m.(sqlexp.MsgNextResultSet); ok {
			r.aheadDone = false
			if r.count != nil {
				res.count = *r.count
				r.count = nil
			}
			if len(r.errs) > 0 {
				return r.takeErrors()
			}
			return nil
		}
		if res2, end := r.handle(m); res2 != nil || end {
			return r.endError(errors.New("unexpected result order")) // cannot happen: a result set ends with a DONE
		}
	}
}

// endError is the error that ends a result set early.
func (r *request) endError(err error) error {
	if len(r.errs) > 0 {
		return r.takeErrors()
	}
	return err
}

// finish ends the request: it makes sure go-mssqldb's reader goroutine is
// done (draining, or cancelling with an ATTENTION if the request did not
// complete), then frees the wire for the session's next request.
func (r *request) finish() {
	if r.complete && r.fatal == nil {
		// Wait for go-mssqldb's reader to close its channel.
		_ = r.rows.Next([]driver.Value{})
	} else if err := r.rows.Close(); err != nil && !isCancel(err) && r.fatal == nil {
		r.fatal = err
	}
	if !r.complete && r.fatal == nil {
		r.fatal = errors.New("the request ended early")
	}
	r.pump.close()
	r.tail = r.takeMsgs()
	r.sess.requestEnded(r)
	close(r.done)
}
