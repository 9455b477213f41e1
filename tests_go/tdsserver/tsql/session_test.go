package tsql

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func TestOpenUnknownDatabase(t *testing.T) {
	e := testEngine(t, "known")
	_, err := e.Open(backend.Login{SPID: 60, User: "sa", Database: "nosuch"})
	var m *backend.Message
	require.ErrorAs(t, err, &m)
	assert.Equal(t, int32(4060), m.Number)
	assert.Equal(t, uint8(11), m.Class)
	s, err := e.Open(backend.Login{SPID: 61, User: "sa", Database: "known"})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, "known", s.State().Database)
}

func TestDatabasesPersistInDir(t *testing.T) {
	dir := t.TempDir()
	e, err := New(Config{Dir: dir, Databases: []string{"keep"}})
	require.NoError(t, err)
	s, err := e.Open(backend.Login{SPID: 62, User: "sa", Database: "keep"})
	require.NoError(t, err)
	mustRun(t, s, "CREATE TABLE kept (id int IDENTITY, v nvarchar(5)); INSERT INTO kept (v) VALUES (N'x')")
	require.NoError(t, e.Close())

	e, err = New(Config{Dir: dir, Databases: []string{"keep"}})
	require.NoError(t, err)
	defer e.Close()
	s, err = e.Open(backend.Login{SPID: 63, User: "sa", Database: "keep"})
	require.NoError(t, err)
	defer s.Close()
	mustRun(t, s, "INSERT INTO kept (v) VALUES (N'y')")
	assert.Equal(t, [][]any{{int64(1), "x"}, {int64(2), "y"}}, query(t, s, "SELECT id, v FROM kept ORDER BY id").rows)
}

func TestTemporaryDirIsRemoved(t *testing.T) {
	e, err := New(Config{})
	require.NoError(t, err)
	dir := e.dir
	require.DirExists(t, dir)
	require.NoError(t, e.Close())
	assert.NoDirExists(t, dir)
}

func TestReset(t *testing.T) {
	e := testEngine(t, "db2")
	s := openSession(t, e)
	mustRun(t, s, "CREATE TABLE perm (id int)")
	mustRun(t, s, "CREATE TABLE #tmp (id int); SET NOCOUNT ON; USE db2; BEGIN TRAN; INSERT INTO master.dbo.perm VALUES (1)")
	r := &recorder{}
	require.NoError(t, s.Reset(false, r))
	var kinds []backend.EnvChangeKind
	for _, env := range r.envs() {
		kinds = append(kinds, env.Kind)
	}
	assert.Equal(t, []backend.EnvChangeKind{backend.EnvRollbackTx, backend.EnvDatabase, backend.EnvResetConnAck}, kinds)
	assert.Equal(t, "master", s.State().Database)
	assert.False(t, s.State().InTransaction)
	assert.Equal(t, int32(208), firstError(t, s, "SELECT * FROM #tmp").Number, "temp tables are dropped")
	r = mustRun(t, s, "SELECT COUNT(*) FROM perm")
	assert.True(t, r.dones()[0].has, "SET options are back to their defaults")
	assert.Equal(t, int64(0), r.sets()[0].rows[0][0], "the transaction was rolled back")
	mustRun(t, s, "CREATE TABLE #tmp (id int)")

	mustRun(t, s, "BEGIN TRAN")
	r = &recorder{}
	require.NoError(t, s.Reset(true, r))
	assert.True(t, s.State().InTransaction, "keepTx keeps the transaction")
	mustRun(t, s, "ROLLBACK")
}

func TestBulkLoad(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, `CREATE TABLE bl (id int IDENTITY(1,1) PRIMARY KEY, name nvarchar(20) NOT NULL, amount decimal(10,2) DEFAULT 5,
		at datetime2(3), flag bit, CONSTRAINT ck_amount CHECK (amount >= 0))`)
	r := mustRun(t, s, "INSERT BULK bl (name nvarchar(20), amount decimal(10,2), at datetime2(3), flag bit) WITH (TABLOCK, KEEP_NULLS, CHECK_CONSTRAINTS)")
	st := s.State()
	require.NotNil(t, st.PendingBulk)
	assert.Equal(t, "bl", st.PendingBulk.Table)
	assert.True(t, st.PendingBulk.Options.KeepNulls)
	assert.True(t, st.PendingBulk.Options.TabLock)
	assert.True(t, st.PendingBulk.Options.CheckConstraints)
	require.Len(t, r.dones(), 1)
	cols := []sqltype.Column{
		{Name: "name", Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 20}},
		{Name: "amount", Type: sqltype.Type{Kind: sqltype.Decimal, Precision: 10, Scale: 2}, Nullable: true},
		{Name: "at", Type: sqltype.Type{Kind: sqltype.DateTime2, Scale: 3}, Nullable: true},
		{Name: "flag", Type: sqltype.Type{Kind: sqltype.Bit}, Nullable: true},
	}
	at := time.Date(2024, 5, 6, 7, 8, 9, 123000000, time.UTC)
	rows := [][]any{{"a", "1.25", at, true}, {"b", nil, nil, false}}
	r = &recorder{}
	require.NoError(t, s.BulkLoad(context.Background(), cols, rows, r))
	require.Empty(t, r.errors())
	assert.Equal(t, int64(2), r.dones()[0].count)
	assert.Nil(t, s.State().PendingBulk)
	rs := query(t, s, "SELECT id, name, amount, at, flag FROM bl ORDER BY id")
	assert.Equal(t, [][]any{{int64(1), "a", "1.25", at, true}, {int64(2), "b", nil, nil, false}}, rs.rows, "KEEP_NULLS keeps NULL over the default")

	mustRun(t, s, "INSERT BULK bl (name nvarchar(20))")
	r = &recorder{}
	require.NoError(t, s.BulkLoad(context.Background(), cols[:1], nil, r))
	assert.Equal(t, int64(0), r.dones()[0].count, "an empty load inserts nothing")
	mustRun(t, s, "INSERT BULK bl (id int, name nvarchar(20), amount decimal(10,2)) WITH (KEEP_IDENTITY)")
	r = &recorder{}
	idCol := sqltype.Column{Name: "id", Type: sqltype.Type{Kind: sqltype.Int}}
	require.NoError(t, s.BulkLoad(context.Background(), []sqltype.Column{idCol, cols[0], cols[1]}, [][]any{{int64(50), "c", nil}, {int64(51), "d", "-1.00"}}, r))
	require.Empty(t, r.errors(), "without CHECK_CONSTRAINTS the check is not enforced")
	rs = query(t, s, "SELECT id, amount FROM bl WHERE id >= 50 ORDER BY id")
	assert.Equal(t, [][]any{{int64(50), "5.00"}, {int64(51), "-1.00"}}, rs.rows, "KEEP_IDENTITY keeps ids; without KEEP_NULLS defaults fill NULLs")

	mustRun(t, s, "INSERT BULK bl (name nvarchar(20), amount decimal(10,2)) WITH (CHECK_CONSTRAINTS)")
	r = &recorder{}
	require.NoError(t, s.BulkLoad(context.Background(), cols[:2], [][]any{{"e", "-5.00"}}, r))
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(547), r.errors()[0].Number)
	mustRun(t, s, "INSERT BULK bl (name nvarchar(20)) WITH (TABLOCK)")
	r = &recorder{}
	require.NoError(t, s.BulkLoad(context.Background(), cols[:1], [][]any{{"f"}}, r))
	assert.Equal(t, int64(53), scalar(t, s, "SELECT MAX(id) FROM bl"), "generated ids continue after kept ones; the failed row used 52")
	assert.Equal(t, int32(207), firstError(t, s, "INSERT BULK bl (nope int)").Number)
}
