package testenv

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConnStringPrefersTheEnvironment(t *testing.T) {
	t.Setenv(EnvVar, "Server=tcp:db.example,1433;UID=u;PWD=p")
	assert.Equal(t, "Server=tcp:db.example,1433;UID=u;PWD=p", ConnString(t))
	t.Run("fault controls are skipped", func(t *testing.T) {
		Server(t)
		t.Error("Server must skip when the environment names another server")
	})
}

func TestInProcessServerStartsOnce(t *testing.T) {
	t.Setenv(EnvVar, "")
	cs := ConnString(t)
	assert.True(t, strings.HasPrefix(cs, "Server=tcp:127.0.0.1,"), cs)
	assert.Same(t, Server(t), Server(t))
	assert.Equal(t, cs, Server(t).ConnString())
}
