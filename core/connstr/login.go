package connstr

import "crypto/tls"

// Encryption is the Encrypt keyword's mode.
type Encryption int

// Encryption modes.
const (
	// EncryptionRequired: TLS for the whole session (Encrypt=yes, mandatory;
	// the default).
	EncryptionRequired Encryption = iota
	// EncryptionOff: TLS for the login when the server offers it, the whole
	// session when the server requires it (Encrypt=no, optional).
	EncryptionOff
	// EncryptionStrict: TDS 8, TLS before anything else (Encrypt=strict).
	EncryptionStrict
)

// Login is what a connection string says about the server, the login and
// TLS.
type Login struct {
	Host      string
	Instance  string
	Port      uint64 // 0: 1433, or the SQL Browser's answer for Instance
	ServerSPN string

	User, Password string
	Database       string
	AppName        string
	Workstation    string
	ReadOnlyIntent bool
	PacketSize     uint16 // 0: the driver's default

	Encryption Encryption
	// TLSConfig holds the certificate checks; ServerName is the host or
	// HostNameInCertificate.
	TLSConfig                 *tls.Config
	TrustServerCertificate    bool
	HostInCertificateProvided bool
	MultiSubnetFailover       bool
}
