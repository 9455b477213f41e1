package tdsserver_test

import (
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// BenchmarkStreamRows measures the front end streaming 10,000-row results
// (an int and a 100-character nvarchar) to go-mssqldb, in clear and over TLS.
//
//	go test ./tests_go/tdsserver -run '^$' -bench StreamRows -benchmem
func BenchmarkStreamRows(b *testing.B) {
	for _, enc := range []string{"disable", "true"} {
		b.Run("encrypt="+enc, func(b *testing.B) {
			s, _ := startServer(b, tdsserver.Config{})
			db := openDB(b, dsn(s, map[string]string{"encrypt": enc, "packet size": "16383"}))
			db.SetMaxOpenConns(1)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rows, err := db.Query("select rows 10000")
				if err != nil {
					b.Fatal(err)
				}
				var n int
				var pad string
				for rows.Next() {
					if err := rows.Scan(&n, &pad); err != nil {
						b.Fatal(err)
					}
				}
				rows.Close()
			}
			b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
