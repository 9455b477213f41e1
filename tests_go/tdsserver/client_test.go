package tdsserver_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/golang-sql/sqlexp"
	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

func TestRPCTypedAndOutputParameters(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	ctx := ctxT(t)

	var a int64
	var b string
	require.NoError(t, db.QueryRowContext(ctx, "select @a, @b", sql.Named("a", int64(11)), sql.Named("b", "x\u00e9")).Scan(&a, &b))
	assert.Equal(t, int64(11), a)
	assert.Equal(t, "x\u00e9", b)

	out := int64(21)
	_, err := db.ExecContext(ctx, "select @o", sql.Named("o", sql.Out{Dest: &out}))
	require.NoError(t, err)
	assert.Equal(t, int64(42), out, "OUTPUT parameter came back through RETURNVALUE")

	var rs mssql.ReturnStatus
	out = 5
	_, err = db.ExecContext(ctx, "myproc", sql.Named("x", "in"), sql.Named("y", sql.Out{Dest: &out}), &rs)
	require.NoError(t, err)
	assert.EqualValues(t, 7, rs, "RETURNSTATUS of a procedure called by name")
	assert.Equal(t, int64(10), out)

	_, err = db.ExecContext(ctx, "proc_fail")
	var me mssql.Error
	require.True(t, errors.As(err, &me), "%v", err)
	assert.EqualValues(t, 50000, me.Number)
	assert.Equal(t, "proc_fail", me.ProcName)
	assert.EqualValues(t, 3, me.LineNo)
}

func TestServerErrorKeepsSession(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	db.SetMaxOpenConns(1)
	ctx := ctxT(t)
	_, err := db.ExecContext(ctx, "raise error")
	var me mssql.Error
	require.True(t, errors.As(err, &me), "%v", err)
	assert.EqualValues(t, 208, me.Number)
	assert.EqualValues(t, 16, me.Class)
	assert.EqualValues(t, 1, me.LineNo)
	assert.Equal(t, "Invalid object name 'nope'.", me.Message)
	var n int
	require.NoError(t, db.QueryRowContext(ctx, "select 1").Scan(&n))
}

// TestMessagesInOrder reads a batch in go-mssqldb's message-queue mode:
// result sets, row counts and PRINT output arrive in server order.
func TestMessagesInOrder(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	retmsg := &sqlexp.ReturnMessage{}
	rows, err := db.QueryContext(ctxT(t), "run multi", retmsg)
	require.NoError(t, err)
	defer rows.Close()
	var events []string
	for more := true; more; {
		switch m := retmsg.Message(ctxT(t)).(type) {
		case sqlexp.MsgNotice:
			events = append(events, "notice:"+m.Message.String())
		case sqlexp.MsgRowsAffected:
			events = append(events, fmt.Sprintf("count:%d", m.Count))
		case sqlexp.MsgNext:
			for rows.Next() {
				var v any
				require.NoError(t, rows.Scan(&v))
				events = append(events, fmt.Sprintf("row:%v", v))
			}
		case sqlexp.MsgNextResultSet:
			more = rows.NextResultSet()
		case sqlexp.MsgError:
			t.Fatal(m.Error)
		}
	}
	assert.Equal(t, []string{"row:1", "count:1", "count:3", "notice:between", "row:two", "count:1"}, events)
}

func TestAttentionCancelsLongRequests(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	conn, err := db.Conn(ctxT(t))
	require.NoError(t, err)
	defer conn.Close()
	before := spidOf(t, conn)
	for _, q := range []string{"select forever", "waitfor delay '00:00:10'"} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		rows, err := conn.QueryContext(ctx, q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		cancel()
		require.Error(t, err, q)
		assert.ErrorIs(t, err, context.Canceled, q)
		assert.Equal(t, before, spidOf(t, conn), "same session usable after cancelling %q", q)
	}
}

func TestTransactionsThroughTransactionManager(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	db.SetMaxOpenConns(1)
	ctx := ctxT(t)
	for _, commit := range []bool{true, false} {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
		require.NoError(t, err)
		var n int
		require.NoError(t, tx.QueryRowContext(ctx, "select @@trancount").Scan(&n))
		assert.Equal(t, 1, n)
		if commit {
			require.NoError(t, tx.Commit())
		} else {
			require.NoError(t, tx.Rollback())
		}
		require.NoError(t, db.QueryRowContext(ctx, "select @@trancount").Scan(&n))
		assert.Equal(t, 0, n)
	}
}

// TestResetConnectionOnPoolReuse: database/sql marks a reused connection
// for reset; go-mssqldb sets RESETCONNECTION on its next request.
func TestResetConnectionOnPoolReuse(t *testing.T) {
	s, e := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	db.SetMaxOpenConns(1)
	ctx := ctxT(t)
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, "use tempdb")
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, "create table #t (a int)")
	require.NoError(t, err)
	require.NoError(t, conn.Close())
	before := e.resets.Load()
	var name string
	var temp bool
	require.NoError(t, db.QueryRowContext(ctx, "select db_name()").Scan(&name))
	require.NoError(t, db.QueryRowContext(ctx, "select temp").Scan(&temp))
	assert.Equal(t, "master", name, "database restored")
	assert.False(t, temp, "temp table dropped")
	assert.Greater(t, e.resets.Load(), before)
}

func TestPacketSizesOverTLS(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	for _, size := range []string{"512", "1024", "4096", "16383", "32767"} {
		db := openDB(t, dsn(s, map[string]string{"packet size": size}))
		rows, err := db.QueryContext(ctxT(t), "select rows 3000")
		require.NoError(t, err, size)
		n := 0
		for rows.Next() {
			n++
		}
		require.NoError(t, rows.Err())
		rows.Close()
		assert.Equal(t, 3000, n, "packet size %s", size)
	}
}

func TestManyConcurrentSessions(t *testing.T) {
	const sessions = 220
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	db.SetMaxOpenConns(sessions)
	ctx := ctxT(t)
	conns := make([]*sql.Conn, sessions)
	spids := make(chan int, sessions)
	errs := make(chan error, sessions)
	for i := range conns {
		go func(i int) {
			c, err := db.Conn(ctx)
			if err != nil {
				errs <- err
				return
			}
			conns[i] = c
			var spid int
			if err := c.QueryRowContext(ctx, "select @@spid").Scan(&spid); err != nil {
				errs <- err
				return
			}
			spids <- spid
		}(i)
	}
	seen := map[int]bool{}
	for i := 0; i < sessions; i++ {
		select {
		case err := <-errs:
			t.Fatal(err)
		case spid := <-spids:
			seen[spid] = true
		}
	}
	assert.Len(t, seen, sessions, "every session has its own SPID")
	assert.Len(t, s.Sessions(), sessions)
	for _, c := range conns {
		c.Close()
	}
}
