package tsql

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

func TestTranEnvChangesAndNesting(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE tn (id int)")
	r := mustRun(t, s, "BEGIN TRAN; BEGIN TRAN; SELECT @@TRANCOUNT; COMMIT; SELECT @@TRANCOUNT; COMMIT; SELECT @@TRANCOUNT")
	envs := r.envs()
	require.Len(t, envs, 2, "only the outermost BEGIN and COMMIT change the environment")
	assert.Equal(t, backend.EnvBeginTx, envs[0].Kind)
	assert.NotZero(t, envs[0].NewTx)
	assert.Equal(t, backend.EnvCommitTx, envs[1].Kind)
	assert.Equal(t, envs[0].NewTx, envs[1].OldTx)
	var counts []any
	for _, rs := range r.sets() {
		counts = append(counts, rs.rows[0][0])
	}
	assert.Equal(t, []any{int64(2), int64(1), int64(0)}, counts)
	assert.False(t, s.State().InTransaction)
}

func TestRollbackUndoesAndState(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE tr (id int)")
	mustRun(t, s, "BEGIN TRANSACTION t1; INSERT INTO tr VALUES (1)")
	st := s.State()
	assert.True(t, st.InTransaction)
	assert.NotZero(t, st.TxDescriptor)
	r := mustRun(t, s, "ROLLBACK TRANSACTION t1")
	assert.Equal(t, backend.EnvRollbackTx, r.envs()[0].Kind)
	assert.Equal(t, st.TxDescriptor, r.envs()[0].OldTx)
	assert.Equal(t, int64(0), scalar(t, s, "SELECT COUNT(*) FROM tr"))
	assert.Equal(t, int32(6401), firstError(t, s, "BEGIN TRAN a; ROLLBACK TRAN b").Number)
	mustRun(t, s, "ROLLBACK")
}

func TestSavepoints(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE sp (id int)")
	rs := query(t, s, `BEGIN TRAN; SAVE TRAN before_any;
		INSERT INTO sp VALUES (1); SAVE TRAN one; INSERT INTO sp VALUES (2);
		ROLLBACK TRAN one; INSERT INTO sp VALUES (3); SELECT @@TRANCOUNT`)
	assert.Equal(t, int64(1), rs.rows[0][0], "a savepoint rollback keeps the transaction")
	mustRun(t, s, "COMMIT")
	assert.Equal(t, [][]any{{int64(1)}, {int64(3)}}, query(t, s, "SELECT id FROM sp ORDER BY id").rows)
	mustRun(t, s, "BEGIN TRAN; SAVE TRAN s0; INSERT INTO sp VALUES (9); ROLLBACK TRAN s0; COMMIT")
	assert.Equal(t, int64(2), scalar(t, s, "SELECT COUNT(*) FROM sp"), "a savepoint taken before the first write undoes it")
	assert.Equal(t, int32(628), firstError(t, s, "SAVE TRAN x").Number)
}

func TestImplicitTransactions(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE it (id int)")
	r := mustRun(t, s, "SET IMPLICIT_TRANSACTIONS ON; SELECT 1; SELECT @@TRANCOUNT")
	assert.Empty(t, r.envs(), "SELECT without a table opens nothing")
	assert.Equal(t, int64(0), r.sets()[1].rows[0][0])
	r = mustRun(t, s, "INSERT INTO it VALUES (1); SELECT @@TRANCOUNT")
	require.Len(t, r.envs(), 1)
	assert.Equal(t, backend.EnvBeginTx, r.envs()[0].Kind)
	assert.Equal(t, int64(1), r.sets()[0].rows[0][0])
	mustRun(t, s, "ROLLBACK")
	assert.Equal(t, int64(0), scalar(t, s, "SELECT COUNT(*) FROM it"))
	mustRun(t, s, "COMMIT") // the SELECT FROM a table opened a transaction again
	assert.Equal(t, int64(2), scalar(t, s, "BEGIN TRAN; SELECT @@TRANCOUNT"), "BEGIN TRAN under implicit mode nests")
	mustRun(t, s, "ROLLBACK; SET IMPLICIT_TRANSACTIONS OFF")
	assert.Equal(t, int64(0), scalar(t, s, "SELECT @@TRANCOUNT"))
}

func TestTransactionManagerRequests(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE tm (id int)")
	ctx := context.Background()
	r := &recorder{}
	require.NoError(t, s.Transaction(ctx, backend.TxRequest{Kind: backend.TxBegin, Isolation: 4}, r))
	require.Len(t, r.envs(), 1)
	desc := r.envs()[0].NewTx
	assert.Equal(t, desc, s.State().TxDescriptor)
	mustRun(t, s, "INSERT INTO tm VALUES (1)")
	r = &recorder{}
	require.NoError(t, s.Transaction(ctx, backend.TxRequest{Kind: backend.TxSave, Name: "sv"}, r))
	mustRun(t, s, "INSERT INTO tm VALUES (2)")
	r = &recorder{}
	require.NoError(t, s.Transaction(ctx, backend.TxRequest{Kind: backend.TxRollback, Name: "sv"}, r))
	assert.Empty(t, r.envs(), "rolling back to a savepoint keeps the transaction")
	r = &recorder{}
	require.NoError(t, s.Transaction(ctx, backend.TxRequest{Kind: backend.TxCommit, BeginNew: true}, r))
	envs := r.envs()
	require.Len(t, envs, 2)
	assert.Equal(t, backend.EnvCommitTx, envs[0].Kind)
	assert.Equal(t, backend.EnvBeginTx, envs[1].Kind)
	assert.NotEqual(t, desc, envs[1].NewTx)
	r = &recorder{}
	require.NoError(t, s.Transaction(ctx, backend.TxRequest{Kind: backend.TxRollback}, r))
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM tm"))
	r = &recorder{}
	require.NoError(t, s.Transaction(ctx, backend.TxRequest{Kind: backend.TxCommit}, r))
	require.Len(t, r.errors(), 1)
	assert.Equal(t, int32(3902), r.errors()[0].Number)
}

func TestProcTranCountMismatch(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE PROCEDURE opens AS BEGIN TRAN")
	m := firstError(t, s, "EXEC opens")
	assert.Equal(t, int32(266), m.Number)
	assert.Contains(t, m.Text, "Previous count = 0, current count = 1")
	mustRun(t, s, "ROLLBACK")
}

func TestReaderSeesCommittedOnly(t *testing.T) {
	e := testEngine(t)
	a, b := openSession(t, e), openSession(t, e)
	mustRun(t, a, "CREATE TABLE rc (id int); INSERT INTO rc VALUES (1)")
	mustRun(t, a, "BEGIN TRAN; INSERT INTO rc VALUES (2)")
	assert.Equal(t, int64(1), scalar(t, b, "SELECT COUNT(*) FROM rc"), "readers are not blocked and see committed rows")
	mustRun(t, a, "COMMIT")
	assert.Equal(t, int64(2), scalar(t, b, "SELECT COUNT(*) FROM rc"))
}

func TestWriterBlocksUntilCommit(t *testing.T) {
	e := testEngine(t)
	a, b := openSession(t, e), openSession(t, e)
	mustRun(t, a, "CREATE TABLE wb (id int)")
	mustRun(t, a, "BEGIN TRAN; INSERT INTO wb VALUES (1)")
	done := make(chan *recorder)
	go func() { done <- run(t, b, "INSERT INTO wb VALUES (2); SELECT COUNT(*) FROM wb") }()
	select {
	case <-done:
		t.Fatal("the second writer did not wait for the first transaction")
	case <-time.After(150 * time.Millisecond):
	}
	mustRun(t, a, "COMMIT")
	r := <-done
	require.Empty(t, r.errors())
	assert.Equal(t, int64(2), r.sets()[0].rows[0][0])
}

func TestLockTimeout(t *testing.T) {
	e := testEngine(t)
	a, b := openSession(t, e), openSession(t, e)
	mustRun(t, a, "CREATE TABLE lt (id int); BEGIN TRAN; INSERT INTO lt VALUES (1)")
	start := time.Now()
	m := firstError(t, b, "SET LOCK_TIMEOUT 100; INSERT INTO lt VALUES (2)")
	assert.Equal(t, int32(1222), m.Number)
	assert.Less(t, time.Since(start), 5*time.Second)
	mustRun(t, a, "ROLLBACK")
}

func TestManyConcurrentSessions(t *testing.T) {
	e := testEngine(t)
	setup := openSession(t, e)
	mustRun(t, setup, "CREATE TABLE conc (sess int, n int)")
	const sessions = 220
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for i := 0; i < sessions; i++ {
		s, err := e.Open(backend.Login{SPID: 1000 + i, User: "sa"})
		require.NoError(t, err)
		wg.Add(1)
		go func(i int, s backend.Session) {
			defer wg.Done()
			defer s.Close()
			r := &recorder{}
			if err := s.Batch(context.Background(), "BEGIN TRAN; INSERT INTO conc VALUES ("+itoa(int64(i))+", 1); COMMIT; SELECT COUNT(*) FROM conc WHERE sess = "+itoa(int64(i)), r); err != nil {
				errs <- err
				return
			}
			if len(r.errors()) > 0 {
				errs <- &r.errors()[0]
			}
		}(i, s)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, int64(sessions), scalar(t, setup, "SELECT COUNT(*) FROM conc"))
}

func TestCloseRollsBack(t *testing.T) {
	e := testEngine(t)
	a := openSession(t, e)
	mustRun(t, a, "CREATE TABLE cr (id int)")
	b, err := e.Open(backend.Login{SPID: 77, User: "sa"})
	require.NoError(t, err)
	mustRun(t, b, "BEGIN TRAN; INSERT INTO cr VALUES (1)")
	require.NoError(t, b.Close())
	assert.Equal(t, int64(0), scalar(t, a, "SELECT COUNT(*) FROM cr"))
	mustRun(t, a, "INSERT INTO cr VALUES (2)") // the write lock was released
}
