package tdsserver_test

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/tsql"
)

// Server benchmarks: the request shapes of the project's benchmarks
// (bench/) sent by a raw client that prebuilds each message and skips the
// response without decoding it, so nearly all the CPU measured is the
// server's (front end and engine):
//
//	go test ./tests_go/tdsserver -run '^$' -bench Server -benchmem

// benchServer starts a server over the T-SQL engine and logs in a raw
// client with a 4096-byte packet size (drivers' default).
func benchServer(b *testing.B) *rawClient {
	b.Helper()
	e, err := tsql.New(tsql.Config{Dir: b.TempDir()})
	require.NoError(b, err)
	b.Cleanup(func() { e.Close() })
	s, _ := startServer(b, tdsserver.Config{Engine: e})
	c := loginRaw(b, s, 4096)
	c.conn.SetDeadline(time.Time{})
	c.r.R = bufio.NewReaderSize(c.conn, 64<<10)
	return c
}

// exchange sends a message and checks that its response has no ERROR.
func (c *rawClient) exchange(t tds.PacketType, payload []byte) []token {
	c.send(t, payload)
	toks := c.tokens(c.read())
	for _, tok := range toks {
		if tok.typ == tds.TokenError {
			c.t.Fatalf("server error %d: %s", tok.number, tok.text)
		}
	}
	return toks
}

// skipResponse reads a response's packets up to EOM into a reused buffer.
func (c *rawClient) skipResponse(buf []byte) []byte {
	var hdr [tds.HeaderSize]byte
	for {
		if _, err := io.ReadFull(c.r.R, hdr[:]); err != nil {
			c.t.Fatal(err)
		}
		n := int(binary.BigEndian.Uint16(hdr[2:])) - tds.HeaderSize
		buf = append(buf[:0], make([]byte, n)...)
		if _, err := io.ReadFull(c.r.R, buf); err != nil {
			c.t.Fatal(err)
		}
		if hdr[1]&tds.StatusEOM != 0 {
			return buf
		}
	}
}

// benchmarkExchange sends payload b.N times (after one checked run) and
// reports the time per item (row or call) too.
func benchmarkExchange(b *testing.B, c *rawClient, typ tds.PacketType, payload []byte, items int, between string) {
	c.exchange(typ, payload)
	buf := make([]byte, 0, 32768)
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		c.send(typ, payload)
		buf = c.skipResponse(buf)
		if between != "" && i%20 == 19 {
			b.StopTimer()
			cpu.pause()
			c.exchange(tds.PacketSQLBatch, batch(between))
			cpu.resume()
			b.StartTimer()
		}
	}
	b.StopTimer()
	cpu.report()
	if items > 1 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*items), "ns/item")
	}
}

// cpuClock measures the process's CPU time (user + system, every thread)
// over the timed part of a benchmark: the server's and the raw client's.
type cpuClock struct {
	b     *testing.B
	start time.Duration
	total time.Duration
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU(b *testing.B) *cpuClock {
	b.ResetTimer()
	return &cpuClock{b: b, start: processCPU()}
}

func (c *cpuClock) pause()  { c.total += processCPU() - c.start }
func (c *cpuClock) resume() { c.start = processCPU() }

// report adds cpu-ns/op: CPU time per operation.
func (c *cpuClock) report() {
	c.pause()
	c.b.ReportMetric(float64(c.total.Nanoseconds())/float64(c.b.N), "cpu-ns/op")
}

func BenchmarkServerSelect1(b *testing.B) {
	c := benchServer(b)
	benchmarkExchange(b, c, tds.PacketSQLBatch, batch("SELECT 1"), 1, "")
}

// The executemany table and the driver's parameter declarations.
const (
	loadTable = "CREATE TABLE #load (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)"
	loadDecl  = "@p%d bigint,@p%d nvarchar(4000),@p%d float,@p%d decimal(18,4),@p%d datetime2(7)"
)

var loadInfos = func() []tds.TypeInfo {
	var out []tds.TypeInfo
	for _, t := range []sqltype.Type{{Kind: sqltype.BigInt}, {Kind: sqltype.NVarChar, Length: 4000},
		{Kind: sqltype.Float}, {Kind: sqltype.Decimal, Precision: 18, Scale: 4}, {Kind: sqltype.DateTime2, Scale: 7}} {
		ti, err := tds.ForType(t, true, nil)
		if err != nil {
			panic(err)
		}
		out = append(out, ti)
	}
	return out
}()

// loadParams are the values of rows [first, first+n), named @p1, @p2, ...
func loadParams(first, n int) []rpcParam {
	var out []rpcParam
	epoch := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for r := 0; r < n; r++ {
		i := first + r
		vals := []any{int64(i), fmt.Sprintf("name-%d", i), float64(i) / 3, fmt.Sprintf("%d.%04d", i/8, i%8*1250), epoch.Add(time.Duration(i) * time.Second)}
		for j, v := range vals {
			out = append(out, rpcParam{name: fmt.Sprintf("@p%d", r*5+j+1), info: loadInfos[j], value: v})
		}
	}
	return out
}

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

// executeSQL appends an sp_executesql call (by ProcID, as drivers send it).
func executeSQL(dst []byte, text, decl string, params []rpcParam) []byte {
	head := []rpcParam{{info: textInfo(text), value: text}, {info: textInfo(decl), value: decl}}
	return rpcCall(dst, "", 10, append(head, params...)...)
}

// textInfo is nvarchar(4000), or nvarchar(max) for longer text.
func textInfo(s string) tds.TypeInfo {
	if tds.UCS2Len(s) > 4000 {
		return nvarcharInfo(sqltype.Max)
	}
	return nvarcharInfo(4000)
}

func BenchmarkServerExecuteSQLInsert5(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch(loadTable))
	msg := executeSQL(allHeaders(), "INSERT INTO #load VALUES (@p1, @p2, @p3, @p4, @p5)", loadDecls(1), loadParams(0, 1))
	benchmarkExchange(b, c, tds.PacketRPC, msg, 1, "TRUNCATE TABLE #load")
}

// BenchmarkServerExecuteSQL2100Statements is the driver's executemany
// request: 420 INSERT statements of five parameters in one sp_executesql.
func BenchmarkServerExecuteSQL2100Statements(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch(loadTable))
	var sb strings.Builder
	for r := 0; r < 420; r++ {
		sb.WriteString("INSERT INTO #load VALUES " + marks(r*5+1, 5) + "\n;\n")
	}
	msg := executeSQL(allHeaders(), sb.String(), loadDecls(420), loadParams(0, 420))
	benchmarkExchange(b, c, tds.PacketRPC, msg, 420, "TRUNCATE TABLE #load")
}

// BenchmarkServerExecuteSQL2100Values is one INSERT ... VALUES of 420 rows.
func BenchmarkServerExecuteSQL2100Values(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch(loadTable))
	rows := make([]string, 420)
	for r := range rows {
		rows[r] = marks(r*5+1, 5)
	}
	msg := executeSQL(allHeaders(), "INSERT INTO #load VALUES "+strings.Join(rows, ", "), loadDecls(420), loadParams(0, 420))
	benchmarkExchange(b, c, tds.PacketRPC, msg, 420, "TRUNCATE TABLE #load")
}

// BenchmarkServerRPCArray is an ODBC parameter array: 500 sp_executesql
// calls of one five-parameter INSERT in one RPC message.
func BenchmarkServerRPCArray(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch(loadTable))
	msg := allHeaders()
	for r := 0; r < 500; r++ {
		if r > 0 {
			msg = append(msg, 0xFF)
		}
		msg = executeSQL(msg, "INSERT INTO #load VALUES (@p1, @p2, @p3, @p4, @p5)", loadDecls(1), loadParams(r, 1))
	}
	benchmarkExchange(b, c, tds.PacketRPC, msg, 500, "TRUNCATE TABLE #load")
}

// seedMixed creates the fetch benchmark's 10-column table (bench/worker/data.py).
func seedMixed(c *rawClient, rows int) {
	c.exchange(tds.PacketSQLBatch, batch(`CREATE TABLE bench_mixed (i int NOT NULL, b bigint, f float, d decimal(18,4),
		nv nvarchar(50), v varchar(50), dt datetime2, bt bit, u uniqueidentifier, ni int NULL)`))
	c.exchange(tds.PacketSQLBatch, batch(`INSERT INTO bench_mixed SELECT value, CAST(value AS bigint) * 3000000007,
		CAST(value AS float) / 7, CAST(value AS decimal(18,4)) / 16, N'Zürich-' + CAST(value AS nvarchar(20)),
		'city-' + CAST(value AS varchar(20)), DATEADD(millisecond, value * 7, CAST('2024-01-01' AS datetime2)),
		CAST(value % 2 AS bit), CAST(HASHBYTES('MD5', CAST(value AS varchar(12))) AS uniqueidentifier),
		CASE WHEN value % 10 = 0 THEN NULL ELSE value END FROM GENERATE_SERIES(1, `+fmt.Sprint(rows)+`)`))
}

func BenchmarkServerSelectMixed100k(b *testing.B) {
	c := benchServer(b)
	seedMixed(c, 100_000)
	benchmarkExchange(b, c, tds.PacketSQLBatch, batch("SELECT i, b, f, d, nv, v, dt, bt, u, ni FROM bench_mixed"), 100_000, "")
}

func BenchmarkServerSelectInts1M(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch("CREATE TABLE bench_ints (i int NOT NULL); INSERT INTO bench_ints SELECT value FROM GENERATE_SERIES(1, 1000000)"))
	benchmarkExchange(b, c, tds.PacketSQLBatch, batch("SELECT i FROM bench_ints"), 1_000_000, "")
}

func BenchmarkServerGenerateSeries1M(b *testing.B) {
	c := benchServer(b)
	benchmarkExchange(b, c, tds.PacketSQLBatch, batch("SELECT value FROM GENERATE_SERIES(1, 1000000)"), 1_000_000, "")
}

func BenchmarkServerSelectText10k(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch(`CREATE TABLE bench_text (id int NOT NULL, t nvarchar(max));
		INSERT INTO bench_text SELECT value, REPLICATE(CAST(N'0123456789' AS nvarchar(max)), 1000) FROM GENERATE_SERIES(1, 10000)`))
	benchmarkExchange(b, c, tds.PacketSQLBatch, batch("SELECT id, t FROM bench_text"), 10_000, "")
}

// BenchmarkServerBulkLoad100k is INSERT BULK and a bulk-load message of
// 100,000 rows of the five load columns.
func BenchmarkServerBulkLoad100k(b *testing.B) {
	c := benchServer(b)
	c.exchange(tds.PacketSQLBatch, batch("CREATE TABLE bench_bulk (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)"))
	cols := make([]tds.Column, 5)
	for j, name := range []string{"i", "s", "f", "d", "dt"} {
		cols[j] = tds.Column{Name: name, Info: loadInfos[j], Nullable: true}
	}
	ti, err := tds.ForType(sqltype.Type{Kind: sqltype.Int}, true, nil)
	require.NoError(b, err)
	cols[0].Info = ti
	msg := tds.AppendColMetadata(nil, cols)
	for _, p := range chunk(loadParams(0, 100_000), 5) {
		vals := []any{p[0].value, p[1].value, p[2].value, p[3].value, p[4].value}
		if msg, err = tds.AppendRow(msg, cols, vals); err != nil {
			b.Fatal(err)
		}
	}
	msg = tds.AppendDone(msg, tds.Done{Token: tds.TokenDone})
	insert := batch("TRUNCATE TABLE bench_bulk; INSERT BULK bench_bulk (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)")
	c.exchange(tds.PacketSQLBatch, insert)
	c.exchange(tds.PacketBulkLoad, msg)
	buf := make([]byte, 0, 32768)
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		cpu.pause()
		c.exchange(tds.PacketSQLBatch, insert)
		cpu.resume()
		b.StartTimer()
		c.send(tds.PacketBulkLoad, msg)
		buf = c.skipResponse(buf)
	}
	b.StopTimer()
	cpu.report()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100_000), "ns/item")
}

func chunk(ps []rpcParam, n int) [][]rpcParam {
	var out [][]rpcParam
	for len(ps) >= n {
		out = append(out, ps[:n])
		ps = ps[n:]
	}
	return out
}
