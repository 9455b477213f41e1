package rowenc

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Cell tags of the plain layout.
const (
	TagNull   = 0
	TagInt    = 1
	TagFloat  = 2
	TagText   = 3
	TagBinary = 4
	TagBool   = 5
)

// PlainWriter writes the plain tagged layout (docs/formats.md).
type PlainWriter struct {
	buf []byte
}

// Bytes returns what was written.
func (w *PlainWriter) Bytes() []byte { return w.buf }

// U8, U32, I32 and I64 write little-endian integers.
func (w *PlainWriter) U8(v uint8) { w.buf = append(w.buf, v) }

// U32 writes a little-endian uint32.
func (w *PlainWriter) U32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }

// I32 writes a little-endian int32.
func (w *PlainWriter) I32(v int32) { w.U32(uint32(v)) }

// I64 writes a little-endian int64.
func (w *PlainWriter) I64(v int64) { w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(v)) }

// Text writes TEXT: a u32 length and UTF-8 (invalid sequences replaced).
func (w *PlainWriter) Text(s string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	w.U32(uint32(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *PlainWriter) cellText(s string) {
	w.U8(TagText)
	w.Text(s)
}

func (w *PlainWriter) cellBytes(b []byte) {
	w.U8(TagBinary)
	w.U32(uint32(len(b)))
	w.buf = append(w.buf, b...)
}

// Cell writes one value as a tagged CELL, by its Go type, formatting
// date and time values with scale fractional digits.
func (w *PlainWriter) Cell(v any, kind Kind, scale int) {
	switch x := v.(type) {
	case nil:
		w.U8(TagNull)
	case int64:
		w.U8(TagInt)
		w.I64(x)
	case bool:
		w.U8(TagBool)
		if x {
			w.U8(1)
		} else {
			w.U8(0)
		}
	case float64:
		w.U8(TagFloat)
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(x))
	case string:
		w.cellText(x)
	case []byte:
		w.cellByteValue(x, kind)
	case time.Time:
		w.cellText(formatTime(x, kind, scale))
	default:
		w.cellText(fmt.Sprint(x))
	}
}

func (w *PlainWriter) cellByteValue(b []byte, kind Kind) {
	switch {
	case kind == KindDecimal && isDecimalText(b):
		w.cellText(string(b))
	case kind == KindGUID && len(b) == 16:
		u := GUIDFromWire(b)
		w.cellText(GUIDString(&u))
	default:
		w.cellBytes(b)
	}
}

// formatTime writes ISO 8601 text: a date, a time of day, a date-time, or
// a date-time with its offset.
func formatTime(t time.Time, kind Kind, scale int) string {
	switch kind {
	case KindDate:
		return t.Format("2006-01-02")
	case KindTime:
		return t.Format("15:04:05") + fraction(t, scale)
	case KindDateTimeOffset:
		return t.Format("2006-01-02T15:04:05") + fraction(t, scale) + t.Format("-07:00")
	}
	return t.Format("2006-01-02T15:04:05") + fraction(t, scale)
}

func fraction(t time.Time, scale int) string {
	if scale <= 0 {
		return ""
	}
	if scale > 9 {
		scale = 9
	}
	ns := strconv.Itoa(1_000_000_000 + t.Nanosecond())
	return "." + ns[1:1+scale]
}
