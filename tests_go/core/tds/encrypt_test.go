package tds_test

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

var (
	serversMu sync.Mutex
	servers   = map[tdsserver.EncryptMode]*tdsserver.Server{}
)

// serverWith returns an in-process test server in the given encryption
// mode, started once per test binary.
func serverWith(t *testing.T, mode tdsserver.EncryptMode) *tdsserver.Server {
	t.Helper()
	if os.Getenv("MSSQL_CONNECTION_STRING") != "" {
		t.Skip("encryption modes need the in-process test server")
	}
	serversMu.Lock()
	defer serversMu.Unlock()
	if s := servers[mode]; s != nil {
		return s
	}
	s, err := tdsserver.Start(tdsserver.Config{Encrypt: mode, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	servers[mode] = s
	return s
}

func TestEncryptionModes(t *testing.T) {
	type outcome struct {
		ok, encrypted bool
	}
	cases := []struct {
		server tdsserver.EncryptMode
		client string
		want   outcome
	}{
		{tdsserver.EncryptNone, "no", outcome{true, false}},
		{tdsserver.EncryptNone, "yes", outcome{false, false}},
		{tdsserver.EncryptNone, "strict", outcome{false, false}},
		{tdsserver.EncryptOff, "no", outcome{true, false}}, // login-only TLS
		{tdsserver.EncryptOff, "yes", outcome{true, true}},
		{tdsserver.EncryptOff, "strict", outcome{true, true}},
		{tdsserver.EncryptOn, "no", outcome{true, true}},
		{tdsserver.EncryptOn, "yes", outcome{true, true}},
		{tdsserver.EncryptRequired, "no", outcome{true, true}},
		{tdsserver.EncryptRequired, "yes", outcome{true, true}},
		{tdsserver.EncryptRequired, "strict", outcome{true, true}},
	}
	for _, tc := range cases {
		t.Run(string(tc.server)+"/"+tc.client, func(t *testing.T) {
			s := serverWith(t, tc.server)
			cs := strings.Replace(strings.Replace(s.ConnString(), "Encrypt=no", "Encrypt=yes", 1), "Encrypt=yes", "Encrypt="+tc.client, 1)
			c, err := tds.Connect(ctx(t), configOf(t, cs))
			if !tc.want.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			defer c.Close()
			assert.Equal(t, tc.want.encrypted, c.Session().Encrypted)
			res := query(t, c, "SELECT REPLICATE(CAST(N'x' AS nvarchar(max)), 20000) AS big")
			require.Len(t, res.sets, 1, "%v", res.messages)
			assert.Len(t, res.sets[0][0][0], 20000)
		})
	}
}

func caConfig(t *testing.T, s *tdsserver.Server) *tls.Config {
	pem, err := os.ReadFile(s.CAFile())
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pem))
	return &tls.Config{RootCAs: pool}
}

func TestCertificateChecks(t *testing.T) {
	s := serverWith(t, tdsserver.EncryptOff)
	base := configOf(t, s.ConnString())

	t.Run("system roots reject the test CA", func(t *testing.T) {
		cfg := *base
		cfg.TLS = &tls.Config{}
		_, err := tds.Connect(ctx(t), &cfg)
		require.Error(t, err)
		assert.True(t, tds.IsBadConn(err), "%v", err)
	})
	t.Run("a CA file verifies the chain and the host", func(t *testing.T) {
		cfg := *base
		cfg.TLS = caConfig(t, s)
		c := connectCfg(t, &cfg)
		assert.True(t, c.Session().Encrypted)
	})
	t.Run("HostNameInCertificate must match", func(t *testing.T) {
		cfg := *base
		cfg.TLS, cfg.HostInCertificate = caConfig(t, s), "db.example.com"
		_, err := tds.Connect(ctx(t), &cfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "db.example.com")
		cfg.HostInCertificate = "localhost"
		connectCfg(t, &cfg)
	})
	t.Run("strict verifies too", func(t *testing.T) {
		cfg := *base
		cfg.Encryption, cfg.TLS = tds.EncryptStrict, &tls.Config{}
		_, err := tds.Connect(ctx(t), &cfg)
		require.Error(t, err)
		cfg.TLS = caConfig(t, s)
		c := connectCfg(t, &cfg)
		assert.Equal(t, tds.VersionTDS74, c.Session().TDSVersion)
	})
	t.Run("a pinned certificate that differs is refused", func(t *testing.T) {
		cs := strings.Replace(s.ConnString(), "ServerCertificate="+s.CertFile(), "ServerCertificate="+s.CAFile(), 1)
		_, err := tds.Connect(ctx(t), configOf(t, cs))
		require.Error(t, err)
	})
	t.Run("TrustServerCertificate skips the check", func(t *testing.T) {
		cfg := *base
		cfg.TLS = &tls.Config{InsecureSkipVerify: true}
		connectCfg(t, &cfg)
	})
}
