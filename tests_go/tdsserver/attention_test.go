package tdsserver_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/tsql"
)

// Requests that outlast the attention watch's delay start and stop the
// watcher; over clear text, TDS 7.4 TLS and TDS 8 the connection keeps
// its stream intact, and a cancelled request is acknowledged.
func TestWatcherStartsAndStopsCleanly(t *testing.T) {
	e, err := tsql.New(tsql.Config{Dir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { e.Close() })
	s, _ := startServer(t, tdsserver.Config{Engine: e, Encrypt: tdsserver.EncryptOff})
	for _, enc := range []string{"disable", "true", "strict"} {
		t.Run(enc, func(t *testing.T) {
			db := openDB(t, dsn(s, map[string]string{"encrypt": enc}))
			db.SetMaxOpenConns(1)
			ctx := ctxT(t)
			for i := 0; i < 20; i++ {
				var got int
				require.NoError(t, db.QueryRowContext(ctx, "WAITFOR DELAY '00:00:00.004'; SELECT @n", sql.Named("n", i)).Scan(&got))
				require.Equal(t, i, got)
				require.NoError(t, db.QueryRowContext(ctx, "SELECT @n + 1", sql.Named("n", i)).Scan(&got))
				require.Equal(t, i+1, got)
			}
			short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := db.ExecContext(short, "WAITFOR DELAY '00:00:30'")
			require.Error(t, err)
			assert.Less(t, time.Since(start), 10*time.Second)
			var one int
			require.NoError(t, db.QueryRowContext(ctx, "SELECT 1").Scan(&one))
			assert.Equal(t, 1, one)
		})
	}
}
