package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// A session keeps the compiled form of its INSERT ... VALUES statements
// whose values are constants and variables (the statements of
// executemany and of parameter arrays), by syntax tree: the parse cache
// gives the same tree for the same text, so a statement sent again runs
// without being compiled again. A plan is used only while everything its
// compilation read is unchanged: the catalog (every DDL bumps the
// engine's generation), the current database, the SET options,
// IDENTITY_INSERT and the types of the variables it reads, whose current
// values become its arguments.
const (
	planCacheEntries = 1024
	planCacheBytes   = 1 << 20 // compiled SQL text per session
)

// insertCacheEntry is a compiled INSERT and what it depends on.
type insertCacheEntry struct {
	plan           insertPlan
	vars           []string // per argument: the variable's lower-case name
	types          []sqltype.Type
	ddlGen         int64
	db             *database
	opts           options
	identityInsert *tableDef
}

func newPlanCache() *lru[stmt, *insertCacheEntry] {
	return newLRU[stmt, *insertCacheEntry](planCacheEntries, planCacheBytes)
}

// cachedInsert returns a plan for n from the cache, with its arguments
// bound to the variables' current values.
func (x *execCtx) cachedInsert(n *insertStmt) (*insertPlan, bool) {
	e, ok := x.s.plans.get(n)
	if !ok || !e.valid(x) {
		return nil, false
	}
	args := make([]any, len(e.vars))
	for i, name := range e.vars {
		v := x.frame.vars[name]
		if v == nil || v.table != nil || v.probe || v.t != e.types[i] {
			return nil, false
		}
		args[i] = v.val
	}
	p := e.plan
	p.args = args
	if p.gen != 0 {
		ctr, err := x.s.identCounter(x.ctx, p.t)
		if err != nil || ctr == nil {
			return nil, false
		}
		p.genState = reuseGen(p.gen, ctr)
	}
	return &p, true
}

func (e *insertCacheEntry) valid(x *execCtx) bool {
	s := x.s
	return e.ddlGen == s.e.ddlGen.Load() && x.dbOverride == nil && e.db == s.db &&
		e.opts == s.opts && e.identityInsert == s.identityInsert
}

// keepInsert caches the plan just compiled for n when n qualifies.
func (x *execCtx) keepInsert(n *insertStmt, c *compiler, p *insertPlan) {
	if !x.cacheableInsert(n, p) || len(c.argVars) != len(p.args) {
		return
	}
	e := &insertCacheEntry{plan: *p, vars: make([]string, len(p.args)), types: make([]sqltype.Type, len(p.args)),
		ddlGen: x.s.e.ddlGen.Load(), db: x.s.db, opts: x.s.opts, identityInsert: x.s.identityInsert}
	for i, v := range c.argVars {
		if v == nil || x.frame.vars[strings.ToLower(v.name)] != v {
			return
		}
		e.vars[i], e.types[i] = strings.ToLower(v.name), v.t
	}
	e.plan.args, e.plan.genState = nil, nil
	x.s.plans.put(n, e, len(p.sql))
}

// cacheableInsert accepts INSERT [INTO] table [(columns)] VALUES (...)
// of constants and variables into a table (not a table variable), with
// no OUTPUT, whose omitted columns have constant defaults.
func (x *execCtx) cacheableInsert(n *insertStmt, p *insertPlan) bool {
	if n.Values == nil || n.Output != nil || n.Top != nil || n.Exec != nil || x.dbOverride != nil ||
		strings.HasPrefix(n.Target.Name, "@") || p.output != nil {
		return false
	}
	for _, row := range n.Values {
		for _, e := range row {
			if !plainValue(e, true) || !x.boundVars(e) {
				return false
			}
		}
	}
	for _, col := range p.t.cols {
		if col.defaultSQL == "" || col.identity || col.computed {
			continue
		}
		d, err := x.s.e.parseExpr(col.defaultSQL)
		if err != nil || !plainValue(d, false) {
			return false
		}
	}
	return true
}

// boundVars reports whether the variables of a plain value are declared
// values (not parameters being typed by sp_describe_undeclared_parameters).
func (x *execCtx) boundVars(e expr) bool {
	switch n := e.(type) {
	case *varRef:
		v := x.frame.lookup(n.Name)
		return v != nil && !v.probe && v.table == nil
	case *unaryExpr:
		return x.boundVars(n.X)
	case *castExpr:
		return x.boundVars(n.X)
	}
	return true
}

// plainValue reports an expression of constants (and, when vars is set,
// variables other than @@functions), possibly signed or CAST: one whose
// compiled form depends on nothing but the types of its variables.
func plainValue(e expr, vars bool) bool {
	switch n := e.(type) {
	case *literal:
		return true
	case *varRef:
		return vars && !strings.HasPrefix(n.Name, "@@")
	case *unaryExpr:
		return (n.Op == "-" || n.Op == "+") && plainValue(n.X, vars)
	case *castExpr:
		return n.Style == nil && plainValue(n.X, vars)
	}
	return false
}
