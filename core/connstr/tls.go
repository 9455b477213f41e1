package connstr

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"strings"
)

// translateTLS sets encryption as ODBC Driver 18 does:
//   - Encrypt=yes (the default) or Mandatory: TLS for the whole session,
//     the certificate verified unless TrustServerCertificate=yes;
//   - Encrypt=strict: TDS 8 (TLS first), always verified;
//   - Encrypt=no or Optional: only the login packet is encrypted when the
//     server supports it, and the server is not authenticated.
//
// HostnameInCertificate names the host the certificate must carry;
// ServerCertificate pins the exact certificate (PEM or DER) instead of a
// chain and host name check.
func translateTLS(s Settings, c *Config) error {
	mode, err := encryptMode(s)
	if err != nil {
		return err
	}
	trust := false
	if v, ok := s.values[KeyTrustServerCert]; ok {
		if trust, err = parseYesNo(KeyTrustServerCert, v); err != nil {
			return err
		}
	}
	if mode == EncryptionStrict {
		trust = false
	}
	if mode == EncryptionOff {
		trust = true
	}
	host, hostGiven := s.values[KeyHostNameInCert]
	if !hostGiven {
		host = c.Login.Host
	}
	cfg := &tls.Config{ServerName: host, InsecureSkipVerify: trust, DynamicRecordSizingDisabled: true}
	if pin, ok := s.values[KeyServerCertificate]; ok && !trust {
		if err := pinCertificate(cfg, pin); err != nil {
			return err
		}
	}
	c.Login.Encryption = mode
	c.Login.TLSConfig = cfg
	c.Login.TrustServerCertificate = trust
	c.Login.HostInCertificateProvided = hostGiven
	return nil
}

func encryptMode(s Settings) (Encryption, error) {
	v, ok := s.values[KeyEncrypt]
	if !ok {
		return EncryptionRequired, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "mandatory", "1":
		return EncryptionRequired, nil
	case "no", "false", "optional", "0":
		return EncryptionOff, nil
	case "strict":
		return EncryptionStrict, nil
	}
	return 0, invalid(KeyEncrypt, v, "yes, no, mandatory, optional or strict")
}

// pinCertificate makes the handshake accept exactly the certificate in
// file, compared byte for byte, with no chain or host name check (the
// ServerCertificate semantics of ODBC Driver 18).
func pinCertificate(cfg *tls.Config, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		reason := "cannot read the certificate file"
		var pe *os.PathError
		if errors.As(err, &pe) {
			reason += ": " + pe.Err.Error()
		}
		return &ValueError{Key: KeyServerCertificate, Reason: reason}
	}
	der := data
	if block, _ := pem.Decode(data); block != nil {
		der = block.Bytes
	}
	if _, err := x509.ParseCertificate(der); err != nil {
		return &ValueError{Key: KeyServerCertificate, Reason: "the file holds no PEM or DER certificate"}
	}
	cfg.InsecureSkipVerify = true // replaced by the exact comparison below
	cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 || !bytes.Equal(raw[0], der) {
			return errors.New("the server's certificate is not the one ServerCertificate names")
		}
		return nil
	}
	return nil
}
