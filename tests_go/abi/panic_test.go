package abi_test

import (
	"strings"
	"testing"
)

func TestPanicFencePoisonsTheLibrary(t *testing.T) {
	prog := compile(t, "panic", "tests_go/abi/c/panic.c")
	stdout, stderr, code := run(t, prog)
	if code != 0 {
		t.Fatalf("%d failures:\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "Go panic in mssql_debug_panic") || !strings.Contains(stderr, "goroutine") {
		t.Errorf("the first panic's stack should go to stderr once, got:\n%s", stderr)
	}
	if strings.Count(stderr, "Go panic in") != 1 {
		t.Errorf("the stack should be printed once:\n%s", stderr)
	}
}
