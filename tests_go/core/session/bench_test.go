package session_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pbuf"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// BenchTable is the benchmark's table: 10 mixed columns (as DESIGN.md's
// measurements), benchRows rows.
const (
	benchTable = "bench_fetch_100k"
	benchRows  = 100_000
)

var benchOnce sync.Once

// benchData creates and fills the table once per process (kept for later
// runs against the same server).
func benchData(b *testing.B, st *core.Statement) {
	benchOnce.Do(func() {
		if _, err := st.Execute(ctx(b), "SELECT COUNT(*) FROM "+benchTable, nil, 0); err == nil {
			got, err := fetchAllB(b, st)
			if err == nil && len(got) == 1 && got[0][0] == int64(benchRows) {
				return
			}
		}
		_, _ = st.Execute(ctx(b), "DROP TABLE "+benchTable, nil, 0)
		_, err := st.Execute(ctx(b), "CREATE TABLE "+benchTable+` (i int NOT NULL, b bigint NOT NULL, f float NOT NULL,
			d decimal(18,4) NOT NULL, nv nvarchar(50) NOT NULL, v varchar(50) NOT NULL, dt datetime2 NOT NULL, bt bit NOT NULL,
			g uniqueidentifier NOT NULL, ni int NULL)`, nil, 0)
		require.NoError(b, err)
		fill(b, st)
	})
}

func fill(b testing.TB, st *core.Statement) {
	const chunk = 10_000
	for first := 0; first < benchRows; first += chunk {
		cols := make([]pbuf.Col, 10)
		types := []params.Type{params.Int, params.BigInt, params.Float, params.Decimal, params.NVarChar, params.VarChar,
			params.DateTime2, params.Bit, params.UniqueIdentifier, params.Int}
		for k := range cols {
			cols[k] = pbuf.Col{Type: types[k], Values: make([]any, chunk)}
		}
		for r := 0; r < chunk; r++ {
			i := first + r
			v := []any{int64(i), int64(i) << 33, float64(i) / 7, fmt.Sprintf("%d.%04d", i, i%10000), fmt.Sprintf("Zürich-%d", i),
				fmt.Sprintf("name-%d", i), pbuf.DateTime{Date: pbuf.Date{Year: 2024, Month: uint8(1 + i%12), Day: uint8(1 + i%28)},
					Time: pbuf.Time{Hour: uint8(i % 24), Minute: uint8(i % 60), Second: uint8(i % 60), Nanosecond: uint32(i%1000) * 1000}},
				i%2 == 0, [16]byte{byte(i), byte(i >> 8), byte(i >> 16), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, nil}
			if i%10 != 0 {
				v[9] = int64(i)
			}
			for k := range cols {
				cols[k].Values[r] = v[k]
			}
		}
		set, err := params.Decode(pbuf.Build(chunk, cols...))
		require.NoError(b, err)
		_, err = st.Execute(ctx(b), "INSERT INTO "+benchTable+" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", set, 0)
		require.NoError(b, err)
	}
}

func fetchAllB(b testing.TB, st *core.Statement) ([][]any, error) {
	var out [][]any
	for {
		buf, n, status, err := st.Fetch(rowenc.Options{Format: rowenc.FormatPlain}, 1000, 0)
		switch status {
		case core.FetchRows:
			out = append(out, decodePlainB(buf, n)...)
		case core.FetchPending:
			if err := st.WaitRows(ctx(b)); err != nil {
				return out, err
			}
		case core.FetchEnd:
			return out, nil
		case core.FetchError:
			return out, err
		}
	}
}

func decodePlainB(b []byte, n int) [][]any {
	r := &reader{b: b}
	nrows, ncols := int(r.u32()), int(r.u32())
	out := make([][]any, nrows)
	for i := range out {
		out[i] = make([]any, ncols)
		for j := range out[i] {
			out[i][j] = r.cell()
		}
	}
	return out
}

// BenchmarkFetch100kx10 reads the 100,000 x 10 table through
// Statement.Fetch in pickle batches of 1,000 rows: the work of
// mssql_stmt_fetch minus the copy into C memory. ns/row covers the server
// (in process) and the client.
func BenchmarkFetch100kx10(b *testing.B) {
	s := open(b, testenv.ConnString(b))
	st := s.NewStatement()
	benchData(b, st)
	opts := rowenc.Options{Format: rowenc.FormatPickle}
	b.ResetTimer()
	start := time.Now()
	var bytes int64
	for n := 0; n < b.N; n++ {
		ok, err := st.Execute(ctx(b), "SELECT i, b, f, d, nv, v, dt, bt, g, ni FROM "+benchTable, nil, 0)
		require.NoError(b, err)
		require.True(b, ok)
		rows := 0
		for {
			buf, k, status, err := st.Fetch(opts, 1000, 0)
			if status == core.FetchPending {
				require.NoError(b, st.WaitRows(ctx(b)))
				continue
			}
			require.NoError(b, err)
			if status == core.FetchEnd {
				break
			}
			rows += k
			bytes += int64(len(buf))
		}
		require.Equal(b, benchRows, rows)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N*benchRows), "ns/row")
	b.ReportMetric(float64(bytes)/float64(b.N*benchRows), "bytes/row")
}
