package tdsserver

import (
	"context"
	"errors"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// beginCall starts one procedure call of an RPC message.
func (r *response) beginCall(call *backend.RPCCall) {
	r.inProc, r.call = true, call
	r.sentStatus, r.errorInCall, r.nextOut = false, false, 0
}

// endCall closes a procedure call with RETURNSTATUS (when the engine sent
// none and reported no error) and DONEPROC.
func (r *response) endCall(moreCalls bool) {
	r.flushPending(true)
	if !r.sentStatus && !r.errorInCall {
		r.buf = tds.AppendReturnStatus(r.buf[:0], 0)
		r.write(r.buf)
	}
	d := tds.Done{Token: tds.TokenDoneProc}
	if r.errorInCall {
		d.Status |= tds.DoneError
	}
	if r.c.inTx {
		d.Status |= tds.DoneInxact
	}
	if moreCalls {
		d.Status |= tds.DoneMore
	}
	r.buf = tds.AppendDone(r.buf[:0], d)
	r.write(r.buf)
	r.call = nil
}

// endBatch closes a batch-like request (SQL batch, transaction manager
// request, bulk load): the held-back DONE becomes the final one, or a
// final DONE is sent when the engine's last token was not a DONE.
func (r *response) endBatch() {
	if r.hasPend && !r.errorSinceDn {
		r.flushPending(false)
		return
	}
	r.flushPending(true)
	d := tds.Done{Token: tds.TokenDone}
	if r.errorSinceDn {
		d.Status |= tds.DoneError
	}
	if r.c.inTx {
		d.Status |= tds.DoneInxact
	}
	r.buf = tds.AppendDone(r.buf[:0], d)
	r.write(r.buf)
}

// endAttention acknowledges an ATTENTION: whatever was sent, the response
// ends with DONE + DONE_ATTN (MS-TDS 2.2.1.7).
func (r *response) endAttention() {
	r.flushPending(true)
	r.buf = tds.AppendDone(r.buf[:0], tds.Done{Token: tds.TokenDone, Status: tds.DoneAttn})
	r.write(r.buf)
}

// reportFailure turns an engine error into tokens. A *backend.Message is
// reported in-band and the session continues (fatal is false); any other
// error ends the connection after a severity-20 error, as SQL Server does
// for a failure it cannot recover from.
func (r *response) reportFailure(err error) (fatal bool) {
	var m *backend.Message
	if errors.As(err, &m) {
		r.flushPending(true)
		r.writeMessage(m)
		return false
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	r.flushPending(true)
	r.writeMessage(&backend.Message{Number: 0, State: 1, Class: 20,
		Text: "A severe error occurred on the current command. The results, if any, should be discarded. (" + err.Error() + ")"})
	r.buf = tds.AppendDone(r.buf[:0], tds.Done{Token: tds.TokenDone, Status: tds.DoneError | tds.DoneSrvError})
	r.write(r.buf)
	return true
}

// resetResults receives what Session.Reset reports: messages and
// environment changes pass through; the reset acknowledgement itself is
// sent by the front end.
type resetResults struct{ *response }

func (rr resetResults) EnvChange(e backend.EnvChange) error {
	if e.Kind == backend.EnvResetConnAck {
		return nil
	}
	return rr.response.EnvChange(e)
}

// Columns, Row and Done have no place in a reset; they are dropped.
func (rr resetResults) Columns([]sqltype.Column) error { return nil }
func (rr resetResults) Row([]any) error                { return nil }
func (rr resetResults) Done(int64, bool, bool) error   { return nil }
