// Package pbuf builds parameter buffers (docs/formats.md §1) for tests, the
// way the Python package packs them.
package pbuf

import (
	"encoding/binary"
	"math"

	"github.com/mssql-python-go/mssql-python-go/core/params"
)

// Col is one column to pack: its header fields and one value per row
// (nil for NULL). Values by type: int64 for integers, float64, bool,
// string for text and decimals, []byte for binaries, Date, Time,
// DateTime, DTO and [16]byte.
type Col struct {
	Type      params.Type
	Output    bool
	Fixed     bool
	Name      string
	Size      int32
	Precision uint8
	Scale     uint8
	Values    []any
}

// Date is a DATE slot.
type Date struct {
	Year       uint16
	Month, Day uint8
}

// Time is a TIME slot.
type Time struct {
	Hour, Minute, Second uint8
	Nanosecond           uint32
}

// DateTime is a DATE + TIME slot.
type DateTime struct {
	Date
	Time
}

// DTO is a DATETIMEOFFSET slot: local wall clock and offset in minutes.
type DTO struct {
	DateTime
	Offset int16
}

// Build packs columns with nrows rows (each column must have nrows values).
func Build(nrows int, cols ...Col) []byte {
	b := []byte("MQP1")
	b = binary.LittleEndian.AppendUint32(b, uint32(len(cols)))
	b = binary.LittleEndian.AppendUint32(b, uint32(nrows))
	for _, c := range cols {
		b = appendCol(b, c, nrows)
	}
	return b
}

// One packs one row of columns, each given with a single value.
func One(cols ...Col) []byte { return Build(1, cols...) }

// V makes a one-value column.
func V(t params.Type, v any) Col { return Col{Type: t, Values: []any{v}} }

func appendCol(b []byte, c Col, nrows int) []byte {
	flags := byte(0)
	if c.Output {
		flags |= 1
	}
	if c.Fixed {
		flags |= 2
	}
	b = append(b, byte(c.Type), flags)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(c.Name)))
	b = append(b, c.Name...)
	b = binary.LittleEndian.AppendUint32(b, uint32(c.Size))
	b = append(b, c.Precision, c.Scale)
	hasNulls := false
	for i := 0; i < nrows; i++ {
		if value(c, i) == nil {
			hasNulls = true
		}
	}
	if hasNulls {
		b = append(b, 1)
		for i := 0; i < nrows; i++ {
			if value(c, i) == nil {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
	} else {
		b = append(b, 0)
	}
	if c.Type.IsVariable() {
		return appendVariable(b, c, nrows)
	}
	for i := 0; i < nrows; i++ {
		b = appendFixed(b, c.Type, value(c, i))
	}
	return b
}

func value(c Col, i int) any {
	if c.Type == params.Null || i >= len(c.Values) {
		return nil
	}
	return c.Values[i]
}

func appendVariable(b []byte, c Col, nrows int) []byte {
	var data []byte
	for i := 0; i < nrows; i++ {
		var v []byte
		switch x := value(c, i).(type) {
		case string:
			v = []byte(x)
		case []byte:
			v = x
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
		data = append(data, v...)
	}
	return append(b, data...)
}

func appendFixed(b []byte, t params.Type, v any) []byte {
	switch t {
	case params.Null:
		return b
	case params.Bit:
		x, _ := v.(bool)
		if x {
			return append(b, 1)
		}
		return append(b, 0)
	case params.Real, params.Float:
		x, _ := v.(float64)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	case params.TinyInt, params.SmallInt, params.Int, params.BigInt:
		x, _ := v.(int64)
		return binary.LittleEndian.AppendUint64(b, uint64(x))
	case params.Date:
		x, _ := v.(Date)
		return appendDate(b, x)
	case params.Time:
		x, _ := v.(Time)
		return appendTime(b, x)
	case params.DateTime, params.SmallDateTime, params.DateTime2:
		x, _ := v.(DateTime)
		return appendTime(appendDate(b, x.Date), x.Time)
	case params.DateTimeOffset:
		x, _ := v.(DTO)
		b = appendTime(appendDate(b, x.Date), x.Time)
		return binary.LittleEndian.AppendUint16(b, uint16(x.Offset))
	case params.UniqueIdentifier:
		x, _ := v.([16]byte)
		return append(b, x[:]...)
	}
	panic("pbuf: unknown type")
}

func appendDate(b []byte, d Date) []byte {
	b = binary.LittleEndian.AppendUint16(b, d.Year)
	return append(b, d.Month, d.Day)
}

func appendTime(b []byte, t Time) []byte {
	b = append(b, t.Hour, t.Minute, t.Second, 0)
	return binary.LittleEndian.AppendUint32(b, t.Nanosecond)
}
