package core

import (
	"context"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// FetchStatus says what Fetch returned.
type FetchStatus int

// Fetch outcomes.
const (
	FetchRows    FetchStatus = iota // a batch of rows
	FetchPending                    // no row is ready yet: WaitRows, then Fetch again
	FetchEnd                        // the result set has no more rows (or there is none)
	FetchError                      // the server failed mid-result
)

// Fetch returns up to maxRows rows (and about maxBytes; 0: 256 KiB) of
// the current result set, encoded, without waiting for the server: the
// batch WaitRows decoded, or the rows that have arrived, decoded now from
// the wire straight into the batch. FetchPending means none has arrived:
// WaitRows then decodes a batch of this format and size, and the next
// Fetch returns it.
func (st *Statement) Fetch(opts rowenc.Options, maxRows, maxBytes int) ([]byte, int, FetchStatus, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	cur, r := st.cur, st.req
	if cur == nil || cur.kind != resultRows {
		return nil, 0, FetchEnd, nil
	}
	want := batchWant{opts: opts, maxRows: max(1, maxRows), maxBytes: maxBytes}
	if want.maxBytes <= 0 {
		want.maxBytes = 256 << 10
	}
	if cur.batch != nil && cur.want.opts == opts {
		b, n := cur.batch, cur.batchN
		cur.batch, cur.batchN = nil, 0
		return b, n, FetchRows, nil
	}
	if !cur.rowsDone && r != nil && r.rowset == cur && r.resp.Buffered() {
		cur.want = want
		if b, n := r.decodeBatch(cur, true); n > 0 {
			cur.fetched += int64(n)
			return b, n, FetchRows, nil
		}
	}
	if cur.rowsDone || r == nil || r.rowset != cur {
		status, err := st.endOfRows(cur, r)
		return nil, 0, status, err
	}
	cur.want = want
	return nil, 0, FetchPending, nil
}

// endOfRows reports the end of a result set's rows, or their error once.
func (st *Statement) endOfRows(cur *result, r *request) (FetchStatus, error) {
	if !cur.rowsDone { // the request was discarded meanwhile
		cur.rowsDone = true
		if cur.err == nil && r != nil {
			cur.err = r.fatal
		}
	}
	st.messages = append(st.messages, cur.trailing...)
	cur.trailing = nil
	if cur.err != nil && !st.reported {
		st.reported = true
		return FetchError, cur.err
	}
	return FetchEnd, nil
}

// WaitRows waits until Fetch has something to return, under the query
// timeout: it decodes the batch the last pending Fetch asked for (or
// reaches the end of the rows, or their error), straight from the wire
// into the batch; without a pending Fetch it waits for rows to arrive.
func (st *Statement) WaitRows(ctx context.Context) error {
	st.mu.Lock()
	cur, r := st.cur, st.req
	st.mu.Unlock()
	if cur == nil || cur.kind != resultRows || cur.batch != nil || cur.rowsDone || r == nil || r.rowset != cur {
		return nil
	}
	defer st.arm(r)()
	defer r.watch(ctx)()
	if cur.want.maxRows == 0 {
		if err := r.resp.Wait(); err != nil {
			r.end(err)
			r.rowsetEnd(cur, nil)
		}
		return nil
	}
	b, n := r.decodeBatch(cur, false)
	st.mu.Lock()
	cur.batch, cur.batchN = b, n
	cur.fetched += int64(n)
	st.mu.Unlock()
	return nil
}

// decodeBatch reads rows into a new batch up to the size asked for; with
// buffered, only rows that have arrived.
func (r *request) decodeBatch(res *result, buffered bool) ([]byte, int) {
	want := res.want
	enc := res.encoder(want.opts)
	enc.Begin()
	sink := newBatchSink(enc, len(res.tcols))
	for enc.Rows() < want.maxRows && (enc.Rows() == 0 || enc.Size() < want.maxBytes) {
		stride := r.stride(enc, want)
		if got, done := r.readRows(res, sink, stride, buffered); done || got < stride {
			break
		}
	}
	r.checkRowsEnd(res, false) // frees the wire after the last row
	r.lookAhead(false)
	if enc.Rows() == 0 {
		enc.Finish()
		return nil, 0
	}
	n := enc.Rows()
	return enc.Finish(), n
}

// stride is how many rows to decode before checking the batch size again:
// one at first, then as many as the room left holds at the average size
// so far (at most 256).
func (r *request) stride(enc *rowenc.Encoder, want batchWant) int {
	rows := enc.Rows()
	left := want.maxRows - rows
	if rows == 0 {
		return 1
	}
	avg := max(1, enc.Size()/rows)
	room := (want.maxBytes - enc.Size()) / avg
	return max(1, min(left, room, 256))
}
