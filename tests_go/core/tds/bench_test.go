package tds_test

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/microsoft/go-mssqldb/msdsn"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// Benchmarks of the raw wire layer beside go-mssqldb's raw driver API
// (driver.Rows.Next, no database/sql), against the same server. Besides
// ns/op they report per row: wall ns, client CPU ns (user+sys of this
// process: meaningful when the server runs in another process, i.e. with
// MSSQL_CONNECTION_STRING set) and allocations.
//
//	go run ./tests_go/cmd/tdsserver -listen 127.0.0.1:0   # prints the connection string
//	MSSQL_CONNECTION_STRING='...' go test ./tests_go/core/tds -run '^$' -bench . -benchtime 5x

const (
	benchTable = "bench_tds_100k"
	benchRows  = 100_000
	intRows    = 1_000_000
)

var mixedQuery = "SELECT i, b, f, d, nv, v, dt, bt, g, ni FROM " + benchTable

var benchOnce sync.Once

// benchData creates the 100,000 x 10 table once (kept for later runs).
func benchData(b *testing.B, c *tds.Conn) {
	benchOnce.Do(func() {
		if res, err := queryErr(b, c, "SELECT COUNT(*) FROM "+benchTable); err == nil && res.sets[0][0][0] == int64(benchRows) {
			return
		}
		_, _ = queryErr(b, c, "DROP TABLE "+benchTable)
		query(b, c, "CREATE TABLE "+benchTable+` (i int NOT NULL, b bigint NOT NULL, f float NOT NULL,
			d decimal(18,4) NOT NULL, nv nvarchar(50) NOT NULL, v varchar(50) NOT NULL, dt datetime2 NOT NULL, bt bit NOT NULL,
			g uniqueidentifier NOT NULL, ni int NULL)`)
		query(b, c, "INSERT BULK "+benchTable+" (i int, b bigint, f float, d decimal(18,4), nv nvarchar(50), v varchar(50), dt datetime2(7), bt bit, g uniqueidentifier, ni int)")
		bl, err := c.BulkLoad(mixedColumns())
		require.NoError(b, err)
		for i := 0; i < benchRows; i++ {
			require.NoError(b, bl.Row(mixedRow(i)))
		}
		r, err := bl.Send()
		require.NoError(b, err)
		require.NoError(b, r.Discard())
	})
}

func mixedColumns() []tds.Column {
	return []tds.Column{{Name: "i", Type: tds.IntN(4)}, {Name: "b", Type: tds.IntN(8)}, {Name: "f", Type: tds.FltN(8)},
		{Name: "d", Type: tds.DecimalN(18, 4)}, {Name: "nv", Type: tds.NVarChar(50)}, {Name: "v", Type: tds.VarChar(50, latin1)},
		{Name: "dt", Type: tds.DateTime2N(7)}, {Name: "bt", Type: tds.BitN()}, {Name: "g", Type: tds.GUIDType()},
		{Name: "ni", Flags: 1, Type: tds.IntN(4)}}
}

func mixedRow(i int) []tds.Value {
	d, _ := tds.ParseDecimal(fmt.Sprintf("%d.%04d", i, i%10000))
	at := time.Date(2024, time.Month(1+i%12), 1+i%28, i%24, i%60, i%60, (i%1000)*1000, time.UTC)
	v := []tds.Value{{Int: int64(i)}, {Int: int64(i) << 33}, {Float: float64(i) / 7}, {Decimal: d},
		{String: fmt.Sprintf("Zürich-%d", i)}, {String: fmt.Sprintf("name-%d", i)}, {Time: tds.DateTimeOf(at, tds.KindDateTime)},
		{Int: int64(i % 2)}, {GUID: [16]byte{byte(i), byte(i >> 8), byte(i >> 16), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}}, {Int: int64(i)}}
	if i%10 == 0 {
		v[9] = tds.Value{Null: true}
	}
	return v
}

func queryErr(b testing.TB, c *tds.Conn, sql string) (*result, error) {
	r, err := c.SQLBatch(sql)
	if err != nil {
		return nil, err
	}
	res, err := readAll(b, r)
	if err == nil && len(res.messages) > 0 && res.messages[0].IsError {
		err = &tds.ServerError{Messages: res.messages}
	}
	return res, err
}

// meter measures wall time, process CPU and allocations over a run.
type meter struct {
	start   time.Time
	cpu     time.Duration
	mallocs uint64
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startMeter() meter {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return meter{start: time.Now(), cpu: cpuTime(), mallocs: ms.Mallocs}
}

func (m meter) report(b *testing.B, rows int) {
	wall, cpu := time.Since(m.start), cpuTime()-m.cpu
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	n := float64(b.N * rows)
	b.ReportMetric(float64(wall.Nanoseconds())/n, "ns/row")
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/row")
	b.ReportMetric(float64(ms.Mallocs-m.mallocs)/n, "allocs/row")
}

// valueSink receives values and keeps the last of each kind, so that the
// work is not optimised away; it allocates nothing.
type valueSink struct {
	ints   int64
	floats float64
	texts  int
	other  int
}

func (s *valueSink) Null(int)                    { s.other++ }
func (s *valueSink) Int(_ int, v int64)          { s.ints += v }
func (s *valueSink) Bool(int, bool)              { s.other++ }
func (s *valueSink) Float(_ int, v float64)      { s.floats += v }
func (s *valueSink) Decimal(int, tds.Decimal)    { s.other++ }
func (s *valueSink) Text(_ int, v []byte)        { s.texts += len(v) }
func (s *valueSink) Binary(_ int, v []byte)      { s.texts += len(v) }
func (s *valueSink) GUID(int, [16]byte)          { s.other++ }
func (s *valueSink) DateTime(int, tds.DateTime)  { s.other++ }
func (s *valueSink) BeginLarge(int, bool, int64) {}
func (s *valueSink) LargeChunk(_ int, v []byte)  { s.texts += len(v) }
func (s *valueSink) EndLarge(int)                {}

// fetchTDS runs a query and decodes every row into the sink.
func fetchTDS(b *testing.B, c *tds.Conn, sql string, s tds.RowSink) int {
	r, err := c.SQLBatch(sql)
	require.NoError(b, err)
	rows := 0
	for {
		tok, err := r.Next()
		require.NoError(b, err)
		switch tok {
		case tds.TokenEnd:
			return rows
		case tds.TokenRow:
			n, err := r.ReadRows(s, 1<<30)
			require.NoError(b, err)
			rows += n
		}
	}
}

// gomssqldb opens go-mssqldb's raw connection with the same settings.
func gomssqldb(b *testing.B) *mssql.Conn {
	set, err := connstr.Parse(testenv.ConnString(b))
	require.NoError(b, err)
	cfg, err := set.Config()
	require.NoError(b, err)
	l := cfg.Login
	dsn := msdsn.Config{Host: l.Host, Port: l.Port, User: l.User, Password: l.Password, Database: l.Database,
		AppName: l.AppName, Encryption: msdsn.EncryptionRequired, TLSConfig: l.TLSConfig.Clone(), Protocols: []string{"tcp"},
		PacketSize: 4096, Encoding: msdsn.EncodeParameters{Timezone: time.UTC}}
	conn, err := mssql.NewConnectorConfig(dsn).Connect(context.Background())
	require.NoError(b, err)
	b.Cleanup(func() { conn.Close() })
	return conn.(*mssql.Conn)
}

// fetchGo runs a query through go-mssqldb's raw driver API.
func fetchGo(b *testing.B, c *mssql.Conn, sql string) int {
	st, err := c.PrepareContext(context.Background(), sql)
	require.NoError(b, err)
	defer st.Close()
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	require.NoError(b, err)
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	n := 0
	for {
		if err := rows.Next(dest); err == io.EOF {
			return n
		} else {
			require.NoError(b, err)
		}
		n++
	}
}

func benchFetch(b *testing.B, sql string, want int) {
	b.Run("tds", func(b *testing.B) {
		c := connect(b)
		benchData(b, c)
		s := &valueSink{}
		m := startMeter()
		for i := 0; i < b.N; i++ {
			require.Equal(b, want, fetchTDS(b, c, sql, s))
		}
		m.report(b, want)
	})
	b.Run("go-mssqldb", func(b *testing.B) {
		benchData(b, connect(b))
		c := gomssqldb(b)
		m := startMeter()
		for i := 0; i < b.N; i++ {
			require.Equal(b, want, fetchGo(b, c, sql))
		}
		m.report(b, want)
	})
}

// BenchmarkFetchInts reads 1,000,000 one-int rows.
func BenchmarkFetchInts(b *testing.B) {
	benchFetch(b, fmt.Sprintf("SELECT value FROM GENERATE_SERIES(1, %d)", intRows), intRows)
}

// BenchmarkFetchMixed reads 100,000 rows of 10 mixed columns.
func BenchmarkFetchMixed(b *testing.B) { benchFetch(b, mixedQuery, benchRows) }

// BenchmarkSelect1 measures a SELECT 1 round trip.
func BenchmarkSelect1(b *testing.B) {
	b.Run("tds", func(b *testing.B) {
		c := connect(b)
		s := &valueSink{}
		m := startMeter()
		for i := 0; i < b.N; i++ {
			fetchTDS(b, c, "SELECT 1", s)
		}
		m.report(b, 1)
	})
	b.Run("go-mssqldb", func(b *testing.B) {
		c := gomssqldb(b)
		m := startMeter()
		for i := 0; i < b.N; i++ {
			fetchGo(b, c, "SELECT 1")
		}
		m.report(b, 1)
	})
}
