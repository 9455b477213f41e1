package session_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// peakHeap samples the live heap while f runs and returns the highest
// value above the starting point.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > base && m.HeapInuse-base > peak.Load() {
					peak.Store(m.HeapInuse - base)
				}
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak.Load()
}

// drain fetches every row of the current result set in pickle batches.
func drain(t *testing.T, st *core.Statement) int {
	rows := 0
	for {
		_, n, status, err := st.Fetch(rowenc.Options{Format: rowenc.FormatPickle}, 1000, 0)
		switch status {
		case core.FetchRows:
			rows += n
		case core.FetchPending:
			require.NoError(t, st.WaitRows(ctx(t)))
		case core.FetchEnd:
			return rows
		case core.FetchError:
			require.NoError(t, err)
		}
	}
}

// TestManyRowsInBoundedMemory streams a million rows: the heap (client
// and in-process server together) stays bounded, far from the size of the
// result (~130 MB).
func TestManyRowsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	st := open(t, testenv.ConnString(t)).NewStatement()
	const n = 1_000_000
	peak := peakHeap(func() {
		ok, err := st.Execute(ctx(t), "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 999999) "+
			"SELECT i, REPLICATE(N'x', 50) AS pad FROM n OPTION (MAXRECURSION 0)", nil, 0)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, n, drain(t, st))
	})
	t.Logf("peak heap above the start: %d MB", peak>>20)
	assert.Less(t, peak, uint64(64<<20))
}

// TestLargeValuesDoNotHoldTheResult reads 30 values of 10 MB (300 MB in
// all): only a few are in memory at once.
func TestLargeValuesDoNotHoldTheResult(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	st := open(t, testenv.ConnString(t)).NewStatement()
	peak := peakHeap(func() {
		ok, err := st.Execute(ctx(t), "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 29) "+
			"SELECT i, REPLICATE(CAST(N'y' AS nvarchar(max)), 5242880) AS big FROM n", nil, 0)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, 30, drain(t, st))
	})
	t.Logf("peak heap above the start: %d MB", peak>>20)
	assert.Less(t, peak, uint64(200<<20))
}
