package tdsserver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// response implements backend.Results for one request: it encodes what the
// engine reports as tokens and streams them through the connection's
// packet writer. A statement's DONE is held back until the next token so
// that it can carry DONE_MORE exactly when something follows.
type response struct {
	c       *conn
	ctx     context.Context
	inProc  bool // inside an RPC: statements end with DONEINPROC
	call    *backend.RPCCall
	pending tds.Done // valid when hasPend
	hasPend bool
	cols    []tds.Column
	curCmd  uint16
	rows    int
	buf     []byte
	err     error
	// per RPC call / batch
	sentStatus   bool
	nextOut      int
	errorInCall  bool
	errorSinceDn bool
}

// newResponse starts the response to a request. A connection answers one
// request at a time, so it reuses one response and its encoding buffer.
func (c *conn) newResponse(ctx context.Context) *response {
	r := &c.resp
	buf := r.buf[:0]
	if cap(buf) > maxRequestBuffer {
		buf = nil
	}
	*r = response{c: c, ctx: ctx, buf: buf}
	return r
}

// check returns why the engine must stop: cancellation or a broken connection.
func (r *response) check() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return r.err
}

func (r *response) write(b []byte) {
	if r.err == nil {
		_, r.err = r.c.w.Write(b)
	}
}

// flushPending sends the held-back DONE, with DONE_MORE when more follows.
func (r *response) flushPending(more bool) {
	if !r.hasPend {
		return
	}
	d := r.pending
	r.hasPend = false
	if more {
		d.Status |= tds.DoneMore
	}
	r.buf = tds.AppendDone(r.buf[:0], d)
	r.write(r.buf)
}

// Columns starts a result set.
func (r *response) Columns(cols []sqltype.Column) error {
	if err := r.check(); err != nil {
		return err
	}
	wire, err := tds.NewColumns(cols)
	if err != nil {
		return err
	}
	r.flushPending(true)
	r.cols, r.curCmd, r.rows = wire, tds.CmdSelect, 0
	r.buf = tds.AppendColMetadata(r.buf[:0], wire)
	r.write(r.buf)
	return r.err
}

// Row sends one row of the current result set.
func (r *response) Row(values []any) error {
	if err := r.check(); err != nil {
		return err
	}
	if r.cols == nil {
		return errors.New("tdsserver: Row called before Columns")
	}
	buf, err := tds.AppendRow(r.buf[:0], r.cols, values)
	r.buf = buf
	if err != nil {
		return err
	}
	r.write(r.buf)
	r.rows++
	r.c.maybeDropAfterRow(r)
	return r.err
}

// Done ends a statement.
func (r *response) Done(count int64, hasCount, failed bool) error {
	if err := r.check(); err != nil {
		return err
	}
	r.flushPending(true)
	d := tds.Done{Token: tds.TokenDone, CurCmd: r.curCmd}
	if r.inProc {
		d.Token = tds.TokenDoneInProc
	}
	if hasCount {
		d.Status |= tds.DoneCount
		d.Count = uint64(max(count, 0))
	}
	if failed {
		d.Status |= tds.DoneError
	}
	if r.c.inTx {
		d.Status |= tds.DoneInxact
	}
	r.pending, r.hasPend, r.cols, r.curCmd, r.errorSinceDn = d, true, nil, tds.CmdNone, false
	return r.err
}

// Message sends an INFO or ERROR token.
func (r *response) Message(m *backend.Message) error {
	if err := r.check(); err != nil {
		return err
	}
	r.flushPending(true)
	r.writeMessage(m)
	return r.err
}

func (r *response) writeMessage(m *backend.Message) {
	sm := tds.ServerMessage{Number: m.Number, State: m.State, Class: m.Class, Text: m.Text,
		Server: m.Server, Procedure: m.Procedure, Line: m.Line}
	if sm.Server == "" {
		sm.Server = r.c.srv.cfg.ServerName
	}
	if sm.Class > 10 {
		r.errorInCall, r.errorSinceDn = true, true
	}
	r.buf = tds.AppendMessage(r.buf[:0], sm)
	r.write(r.buf)
}

// ReturnStatus sends RETURNSTATUS.
func (r *response) ReturnStatus(status int32) error {
	if err := r.check(); err != nil {
		return err
	}
	r.flushPending(true)
	r.sentStatus = true
	r.buf = tds.AppendReturnStatus(r.buf[:0], status)
	r.write(r.buf)
	return r.err
}

// ReturnValue sends RETURNVALUE for an OUTPUT parameter. SQL Server sends
// RETURNSTATUS first, so one with status 0 is sent if the engine has not.
func (r *response) ReturnValue(p backend.Param) error {
	if err := r.check(); err != nil {
		return err
	}
	if !r.sentStatus {
		if err := r.ReturnStatus(0); err != nil {
			return err
		}
	}
	ti, err := tds.ForType(p.Type, true, nil)
	if err != nil {
		return err
	}
	buf, err := tds.AppendReturnValue(r.buf[:0], tds.ReturnValue{
		Ordinal: r.ordinal(p.Name), Name: p.Name, Info: ti, Value: p.Value})
	r.buf = buf
	if err != nil {
		return err
	}
	r.write(r.buf)
	return r.err
}

// ordinal is the 0-based position of the parameter in the call: the one
// with that name, or for an unnamed one the next OUTPUT parameter.
func (r *response) ordinal(name string) uint16 {
	if r.call == nil {
		return 0
	}
	for i, p := range r.call.Params {
		if name != "" && strings.EqualFold(p.Name, name) {
			return uint16(i)
		}
		if name == "" && p.Output && i >= r.nextOut {
			r.nextOut = i + 1
			return uint16(i)
		}
	}
	return 0
}

// EnvChange reports a session change.
func (r *response) EnvChange(e backend.EnvChange) error {
	if err := r.check(); err != nil {
		return err
	}
	r.flushPending(true)
	buf, err := appendEnvChange(r.buf[:0], e)
	if err != nil {
		return err
	}
	r.buf = buf
	r.c.trackEnv(e)
	r.write(r.buf)
	return r.err
}

func appendEnvChange(dst []byte, e backend.EnvChange) ([]byte, error) {
	switch e.Kind {
	case backend.EnvDatabase, backend.EnvLanguage:
		return tds.AppendEnvString(dst, byte(e.Kind), e.New, e.Old), nil
	case backend.EnvBeginTx:
		return tds.AppendEnvBytes(dst, tds.EnvBeginTx, tds.TxDescriptor(e.NewTx), nil), nil
	case backend.EnvCommitTx, backend.EnvRollbackTx, backend.EnvTxEnded:
		return tds.AppendEnvBytes(dst, byte(e.Kind), nil, tds.TxDescriptor(e.OldTx)), nil
	case backend.EnvResetConnAck:
		return tds.AppendEnvBytes(dst, tds.EnvResetConnAck, nil, nil), nil
	}
	return dst, fmt.Errorf("tdsserver: unsupported ENVCHANGE type %d", e.Kind)
}
