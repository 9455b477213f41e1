package session_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// TestAccessTokenLogin logs in with an Entra ID access token (FEDAUTH
// security token) instead of a password.
func TestAccessTokenLogin(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	srv, err := tdsserver.Start(tdsserver.Config{TokenIssuerKey: &key.PublicKey, Logger: quietLogger()})
	require.NoError(t, err)
	defer srv.Close()
	token, err := tdsserver.MintToken(key, tdsserver.TokenClaims("alice@example.com", time.Hour))
	require.NoError(t, err)

	cs := srv.ConnString()
	cs = cs[:strings.Index(cs, ";UID=")] + cs[strings.Index(cs, ";Encrypt="):] // no user, no password
	set, err := connstr.Parse(cs)
	require.NoError(t, err)
	cfg, err := set.Config()
	require.NoError(t, err)
	s, err := core.Open(context.Background(), cfg, core.OpenOptions{AccessToken: token, Autocommit: true})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, "alice@example.com", scalar(t, s.NewStatement(), "SELECT SUSER_NAME()"))

	bad, err := tdsserver.MintToken(key, tdsserver.TokenClaims("alice@example.com", -time.Hour))
	require.NoError(t, err)
	_, err = core.Open(context.Background(), cfg, core.OpenOptions{AccessToken: bad, Autocommit: true})
	require.Error(t, err)
	assert.Equal(t, core.ClassOperational, core.ClassOf(err))
	assert.NotContains(t, err.Error(), bad[:20])
}
