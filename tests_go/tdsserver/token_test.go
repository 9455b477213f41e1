package tdsserver_test

import (
	"crypto/rand"
	"crypto/rsa"
	"database/sql"
	"errors"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

var issuerKey, forgerKey *rsa.PrivateKey

func init() {
	var err error
	if issuerKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
	if forgerKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		panic(err)
	}
}

func tokenDB(t *testing.T, s *tdsserver.Server, token string) *sql.DB {
	u := dsn(s, nil)
	u = replaceUserInfo(u, "", "")
	conn, err := mssql.NewAccessTokenConnector(u, func() (string, error) { return token, nil })
	require.NoError(t, err)
	db := sql.OpenDB(conn)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestTokenLogin(t *testing.T) {
	s, e := startServer(t, tdsserver.Config{TokenIssuerKey: &issuerKey.PublicKey})
	valid, err := tdsserver.MintToken(issuerKey, tdsserver.TokenClaims("alice@example.com", time.Hour))
	require.NoError(t, err)
	expired, err := tdsserver.MintToken(issuerKey, tdsserver.TokenClaims("alice@example.com", -time.Minute))
	require.NoError(t, err)
	forged, err := tdsserver.MintToken(forgerKey, tdsserver.TokenClaims("alice@example.com", time.Hour))
	require.NoError(t, err)
	wrongAud := tdsserver.TokenClaims("alice@example.com", time.Hour)
	wrongAud["aud"] = "https://vault.azure.net"
	otherAudience, err := tdsserver.MintToken(issuerKey, wrongAud)
	require.NoError(t, err)

	require.NoError(t, tokenDB(t, s, valid).PingContext(ctxT(t)))
	assert.Equal(t, "alice@example.com", e.lastLogin().User)

	for name, tok := range map[string]string{"expired": expired, "forged": forged, "audience": otherAudience, "garbage": "not-a-jwt"} {
		err := tokenDB(t, s, tok).PingContext(ctxT(t))
		var me mssql.Error
		require.True(t, errors.As(err, &me), "%s: %v", name, err)
		assert.EqualValues(t, 18456, me.Number, name)
		assert.Contains(t, me.Message, "Login failed for user '<token-identified principal>'.", name)
	}
}

func TestTokenLoginRefusedWithoutIssuerKey(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	valid, err := tdsserver.MintToken(issuerKey, tdsserver.TokenClaims("bob", time.Hour))
	require.NoError(t, err)
	err = tokenDB(t, s, valid).PingContext(ctxT(t))
	var me mssql.Error
	require.True(t, errors.As(err, &me), "%v", err)
	assert.EqualValues(t, 18456, me.Number)
}
