package abi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// TestCExample compiles include/example.c and runs it against the server.
func TestCExample(t *testing.T) {
	prog := compile(t, "example", "include/example.c")
	stdout, stderr, code := run(t, prog, testenv.ConnString(t))
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, stdout, stderr)
	}
	assert.Equal(t, "row: 42 'héllo, wörld'\nexpected error: class 7, number 208: Invalid object name 'no_such_table'.\n", stdout)
}

// TestBadInputWithServer adds the statement-level checks.
func TestBadInputWithServer(t *testing.T) {
	prog := compile(t, "bad_input", "tests_go/abi/c/bad_input.c", "tests_go/abi/c/bad_input_stmt.c")
	stdout, stderr, code := run(t, prog, testenv.ConnString(t))
	if code != 0 {
		t.Fatalf("%d failures:\n%s%s", code, stdout, stderr)
	}
}

// TestFlow runs the ABI's normal paths against the server.
func TestFlow(t *testing.T) {
	prog := compile(t, "flow", "tests_go/abi/c/flow.c")
	stdout, stderr, code := run(t, prog, testenv.ConnString(t))
	if code != 0 {
		t.Fatalf("%d failures:\n%s%s", code, stdout, stderr)
	}
}

// TestWaitMode runs calls in blocking wait mode: final statuses on the
// calling thread, and a signal byte, mssql_cancel and the query timeout
// each ending a long wait.
func TestWaitMode(t *testing.T) {
	prog := compile(t, "wait_mode", "tests_go/abi/c/wait_mode.c")
	stdout, stderr, code := run(t, prog, testenv.ConnString(t))
	if code != 0 {
		t.Fatalf("%d failures:\n%s%s", code, stdout, stderr)
	}
}
