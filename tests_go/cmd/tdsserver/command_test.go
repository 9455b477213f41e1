package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommandEndToEnd builds the command, waits for its JSON line, runs a
// query over TLS validated with the printed CA, and stops it with SIGTERM.
func TestCommandEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "tdsserver")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-log-level", "warn")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	var ready readyLine
	require.NoError(t, json.Unmarshal([]byte(line), &ready))
	assert.Equal(t, cmd.Process.Pid, ready.PID)
	assert.Equal(t, "sa", ready.User)
	assert.True(t, strings.HasPrefix(ready.ConnectionString, "Server=tcp:127.0.0.1,"), ready.ConnectionString)
	assert.Contains(t, ready.ConnectionString, "Encrypt=yes;ServerCertificate="+ready.CertFile)
	assert.FileExists(t, ready.CAFile)

	q := url.Values{"database": {"master"}, "encrypt": {"true"}, "certificate": {ready.CAFile}}
	u := url.URL{Scheme: "sqlserver", User: url.UserPassword(ready.User, ready.Password), Host: ready.Addr, RawQuery: q.Encode()}
	db, err := sql.Open("sqlserver", u.String())
	require.NoError(t, err)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var n int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT 1").Scan(&n))
	assert.Equal(t, 1, n)
	db.Close()

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "clean exit on SIGTERM")
	case <-time.After(10 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}
