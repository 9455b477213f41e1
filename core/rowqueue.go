package core

import (
	"database/sql/driver"
	"sync"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// rowQueue holds rows decoded ahead of the caller. The producer (the
// request's goroutine) blocks while more than budget bytes wait, so memory
// stays bounded however large the result; a single row larger than the
// budget still passes.
type rowQueue struct {
	mu      sync.Mutex
	chunks  [][][]driver.Value
	bytes   int
	budget  int
	ended   bool             // no more rows will come
	err     error            // the result set ended with this error
	msgs    []rowenc.Message // messages that followed the rows
	space   chan struct{}
	arrived chan struct{}
	taken   int64 // rows handed to the caller
}

func newRowQueue(budget int) *rowQueue {
	return &rowQueue{budget: budget, space: make(chan struct{}, 1), arrived: make(chan struct{}, 1)}
}

func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// full reports whether the producer should wait.
func (q *rowQueue) full() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bytes >= q.budget && len(q.chunks) > 0
}

// push adds a chunk of rows of about size bytes.
func (q *rowQueue) push(rows [][]driver.Value, size int) {
	q.mu.Lock()
	q.chunks = append(q.chunks, rows)
	q.bytes += size
	q.mu.Unlock()
	notify(q.arrived)
}

// end marks the end of the rows (err nil) or a failure after them, with
// the messages that followed them.
func (q *rowQueue) end(err error, msgs []rowenc.Message) {
	q.mu.Lock()
	q.ended, q.err, q.msgs = true, err, msgs
	q.mu.Unlock()
	notify(q.arrived)
}

// pop takes up to maxRows rows (at least one chunk's worth is split as
// needed) of at most about maxBytes, without waiting. state tells why it
// returned nothing: rows may come later, the rows ended, or an error.
func (q *rowQueue) pop(maxRows int, maxBytes int, sizeOf func([]driver.Value) int) (rows [][]driver.Value, ended bool, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	size := 0
	for len(q.chunks) > 0 && len(rows) < maxRows && (size < maxBytes || len(rows) == 0) {
		chunk := q.chunks[0]
		n := 0
		for n < len(chunk) && len(rows) < maxRows && (size < maxBytes || len(rows) == 0) {
			s := sizeOf(chunk[n])
			size += s
			q.bytes -= s
			rows = append(rows, chunk[n])
			n++
		}
		if n == len(chunk) {
			q.chunks[0] = nil
			q.chunks = q.chunks[1:]
		} else {
			q.chunks[0] = chunk[n:]
		}
	}
	q.taken += int64(len(rows))
	if len(rows) > 0 {
		notify(q.space)
		return rows, false, nil
	}
	return nil, q.ended, q.err
}

// trailing takes the messages that followed the rows, once they ended.
func (q *rowQueue) trailing() []rowenc.Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.ended {
		return nil
	}
	m := q.msgs
	q.msgs = nil
	return m
}

// ready reports whether pop would return something other than "later".
func (q *rowQueue) ready() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.chunks) > 0 || q.ended
}

// fetched is the number of rows handed to the caller.
func (q *rowQueue) fetched() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.taken
}

// valueSize estimates the memory of a row.
func rowSize(row []driver.Value) int {
	n := 16 * len(row)
	for _, v := range row {
		switch x := v.(type) {
		case string:
			n += len(x)
		case []byte:
			n += len(x)
		}
	}
	return n
}
