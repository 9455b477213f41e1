package connstr

// Canonical keyword names, spelled as Microsoft's package sends them to the
// ODBC driver.
const (
	KeyServer               = "Server"
	KeyUID                  = "UID"
	KeyPWD                  = "PWD"
	KeyAuthentication       = "Authentication"
	KeyTrustedConnection    = "Trusted_Connection"
	KeyDatabase             = "Database"
	KeyEncrypt              = "Encrypt"
	KeyTrustServerCert      = "TrustServerCertificate"
	KeyHostNameInCert       = "HostnameInCertificate"
	KeyServerCertificate    = "ServerCertificate"
	KeyServerSPN            = "ServerSPN"
	KeyMultiSubnetFailover  = "MultiSubnetFailover"
	KeyApplicationIntent    = "ApplicationIntent"
	KeyConnectRetryCount    = "ConnectRetryCount"
	KeyConnectRetryInterval = "ConnectRetryInterval"
	KeyKeepAlive            = "KeepAlive"
	KeyKeepAliveInterval    = "KeepAliveInterval"
	KeyIPAddressPreference  = "IpAddressPreference"
	KeyPacketSize           = "PacketSize"
	KeyApp                  = "APP"
	KeyWSID                 = "WSID"
	keyDriver               = "Driver"
)

// allowed maps every accepted lower-case keyword (synonyms included) to its
// canonical name. APP and WSID are accepted here although Microsoft's
// package reserves or rejects them: the ODBC driver itself honours both.
var allowed = map[string]string{
	"server":                   KeyServer,
	"address":                  KeyServer,
	"addr":                     KeyServer,
	"uid":                      KeyUID,
	"pwd":                      KeyPWD,
	"authentication":           KeyAuthentication,
	"trusted_connection":       KeyTrustedConnection,
	"database":                 KeyDatabase,
	"encrypt":                  KeyEncrypt,
	"trustservercertificate":   KeyTrustServerCert,
	"trust_server_certificate": KeyTrustServerCert,
	"hostnameincertificate":    KeyHostNameInCert,
	"servercertificate":        KeyServerCertificate,
	"serverspn":                KeyServerSPN,
	"multisubnetfailover":      KeyMultiSubnetFailover,
	"applicationintent":        KeyApplicationIntent,
	"connectretrycount":        KeyConnectRetryCount,
	"connectretryinterval":     KeyConnectRetryInterval,
	"keepalive":                KeyKeepAlive,
	"keepaliveinterval":        KeyKeepAliveInterval,
	"ipaddresspreference":      KeyIPAddressPreference,
	"packetsize":               KeyPacketSize,
	"packet size":              KeyPacketSize,
	"app":                      KeyApp,
	"wsid":                     KeyWSID,
	"driver":                   keyDriver,
}

// reserved keywords are known but controlled by the driver.
var reserved = map[string]bool{keyDriver: true}

// secret keywords never appear in redacted output.
var secret = map[string]bool{KeyPWD: true}

// Canonical returns the canonical name of a keyword (any case, synonyms
// allowed) and whether it is known.
func Canonical(key string) (string, bool) {
	c, ok := allowed[normalizeKey(key)]
	return c, ok
}
