package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-listen", "127.0.0.1:1434", "-encrypt", "required", "-login", "app:p:w", "-database", "db1", "-log-level", "debug"})
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:1434", cfg.Listen)
	assert.Equal(t, tdsserver.EncryptRequired, cfg.Encrypt)
	assert.Equal(t, []tdsserver.SQLLogin{{User: "app", Password: "p:w"}}, cfg.Logins, "-login alone names the primary login")
	assert.Equal(t, []string{"db1"}, cfg.Databases)

	cfg, err = parseFlags([]string{"-user", "u", "-password", "pw", "-login", "x:y"})
	require.NoError(t, err)
	assert.Equal(t, []tdsserver.SQLLogin{{User: "u", Password: "pw"}, {User: "x", Password: "y"}}, cfg.Logins)

	cfg, err = parseFlags(nil)
	require.NoError(t, err)
	assert.Equal(t, []tdsserver.SQLLogin{{User: "sa", Password: "Str0ng!Passw0rd"}}, cfg.Logins)
	assert.Equal(t, tdsserver.EncryptOff, cfg.Encrypt)

	for _, bad := range [][]string{{"-encrypt", "maybe"}, {"-login", "nopassword"}, {"-log-level", "loud"}, {"extra"}, {"-token-issuer-key", "/nonexistent.pem"}} {
		_, err := parseFlags(bad)
		assert.Error(t, err, "%v", bad)
	}
}

func TestReadyLineFormat(t *testing.T) {
	line, err := formatReady(readyLine{Addr: "127.0.0.1:1", ConnectionString: "Server=tcp:127.0.0.1,1;PWD={a\"b}", User: "sa", Password: "p", PID: 7})
	require.NoError(t, err)
	assert.Equal(t, `{"addr": "127.0.0.1:1", "connection_string": "Server=tcp:127.0.0.1,1;PWD={a\"b}", "ca_file": "", "cert_file": "", "user": "sa", "password": "p", "pid": 7}`, line)
}
