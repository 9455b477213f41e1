package core

import (
	"context"
	"errors"
	"strings"
	"unicode"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// Executemany sends the rows of a parameter set as several RPC calls in
// one message (what ODBC does for parameter arrays), up to a budget of
// rows and bytes per message, so that a whole message is one round trip.
const (
	manyRowsPerMessage  = 1000
	manyBytesPerMessage = 1 << 20
)

// executeMany runs a statement once per parameter row. The statement is
// positioned on one row count, the sum of every row's count. A row that
// fails does not stop the other rows of its message (each is its own
// call, as with ODBC's parameter arrays); the messages that follow are
// not sent, and the error returned carries every failed row's errors.
func (st *Statement) executeMany(ctx context.Context, sql string, set *params.Set, flags ExecFlags) (bool, error) {
	bd := newBinder(set)
	if mayReturnRows(sql, set, flags) {
		return st.executeManyRows(ctx, bd, sql, set, flags)
	}
	if prep, ok, err := st.prepareMany(ctx, bd, sql, set, flags); ok || err != nil {
		return st.executePrepared(ctx, bd, set, prep, err)
	}
	var total int64
	for first := 0; first < set.Rows; {
		calls, next, err := st.manyCalls(bd, sql, set, first, flags)
		if err != nil {
			return false, err
		}
		count, _, err := st.runToEnd(ctx, calls)
		total += count
		if err != nil {
			return false, err
		}
		first = next
	}
	st.mu.Lock()
	st.cur = &result{kind: resultCount, count: total}
	st.mu.Unlock()
	return true, nil
}

// mayReturnRows reports whether each row's run of a statement may return
// rows (an OUTPUT clause, a SELECT): its results are then kept, as with
// ODBC's parameter arrays. Procedure calls and OUTPUT parameters keep the
// row-count path.
func mayReturnRows(sql string, set *params.Set, flags ExecFlags) bool {
	return flags&ExecProc == 0 && !hasOutput(set) && sqltext.HasKeyword(sql, "OUTPUT", "SELECT")
}

// executeManyRows sends every row's call in one request and positions the
// statement on the first result, when that is a result set: the rows of
// each parameter row's run are then read in turn (NextResult moves to the
// next run's). When the first result is not a result set (INSERT ...
// SELECT, or the first row failed), the request is read to its end as
// executemany does, its row counts summed.
func (st *Statement) executeManyRows(ctx context.Context, bd *binder, sql string, set *params.Set, flags ExecFlags) (bool, error) {
	calls := make([]*rpcCall, 0, set.Rows)
	for row := 0; row < set.Rows; row++ {
		call, err := st.bind(bd, sql, set, row, flags)
		if err != nil {
			return false, err
		}
		calls = append(calls, call)
	}
	r, err := st.sess.send(ctx, calls)
	if err != nil {
		return false, err
	}
	st.mu.Lock()
	st.req = r
	st.mu.Unlock()
	stop, unwatch := st.arm(r), r.watch(ctx)
	first := r.advance()
	if first != nil && first.kind == resultRows {
		unwatch()
		stop()
		return st.positionOn(r, first)
	}
	total, err := st.readCounts(r, first)
	unwatch()
	stop()
	if err != nil {
		return false, err
	}
	st.mu.Lock()
	st.cur = &result{kind: resultCount, count: total}
	st.mu.Unlock()
	return true, nil
}

// manyCalls binds rows from first on, up to the message budget, and
// returns the calls and the first row left for the next message.
func (st *Statement) manyCalls(bd *binder, sql string, set *params.Set, first int, flags ExecFlags) ([]*rpcCall, int, error) {
	var calls []*rpcCall
	size := 0
	row := first
	for ; row < set.Rows && len(calls) < manyRowsPerMessage && size < manyBytesPerMessage; row++ {
		call, err := st.bind(bd, sql, set, row, flags)
		if err != nil {
			return nil, 0, err
		}
		if call.stmt == "" && !call.proc { // no parameters: a batch per row
			call = executeSQLCall(call.batch, nil)
		}
		calls = append(calls, call)
		size += call.size()
		if len(st.outs) > 0 || st.status != nil {
			row++
			break // outputs are read per request: one row at a time
		}
	}
	return calls, row, nil
}

// prepared is a statement prepared for executemany's rows.
type prepared struct {
	handle int64
	count  int64 // the first row's count
}

// prepareMany prepares the statement and runs the first row with it
// (sp_prepexec), as ODBC does for parameter arrays: the other rows then
// run by handle (sp_execute), which spares the server parsing the text
// each time. It applies to parameterized statements of three rows or
// more, without OUTPUT parameters; ok is false otherwise.
func (st *Statement) prepareMany(ctx context.Context, bd *binder, sql string, set *params.Set, flags ExecFlags) (prepared, bool, error) {
	if set.Rows < 3 || len(set.Columns) == 0 || flags&ExecProc != 0 || hasOutput(set) {
		return prepared{}, false, nil
	}
	call, err := st.bind(bd, sql, set, 0, flags)
	if err != nil {
		return prepared{}, true, err
	}
	lead := []binding{intArg(0, true, true), textArg(call.decls), textArg(call.stmt)}
	prep := &rpcCall{procID: tds.ProcPrepExec, lead: lead, params: call.params}
	count, r, err := st.runToEnd(ctx, []*rpcCall{prep})
	if r == nil {
		return prepared{}, true, err
	}
	h, ok := r.firstReturn().(int64)
	if !ok {
		return prepared{}, true, firstOf(err, Errorf(ClassInternal, "the server returned no prepared handle"))
	}
	return prepared{handle: h, count: count}, true, err
}

func hasOutput(set *params.Set) bool {
	for i := range set.Columns {
		if set.Columns[i].Output {
			return true
		}
	}
	return false
}

// executePrepared runs rows 1.. by handle, several per message, and
// unprepares with the last message. The first error (of the first row
// or of a message) stops the messages that follow.
func (st *Statement) executePrepared(ctx context.Context, bd *binder, set *params.Set, prep prepared, err error) (bool, error) {
	total := prep.count
	for first := 1; first < set.Rows && err == nil; {
		calls, next := preparedCalls(bd, set, prep.handle, first)
		if next == set.Rows {
			calls = append(calls, &rpcCall{procID: tds.ProcUnprepare, lead: []binding{intArg(prep.handle, false, false)}})
		}
		var count int64
		count, _, err = st.runToEnd(ctx, calls)
		total += count
		first = next
	}
	if err != nil {
		st.unprepare(ctx, prep.handle)
		return false, err
	}
	st.mu.Lock()
	st.cur = &result{kind: resultCount, count: total}
	st.mu.Unlock()
	return true, nil
}

// preparedCalls binds rows from first on as sp_execute calls, up to the
// message budget.
func preparedCalls(bd *binder, set *params.Set, handle int64, first int) ([]*rpcCall, int) {
	var calls []*rpcCall
	size, row := 0, first
	for ; row < set.Rows && len(calls) < manyRowsPerMessage && size < manyBytesPerMessage; row++ {
		c := &rpcCall{procID: tds.ProcExecute, lead: []binding{intArg(handle, false, false)},
			params: bd.row(row, sqltext.ParamName)}
		calls = append(calls, c)
		size += c.size()
	}
	return calls, row
}

// unprepare releases a prepared handle after a failure (errors ignored:
// the server frees it with the session anyway).
func (st *Statement) unprepare(ctx context.Context, handle int64) {
	if handle == 0 {
		return
	}
	_, _, _ = st.runToEnd(ctx, []*rpcCall{{procID: tds.ProcUnprepare, lead: []binding{intArg(handle, false, false)}}})
}

// size estimates a call's bytes on the wire.
func (c *rpcCall) size() int {
	n := 2*(len(c.stmt)+len(c.decls)+len(c.name)) + 32
	for i := range c.params {
		n += 16 + len(c.params[i].value.Bytes) + 2*len(c.params[i].value.String)
	}
	return n
}

// runToEnd runs one request and reads all of it: the sum of its row
// counts and its errors, the first one primary with every row's errors
// in its chain.
func (st *Statement) runToEnd(ctx context.Context, calls []*rpcCall) (int64, *request, error) {
	r, err := st.sess.send(ctx, calls)
	if err != nil {
		return 0, nil, err
	}
	st.mu.Lock()
	st.req = r
	st.mu.Unlock()
	defer st.arm(r)()
	defer r.watch(ctx)()
	count, err := st.readCounts(r, r.advance())
	return count, r, err
}

// readCounts reads a request to its end from its result res on: the sum
// of its row counts and its errors, the first one primary with every
// row's errors in its chain.
func (st *Statement) readCounts(r *request, res *result) (int64, error) {
	var total int64
	var failed []ServerError
	for ; ; res = r.advance() {
		if res == nil {
			st.addMessages(r.msgs)
			return total, manyError(failed, r.fatal)
		}
		st.addMessages(res.msgs)
		switch res.kind {
		case resultCount:
			total += res.count
		case resultError:
			failed = appendChain(failed, res.err)
		case resultRows:
			r.skipRows(res)
			st.addMessages(res.trailing)
			failed = appendChain(failed, res.err)
		}
	}
}

// appendChain adds a statement's server errors to those of the rows
// before it; other errors are kept as they are.
func appendChain(chain []ServerError, err error) []ServerError {
	var se *ServerError
	if err != nil && errors.As(err, &se) {
		return append(chain, se.All...)
	}
	return chain
}

// manyError is the error of an executemany message.
func manyError(failed []ServerError, fatal error) error {
	if fatal != nil {
		return fatal
	}
	if len(failed) == 0 {
		return nil
	}
	return chainError(failed)
}

// validProcName accepts a (multi-part) procedure name: parts of letters,
// digits, _, @, #, $ or [bracketed] text, separated by dots: what an RPC
// can name.
func validProcName(s string) bool {
	if s == "" || len(s) > 1024 {
		return false
	}
	parts := splitName(s)
	for i, part := range parts {
		if part == "" && i < len(parts)-1 {
			continue // db..proc: the default schema
		}
		if !validNamePart(part) {
			return false
		}
	}
	return true
}

func splitName(s string) []string {
	var parts []string
	start, inBracket := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '[':
			inBracket = true
		case s[i] == ']' && inBracket:
			if i+1 < len(s) && s[i+1] == ']' {
				i++
				continue
			}
			inBracket = false
		case s[i] == '.' && !inBracket:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func validNamePart(p string) bool {
	if strings.HasPrefix(p, "[") {
		return len(p) >= 3 && strings.HasSuffix(p, "]") && !strings.ContainsAny(p, "\r\n")
	}
	if p == "" {
		return false
	}
	for i, r := range p {
		ok := r == '_' || r == '#' || r == '@' || r == '$' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))
		if !ok {
			return false
		}
	}
	return true
}
