package connstr

import (
	"net"
	"os"
	"strings"
	"time"
)

// DefaultAppName is the application name sent in LOGIN7 when APP is not
// given, the same as Microsoft's package.
const DefaultAppName = "MSSQL-Python"

// IPPreference orders the addresses a host name resolves to.
type IPPreference int

// The values of IpAddressPreference.
const (
	IPv4First IPPreference = iota // ODBC's default
	IPv6First
	IPPlatformDefault
)

// Config is a connection string translated field by field, with the
// transport settings the driver's dialer applies.
type Config struct {
	Login               Login
	Address             Address
	MultiSubnetFailover bool
	IPPreference        IPPreference
	KeepAlive           net.KeepAliveConfig
	// Settings are the validated settings this Config came from.
	Settings Settings
}

// Config translates the settings field by field, with ODBC Driver 18
// defaults: Encrypt=yes with the certificate verified unless
// TrustServerCertificate=yes; Encrypt=strict for TDS 8.
func (s Settings) Config() (*Config, error) {
	c := &Config{Settings: s, KeepAlive: net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second, Interval: time.Second, Count: 9}}
	c.Login = Login{AppName: DefaultAppName}
	for _, step := range translators {
		if err := step(s, c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

var translators = []func(Settings, *Config) error{
	translateServer, translateLogin, translateAuth, translateSession,
	translateFailover, translateTransport, translateTLS,
}

func translateServer(s Settings, c *Config) error {
	v, ok := s.values[KeyServer]
	if !ok {
		v = "localhost"
	}
	a, err := ParseServer(v)
	if err != nil {
		return err
	}
	c.Address = a
	c.Login.Host, c.Login.Instance, c.Login.Port = a.Host, a.Instance, uint64(a.Port)
	c.Login.ServerSPN = s.values[KeyServerSPN]
	return nil
}

func translateLogin(s Settings, c *Config) error {
	c.Login.User = s.values[KeyUID]
	c.Login.Password = s.values[KeyPWD]
	c.Login.Database = s.values[KeyDatabase]
	if app, ok := s.values[KeyApp]; ok {
		c.Login.AppName = app
	}
	if ws, ok := s.values[KeyWSID]; ok {
		c.Login.Workstation = ws
	} else if h, err := os.Hostname(); err == nil {
		c.Login.Workstation = h
	}
	return nil
}

func translateAuth(s Settings, c *Config) error {
	if v, ok := s.values[KeyTrustedConnection]; ok {
		yes, err := parseYesNo(KeyTrustedConnection, v)
		if err != nil {
			return err
		}
		if yes {
			return &NotSupportedError{Key: KeyTrustedConnection, Reason: "integrated (Windows/Kerberos) authentication is not supported yet"}
		}
	}
	v, ok := s.values[KeyAuthentication]
	if !ok || strings.EqualFold(v, "SqlPassword") {
		return nil
	}
	if strings.HasPrefix(strings.ToLower(v), "activedirectory") {
		return &NotSupportedError{Key: KeyAuthentication, Reason: "'" + v + "' (Entra ID) is not supported yet; pass an access token instead"}
	}
	return invalid(KeyAuthentication, v, "SqlPassword or an ActiveDirectory* method")
}

func translateSession(s Settings, c *Config) error {
	if v, ok := s.values[KeyApplicationIntent]; ok {
		switch strings.ToLower(v) {
		case "readonly":
			c.Login.ReadOnlyIntent = true
		case "readwrite":
		default:
			return invalid(KeyApplicationIntent, v, "ReadOnly or ReadWrite")
		}
	}
	if v, ok := s.values[KeyPacketSize]; ok {
		n, err := parseRange(KeyPacketSize, v, 512, 32767)
		if err != nil {
			return err
		}
		c.Login.PacketSize = uint16(n)
	}
	return nil
}

// translateFailover validates the connection-resiliency keywords. The
// driver has no idle connection recovery, so they have no effect beyond
// validation.
func translateFailover(s Settings, c *Config) error {
	if v, ok := s.values[KeyMultiSubnetFailover]; ok {
		yes, err := parseYesNo(KeyMultiSubnetFailover, v)
		if err != nil {
			return err
		}
		c.MultiSubnetFailover = yes
	}
	c.Login.MultiSubnetFailover = c.MultiSubnetFailover
	if v, ok := s.values[KeyConnectRetryCount]; ok {
		if _, err := parseRange(KeyConnectRetryCount, v, 0, 255); err != nil {
			return err
		}
	}
	if v, ok := s.values[KeyConnectRetryInterval]; ok {
		if _, err := parseRange(KeyConnectRetryInterval, v, 1, 60); err != nil {
			return err
		}
	}
	return nil
}

func translateTransport(s Settings, c *Config) error {
	if v, ok := s.values[KeyKeepAlive]; ok {
		n, err := parseRange(KeyKeepAlive, v, 1, 1<<31-1)
		if err != nil {
			return err
		}
		c.KeepAlive.Idle = time.Duration(n) * time.Second
	}
	if v, ok := s.values[KeyKeepAliveInterval]; ok {
		n, err := parseRange(KeyKeepAliveInterval, v, 1, 1<<31-1)
		if err != nil {
			return err
		}
		c.KeepAlive.Interval = time.Duration(n) * time.Second
	}
	if v, ok := s.values[KeyIPAddressPreference]; ok {
		switch strings.ToLower(v) {
		case "ipv4first":
			c.IPPreference = IPv4First
		case "ipv6first":
			c.IPPreference = IPv6First
		case "useplatformdefault":
			c.IPPreference = IPPlatformDefault
		default:
			return invalid(KeyIPAddressPreference, v, "IPv4First, IPv6First or UsePlatformDefault")
		}
	}
	return nil
}
