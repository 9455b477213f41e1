package abi_test

import (
	"fmt"
	"os/exec"
	"strconv"
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// BenchmarkABIFetch100kx10 runs tests_go/abi/c/bench_fetch.c: 100,000 rows
// x 10 mixed columns fetched through mssql_stmt_fetch in 1,000-row
// batches, in a separate process (the test server runs in this one). It
// reports wall ns/row and the client process's CPU ns/row.
func BenchmarkABIFetch100kx10(b *testing.B) {
	for _, f := range []struct {
		name   string
		format int
	}{{"pickle", 1}, {"plain", 2}} {
		b.Run(f.name, func(b *testing.B) {
			prog := compile(b, "bench_fetch", "tests_go/abi/c/bench_fetch.c")
			cs := testenv.ConnString(b)
			b.ResetTimer()
			cmd := exec.Command(prog, cs, strconv.Itoa(b.N), strconv.Itoa(f.format))
			out, err := cmd.CombinedOutput()
			if err != nil {
				b.Fatalf("%v\n%s", err, out)
			}
			var rows int64
			var wall, cpu, size float64
			if _, err := fmt.Sscanf(string(out), "rows=%d wall_ns_per_row=%f client_cpu_ns_per_row=%f bytes_per_row=%f", &rows, &wall, &cpu, &size); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
			b.ReportMetric(wall, "wall-ns/row")
			b.ReportMetric(cpu, "client-cpu-ns/row")
			b.ReportMetric(size, "bytes/row")
		})
	}
}
