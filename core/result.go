package core

import (
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
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
	tcols []tds.Column
	count int64 // rows affected; for a result set, its row count once read
	err   error // an error result, or the error that ended the rows
	msgs  []rowenc.Message

	// result sets
	rowsDone bool             // the rows and their statement's DONE were read
	trailing []rowenc.Message // messages after the rows
	fetched  int64            // rows handed to the caller
	enc      *rowenc.Encoder
	batch    []byte // a batch WaitRows decoded, for the next Fetch
	batchN   int
	want     batchWant // what the last pending Fetch asked for
}

// batchWant is the format and size of the batch a Fetch asked for.
type batchWant struct {
	opts     rowenc.Options
	maxRows  int
	maxBytes int
}

func newRowsResult(cols []tds.Column) *result {
	return &result{kind: resultRows, tcols: cols, cols: describeColumns(cols), count: -1}
}

// encoder returns the result's encoder for a format, made once per
// options.
func (res *result) encoder(opts rowenc.Options) *rowenc.Encoder {
	if res.enc == nil || res.enc.Options() != opts {
		res.enc = rowenc.NewEncoder(res.cols, opts)
	}
	return res.enc
}
