package tsql

import (
	"container/list"
	"sync"
)

// lru is a bounded map that forgets its least recently used entries once
// it holds more than max entries or more than maxCost (the sum of what
// each entry was said to cost, e.g. its source text's length). It is
// safe for concurrent use.
type lru[K comparable, V any] struct {
	mu       sync.Mutex
	max      int
	maxCost  int
	cost     int
	items    map[K]*list.Element
	order    list.List // front: most recently used
	onRemove func(V)
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	cost int
}

func newLRU[K comparable, V any](max, maxCost int) *lru[K, V] {
	return &lru[K, V]{max: max, maxCost: maxCost, items: map[K]*list.Element{}}
}

// get returns the entry of key and marks it used.
func (c *lru[K, V]) get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*lruEntry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// put adds or replaces an entry; one costing more than the whole budget
// is not kept.
func (c *lru[K, V]) put(key K, val V, cost int) {
	if cost > c.maxCost {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.removeLocked(el)
	}
	c.items[key] = c.order.PushFront(&lruEntry[K, V]{key: key, val: val, cost: cost})
	c.cost += cost
	for len(c.items) > c.max || c.cost > c.maxCost {
		c.removeLocked(c.order.Back())
	}
}

func (c *lru[K, V]) removeLocked(el *list.Element) {
	e := c.order.Remove(el).(*lruEntry[K, V])
	delete(c.items, e.key)
	c.cost -= e.cost
	if c.onRemove != nil {
		c.onRemove(e.val)
	}
}

// clear removes every entry.
func (c *lru[K, V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.order.Len() > 0 {
		c.removeLocked(c.order.Back())
	}
}

// Limits of the engine-wide caches of parsed text: a batch or statement
// text is parsed once and its syntax tree (never changed once built)
// shared by every session that sends the same text. Budgets count source
// text; a syntax tree takes about six times its text.
const (
	parseCacheEntries = 1024
	parseCacheBytes   = 4 << 20
	declCacheEntries  = 512
	declCacheBytes    = 1 << 20
)

// textCaches are the engine's caches of parsed text.
type textCaches struct {
	batches *lru[batchKey, []stmt]
	exprs   *lru[string, expr]
	decls   *lru[string, *paramDecl]
}

type batchKey struct {
	text        string
	quotedIdent bool
}

func newTextCaches() textCaches {
	return textCaches{
		batches: newLRU[batchKey, []stmt](parseCacheEntries, parseCacheBytes),
		exprs:   newLRU[string, expr](parseCacheEntries, parseCacheBytes/4),
		decls:   newLRU[string, *paramDecl](declCacheEntries, declCacheBytes),
	}
}

// parseBatch parses a batch through the engine's cache. Errors are not
// kept: callers adjust the error they get.
func (e *Engine) parseBatch(text string, quotedIdent bool) ([]stmt, error) {
	k := batchKey{text, quotedIdent}
	if stmts, ok := e.texts.batches.get(k); ok {
		return stmts, nil
	}
	stmts, err := parseBatch(text, quotedIdent)
	if err == nil {
		e.texts.batches.put(k, stmts, len(text))
	}
	return stmts, err
}

// parseExpr parses a stored expression (default, check, computed
// column) through the engine's cache.
func (e *Engine) parseExpr(text string) (expr, error) {
	if x, ok := e.texts.exprs.get(text); ok {
		return x, nil
	}
	x, err := parseExprText(text)
	if err == nil {
		e.texts.exprs.put(text, x, len(text))
	}
	return x, err
}

// parseDecl parses sp_executesql's parameter declarations through the
// engine's cache.
func (e *Engine) parseDecl(decl string) (*paramDecl, error) {
	if d, ok := e.texts.decls.get(decl); ok {
		return d, nil
	}
	defs, err := parseParamDecl(decl)
	if err != nil {
		return nil, err
	}
	d := newParamDecl(defs)
	e.texts.decls.put(decl, d, len(decl))
	return d, nil
}

// parseStored parses a stored expression, through the engine's cache
// when the compiler runs for a session.
func (c *compiler) parseStored(text string) (expr, error) {
	if c.x == nil {
		return parseExprText(text)
	}
	return c.x.s.e.parseExpr(text)
}
