package abi_test

import (
	"testing"
)

// TestBadInputWithoutServer runs every check that needs no server: NULL
// pointers, bogus and closed handles, lengths, malformed connection
// strings, logins that fail, time out or are cancelled, and threads.
func TestBadInputWithoutServer(t *testing.T) {
	prog := compile(t, "bad_input", "tests_go/abi/c/bad_input.c", "tests_go/abi/c/bad_input_stmt.c")
	stdout, stderr, code := run(t, prog)
	if code != 0 {
		t.Fatalf("%d failures:\n%s%s", code, stdout, stderr)
	}
}
