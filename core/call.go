package core

import (
	"context"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// rpcCall is one call of a request: a SQL batch (no parameters), an
// sp_executesql call, or a procedure called by name.
type rpcCall struct {
	batch  string // a SQL batch; nothing else is set
	proc   bool   // a procedure by name
	name   string
	stmt   string // sp_executesql's statement
	decls  string // and its declarations
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
	if len(calls) == 1 && calls[0].stmt == "" && !calls[0].proc {
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

// write adds the call to an RPC request.
func (c *rpcCall) write(rpc *tds.RPC) {
	if c.proc {
		rpc.Proc(c.name, 0)
	} else {
		rpc.ProcID(tds.ProcExecuteSQL, 0)
		rpc.Param("", 0, ntextType(c.stmt), &tds.Value{String: c.stmt})
		rpc.Param("", 0, ntextType(c.decls), &tds.Value{String: c.decls})
	}
	for i := range c.params {
		b := &c.params[i]
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
