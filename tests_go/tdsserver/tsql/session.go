package tsql

import (
	"context"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// options are the session's SET options.
type options struct {
	nocount, implicitTx, xactAbort, fmtOnly, quotedIdent         bool
	ansiNulls, ansiWarnings, ansiPadding, arithAbort, concatNull bool
	ansiNullDflt                                                 bool
	isolation                                                    string
	lockTimeout, textSize, rowcountLimit                         int64
	dateFormat, language                                         string
}

func defaultOptions() options {
	return options{quotedIdent: true, ansiNulls: true, ansiWarnings: true, ansiPadding: true, arithAbort: true,
		concatNull: true, ansiNullDflt: true, isolation: "READ COMMITTED", lockTimeout: -1, textSize: 2147483647,
		dateFormat: "mdy", language: "us_english"}
}

// bits is @@OPTIONS.
func (o options) bits() int64 {
	var b int64
	set := func(on bool, bit int64) {
		if on {
			b |= bit
		}
	}
	set(o.implicitTx, 2)
	set(o.ansiWarnings, 8)
	set(o.ansiPadding, 16)
	set(o.ansiNulls, 32)
	set(o.arithAbort, 64)
	set(o.quotedIdent, 256)
	set(o.nocount, 512)
	set(o.ansiNullDflt, 1024)
	set(o.concatNull, 4096)
	set(o.xactAbort, 16384)
	return b
}

// session is one connection's state and its SQLite connection.
type session struct {
	e         *Engine
	spid      int
	login     backend.Login
	db        *database
	defaultDB *database
	c         *conn
	opts      options
	tx        txState

	rowcount     int64
	lastError    int32
	lastIdentity any // @@IDENTITY as numeric text, or nil

	tableCache map[string]*tableDef
	cacheGen   int64
	plans      *lru[stmt, *insertCacheEntry]

	prepared   map[int64]*prepared
	nextHandle int64

	identityInsert *tableDef
	pendingBulk    *backend.BulkTarget
	tempSeq        int
	closed         bool
}

var _ backend.Session = (*session)(nil)

func newSession(e *Engine, login backend.Login, db *database) (*session, error) {
	master := e.dbs[0]
	c, err := openConn(master.File)
	if err != nil {
		return nil, err
	}
	s := &session{e: e, spid: login.SPID, login: login, db: db, defaultDB: db, c: c, opts: defaultOptions(),
		tableCache: map[string]*tableDef{}, plans: newPlanCache(), prepared: map[int64]*prepared{}, nextHandle: 1}
	if err := s.attach(context.Background()); err != nil {
		c.close()
		return nil, err
	}
	return s, nil
}

// attach attaches every database and creates the TEMP catalog.
func (s *session) attach(ctx context.Context) error {
	for _, db := range s.e.dbs[1:] {
		if _, err := s.c.exec(ctx, "ATTACH DATABASE ? AS "+quoteIdent(db.Alias), db.File); err != nil {
			return fmt.Errorf("tsql: attach %s: %w", db.Name, err)
		}
		if _, err := s.c.exec(ctx, "PRAGMA "+quoteIdent(db.Alias)+".synchronous = OFF"); err != nil {
			return err
		}
	}
	return s.createTempCatalog(ctx)
}

func (s *session) createTempCatalog(ctx context.Context) error {
	for _, stmt := range append(catalogDDL("temp"), "CREATE VIRTUAL TABLE IF NOT EXISTS "+seriesTable+" USING tsql_series") {
		if _, err := s.c.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// State reports what the front end needs (backend.Session).
func (s *session) State() backend.SessionState {
	st := backend.SessionState{Database: s.db.Name, InTransaction: s.tx.count > 0, PendingBulk: s.pendingBulk}
	if s.tx.count > 0 {
		st.TxDescriptor = s.tx.desc
	}
	return st
}

// Close rolls back an open transaction and closes the connection.
func (s *session) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.tx.sqliteOpen {
		s.c.exec(context.Background(), "ROLLBACK")
	}
	s.endTxBookkeeping()
	s.dropTempCounters()
	s.e.forget(s)
	return s.c.close()
}

// Reset restores the session as sp_reset_connection does.
func (s *session) Reset(keepTx bool, out backend.Results) error {
	ctx := context.Background()
	if !keepTx && s.tx.count > 0 {
		old := s.tx.desc
		s.rollbackAll(ctx)
		if err := out.EnvChange(backend.EnvChange{Kind: backend.EnvRollbackTx, OldTx: old}); err != nil {
			return err
		}
	}
	if err := s.dropTempObjects(ctx); err != nil {
		return err
	}
	s.opts = defaultOptions()
	s.identityInsert, s.pendingBulk, s.lastIdentity = nil, nil, nil
	s.rowcount, s.lastError = 0, 0
	for h := range s.prepared {
		delete(s.prepared, h)
	}
	if s.db != s.defaultDB {
		old := s.db.Name
		s.db = s.defaultDB
		if err := out.EnvChange(backend.EnvChange{Kind: backend.EnvDatabase, New: s.db.Name, Old: old}); err != nil {
			return err
		}
	}
	return out.EnvChange(backend.EnvChange{Kind: backend.EnvResetConnAck})
}

// dropTempObjects drops every temp table and the TEMP catalog rows.
func (s *session) dropTempObjects(ctx context.Context) error {
	rows, err := s.c.queryAll(ctx, `SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name NOT LIKE '\_\_tsql\_%' ESCAPE '\' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '~%'`)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := s.c.exec(ctx, "DROP TABLE IF EXISTS temp."+quoteIdent(r[0].(string))); err != nil {
			return err
		}
	}
	for _, t := range []string{"__tsql_objects", "__tsql_columns", "__tsql_indexes", "__tsql_index_columns", "__tsql_foreign_keys", "__tsql_fk_columns", "__tsql_parameters"} {
		if _, err := s.c.exec(ctx, "DELETE FROM temp."+t); err != nil {
			return err
		}
	}
	s.dropTempCounters()
	clear(s.tableCache)
	s.plans.clear()
	return nil
}

func (s *session) dropTempCounters() {
	scope := s.tempScope()
	s.e.idents.mu.Lock()
	for k := range s.e.idents.m {
		if k.scope == scope {
			delete(s.e.idents.m, k)
		}
	}
	s.e.idents.mu.Unlock()
}

func (s *session) tempScope() string { return fmt.Sprintf("#%p", s) }

// identCounter returns the identity counter of a table.
func (s *session) identCounter(ctx context.Context, t *tableDef) (*identCounter, error) {
	col := t.identityColumn()
	if col == nil {
		return nil, nil
	}
	k := identKey{scope: t.alias, objectID: t.id}
	if t.temp() {
		k.scope = s.tempScope()
	}
	if t.db == nil && !t.temp() {
		k.scope = s.tempScope() + t.sqlite
	}
	return s.e.idents.get(k, col.seed, col.inc, func() (int64, bool, error) {
		agg := "max"
		if col.inc < 0 {
			agg = "min"
		}
		v, err := s.c.queryValue(ctx, "SELECT "+agg+"(CAST("+quoteIdent(col.name)+" AS INTEGER)) FROM "+t.sqlName())
		if err != nil || v == nil {
			return 0, false, err
		}
		return i64(v), true, nil
	})
}

func (s *session) xactState() int {
	switch {
	case s.tx.count == 0:
		return 0
	case s.tx.doomed:
		return -1
	}
	return 1
}
