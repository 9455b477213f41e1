package pool_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// The speed of pooling: compare
//
//	go test ./tests_go/pool -run '^$' -bench . -benchtime 2s
//
// BenchmarkSelect1 is the floor (one round trip on an open session),
// BenchmarkPooledConnect* a whole pooled connect + first query + close,
// the reset included, and BenchmarkNewLoginTLS the same without a pool.

// select1 runs SELECT 1 and reads its row.
func select1(b *testing.B, ctx context.Context, st *core.Statement) {
	ok, err := st.Execute(ctx, "SELECT 1", nil, 0)
	if err != nil || !ok {
		b.Fatalf("SELECT 1: %v", err)
	}
	for {
		_, _, status, err := st.Fetch(rowenc.Options{Format: rowenc.FormatPickle}, 100, 0)
		switch status {
		case core.FetchPending:
			require.NoError(b, st.WaitRows(ctx))
		case core.FetchError:
			b.Fatal(err)
		case core.FetchEnd:
			return
		}
	}
}

func BenchmarkSelect1(b *testing.B) {
	s := direct(b, testenv.ConnString(b))
	st := s.NewStatement()
	ctx := context.Background()
	for b.Loop() {
		select1(b, ctx, st)
	}
}

func benchPooled(b *testing.B, autocommit bool) {
	r := registry(b, nil)
	c := newClient(b, r, testenv.ConnString(b), core.OpenOptions{Autocommit: autocommit, LoginTimeout: 10 * time.Second})
	c.put(b, c.get(b)) // warm: one idle session
	ctx := context.Background()
	for b.Loop() {
		s, err := c.Connect(ctx)
		if err != nil {
			b.Fatal(err)
		}
		st := s.NewStatement()
		select1(b, ctx, st)
		_ = st.Close()
		if err := c.Release(s); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if st := statOf(b, r); st.Created != 1 {
		b.Fatalf("%d logins: the pool did not reuse its session", st.Created)
	}
}

// BenchmarkPooledConnect: autocommit on; the reset rides on SELECT 1.
func BenchmarkPooledConnect(b *testing.B) { benchPooled(b, true) }

// BenchmarkPooledConnectImplicitTx: autocommit off (the DB-API default):
// SET IMPLICIT_TRANSACTIONS ON goes before the first query, with the
// reset, and the implicit transaction is rolled back on release.
func BenchmarkPooledConnectImplicitTx(b *testing.B) { benchPooled(b, false) }

func BenchmarkNewLoginTLS(b *testing.B) {
	cs := testenv.ConnString(b)
	if !strings.Contains(strings.ToLower(cs), "encrypt=yes") && !strings.Contains(strings.ToLower(cs), "encrypt=strict") {
		b.Skip("the connection string does not ask for TLS")
	}
	cfg := config(b, cs)
	ctx := context.Background()
	for b.Loop() {
		s, err := core.Open(ctx, cfg, core.OpenOptions{Autocommit: true, LoginTimeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		st := s.NewStatement()
		select1(b, ctx, st)
		_ = s.Close()
	}
}
