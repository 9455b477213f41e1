package tds

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

// Encryption is how a connection uses TLS (the ODBC Encrypt keyword).
type Encryption int

// Encryption modes.
const (
	// EncryptMandatory asks for TLS on the whole session and fails when the
	// server cannot do it (Encrypt=yes, the default).
	EncryptMandatory Encryption = iota
	// EncryptOptional encrypts at least the login when the server has a
	// certificate, the whole session when the server requires it, and
	// nothing when the server cannot (Encrypt=no).
	EncryptOptional
	// EncryptStrict is TDS 8: TLS before anything else, ALPN tds/8.0
	// (Encrypt=strict).
	EncryptStrict
)

// IPPreference orders the addresses a host name resolves to.
type IPPreference int

// Address orders.
const (
	IPv4First IPPreference = iota
	IPv6First
	IPPlatformDefault
)

// Config is what Connect needs. The zero value of each field is its
// default.
type Config struct {
	Host     string // name or address; "" means localhost
	Port     uint16 // 0: 1433, or the SQL Browser's answer for Instance
	Instance string // named instance, looked up through the SQL Browser

	Encryption Encryption
	// TLS holds the certificate checks (roots, pinning, or no check); it
	// is cloned. ServerName is set from HostInCertificate or the host.
	TLS               *tls.Config
	HostInCertificate string

	User, Password string
	// AccessToken logs in with an Entra ID access token (FEDAUTH security
	// token) instead of a password.
	AccessToken string
	// FedAuth, when set, logs in through the MSAL/ADAL workflow: the server
	// names its token endpoint (FEDAUTHINFO) and FedAuth returns the token.
	FedAuth *FedAuthWorkflow
	// SSPI, when set, logs in with integrated authentication through the
	// provider (e.g. an NTLM or Kerberos implementation).
	SSPI SSPIProvider
	// Integrated asks for integrated authentication; without SSPI it fails
	// with a *NotSupportedError.
	Integrated bool

	Database, Language, AppName, Workstation, ServerName string
	PacketSize                                           int // 0: DefaultPacketSize
	ReadOnlyIntent                                       bool
	UTF8                                                 bool // ask for UTF8_SUPPORT

	MultiSubnetFailover bool
	IPPreference        IPPreference
	KeepAlive           net.KeepAliveConfig
	// BrowserPort is the SQL Browser's UDP port (0: 1434).
	BrowserPort int
	// Dial replaces the TCP dialer (tests, proxies).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// AttentionTimeout bounds the wait for a cancelled request's
	// acknowledgement before the connection is dropped (0: 10 s).
	AttentionTimeout time.Duration
	// MaxRedirects bounds routing redirects (0: 5).
	MaxRedirects int
	// ActivityID is sent in PRELOGIN TRACEID for server-side tracing.
	ActivityID [16]byte
}

// FedAuthWorkflow is the MSAL/ADAL federated authentication workflow.
type FedAuthWorkflow struct {
	// Workflow is the ADAL workflow byte: 1 password, 2 integrated, 3 managed
	// identity, as the server documents them.
	Workflow byte
	// Token returns an access token for the server's STS URL and SPN.
	Token func(ctx context.Context, stsURL, spn string) (string, error)
}

// SSPIProvider produces the SSPI (SPNEGO) tokens of integrated
// authentication; its method set matches go-mssqldb's
// integratedauth.IntegratedAuthenticator.
type SSPIProvider interface {
	InitialBytes() ([]byte, error)
	NextBytes([]byte) ([]byte, error)
	Free()
}

func (c *Config) port() uint16 {
	if c.Port == 0 {
		return 1433
	}
	return c.Port
}

func (c *Config) host() string {
	if c.Host == "" {
		return "localhost"
	}
	return c.Host
}

func (c *Config) attentionTimeout() time.Duration {
	if c.AttentionTimeout <= 0 {
		return 10 * time.Second
	}
	return c.AttentionTimeout
}

func (c *Config) packetSize() int {
	switch {
	case c.PacketSize == 0:
		return DefaultPacketSize
	case c.PacketSize < MinPacketSize:
		return MinPacketSize
	case c.PacketSize > MaxPacketSize:
		return MaxPacketSize
	}
	return c.PacketSize
}
