package tdsserver_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// scriptEngine is a small scripted engine for protocol tests: it knows a
// handful of batches by their exact text and echoes RPC parameters back.
type scriptEngine struct {
	mu       sync.Mutex
	logins   []backend.Login
	resets   atomic.Int64
	nextTx   atomic.Uint64
	bulkRows [][]any
	bulkCols []sqltype.Column
	// typed is the result set "SELECT typed" returns, keyed by test.
	typedCols []sqltype.Column
	typedRows [][]any
}

func (e *scriptEngine) Open(l backend.Login) (backend.Session, error) {
	db := l.Database
	if db == "" {
		db = "master"
	}
	if db != "master" && db != "tempdb" {
		return nil, &backend.Message{Number: 4060, State: 1, Class: 11,
			Text: fmt.Sprintf("Cannot open database \"%s\" requested by the login. The login failed.", db)}
	}
	e.mu.Lock()
	e.logins = append(e.logins, l)
	e.mu.Unlock()
	return &scriptSession{e: e, login: l, db: db, loginDB: db}, nil
}

func (e *scriptEngine) lastLogin() backend.Login {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.logins[len(e.logins)-1]
}

type scriptSession struct {
	e       *scriptEngine
	login   backend.Login
	db      string
	loginDB string
	tx      uint64
	level   int
	temp    bool // "CREATE TABLE #t" ran
	bulk    *backend.BulkTarget
}

// bulkTable is the table "t" that bulk-load tests copy into.
var bulkTable = []sqltype.Column{
	{Name: "id", Type: sqltype.Type{Kind: sqltype.Int}},
	{Name: "name", Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 20}, Nullable: true},
	{Name: "code", Type: sqltype.Type{Kind: sqltype.VarChar, Length: 10}, Nullable: true},
	{Name: "amount", Type: sqltype.Type{Kind: sqltype.Decimal, Precision: 10, Scale: 2}, Nullable: true},
	{Name: "at", Type: sqltype.Type{Kind: sqltype.DateTime2, Scale: 7}, Nullable: true},
	{Name: "blob", Type: sqltype.Type{Kind: sqltype.VarBinary, Length: sqltype.Max}, Nullable: true},
	{Name: "memo", Type: sqltype.Type{Kind: sqltype.Text}, Nullable: true},
	{Name: "flag", Type: sqltype.Type{Kind: sqltype.Bit}, Nullable: true},
}

var intCol = func(name string) sqltype.Column {
	return sqltype.Column{Name: name, Type: sqltype.Type{Kind: sqltype.Int}}
}

func one(out backend.Results, col sqltype.Column, v any) error {
	if err := out.Columns([]sqltype.Column{col}); err != nil {
		return err
	}
	if err := out.Row([]any{v}); err != nil {
		return err
	}
	return out.Done(1, true, false)
}

func (s *scriptSession) Batch(ctx context.Context, sql string, out backend.Results) error {
	q := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sql), ";"))
	switch lq := strings.ToLower(q); {
	case lq == "select 1":
		return one(out, sqltype.Column{Type: sqltype.Type{Kind: sqltype.Int}}, int64(1))
	case lq == "select @@spid":
		return one(out, sqltype.Column{Type: sqltype.Type{Kind: sqltype.SmallInt}}, int64(s.login.SPID))
	case lq == "select db_name()":
		return one(out, sqltype.Column{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 128}, Nullable: true}, s.db)
	case lq == "select @@trancount":
		return one(out, intCol(""), int64(s.level))
	case lq == "select temp":
		return one(out, sqltype.Column{Name: "temp", Type: sqltype.Type{Kind: sqltype.Bit}}, s.temp)
	case lq == "create table #t (a int)":
		s.temp = true
		return out.Done(0, false, false)
	case strings.HasPrefix(lq, "use "):
		return s.use(strings.TrimSpace(q[4:]), out)
	case lq == "select typed":
		return s.typed(out)
	case strings.HasPrefix(lq, "select rows "):
		n, _ := strconv.Atoi(lq[len("select rows "):])
		return s.rows(ctx, n, out)
	case lq == "select forever":
		return s.rows(ctx, -1, out)
	case lq == "waitfor delay '00:00:10'":
		return s.wait(ctx, 10*time.Second, out)
	case lq == "run multi":
		return s.multi(out)
	case lq == "raise error":
		if err := out.Message(&backend.Message{Number: 208, State: 1, Class: 16, Line: 1,
			Text: "Invalid object name 'nope'."}); err != nil {
			return err
		}
		return out.Done(0, false, true)
	case lq == "print hello":
		if err := out.Message(&backend.Message{Number: 0, State: 1, Class: 0, Line: 1, Text: "hello"}); err != nil {
			return err
		}
		return out.Done(0, false, false)
	case lq == "begin tran":
		return s.begin(out)
	case lq == "commit":
		return s.end(backend.EnvCommitTx, out)
	case lq == "go fatal":
		return fmt.Errorf("engine exploded")
	case lq == "go panic":
		panic("scripted panic")
	case lq == "set fmtonly on", lq == "set fmtonly off":
		return out.Done(0, false, false)
	case strings.HasPrefix(lq, "select * from [t]"):
		if err := out.Columns(bulkTable); err != nil {
			return err
		}
		return out.Done(0, false, false)
	case strings.HasPrefix(lq, "insert bulk "):
		s.bulk = &backend.BulkTarget{Table: "t"}
		return out.Done(0, false, false)
	}
	if err := out.Message(&backend.Message{Number: 102, State: 1, Class: 15, Line: 1,
		Text: fmt.Sprintf("Incorrect syntax near '%s'.", q)}); err != nil {
		return err
	}
	return out.Done(0, false, true)
}

func (s *scriptSession) use(db string, out backend.Results) error {
	db = strings.Trim(db, "[]")
	if db != "master" && db != "tempdb" {
		if err := out.Message(&backend.Message{Number: 911, State: 1, Class: 16, Line: 1,
			Text: fmt.Sprintf("Database '%s' does not exist. Make sure that the name is entered correctly.", db)}); err != nil {
			return err
		}
		return out.Done(0, false, true)
	}
	old := s.db
	s.db = db
	if err := out.EnvChange(backend.EnvChange{Kind: backend.EnvDatabase, New: db, Old: old}); err != nil {
		return err
	}
	if err := out.Message(&backend.Message{Number: 5701, State: 1, Class: 0, Line: 1,
		Text: fmt.Sprintf("Changed database context to '%s'.", db)}); err != nil {
		return err
	}
	return out.Done(0, false, false)
}

func (s *scriptSession) typed(out backend.Results) error {
	if err := out.Columns(s.e.typedCols); err != nil {
		return err
	}
	for _, r := range s.e.typedRows {
		if err := out.Row(r); err != nil {
			return err
		}
	}
	return out.Done(int64(len(s.e.typedRows)), true, false)
}

// rows streams n int rows (n < 0: until cancelled).
func (s *scriptSession) rows(ctx context.Context, n int, out backend.Results) error {
	if err := out.Columns([]sqltype.Column{intCol("n"), {Name: "pad", Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 100}}}); err != nil {
		return err
	}
	pad := strings.Repeat("x", 100)
	i := 0
	for ; n < 0 || i < n; i++ {
		if err := out.Row([]any{int64(i), pad}); err != nil {
			return err
		}
	}
	return out.Done(int64(i), true, false)
}

func (s *scriptSession) wait(ctx context.Context, d time.Duration, out backend.Results) error {
	select {
	case <-time.After(d):
		return out.Done(0, false, false)
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *scriptSession) multi(out backend.Results) error {
	if err := one(out, intCol("a"), int64(1)); err != nil {
		return err
	}
	if err := out.Done(3, true, false); err != nil { // an UPDATE of 3 rows
		return err
	}
	if err := out.Message(&backend.Message{Number: 0, State: 1, Class: 0, Text: "between"}); err != nil {
		return err
	}
	return one(out, sqltype.Column{Name: "b", Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 10}}, "two")
}

func (s *scriptSession) begin(out backend.Results) error {
	s.level++
	if s.level == 1 {
		s.tx = s.e.nextTx.Add(1)
		if err := out.EnvChange(backend.EnvChange{Kind: backend.EnvBeginTx, NewTx: s.tx}); err != nil {
			return err
		}
	}
	return out.Done(0, false, false)
}

func (s *scriptSession) end(kind backend.EnvChangeKind, out backend.Results) error {
	if s.level == 0 {
		if err := out.Message(&backend.Message{Number: 3902, State: 1, Class: 16, Line: 1,
			Text: "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION."}); err != nil {
			return err
		}
		return out.Done(0, false, true)
	}
	if kind == backend.EnvCommitTx && s.level > 1 {
		s.level--
		return out.Done(0, false, false)
	}
	old := s.tx
	s.level, s.tx = 0, 0
	if err := out.EnvChange(backend.EnvChange{Kind: kind, OldTx: old}); err != nil {
		return err
	}
	return out.Done(0, false, false)
}

// RPC echoes the parameters after sp_executesql's @stmt and @params: one
// result set with a column per parameter, and OUTPUT parameters returned
// unchanged. A procedure named "proc_fail" raises an error.
func (s *scriptSession) RPC(ctx context.Context, call backend.RPCCall, out backend.Results) error {
	if call.Name == "proc_fail" {
		return out.Message(&backend.Message{Number: 50000, State: 1, Class: 16, Procedure: "proc_fail", Line: 3, Text: "failed on purpose"})
	}
	params := call.Params
	if call.Name == "sp_executesql" && len(params) >= 1 {
		stmt, _ := params[0].Value.(string)
		if len(params) == 1 || !strings.HasPrefix(strings.ToLower(stmt), "select") {
			return s.Batch(ctx, stmt, out)
		}
		params = params[2:]
	}
	if err := s.echo(params, out); err != nil {
		return err
	}
	if call.Name != "sp_executesql" {
		if err := out.ReturnStatus(7); err != nil {
			return err
		}
	}
	for _, p := range params {
		if p.Output {
			if n, ok := p.Value.(int64); ok {
				p.Value = n * 2 // proves the value came back through RETURNVALUE
			}
			if err := out.ReturnValue(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *scriptSession) echo(params []backend.Param, out backend.Results) error {
	if len(params) == 0 {
		return nil
	}
	cols := make([]sqltype.Column, len(params))
	row := make([]any, len(params))
	for i, p := range params {
		cols[i] = sqltype.Column{Name: strings.TrimPrefix(p.Name, "@"), Type: p.Type, Nullable: true}
		row[i] = p.Value
	}
	if err := out.Columns(cols); err != nil {
		return err
	}
	if err := out.Row(row); err != nil {
		return err
	}
	return out.Done(1, true, false)
}

func (s *scriptSession) Transaction(ctx context.Context, req backend.TxRequest, out backend.Results) error {
	switch req.Kind {
	case backend.TxBegin:
		s.level++
		s.tx = s.e.nextTx.Add(1)
		return out.EnvChange(backend.EnvChange{Kind: backend.EnvBeginTx, NewTx: s.tx})
	case backend.TxCommit:
		return s.end(backend.EnvCommitTx, out)
	case backend.TxRollback:
		return s.end(backend.EnvRollbackTx, out)
	}
	return out.Done(0, false, false)
}

func (s *scriptSession) BulkLoad(ctx context.Context, cols []sqltype.Column, rows [][]any, out backend.Results) error {
	s.e.mu.Lock()
	s.e.bulkCols, s.e.bulkRows = cols, rows
	s.e.mu.Unlock()
	s.bulk = nil
	return out.Done(int64(len(rows)), true, false)
}

func (s *scriptSession) Reset(keepTx bool, out backend.Results) error {
	s.e.resets.Add(1)
	s.temp = false
	s.db = s.loginDB
	if !keepTx && s.level > 0 {
		return s.end(backend.EnvRollbackTx, out)
	}
	return nil
}

func (s *scriptSession) State() backend.SessionState {
	return backend.SessionState{Database: s.db, InTransaction: s.level > 0, TxDescriptor: s.tx, PendingBulk: s.bulk}
}

func (s *scriptSession) Close() error { return nil }
