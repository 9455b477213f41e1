package tds_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConnectAndSelect(t *testing.T) {
	c := connect(t)
	res := query(t, c, "SELECT 1 AS one, N'héllo' AS s")
	require.Len(t, res.sets, 1)
	assert.Equal(t, []any{int64(1), "héllo"}, res.sets[0][0])
	s := c.Session()
	assert.Equal(t, "master", s.Database)
	assert.NotZero(t, s.SPID)
	assert.True(t, s.Encrypted)
}
