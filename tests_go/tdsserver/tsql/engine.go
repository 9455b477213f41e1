package tsql

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// Config configures an Engine.
type Config struct {
	// Dir holds the database files; "" means a temporary directory that
	// Close removes.
	Dir string
	// Databases are created if missing; master and tempdb always exist.
	Databases []string
	// ServerName is @@SERVERNAME; "" means "TDSTEST".
	ServerName string
}

// maxDatabases is SQLite's limit of attached databases (10) minus master
// and tempdb.
const maxDatabases = 8

// database is one SQL Server database: a SQLite file attached to every
// session connection under Alias.
type database struct {
	Name  string
	ID    int
	Alias string // SQLite schema name
	File  string
}

// Engine is the SQL engine: it owns the database files and creates
// sessions. It implements backend.Engine.
type Engine struct {
	dir        string
	removeDir  bool
	serverName string
	dbs        []*database
	texts      textCaches

	idents  identTable
	ddlGen  atomic.Int64  // bumped by every DDL and every end of a transaction that ran DDL
	nextTx  atomic.Uint64 // transaction descriptors
	objIDs  atomic.Int64  // object ids of temp objects (negative)
	closed  atomic.Bool
	mu      sync.Mutex
	open    map[*session]struct{}
	started int64
}

var _ backend.Engine = (*Engine)(nil)

// New creates an engine over the databases of cfg.
func New(cfg Config) (*Engine, error) {
	registerSQLite()
	e := &Engine{dir: cfg.Dir, serverName: cfg.ServerName, open: map[*session]struct{}{}, texts: newTextCaches()}
	if e.serverName == "" {
		e.serverName = "TDSTEST"
	}
	if e.dir == "" {
		d, err := os.MkdirTemp("", "tsql-*")
		if err != nil {
			return nil, err
		}
		e.dir, e.removeDir = d, true
	} else if err := os.MkdirAll(e.dir, 0o755); err != nil {
		return nil, err
	}
	if err := e.addDatabases(cfg.Databases); err != nil {
		e.cleanup()
		return nil, err
	}
	for _, db := range e.dbs {
		if err := initDatabaseFile(db); err != nil {
			e.cleanup()
			return nil, fmt.Errorf("tsql: initialise %s: %w", db.Name, err)
		}
	}
	e.nextTx.Store(uint64(os.Getpid())<<20 | 1)
	return e, nil
}

func (e *Engine) addDatabases(names []string) error {
	add := func(name, alias string) {
		e.dbs = append(e.dbs, &database{Name: name, ID: len(e.dbs) + 1, Alias: alias,
			File: filepath.Join(e.dir, name+".db")})
		if name == "tempdb" { // model and msdb ids are skipped: user databases start at 5
			e.dbs[len(e.dbs)-1].ID = 2
		}
	}
	add("master", "main")
	add("tempdb", "tempdb")
	for _, n := range names {
		if e.database(n) != nil {
			continue
		}
		alias := strings.ToLower(n)
		if alias == "main" || alias == "temp" || alias == "" || strings.ContainsAny(n, `/\"`) {
			return fmt.Errorf("tsql: unsupported database name %q", n)
		}
		if len(e.dbs) >= maxDatabases+2 {
			return fmt.Errorf("tsql: at most %d databases besides master and tempdb", maxDatabases)
		}
		add(n, alias)
		e.dbs[len(e.dbs)-1].ID = len(e.dbs) + 2
	}
	return nil
}

// database finds a database by name, case-insensitively.
func (e *Engine) database(name string) *database {
	for _, db := range e.dbs {
		if strings.EqualFold(db.Name, name) {
			return db
		}
	}
	return nil
}

func (e *Engine) databaseByID(id int64) *database {
	for _, db := range e.dbs {
		if int64(db.ID) == id {
			return db
		}
	}
	return nil
}

// Open starts a session (backend.Engine).
func (e *Engine) Open(login backend.Login) (backend.Session, error) {
	if e.closed.Load() {
		return nil, fmt.Errorf("tsql: engine closed")
	}
	dbName := login.Database
	if dbName == "" {
		dbName = "master"
	}
	db := e.database(dbName)
	if db == nil {
		return nil, &backend.Message{Number: 4060, Class: 11, State: 1,
			Text: fmt.Sprintf("Cannot open database \"%s\" requested by the login. The login failed.", dbName)}
	}
	s, err := newSession(e, login, db)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.open[s] = struct{}{}
	e.mu.Unlock()
	return s, nil
}

func (e *Engine) forget(s *session) {
	e.mu.Lock()
	delete(e.open, s)
	e.mu.Unlock()
}

// Close closes every open session and removes a temporary directory.
func (e *Engine) Close() error {
	if e.closed.Swap(true) {
		return nil
	}
	e.mu.Lock()
	sessions := make([]*session, 0, len(e.open))
	for s := range e.open {
		sessions = append(sessions, s)
	}
	e.mu.Unlock()
	for _, s := range sessions {
		s.Close()
	}
	return e.cleanup()
}

func (e *Engine) cleanup() error {
	if e.removeDir {
		return os.RemoveAll(e.dir)
	}
	return nil
}

// initDatabaseFile creates a database file with WAL journaling and the
// catalog tables.
func initDatabaseFile(db *database) error {
	c, err := openConn(db.File)
	if err != nil {
		return err
	}
	defer c.close()
	ctx := context.Background()
	if _, err := c.exec(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		return err
	}
	if err := c.beginImmediate(ctx, -1); err != nil {
		return err
	}
	for _, stmt := range catalogDDL("main") {
		if _, err := c.exec(ctx, stmt); err != nil {
			c.exec(ctx, "ROLLBACK")
			return err
		}
	}
	_, err = c.exec(ctx, "COMMIT")
	return err
}
