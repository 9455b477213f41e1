package tsql

import (
	"database/sql/driver"
	"sync"
	"sync/atomic"

	sqlite "modernc.org/sqlite"
)

// IDENTITY values come from engine-wide counters, one per table, so that
// concurrent sessions never share a value and a rollback does not give
// values back, as in SQL Server.

type identKey struct {
	scope    string // database alias, or "#<session>" for temp tables
	objectID int64
}

type identCounter struct {
	mu        sync.Mutex
	seed, inc int64
	last      int64
	used      bool // a value was generated or the counter observed one
}

// next returns the next identity value.
func (c *identCounter) next() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.used {
		c.last, c.used = c.seed, true
		return c.last
	}
	c.last += c.inc
	return c.last
}

// observe moves the counter past an explicitly inserted value.
func (c *identCounter) observe(v int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.used || (c.inc > 0 && v > c.last) || (c.inc < 0 && v < c.last) {
		c.last, c.used = v, true
	}
}

// current is IDENT_CURRENT: the last value, or the seed when none.
func (c *identCounter) current() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.used {
		return c.seed
	}
	return c.last
}

// reseedTo is DBCC CHECKIDENT RESEED: a counter that never produced a
// value hands out v next, otherwise v + increment.
func (c *identCounter) reseedTo(v int64) {
	c.mu.Lock()
	if c.used {
		c.last = v
	} else {
		c.seed = v
	}
	c.mu.Unlock()
}

// restart is TRUNCATE TABLE: the next value is the column's seed.
func (c *identCounter) restart(seed int64) {
	c.mu.Lock()
	c.seed, c.used = seed, false
	c.mu.Unlock()
}

type identTable struct {
	mu sync.Mutex
	m  map[identKey]*identCounter
}

// get returns the counter of a table, creating it with load (which reads
// the current maximum) the first time.
func (t *identTable) get(k identKey, seed, inc int64, load func() (int64, bool, error)) (*identCounter, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[identKey]*identCounter{}
	}
	if c, ok := t.m[k]; ok {
		return c, nil
	}
	c := &identCounter{seed: seed, inc: inc}
	if load != nil {
		v, ok, err := load()
		if err != nil {
			return nil, err
		}
		if ok {
			c.last, c.used = v, true
		}
	}
	t.m[k] = c
	return c, nil
}

func (t *identTable) drop(k identKey) {
	t.mu.Lock()
	delete(t.m, k)
	t.mu.Unlock()
}

// identGen is the identity source of one statement: it remembers the
// last value it produced for SCOPE_IDENTITY.
type identGen struct {
	c    *identCounter
	last int64
	n    int64
}

var (
	generators sync.Map // int64 -> *identGen
	genSeq     atomic.Int64
)

func registerGen(c *identCounter) (int64, *identGen) {
	g := &identGen{c: c}
	id := genSeq.Add(1)
	generators.Store(id, g)
	return id, g
}

func unregisterGen(id int64) { generators.Delete(id) }

// reuseGen registers a fresh generator under the id a cached plan's SQL
// names (its tsql_ident call).
func reuseGen(id int64, c *identCounter) *identGen {
	g := &identGen{c: c}
	generators.Store(id, g)
	return g
}

// tsql_ident(generator)
func fnIdent(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	id, _ := a[0].(int64)
	v, ok := generators.Load(id)
	if !ok {
		return nil, nil
	}
	g := v.(*identGen)
	g.last = g.c.next()
	g.n++
	return g.last, nil
}
