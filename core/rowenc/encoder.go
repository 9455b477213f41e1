package rowenc

import (
	"database/sql/driver"
	"encoding/binary"
)

// Format is a wire format of batches and descriptions.
type Format int

// The formats of the C ABI (MSSQL_FORMAT_*).
const (
	FormatPickle Format = 1
	FormatPlain  Format = 2
)

// Options choose a batch's format and value mapping.
type Options struct {
	Format  Format
	Tuples  bool // pickle: plain tuples instead of mssql_python._Row
	UUIDStr bool // uniqueidentifier as an upper-case str
}

// Encoder writes batches of rows of one result set, with the codec of
// each column chosen once.
type Encoder struct {
	cols   []Column
	codecs []pickleCodec
	opts   Options
	p      Pickler
	plain  PlainWriter
	rows   int
	hint   int
	col    int // cells written in the current row (typed cells)
	large  int // offset of the open large value's length field, or -1
	// largeBinary tells whether the open large value is bytes.
	largeBinary bool
}

// NewEncoder prepares the codecs of a result's columns.
func NewEncoder(cols []Column, opts Options) *Encoder {
	e := &Encoder{cols: cols, opts: opts, codecs: make([]pickleCodec, len(cols)), hint: 4096, large: -1}
	for i, c := range cols {
		e.codecs[i] = pickleCodecs[c.Kind]
	}
	return e
}

// Options returns the encoder's options.
func (e *Encoder) Options() Options { return e.opts }

// Begin starts a batch in a fresh buffer.
func (e *Encoder) Begin() {
	e.rows = 0
	if e.opts.Format == FormatPlain {
		e.plain.buf = make([]byte, 8, e.hint)
		binary.LittleEndian.PutUint32(e.plain.buf[4:], uint32(len(e.cols)))
		return
	}
	e.p.buf = make([]byte, 0, e.hint)
	e.p.Reset()
	e.p.EmptyList()
	e.p.Mark()
}

// Add encodes one row; row holds one value per column (nil for NULL).
func (e *Encoder) Add(row []driver.Value) {
	e.rows++
	if e.opts.Format == FormatPlain {
		for i, v := range row {
			e.plain.Cell(v, e.cols[i].Kind, int(e.cols[i].Scale))
		}
		return
	}
	p := &e.p
	if !e.opts.Tuples {
		p.Global(GlobalRow)
	}
	if len(row) > 3 {
		p.Mark()
	}
	for i, v := range row {
		if v == nil {
			p.None()
			continue
		}
		e.codecs[i](p, v, &e.opts)
	}
	p.Tuple(len(row))
	if !e.opts.Tuples {
		p.Tuple(1)
		p.NewObj()
	}
}

// Rows is the number of rows in the current batch.
func (e *Encoder) Rows() int { return e.rows }

// Size is the number of bytes in the current batch.
func (e *Encoder) Size() int {
	if e.opts.Format == FormatPlain {
		return len(e.plain.buf)
	}
	return e.p.Len()
}

// Finish ends the batch and returns it; the buffer belongs to the caller.
func (e *Encoder) Finish() []byte {
	var out []byte
	if e.opts.Format == FormatPlain {
		binary.LittleEndian.PutUint32(e.plain.buf, uint32(e.rows))
		out, e.plain.buf = e.plain.buf, nil
	} else {
		e.p.Appends()
		out = e.p.Finish()
		e.p.buf = nil
	}
	if n := len(out) + len(out)/8; n > e.hint && n < 1<<20 {
		e.hint = n
	}
	return out
}
