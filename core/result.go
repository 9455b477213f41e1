package core

import (
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// resultKind tells what a result is.
type resultKind int

const (
	resultRows  resultKind = iota + 1 // a result set
	resultCount                       // the row count of a statement without a result set
	resultError                       // a statement failed; later results may follow
)

// result is one position of SQLMoreResults: a result set, a row count or
// an error.
type result struct {
	kind  resultKind
	cols  []rowenc.Column
	queue *rowQueue
	count int64 // rows affected; for a result set, its row count once read
	err   error
	skip  chan struct{} // closed when the caller leaves the result set early
	enc   *rowenc.Encoder
	msgs  []rowenc.Message // messages received before this result
}

func newRowsResult(cols []rowenc.Column) *result {
	return &result{kind: resultRows, cols: cols, queue: newRowQueue(queueBudget), count: -1, skip: make(chan struct{})}
}

// queueBudget bounds the bytes of rows decoded ahead of the caller.
const queueBudget = 1 << 20

// chunkRows and chunkBytes bound one chunk of decoded rows.
const (
	chunkRows  = 512
	chunkBytes = 256 << 10
)
