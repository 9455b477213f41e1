package abi_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// headerFunctions lists the functions include/mssql_python.h declares.
func headerFunctions(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join(repoRoot(), "include", "mssql_python.h"))
	require.NoError(t, err)
	text := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	re := regexp.MustCompile(`(?m)^[a-z][\w \t]*[\s\*](mssql_\w+)\s*\(`)
	var names []string
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	sort.Strings(names)
	return names
}

// libraryFunctions lists the mssql_* functions the library exports.
func libraryFunctions(t *testing.T) []string {
	dir := library(t)
	out, err := exec.Command("nm", "-D", "--defined-only", filepath.Join(dir, "libmssql_python.so")).Output()
	require.NoError(t, err)
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[1] == "T" && strings.HasPrefix(f[2], "mssql_") {
			names = append(names, f[2])
		}
	}
	sort.Strings(names)
	return names
}

func TestHeaderAndLibraryExportTheSameFunctions(t *testing.T) {
	header := headerFunctions(t)
	require.Greater(t, len(header), 20, "the header parser found too few functions")
	assert.Equal(t, header, libraryFunctions(t))
}
