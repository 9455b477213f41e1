package tsql

import (
	"context"
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// discard is a Results that only counts rows: the engine's own cost.
type discard struct{ rows int64 }

func (d *discard) Columns([]sqltype.Column) error    { return nil }
func (d *discard) Row([]any) error                   { d.rows++; return nil }
func (d *discard) Done(int64, bool, bool) error      { return nil }
func (d *discard) Message(*backend.Message) error    { return nil }
func (d *discard) ReturnStatus(int32) error          { return nil }
func (d *discard) ReturnValue(backend.Param) error   { return nil }
func (d *discard) EnvChange(backend.EnvChange) error { return nil }

// mixedTable fills the benchmark table of the project's fetch benchmarks:
// 10 columns of int, bigint, float, decimal(18,4), nvarchar, varchar,
// datetime2, bit, uniqueidentifier and a nullable int.
func mixedTable(b *testing.B, s backend.Session, rows int) {
	b.Helper()
	mustRun(b, s, `CREATE TABLE mixed (c_int int NOT NULL, c_bigint bigint NOT NULL, c_float float NOT NULL,
		c_dec decimal(18,4) NOT NULL, c_nvarchar nvarchar(50) NOT NULL, c_varchar varchar(50) NOT NULL,
		c_dt2 datetime2 NOT NULL, c_bit bit NOT NULL, c_guid uniqueidentifier NOT NULL, c_null int NULL)`)
	mustRun(b, s, `INSERT INTO mixed SELECT value, value * 1000003, value / 7.0e0, CAST(value AS decimal(18,4)) / 3,
		CONCAT(N'name ', value), CONCAT('code-', value), DATEADD(second, value, CAST('2024-01-01' AS datetime2)),
		value % 2, NEWID(), CASE WHEN value % 3 = 0 THEN NULL ELSE value END
		FROM GENERATE_SERIES(1, `+itoa(int64(rows))+`)`)
}

func benchmarkSelect(b *testing.B, s backend.Session, sql string, wantRows int64) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	var total int64
	for i := 0; i < b.N; i++ {
		d := &discard{}
		if err := s.Batch(ctx, sql, d); err != nil {
			b.Fatal(err)
		}
		if d.rows != wantRows {
			b.Fatalf("got %d rows, want %d", d.rows, wantRows)
		}
		total += d.rows
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/row")
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSelectMixed100k streams 100,000 rows x 10 mixed columns.
func BenchmarkSelectMixed100k(b *testing.B) {
	s := openSession(b, testEngine(b))
	mixedTable(b, s, 100_000)
	benchmarkSelect(b, s, "SELECT * FROM mixed", 100_000)
}

// BenchmarkGenerateSeries1M iterates a million one-column rows.
func BenchmarkGenerateSeries1M(b *testing.B) {
	s := openSession(b, testEngine(b))
	benchmarkSelect(b, s, "SELECT value FROM GENERATE_SERIES(1, 1000000)", 1_000_000)
}

// BenchmarkSmallStatements runs a parameterized single-row query by RPC,
// the shape of executemany and of ORM lookups.
func BenchmarkSmallStatements(b *testing.B) {
	s := openSession(b, testEngine(b))
	mustRun(b, s, "CREATE TABLE kv (k int PRIMARY KEY, v nvarchar(20)); INSERT INTO kv SELECT value, CONCAT(N'v', value) FROM GENERATE_SERIES(1, 1000)")
	ctx := context.Background()
	call := backend.RPCCall{Name: "sp_executesql", Params: []backend.Param{
		{Type: tNV, Value: "SELECT v FROM kv WHERE k = @k"}, {Type: tNV, Value: "@k int"}, {Name: "@k", Type: tInt64, Value: int64(500)}}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := &discard{}
		if err := s.RPC(ctx, call, d); err != nil || d.rows != 1 {
			b.Fatal(err, d.rows)
		}
	}
}

// BenchmarkRecursiveCTE100k is the row source of the project's memory
// tests: a recursive CTE with a computed string column.
func BenchmarkRecursiveCTE100k(b *testing.B) {
	s := openSession(b, testEngine(b))
	benchmarkSelect(b, s, "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 99999) SELECT i, REPLICATE(N'x', 50) AS pad FROM n OPTION (MAXRECURSION 0)", 100_000)
}
