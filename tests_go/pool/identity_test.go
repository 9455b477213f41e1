package pool_test

import (
	"crypto/rand"
	"crypto/rsa"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// Behaviour 4: token logins get one pool per identity (keyed by a hash of
// the token): two users never share a session, and no token is shown.
func TestPoolsPerTokenIdentity(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	srv, err := tdsserver.Start(tdsserver.Config{TokenIssuerKey: &key.PublicKey,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	defer srv.Close()
	alice, err := tdsserver.MintToken(key, tdsserver.TokenClaims("alice@example.com", time.Hour))
	require.NoError(t, err)
	bob, err := tdsserver.MintToken(key, tdsserver.TokenClaims("bob@example.com", time.Hour))
	require.NoError(t, err)
	cs := srv.ConnString()
	cs = cs[:strings.Index(cs, ";UID=")] + cs[strings.Index(cs, ";Encrypt="):] // no user, no password

	r := registry(t, nil)
	user := func(token string) (string, int64) {
		c := newClient(t, r, cs, core.OpenOptions{AccessToken: token, Autocommit: true, LoginTimeout: 10 * time.Second})
		s := c.get(t)
		defer c.put(t, s)
		return scalar(t, s, "SELECT SUSER_NAME()").(string), spid(t, s)
	}
	nameA, spidA := user(alice)
	nameB, spidB := user(bob)
	nameA2, spidA2 := user(alice)
	assert.Equal(t, "alice@example.com", nameA)
	assert.Equal(t, "bob@example.com", nameB)
	assert.NotEqual(t, spidA, spidB, "bob never gets alice's session")
	assert.Equal(t, "alice@example.com", nameA2)
	assert.Equal(t, spidA, spidA2, "alice gets hers back")

	stats := r.Stats()
	require.Len(t, stats, 2)
	for _, st := range stats {
		assert.Contains(t, st.Key, "AccessToken=sha256:")
		assert.NotContains(t, st.Key, alice[:40])
		assert.NotContains(t, st.Key, bob[:40])
	}
	assert.NotEqual(t, stats[0].Key, stats[1].Key)
}
