package tsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDriver returns the driver registered as "sqlite", which carries
// the functions and collations registered in functions.go.
var sqliteDriver = sync.OnceValue(func() driver.Driver {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	return db.Driver()
})

// conn is one SQLite connection used through the driver interfaces
// directly (database/sql would add a lock and a copy per row).
type conn struct {
	c     driver.Conn
	args  []driver.NamedValue
	stmts *lru[string, *cachedStmt]
}

// busyTimeoutMS bounds each wait inside SQLite; longer waits for the
// write lock loop in Go so that cancellation and LOCK_TIMEOUT apply.
const busyTimeoutMS = 20

func openConn(file string) (*conn, error) {
	dsn := "file:" + (&url.URL{Path: file}).EscapedPath() +
		"?_pragma=busy_timeout(" + itoa(busyTimeoutMS) + ")&_pragma=foreign_keys(1)&_pragma=synchronous(0)" +
		"&_pragma=temp_store(2)&_pragma=cache_size(-8000)"
	c, err := sqliteDriver().Open(dsn)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, stmts: newStmtCache()}, nil
}

// close finalizes the cached statements and closes the connection.
func (c *conn) close() error {
	c.stmts.clear()
	return c.c.Close()
}

func (c *conn) named(args []any) []driver.NamedValue {
	c.args = c.args[:0]
	for i, a := range args {
		c.args = append(c.args, driver.NamedValue{Ordinal: i + 1, Value: storageArg(a)})
	}
	return c.args
}

// storageArg turns the Go values the engine binds into SQLite's.
func storageArg(a any) any {
	switch v := a.(type) {
	case int:
		return int64(v)
	case bool:
		return boolToInt(v)
	}
	return a
}

// exec runs a statement and returns the rows it changed.
func (c *conn) exec(ctx context.Context, sql string, args ...any) (int64, error) {
	n, err := c.execRaw(ctx, sql, args)
	return n, mapSQLiteError(err)
}

// execRaw is exec with SQLite's own error.
func (c *conn) execRaw(ctx context.Context, sql string, args []any) (int64, error) {
	cs, err := c.prepared(ctx, sql, len(args))
	if err != nil {
		return 0, err
	}
	defer cs.release()
	if ctx, err = cs.runContext(ctx); err != nil {
		return 0, err
	}
	r, err := cs.exec.ExecContext(ctx, c.bind(cs, args))
	if err != nil {
		return 0, err
	}
	n, _ := r.RowsAffected()
	return n, nil
}

// query starts a query; the caller reads and closes the rows.
func (c *conn) query(ctx context.Context, sql string, args ...any) (driver.Rows, error) {
	cs, err := c.prepared(ctx, sql, len(args))
	if err != nil {
		return nil, mapSQLiteError(err)
	}
	if ctx, err = cs.runContext(ctx); err != nil {
		cs.release()
		return nil, err
	}
	r, err := cs.query.QueryContext(ctx, c.bind(cs, args))
	if err != nil {
		cs.release()
		return nil, mapSQLiteError(err)
	}
	return &stmtRows{Rows: r, cs: cs}, nil
}

// queryAll runs a query and returns all its rows (for small catalog reads).
func (c *conn) queryAll(ctx context.Context, sql string, args ...any) ([][]any, error) {
	rows, err := c.query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for {
		dest := make([]driver.Value, len(rows.Columns()))
		if err := rows.Next(dest); err != nil {
			if err == io.EOF {
				return out, nil
			}
			return nil, mapSQLiteError(err)
		}
		row := make([]any, len(dest))
		for i, v := range dest {
			row[i] = v
		}
		out = append(out, row)
	}
}

// queryValue returns the first column of the first row, or nil.
func (c *conn) queryValue(ctx context.Context, sql string, args ...any) (any, error) {
	rows, err := c.queryAll(ctx, sql, args...)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0][0], nil
}

// beginImmediate takes the write lock, waiting up to timeoutMS (-1 for
// ever) while honouring ctx.
func (c *conn) beginImmediate(ctx context.Context, timeoutMS int64) error {
	start := time.Now()
	for {
		_, err := c.execRaw(ctx, "BEGIN IMMEDIATE", nil)
		if err == nil {
			return nil
		}
		if !isBusy(err) {
			return mapSQLiteError(err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if timeoutMS >= 0 && time.Since(start) >= time.Duration(timeoutMS)*time.Millisecond {
			return errLockTimeout()
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func isBusy(err error) bool {
	code := sqliteCode(err) & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}

// mapSQLiteError turns SQLite errors into SQL Server errors where the
// meaning is clear; constraint errors are refined by the statement that
// knows its table (see constraints.go).
func mapSQLiteError(err error) error {
	if err == nil {
		return nil
	}
	if se := udfError(err); se != nil {
		return se
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	code := sqliteCode(err)
	switch {
	case code&0xff == sqlite3.SQLITE_CONSTRAINT:
		return &constraintError{code: code, msg: err.Error()}
	case code&0xff == sqlite3.SQLITE_INTERRUPT:
		return context.Canceled
	case code == sqlite3.SQLITE_BUSY_SNAPSHOT:
		return errDeadlock(0)
	case isBusy(err):
		return errLockTimeout()
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	return newErr(8624, 16, 1, "Internal Query Processor Error: %s", msg)
}

// constraintError is a SQLite constraint failure not yet mapped to a SQL
// Server error (the statement adds the table and verb).
type constraintError struct {
	code int
	msg  string
}

func (e *constraintError) Error() string { return e.msg }
