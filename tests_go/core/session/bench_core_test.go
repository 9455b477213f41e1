package session_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pbuf"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// BenchmarkSelect1 is a SELECT 1 round trip through the session layer:
// Execute, Fetch (waiting if need be) until the end, Describe. The
// difference to the wire-level BenchmarkSelect1 (tests_go/core/tds) is
// core's own cost.
func BenchmarkSelect1(b *testing.B) {
	st := open(b, testenv.ConnString(b)).NewStatement()
	opts := rowenc.Options{Format: rowenc.FormatPickle}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ok, err := st.Execute(ctx(b), "SELECT 1", nil, 0)
		require.NoError(b, err)
		require.True(b, ok)
		for {
			_, _, status, err := st.Fetch(opts, 1000, 0)
			require.NoError(b, err)
			if status == core.FetchEnd {
				break
			}
			if status == core.FetchPending {
				require.NoError(b, st.WaitRows(ctx(b)))
			}
		}
		st.Describe(opts)
	}
}

// BenchmarkExecuteMany inserts 1,000 rows of 5 columns (int, nvarchar(50),
// float, decimal(18,4), datetime2) per operation, as bench/ workload 4.
func BenchmarkExecuteMany(b *testing.B) {
	st := open(b, testenv.ConnString(b)).NewStatement()
	tab := fmt.Sprintf("bench_many_%d", time.Now().UnixNano()%1e9)
	_, err := st.Execute(ctx(b), "CREATE TABLE "+tab+" (i int, s nvarchar(50), f float, d decimal(18,4), dt datetime2)", nil, 0)
	require.NoError(b, err)
	b.Cleanup(func() { _, _ = st.Execute(ctx(b), "DROP TABLE "+tab, nil, 0) })
	const n = 1000
	cols := []pbuf.Col{{Type: params.Int}, {Type: params.NVarChar}, {Type: params.Float}, {Type: params.Decimal}, {Type: params.DateTime2}}
	for i := range cols {
		cols[i].Values = make([]any, n)
	}
	for i := 0; i < n; i++ {
		at := time.Date(2024, 1, 1, 0, 0, i%60, 0, time.UTC)
		v := []any{int64(i), fmt.Sprintf("name-%d", i), float64(i) / 3, fmt.Sprintf("%d.%04d", i/8, (i%8)*1250),
			pbuf.DateTime{Date: pbuf.Date{Year: 2024, Month: 1, Day: 1}, Time: pbuf.Time{Second: uint8(at.Second())}}}
		for k := range cols {
			cols[k].Values[i] = v[k]
		}
	}
	set, err := params.Decode(pbuf.Build(n, cols...))
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ok, err := st.Execute(ctx(b), "INSERT INTO "+tab+" VALUES (?, ?, ?, ?, ?)", set, 0)
		require.NoError(b, err)
		require.True(b, ok)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
