package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// prepared is a statement of sp_prepare / sp_prepexec.
type prepared struct {
	params *paramDecl
	text   string
	decl   string
}

func (x *execCtx) rpc(call backend.RPCCall) error {
	pn, ok := parseObjectName(call.Name)
	if !ok {
		return errProcNotFound(call.Name)
	}
	name := strings.ToLower(pn.Name)
	if pn.Schema != "" && !strings.EqualFold(pn.Schema, "sys") && !strings.EqualFold(pn.Schema, "dbo") {
		name = ""
	}
	switch name {
	case "sp_executesql":
		return x.rpcExecuteSQL(call.Params)
	case "sp_prepare":
		return x.rpcPrepare(call.Params, false)
	case "sp_prepexec":
		return x.rpcPrepare(call.Params, true)
	case "sp_execute":
		return x.rpcExecute(call.Params)
	case "sp_unprepare":
		if len(call.Params) > 0 {
			delete(x.s.prepared, i64(call.Params[0].Value))
		}
		return nil
	}
	if strings.HasPrefix(name, "sp_cursor") {
		return newErr(16999, 16, 1, "Server cursors (%s) are not supported by this test server.", call.Name)
	}
	return x.rpcProc(pn, call.Params)
}

// rpcArgs turns RPC parameters into call arguments.
func rpcArgs(params []backend.Param) ([]callArg, error) {
	out := make([]callArg, len(params))
	for i, p := range params {
		v, err := toStorage(p.Value, p.Type)
		if err != nil {
			return nil, err
		}
		out[i] = callArg{name: p.Name, val: v, t: p.Type, output: p.Output, rpcName: p.Name}
	}
	return out, nil
}

// rpcProc calls a stored procedure (or system procedure) by name and
// answers with RETURNSTATUS and a RETURNVALUE per OUTPUT parameter.
func (x *execCtx) rpcProc(name objName, params []backend.Param) error {
	args, err := rpcArgs(params)
	if err != nil {
		return err
	}
	var p *procDef
	if _, sys := systemProcs[strings.ToLower(name.Name)]; !sys {
		if p, err = x.loadProc(name); err != nil {
			return err
		}
		if p == nil {
			return errProcNotFound(name.String())
		}
	}
	var status int32
	if p == nil {
		status, err = x.callByName(name, args)
	} else {
		status, err = x.callProc(p, args)
	}
	if err != nil {
		return err
	}
	if err := x.out.ReturnStatus(status); err != nil {
		return err
	}
	return x.returnOutputs(args, nil)
}

// returnOutputs sends RETURNVALUE for the arguments the client marked
// OUTPUT, in call order.
func (x *execCtx) returnOutputs(args []callArg, declared *paramDecl) error {
	for _, a := range args {
		if !a.output {
			continue
		}
		t := a.t
		if declared != nil {
			if j := declared.index(a.name); j >= 0 {
				t = declared.defs[j].t
			}
		}
		v, err := converterFor(t)(a.val)
		if err != nil {
			return err
		}
		if err := x.out.ReturnValue(backend.Param{Name: a.rpcName, Type: t, Value: v, Output: true}); err != nil {
			return err
		}
	}
	return nil
}

// stringParam reads a statement or declaration parameter, which SQL
// Server requires to be Unicode.
func stringParam(p backend.Param, name string) (string, error) {
	s, ok := p.Value.(string)
	if (p.Value != nil && !ok) || !isUnicodeKind(p.Type.Kind) {
		return "", newErr(214, 16, 2, "Procedure expects parameter '%s' of type 'ntext/nchar/nvarchar'.", name)
	}
	return s, nil
}

// parseParamDecl parses "@a int, @b nvarchar(10) OUTPUT".
func parseParamDecl(decl string) ([]procParamDef, error) {
	if strings.TrimSpace(decl) == "" {
		return nil, nil
	}
	toks, err := lex(decl, true)
	if err != nil {
		return nil, err
	}
	p := &parser{src: decl, toks: toks}
	var out []procParamDef
	for p.peek().Kind != tEOF {
		if p.peek().Kind != tVar {
			return nil, p.unexpected()
		}
		pp, err := p.procParam()
		if err != nil {
			return nil, err
		}
		t, err := resolveType(pp.Type)
		if err != nil {
			return nil, err
		}
		out = append(out, procParamDef{name: pp.Name, t: t, output: pp.Output})
		if !p.acceptOp(",") {
			break
		}
	}
	if p.peek().Kind != tEOF {
		return nil, p.unexpected()
	}
	return out, nil
}

func (x *execCtx) rpcExecuteSQL(params []backend.Param) error {
	if len(params) == 0 {
		return newErr(201, 16, 4, "Procedure or function 'sp_executesql' expects parameter '@statement', which was not supplied.")
	}
	text, err := stringParam(params[0], "@statement")
	if err != nil {
		return err
	}
	decl := ""
	if len(params) > 1 {
		if decl, err = stringParam(params[1], "@params"); err != nil {
			return err
		}
	}
	declared, err := x.s.e.parseDecl(decl)
	if err != nil {
		return err
	}
	var rest []backend.Param
	if len(params) > 2 {
		rest = params[2:]
	}
	return x.runParameterized(text, decl, declared, rest, nil)
}

// runParameterized runs a statement with declared parameters bound to RPC
// values (sp_executesql, sp_execute, sp_prepexec), then returns the OUTPUT
// values; lead are RETURNVALUEs to send first (a prepared handle).
func (x *execCtx) runParameterized(text, decl string, declared *paramDecl, values []backend.Param, lead []backend.Param) error {
	args, err := rpcArgs(values)
	if err != nil {
		return err
	}
	if err := x.runBound(text, decl, declared, args); err != nil {
		return err
	}
	for _, p := range lead {
		if err := x.out.ReturnValue(p); err != nil {
			return err
		}
	}
	return x.returnOutputs(args, declared)
}

// runBound runs text in a scope of its own where the declared parameters
// hold the arguments; OUTPUT values are copied back into args.
func (x *execCtx) runBound(text, decl string, declared *paramDecl, args []callArg) error {
	bound, err := bindArgs("sp_executesql", declared, args)
	if err != nil {
		return err
	}
	vars := make([]*variable, len(declared.defs))
	for i, d := range declared.defs {
		v := &variable{name: d.name, t: d.t}
		a := bound[i]
		if a == nil {
			return errParamExpected("("+decl+")"+truncate(text, 100), d.name)
		}
		if v.val, err = convertParam(a.val, a.t, d.t); err != nil {
			return err
		}
		vars[i] = v
	}
	runErr := x.runText(text, vars)
	for i, a := range bound {
		if a == nil || !a.output {
			continue
		}
		a.val, a.t = vars[i].val, declared.defs[i].t
		if a.outVar != nil {
			if a.outVar.val, err = convertValue(a.val, a.t, a.outVar.t, 0); err != nil {
				return err
			}
		}
	}
	return runErr
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// rpcPrepare runs sp_prepare(@handle OUTPUT, @params, @stmt [, @options])
// and sp_prepexec(@handle OUTPUT, @params, @stmt, values...).
func (x *execCtx) rpcPrepare(params []backend.Param, exec bool) error {
	if len(params) < 3 {
		return newErr(201, 16, 4, "Procedure or function 'sp_prepare' expects parameter '@stmt', which was not supplied.")
	}
	decl, err := stringParam(params[1], "@params")
	if err != nil {
		return err
	}
	text, err := stringParam(params[2], "@stmt")
	if err != nil {
		return err
	}
	declared, err := x.s.e.parseDecl(decl)
	if err != nil {
		return err
	}
	if _, err := x.s.e.parseBatch(text, x.s.opts.quotedIdent); err != nil {
		return err
	}
	h := x.s.nextHandle
	x.s.nextHandle++
	x.s.prepared[h] = &prepared{params: declared, text: text, decl: decl}
	handle := backend.Param{Name: params[0].Name, Type: typInt, Value: h, Output: true}
	if !exec {
		return x.out.ReturnValue(handle)
	}
	return x.runParameterized(text, decl, declared, params[3:], []backend.Param{handle})
}

// rpcExecute runs sp_execute(@handle, values...).
func (x *execCtx) rpcExecute(params []backend.Param) error {
	if len(params) == 0 {
		return newErr(201, 16, 4, "Procedure or function 'sp_execute' expects parameter '@handle', which was not supplied.")
	}
	h := i64(params[0].Value)
	p, ok := x.s.prepared[h]
	if !ok {
		return errPreparedNotFound(h)
	}
	return x.runParameterized(p.text, p.decl, p.params, params[1:], nil)
}
