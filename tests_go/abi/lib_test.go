// Package abi_test checks the C ABI from C: it builds the shared library
// once, compiles C programs against include/mssql_python.h, and runs them.
package abi_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

var lib struct {
	once sync.Once
	dir  string
	err  error
}

// repoRoot is the checkout's root (this file is in tests_go/abi).
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// library builds libmssql_python.so (with full cgo pointer checks) once
// per test binary and returns its directory.
func library(t testing.TB) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the C tests are POSIX programs (pthread, pipe); the workflow runs the Python tests on Windows")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("gcc not found")
	}
	lib.once.Do(func() {
		lib.dir, lib.err = os.MkdirTemp("", "mssql-abi-")
		if lib.err != nil {
			return
		}
		cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", filepath.Join(lib.dir, "libmssql_python.so"), "./export")
		cmd.Dir = repoRoot()
		cmd.Env = append(os.Environ(), "GOEXPERIMENT=cgocheck2")
		if out, err := cmd.CombinedOutput(); err != nil {
			lib.err = fmt.Errorf("building the library: %v\n%s", err, out)
		}
	})
	if lib.err != nil {
		t.Fatal(lib.err)
	}
	return lib.dir
}

// compile builds a C program from sources (relative to the repo root)
// against the header and the library.
func compile(t testing.TB, name string, sources ...string) string {
	t.Helper()
	dir := library(t)
	out := filepath.Join(dir, name)
	args := []string{"-std=gnu11", "-Wall", "-Werror", "-O1", "-D_GNU_SOURCE", "-I", filepath.Join(repoRoot(), "include"),
		"-I", filepath.Join(repoRoot(), "tests_go", "abi", "c"), "-o", out}
	for _, s := range sources {
		args = append(args, filepath.Join(repoRoot(), s))
	}
	args = append(args, "-L", dir, "-lmssql_python", "-lpthread", "-Wl,-rpath,"+dir)
	if b, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, b)
	}
	return out
}

// run runs a compiled program with cgo pointer checks on and returns its
// stdout, stderr and exit status.
func run(t testing.TB, prog string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=cgocheck=1")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", prog, err)
	}
	return stdout.String(), stderr.String(), code
}

func TestMain(m *testing.M) {
	code := testenv.Run(m)
	if lib.dir != "" {
		os.RemoveAll(lib.dir)
	}
	os.Exit(code)
}
