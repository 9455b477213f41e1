package session_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pbuf"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pickletest"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// describe decodes a statement's description with CPython.
func describe(t *testing.T, st *core.Statement) string {
	t.Helper()
	return pickletest.Python(t, st.Describe(rowenc.Options{Format: rowenc.FormatPickle}))[0]
}

func TestResultsWalkLikeSQLMoreResults(t *testing.T) {
	e, cs := scripted(t)
	e.on("multi", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		steps := []func() error{
			func() error { return out.Done(2, true, false) }, // INSERT: a count
			func() error { return info(out, "one") },
			func() error { return rows(out, []sqltype.Column{intCol("a")}, [][]any{{int64(1)}, {int64(2)}}) },
			func() error { return out.Done(0, false, false) }, // SET: no count, no result
			func() error { return out.Done(5, true, false) },  // UPDATE: a count
			func() error { return fail(out, 50000, 16, "boom") },
			func() error { return rows(out, []sqltype.Column{intCol("b")}, [][]any{{int64(3)}}) },
			func() error { return info(out, "two") },
		}
		for _, s := range steps {
			if err := s(); err != nil {
				return err
			}
		}
		return nil
	})
	st := open(t, cs).NewStatement()
	ok, err := st.Execute(ctx(t), "multi", nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Contains(t, describe(t, st), "'rowcount': 2,")
	assert.Contains(t, describe(t, st), "'columns': None")

	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.True(t, ok)
	d := describe(t, st)
	assert.Contains(t, d, "'columns': [('a', 4,")
	assert.Contains(t, d, "'one'")
	got, err := fetchAll(t, st)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(1)}, {int64(2)}}, got)

	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Contains(t, describe(t, st), "'rowcount': 5,")

	ok, err = st.NextResult(ctx(t))
	require.True(t, ok)
	require.Error(t, err)
	assert.Equal(t, core.ClassProgramming, core.ClassOf(err))
	var se *core.ServerError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int32(50000), se.Number)
	assert.Equal(t, "boom", se.Message)

	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.True(t, ok)
	got, err = fetchAll(t, st)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(3)}}, got)

	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	assert.False(t, ok)
	d = describe(t, st)
	assert.Contains(t, d, "'two'")
	assert.Contains(t, d, "'done': True")
}

func TestMessagesInOrderAndOnce(t *testing.T) {
	e, cs := scripted(t)
	e.on("chatty", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		for _, m := range []string{"a", "b"} {
			if err := info(out, m); err != nil {
				return err
			}
		}
		if err := rows(out, []sqltype.Column{intCol("x")}, [][]any{{int64(1)}}); err != nil {
			return err
		}
		return info(out, "c")
	})
	st := open(t, cs).NewStatement()
	_, err := st.Execute(ctx(t), "chatty", nil, 0)
	require.NoError(t, err)
	d := describe(t, st)
	assert.Regexp(t, `'messages': \[\(0, 1, 0, 1, 'a', '[^']*', ''\), \(0, 1, 0, 1, 'b',`, d)
	assert.NotContains(t, describe(t, st), "'a'", "each message is returned once")
	_, err = fetchAll(t, st)
	require.NoError(t, err)
	ok, err := st.NextResult(ctx(t))
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Contains(t, describe(t, st), "'c'")
}

// TestErrorFollowedByManyResults is go-mssqldb issue #407: a statement
// error followed by more than five results used to hang the next request.
func TestErrorFollowedByManyResults(t *testing.T) {
	e, cs := scripted(t)
	e.on("err then many", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		if err := fail(out, 1222, 16, "Lock request time out period exceeded."); err != nil {
			return err
		}
		for i := 0; i < 12; i++ {
			if err := rows(out, []sqltype.Column{intCol("n")}, [][]any{{int64(i)}}); err != nil {
				return err
			}
		}
		return nil
	})
	e.on("after", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		return rows(out, []sqltype.Column{intCol("ok")}, [][]any{{int64(7)}})
	})
	s := open(t, cs)
	st := s.NewStatement()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ok, err := st.Execute(c, "err then many", nil, 0)
	require.True(t, ok)
	require.Error(t, err)
	assert.Equal(t, core.ClassOperational, core.ClassOf(err), "1222 is operational")

	// The caller abandons the request at once, as after a failed execute.
	st2 := s.NewStatement()
	require.NoError(t, st.Close())
	ok, err = st2.Execute(c, "after", nil, 0)
	require.NoError(t, err, "the next request must not hang")
	require.True(t, ok)
	got, err := fetchAll(t, st2)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(7)}}, got)

	// And walked to the end, every later result is reachable.
	st3 := s.NewStatement()
	_, err = st3.Execute(c, "err then many", nil, 0)
	require.Error(t, err)
	for i := 0; i < 12; i++ {
		ok, err := st3.NextResult(c)
		require.NoError(t, err)
		require.True(t, ok, "result %d", i)
		got, err := fetchAll(t, st3)
		require.NoError(t, err)
		assert.Equal(t, [][]any{{int64(i)}}, got)
	}
	ok, err = st3.NextResult(c)
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestErrorAfterRowsEndsTheResultSet(t *testing.T) {
	e, cs := scripted(t)
	e.on("rows then error", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		if err := out.Columns([]sqltype.Column{intCol("n")}); err != nil {
			return err
		}
		for i := 0; i < 3; i++ {
			if err := out.Row([]any{int64(i)}); err != nil {
				return err
			}
		}
		if err := out.Message(&backend.Message{Number: 8134, State: 1, Class: 16, Line: 1, Text: "Divide by zero error encountered."}); err != nil {
			return err
		}
		return out.Done(3, true, true)
	})
	st := open(t, cs).NewStatement()
	ok, err := st.Execute(ctx(t), "rows then error", nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	got, err := fetchAll(t, st)
	assert.Len(t, got, 3)
	require.Error(t, err)
	assert.Equal(t, core.ClassData, core.ClassOf(err))
	_, _, status, _ := st.Fetch(rowenc.Options{Format: rowenc.FormatPlain}, 10, 0)
	assert.Equal(t, core.FetchEnd, status, "the error is reported once")
}

// slowRows streams rows until cancelled.
func slowRows(ctx context.Context, out backend.Results, _ []backend.Param) error {
	if err := out.Columns([]sqltype.Column{intCol("n")}); err != nil {
		return err
	}
	for i := 0; ; i++ {
		if err := out.Row([]any{int64(i)}); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func waitThenRow(ctx context.Context, out backend.Results, _ []backend.Param) error {
	select {
	case <-time.After(10 * time.Second):
	case <-ctx.Done():
		return ctx.Err()
	}
	return rows(out, []sqltype.Column{intCol("late")}, [][]any{{int64(1)}})
}

func TestCancelFromAnotherGoroutine(t *testing.T) {
	e, cs := scripted(t)
	e.on("forever", slowRows)
	e.on("slow", waitThenRow)
	e.on("after", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		return rows(out, []sqltype.Column{intCol("ok")}, [][]any{{int64(7)}})
	})
	s := open(t, cs)
	st := s.NewStatement()

	// while streaming rows
	ok, err := st.Execute(ctx(t), "forever", nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, st.WaitRows(ctx(t)))
	_, n, status, _ := st.Fetch(rowenc.Options{Format: rowenc.FormatPlain}, 10, 0)
	require.Equal(t, core.FetchRows, status)
	require.Equal(t, 10, n)
	go st.Cancel()
	_, err = fetchAll(t, st)
	require.Error(t, err)
	assert.True(t, core.Cancelled(err), "%v", err)
	assert.False(t, core.IsBadConn(err))

	// while waiting for the first result
	time.AfterFunc(200*time.Millisecond, st.Cancel)
	start := time.Now()
	_, err = st.Execute(ctx(t), "slow", nil, 0)
	require.Error(t, err)
	assert.True(t, core.Cancelled(err), "%v", err)
	assert.Less(t, time.Since(start), 5*time.Second)

	ok, err = st.Execute(ctx(t), "after", nil, 0)
	require.NoError(t, err, "the connection stays usable")
	require.True(t, ok)
	assert.True(t, s.Valid())
}

func TestQueryTimeoutKeepsTheConnection(t *testing.T) {
	e, cs := scripted(t)
	e.on("slow", waitThenRow)
	e.on("after", func(ctx context.Context, out backend.Results, _ []backend.Param) error {
		return rows(out, []sqltype.Column{intCol("ok")}, [][]any{{int64(7)}})
	})
	s := open(t, cs)
	s.SetQueryTimeout(300 * time.Millisecond)
	st := s.NewStatement()
	start := time.Now()
	_, err := st.Execute(ctx(t), "slow", nil, 0)
	require.Error(t, err)
	assert.True(t, core.Timeout(err), "%v", err)
	assert.Equal(t, core.ClassOperational, core.ClassOf(err))
	assert.Less(t, time.Since(start), 3*time.Second)
	ok, err := st.Execute(ctx(t), "after", nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	assert.True(t, s.Valid())
}

func TestOutputParametersAndReturnStatus(t *testing.T) {
	e, cs := scripted(t)
	e.on("dbo.p", func(ctx context.Context, out backend.Results, params []backend.Param) error {
		if err := rows(out, []sqltype.Column{intCol("r")}, [][]any{{int64(1)}}); err != nil {
			return err
		}
		if err := out.ReturnStatus(7); err != nil {
			return err
		}
		for _, p := range params {
			if p.Output {
				p.Value = int64(42)
				if err := out.ReturnValue(p); err != nil {
					return err
				}
			}
		}
		return out.Done(0, false, false)
	})
	st := open(t, cs).NewStatement()
	buf := pbuf.One(pbuf.Col{Type: params.Int, Name: "in", Values: []any{int64(5)}},
		pbuf.Col{Type: params.Int, Name: "result", Output: true, Values: []any{nil}})
	set, err := params.Decode(buf)
	require.NoError(t, err)
	ok, err := st.Execute(ctx(t), "dbo.p", set, core.ExecProc)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Contains(t, describe(t, st), "'outputs': None", "outputs come once the statement ended")
	_, err = fetchAll(t, st)
	require.NoError(t, err)
	ok, err = st.NextResult(ctx(t))
	require.NoError(t, err)
	require.False(t, ok)
	d := describe(t, st)
	assert.Contains(t, d, "'return_status': 7")
	assert.Contains(t, d, "'outputs': {'result': 42}")
}
