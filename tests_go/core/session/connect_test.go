package session_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pickletest"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// tryOpen connects with a connection string and returns the error.
func tryOpen(t *testing.T, cs string) (*core.Session, error) {
	t.Helper()
	set, err := connstr.Parse(cs)
	require.NoError(t, err)
	cfg, err := set.Config()
	require.NoError(t, err)
	s, err := core.Open(context.Background(), cfg, core.OpenOptions{Autocommit: true, LoginTimeout: 5 * time.Second})
	if s != nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}

func TestEncryptionAndCertificates(t *testing.T) {
	srv := testenv.Server(t)
	base := fmt.Sprintf("Server=tcp:127.0.0.1,%d;UID=%s;PWD={%s}", srv.Port(), srv.User(), strings.ReplaceAll(srv.Password(), "}", "}}"))
	good := []string{
		base + ";Encrypt=yes;ServerCertificate=" + srv.CertFile(),
		base + ";Encrypt=yes;TrustServerCertificate=yes",
		base + ";Encrypt=strict;ServerCertificate=" + srv.CertFile(),
		base + ";Encrypt=no",
		base + ";Encrypt=yes;ServerCertificate=" + srv.CertFile() + ";HostNameInCertificate=localhost",
	}
	for _, cs := range good {
		t.Run("ok "+cs[len(base):], func(t *testing.T) {
			s, err := tryOpen(t, cs)
			require.NoError(t, err)
			assert.Equal(t, int64(1), scalar(t, s.NewStatement(), "SELECT 1"))
		})
	}
	bad := []string{
		base,                     // Encrypt=yes by default, and the test CA is not trusted
		base + ";Encrypt=strict", // strict always verifies
		base + ";Encrypt=strict;TrustServerCertificate=yes",
		base + ";HostNameInCertificate=not-this-host.example",
	}
	for _, cs := range bad {
		t.Run("refused "+cs[len(base):], func(t *testing.T) {
			_, err := tryOpen(t, cs)
			require.Error(t, err)
			assert.Equal(t, core.ClassOperational, core.ClassOf(err))
			assert.True(t, core.SafeToRetry(err))
			assert.NotContains(t, err.Error(), srv.Password())
		})
	}
}

func TestLoginErrors(t *testing.T) {
	srv := testenv.Server(t)
	base := fmt.Sprintf("Server=tcp:127.0.0.1,%d;Encrypt=no", srv.Port())
	_, err := tryOpen(t, base+";UID=sa;PWD=wrong-hunter2")
	require.Error(t, err)
	var se *core.ServerError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int32(18456), se.Number)
	assert.Equal(t, core.ClassOperational, core.ClassOf(err))
	assert.NotContains(t, err.Error(), "hunter2")

	_, err = tryOpen(t, fmt.Sprintf("%s;UID=%s;PWD={%s};Database=no_such_db", base, srv.User(), srv.Password()))
	require.Error(t, err)
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int32(4060), se.Number)
}

func TestSessionInfoAndLoginFields(t *testing.T) {
	cs := testenv.ConnString(t)
	s := open(t, cs+";APP=info-test;WSID=box-7")
	st := s.NewStatement()
	assert.Equal(t, "info-test", scalar(t, st, "SELECT APP_NAME()"))
	assert.Equal(t, "box-7", scalar(t, st, "SELECT HOST_NAME()"))
	run(t, st, "USE tempdb")
	info := pickletest.Python(t, rowenc.PickleDict(s.Info()))[0]
	assert.Contains(t, info, "'autocommit': True")
	assert.Contains(t, info, "'database': 'tempdb'")
	assert.Contains(t, info, "'in_transaction': False")
	assert.Regexp(t, `'spid': [1-9]\d*`, info)
	assert.Regexp(t, `'server_version': '\d+\.\d+\.\d+'`, info)
	assert.Regexp(t, `'packet_size': [1-9]\d*`, info)
	assert.Regexp(t, `'tds_version': [1-9]\d*`, info)
}

func TestKilledSessionIsABadConnection(t *testing.T) {
	srv := testenv.Server(t)
	s := open(t, testenv.ConnString(t))
	st := s.NewStatement()
	spid := scalar(t, st, "SELECT @@SPID").(int64)
	require.True(t, srv.KillSession(int(spid)))
	_, err := st.Execute(ctx(t), "SELECT 1", nil, 0)
	require.Error(t, err)
	assert.True(t, core.IsBadConn(err), "%v", err)
	assert.Equal(t, core.ClassOperational, core.ClassOf(err))
	assert.False(t, s.Valid())
}

func TestConnectionDroppedMidResult(t *testing.T) {
	srv := testenv.Server(t)
	s := open(t, testenv.ConnString(t))
	st := s.NewStatement()
	spid := scalar(t, st, "SELECT @@SPID").(int64)
	srv.DropAfterRows(int(spid), 100)
	ok, err := st.Execute(ctx(t), "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 9999) SELECT i FROM n OPTION (MAXRECURSION 0)", nil, 0)
	if err == nil {
		require.True(t, ok)
		_, err = fetchAll(t, st)
	}
	require.Error(t, err)
	assert.True(t, core.IsBadConn(err), "%v", err)
	assert.False(t, s.Valid())
}
