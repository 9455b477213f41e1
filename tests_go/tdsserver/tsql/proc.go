package tsql

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// procDef is a stored procedure ready to run.
type procDef struct {
	id       int64
	name     string
	params   []procParamDef
	body     []stmt
	lineBase int
}

// parsed caches the statements of procedure definitions by their text.
var parsed sync.Map

func parseCached(text string) ([]stmt, error) {
	if v, ok := parsed.Load(text); ok {
		return v.([]stmt), nil
	}
	stmts, err := parseBatch(text, true)
	if err != nil {
		return nil, err
	}
	parsed.Store(text, stmts)
	return stmts, nil
}

// loadProc reads a procedure from the catalog; nil if there is none.
func (x *execCtx) loadProc(name objName) (*procDef, error) {
	cs, id, _, def, err := x.moduleInfo(name, "P")
	if err != nil || id == 0 {
		return nil, err
	}
	a := quoteIdent(cs.alias) + "."
	base, err := x.s.c.queryValue(x.ctx, "SELECT sqlite_name FROM "+a+"__tsql_objects WHERE object_id = ?", id)
	if err != nil {
		return nil, err
	}
	stmts, err := parseCached(def)
	if err != nil {
		return nil, err
	}
	cp, ok := stmts[0].(*createProcStmt)
	if !ok {
		return nil, errProcNotFound(name.String())
	}
	p := &procDef{id: id, name: cp.Name.Name, body: cp.Body, lineBase: int(i64(base))}
	rows, err := x.s.c.queryAll(x.ctx, "SELECT name, type_name, max_length, precision, scale, is_output, has_default_value, default_value FROM "+a+"__tsql_parameters WHERE object_id = ? ORDER BY parameter_id", id)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		prm := procParamDef{name: str(r[0]), t: typeFromCatalog(str(r[1]), int(i64(r[2])), int(i64(r[3])), int(i64(r[4]))),
			output: i64(r[5]) == 1, hasDefault: i64(r[6]) == 1}
		if prm.hasDefault && r[7] != nil {
			if prm.def, err = convertValue(str(r[7]), strType(sqltype.NVarChar, sqltype.Max), prm.t, 0); err != nil {
				return nil, err
			}
		}
		p.params = append(p.params, prm)
	}
	return p, nil
}

// callArg is one argument of a procedure call, already a stored value.
type callArg struct {
	name    string
	val     any
	t       sqltype.Type
	output  bool
	deflt   bool
	outVar  *variable // EXEC ... @v OUTPUT: receives the value
	rpcName string
}

// bindArgs matches arguments to parameters (positional, then @name =).
func bindArgs(procName string, d *paramDecl, args []callArg) ([]*callArg, error) {
	params := d.defs
	bound := make([]*callArg, len(params))
	named := false
	for i := range args {
		a := &args[i]
		if a.name == "" {
			if named {
				return nil, newErr(119, 15, 1, "Must pass parameter number %d and subsequent parameters as '@name = value'. After the form '@name = value' has been used, all subsequent parameters must be passed in the form '@name = value'.", i+1)
			}
			if i >= len(params) {
				return nil, errTooManyArgs(procName)
			}
			bound[i] = a
			continue
		}
		named = true
		j := d.index(a.name)
		if j < 0 {
			return nil, errNotAParameter(a.name, procName)
		}
		bound[j] = a
	}
	return bound, nil
}

func paramIndex(params []procParamDef, name string) int {
	for i, p := range params {
		if strings.EqualFold(p.name, name) {
			return i
		}
	}
	return -1
}

// paramDecl is a parameter list with, when it is long, an index by name:
// sp_executesql calls carry up to 2100 parameters.
type paramDecl struct {
	defs   []procParamDef
	byName map[string]int // lower-case name: first position; nil for short lists
}

// indexFrom is the list length from which a name index is built.
const indexFrom = 8

func newParamDecl(defs []procParamDef) *paramDecl {
	d := &paramDecl{defs: defs}
	if len(defs) >= indexFrom {
		d.byName = make(map[string]int, len(defs))
		for i := len(defs) - 1; i >= 0; i-- {
			d.byName[strings.ToLower(defs[i].name)] = i
		}
	}
	return d
}

// index is the position of the parameter called name (case-insensitive),
// or -1.
func (d *paramDecl) index(name string) int {
	if d == nil {
		return -1
	}
	if d.byName != nil {
		if i, ok := d.byName[strings.ToLower(name)]; ok && strings.EqualFold(d.defs[i].name, name) {
			return i
		}
	}
	return paramIndex(d.defs, name)
}

// callProc runs a procedure in a new frame and returns its status.
func (x *execCtx) callProc(p *procDef, args []callArg) (int32, error) {
	bound, err := bindArgs(p.name, newParamDecl(p.params), args)
	if err != nil {
		return 0, err
	}
	f := newFrame(x.frame)
	f.procName, f.procID, f.lineBase = p.name, p.id, p.lineBase
	for i, prm := range p.params {
		v := &variable{name: prm.name, t: prm.t}
		a := bound[i]
		switch {
		case a == nil || a.deflt:
			if !prm.hasDefault {
				return 0, errParamNotSupplied(p.name, prm.name)
			}
			v.val = prm.def
		default:
			if a.output && !prm.output {
				return 0, newErr(8162, 16, 2, "The formal parameter \"%s\" was not declared as an OUTPUT parameter, but the actual parameter passed in requested output.", prm.name)
			}
			if v.val, err = convertParam(a.val, a.t, prm.t); err != nil {
				return 0, err
			}
		}
		f.vars[strings.ToLower(prm.name)] = v
	}
	status, err := x.runFrame(f, p.body)
	if err != nil {
		return status, err
	}
	for i, prm := range p.params {
		if a := bound[i]; a != nil && a.output && prm.output {
			a.val, a.t = f.vars[strings.ToLower(prm.name)].val, prm.t
			if a.outVar != nil {
				if a.outVar.val, err = convertValue(a.val, prm.t, a.outVar.t, 0); err != nil {
					return status, err
				}
			}
		}
	}
	return status, nil
}

// convertParam converts an argument to its parameter's type; a failure is
// error 8114, as for RPC parameters.
func convertParam(v any, from, to sqltype.Type) (any, error) {
	if v == nil || from.Kind == sqltype.Invalid || sameStorage(from, to) && from.Kind == to.Kind {
		return v, nil
	}
	out, err := convertValue(v, from, to, 0)
	if err != nil {
		if se, ok := asSQLError(err); ok && (se.msg.Number == 245 || se.msg.Number == 8114 || se.msg.Number == 241 || se.msg.Number == 8169) {
			return nil, errConvertingType(typeLabel(from), typeLabel(to))
		}
		return nil, err
	}
	return out, nil
}

// runFrame runs statements in a new scope: @@NESTLEVEL goes up, the
// scope's temp tables and table variables go at the end, and a change of
// @@TRANCOUNT is error 266.
func (x *execCtx) runFrame(f *frame, body []stmt) (int32, error) {
	if x.nest >= 32 {
		return 0, newErr(217, 16, 1, "Maximum stored procedure, function, trigger, or view nesting level exceeded (limit 32).").batch()
	}
	saved, savedTry := x.frame, x.frame.tryDepth
	startCount, savedOpts := x.s.tx.count, x.s.opts
	x.frame = f
	x.nest++
	err := x.execList(body)
	x.dropTableVars()
	x.dropScopeTemps()
	x.nest--
	x.frame = saved
	x.s.opts = restoreScopedOptions(savedOpts, x.s.opts)
	x.frame.tryDepth = savedTry
	var ret returnSignal
	status := int32(0)
	switch {
	case errors.As(err, &ret):
		status, err = ret.status, nil
	case errors.As(err, new(breakSignal)), errors.As(err, new(continueSignal)):
		err = nil
	}
	if se, ok := asSQLError(err); ok {
		se.compile = false
		return status, se
	}
	if err == nil && f.procName != "" && x.s.tx.count != startCount && !errors.Is(err, errAborted) {
		return status, errTranCountMismatch(startCount, x.s.tx.count)
	}
	return status, err
}

// restoreScopedOptions undoes SET options a procedure or dynamic batch
// changed, as SQL Server does when the module returns; IMPLICIT_TRANSACTIONS
// and the transaction isolation level are kept as in SQL Server.
func restoreScopedOptions(before, after options) options {
	kept := before
	kept.implicitTx = after.implicitTx
	kept.isolation = after.isolation
	return kept
}

// dropScopeTemps drops the temp tables created in the ending scope.
func (x *execCtx) dropScopeTemps() {
	for _, t := range x.frame.scopeTemps {
		x.s.c.exec(x.ctx, "DROP TABLE IF EXISTS "+t.sqlName())
		x.s.deleteObjectCatalog(x.ctx, "temp", t.id)
		x.forgetTable(t)
	}
	if len(x.frame.scopeTemps) > 0 {
		x.noteDDL()
	}
	x.frame.scopeTemps = nil
}

// execExec runs EXEC proc [args] or EXEC ('dynamic sql').
func (x *execCtx) execExec(n *execStmt) error {
	if len(n.SQL) > 0 {
		return x.execDynamic(n)
	}
	name := n.Proc
	if n.ProcVar != "" {
		v := x.frame.lookup(n.ProcVar)
		if v == nil {
			return errMustDeclare(n.ProcVar)
		}
		s, _ := textOf(v.val, v.t, 0)
		if pn, ok := parseObjectName(s); ok {
			name = pn
		}
	}
	args, err := x.execArgs(n.Args)
	if err != nil {
		return err
	}
	status, err := x.callByName(name, args)
	if err != nil {
		return err
	}
	if n.ReturnVar != "" {
		v := x.frame.lookup(n.ReturnVar)
		if v == nil {
			return errMustDeclare(n.ReturnVar)
		}
		v.val, _ = convertValue(int64(status), typInt, v.t, 0)
	}
	if x.nest == 0 {
		return x.out.ReturnStatus(status)
	}
	return nil
}

func (x *execCtx) execArgs(list []execArg) ([]callArg, error) {
	out := make([]callArg, len(list))
	for i, a := range list {
		ca := callArg{name: a.Name, output: a.Output, deflt: a.Default}
		if a.Output {
			ref, ok := a.X.(*varRef)
			if !ok {
				return nil, newErr(179, 15, 1, "Cannot use the OUTPUT option when passing a constant to a stored procedure.").compiled()
			}
			ca.outVar = x.frame.lookup(ref.Name)
			if ca.outVar == nil {
				return nil, errMustDeclare(ref.Name)
			}
		}
		if !a.Default {
			v, t, err := x.evalScalar(a.X, nil)
			if err != nil {
				return nil, err
			}
			ca.val, ca.t = v, t
		}
		out[i] = ca
	}
	return out, nil
}

// callByName runs a system procedure or a stored procedure.
func (x *execCtx) callByName(name objName, args []callArg) (int32, error) {
	if sp, ok := systemProcs[strings.ToLower(name.Name)]; ok && (name.Schema == "" || strings.EqualFold(name.Schema, "sys") || strings.EqualFold(name.Schema, "dbo")) {
		return sp(x, args)
	}
	p, err := x.loadProc(name)
	if err != nil {
		return 0, err
	}
	if p == nil {
		return 0, errProcNotFound(name.String())
	}
	return x.callProc(p, args)
}

// execDynamic runs EXEC ('sql'): a batch of its own scope.
func (x *execCtx) execDynamic(n *execStmt) error {
	var sb strings.Builder
	for _, e := range n.SQL {
		v, t, err := x.evalScalar(e, nil)
		if err != nil {
			return err
		}
		s, _ := textOf(v, t, 0)
		sb.WriteString(s)
	}
	return x.runText(sb.String(), nil)
}

// runText parses and runs SQL text in a new scope with given variables.
func (x *execCtx) runText(text string, vars []*variable) error {
	stmts, err := x.s.e.parseBatch(text, x.s.opts.quotedIdent)
	if err != nil {
		if se, ok := asSQLError(err); ok {
			se.compile = false
		}
		return err
	}
	f := newFrame(x.frame)
	f.dynamic = true
	if len(vars) > 8 {
		f.vars = make(map[string]*variable, len(vars))
	}
	for _, v := range vars {
		f.vars[strings.ToLower(v.name)] = v
	}
	_, err = x.runFrame(f, stmts)
	return err
}

// RPC runs a remote procedure call (backend.Session).
func (s *session) RPC(ctx context.Context, call backend.RPCCall, out backend.Results) error {
	s.pendingBulk = nil
	x := newExecCtx(ctx, s, out, newFrame(nil))
	x.inRPC = true
	err := x.rpc(call)
	x.dropTableVars()
	return x.finishRequest(x.reportTop(err))
}

// reportTop reports an error that reached the top of a request uncaught.
func (x *execCtx) reportTop(err error) error {
	se, ok := asSQLError(err)
	if !ok {
		return err
	}
	if se.msg.Server == "" {
		se.msg.Server = x.s.e.serverName
	}
	if rerr := x.out.Message(&se.msg); rerr != nil {
		return rerr
	}
	return errAborted
}
