package core

import (
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// batchSink writes the values the tds decoder reads straight into a row
// batch: no value is boxed or queued. The first column starts a row, the
// last ends it.
type batchSink struct {
	enc  *rowenc.Encoder
	last int // index of the last column
	dec  []byte
}

func newBatchSink(enc *rowenc.Encoder, ncols int) *batchSink {
	return &batchSink{enc: enc, last: ncols - 1, dec: make([]byte, 0, 48)}
}

func (b *batchSink) begin(col int) {
	if col == 0 {
		b.enc.BeginRow()
	}
}

func (b *batchSink) end(col int) {
	if col == b.last {
		b.enc.EndRow()
	}
}

func (b *batchSink) Null(col int) {
	b.begin(col)
	b.enc.Null()
	b.end(col)
}

func (b *batchSink) Int(col int, v int64) {
	b.begin(col)
	b.enc.Int(v)
	b.end(col)
}

func (b *batchSink) Bool(col int, v bool) {
	b.begin(col)
	b.enc.Bool(v)
	b.end(col)
}

func (b *batchSink) Float(col int, v float64) {
	b.begin(col)
	b.enc.Float(v)
	b.end(col)
}

func (b *batchSink) Decimal(col int, v tds.Decimal) {
	b.begin(col)
	b.dec = v.AppendText(b.dec[:0])
	b.enc.Decimal(b.dec)
	b.end(col)
}

func (b *batchSink) Text(col int, v []byte) {
	b.begin(col)
	b.enc.Text(v)
	b.end(col)
}

func (b *batchSink) Binary(col int, v []byte) {
	b.begin(col)
	b.enc.Binary(v)
	b.end(col)
}

func (b *batchSink) GUID(col int, v [16]byte) {
	b.begin(col)
	b.enc.GUID(&v)
	b.end(col)
}

func (b *batchSink) DateTime(col int, v tds.DateTime) {
	b.begin(col)
	y, mo, d := v.Date()
	h, mi, s, ns := v.Clock()
	switch v.Kind {
	case tds.KindDate:
		b.enc.Date(y, mo, d)
	case tds.KindTime:
		b.enc.Time(h, mi, s, ns)
	case tds.KindDateTimeOffset:
		b.enc.DateTimeOffset(y, mo, d, h, mi, s, ns, int(v.Offset))
	default:
		b.enc.DateTime(y, mo, d, h, mi, s, ns)
	}
	b.end(col)
}

func (b *batchSink) BeginLarge(col int, binary bool, _ int64) {
	b.begin(col)
	b.enc.BeginLarge(binary)
}

func (b *batchSink) LargeChunk(_ int, v []byte) { b.enc.LargeChunk(v) }

func (b *batchSink) EndLarge(col int) {
	b.enc.EndLarge()
	b.end(col)
}
