package testenv

import (
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// EnvVar names the environment variable that points tests at a real server.
const EnvVar = "MSSQL_CONNECTION_STRING"

var (
	once   sync.Once
	server *tdsserver.Server
	err    error
)

// ConnString returns MSSQL_CONNECTION_STRING when it is set, otherwise the
// ODBC-style connection string of the in-process test server, starting it
// on first use.
func ConnString(tb testing.TB) string {
	tb.Helper()
	if cs := os.Getenv(EnvVar); cs != "" {
		return cs
	}
	return Server(tb).ConnString()
}

// Server returns the in-process test server (for its fault controls),
// starting it on first use. It skips the test when MSSQL_CONNECTION_STRING
// points at another server.
func Server(tb testing.TB) *tdsserver.Server {
	tb.Helper()
	if os.Getenv(EnvVar) != "" {
		tb.Skipf("%s is set: the in-process test server and its fault controls are not in use", EnvVar)
	}
	once.Do(start)
	if err != nil {
		tb.Fatalf("testenv: starting the TDS test server: %v", err)
	}
	return server
}

func start() {
	level := slog.LevelWarn
	if os.Getenv("TDSSERVER_LOG") != "" {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	server, err = tdsserver.Start(tdsserver.Config{Logger: logger})
}

// Run runs the tests and then closes the in-process server, if one was
// started. Use it from TestMain.
func Run(m *testing.M) int {
	code := m.Run()
	if server != nil {
		server.Close()
	}
	return code
}
