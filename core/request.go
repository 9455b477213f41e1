package core

import (
	"context"
	"errors"
	"sync"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// request is one request on the wire and the walk of its response. The
// response is read on the caller's goroutine, token by token, as the
// statement asks for results and rows: nothing is read ahead and no
// goroutine runs per request.
type request struct {
	sess *Session
	resp *tds.Response
	proc bool // a procedure called by name: its RETURNSTATUS is reported

	mu    sync.Mutex
	cause error // why it was cancelled (errUserCancel, errQueryTimeout, ...)

	errs      []tds.Message    // ERROR tokens of the current statement
	msgs      []rowenc.Message // messages not yet attached to a result
	colsSeen  bool             // the current statement produced a result set
	rowset    *result          // the result set being read
	pending   *result          // a result found while finishing a result set
	retStatus *int32
	returns   []tds.ReturnValue
	ended     bool  // the response was read to its end
	fatal     error // what ended it early, classified
}

// Errors a request ends with when cancelled; cause tells which.
var (
	errUserCancel   = errors.New("operation cancelled")
	errQueryTimeout = errors.New("query timeout expired")
	errDiscarded    = errors.New("results discarded")
)

// cmdSelect is DONE's CurCmd for a SELECT: its count is a row count only
// when it produced a result set (SELECT @v = ... does not).
const cmdSelect = 0xC1

// startRequest makes r the session's running request.
func (s *Session) startRequest(r *request) {
	s.mu.Lock()
	s.owner = r
	s.mu.Unlock()
}

// cancelWith cancels the request if it is still the running one.
func (r *request) cancelWith(cause error) {
	s := r.sess
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owner != r {
		return
	}
	r.mu.Lock()
	if r.cause == nil {
		r.cause = cause
	}
	r.mu.Unlock()
	s.conn.Cancel()
}

func (r *request) causeOf() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cause
}

// watch cancels the request when ctx ends; the returned func stops that.
func (r *request) watch(ctx context.Context) func() bool {
	return context.AfterFunc(ctx, func() { r.cancelWith(context.Cause(ctx)) })
}

// advance reads up to the next result: nil at the end of the response
// (r.fatal says why when it ended early).
func (r *request) advance() *result {
	if res := r.pending; res != nil {
		r.pending = nil
		return res
	}
	if r.rowset != nil {
		r.skipRows(r.rowset)
	}
	if res := r.pending; res != nil { // found while skipping
		r.pending = nil
		return res
	}
	for !r.ended {
		tok, err := r.resp.Next()
		if res := r.token(tok, err); res != nil {
			r.settle()
			return res
		}
	}
	return r.pendingError()
}

// settle reads the end of a response whose final DONE was read, which
// frees the wire for the next request (no I/O).
func (r *request) settle() {
	if !r.ended && r.resp.Finished() {
		_, err := r.resp.Next()
		r.end(err)
	}
}

// token applies one token; it returns a result at a result boundary.
func (r *request) token(tok tds.Token, err error) *result {
	switch tok {
	case tds.TokenEnd:
		r.end(err)
	case tds.TokenMessage:
		r.message(r.resp.Message())
	case tds.TokenColMetadata:
		r.colsSeen = true
		res := newRowsResult(r.resp.Columns())
		res.msgs, r.msgs = r.msgs, nil
		r.rowset = res
		return res
	case tds.TokenDone:
		return r.statementEnd(r.resp.Done())
	case tds.TokenReturnStatus:
		st := r.resp.ReturnStatus()
		r.retStatus = &st
	case tds.TokenReturnValue:
		r.returns = append(r.returns, *r.resp.ReturnValue())
	}
	return nil
}

func (r *request) message(m tds.Message) {
	if m.IsError {
		r.errs = append(r.errs, m)
		return
	}
	r.msgs = append(r.msgs, rowenc.Message{Number: m.Number, State: int32(m.State), Severity: int32(m.Class),
		Line: m.Line, Message: m.Text, Server: m.Server, Procedure: m.Procedure})
}

// statementEnd turns a statement's errors or row count into a result.
func (r *request) statementEnd(d tds.Done) *result {
	cols := r.colsSeen
	r.colsSeen = false
	if len(r.errs) > 0 {
		return r.withMsgs(&result{kind: resultError, err: r.takeErrors()})
	}
	if d.HasCount() && (cols || d.CurCmd != cmdSelect) {
		return r.withMsgs(&result{kind: resultCount, count: int64(d.RowCount)})
	}
	return nil
}

func (r *request) withMsgs(res *result) *result {
	res.msgs, r.msgs = r.msgs, nil
	return res
}

func (r *request) takeErrors() error {
	err := chainOfMessages(r.errs)
	r.errs = nil
	return err
}

// pendingError turns errors received before an early end into a result.
func (r *request) pendingError() *result {
	if len(r.errs) > 0 {
		return r.withMsgs(&result{kind: resultError, err: r.takeErrors()})
	}
	return nil
}

// end records the end of the response.
func (r *request) end(err error) {
	r.ended = true
	if err != nil && r.fatal == nil {
		r.fatal = r.sess.classify(r.causeOf(), err)
	}
	s := r.sess
	s.mu.Lock()
	if s.owner == r {
		s.owner = nil
	}
	s.mu.Unlock()
}

// readRows decodes up to n rows of the current result set into sink; done
// is true when its rows ended (the statement's DONE was read too). With
// buffered, it reads only rows that have begun to arrive (see
// tds.Response.ReadBufferedRows).
func (r *request) readRows(res *result, sink tds.RowSink, n int, buffered bool) (got int, done bool) {
	var err error
	if buffered {
		got, err = r.resp.ReadBufferedRows(sink, n)
	} else {
		got, err = r.resp.ReadRows(sink, n)
	}
	if err != nil {
		r.end(err)
		r.rowsetEnd(res, nil)
		return got, true
	}
	if got < n && (!buffered || r.atRowsEnd()) {
		r.rowsetEnd(res, nil)
		return got, true
	}
	return got, false
}

// atRowsEnd reports, after a buffered read stopped early, whether it
// stopped at the end of the rows rather than at the end of what arrived.
func (r *request) atRowsEnd() bool {
	return r.resp.Buffered()
}

// checkRowsEnd finishes a result set whose rows have ended: at once when
// what follows them has arrived, or, with wait, after waiting for it.
func (r *request) checkRowsEnd(res *result, wait bool) {
	if res.rowsDone || r.rowset != res || (!wait && !r.resp.Buffered()) {
		return
	}
	row, err := r.resp.PeekRow()
	switch {
	case err != nil:
		r.end(err)
		r.rowsetEnd(res, nil)
	case !row:
		r.rowsetEnd(res, nil)
	}
}

// lookAhead reads past a finished result set up to the next result (kept
// for advance) or the end of the response, which frees the wire: at once
// what has arrived, or with wait everything.
func (r *request) lookAhead(wait bool) {
	for r.rowset == nil && r.pending == nil && !r.ended && (wait || r.resp.Buffered()) {
		tok, err := r.resp.Next()
		if res := r.token(tok, err); res != nil {
			r.pending = res
			r.settle()
		}
	}
}

// skipRows drops what is left of a result set.
func (r *request) skipRows(res *result) {
	for !res.rowsDone {
		r.readRows(res, discard{}, 1<<30, false)
	}
}

// rowsetEnd reads on to the end of the statement that produced the rows:
// messages, its row count and any error, which ends the rows.
func (r *request) rowsetEnd(res *result, _ error) {
	r.rowset = nil
	res.rowsDone = true
	for !r.ended {
		tok, err := r.resp.Next()
		switch tok {
		case tds.TokenEnd:
			r.end(err)
		case tds.TokenMessage:
			r.message(r.resp.Message())
			res.trailing, r.msgs = append(res.trailing, r.msgs...), nil
		case tds.TokenColMetadata: // a new result set before this one's DONE
			r.pending = r.token(tok, nil)
			return
		case tds.TokenDone:
			r.rowsetDone(res, r.resp.Done())
			r.settle()
			return
		default:
			r.token(tok, nil)
		}
	}
	r.rowsetFailed(res)
}

func (r *request) rowsetDone(res *result, d tds.Done) {
	r.colsSeen = false
	if d.HasCount() {
		res.count = int64(d.RowCount)
	}
	r.rowsetFailed(res)
}

// rowsetFailed gives the result set the statement's errors, or the
// request's fatal error.
func (r *request) rowsetFailed(res *result) {
	switch {
	case len(r.errs) > 0:
		res.err = r.takeErrors()
	case r.fatal != nil && res.err == nil:
		res.err = r.fatal
	}
}

// finish reads the rest of the response (counts, messages, outputs),
// dropping rows.
func (r *request) finish() {
	for !r.ended {
		r.advance()
	}
}

// discard ends the request early: it is cancelled (the server stops) and
// its response drained; what it still held is dropped.
func (r *request) discard(cause error) {
	if r.ended {
		return
	}
	r.mu.Lock()
	if r.cause == nil {
		r.cause = cause
	}
	r.mu.Unlock()
	err := r.resp.Close()
	if err == nil {
		err = tds.ErrCancelled
	}
	if r.rowset != nil {
		r.rowset.rowsDone = true
		r.rowset = nil
	}
	r.end(err)
}

// discard is a RowSink that drops values.
type discard struct{}

func (discard) Null(int)                    {}
func (discard) Int(int, int64)              {}
func (discard) Bool(int, bool)              {}
func (discard) Float(int, float64)          {}
func (discard) Decimal(int, tds.Decimal)    {}
func (discard) Text(int, []byte)            {}
func (discard) Binary(int, []byte)          {}
func (discard) GUID(int, [16]byte)          {}
func (discard) DateTime(int, tds.DateTime)  {}
func (discard) BeginLarge(int, bool, int64) {}
func (discard) LargeChunk(int, []byte)      {}
func (discard) EndLarge(int)                {}
