package tsql

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// Date and time values are stored as fixed-width text that sorts in time
// order: "2006-01-02", "15:04:05.0000000", "2006-01-02 15:04:05.0000000"
// and, for datetimeoffset, the same followed by " +07:00".

// baseDate is SQL Server's date zero (1900-01-01), used by datetime and time.
var baseDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

func appendInt(b []byte, v, width int) []byte {
	var tmp [12]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-width {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}

func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	return appendInt(b, d, 2)
}

func appendClock(b []byte, t time.Time, digits int) []byte {
	h, mi, s := t.Clock()
	b = appendInt(b, h, 2)
	b = append(b, ':')
	b = appendInt(b, mi, 2)
	b = append(b, ':')
	b = appendInt(b, s, 2)
	if digits > 0 {
		b = append(b, '.')
		frac := t.Nanosecond()
		for i := digits; i < 9; i++ {
			frac /= 10
		}
		b = appendInt(b, frac, digits)
	}
	return b
}

func appendOffset(b []byte, t time.Time) []byte {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b = append(b, sign)
	b = appendInt(b, off/3600, 2)
	b = append(b, ':')
	return appendInt(b, off%3600/60, 2)
}

// storeTime formats t as the storage text of kind k (already rounded).
func storeTime(t time.Time, k sqltype.Kind) string {
	b := make([]byte, 0, 34)
	switch k {
	case sqltype.Date:
		b = appendDate(b, t)
	case sqltype.Time:
		b = appendClock(b, t, 7)
	case sqltype.DateTimeOffset:
		b = appendDate(b, t)
		b = append(b, ' ')
		b = appendClock(b, t, 7)
		b = append(b, ' ')
		b = appendOffset(b, t)
	default:
		b = appendDate(b, t)
		b = append(b, ' ')
		b = appendClock(b, t, 7)
	}
	return string(b)
}

func digitsAt(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for j := i; j < i+n; j++ {
		c := s[j]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// loadTime parses storage text of kind k back into a time.Time; the fast
// path of every date/time column read.
func loadTime(s string, k sqltype.Kind) (time.Time, bool) {
	switch k {
	case sqltype.Time:
		return loadClock(s, 0, 1900, 1, 1, time.UTC)
	case sqltype.Date:
		y, ok1 := digitsAt(s, 0, 4)
		m, ok2 := digitsAt(s, 5, 2)
		d, ok3 := digitsAt(s, 8, 2)
		if !ok1 || !ok2 || !ok3 || len(s) != 10 {
			return time.Time{}, false
		}
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
	}
	y, ok1 := digitsAt(s, 0, 4)
	m, ok2 := digitsAt(s, 5, 2)
	d, ok3 := digitsAt(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || len(s) < 27 {
		return time.Time{}, false
	}
	loc := time.UTC
	if k == sqltype.DateTimeOffset {
		if len(s) != 34 {
			return time.Time{}, false
		}
		oh, ok4 := digitsAt(s, 29, 2)
		om, ok5 := digitsAt(s, 32, 2)
		if !ok4 || !ok5 {
			return time.Time{}, false
		}
		off := oh*3600 + om*60
		if s[28] == '-' {
			off = -off
		}
		loc = fixedZone(off)
	}
	return loadClock(s, 11, y, m, d, loc)
}

func loadClock(s string, i, y, m, d int, loc *time.Location) (time.Time, bool) {
	h, ok1 := digitsAt(s, i, 2)
	mi, ok2 := digitsAt(s, i+3, 2)
	sec, ok3 := digitsAt(s, i+6, 2)
	frac, ok4 := digitsAt(s, i+9, 7)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, h, mi, sec, frac*100, loc), true
}

var zones sync.Map // offset seconds -> *time.Location

// fixedZone returns a shared FixedZone for an offset in seconds.
func fixedZone(off int) *time.Location {
	if z, ok := zones.Load(off); ok {
		return z.(*time.Location)
	}
	z := time.FixedZone("", off)
	zones.Store(off, z)
	return z
}

// roundTime rounds t to the precision of type typ, as SQL Server does on
// conversion.
func roundTime(t time.Time, typ sqltype.Type) time.Time {
	switch typ.Kind {
	case sqltype.Date:
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	case sqltype.SmallDateTime:
		return t.Round(time.Minute)
	case sqltype.DateTime:
		// datetime counts 1/300 s ticks; store the tick as 100 ns units.
		sec := t.Add(-time.Duration(t.Nanosecond()))
		ticks := (int64(t.Nanosecond())*300 + 500_000_000) / 1_000_000_000
		units := (ticks*100_000 + 1) / 3
		return sec.Add(time.Duration(units * 100))
	case sqltype.Time, sqltype.DateTime2, sqltype.DateTimeOffset:
		unit := time.Duration(1)
		for i := int(typ.Scale); i < 9; i++ {
			unit *= 10
		}
		return t.Round(unit)
	}
	return t
}

// fromTimeOfDay returns the clock part of t on 1900-01-01.
func fromTimeOfDay(t time.Time) time.Time {
	h, m, s := t.Clock()
	return time.Date(1900, 1, 1, h, m, s, t.Nanosecond(), time.UTC)
}

// dateInRange checks the range of a date/time kind.
func dateInRange(t time.Time, k sqltype.Kind) bool {
	y := t.Year()
	switch k {
	case sqltype.DateTime:
		return y >= 1753 && y <= 9999
	case sqltype.SmallDateTime:
		return !t.Before(baseDate) && t.Before(time.Date(2079, 6, 6, 23, 59, 30, 0, time.UTC))
	}
	return y >= 1 && y <= 9999
}

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// parseDateTimeString parses the string forms SQL Server accepts for dates
// and times (us_english, DATEFORMAT mdy). hasDate / hasOffset tell what
// the text contained.
func parseDateTimeString(s string) (t time.Time, hasDate, hasOffset, ok bool) {
	p := &dtParser{s: strings.TrimSpace(s)}
	if p.s == "" {
		return baseDate, true, false, true
	}
	y, m, d := 1900, 1, 1
	if p.looksLikeDate() {
		if y, m, d, ok = p.date(); !ok {
			return
		}
		hasDate = true
		p.skip(" ")
		if p.peek() == 'T' || p.peek() == 't' {
			p.i++
		}
	}
	h, mi, sec, ns := 0, 0, 0, 0
	if p.i < len(p.s) && isDigit(p.s[p.i]) {
		if h, mi, sec, ns, ok = p.clock(); !ok {
			return
		}
	}
	p.skip(" ")
	off, hasOffset, ok := p.offset()
	if !ok || p.i != len(p.s) {
		return time.Time{}, false, false, false
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false, false, false
	}
	loc := time.UTC
	if hasOffset {
		loc = fixedZone(off)
	}
	return time.Date(y, time.Month(m), d, h, mi, sec, ns, loc), hasDate, hasOffset, true
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

type dtParser struct {
	s string
	i int
}

func (p *dtParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *dtParser) skip(chars string) {
	for p.i < len(p.s) && strings.IndexByte(chars, p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *dtParser) num() (int, int) {
	start := p.i
	v := 0
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
	}
	return v, p.i - start
}

// looksLikeDate tells a date from a bare time ("12:30").
func (p *dtParser) looksLikeDate() bool {
	j := p.i
	for j < len(p.s) && isDigit(p.s[j]) {
		j++
	}
	if j == p.i {
		return p.monthAt(p.i) > 0
	}
	if j == len(p.s) {
		return j-p.i == 8 || j-p.i == 6
	}
	return p.s[j] == '-' || p.s[j] == '/' || p.s[j] == '.' || (p.s[j] == ' ' && j-p.i <= 2) || (p.s[j] == 'T' && j-p.i == 8)
}

func (p *dtParser) monthAt(i int) int {
	if i+3 > len(p.s) {
		return 0
	}
	w := strings.ToLower(p.s[i : i+3])
	for k, n := range monthNames {
		if n == w {
			return k + 1
		}
	}
	return 0
}

func (p *dtParser) date() (y, m, d int, ok bool) {
	if mon := p.monthAt(p.i); mon > 0 { // Jan 2 2024
		for p.i < len(p.s) && isLetterAt(p.s, p.i) {
			p.i++
		}
		p.skip(" ")
		d, _ = p.num()
		p.skip(" ,")
		y, n := p.num()
		return fixYear(y, n), mon, d, n > 0
	}
	a, na := p.num()
	sep := p.peek()
	if sep != '-' && sep != '/' && sep != '.' && sep != ' ' {
		switch na { // yyyymmdd or yymmdd
		case 8:
			return a / 10000, a / 100 % 100, a % 100, true
		case 6:
			return fixYear(a/10000, 2), a / 100 % 100, a % 100, true
		}
		return 0, 0, 0, false
	}
	p.i++
	if sep == ' ' { // 2 Jan 2024
		mon := p.monthAt(p.i)
		for p.i < len(p.s) && isLetterAt(p.s, p.i) {
			p.i++
		}
		p.skip(" ")
		y, n := p.num()
		return fixYear(y, n), mon, a, mon > 0 && n > 0
	}
	b, nb := p.num()
	if p.peek() != sep || nb == 0 {
		return 0, 0, 0, false
	}
	p.i++
	c, nc := p.num()
	if na == 4 { // yyyy-mm-dd
		return a, b, c, nc > 0
	}
	return fixYear(c, nc), a, b, nc > 0 // mdy
}

func fixYear(y, digits int) int {
	if digits <= 2 {
		if y < 50 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

func (p *dtParser) clock() (h, mi, sec, ns int, ok bool) {
	h, _ = p.num()
	if p.peek() == ':' {
		p.i++
		mi, _ = p.num()
		if p.peek() == ':' {
			p.i++
			sec, _ = p.num()
			if p.peek() == '.' || p.peek() == ':' {
				p.i++
				start := p.i
				frac, n := p.num()
				if n > 9 {
					frac, _ = strconv.Atoi(p.s[start : start+9])
					n = 9
				}
				for ; n < 9; n++ {
					frac *= 10
				}
				ns = frac
			}
		}
	}
	p.skip(" ")
	if w := strings.ToUpper(p.s[p.i:min(p.i+2, len(p.s))]); w == "AM" || w == "PM" {
		p.i += 2
		if h > 12 {
			return 0, 0, 0, 0, false
		}
		if w == "PM" && h < 12 {
			h += 12
		} else if w == "AM" && h == 12 {
			h = 0
		}
	}
	return h, mi, sec, ns, true
}

func (p *dtParser) offset() (int, bool, bool) {
	switch p.peek() {
	case 0:
		return 0, false, true
	case 'Z', 'z':
		p.i++
		return 0, true, true
	case '+', '-':
		neg := p.s[p.i] == '-'
		p.i++
		h, nh := p.num()
		m := 0
		if p.peek() == ':' {
			p.i++
			m, _ = p.num()
		} else if nh == 4 {
			h, m = h/100, h%100
		}
		if h > 14 || m > 59 {
			return 0, false, false
		}
		off := h*3600 + m*60
		if neg {
			off = -off
		}
		return off, true, true
	}
	return 0, false, false
}
