package connstr_test

import (
	"crypto/tls"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

func config(t *testing.T, s string) *connstr.Config {
	t.Helper()
	set, err := connstr.Parse(s)
	require.NoError(t, err)
	c, err := set.Config()
	require.NoError(t, err)
	return c
}

func configErr(t *testing.T, s string) error {
	t.Helper()
	set, err := connstr.Parse(s)
	require.NoError(t, err)
	_, err = set.Config()
	require.Error(t, err)
	return err
}

func TestServerForms(t *testing.T) {
	cases := []struct {
		in       string
		host     string
		instance string
		port     uint64
	}{
		{"Server=h", "h", "", 0},
		{"Server=tcp:h", "h", "", 0},
		{"Server=TCP:h,1444", "h", "", 1444},
		{"Server=h,1444", "h", "", 1444},
		{"Server=h , 1444", "h", "", 1444},
		{"Server=h\\inst", "h", "inst", 0},
		{"Server=tcp:h\\inst,1500", "h", "inst", 1500},
		{"Server=.", "localhost", "", 0},
		{"Server=(local)", "localhost", "", 0},
		{"Server=.\\SQLEXPRESS", "localhost", "SQLEXPRESS", 0},
		{"Server=127.0.0.1,51433", "127.0.0.1", "", 51433},
		{"Server=[::1],1433", "::1", "", 1433},
		{"Server=tcp:[fe80::1],1433", "fe80::1", "", 1433},
		{"Server=::1", "::1", "", 0},
		{"Addr=db.example.com,1433", "db.example.com", "", 1433},
		{"UID=u", "localhost", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			c := config(t, tc.in)
			assert.Equal(t, tc.host, c.Login.Host)
			assert.Equal(t, tc.instance, c.Login.Instance)
			assert.Equal(t, tc.port, c.Login.Port)
		})
	}
}

func TestBadValues(t *testing.T) {
	cases := map[string]string{
		"Server=h,0":                          "Server",
		"Server=h,70000":                      "Server",
		"Server=h,abc":                        "Server",
		"Server=h\\":                          "Server",
		"Encrypt=maybe":                       "Encrypt",
		"TrustServerCertificate=perhaps":      "TrustServerCertificate",
		"MultiSubnetFailover=2":               "MultiSubnetFailover",
		"ApplicationIntent=ReadSometimes":     "ApplicationIntent",
		"PacketSize=100":                      "PacketSize",
		"PacketSize=40000":                    "PacketSize",
		"PacketSize=big":                      "PacketSize",
		"ConnectRetryCount=256":               "ConnectRetryCount",
		"ConnectRetryInterval=0":              "ConnectRetryInterval",
		"KeepAlive=0":                         "KeepAlive",
		"KeepAliveInterval=-1":                "KeepAliveInterval",
		"IpAddressPreference=IPv5":            "IpAddressPreference",
		"Authentication=Magic":                "Authentication",
		"Trusted_Connection=sometimes":        "Trusted_Connection",
		"ServerCertificate=/nonexistent.pem":  "ServerCertificate",
		"Encrypt=yes;ServerCertificate=/etc/": "ServerCertificate",
	}
	for in, key := range cases {
		t.Run(in, func(t *testing.T) {
			err := configErr(t, in)
			var ve *connstr.ValueError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, key, ve.Key)
		})
	}
}

func TestNotSupported(t *testing.T) {
	for _, in := range []string{
		"Server=np:\\\\.\\pipe\\sql", "Server=lpc:h", "Server=admin:h",
		"Trusted_Connection=yes", "Authentication=ActiveDirectoryMsi", "Authentication=ActiveDirectoryInteractive",
	} {
		t.Run(in, func(t *testing.T) {
			var ns *connstr.NotSupportedError
			require.ErrorAs(t, configErr(t, in), &ns)
		})
	}
}

func TestEncryptionDefaults(t *testing.T) {
	c := config(t, "Server=h")
	assert.Equal(t, connstr.EncryptionRequired, c.Login.Encryption, "ODBC 18 default is Encrypt=yes")
	require.NotNil(t, c.Login.TLSConfig)
	assert.False(t, c.Login.TLSConfig.InsecureSkipVerify, "the certificate is verified by default")
	assert.Equal(t, "h", c.Login.TLSConfig.ServerName)
	assert.False(t, c.Login.HostInCertificateProvided)
	assert.False(t, c.MultiSubnetFailover, "ODBC default")
	assert.False(t, c.Login.MultiSubnetFailover)
	assert.Equal(t, connstr.DefaultAppName, c.Login.AppName)
	assert.Equal(t, connstr.IPv4First, c.IPPreference)
}

func TestEncryptionModes(t *testing.T) {
	cases := []struct {
		in     string
		mode   connstr.Encryption
		verify bool
	}{
		{"Encrypt=yes", connstr.EncryptionRequired, true},
		{"Encrypt=Mandatory", connstr.EncryptionRequired, true},
		{"Encrypt=true", connstr.EncryptionRequired, true},
		{"Encrypt=yes;TrustServerCertificate=yes", connstr.EncryptionRequired, false},
		{"Encrypt=yes;TrustServerCertificate=no", connstr.EncryptionRequired, true},
		{"TrustServerCertificate=YES", connstr.EncryptionRequired, false},
		{"Encrypt=no", connstr.EncryptionOff, false},
		{"Encrypt=Optional", connstr.EncryptionOff, false},
		{"Encrypt=strict", connstr.EncryptionStrict, true},
		{"Encrypt=Strict;TrustServerCertificate=yes", connstr.EncryptionStrict, true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			c := config(t, "Server=h;"+tc.in)
			assert.Equal(t, tc.mode, c.Login.Encryption)
			assert.Equal(t, !tc.verify, c.Login.TLSConfig.InsecureSkipVerify)
			assert.Equal(t, !tc.verify, c.Login.TrustServerCertificate)
		})
	}
}

func TestHostNameInCertificate(t *testing.T) {
	c := config(t, "Server=10.0.0.5;HostNameInCertificate=sql.example.com")
	assert.Equal(t, "sql.example.com", c.Login.TLSConfig.ServerName)
	assert.True(t, c.Login.HostInCertificateProvided)
}

func TestServerCertificatePinsExactCertificate(t *testing.T) {
	pemFile := writeCert(t)
	c := config(t, "Server=h;ServerCertificate="+pemFile)
	cfg := c.Login.TLSConfig
	require.NotNil(t, cfg.VerifyPeerCertificate)
	assert.True(t, cfg.InsecureSkipVerify, "chain and host checks are replaced by the exact comparison")
	assert.NoError(t, cfg.VerifyPeerCertificate([][]byte{testCertDER(t)}, nil))
	assert.Error(t, cfg.VerifyPeerCertificate([][]byte{[]byte("other")}, nil))
	assert.Error(t, cfg.VerifyPeerCertificate(nil, nil))

	trusted := config(t, "Server=h;TrustServerCertificate=yes;ServerCertificate="+pemFile)
	assert.Nil(t, trusted.Login.TLSConfig.VerifyPeerCertificate)
	var _ *tls.Config = trusted.Login.TLSConfig
}

func TestFieldByField(t *testing.T) {
	c := config(t, "Server=tcp:h,1500;Database=db1;UID=u1;PWD={p;1};APP=app1;WSID=ws1;"+
		"ApplicationIntent=readonly;PacketSize=16000;MultiSubnetFailover=yes;KeepAlive=45;KeepAliveInterval=3;"+
		"IpAddressPreference=IPv6First;ServerSPN=MSSQLSvc/h:1500")
	d := c.Login
	assert.Equal(t, "db1", d.Database)
	assert.Equal(t, "u1", d.User)
	assert.Equal(t, "p;1", d.Password)
	assert.Equal(t, "app1", d.AppName)
	assert.Equal(t, "ws1", d.Workstation)
	assert.True(t, d.ReadOnlyIntent)
	assert.Equal(t, uint16(16000), d.PacketSize)
	assert.True(t, c.MultiSubnetFailover)
	assert.True(t, d.MultiSubnetFailover)
	assert.Equal(t, 45*time.Second, c.KeepAlive.Idle)
	assert.Equal(t, 3*time.Second, c.KeepAlive.Interval)
	assert.Equal(t, connstr.IPv6First, c.IPPreference)
	assert.Equal(t, "MSSQLSvc/h:1500", d.ServerSPN)
	assert.False(t, config(t, "ApplicationIntent=ReadWrite").Login.ReadOnlyIntent)
}

func TestValueErrorsNeverQuoteSecrets(t *testing.T) {
	set, err := connstr.Parse("Server=h,notaport;PWD=hunter2")
	require.NoError(t, err)
	_, err = set.Config()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func writeCert(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "server.crt") // any extension: content decides
	require.NoError(t, os.WriteFile(p, []byte(testCertPEM), 0o600))
	return p
}
