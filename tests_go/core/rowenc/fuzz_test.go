package rowenc_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pickletest"
)

var dbTypes = []string{"INT", "BIGINT", "BIT", "FLOAT", "REAL", "DECIMAL", "MONEY", "NVARCHAR", "VARCHAR",
	"VARBINARY", "DATE", "TIME", "DATETIME", "DATETIME2", "DATETIMEOFFSET", "UNIQUEIDENTIFIER", "SQL_VARIANT",
	"XML", "GEOGRAPHY", "NTEXT", "IMAGE"}

// source turns fuzz bytes into choices.
type source struct {
	b []byte
}

func (s *source) byte() byte {
	if len(s.b) == 0 {
		return 0
	}
	c := s.b[0]
	s.b = s.b[1:]
	return c
}

func (s *source) bytes() []byte {
	n := int(s.byte())
	if n > len(s.b) {
		n = len(s.b)
	}
	out := s.b[:n]
	s.b = s.b[n:]
	return out
}

func (s *source) u64() uint64 {
	var buf [8]byte
	for i := range buf {
		buf[i] = s.byte()
	}
	return binary.LittleEndian.Uint64(buf[:])
}

// value returns a value of any Go type go-mssqldb could produce (and some
// it never would), whatever the column.
func (s *source) value() any {
	switch s.byte() % 12 {
	case 0:
		return nil
	case 1:
		return int64(s.u64())
	case 2:
		return math.Float64frombits(s.u64())
	case 3:
		return s.byte()&1 == 1
	case 4:
		return string(s.bytes())
	case 5:
		return s.bytes()
	case 6:
		sec := int64(s.u64() % (400_000 * 86400 * 365))
		return time.Unix(sec-62135596800-100*86400*365, int64(s.u64()%1e9)).In(time.FixedZone("", int(int32(s.u64()))%200000))
	case 7:
		return time.Unix(int64(s.u64()%(1<<40)), 0).UTC()
	case 8:
		b := make([]byte, 16)
		copy(b, s.bytes())
		return b
	case 9:
		return []int{1, 2}
	case 10:
		return float32(math.Float32frombits(uint32(s.u64())))
	default:
		return int32(s.u64())
	}
}

func FuzzEncoder(f *testing.F) {
	f.Add([]byte{3, 1, 2, 3, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("\x05\x06\x07\x08\x09\x0a\x0bhello world, this is fuzz input with many bytes"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &source{b: data}
		ncols := int(s.byte()%12) + 1
		cols := make([]rowenc.Column, ncols)
		for i := range cols {
			cols[i] = rowenc.NewColumn(rowenc.Meta{Name: string(s.bytes()), DatabaseType: dbTypes[int(s.byte())%len(dbTypes)],
				Length: int64(s.byte()), HasLength: true, Precision: int64(s.byte() % 39), Scale: int64(s.byte() % 8)})
		}
		opts := rowenc.Options{Format: rowenc.FormatPickle, Tuples: s.byte()&1 == 1, UUIDStr: s.byte()&1 == 1}
		e := rowenc.NewEncoder(cols, opts)
		e.Begin()
		nrows := int(s.byte() % 8)
		for r := 0; r < nrows; r++ {
			row := make([]any, ncols)
			for i := range row {
				row[i] = s.value()
			}
			e.Add(values(row))
		}
		if _, err := pickletest.Walk(e.Finish()); err != nil {
			t.Fatalf("rows: %v", err)
		}
		d := rowenc.Description{HasColumns: true, Columns: cols, Messages: []rowenc.Message{{Message: string(s.bytes())}},
			Outputs: []rowenc.Output{{Name: string(s.bytes()), Value: s.value(), Kind: cols[0].Kind}}}
		if _, err := pickletest.Walk(d.Encode(opts)); err != nil {
			t.Fatalf("description: %v", err)
		}
	})
}

// TestRandomStreamsLoadInPython checks that what the fuzz target produces
// is not only well formed but loads in CPython.
func TestRandomStreamsLoadInPython(t *testing.T) {
	var streams [][]byte
	seed := uint64(12345)
	for n := 0; n < 300; n++ {
		data := make([]byte, 400)
		for i := range data {
			seed = seed*6364136223846793005 + 1442695040888963407
			data[i] = byte(seed >> 56)
		}
		s := &source{b: data}
		ncols := int(s.byte()%6) + 1
		cols := make([]rowenc.Column, ncols)
		for i := range cols {
			cols[i] = rowenc.NewColumn(rowenc.Meta{DatabaseType: dbTypes[int(s.byte())%len(dbTypes)]})
		}
		e := rowenc.NewEncoder(cols, rowenc.Options{Format: rowenc.FormatPickle, Tuples: n%2 == 0, UUIDStr: n%3 == 0})
		e.Begin()
		for r := 0; r < 3; r++ {
			row := make([]any, ncols)
			for i := range row {
				row[i] = s.value()
			}
			e.Add(values(row))
		}
		streams = append(streams, e.Finish())
	}
	for i, out := range pickletest.Python(t, streams...) {
		if len(out) >= 5 && out[:5] == "ERROR" {
			t.Errorf("stream %d: %s", i, out)
		}
	}
}
