package rowenc

import (
	"encoding/binary"
	"math"
	"strconv"
	"unicode/utf8"
)

// Typed cells: a decoder writes rows straight into the batch, one call per
// column between BeginRow and EndRow, without boxing values.

// BeginRow starts a row.
func (e *Encoder) BeginRow() {
	e.col = 0
	if e.opts.Format == FormatPlain {
		return
	}
	if !e.opts.Tuples {
		e.p.Global(GlobalRow)
	}
	if len(e.cols) > 3 {
		e.p.Mark()
	}
}

// EndRow ends the row started by BeginRow.
func (e *Encoder) EndRow() {
	e.rows++
	if e.opts.Format == FormatPlain {
		return
	}
	e.p.Tuple(len(e.cols))
	if !e.opts.Tuples {
		e.p.Tuple(1)
		e.p.NewObj()
	}
}

func (e *Encoder) plainTag(tag byte) { e.plain.buf = append(e.plain.buf, tag) }

// Null writes None.
func (e *Encoder) Null() {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plainTag(TagNull)
		return
	}
	e.p.None()
}

// Int writes an integer.
func (e *Encoder) Int(v int64) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plainTag(TagInt)
		e.plain.I64(v)
		return
	}
	e.p.Int(v)
}

// Bool writes a bool.
func (e *Encoder) Bool(v bool) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plainTag(TagBool)
		e.plain.U8(boolByte(v))
		return
	}
	e.p.Bool(v)
}

// Float writes a float.
func (e *Encoder) Float(v float64) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plainTag(TagFloat)
		e.plain.buf = binary.LittleEndian.AppendUint64(e.plain.buf, math.Float64bits(v))
		return
	}
	e.p.Float(v)
}

// Decimal writes decimal.Decimal from exact text (sign, digits, point).
func (e *Encoder) Decimal(text []byte) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plainText(text)
		return
	}
	e.p.Decimal(text)
}

// Text writes a str from UTF-8 or WTF-8 (lone surrogates, which pickle
// decodes with surrogatepass); other invalid bytes become U+FFFD.
func (e *Encoder) Text(b []byte) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plainText(b)
		return
	}
	e.p.TextBytes(b)
}

// Binary writes bytes.
func (e *Encoder) Binary(b []byte) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plain.cellBytes(b)
		return
	}
	e.p.Bytes(b)
}

// GUID writes a uniqueidentifier from its wire order: a uuid.UUID, or an
// upper-case str with UUIDStr (and in the plain format).
func (e *Encoder) GUID(wire *[16]byte) {
	e.col++
	u := GUIDFromWire(wire[:])
	if e.opts.Format == FormatPlain || e.opts.UUIDStr {
		s := GUIDString(&u)
		if e.opts.Format == FormatPlain {
			e.plain.cellText(s)
		} else {
			e.p.Str(s)
		}
		return
	}
	e.p.UUID(&u)
}

func (e *Encoder) plainText(b []byte) {
	if !validWTF8(b) {
		b = toValidWTF8(b)
	}
	e.plainTag(TagText)
	e.plain.U32(uint32(len(b)))
	e.plain.buf = append(e.plain.buf, b...)
}

// Date writes datetime.date.
func (e *Encoder) Date(year, month, day int) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plain.cellText(isoDate(nil, year, month, day))
		return
	}
	e.p.Date(year, month, day)
}

// Time writes datetime.time (microseconds; nanoseconds truncated).
func (e *Encoder) Time(hour, minute, second, nanosecond int) {
	e.col++
	if e.opts.Format == FormatPlain {
		e.plain.cellText(string(isoClock(nil, hour, minute, second, nanosecond, e.scale())))
		return
	}
	e.p.Time(hour, minute, second, nanosecond/1000)
}

// DateTime writes a naive datetime.datetime.
func (e *Encoder) DateTime(year, month, day, hour, minute, second, nanosecond int) {
	e.col++
	if e.opts.Format == FormatPlain {
		b := []byte(isoDate(nil, year, month, day))
		b = append(b, 'T')
		e.plain.cellText(string(isoClock(b, hour, minute, second, nanosecond, e.scale())))
		return
	}
	e.p.DateTimeParts(year, month, day, hour, minute, second, nanosecond/1000, nil)
}

// DateTimeOffset writes an aware datetime.datetime: the local wall clock
// and its offset east of UTC in minutes.
func (e *Encoder) DateTimeOffset(year, month, day, hour, minute, second, nanosecond, offsetMinutes int) {
	e.col++
	if e.opts.Format == FormatPlain {
		b := []byte(isoDate(nil, year, month, day))
		b = append(b, 'T')
		b = isoClock(b, hour, minute, second, nanosecond, e.scale())
		e.plain.cellText(string(isoOffset(b, offsetMinutes)))
		return
	}
	off := int32(offsetMinutes * 60)
	e.p.DateTimeParts(year, month, day, hour, minute, second, nanosecond/1000, &off)
}

// scale is the fractional-second digits of the current column (7 when
// unknown, as for sql_variant values).
func (e *Encoder) scale() int {
	if i := e.col - 1; i >= 0 && i < len(e.cols) && e.cols[i].Kind != KindVariant {
		return int(e.cols[i].Scale)
	}
	return 7
}

func isoDate(dst []byte, y, m, d int) string {
	dst = appendPadded(dst, y, 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, m, 2)
	dst = append(dst, '-')
	return string(appendPadded(dst, d, 2))
}

func isoClock(dst []byte, h, m, s, ns, scale int) []byte {
	dst = appendPadded(dst, h, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, m, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, s, 2)
	if scale > 0 {
		frac := strconv.Itoa(1_000_000_000 + ns)
		dst = append(dst, '.')
		dst = append(dst, frac[1:1+min(scale, 9)]...)
	}
	return dst
}

func isoOffset(dst []byte, minutes int) []byte {
	sign := byte('+')
	if minutes < 0 {
		sign, minutes = '-', -minutes
	}
	dst = append(dst, sign)
	dst = appendPadded(dst, minutes/60, 2)
	dst = append(dst, ':')
	return appendPadded(dst, minutes%60, 2)
}

func appendPadded(dst []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// validWTF8 reports whether b is UTF-8, allowing encoded surrogates.
func validWTF8(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if c == 0xED && i+2 < len(b) && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && b[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return false
		}
		i += n
	}
	return true
}

// toValidWTF8 replaces invalid bytes with U+FFFD, keeping surrogates.
func toValidWTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		case c == 0xED && i+2 < len(b) && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && b[i+2]&0xC0 == 0x80:
			out = append(out, b[i:i+3]...)
			i += 3
		default:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				out = append(out, "\uFFFD"...)
				i++
				continue
			}
			out = append(out, b[i:i+n]...)
			i += n
		}
	}
	return out
}
