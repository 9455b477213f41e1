package tds_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// tempTable creates a table for one test and drops it after.
func tempTable(t *testing.T, c *tds.Conn, name, cols string) {
	t.Helper()
	query(t, c, "IF OBJECT_ID('"+name+"') IS NOT NULL DROP TABLE "+name+"; CREATE TABLE "+name+" ("+cols+")")
	t.Cleanup(func() {
		if c.Err() == nil {
			if r, err := c.SQLBatch("DROP TABLE " + name); err == nil {
				_ = r.Discard()
			}
		}
	})
}

func TestSeveralRPCsInOneMessage(t *testing.T) {
	c := connect(t)
	tempTable(t, c, "tds_many", "id int PRIMARY KEY, name nvarchar(20)")
	b, err := c.RPC()
	require.NoError(t, err)
	const n = 50
	for i := 0; i < n; i++ {
		id := i
		if i == 20 {
			id = 5 // duplicate key: this call fails, the others run
		}
		addCall(b, "INSERT INTO tds_many VALUES (@id, @name)", "@id int, @name nvarchar(20)",
			[]rpcParam{{name: "@id", ti: tds.IntN(4), v: tds.Value{Int: int64(id)}},
				{name: "@name", ti: tds.NVarChar(20), v: tds.Value{String: fmt.Sprint("row ", i)}}})
	}
	r, err := b.Send()
	require.NoError(t, err)
	res, err := readAll(t, r)
	require.NoError(t, err)

	var procs []tds.Done
	for _, d := range res.dones {
		if d.Kind == tds.DoneProcedure {
			procs = append(procs, d)
		}
	}
	require.Len(t, procs, n, "one DONEPROC per call")
	for i, d := range procs {
		assert.Equal(t, i == 20, d.Failed(), "call %d", i)
	}
	require.Len(t, res.messages, 1)
	assert.Equal(t, int32(2627), res.messages[0].Number)
	assert.GreaterOrEqual(t, len(res.statuses), n-1, "a return status per successful call")

	got := query(t, c, "SELECT COUNT(*) FROM tds_many")
	assert.Equal(t, int64(n-1), got.sets[0][0][0])
}

func TestLargeRequestSpansPackets(t *testing.T) {
	c := connect(t)
	b, err := c.RPC()
	require.NoError(t, err)
	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(i)
	}
	addCall(b, "SELECT DATALENGTH(@b) AS n, @b AS b", "@b varbinary(max)",
		[]rpcParam{{name: "@b", ti: tds.VarBinary(-1), v: tds.Value{Bytes: big}}})
	r, err := b.Send()
	require.NoError(t, err)
	res, err := readAll(t, r)
	require.NoError(t, err)
	assert.Equal(t, int64(len(big)), res.sets[0][0][0])
	assert.Equal(t, big, res.sets[0][0][1])
}

func TestProcedureByNameWithOutputAndStatus(t *testing.T) {
	c := connect(t)
	query(t, c, `CREATE OR ALTER PROCEDURE tds_proc @a int, @b int OUTPUT AS BEGIN SET @b = @a * 2; SELECT @a AS a; RETURN 7 END`)
	b, err := c.RPC()
	require.NoError(t, err)
	b.Proc("tds_proc", 0)
	b.Param("@a", 0, ptr(tds.IntN(4)), &tds.Value{Int: 21})
	b.Param("@b", tds.ParamOutput, ptr(tds.IntN(4)), &tds.Value{Null: true})
	r, err := b.Send()
	require.NoError(t, err)
	res, err := readAll(t, r)
	require.NoError(t, err)
	assert.Equal(t, int64(21), res.sets[0][0][0])
	require.Len(t, res.returns, 1)
	assert.Equal(t, int64(42), res.returns[0].Value)
	assert.Equal(t, []int32{7}, res.statuses)
}

func ptr[T any](v T) *T { return &v }

func TestParameterErrorAbandonsTheRequest(t *testing.T) {
	c := connect(t)
	b, err := c.RPC()
	require.NoError(t, err)
	addCall(b, "SELECT @p", "@p nvarchar(2)", []rpcParam{{name: "@p", ti: tds.NVarChar(2), v: tds.Value{String: "too long"}}})
	_, err = b.Send()
	var ve *tds.ValueError
	require.ErrorAs(t, err, &ve)
	assert.NoError(t, c.Err())
	assert.Equal(t, int64(1), query(t, c, "SELECT 1").sets[0][0][0], "the connection stays usable")

	// the same after packets already left: the request ends with IGNORE
	b, err = c.RPC()
	require.NoError(t, err)
	addCall(b, "SELECT @a, @p", "@a varbinary(max), @p nvarchar(2)", []rpcParam{
		{name: "@a", ti: tds.VarBinary(-1), v: tds.Value{Bytes: make([]byte, 100000)}},
		{name: "@p", ti: tds.NVarChar(2), v: tds.Value{String: "too long"}}})
	_, err = b.Send()
	require.ErrorAs(t, err, &ve)
	assert.NoError(t, c.Err())
	assert.Equal(t, int64(1), query(t, c, "SELECT 1").sets[0][0][0])
}

func TestTransactionManagerRequests(t *testing.T) {
	c := connect(t)
	tempTable(t, c, "tds_tx", "v int")
	r, err := c.BeginTransaction(tds.IsolationReadCommitted, "")
	require.NoError(t, err)
	require.NoError(t, r.Discard())
	assert.True(t, c.InTransaction())
	query(t, c, "INSERT INTO tds_tx VALUES (1)")
	r, err = c.RollbackTransaction("", &tds.NextTransaction{})
	require.NoError(t, err)
	require.NoError(t, r.Discard())
	assert.True(t, c.InTransaction(), "a new transaction started with the rollback")
	query(t, c, "INSERT INTO tds_tx VALUES (2)")
	r, err = c.CommitTransaction("", nil)
	require.NoError(t, err)
	require.NoError(t, r.Discard())
	assert.False(t, c.InTransaction())
	assert.Equal(t, int64(2), query(t, c, "SELECT SUM(v) FROM tds_tx").sets[0][0][0])
}

func TestResetConnection(t *testing.T) {
	c := connect(t)
	query(t, c, "USE tempdb; SET IMPLICIT_TRANSACTIONS ON")
	assert.Equal(t, "tempdb", c.Session().Database)
	c.ResetNext(false)
	res := query(t, c, "SELECT DB_NAME(), @@OPTIONS & 2")
	assert.Equal(t, []any{"master", int64(0)}, res.sets[0][0])
	s := c.Session()
	assert.Equal(t, 1, s.Resets)
	assert.Equal(t, "master", s.Database)
	query(t, c, "SELECT 1")
	assert.Equal(t, 1, c.Session().Resets, "the reset bit is sent once")
}
