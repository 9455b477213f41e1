package tdsserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// certificates is the server's TLS identity and the files tests trust.
type certificates struct {
	cert     tls.Certificate
	caFile   string // the CA to trust (generated certificates only)
	certFile string // the server certificate (PEM)
	tmpDir   string // removed on Close when the server created it
}

// loadCertificates reads the configured files or generates a CA and a
// server certificate for localhost, 127.0.0.1 and ::1.
func loadCertificates(cfg *Config) (*certificates, error) {
	if cfg.CertFile != "" || cfg.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tdsserver: loading certificate: %w", err)
		}
		return &certificates{cert: cert, certFile: cfg.CertFile}, nil
	}
	if cfg.Encrypt == EncryptNone {
		return nil, nil
	}
	return generateCertificates(cfg.CertDir)
}

func generateCertificates(dir string) (*certificates, error) {
	c := &certificates{}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "tdsserver-certs-")
		if err != nil {
			return nil, err
		}
		dir, c.tmpDir = tmp, tmp
	}
	caKey, caCert, caDER, err := newCA()
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, serverTemplate(), caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("tdsserver: creating server certificate: %w", err)
	}
	c.cert = tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}
	c.caFile = filepath.Join(dir, "ca.pem")
	c.certFile = filepath.Join(dir, "server.pem")
	if err := writePEM(c.caFile, caDER); err != nil {
		return nil, err
	}
	return c, writePEM(c.certFile, der)
}

func newCA() (*ecdsa.PrivateKey, *x509.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "tdsserver test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(5, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("tdsserver: creating CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	return key, cert, der, err
}

func serverTemplate() *x509.Certificate {
	return &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: "localhost"},
		// The loopback addresses are listed as DNS names too: msodbcsql matches
		// the server name against DNS names only.
		DNSNames:    []string{"localhost", "127.0.0.1", "::1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		NotBefore:   time.Now().Add(-time.Hour),
		NotAfter:    time.Now().AddDate(1, 0, 0),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
}

func randomSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

func writePEM(path string, der []byte) error {
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return os.WriteFile(path, data, 0o644)
}
