package rowenc

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Text writes a str from text that should be UTF-8; invalid sequences
// (possible from a mis-declared code page) become U+FFFD rather than
// breaking the stream.
func (p *Pickler) Text(s string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	p.Str(s)
}

// Decimal writes decimal.Decimal(text) for exact decimal text.
func (p *Pickler) Decimal(text []byte) {
	p.Global(GlobalDecimal)
	p.strHeader(len(text))
	p.buf = append(p.buf, text...)
	p.Tuple(1)
	p.Reduce()
}

// Date writes datetime.date from its pickle state (4 bytes).
func (p *Pickler) Date(year, month, day int) {
	p.Global(GlobalDate)
	p.buf = append(p.buf, opShortBinBytes, 4, byte(year>>8), byte(year), byte(month), byte(day))
	p.Tuple(1)
	p.Reduce()
}

// Time writes a naive datetime.time from its pickle state (6 bytes).
func (p *Pickler) Time(hour, minute, second, micro int) {
	p.Global(GlobalTime)
	p.buf = append(p.buf, opShortBinBytes, 6, byte(hour), byte(minute), byte(second),
		byte(micro>>16), byte(micro>>8), byte(micro))
	p.Tuple(1)
	p.Reduce()
}

// DateTime writes datetime.datetime from its pickle state (10 bytes), naive
// when tz is false, otherwise with timezone(timedelta(seconds=offset)).
func (p *Pickler) DateTime(t time.Time, tz bool) {
	p.Global(GlobalDateTime)
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	us := t.Nanosecond() / 1000
	p.buf = append(p.buf, opShortBinBytes, 10, byte(y>>8), byte(y), byte(mo), byte(d),
		byte(h), byte(mi), byte(s), byte(us>>16), byte(us>>8), byte(us))
	if !tz {
		p.Tuple(1)
		p.Reduce()
		return
	}
	_, off := t.Zone()
	p.timezone(int32(off))
	p.Tuple(2)
	p.Reduce()
}

// timezone pushes timezone(timedelta(0, offset)), built once per offset
// and per stream.
func (p *Pickler) timezone(offset int32) {
	if i, ok := p.tz[offset]; ok {
		p.get(i)
		return
	}
	p.Global(GlobalTimezone)
	p.Global(GlobalTimedelta)
	p.Int(0)
	p.Int(int64(offset))
	p.Tuple(2)
	p.Reduce()
	p.Tuple(1)
	p.Reduce()
	if p.tz == nil {
		p.tz = map[int32]int32{}
	}
	p.tz[offset] = p.memoize()
}

// UUID writes uuid.UUID from 16 bytes in RFC 4122 order without running
// Python code: object.__new__(UUID), then its two slots set by calling
// their C setters through REDUCE (BUILD would run UUID.__setstate__, a
// Python function, and cost 2.5x as much per value).
func (p *Pickler) UUID(u *[16]byte) {
	p.Global(GlobalUUID)
	p.Tuple(0)
	p.NewObj()
	obj := p.putScratch()
	p.Global(GlobalUUIDSetInt)
	p.get(obj)
	// LONG1: 17 bytes little-endian two's complement, so the 128-bit
	// value stays non-negative.
	p.buf = append(p.buf, opLong1, 17)
	for i := 15; i >= 0; i-- {
		p.buf = append(p.buf, u[i])
	}
	p.buf = append(p.buf, 0)
	p.Tuple(2)
	p.Reduce()
	p.Pop()
	p.Global(GlobalUUIDSetIsSafe)
	p.get(obj)
	p.Global(GlobalUUIDUnknown)
	p.Tuple(2)
	p.Reduce()
	p.Pop()
}
