package session_test

import (
	"context"
	"database/sql/driver"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pickletest"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// open connects with a connection string (autocommit unless told).
func open(t testing.TB, cs string, opts ...core.OpenOptions) *core.Session {
	t.Helper()
	set, err := connstr.Parse(cs)
	require.NoError(t, err)
	cfg, err := set.Config()
	require.NoError(t, err)
	o := core.OpenOptions{Autocommit: true, LoginTimeout: 10 * time.Second}
	if len(opts) > 0 {
		o = opts[0]
	}
	s, err := core.Open(context.Background(), cfg, o)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// fetchAll reads the current result set's rows as plain values (CELLs
// decoded back into Go), waiting when none is ready.
func fetchAll(t *testing.T, st *core.Statement) ([][]any, error) {
	t.Helper()
	var out [][]any
	for {
		buf, n, status, err := st.Fetch(rowenc.Options{Format: rowenc.FormatPlain}, 1000, 0)
		switch status {
		case core.FetchRows:
			out = append(out, decodePlain(t, buf, n)...)
		case core.FetchPending:
			require.NoError(t, st.WaitRows(ctx(t)))
		case core.FetchEnd:
			return out, nil
		case core.FetchError:
			return out, err
		}
	}
}

// fetchPickle reads all rows as pickle batches and checks each stream.
func fetchPickle(t *testing.T, st *core.Statement, opts rowenc.Options) [][]byte {
	t.Helper()
	var out [][]byte
	for {
		buf, _, status, err := st.Fetch(opts, 1000, 0)
		switch status {
		case core.FetchRows:
			_, werr := pickletest.Walk(buf)
			require.NoError(t, werr)
			out = append(out, buf)
		case core.FetchPending:
			require.NoError(t, st.WaitRows(ctx(t)))
		case core.FetchEnd:
			return out
		case core.FetchError:
			require.NoError(t, err)
		}
	}
}

func exec(t *testing.T, st *core.Statement, sql string, p []byte) (bool, error) {
	t.Helper()
	set, err := params.Decode(p)
	require.NoError(t, err)
	return st.Execute(ctx(t), sql, set, 0)
}

var _ = driver.Value(nil)
