package connstr_test

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

func TestOverridesReplaceBySynonym(t *testing.T) {
	base, err := connstr.Parse("Server=a;UID=u;PWD=p")
	require.NoError(t, err)
	ov, ignored, err := connstr.ParseOverrides("addr=b;pwd=q;Foo=1;Bar=2")
	require.NoError(t, err)
	assert.Equal(t, []string{"foo", "bar"}, ignored)
	m := base.Merge(ov)
	v, _ := m.Get("server")
	assert.Equal(t, "b", v)
	v, _ = m.Get("PWD")
	assert.Equal(t, "q", v)
	v, _ = m.Get("uid")
	assert.Equal(t, "u", v)
	v, _ = base.Get("server")
	assert.Equal(t, "a", v, "Merge does not modify its receiver")
}

func TestOverridesErrors(t *testing.T) {
	for _, in := range []string{"Driver=x", "Server=", "PWD={abc", "=x"} {
		_, _, err := connstr.ParseOverrides(in)
		var pe *connstr.ParseError
		assert.ErrorAs(t, err, &pe, in)
	}
	ov, _, err := connstr.ParseOverrides("Server=a;Server=b")
	require.NoError(t, err)
	v, _ := ov.Get("Server")
	assert.Equal(t, "b", v, "the last override wins")
}

func TestNormalizedIsAPoolKey(t *testing.T) {
	a, err := connstr.Parse("server=h;uid=u;PWD={p;w};Database=d")
	require.NoError(t, err)
	b, err := connstr.Parse(" Database = d ;Addr=h; UID=u;pwd={p;w};")
	require.NoError(t, err)
	assert.Equal(t, a.Normalized(), b.Normalized())
	assert.Equal(t, "Database=d;PWD={p;w};Server=h;UID=u", a.Normalized())
	c, err := connstr.Parse("server=h;uid=u;PWD=other;Database=d")
	require.NoError(t, err)
	assert.NotEqual(t, a.Normalized(), c.Normalized(), "different passwords, different pools")
	round, err := connstr.Parse(a.Normalized())
	require.NoError(t, err)
	assert.Equal(t, a.Normalized(), round.Normalized(), "the normalised form parses back to itself")
}

func TestRedactedHidesPassword(t *testing.T) {
	s, err := connstr.Parse("Server=h;PWD={hunter2;x}")
	require.NoError(t, err)
	assert.Equal(t, "PWD=***;Server=h", s.Redacted())
	assert.NotContains(t, s.String(), "hunter2")
	assert.NotContains(t, fmt.Sprintf("%v %+v %s %#v", s, s, s, s), "hunter2")
}

func testCertDER(t *testing.T) []byte {
	block, _ := pem.Decode([]byte(testCertPEM))
	require.NotNil(t, block)
	_, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return block.Bytes
}
