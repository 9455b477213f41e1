package abi_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// TestTenMillionRowsInBoundedRSS reads 10 million rows through the C ABI
// in a separate process and checks its peak RSS.
func TestTenMillionRowsInBoundedRSS(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	prog := compile(t, "rss_fetch", "tests_go/abi/c/rss_fetch.c")
	stdout, stderr, code := run(t, prog, testenv.ConnString(t), "10000000")
	require.Zero(t, code, "%s%s", stdout, stderr)
	var rows, rss int64
	_, err := fmt.Sscanf(stdout, "rows=%d maxrss_kb=%d", &rows, &rss)
	require.NoError(t, err, stdout)
	assert.Equal(t, int64(10_000_000), rows)
	t.Logf("peak RSS of the client: %d MB", rss>>10)
	assert.Less(t, rss, int64(100<<10), "peak RSS in KB")
}
