package core

import (
	"context"
	"database/sql"
	"database/sql/driver"
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
	proc     bool
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
func (st *Statement) arm(r *request) func() bool {
	if st.timeout <= 0 {
		return func() bool { return false }
	}
	t := time.AfterFunc(st.timeout, func() { r.cancel(errQueryTimeout) })
	return t.Stop
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
	if err := st.sess.ensureOptions(ctx); err != nil {
		return false, err
	}
	if set.Rows > 1 {
		return st.executeMany(ctx, sql, set, flags)
	}
	query, args, proc, err := st.bind(newBinder(set), sql, set, 0, flags)
	if err != nil {
		return false, err
	}
	r, err := st.sess.start(st, query, args, proc)
	if err != nil {
		return false, err
	}
	st.mu.Lock()
	st.req, st.proc = r, proc
	st.mu.Unlock()
	return st.advance(ctx)
}

// bind builds the request for parameter row `row`: the text as a batch,
// sp_executesql with this driver's declarations, or a procedure call.
func (st *Statement) bind(bd *binder, sql string, set *params.Set, row int, flags ExecFlags) (string, []driver.NamedValue, bool, error) {
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
		return "", nil, false, Errorf(ClassProgramming, "The SQL contains %d parameter markers, but %d parameters were supplied", n, positional)
	}
	if len(set.Columns) == 0 {
		return sql, nil, false, nil
	}
	bs := bd.row(row, sqltext.ParamName)
	st.outs = outputsOf(bs)
	args := append([]driver.NamedValue{{Ordinal: 1, Value: text}, {Ordinal: 2, Value: declarations(bs)}}, namedValues(bs, 2)...)
	return "sp_executesql", args, false, nil
}

func (st *Statement) bindProc(bd *binder, name string, row int) (string, []driver.NamedValue, bool, error) {
	if !validProcName(name) {
		return "", nil, false, Errorf(ClassProgramming, "'%s' is not a procedure name", truncate(name, 64))
	}
	bs := bd.row(row, func(int) string { return "" })
	for _, b := range bs {
		if b.out != nil && b.name == "" {
			return st.bindProcText(bd, name, row)
		}
	}
	st.outs = outputsOf(bs)
	return name, namedValues(bs, 0), true, nil
}

// returnStatusParam names the OUTPUT parameter that receives a return
// status when a procedure call goes through sp_executesql.
const returnStatusParam = "mssql_python_return_status"

// bindProcText calls a procedure through sp_executesql,
// `EXEC @rs = name @p1, @p2 OUTPUT, @x = @x`, for calls with positional
// OUTPUT parameters: go-mssqldb matches OUTPUT values by name only, and
// an RPC call names a procedure's parameters by the procedure's own names,
// which the caller did not give.
func (st *Statement) bindProcText(bd *binder, name string, row int) (string, []driver.NamedValue, bool, error) {
	bs := bd.row(row, sqltext.ParamName)
	args := make([]string, len(bs))
	for i, b := range bs {
		arg := "@" + b.name
		if b.column.Name != "" {
			arg = "@" + b.name + " = @" + b.name
		}
		if b.out != nil {
			arg += " OUTPUT"
		}
		args[i] = arg
	}
	var status any = sql.NullInt32{}
	rs := binding{name: returnStatusParam, value: status, decl: "int OUTPUT", out: &status, kind: rowenc.KindInt}
	st.outs, st.status = outputsOf(bs), &rs
	text := "EXEC @" + returnStatusParam + " = " + name + " " + strings.Join(args, ", ")
	all := append(bs, rs)
	head := []driver.NamedValue{{Ordinal: 1, Value: text}, {Ordinal: 2, Value: declarations(all)}}
	return "sp_executesql", append(head, namedValues(all, 2)...), false, nil
}

func outputsOf(bs []binding) []binding {
	var outs []binding
	for _, b := range bs {
		if b.out != nil {
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
	stop := st.arm(r)
	res, err := r.next(ctx)
	stop()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cur, st.reported = res, false
	if res == nil {
		st.messages = append(st.messages, r.tail...)
		return false, err
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
		select {
		case <-cur.skip:
		default:
			close(cur.skip)
		}
	}
	st.mu.Unlock()
	return st.advance(ctx)
}

// FetchStatus says what Fetch returned.
type FetchStatus int

// Fetch outcomes.
const (
	FetchRows    FetchStatus = iota // a batch of rows
	FetchPending                    // no row is ready yet: WaitRows, then Fetch again
	FetchEnd                        // the result set has no more rows (or there is none)
	FetchError                      // the server failed mid-result
)

// Fetch encodes up to maxRows rows (and about maxBytes; 0: 256 KiB) of the
// current result set that are ready, without waiting.
func (st *Statement) Fetch(opts rowenc.Options, maxRows, maxBytes int) ([]byte, int, FetchStatus, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	cur := st.cur
	if cur == nil || cur.kind != resultRows {
		return nil, 0, FetchEnd, nil
	}
	if maxRows <= 0 {
		maxRows = 1
	}
	if maxBytes <= 0 {
		maxBytes = 256 << 10
	}
	rows, ended, err := cur.queue.pop(maxRows, maxBytes, rowSize)
	if ended {
		st.messages = append(st.messages, cur.queue.trailing()...)
	}
	switch {
	case len(rows) > 0:
		return cur.encode(opts, rows), len(rows), FetchRows, nil
	case ended && err != nil && !st.reported:
		st.reported = true
		return nil, 0, FetchError, st.sess.classifyResult(st.req, err)
	case ended:
		return nil, 0, FetchEnd, nil
	}
	return nil, 0, FetchPending, nil
}

// encode writes rows with the result's encoder, made once per options.
func (res *result) encode(opts rowenc.Options, rows [][]driver.Value) []byte {
	if res.enc == nil || res.enc.Options() != opts {
		res.enc = rowenc.NewEncoder(res.cols, opts)
	}
	res.enc.Begin()
	for _, row := range rows {
		res.enc.Add(row)
	}
	return res.enc.Finish()
}

// WaitRows waits until Fetch has something to return (rows, their end or
// an error), under the query timeout.
func (st *Statement) WaitRows(ctx context.Context) error {
	st.mu.Lock()
	cur, r := st.cur, st.req
	st.mu.Unlock()
	if cur == nil || cur.kind != resultRows || cur.queue.ready() {
		return nil
	}
	stop := st.arm(r)
	defer stop()
	for !cur.queue.ready() {
		select {
		case <-cur.queue.arrived:
		case <-ctx.Done():
			r.cancel(context.Cause(ctx))
			<-r.done
		}
	}
	return nil
}

// classifyResult classifies the error that ended a result set.
func (s *Session) classifyResult(r *request, err error) error {
	if r == nil {
		return err
	}
	return s.classify(r.ctx, err)
}

// Cancel cancels the running request, from any goroutine: the server gets
// an ATTENTION, the waiting call returns a cancelled error, and the
// connection stays usable.
func (st *Statement) Cancel() {
	st.mu.Lock()
	r := st.req
	st.mu.Unlock()
	if r != nil {
		r.cancel(errUserCancel)
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
	st.req, st.cur, st.messages, st.outs, st.status, st.proc = nil, nil, nil, nil, nil, false
	st.mu.Unlock()
	if r == nil {
		return nil
	}
	r.cancel(errDiscarded)
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return newError(ClassOperational, FlagCancelled, "Operation cancelled", nil)
	}
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
