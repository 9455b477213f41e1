package tds_test

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// countSink counts rows.
type countSink struct{ tds.Values }

func usable(t *testing.T, c *tds.Conn) {
	t.Helper()
	assert.Equal(t, int64(1), query(t, c, "SELECT 1").sets[0][0][0], "the connection stays usable")
}

// drain reads a response to its end and returns the rows and the error.
func drainResponse(r *tds.Response) (int, error) {
	rows := 0
	v := make(tds.Values, 8)
	for {
		tok, err := r.Next()
		switch tok {
		case tds.TokenEnd:
			return rows, err
		case tds.TokenRow:
			n, err := r.ReadRows(v[:len(r.Columns())], 1000)
			rows += n
			if err != nil {
				return rows, err
			}
		}
	}
}

func TestCancelMidResult(t *testing.T) {
	c := connect(t)
	r, err := c.SQLBatch("SELECT value FROM GENERATE_SERIES(1, 5000000)")
	require.NoError(t, err)
	tok, err := r.Next()
	require.NoError(t, err)
	require.Equal(t, tds.TokenColMetadata, tok)
	tok, _ = r.Next()
	require.Equal(t, tds.TokenRow, tok)
	n, err := r.ReadRows(make(tds.Values, 1), 100)
	require.NoError(t, err)
	require.Equal(t, 100, n)
	c.Cancel()
	rows, err := drainResponse(r)
	require.ErrorIs(t, err, tds.ErrCancelled)
	assert.Less(t, rows, 5000000)
	usable(t, c)
}

func TestCancelWhileBlockedReading(t *testing.T) {
	srv := testenv.Server(t)
	c := connect(t)
	spid := int(c.Session().SPID)
	srv.SetResponseDelay(spid, 10*time.Second)
	t.Cleanup(func() { srv.SetResponseDelay(spid, 0) })
	r, err := c.SQLBatch("SELECT 1")
	require.NoError(t, err)
	timer := time.AfterFunc(100*time.Millisecond, c.Cancel) // a query timeout is this
	start := time.Now()
	_, err = drainResponse(r)
	timer.Stop()
	require.ErrorIs(t, err, tds.ErrCancelled)
	assert.Less(t, time.Since(start), 3*time.Second)
	srv.SetResponseDelay(spid, 0)
	usable(t, c)
}

func TestCancelAfterTheResult(t *testing.T) {
	c := connect(t)
	r, err := c.SQLBatch("SELECT 1")
	require.NoError(t, err)
	_, err = drainResponse(r)
	require.NoError(t, err)
	c.Cancel() // nothing runs: no effect
	usable(t, c)
}

func TestCancelRacesTheEnd(t *testing.T) {
	c := connect(t)
	for i := 0; i < 200; i++ {
		r, err := c.SQLBatch("SELECT value FROM GENERATE_SERIES(1, 50)")
		require.NoError(t, err)
		timer := time.AfterFunc(time.Duration(rand.Intn(400))*time.Microsecond, c.Cancel)
		rows, err := drainResponse(r)
		timer.Stop()
		if err != nil {
			require.ErrorIs(t, err, tds.ErrCancelled, "iteration %d", i)
		} else {
			require.Equal(t, 50, rows)
		}
		r, err = c.SQLBatch("SELECT 7")
		require.NoError(t, err, "iteration %d", i)
		res, err := readAll(t, r)
		if errors.Is(err, tds.ErrCancelled) { // the timer fired on this one
			continue
		}
		require.NoError(t, err, "iteration %d", i)
		require.Equal(t, int64(7), res.sets[0][0][0], "iteration %d", i)
	}
	usable(t, c)
}

func TestCancelWhileWritingALargeRequest(t *testing.T) {
	c := connect(t)
	for i := 0; i < 5; i++ {
		b, err := c.RPC()
		require.NoError(t, err)
		timer := time.AfterFunc(time.Duration(i)*2*time.Millisecond, c.Cancel)
		addCall(b, "SELECT DATALENGTH(@b)", "@b varbinary(max)",
			[]rpcParam{{name: "@b", ti: tds.VarBinary(-1), v: tds.Value{Bytes: make([]byte, 20<<20)}}})
		r, err := b.Send()
		require.NoError(t, err)
		_, err = drainResponse(r)
		timer.Stop()
		if err != nil {
			require.ErrorIs(t, err, tds.ErrCancelled)
		}
		usable(t, c)
	}
}

func TestResponseCloseMidResult(t *testing.T) {
	c := connect(t)
	r, err := c.SQLBatch("SELECT value FROM GENERATE_SERIES(1, 1000000); SELECT 2")
	require.NoError(t, err)
	_, _ = r.Next()
	require.NoError(t, r.Close())
	usable(t, c)
}

func TestKilledSession(t *testing.T) {
	srv := testenv.Server(t)
	c := connect(t)
	require.True(t, srv.KillSession(int(c.Session().SPID)))
	r, err := c.SQLBatch("SELECT 1")
	if err == nil {
		_, err = drainResponse(r)
	}
	require.Error(t, err)
	assert.True(t, tds.IsBadConn(err), "%v", err)
	assert.Error(t, c.Err())
}

func TestKilledWhileReading(t *testing.T) {
	srv := testenv.Server(t)
	c := connect(t)
	spid := int(c.Session().SPID)
	srv.SetResponseDelay(spid, 10*time.Second)
	t.Cleanup(func() { srv.SetResponseDelay(spid, 0) })
	r, err := c.SQLBatch("SELECT 1")
	require.NoError(t, err)
	time.AfterFunc(100*time.Millisecond, func() { srv.KillSession(spid) })
	start := time.Now()
	_, err = drainResponse(r)
	require.Error(t, err)
	assert.True(t, tds.IsBadConn(err), "%v", err)
	assert.Less(t, time.Since(start), 3*time.Second)
}

func TestDroppedMidResult(t *testing.T) {
	srv := testenv.Server(t)
	c := connect(t)
	srv.DropAfterRows(int(c.Session().SPID), 1000)
	r, err := c.SQLBatch("SELECT value FROM GENERATE_SERIES(1, 100000)")
	require.NoError(t, err)
	rows, err := drainResponse(r)
	require.Error(t, err)
	assert.True(t, tds.IsBadConn(err), "%v", err)
	assert.GreaterOrEqual(t, rows, 1000)
	_, err = c.SQLBatch("SELECT 1")
	assert.True(t, tds.IsBadConn(err), "%v", err)
}
