package session_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// script answers one statement text: what the server sends, in order.
type script func(ctx context.Context, out backend.Results, params []backend.Param) error

// scriptEngine is a test engine that knows statements by their exact text
// (a batch, or the @stmt of sp_executesql, or a procedure name). It lets a
// test fix the exact order of tokens, which the SQL engine would not.
type scriptEngine struct {
	mu      sync.Mutex
	scripts map[string]script
	seen    []string
}

func (e *scriptEngine) on(text string, s script) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.scripts[text] = s
}

func (e *scriptEngine) lookup(text string) (script, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seen = append(e.seen, text)
	s, ok := e.scripts[text]
	return s, ok
}

func (e *scriptEngine) Open(l backend.Login) (backend.Session, error) {
	return &scriptSession{e: e}, nil
}

type scriptSession struct {
	e  *scriptEngine
	tx uint64
}

// Batch runs a batch; "SET ..." and the session's own first query are
// understood, everything else must have a script. A batch of several
// statements separated by ';' runs them in turn.
func (s *scriptSession) Batch(ctx context.Context, sql string, out backend.Results) error {
	for _, stmt := range strings.Split(sql, ";") {
		if err := s.statement(ctx, strings.TrimSpace(stmt), out, nil); err != nil {
			return err
		}
	}
	return nil
}

func (s *scriptSession) statement(ctx context.Context, text string, out backend.Results, params []backend.Param) error {
	switch {
	case text == "":
		return nil
	case strings.HasPrefix(text, "SET "):
		return out.Done(0, false, false)
	case strings.HasPrefix(text, "SELECT @@SPID"):
		cols := []sqltype.Column{{Type: sqltype.Type{Kind: sqltype.SmallInt}}, {Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 128}}}
		return rows(out, cols, [][]any{{int64(51), "scripted"}})
	}
	if sc, ok := s.e.lookup(text); ok {
		return sc(ctx, out, params)
	}
	return fail(out, 102, 15, fmt.Sprintf("Incorrect syntax near '%s'.", text))
}

func (s *scriptSession) RPC(ctx context.Context, call backend.RPCCall, out backend.Results) error {
	if call.Name == "sp_executesql" {
		text, _ := call.Params[0].Value.(string)
		return s.statement(ctx, text, out, call.Params[2:])
	}
	return s.statement(ctx, call.Name, out, call.Params)
}

func (s *scriptSession) Transaction(ctx context.Context, req backend.TxRequest, out backend.Results) error {
	return out.Done(0, false, false)
}

func (s *scriptSession) BulkLoad(context.Context, []sqltype.Column, [][]any, backend.Results) error {
	return fmt.Errorf("no bulk load")
}

func (s *scriptSession) Reset(keepTx bool, out backend.Results) error { return nil }

func (s *scriptSession) State() backend.SessionState {
	return backend.SessionState{Database: "master"}
}

func (s *scriptSession) Close() error { return nil }

// rows sends a result set and its count.
func rows(out backend.Results, cols []sqltype.Column, data [][]any) error {
	if err := out.Columns(cols); err != nil {
		return err
	}
	for _, r := range data {
		if err := out.Row(r); err != nil {
			return err
		}
	}
	return out.Done(int64(len(data)), true, false)
}

func fail(out backend.Results, number int32, class uint8, text string) error {
	if err := out.Message(&backend.Message{Number: number, State: 1, Class: class, Line: 1, Text: text}); err != nil {
		return err
	}
	return out.Done(0, false, true)
}

func info(out backend.Results, text string) error {
	return out.Message(&backend.Message{Number: 0, State: 1, Class: 0, Line: 1, Text: text})
}

func intCol(name string) sqltype.Column {
	return sqltype.Column{Name: name, Type: sqltype.Type{Kind: sqltype.Int}, Nullable: true}
}

// scripted starts a test server on a new script engine.
func scripted(t *testing.T) (*scriptEngine, string) {
	t.Helper()
	e := &scriptEngine{scripts: map[string]script{}}
	srv, err := tdsserver.Start(tdsserver.Config{Engine: e, Logger: quietLogger()})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	return e, srv.ConnString()
}
