package tsql

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// The request shapes of the project's benchmarks (bench/), engine only:
//
//	go test ./tests_go/tdsserver/tsql -run '^$' -bench . -benchmem

// loadDecl declares the five columns of the executemany and bulk-load
// workloads as the driver does.
const loadDecl = "@p%d bigint,@p%d nvarchar(4000),@p%d float,@p%d decimal(18,4),@p%d datetime2(7)"

const loadTable = "CREATE TABLE #load (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)"

var (
	tBig  = sqltype.Type{Kind: sqltype.BigInt}
	tFlt  = sqltype.Type{Kind: sqltype.Float}
	tDec  = sqltype.Type{Kind: sqltype.Decimal, Precision: 18, Scale: 4}
	tDT2  = sqltype.Type{Kind: sqltype.DateTime2, Scale: 7}
	epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// loadValues are the five values of row i, as the front end decodes them.
func loadValues(i int) []any {
	return []any{int64(i), fmt.Sprintf("name-%d", i), float64(i) / 3, fmt.Sprintf("%d.%04d", i/8, i%8*1250), epoch.Add(time.Duration(i) * time.Second)}
}

var loadTypes = []sqltype.Type{tBig, tNV, tFlt, tDec, tDT2}

// loadParams are the parameters @p<first>.. of rows [0, n), five per row.
func loadParams(first, n int) []backend.Param {
	var out []backend.Param
	for r := 0; r < n; r++ {
		for j, v := range loadValues(first + r) {
			out = append(out, backend.Param{Name: fmt.Sprintf("@p%d", r*5+j+1), Type: loadTypes[j], Value: v})
		}
	}
	return out
}

// loadDecls declares @p1 .. @p<5n>.
func loadDecls(n int) string {
	parts := make([]string, n)
	for r := range parts {
		b := r*5 + 1
		parts[r] = fmt.Sprintf(loadDecl, b, b+1, b+2, b+3, b+4)
	}
	return strings.Join(parts, ",")
}

func marks(first, n int) string {
	m := make([]string, n)
	for i := range m {
		m[i] = fmt.Sprintf("@p%d", first+i)
	}
	return "(" + strings.Join(m, ", ") + ")"
}

// executeSQL builds an sp_executesql call.
func executeSQL(text, decl string, params []backend.Param) backend.RPCCall {
	return backend.RPCCall{Name: "sp_executesql", Params: append([]backend.Param{
		{Type: tNV, Value: text}, {Type: tNV, Value: decl}}, params...)}
}

// statementsCall is the driver's executemany request: n copies of the
// INSERT, each with its own five parameters.
func statementsCall(n int) backend.RPCCall {
	var sb strings.Builder
	for r := 0; r < n; r++ {
		sb.WriteString("INSERT INTO #load VALUES " + marks(r*5+1, 5) + "\n;\n")
	}
	return executeSQL(sb.String(), loadDecls(n), loadParams(0, n))
}

// valuesCall is one INSERT ... VALUES with n rows of five parameters.
func valuesCall(n int) backend.RPCCall {
	rows := make([]string, n)
	for r := range rows {
		rows[r] = marks(r*5+1, 5)
	}
	return executeSQL("INSERT INTO #load VALUES "+strings.Join(rows, ", "), loadDecls(n), loadParams(0, n))
}

// benchmarkRPC runs call b.N times; every run must report no error and
// ends with a truncated table so that each iteration does the same work.
func benchmarkRPC(b *testing.B, s backend.Session, call backend.RPCCall, rowsPerCall int) {
	ctx := context.Background()
	r := &recorder{}
	if err := s.RPC(ctx, call, r); err != nil || len(r.errors()) > 0 {
		b.Fatal(err, r.dump())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := &discard{}
		if err := s.RPC(ctx, call, d); err != nil {
			b.Fatal(err)
		}
		if i%20 == 19 {
			b.StopTimer()
			mustRun(b, s, "TRUNCATE TABLE #load")
			b.StartTimer()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rowsPerCall), "ns/row")
}

// BenchmarkBatchSelect1 is a SQL batch SELECT 1: the per-request floor.
func BenchmarkBatchSelect1(b *testing.B) {
	s := openSession(b, testEngine(b))
	benchmarkSelect(b, s, "SELECT 1", 1)
}

// BenchmarkExecuteSQLInsert5 is one INSERT with five parameters, the
// shape of each call of an ODBC parameter array.
func BenchmarkExecuteSQLInsert5(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, loadTable)
	benchmarkRPC(b, s, executeSQL("INSERT INTO #load VALUES (@p1, @p2, @p3, @p4, @p5)", loadDecls(1), loadParams(0, 1)), 1)
}

// BenchmarkExecuteSQL2100Statements is the driver's executemany request:
// 420 INSERT statements of five parameters in one sp_executesql.
func BenchmarkExecuteSQL2100Statements(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, loadTable)
	benchmarkRPC(b, s, statementsCall(420), 420)
}

// BenchmarkExecuteSQL2100Values is one INSERT ... VALUES of 420 rows of
// five parameters.
func BenchmarkExecuteSQL2100Values(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, loadTable)
	benchmarkRPC(b, s, valuesCall(420), 420)
}

// BenchmarkSelectInts1M reads a million one-int rows from a table.
func BenchmarkSelectInts1M(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, "CREATE TABLE ints (i int NOT NULL); INSERT INTO ints SELECT value FROM GENERATE_SERIES(1, 1000000)")
	benchmarkSelect(b, s, "SELECT i FROM ints", 1_000_000)
}

// BenchmarkSelectText10k reads 10,000 rows with a 10 KB nvarchar(max).
func BenchmarkSelectText10k(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, `CREATE TABLE texts (id int NOT NULL, t nvarchar(max));
		INSERT INTO texts SELECT value, REPLICATE(CAST(N'0123456789' AS nvarchar(max)), 1000) FROM GENERATE_SERIES(1, 10000)`)
	benchmarkSelect(b, s, "SELECT id, t FROM texts", 10_000)
}

// BenchmarkBulkLoad100k bulk-loads 100,000 rows of the five load columns.
func BenchmarkBulkLoad100k(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, "CREATE TABLE bulk (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)")
	cols := make([]sqltype.Column, 5)
	for j, name := range []string{"i", "s", "f", "d", "dt"} {
		cols[j] = sqltype.Column{Name: name, Type: loadTypes[j], Nullable: true}
	}
	cols[0].Type, cols[1].Type.Length = typInt, 50
	rows := make([][]any, 100_000)
	for i := range rows {
		rows[i] = loadValues(i)
		rows[i][0] = int64(i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		mustRun(b, s, "TRUNCATE TABLE bulk; INSERT BULK bulk (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)")
		b.StartTimer()
		r := &recorder{}
		if err := s.BulkLoad(ctx, cols, rows, r); err != nil || len(r.errors()) > 0 {
			b.Fatal(err, r.dump())
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
}
