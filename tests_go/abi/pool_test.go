package abi_test

import (
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// TestPoolFromC runs the pooling calls from C: settings, reuse, the
// limit, MSSQL_OPEN_NO_POOL, stats and close_idle.
func TestPoolFromC(t *testing.T) {
	prog := compile(t, "pool", "tests_go/abi/c/pool.c")
	stdout, stderr, code := run(t, prog, testenv.ConnString(t))
	if code != 0 {
		t.Fatalf("%d failures:\n%s%s", code, stdout, stderr)
	}
}
