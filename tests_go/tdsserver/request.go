package tdsserver

import (
	"context"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// handle serves one client message; false ends the connection.
func (c *conn) handle(msg *tds.Message) bool {
	switch msg.Type {
	case tds.PacketAttention:
		return c.ackIdleAttention()
	case tds.PacketSQLBatch, tds.PacketRPC, tds.PacketTransaction, tds.PacketBulkLoad:
		return c.execute(msg)
	}
	c.log.Info("unexpected packet type after login; closing", "type", msg.Type)
	return false
}

// ackIdleAttention acknowledges an ATTENTION that arrived after the
// response had completed (MS-TDS 3.3.5.9): a DONE with DONE_ATTN.
func (c *conn) ackIdleAttention() bool {
	c.w.Begin(tds.PacketReply)
	r := c.newResponse(c.ctx)
	r.endAttention()
	return r.err == nil && c.w.End() == nil
}

// execute runs a request and sends its whole response.
func (c *conn) execute(msg *tds.Message) bool {
	c.w.Begin(tds.PacketReply)
	if msg.Ignored { // the client abandoned the message
		r := c.newResponse(c.ctx)
		r.endBatch()
		return c.w.End() == nil
	}
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	c.beginRequest(cancel)
	r := c.newResponse(ctx)
	fatal := c.dispatch(ctx, msg, r)
	switch {
	case c.endRequest():
		r.endAttention()
	case !fatal && msg.Type != tds.PacketRPC: // RPC calls end with their own DONEPROC
		r.endBatch()
	}
	if err := c.w.End(); err != nil || r.err != nil {
		return false
	}
	return !fatal
}

// dispatch runs the request; it reports whether the connection must end.
func (c *conn) dispatch(ctx context.Context, msg *tds.Message, r *response) (fatal bool) {
	if !c.applyDelay(ctx) {
		return false
	}
	if reset, keepTx := msg.ResetConnection(); reset && msg.Type != tds.PacketBulkLoad {
		if fatal := c.resetSession(keepTx, r); fatal {
			return true
		}
	}
	switch msg.Type {
	case tds.PacketSQLBatch:
		return c.runBatch(ctx, msg.Data, r)
	case tds.PacketRPC:
		return c.runRPC(ctx, msg.Data, r)
	case tds.PacketTransaction:
		return c.runTransaction(ctx, msg.Data, r)
	}
	return c.runBulkLoad(ctx, msg.Data, r)
}

// applyDelay waits out a SetResponseDelay fault; false if cancelled.
func (c *conn) applyDelay(ctx context.Context) bool {
	d := c.srv.faults.delay(c.spid)
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// resetSession handles the RESETCONNECTION bits: the session is reset as
// sp_reset_connection does and the reset acknowledged with ENVCHANGE 18
// before the request's own results.
func (c *conn) resetSession(keepTx bool, r *response) (fatal bool) {
	if err := r.EnvChange(backend.EnvChange{Kind: backend.EnvResetConnAck}); err != nil {
		return true
	}
	if err := c.sess.Reset(keepTx, resetResults{r}); err != nil {
		return r.reportFailure(err)
	}
	c.log.Debug("session reset", "keep_tx", keepTx)
	return false
}

// finishEngineCall turns a Session method's error into tokens.
func (r *response) finishEngineCall(err error) (fatal bool) {
	if err == nil || r.ctx.Err() != nil {
		return false
	}
	return r.reportFailure(err)
}

// protocolError reports a request the server could read but not accept;
// the session continues.
func (r *response) protocolError(number int32, text string) bool {
	r.flushPending(true)
	r.writeMessage(&backend.Message{Number: number, State: 1, Class: 16, Text: text})
	return false
}

func (c *conn) runBatch(ctx context.Context, data []byte, r *response) bool {
	b, err := tds.ParseSQLBatch(data)
	if err != nil {
		return r.protocolError(4002, "The incoming tabular data stream (TDS) protocol stream is incorrect: "+err.Error())
	}
	return r.finishEngineCall(c.sess.Batch(ctx, b.Text, r))
}

func (c *conn) runRPC(ctx context.Context, data []byte, r *response) bool {
	m, err := tds.ParseRPC(data)
	if err != nil {
		r.protocolError(8009, "The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is incorrect: "+err.Error())
		r.buf = tds.AppendDone(r.buf[:0], tds.Done{Token: tds.TokenDoneProc, Status: tds.DoneError})
		r.write(r.buf)
		return false
	}
	for i := range m.Calls {
		call := toBackendCall(&m.Calls[i])
		r.beginCall(&call)
		if fatal := r.finishEngineCall(c.sess.RPC(ctx, call, r)); fatal {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		r.endCall(i < len(m.Calls)-1)
	}
	return false
}

func toBackendCall(req *tds.RPCRequest) backend.RPCCall {
	call := backend.RPCCall{Name: req.Name, Params: make([]backend.Param, len(req.Params))}
	for i, p := range req.Params {
		call.Params[i] = backend.Param{Name: p.Name, Type: p.Info.Type, Value: p.Value, Output: p.Output}
	}
	return call
}

var tmKinds = map[uint16]backend.TxKind{
	tds.TMBeginXact: backend.TxBegin, tds.TMCommitXact: backend.TxCommit,
	tds.TMRollbackXact: backend.TxRollback, tds.TMSaveXact: backend.TxSave,
}

var tmNames = map[uint16]string{
	tds.TMGetDTCAddress: "TM_GET_DTC_ADDRESS", tds.TMPropagateXact: "TM_PROPAGATE_XACT",
	tds.TMPromoteXact: "TM_PROMOTE_XACT",
}

func (c *conn) runTransaction(ctx context.Context, data []byte, r *response) bool {
	req, err := tds.ParseTMRequest(data)
	if err != nil {
		return r.protocolError(4002, "The incoming tabular data stream (TDS) transaction manager request is incorrect: "+err.Error())
	}
	kind, ok := tmKinds[req.Type]
	if !ok {
		name := tmNames[req.Type]
		if name == "" {
			name = "unknown"
		}
		return r.protocolError(8509, "Transaction manager request "+name+" is not supported by this test server (no distributed transactions).")
	}
	tx := backend.TxRequest{Kind: kind, Name: req.Name, Isolation: int(req.Isolation), BeginNew: req.BeginNew}
	if req.BeginNew {
		tx.Isolation = int(req.NewIsolation)
	}
	return r.finishEngineCall(c.sess.Transaction(ctx, tx, r))
}

func (c *conn) runBulkLoad(ctx context.Context, data []byte, r *response) bool {
	if c.sess.State().PendingBulk == nil {
		return r.protocolError(4804, "Bulk load data was received without a preceding INSERT BULK statement.")
	}
	bl, err := tds.ParseBulkLoad(data)
	if err != nil {
		return r.protocolError(4815, "Received an invalid bulk load stream from the bcp client: "+err.Error())
	}
	return r.finishEngineCall(c.sess.BulkLoad(ctx, bl.Columns, bl.Rows, r))
}
