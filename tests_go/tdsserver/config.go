package tdsserver

import (
	"crypto/rsa"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// Default credentials and listen address.
const (
	DefaultUser     = "sa"
	DefaultPassword = "Str0ng!Passw0rd"
	DefaultListen   = "127.0.0.1:0"
	DefaultDatabase = "master"
)

// EncryptMode is how the server answers a client's PRELOGIN encryption
// request (MS-TDS 2.2.6.5). Every mode but EncryptNone also accepts TDS 8
// strict connections (TLS first).
type EncryptMode string

const (
	// EncryptNone: no certificate; the server answers ENCRYPT_NOT_SUP.
	EncryptNone EncryptMode = "none"
	// EncryptOff: a certificate, encryption off by default, as SQL Server
	// without Force Encryption. A client that sends ENCRYPT_OFF gets
	// login-only encryption; ENCRYPT_ON gets full encryption;
	// ENCRYPT_NOT_SUP stays in clear. The default.
	EncryptOff EncryptMode = "off"
	// EncryptOn: encryption on whenever the client can (ENCRYPT_OFF and
	// ENCRYPT_ON clients are fully encrypted); ENCRYPT_NOT_SUP clients stay
	// in clear.
	EncryptOn EncryptMode = "on"
	// EncryptRequired: SQL Server's Force Encryption. Every client is fully
	// encrypted; one that cannot encrypt is answered ENCRYPT_REQ and
	// disconnected.
	EncryptRequired EncryptMode = "required"
)

// ParseEncryptMode parses "none", "off", "on" or "required".
func ParseEncryptMode(s string) (EncryptMode, error) {
	switch m := EncryptMode(strings.ToLower(s)); m {
	case EncryptNone, EncryptOff, EncryptOn, EncryptRequired:
		return m, nil
	}
	return "", fmt.Errorf("tdsserver: unknown encryption mode %q (want none, off, on or required)", s)
}

// SQLLogin is a SQL Server login the server accepts.
type SQLLogin struct {
	User, Password string
}

// Config configures a Server. The zero value is usable: it listens on
// 127.0.0.1 (random port) with login sa / Str0ng!Passw0rd, a generated
// certificate (encryption for every client that asks), and an in-memory
// engine.
type Config struct {
	// Listen is the TCP address; default 127.0.0.1:0.
	Listen string
	// Engine runs the SQL. Nil means the T-SQL engine over SQLite (package
	// tsql) with DBDir and Databases.
	Engine backend.Engine
	// DBDir makes the default engine file-backed; empty is in-memory.
	DBDir string
	// Databases the default engine creates besides master and tempdb.
	Databases []string
	// Logins are the accepted SQL logins; the first is the one ConnString
	// uses. Default: sa / Str0ng!Passw0rd.
	Logins []SQLLogin
	// Encrypt is the encryption mode; default EncryptOff (SQL Server's own
	// default: clients that ask for encryption get it).
	Encrypt EncryptMode
	// CertFile and KeyFile are a PEM certificate chain and key. When empty
	// the server generates a CA and a certificate for localhost, 127.0.0.1
	// and ::1, and writes them to CertDir.
	CertFile, KeyFile string
	// CertDir receives generated certificates; empty means a new temporary
	// directory, removed by Close.
	CertDir string
	// TokenIssuerKey verifies FEDAUTH security tokens (RS256 JWTs). Nil
	// refuses token logins.
	TokenIssuerKey *rsa.PublicKey
	// ServerName appears in ERROR and INFO tokens; default the host name.
	ServerName string
	// Logger receives the server's log; default slog to stderr at Info.
	// Passwords and tokens are never logged.
	Logger *slog.Logger
}

func (cfg *Config) applyDefaults() error {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if len(cfg.Logins) == 0 {
		cfg.Logins = []SQLLogin{{DefaultUser, DefaultPassword}}
	}
	if cfg.Encrypt == "" {
		cfg.Encrypt = EncryptOff
	}
	if _, err := ParseEncryptMode(string(cfg.Encrypt)); err != nil {
		return err
	}
	if cfg.ServerName == "" {
		cfg.ServerName, _ = os.Hostname()
		if cfg.ServerName == "" {
			cfg.ServerName = "tdsserver"
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return nil
}
