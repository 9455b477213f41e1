package tsql

import (
	"context"
	"database/sql/driver"
	"strings"
)

// Each session connection keeps its prepared SQLite statements by SQL
// text: the engine sends the same text again and again (its compiled
// statements, BEGIN / COMMIT / SAVEPOINT around writes, catalog reads),
// and preparing costs as much as running a small statement. SQLite
// prepares a statement again by itself when the schema changed.
//
// Memory: SQLite's prepared form takes about 3 KB for a small statement
// and about 14 bytes per byte of SQL for a large one (an INSERT of 420
// rows of 5 parameters: 55 KB of SQL, 760 KB prepared), so an entry is
// costed at stmtBaseCost + stmtCostPerByte per byte of SQL, within
// stmtCacheBudget per connection. DDL runs once and is not kept.
const (
	stmtCacheEntries = 128
	stmtCacheBudget  = 2 << 20
	stmtBaseCost     = 4 << 10
	stmtCostPerByte  = 16
)

// stmtCost estimates the memory of a prepared statement.
func stmtCost(sql string) int { return stmtBaseCost + stmtCostPerByte*len(sql) }

// cacheable reports whether a statement is worth keeping prepared.
func cacheable(sql string) bool {
	switch firstWord(sql) {
	case "CREATE", "DROP", "ALTER", "ATTACH", "DETACH":
		return false
	}
	return stmtCost(sql) <= stmtCacheBudget/2
}

// cachedStmt is a prepared statement of the cache.
type cachedStmt struct {
	st    driver.Stmt
	exec  driver.StmtExecContext
	query driver.StmtQueryContext
	// order maps each anonymous '?' of the prepared text to an argument
	// (see positional); nil when the text is the caller's.
	order []int
	// quick marks a statement that reads no table (see quickSQL): it runs
	// without SQLite's cancellation watch.
	quick   bool
	inUse   bool // running, or its rows are open
	evicted bool // left the cache while in use: closed on release
}

func newStmtCache() *lru[string, *cachedStmt] {
	c := newLRU[string, *cachedStmt](stmtCacheEntries, stmtCacheBudget)
	c.onRemove = func(cs *cachedStmt) {
		if cs.inUse {
			cs.evicted = true
			return
		}
		cs.st.Close()
	}
	return c
}

func (cs *cachedStmt) release() {
	cs.inUse = false
	if cs.evicted {
		cs.st.Close()
	}
}

// prepared returns the statement of sql, preparing and caching it if
// needed, marked in use. A statement already in use (a query whose rows
// are open runs the same text again) is prepared anew, uncached.
func (c *conn) prepared(ctx context.Context, sql string, nargs int) (*cachedStmt, error) {
	if cs, ok := c.stmts.get(sql); ok && !cs.inUse {
		cs.inUse = true
		return cs, nil
	}
	text, order := positional(sql, nargs)
	st, err := c.c.(driver.ConnPrepareContext).PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{st: st, exec: st.(driver.StmtExecContext), query: st.(driver.StmtQueryContext), order: order,
		quick: quickSQL(sql), inUse: true}
	if old, ok := c.stmts.get(sql); (!ok || !old.inUse) && cacheable(sql) {
		c.stmts.put(sql, cs, stmtCost(sql))
		return cs, nil
	}
	cs.evicted = true // not cached: closed on release
	return cs, nil
}

// bind converts args for the statement, in the order its text wants them.
func (c *conn) bind(cs *cachedStmt, args []any) []driver.NamedValue {
	if cs.order == nil {
		return c.named(args)
	}
	c.args = c.args[:0]
	for i, j := range cs.order {
		c.args = append(c.args, driver.NamedValue{Ordinal: i + 1, Value: storageArg(args[j])})
	}
	return c.args
}

// runContext is the context a statement runs under. modernc.org/sqlite
// starts a goroutine per call to watch a cancellable context; a quick
// statement, which cannot run long, runs without one once ctx is found
// not cancelled.
func (cs *cachedStmt) runContext(ctx context.Context) (context.Context, error) {
	if !cs.quick {
		return ctx, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return context.Background(), nil
}

// quickSQL reports whether a statement runs in a short, bounded time: a
// transaction statement, or an INSERT / SELECT / VALUES that reads no
// table (no FROM anywhere, no WITH), such as INSERT ... VALUES of
// parameters or SELECT 1.
func quickSQL(sql string) bool {
	verb := firstWord(sql)
	switch verb {
	case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE":
		return true
	case "INSERT", "SELECT", "VALUES":
	default:
		return false
	}
	for i := 0; i < len(sql); {
		switch ch := sql[i]; {
		case ch == '\'' || ch == '"' || ch == '`' || ch == '[':
			i = quotedEnd(sql, i)
		case isWordByte(ch):
			j := i
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			if w := sql[i:j]; strings.EqualFold(w, "FROM") || strings.EqualFold(w, "WITH") {
				return false
			}
			i = j
		default:
			i++
		}
	}
	return true
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " \t\r\n(")
	end := 0
	for end < len(s) && isWordByte(s[end]) {
		end++
	}
	return strings.ToUpper(s[:end])
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// stmtRows releases its statement when closed.
type stmtRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *stmtRows) Close() error {
	err := r.Rows.Close()
	r.cs.release()
	return err
}

// positionalFrom is the number of arguments from which numbered
// placeholders are renumbered (see positional).
const positionalFrom = 33

// positional rewrites the numbered placeholders "?NNN" of a statement
// with many arguments into anonymous "?" and returns, per placeholder,
// the argument it takes. SQLite finds the name of each numbered
// placeholder by a linear search when binding, which made statements of
// 2,100 arguments quadratic; anonymous ones bind in constant time. The
// text is returned unchanged (order nil) when it has few arguments or
// anything but numbered placeholders.
func positional(sql string, nargs int) (string, []int) {
	if nargs < positionalFrom {
		return sql, nil
	}
	out := make([]byte, 0, len(sql))
	order := make([]int, 0, nargs)
	for i := 0; i < len(sql); {
		switch ch := sql[i]; ch {
		case '\'', '"', '`', '[':
			end := quotedEnd(sql, i)
			out = append(out, sql[i:end]...)
			i = end
		case '-', '/':
			end := commentEnd(sql, i)
			out = append(out, sql[i:end]...)
			i = end
		case ':', '@', '$':
			return sql, nil // named parameters: left as they are
		case '?':
			n, end := placeholderNumber(sql, i+1)
			if n < 1 || n > nargs {
				return sql, nil
			}
			out = append(out, '?')
			order = append(order, n-1)
			i = end
		default:
			out = append(out, ch)
			i++
		}
	}
	return string(out), order
}

// quotedEnd is the index after the quoted text starting at i (quotes are
// escaped by doubling; [names] end at ']').
func quotedEnd(s string, i int) int {
	closing := s[i]
	if closing == '[' {
		closing = ']'
	}
	for j := i + 1; j < len(s); j++ {
		if s[j] != closing {
			continue
		}
		if closing != ']' && j+1 < len(s) && s[j+1] == closing {
			j++
			continue
		}
		return j + 1
	}
	return len(s)
}

// commentEnd is the index after a comment starting at i, or i+1.
func commentEnd(s string, i int) int {
	switch {
	case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
		for j := i + 2; j < len(s); j++ {
			if s[j] == '\n' {
				return j + 1
			}
		}
		return len(s)
	case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
		for j := i + 2; j+1 < len(s); j++ {
			if s[j] == '*' && s[j+1] == '/' {
				return j + 2
			}
		}
		return len(s)
	}
	return i + 1
}

// placeholderNumber reads the digits after '?'; 0 when there are none.
func placeholderNumber(s string, i int) (n, end int) {
	for end = i; end < len(s) && s[end] >= '0' && s[end] <= '9'; end++ {
		if n = n*10 + int(s[end]-'0'); n > 1<<20 {
			return 0, end
		}
	}
	return n, end
}
