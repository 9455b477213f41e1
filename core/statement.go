package core

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
)

// ExecFlags are the flags of Execute (MSSQL_EXEC_*).
type ExecFlags uint32

// Execute flags.
const (
	ExecPrepare ExecFlags = 0x1 // reuse a prepared form (the server caches sp_executesql plans)
	ExecProc    ExecFlags = 0x2 // the text is a procedure name
)

// Statement runs requests on a session and walks their results (a DB-API
// cursor). Use it from one goroutine at a time; Cancel may be called from
// any.
type Statement struct {
	sess    *Session
	timeout time.Duration

	mu       sync.Mutex
	req      *request
	cur      *result
	reported bool // the current result's error was returned
	messages []rowenc.Message
	outs     []binding
	status   *binding // the return status as an OUTPUT parameter (see bindProcText)
	closed   bool
}

// NewStatement creates a statement with the session's query timeout.
func (s *Session) NewStatement() *Statement {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &Statement{sess: s, timeout: s.queryTimeout}
	s.stmts[st] = struct{}{}
	return st
}

// SetQueryTimeout sets how long each wait for the server may take before
// the request is cancelled (ODBC's SQL_ATTR_QUERY_TIMEOUT); 0: no limit.
func (st *Statement) SetQueryTimeout(d time.Duration) { st.timeout = d }

func (st *Statement) addMessages(m []rowenc.Message) {
	if len(m) == 0 {
		return
	}
	st.mu.Lock()
	st.messages = append(st.messages, m...)
	st.mu.Unlock()
}

// arm starts the query timeout of one wait.
func (st *Statement) arm(r *request) func() {
	if st.timeout <= 0 {
		return func() {}
	}
	t := time.AfterFunc(st.timeout, func() { r.cancelWith(errQueryTimeout) })
	return func() { t.Stop() }
}

// Execute runs sql with the parameters of set (nil for none) and
// positions the statement on its first result. ok is false when the
// request produced no result. An error result is returned as err; the
// results after it stay reachable with NextResult.
func (st *Statement) Execute(ctx context.Context, sql string, set *params.Set, flags ExecFlags) (ok bool, err error) {
	if err := st.reset(ctx); err != nil {
		return false, err
	}
	if set == nil {
		set = &params.Set{Rows: 1}
	}
	fold := flags&ExecProc == 0 && len(set.Columns) == 0 && set.Rows == 1 && foldableBatch(sql)
	prefix, err := st.sess.pendingOptions(ctx, fold)
	if err != nil {
		return false, err
	}
	if flags&ExecProc == 0 {
		if err := st.sess.typeNulls(ctx, sql, set); err != nil {
			return false, err
		}
	}
	if set.Rows > 1 {
		return st.executeMany(ctx, sql, set, flags)
	}
	call, err := st.bind(newBinder(set), sql, set, 0, flags)
	if err != nil {
		return false, err
	}
	call.batch = prefix + call.batch
	r, err := st.sess.send(ctx, []*rpcCall{call})
	if err != nil {
		return false, err
	}
	r.proc = call.proc
	st.mu.Lock()
	st.req = r
	st.mu.Unlock()
	ok, err = st.advance(ctx)
	if prefix != "" && err == nil {
		st.sess.optionsApplied() // the batch compiled, so its first statement ran
	}
	return ok, err
}

// bind builds the call for parameter row `row`: the text as a batch,
// sp_executesql with this driver's declarations, or a procedure call.
func (st *Statement) bind(bd *binder, sql string, set *params.Set, row int, flags ExecFlags) (*rpcCall, error) {
	if flags&ExecProc != 0 {
		return st.bindProc(bd, sql, row)
	}
	text, n := sqltext.Rewrite(sql)
	positional := 0
	for i := range set.Columns {
		if set.Columns[i].Name == "" {
			positional++
		}
	}
	if n != positional {
		return nil, Errorf(ClassProgramming, "The SQL contains %d parameter markers, but %d parameters were supplied", n, positional)
	}
	if len(set.Columns) == 0 {
		return &rpcCall{batch: sql}, nil
	}
	bs := bd.row(row, sqltext.ParamName)
	st.outs = outputsOf(bs)
	return executeSQLCall(text, bs), nil
}

func (st *Statement) bindProc(bd *binder, name string, row int) (*rpcCall, error) {
	if !validProcName(name) {
		return nil, Errorf(ClassProgramming, "'%s' is not a procedure name", truncate(name, 64))
	}
	bs := bd.row(row, func(int) string { return "" })
	for _, b := range bs {
		if b.out && b.name == "" {
			return st.bindProcText(bd, name, row)
		}
	}
	st.outs = outputsOf(bs)
	return &rpcCall{proc: true, name: name, params: bs}, nil
}

// returnStatusParam names the OUTPUT parameter that receives a return
// status when a procedure call goes through sp_executesql.
const returnStatusParam = "mssql_python_return_status"

// bindProcText calls a procedure through sp_executesql,
// `EXEC @rs = name @p1, @p2 OUTPUT, @x = @x`, for calls with positional
// OUTPUT parameters: an RPC names OUTPUT values by the procedure's own
// parameter names, which the caller did not give.
func (st *Statement) bindProcText(bd *binder, name string, row int) (*rpcCall, error) {
	bs := bd.row(row, sqltext.ParamName)
	args := make([]string, len(bs))
	for i, b := range bs {
		arg := "@" + b.name
		if b.column.Name != "" {
			arg = "@" + b.name + " = @" + b.name
		}
		if b.out {
			arg += " OUTPUT"
		}
		args[i] = arg
	}
	rs := returnStatusBinding()
	st.outs, st.status = outputsOf(bs), &rs
	text := "EXEC @" + returnStatusParam + " = " + name + " " + strings.Join(args, ", ")
	return executeSQLCall(text, append(bs, rs)), nil
}

func outputsOf(bs []binding) []binding {
	var outs []binding
	for _, b := range bs {
		if b.out {
			outs = append(outs, b)
		}
	}
	return outs
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// advance waits for the request's next result and positions on it.
func (st *Statement) advance(ctx context.Context) (bool, error) {
	st.mu.Lock()
	r := st.req
	st.mu.Unlock()
	if r == nil {
		return false, nil
	}
	stop, unwatch := st.arm(r), r.watch(ctx)
	res := r.advance()
	unwatch()
	stop()
	return st.positionOn(r, res)
}

// positionOn makes res (nil: the end of r) the statement's current result.
func (st *Statement) positionOn(r *request, res *result) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cur, st.reported = res, false
	if res == nil {
		st.messages = append(st.messages, r.msgs...)
		r.msgs = nil
		return false, r.fatal
	}
	st.messages = append(st.messages, res.msgs...)
	if res.kind == resultError {
		st.reported = true
		return true, res.err
	}
	return true, nil
}

// NextResult moves to the next result, discarding the rest of the current
// one. ok is false when there is none; an error result is returned as err.
func (st *Statement) NextResult(ctx context.Context) (bool, error) {
	st.mu.Lock()
	if cur := st.cur; cur != nil && cur.kind == resultRows {
		st.messages = append(st.messages, cur.trailing...)
		cur.trailing = nil
	}
	st.mu.Unlock()
	return st.advance(ctx)
}

// Cancel cancels the running request, from any goroutine: the server gets
// an ATTENTION, the waiting call returns a cancelled error, and the
// connection stays usable.
func (st *Statement) Cancel() {
	st.mu.Lock()
	r := st.req
	st.mu.Unlock()
	if r != nil {
		r.cancelWith(errUserCancel)
	}
}

// reset discards the previous request: if it is still running it is
// cancelled, as ODBC closes a cursor with pending results.
func (st *Statement) reset(ctx context.Context) error {
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		return Errorf(ClassProgramming, "the statement is closed")
	}
	r := st.req
	st.req, st.cur, st.messages, st.outs, st.status = nil, nil, nil, nil, nil
	st.mu.Unlock()
	if r != nil && !r.ended {
		defer r.watch(ctx)()
		r.discard(errDiscarded)
	}
	return nil
}

// Close discards the statement's results (cancelling a running request)
// and forgets it. Close is idempotent.
func (st *Statement) Close() error {
	err := st.reset(context.Background())
	st.mu.Lock()
	st.closed = true
	st.mu.Unlock()
	st.sess.mu.Lock()
	delete(st.sess.stmts, st)
	st.sess.mu.Unlock()
	return err
}
