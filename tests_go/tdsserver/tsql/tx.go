package tsql

import (
	"context"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// Transactions. A T-SQL transaction (@@TRANCOUNT > 0) opens the SQLite
// transaction lazily, with BEGIN IMMEDIATE, at its first write: reads
// before that see committed data (READ COMMITTED), and a session that only
// reads never holds the write lock. Savepoints map to SQLite SAVEPOINTs.

type txState struct {
	count      int
	desc       uint64
	sqliteOpen bool
	name       string
	saves      []savepoint
	doomed     bool
	ddl        bool
}

type savepoint struct {
	name    string
	sqlite  string
	created bool
}

// beginTran runs BEGIN TRANSACTION.
func (x *execCtx) beginTran(name string) error {
	s := x.s
	if s.tx.count > 0 {
		s.tx.count++
		return nil
	}
	s.tx = txState{count: 1, desc: s.e.nextTx.Add(1), name: name}
	return x.out.EnvChange(backend.EnvChange{Kind: backend.EnvBeginTx, NewTx: s.tx.desc})
}

// commitTran runs COMMIT TRANSACTION.
func (x *execCtx) commitTran() error {
	s := x.s
	switch {
	case s.tx.count == 0:
		return errCommitNoTran()
	case s.tx.doomed:
		return errDoomed()
	case s.tx.count > 1:
		s.tx.count--
		return nil
	}
	if s.tx.sqliteOpen {
		if _, err := s.c.exec(x.ctx, "COMMIT"); err != nil {
			return err
		}
	}
	old := s.tx.desc
	s.endTxBookkeeping()
	return x.out.EnvChange(backend.EnvChange{Kind: backend.EnvCommitTx, OldTx: old})
}

// rollbackTran runs ROLLBACK TRANSACTION [name].
func (x *execCtx) rollbackTran(name string) error {
	s := x.s
	if s.tx.count == 0 {
		return errRollbackNoTran()
	}
	if name != "" && !strings.EqualFold(name, s.tx.name) {
		for i := len(s.tx.saves) - 1; i >= 0; i-- {
			if strings.EqualFold(s.tx.saves[i].name, name) {
				return x.rollbackToSave(i)
			}
		}
		return errNoSavepoint(name)
	}
	old := s.tx.desc
	s.rollbackAll(x.ctx)
	return x.out.EnvChange(backend.EnvChange{Kind: backend.EnvRollbackTx, OldTx: old})
}

func (x *execCtx) rollbackToSave(i int) error {
	s := x.s
	sp := s.tx.saves[i]
	s.tx.saves = s.tx.saves[:i+1]
	if s.tx.doomed {
		return errDoomed()
	}
	if sp.created {
		if _, err := s.c.exec(x.ctx, "ROLLBACK TO "+quoteIdent(sp.sqlite)); err != nil {
			return err
		}
	}
	return nil
}

// saveTran runs SAVE TRANSACTION name.
func (x *execCtx) saveTran(name string) error {
	s := x.s
	if s.tx.count == 0 {
		return errSaveNoTran()
	}
	if s.tx.doomed {
		return errDoomed()
	}
	sp := savepoint{name: name, sqlite: "sp" + itoa(int64(len(s.tx.saves)+1)) + "_" + name}
	if s.tx.sqliteOpen {
		if _, err := s.c.exec(x.ctx, "SAVEPOINT "+quoteIdent(sp.sqlite)); err != nil {
			return err
		}
		sp.created = true
	}
	s.tx.saves = append(s.tx.saves, sp)
	return nil
}

// rollbackAll ends the transaction with a rollback, whatever its depth.
func (s *session) rollbackAll(ctx context.Context) {
	if s.tx.sqliteOpen {
		s.c.exec(ctx, "ROLLBACK")
	}
	s.endTxBookkeeping()
}

func (s *session) endTxBookkeeping() {
	if s.tx.ddl {
		s.e.ddlGen.Add(1)
	}
	s.tx = txState{}
	if s.identityInsert != nil && s.identityInsert.temp() {
		s.identityInsert = nil
	}
}

// writeScope prepares a write: inside a transaction it opens the SQLite
// transaction (waiting for the write lock) and sets a statement
// savepoint; outside it starts a transaction for the statement alone. The
// returned function ends the statement, committing or undoing it.
func (x *execCtx) writeScope(tempOnly bool) (func(err error) error, error) {
	s := x.s
	if s.tx.count > 0 {
		if s.tx.doomed {
			return nil, errDoomed()
		}
		if !s.tx.sqliteOpen {
			if err := s.c.beginImmediate(x.ctx, s.opts.lockTimeout); err != nil {
				return nil, err
			}
			s.tx.sqliteOpen = true
			if err := x.createPendingSaves(); err != nil {
				return nil, err
			}
		}
		if _, err := s.c.exec(x.ctx, "SAVEPOINT stmt"); err != nil {
			return nil, err
		}
		return func(err error) error {
			if err != nil {
				s.c.exec(context.Background(), "ROLLBACK TO stmt")
			}
			s.c.exec(context.Background(), "RELEASE stmt")
			return err
		}, nil
	}
	var err error
	if tempOnly {
		_, err = s.c.exec(x.ctx, "BEGIN")
	} else {
		err = s.c.beginImmediate(x.ctx, s.opts.lockTimeout)
	}
	if err != nil {
		return nil, err
	}
	return func(err error) error {
		if err != nil {
			s.c.exec(context.Background(), "ROLLBACK")
			return err
		}
		if _, cerr := s.c.exec(x.ctx, "COMMIT"); cerr != nil {
			s.c.exec(context.Background(), "ROLLBACK")
			return cerr
		}
		return nil
	}, nil
}

// oneStatementScope is writeScope for a write that is a single SQLite
// statement. SQLite undoes a failed statement's changes by itself and
// leaves the transaction open, which is all a statement savepoint gives,
// so inside an open transaction none is set; a statement on temp tables
// alone runs in SQLite's autocommit (it takes no database lock to wait
// for). Other writes go through writeScope.
func (x *execCtx) oneStatementScope(tempOnly bool) (func(err error) error, error) {
	s := x.s
	switch {
	case s.tx.count > 0 && s.tx.sqliteOpen && !s.tx.doomed, s.tx.count == 0 && tempOnly:
		return func(err error) error { return err }, nil
	}
	return x.writeScope(tempOnly)
}

func (x *execCtx) createPendingSaves() error {
	for i := range x.s.tx.saves {
		sp := &x.s.tx.saves[i]
		if _, err := x.s.c.exec(x.ctx, "SAVEPOINT "+quoteIdent(sp.sqlite)); err != nil {
			return err
		}
		sp.created = true
	}
	return nil
}

// implicitBegin opens a transaction for statements that do so under SET
// IMPLICIT_TRANSACTIONS ON.
func (x *execCtx) implicitBegin(st stmt) error {
	if !x.s.opts.implicitTx || x.s.tx.count > 0 || !opensImplicitTx(st) {
		return nil
	}
	return x.beginTran("")
}

// opensImplicitTx lists the statements SQL Server documents for
// IMPLICIT_TRANSACTIONS.
func opensImplicitTx(st stmt) bool {
	switch n := st.(type) {
	case *insertStmt, *updateStmt, *deleteStmt, *truncateStmt, *createTableStmt, *dropStmt,
		*alterTableStmt, *createIndexStmt, *createViewStmt, *createProcStmt, *createSchemaStmt:
		return true
	case *tranStmt:
		return n.Kind == "BEGIN"
	case *selectStmt:
		return selectsFromTable(n.Q)
	}
	return false
}

func selectsFromTable(q *queryExpr) bool {
	if q == nil {
		return false
	}
	switch b := q.Body.(type) {
	case *selectCore:
		return len(b.From) > 0
	case *setOp:
		return true
	case *queryExpr:
		return selectsFromTable(b)
	}
	return false
}

// Transaction runs a transaction-manager request (backend.Session).
func (s *session) Transaction(ctx context.Context, req backend.TxRequest, out backend.Results) error {
	s.pendingBulk = nil
	x := newExecCtx(ctx, s, out, newFrame(nil))
	var err error
	switch req.Kind {
	case backend.TxBegin:
		x.setIsolation(req.Isolation)
		err = x.beginTran(req.Name)
	case backend.TxCommit:
		if err = x.commitTran(); err == nil && req.BeginNew {
			x.setIsolation(req.Isolation)
			err = x.beginTran("")
		}
	case backend.TxRollback:
		if err = x.rollbackTran(req.Name); err == nil && req.BeginNew {
			x.setIsolation(req.Isolation)
			err = x.beginTran("")
		}
	case backend.TxSave:
		err = x.saveTran(req.Name)
	}
	if se, ok := asSQLError(err); ok {
		return out.Message(&se.msg)
	}
	return err
}

var isolationNames = map[int]string{1: "READ UNCOMMITTED", 2: "READ COMMITTED", 3: "REPEATABLE READ", 4: "SERIALIZABLE", 5: "SNAPSHOT"}

func (x *execCtx) setIsolation(level int) {
	if n, ok := isolationNames[level]; ok {
		x.s.opts.isolation = n
	}
}
