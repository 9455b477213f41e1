// Package pool_test proves the behaviours of package pool against the
// test server (or the SQL Server that MSSQL_CONNECTION_STRING names).
package pool_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/pool"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Run(m)) }

// registry returns a registry of its own for one test, with settings
// changed by edit, closed when the test ends.
func registry(t testing.TB, edit func(*pool.Config)) *pool.Registry {
	t.Helper()
	r := pool.NewRegistry()
	cfg := r.Config()
	if edit != nil {
		edit(&cfg)
	}
	require.NoError(t, r.Configure(cfg))
	t.Cleanup(r.Close)
	return r
}

func config(t testing.TB, cs string) *connstr.Config {
	t.Helper()
	set, err := connstr.Parse(cs)
	require.NoError(t, err)
	cfg, err := set.Config()
	require.NoError(t, err)
	return cfg
}

// client is what a user of one connection string holds: a connector of
// a registry.
type client struct {
	core.Connector
}

func newClient(t testing.TB, r *pool.Registry, cs string, opts ...core.OpenOptions) client {
	t.Helper()
	o := core.OpenOptions{Autocommit: true, LoginTimeout: 10 * time.Second}
	if len(opts) > 0 {
		o = opts[0]
	}
	return client{r.Connector(config(t, cs), o)}
}

// get connects and fails the test on an error.
func (c client) get(t testing.TB) *core.Session {
	t.Helper()
	s, err := c.Connect(ctx(t))
	require.NoError(t, err)
	return s
}

func (c client) put(t testing.TB, s *core.Session) {
	t.Helper()
	require.NoError(t, c.Release(s))
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// query runs sql and returns the rows of its first result set.
func query(t testing.TB, s *core.Session, sql string) [][]any {
	t.Helper()
	rows, err := tryQuery(t, s, sql)
	require.NoError(t, err, sql)
	return rows
}

func tryQuery(t testing.TB, s *core.Session, sql string) ([][]any, error) {
	t.Helper()
	st := s.NewStatement()
	defer st.Close()
	ok, err := st.Execute(ctx(t), sql, nil, 0)
	if err != nil || !ok {
		return nil, err
	}
	var out [][]any
	for {
		buf, n, status, err := st.Fetch(rowenc.Options{Format: rowenc.FormatPlain}, 1000, 0)
		switch status {
		case core.FetchRows:
			out = append(out, decodePlain(buf, n)...)
		case core.FetchPending:
			if err := st.WaitRows(ctx(t)); err != nil {
				return out, err
			}
		case core.FetchError:
			return out, err
		default:
			return out, nil
		}
	}
}

// scalar runs sql and returns its one value.
func scalar(t testing.TB, s *core.Session, sql string) any {
	t.Helper()
	rows := query(t, s, sql)
	require.Len(t, rows, 1, sql)
	return rows[0][0]
}

func spid(t testing.TB, s *core.Session) int64 {
	t.Helper()
	return scalar(t, s, "SELECT @@SPID").(int64)
}

// decodePlain reads the plain row batch format (docs/formats.md) for the
// types these tests select: integers, text, NULL.
func decodePlain(b []byte, n int) [][]any {
	pos := 0
	u32 := func() int { v := binary.LittleEndian.Uint32(b[pos:]); pos += 4; return int(v) }
	nrows, ncols := u32(), u32()
	out := make([][]any, nrows)
	for i := range out {
		out[i] = make([]any, ncols)
		for j := range out[i] {
			tag := b[pos]
			pos++
			switch tag {
			case rowenc.TagInt:
				out[i][j] = int64(binary.LittleEndian.Uint64(b[pos:]))
				pos += 8
			case rowenc.TagText, rowenc.TagBinary:
				l := u32()
				out[i][j] = string(b[pos : pos+l])
				pos += l
			case rowenc.TagBool:
				out[i][j] = b[pos] == 1
				pos++
			case rowenc.TagFloat:
				pos += 8
			}
		}
	}
	return out
}

// direct opens a session outside any pool, closed when the test ends.
func direct(t testing.TB, cs string) *core.Session {
	t.Helper()
	s, err := core.Open(ctx(t), config(t, cs), core.OpenOptions{Autocommit: true, LoginTimeout: 10 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// serverSessions lists the SPIDs the server has open.
func serverSessions(t testing.TB) []int {
	t.Helper()
	if os.Getenv(testenv.EnvVar) == "" {
		return testenv.Server(t).Sessions()
	}
	s := direct(t, testenv.ConnString(t))
	var out []int
	for _, r := range query(t, s, "SELECT session_id FROM sys.dm_exec_sessions WHERE is_user_process = 1") {
		out = append(out, int(r[0].(int64)))
	}
	return out
}

// waitSessionGone waits until the server no longer has session spid.
func waitSessionGone(t testing.TB, spid int64) {
	t.Helper()
	require.Eventually(t, func() bool { return !slices.Contains(serverSessions(t), int(spid)) },
		10*time.Second, 20*time.Millisecond, "session %d still open on the server", spid)
}

// killSession ends session spid on the server, as KILL does.
func killSession(t testing.TB, spid int64) {
	t.Helper()
	if os.Getenv(testenv.EnvVar) == "" {
		require.True(t, testenv.Server(t).KillSession(int(spid)))
	} else {
		query(t, direct(t, testenv.ConnString(t)), fmt.Sprintf("KILL %d", spid))
	}
	waitSessionGone(t, spid)
}

// logins counts the server's logins; ok is false against another server.
func logins(t testing.TB) (n int64, ok bool) {
	if os.Getenv(testenv.EnvVar) != "" {
		return 0, false
	}
	return testenv.Server(t).Logins(), true
}

// statOf returns the snapshot of the one pool of r.
func statOf(t testing.TB, r *pool.Registry) pool.Stat {
	t.Helper()
	stats := r.Stats()
	require.Len(t, stats, 1)
	return stats[0]
}

// reorder rewrites a connection string with its keywords in reverse order
// and upper case: the same pool key.
func reorder(cs string) string {
	parts := strings.Split(strings.TrimSuffix(cs, ";"), ";")
	slices.Reverse(parts)
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		parts[i] = strings.ToUpper(k) + "=" + v
	}
	return strings.Join(parts, ";")
}
