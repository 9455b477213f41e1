package tsql

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// event is one thing a request reported, in order.
type event struct {
	kind   string // cols, row, done, msg, status, retval, env
	cols   []sqltype.Column
	row    []any
	count  int64
	has    bool
	failed bool
	msg    backend.Message
	status int32
	param  backend.Param
	env    backend.EnvChange
}

// recorder is a backend.Results that keeps every event.
type recorder struct{ events []event }

func (r *recorder) Columns(cols []sqltype.Column) error {
	r.events = append(r.events, event{kind: "cols", cols: cols})
	return nil
}

func (r *recorder) Row(values []any) error {
	r.events = append(r.events, event{kind: "row", row: append([]any(nil), values...)})
	return nil
}

func (r *recorder) Done(count int64, hasCount, failed bool) error {
	r.events = append(r.events, event{kind: "done", count: count, has: hasCount, failed: failed})
	return nil
}

func (r *recorder) Message(m *backend.Message) error {
	r.events = append(r.events, event{kind: "msg", msg: *m})
	return nil
}

func (r *recorder) ReturnStatus(s int32) error {
	r.events = append(r.events, event{kind: "status", status: s})
	return nil
}

func (r *recorder) ReturnValue(p backend.Param) error {
	r.events = append(r.events, event{kind: "retval", param: p})
	return nil
}

func (r *recorder) EnvChange(c backend.EnvChange) error {
	r.events = append(r.events, event{kind: "env", env: c})
	return nil
}

// resultSet is one result set: its columns and rows.
type resultSet struct {
	cols []sqltype.Column
	rows [][]any
}

func (r *recorder) sets() []resultSet {
	var out []resultSet
	for _, e := range r.events {
		switch e.kind {
		case "cols":
			out = append(out, resultSet{cols: e.cols})
		case "row":
			out[len(out)-1].rows = append(out[len(out)-1].rows, e.row)
		}
	}
	return out
}

func (r *recorder) errors() []backend.Message {
	var out []backend.Message
	for _, e := range r.events {
		if e.kind == "msg" && e.msg.Class > 10 {
			out = append(out, e.msg)
		}
	}
	return out
}

func (r *recorder) infos() []backend.Message {
	var out []backend.Message
	for _, e := range r.events {
		if e.kind == "msg" && e.msg.Class <= 10 {
			out = append(out, e.msg)
		}
	}
	return out
}

func (r *recorder) dones() []event {
	var out []event
	for _, e := range r.events {
		if e.kind == "done" {
			out = append(out, e)
		}
	}
	return out
}

func (r *recorder) envs() []backend.EnvChange {
	var out []backend.EnvChange
	for _, e := range r.events {
		if e.kind == "env" {
			out = append(out, e.env)
		}
	}
	return out
}

// testEngine makes an engine in a temporary directory, closed with the test.
func testEngine(t testing.TB, dbs ...string) *Engine {
	t.Helper()
	e, err := New(Config{Dir: t.TempDir(), Databases: dbs})
	require.NoError(t, err)
	t.Cleanup(func() { e.Close() })
	return e
}

var spidSeq = 50

// openSession opens a session on e.
func openSession(t testing.TB, e *Engine) backend.Session {
	t.Helper()
	spidSeq++
	s, err := e.Open(backend.Login{SPID: spidSeq, User: "sa", Database: "master", AppName: "tsql-test", HostName: "testhost"})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// run runs a batch and returns what it reported; the batch must not fail
// at the connection level.
func run(t testing.TB, s backend.Session, sql string) *recorder {
	t.Helper()
	r := &recorder{}
	require.NoError(t, s.Batch(context.Background(), sql, r))
	return r
}

// mustRun runs a batch that must raise no error.
func mustRun(t testing.TB, s backend.Session, sql string) *recorder {
	t.Helper()
	r := run(t, s, sql)
	require.Empty(t, r.errors(), "batch %q", sql)
	return r
}

// query runs a batch and returns its single result set.
func query(t testing.TB, s backend.Session, sql string) resultSet {
	t.Helper()
	r := mustRun(t, s, sql)
	sets := r.sets()
	require.Len(t, sets, 1, "batch %q", sql)
	return sets[0]
}

// scalar runs a batch returning one value.
func scalar(t testing.TB, s backend.Session, sql string) any {
	t.Helper()
	rs := query(t, s, sql)
	require.Len(t, rs.rows, 1)
	require.Len(t, rs.rows[0], 1)
	return rs.rows[0][0]
}

// firstError runs a batch and returns its first error.
func firstError(t testing.TB, s backend.Session, sql string) backend.Message {
	t.Helper()
	r := run(t, s, sql)
	errs := r.errors()
	require.NotEmpty(t, errs, "batch %q raised no error", sql)
	return errs[0]
}

// dump renders events for failure messages.
func (r *recorder) dump() string {
	var sb strings.Builder
	for _, e := range r.events {
		switch e.kind {
		case "cols":
			fmt.Fprintf(&sb, "cols %v\n", e.cols)
		case "row":
			fmt.Fprintf(&sb, "row %v\n", e.row)
		case "done":
			fmt.Fprintf(&sb, "done %d has=%v failed=%v\n", e.count, e.has, e.failed)
		case "msg":
			fmt.Fprintf(&sb, "msg %d/%d/%d line %d proc %q: %s\n", e.msg.Number, e.msg.Class, e.msg.State, e.msg.Line, e.msg.Procedure, e.msg.Text)
		default:
			fmt.Fprintf(&sb, "%s %+v %+v %+v\n", e.kind, e.status, e.param, e.env)
		}
	}
	return sb.String()
}

// variantValue unwraps a sql_variant value.
func variantValue(v any) any {
	if x, ok := v.(sqltype.Variant); ok {
		return x.Value
	}
	return v
}
