package tdsserver_test

import (
	"errors"
	"testing"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// TestLoginEncryptionMatrix logs in with go-mssqldb in each server mode and
// client setting, and checks through a recording proxy what travelled in
// clear: the query text, the password, or nothing.
func TestLoginEncryptionMatrix(t *testing.T) {
	cases := []struct {
		name        string
		mode        tdsserver.EncryptMode
		clientEnc   string
		wantErr     string
		clearQuery  bool // the batch text is visible on the wire
		clearPasswd bool // LOGIN7 travelled in clear
	}{
		{"on/client-on", tdsserver.EncryptOn, "true", "", false, false},
		{"on/client-off", tdsserver.EncryptOn, "false", "", false, false},
		{"on/client-notsup", tdsserver.EncryptOn, "disable", "", true, true},
		{"off/client-off is login-only", tdsserver.EncryptOff, "false", "", true, false},
		{"off/client-on", tdsserver.EncryptOff, "true", "", false, false},
		{"off/client-notsup", tdsserver.EncryptOff, "disable", "", true, true},
		{"required/client-off", tdsserver.EncryptRequired, "false", "", false, false},
		{"required/client-notsup", tdsserver.EncryptRequired, "disable", "EOF", false, false},
		{"none/client-notsup", tdsserver.EncryptNone, "disable", "", true, true},
		{"none/client-on", tdsserver.EncryptNone, "true", "server does not support encryption", false, false},
		{"on/strict", tdsserver.EncryptOn, "strict", "", false, false},
		{"required/strict", tdsserver.EncryptRequired, "strict", "", false, false},
		{"none/strict", tdsserver.EncryptNone, "strict", "EOF", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := startServer(t, tdsserver.Config{Encrypt: tc.mode})
			p := newRecordingProxy(t, s.Addr())
			params := map[string]string{"encrypt": tc.clientEnc, "hostNameInCertificate": "localhost"}
			db := openDB(t, dsnAt(s, p.Addr(), params))
			var n int
			err := db.QueryRowContext(ctxT(t), "select 1").Scan(&n)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			assert.Equal(t, tc.clearQuery, p.sawClient(utf16("select 1")), "query text in clear")
			assert.Equal(t, tc.clearPasswd, p.sawClient(utf16("master")), "LOGIN7 in clear")
		})
	}
}

func TestWrongPasswordGives18456AndCloses(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	u := dsn(s, nil)
	u = replaceUserInfo(u, s.User(), "wrong")
	db := openDB(t, u)
	err := db.PingContext(ctxT(t))
	require.Error(t, err)
	var me mssql.Error
	require.True(t, errors.As(err, &me), "error %T: %v", err, err)
	assert.EqualValues(t, 18456, me.Number)
	assert.EqualValues(t, 14, me.Class)
	assert.Contains(t, me.Message, "Login failed for user 'sa'.")
}

func TestUnknownUserGives18456(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, replaceUserInfo(dsn(s, nil), "nobody", "x"))
	err := db.PingContext(ctxT(t))
	var me mssql.Error
	require.True(t, errors.As(err, &me), "error %v", err)
	assert.EqualValues(t, 18456, me.Number)
}

func TestUnknownDatabaseGives4060(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, map[string]string{"database": "nosuchdb"}))
	err := db.PingContext(ctxT(t))
	var me mssql.Error
	require.True(t, errors.As(err, &me), "error %v", err)
	numbers := []int32{}
	for _, e := range me.All {
		numbers = append(numbers, e.Number)
	}
	assert.Equal(t, []int32{4060, 18456}, numbers)
}

func TestConfiguredLoginsAndLoginFields(t *testing.T) {
	s, e := startServer(t, tdsserver.Config{Logins: []tdsserver.SQLLogin{{"app", "pw;{x}"}, {"other", "two"}}})
	assert.Contains(t, s.ConnString(), "PWD={pw;{x}}}")
	db := openDB(t, dsn(s, map[string]string{"app name": "myapp", "ApplicationIntent": "ReadOnly", "database": "tempdb"}))
	require.NoError(t, db.PingContext(ctxT(t)))
	l := e.lastLogin()
	assert.Equal(t, "app", l.User)
	assert.Equal(t, "myapp", l.AppName)
	assert.Equal(t, "tempdb", l.Database)
	assert.True(t, l.ReadOnly)
	assert.NotZero(t, l.SPID)
	db2 := openDB(t, replaceUserInfo(dsn(s, nil), "other", "two"))
	require.NoError(t, db2.PingContext(ctxT(t)))
}

// TestCertFileAloneIsTrusted: ConnString names the server certificate
// (ServerCertificate=); trusting that one file, without the CA, verifies the
// server for Go TLS (go-mssqldb's certificate=), in TDS 7.4 and TDS 8.
func TestCertFileAloneIsTrusted(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	assert.Contains(t, s.ConnString(), ";Encrypt=yes;ServerCertificate="+s.CertFile())
	for _, enc := range []string{"true", "strict"} {
		db := openDB(t, dsn(s, map[string]string{"encrypt": enc, "certificate": s.CertFile()}))
		require.NoError(t, db.PingContext(ctxT(t)), enc)
	}
}
