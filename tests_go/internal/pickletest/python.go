package pickletest

import (
	"bytes"
	"encoding/base64"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allowListFile is the Python package's unpickler module in this checkout.
func allowListFile() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "..", "python", "mssql_python", "_fetch.py")
}

// script unpickles base64 streams from stdin (one per line) with an
// Unpickler that allows exactly the globals the Python package's own
// allow-list does (python/mssql_python/_fetch.py, loaded from argv[1]),
// and prints repr() of each, one per line. mssql_python._Row is a tuple
// subclass here.
const script = `
import base64, importlib.util, io, pickle, sys
spec = importlib.util.spec_from_file_location("_fetch", sys.argv[1])
fetch = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch)
class _Row(tuple):
    def __repr__(self): return "Row" + tuple.__repr__(self)
ALLOWED = dict(fetch._ALLOWED)
ALLOWED[("mssql_python","_Row")] = _Row
class U(pickle.Unpickler):
    def find_class(self, m, n):
        try: return ALLOWED[(m, n)]
        except KeyError: raise pickle.UnpicklingError("forbidden %s.%s" % (m, n))
for line in sys.stdin:
    data = base64.b64decode(line.strip())
    try:
        print(repr(U(io.BytesIO(data)).load()))
    except Exception as e:
        print("ERROR %s: %s" % (type(e).__name__, e))
`

// Python unpickles each stream with CPython and returns the repr of each.
// The test is skipped when python3 is not installed.
func Python(t testing.TB, streams ...[]byte) []string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	var in bytes.Buffer
	for _, s := range streams {
		in.WriteString(base64.StdEncoding.EncodeToString(s))
		in.WriteByte('\n')
	}
	cmd := exec.Command(py, "-c", script, allowListFile())
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}
