package session_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// decodePlain turns a plain batch back into Go values: int64, float64,
// string, []byte, bool or nil.
func decodePlain(t *testing.T, b []byte, n int) [][]any {
	t.Helper()
	r := &reader{b: b}
	nrows, ncols := int(r.u32()), int(r.u32())
	require.Equal(t, n, nrows)
	out := make([][]any, nrows)
	for i := range out {
		out[i] = make([]any, ncols)
		for j := range out[i] {
			out[i][j] = r.cell()
		}
	}
	require.Equal(t, len(b), r.pos, "trailing bytes")
	return out
}

type reader struct {
	b   []byte
	pos int
}

func (r *reader) u32() uint32 {
	v := binary.LittleEndian.Uint32(r.b[r.pos:])
	r.pos += 4
	return v
}

func (r *reader) u64() uint64 {
	v := binary.LittleEndian.Uint64(r.b[r.pos:])
	r.pos += 8
	return v
}

func (r *reader) bytes() []byte {
	n := int(r.u32())
	v := r.b[r.pos : r.pos+n]
	r.pos += n
	return v
}

func (r *reader) cell() any {
	tag := r.b[r.pos]
	r.pos++
	switch tag {
	case rowenc.TagInt:
		return int64(r.u64())
	case rowenc.TagFloat:
		return math.Float64frombits(r.u64())
	case rowenc.TagText:
		return string(r.bytes())
	case rowenc.TagBinary:
		return append([]byte{}, r.bytes()...)
	case rowenc.TagBool:
		r.pos++
		return r.b[r.pos-1] == 1
	}
	return nil
}
