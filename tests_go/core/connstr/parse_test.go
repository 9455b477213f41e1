package connstr_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

type kv = map[string]string

// good strings and what each canonical keyword must hold.
var goodCases = []struct {
	in   string
	want kv
}{
	{"", kv{}},
	{"   ", kv{}},
	{";;;", kv{}},
	{"Server=localhost", kv{"Server": "localhost"}},
	{"server=localhost", kv{"Server": "localhost"}},
	{"SERVER=localhost", kv{"Server": "localhost"}},
	{"SeRvEr=localhost;", kv{"Server": "localhost"}},
	{"  Server  =  localhost  ;", kv{"Server": "localhost"}},
	{"\tServer\t=\tlocalhost\t", kv{"Server": "localhost"}},
	{"Addr=h1", kv{"Server": "h1"}},
	{"Address=h1", kv{"Server": "h1"}},
	{"Server=h1;Addr=h2", kv{"Server": "h1"}},
	{"Addr=h2;Server=h1", kv{"Server": "h2"}},
	{"Address=h3;Addr=h2;Server=h1", kv{"Server": "h3"}},
	{"UID=sa;PWD=secret", kv{"UID": "sa", "PWD": "secret"}},
	{"uid=sa;pwd=secret", kv{"UID": "sa", "PWD": "secret"}},
	{"PWD={a;b}", kv{"PWD": "a;b"}},
	{"PWD={a}}b}", kv{"PWD": "a}b"}},
	{"PWD={}}}", kv{"PWD": "}"}},
	{"PWD={a{b}", kv{"PWD": "a{b"}},
	{"PWD={{}", kv{"PWD": "{"}},
	{"PWD={a=b}", kv{"PWD": "a=b"}},
	{"PWD={ spaced }", kv{"PWD": " spaced "}},
	{"PWD={p}}w{{d}", kv{"PWD": "p}w{{d"}}, // only } is escaped
	{"PWD={;}", kv{"PWD": ";"}},
	{"PWD={}}}}};Server=x", kv{"PWD": "}}", "Server": "x"}},
	{"PWD=  {x}", kv{"PWD": "x"}},
	{"PWD={x}   ;UID=u", kv{"PWD": "x", "UID": "u"}},
	{"PWD=a b c", kv{"PWD": "a b c"}},
	{"PWD=a{b", kv{"PWD": "a{b"}},
	{"PWD=a}b", kv{"PWD": "a}b"}},
	{"PWD=a=b", kv{"PWD": "a=b"}},
	{"PWD=ünïcödé", kv{"PWD": "ünïcödé"}},
	{"PWD={日本;語}", kv{"PWD": "日本;語"}},
	{"Database=master", kv{"Database": "master"}},
	{"Database={my db}", kv{"Database": "my db"}},
	{"Encrypt=yes", kv{"Encrypt": "yes"}},
	{"Encrypt=strict", kv{"Encrypt": "strict"}},
	{"TrustServerCertificate=yes", kv{"TrustServerCertificate": "yes"}},
	{"trust_server_certificate=yes", kv{"TrustServerCertificate": "yes"}},
	{"HostNameInCertificate=a.example", kv{"HostnameInCertificate": "a.example"}},
	{"ServerCertificate=/tmp/c.pem", kv{"ServerCertificate": "/tmp/c.pem"}},
	{"ServerSPN=MSSQLSvc/h:1433", kv{"ServerSPN": "MSSQLSvc/h:1433"}},
	{"MultiSubnetFailover=yes", kv{"MultiSubnetFailover": "yes"}},
	{"ApplicationIntent=ReadOnly", kv{"ApplicationIntent": "ReadOnly"}},
	{"ConnectRetryCount=3", kv{"ConnectRetryCount": "3"}},
	{"ConnectRetryInterval=10", kv{"ConnectRetryInterval": "10"}},
	{"KeepAlive=30", kv{"KeepAlive": "30"}},
	{"KeepAliveInterval=1", kv{"KeepAliveInterval": "1"}},
	{"IpAddressPreference=IPv6First", kv{"IpAddressPreference": "IPv6First"}},
	{"PacketSize=8192", kv{"PacketSize": "8192"}},
	{"Packet Size=8192", kv{"PacketSize": "8192"}},
	{"APP=myapp", kv{"APP": "myapp"}},
	{"WSID=box1", kv{"WSID": "box1"}},
	{"Authentication=SqlPassword", kv{"Authentication": "SqlPassword"}},
	{"Trusted_Connection=no", kv{"Trusted_Connection": "no"}},
	{"Server=tcp:h,1433;Database=d;UID=u;PWD={p;w};Encrypt=yes;TrustServerCertificate=no",
		kv{"Server": "tcp:h,1433", "Database": "d", "UID": "u", "PWD": "p;w", "Encrypt": "yes", "TrustServerCertificate": "no"}},
}

func TestParseGood(t *testing.T) {
	for _, tc := range goodCases {
		t.Run(tc.in, func(t *testing.T) {
			s, err := connstr.Parse(tc.in)
			require.NoError(t, err)
			assert.Equal(t, len(tc.want), s.Len())
			for k, v := range tc.want {
				got, ok := s.Get(k)
				assert.True(t, ok, k)
				assert.Equal(t, v, got, k)
			}
		})
	}
}

// bad strings and the problems each must report, in order.
var badCases = []struct {
	in       string
	problems []string
}{
	{"Server", []string{"Incomplete specification: the text at position 0 has no '='"}},
	{"Server;UID=u", []string{"Incomplete specification"}},
	{"=value", []string{"Empty keyword found"}},
	{" = value;Server=x", []string{"Empty keyword found"}},
	{"Server=", []string{"Empty value for keyword 'server'"}},
	{"Server= ;", []string{"Empty value for keyword 'server'"}},
	{"PWD=;", []string{"Empty value for keyword 'pwd'"}},
	{"PWD={}", []string{"Empty value for keyword 'pwd'"}},
	{"PWD={abc", []string{"Unclosed braced value starting at position 4"}},
	{"Server=x;PWD={abc", []string{"Unclosed braced value starting at position 13"}},
	{"PWD={a}}", []string{"Unclosed braced value"}},
	{"Server=a;Server=b", []string{"Duplicate keyword 'server' found"}},
	{"server=a;SERVER=b", []string{"Duplicate keyword 'server' found"}},
	{"UID=a;uid=b;UID=c", []string{"Duplicate keyword 'uid' found", "Duplicate keyword 'uid' found"}},
	{"Foo=bar", []string{"Unknown keyword 'foo' is not recognized"}},
	{"Connection Timeout=5", []string{"Unknown keyword 'connection timeout'"}},
	{"Login Timeout=5", []string{"Unknown keyword 'login timeout'"}},
	{"MARS_Connection=yes", []string{"Unknown keyword 'mars_connection'"}},
	{"Initial Catalog=db", []string{"Unknown keyword 'initial catalog'"}},
	{"User ID=sa", []string{"Unknown keyword 'user id'"}},
	{"Password=x", []string{"Unknown keyword 'password'"}},
	{"DSN=x", []string{"Unknown keyword 'dsn'"}},
	{"Language=us_english", []string{"Unknown keyword 'language'"}},
	{"Failover_Partner=h", []string{"Unknown keyword 'failover_partner'"}},
	{"ColumnEncryption=Enabled", []string{"Unknown keyword 'columnencryption'"}},
	{"Driver={ODBC Driver 18 for SQL Server}", []string{"Reserved keyword 'driver'"}},
	{"Driver=x;Foo=y", []string{"Reserved keyword 'driver'", "Unknown keyword 'foo'"}},
	{"Foo=1;Driver=x", []string{"Reserved keyword 'driver'", "Unknown keyword 'foo'"}},
	{"Server=;Foo=;Server=x", []string{"Empty value for keyword 'server'", "Empty value for keyword 'foo'", "Duplicate keyword 'server' found", "Unknown keyword 'foo'"}},
	{"A=1;B=2;C=3", []string{"Unknown keyword 'a'", "Unknown keyword 'b'", "Unknown keyword 'c'"}},
	{"PWD={x}y;Server=s", []string{"Incomplete specification"}},
	{"Server=x;;Bogus;UID=u", []string{"Incomplete specification"}},
}

func TestParseBad(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.in, func(t *testing.T) {
			_, err := connstr.Parse(tc.in)
			var pe *connstr.ParseError
			require.ErrorAs(t, err, &pe)
			require.Len(t, pe.Problems, len(tc.problems), "%q", pe.Problems)
			for i, want := range tc.problems {
				assert.Contains(t, pe.Problems[i], want)
			}
		})
	}
}

func TestParseErrorsNeverQuoteValues(t *testing.T) {
	for _, in := range []string{
		"PWD=hunter2;UID", "PWD={hunter2", "PWD=hun;ter2", "PWD={hun}ter2;", "Foo=hunter2", "PWD=hunter2;Server=a;Server=b",
	} {
		_, err := connstr.Parse(in)
		require.Error(t, err, in)
		assert.NotContains(t, err.Error(), "hunter2", in)
		assert.NotContains(t, err.Error(), "ter2", in)
	}
}

func TestLongKeywordIsShortenedInProblems(t *testing.T) {
	long := "k" + string(make([]byte, 0)) + "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
	_, err := connstr.Parse(long + "=1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "...")
	assert.Less(t, len(err.Error()), 200)
}
