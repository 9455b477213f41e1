package core

import (
	"context"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// rpcCall is one call of a request: a SQL batch (no parameters), an
// sp_executesql call, a procedure called by name, or a special procedure
// by id (sp_prepexec, sp_execute, sp_unprepare) with leading arguments.
type rpcCall struct {
	batch  string // a SQL batch; nothing else is set
	proc   bool   // a procedure by name
	name   string
	procID uint16    // a special procedure
	lead   []binding // its arguments before the parameters
	stmt   string    // sp_executesql's statement
	decls  string    // and its declarations
	params []binding
}

// executeSQLCall calls sp_executesql with this driver's declarations.
func executeSQLCall(text string, bs []binding) *rpcCall {
	return &rpcCall{stmt: text, decls: declarations(bs), params: bs}
}

// send starts a request of one SQL batch or of one or more RPC calls (in
// one message: executemany's rows) and makes it the session's running
// request. ctx cancels the writing.
func (s *Session) send(ctx context.Context, calls []*rpcCall) (*request, error) {
	s.releaseFinished(ctx)
	r := &request{sess: s}
	s.mu.Lock()
	err := s.claimLocked()
	if err == nil {
		s.owner = r
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	unwatch := r.watch(ctx)
	resp, err := s.write(calls)
	unwatch()
	if err != nil {
		r.end(nil)
		return nil, s.sendError(err)
	}
	r.resp = resp
	return r, nil
}

// releaseFinished frees the wire held by a request that has no result
// left to fetch (only its end was still to be read: the DONE after the
// last row, a return status), as a driver that reads ahead to the next
// result does.
func (s *Session) releaseFinished(ctx context.Context) {
	s.mu.Lock()
	r := s.owner
	s.mu.Unlock()
	if r == nil {
		return
	}
	defer r.watch(ctx)()
	if r.rowset != nil {
		r.checkRowsEnd(r.rowset, true)
	}
	r.lookAhead(true)
}

// write sends the request's message.
func (s *Session) write(calls []*rpcCall) (*tds.Response, error) {
	if len(calls) == 1 && calls[0].isBatch() {
		return s.conn.SQLBatch(calls[0].batch)
	}
	rpc, err := s.conn.RPC()
	if err != nil {
		return nil, err
	}
	for _, c := range calls {
		c.write(rpc)
	}
	return rpc.Send()
}

func (c *rpcCall) isBatch() bool { return c.stmt == "" && !c.proc && c.procID == 0 }

// write adds the call to an RPC request.
func (c *rpcCall) write(rpc *tds.RPC) {
	switch {
	case c.proc:
		rpc.Proc(c.name, 0)
	case c.procID != 0:
		rpc.ProcID(c.procID, 0)
	default:
		rpc.ProcID(tds.ProcExecuteSQL, 0)
		rpc.Param("", 0, ntextType(c.stmt), &tds.Value{String: c.stmt})
		rpc.Param("", 0, ntextType(c.decls), &tds.Value{String: c.decls})
	}
	writeBindings(rpc, c.lead)
	writeBindings(rpc, c.params)
}

func writeBindings(rpc *tds.RPC, bs []binding) {
	for i := range bs {
		b := &bs[i]
		name, flags := "", tds.ParamFlags(0)
		if b.name != "" {
			name = "@" + b.name
		}
		if b.out {
			flags = tds.ParamOutput
		}
		rpc.Param(name, flags, &b.ti, &b.value)
	}
}

// textArg is an nvarchar argument of a special procedure.
func textArg(s string) binding {
	return binding{ti: *ntextType(s), value: tds.Value{String: s}}
}

// intArg is an int argument (a prepared handle); out asks for it back.
func intArg(v int64, null, out bool) binding {
	return binding{ti: tds.IntN(4), value: tds.Value{Int: v, Null: null}, out: out}
}

// ntextType is the type of sp_executesql's text arguments.
func ntextType(s string) *tds.TypeInfo {
	ti := tds.NVarChar(4000)
	if len(s) > 4000 && utf16Len([]byte(s)) > 4000 {
		ti = tds.NVarChar(-1)
	}
	return &ti
}

// returnStatusBinding is the OUTPUT parameter that receives a procedure's
// return status through sp_executesql.
func returnStatusBinding() binding {
	return binding{name: returnStatusParam, ti: tds.IntN(4), value: tds.Value{Null: true}, decl: "int OUTPUT",
		out: true, kind: rowenc.KindInt}
}
