package tdsserver_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecretsNeverLogged(t *testing.T) {
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, _ := startServer(t, tdsserver.Config{Logger: logger, TokenIssuerKey: &issuerKey.PublicKey})
	require.NoError(t, openDB(t, dsn(s, nil)).PingContext(ctxT(t)))
	openDB(t, replaceUserInfo(dsn(s, nil), "sa", "Wr0ng-Secret!")).PingContext(ctxT(t))
	expired, err := tdsserver.MintToken(issuerKey, tdsserver.TokenClaims("carol", -time.Hour))
	require.NoError(t, err)
	tokenDB(t, s, expired).PingContext(ctxT(t))
	out := logs.String()
	assert.Contains(t, out, "login refused")
	for _, secret := range []string{s.Password(), "Wr0ng-Secret!", expired, expired[len(expired)-20:]} {
		assert.NotContains(t, out, secret)
	}
}

func TestFeatureExtAckOnlyForFeaturesAsked(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	for _, withUTF8 := range []bool{false, true} {
		c := dialRaw(t, s)
		c.prelogin(tds.EncryptNotSup)
		req := tds.Login7Request{TDSVersion: tds.Version74, PacketSize: 4096, UserName: "sa", Password: s.Password(),
			Features: []tds.Feature{{ID: tds.FeatureSessionRecovery, Data: []byte{0, 0, 0, 0}}}}
		if withUTF8 {
			req.Features = append(req.Features, tds.Feature{ID: tds.FeatureUTF8Support})
		}
		c.send(tds.PacketLogin7, tds.AppendLogin7(nil, req))
		m := c.read()
		toks := c.tokens(m)
		types := tokenTypes(toks)
		assert.Equal(t, withUTF8, bytes.Contains(types, []byte{tds.TokenFeatureExtAck}), "FEATUREEXTACK iff a supported feature was asked")
		if withUTF8 {
			i := bytes.Index(m.Data, []byte{tds.TokenFeatureExtAck, tds.FeatureUTF8Support})
			require.GreaterOrEqual(t, i, 0)
			assert.Equal(t, []byte{1, 0, 0, 0, 1, 0xFF}, m.Data[i+2:i+8], "UTF8_SUPPORT acknowledged, session recovery not")
		}
		assert.Equal(t, []byte{tds.TokenEnvChange, tds.TokenInfo, tds.TokenEnvChange, tds.TokenEnvChange, tds.TokenInfo, tds.TokenLoginAck},
			types[:6], "SQL Server's login response order")
	}
}

func TestUnsupportedTransactionManagerRequests(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 4096)
	for _, typ := range []uint16{tds.TMGetDTCAddress, tds.TMPropagateXact, tds.TMPromoteXact} {
		c.send(tds.PacketTransaction, binary.LittleEndian.AppendUint16(allHeaders(), typ))
		toks := c.tokens(c.read())
		require.Equal(t, []byte{tds.TokenError, tds.TokenDone}, tokenTypes(toks))
		assert.EqualValues(t, 8509, toks[0].number)
		assert.Equal(t, tds.DoneError, toks[1].done.Status)
	}
	req := binary.LittleEndian.AppendUint16(allHeaders(), tds.TMBeginXact)
	c.send(tds.PacketTransaction, append(req, 2, 0)) // read committed, no name
	toks := c.tokens(c.read())
	assert.Equal(t, []byte{tds.TokenEnvChange, tds.TokenDone}, tokenTypes(toks))
	assert.EqualValues(t, tds.EnvBeginTx, toks[0].env)
}

// TestMemoryStaysBoundedWhileStreaming streams about 100 MB of rows (500,000) and
// checks that the heap never holds the result set.
func TestMemoryStaysBoundedWhileStreaming(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 100 MB")
	}
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 32767)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}
	}()
	c.send(tds.PacketSQLBatch, batch("select rows 500000"))
	var bytesRead int
	for {
		h, payload, err := c.r.ReadPacket()
		require.NoError(t, err)
		bytesRead += len(payload)
		if h.Status&tds.StatusEOM != 0 {
			break
		}
	}
	close(stop)
	assert.Greater(t, bytesRead, 90<<20)
	assert.Less(t, peak.Load(), uint64(64<<20), "peak heap %d MB", peak.Load()>>20)
	t.Logf("peak heap %d MB while streaming %d MB", peak.Load()>>20, bytesRead>>20)
}

func TestOldTDSVersionsRefusedReadably(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	for _, withPrelogin := range []bool{true, false} { // TDS 7.0 clients send LOGIN7 first
		c := dialRaw(t, s)
		if withPrelogin {
			c.prelogin(tds.EncryptNotSup)
		}
		c.send(tds.PacketLogin7, tds.AppendLogin7(nil, tds.Login7Request{TDSVersion: tds.Version71, UserName: "sa", Password: s.Password()}))
		m := c.read()
		require.Equal(t, byte(tds.TokenError), m.Data[0])
		assert.Contains(t, tds.DecodeUCS2(m.Data[11:]), "use TDS 7.2 or later")
		assert.Equal(t, []byte{tds.TokenDone, byte(tds.DoneError), 0, 0, 0, 0, 0, 0, 0}, m.Data[len(m.Data)-9:], "7.1 DONE: 4-byte row count")
	}
}

func TestCertificateFromFiles(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "files"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	certFile, keyFile := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))

	s, _ := startServer(t, tdsserver.Config{CertFile: certFile, KeyFile: keyFile, Encrypt: tdsserver.EncryptRequired})
	assert.Equal(t, certFile, s.CertFile())
	assert.Empty(t, s.CAFile())
	for _, enc := range []string{"true", "strict"} {
		db := openDB(t, dsn(s, map[string]string{"encrypt": enc, "certificate": certFile}))
		require.NoError(t, db.PingContext(ctxT(t)), enc)
	}
	_, err = tdsserver.Start(tdsserver.Config{Engine: &scriptEngine{}, CertFile: certFile, KeyFile: certFile, Logger: testLogger()})
	assert.Error(t, err, "a certificate file is not a key")
}
