package params

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"
)

// validate checks every non-NULL value of every column.
func (s *Set) validate() error {
	for i := range s.Columns {
		c := &s.Columns[i]
		for row := 0; row < s.Rows; row++ {
			if c.IsNull(row) {
				continue
			}
			if reason := c.checkValue(row); reason != "" {
				return &Error{Column: i + 1, Row: row + 1, Name: c.Name, Reason: reason, Value: true}
			}
		}
	}
	return nil
}

var intRanges = map[Type][2]int64{
	TinyInt:  {0, 255},
	SmallInt: {math.MinInt16, math.MaxInt16},
	Int:      {math.MinInt32, math.MaxInt32},
}

func (c *Column) checkValue(row int) string {
	t := c.Type
	switch {
	case t == Bit:
		if v := c.slot(row)[0]; v > 1 {
			return fmt.Sprintf("BIT value %d is neither 0 nor 1", v)
		}
	case t == TinyInt || t == SmallInt || t == Int:
		r := intRanges[t]
		if v := c.Int(row); v < r[0] || v > r[1] {
			return fmt.Sprintf("value out of range for %s", t)
		}
	case t == Real || t == Float:
		return checkFloat(t, c.Float(row))
	case t.IsDecimalText():
		return checkDecimal(c.Bytes(row))
	case t.IsNational():
		if !validWTF8(c.Bytes(row)) {
			return "text is not valid UTF-8 (WTF-8)"
		}
	case t.IsText():
		if !utf8.Valid(c.Bytes(row)) {
			return "text is not valid UTF-8"
		}
	case t == Date || t == DateTime || t == SmallDateTime || t == DateTime2 || t == DateTimeOffset:
		return c.checkDateTime(row)
	case t == Time:
		return checkClock(c.Time(row).Hour, c.Time(row).Minute, c.Time(row).Second, c.Time(row).Nanosecond)
	}
	return ""
}

func checkFloat(t Type, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "NaN and infinity cannot be sent to SQL Server"
	}
	if t == Real && math.Abs(v) > math.MaxFloat32 {
		return "value out of range for REAL"
	}
	return ""
}

func (c *Column) checkDateTime(row int) string {
	d := c.Date(row)
	if d.Year < 1 || d.Year > 9999 || !d.IsValid() {
		return "date out of range (years 1-9999, valid month and day)"
	}
	if c.Type == Date {
		return ""
	}
	t := c.Time(row)
	if reason := checkClock(t.Hour, t.Minute, t.Second, t.Nanosecond); reason != "" {
		return reason
	}
	if c.Type == DateTimeOffset {
		if off := c.OffsetMinutes(row); off < -840 || off > 840 {
			return "UTC offset out of range (-14:00 to +14:00)"
		}
	}
	return ""
}

func checkClock(h, m, s, ns int) string {
	if h > 23 || m > 59 || s > 59 || ns < 0 || ns > 999_999_999 {
		return "time of day out of range"
	}
	return ""
}

// MaxDecimalDigits is SQL Server's maximum decimal precision.
const MaxDecimalDigits = 38

// checkDecimal accepts plain decimal text, [+-]digits[.digits], whose
// precision (integer digits without leading zeros plus fractional digits)
// is at most 38.
func checkDecimal(b []byte) string {
	intDigits, frac, ok := DecimalShape(b)
	if !ok {
		return "decimal text is not [+-]digits[.digits]"
	}
	if intDigits+frac > MaxDecimalDigits {
		return fmt.Sprintf("decimal needs a precision above %d", MaxDecimalDigits)
	}
	return ""
}

// DecimalShape returns the integer digits (leading zeros dropped) and the
// fractional digits of decimal text, and whether it is well formed.
func DecimalShape(b []byte) (intDigits, fracDigits int, ok bool) {
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	seen, inFrac, leading := 0, false, true
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9' && inFrac:
			fracDigits++
		case c >= '0' && c <= '9':
			if c != '0' || !leading {
				intDigits++
				leading = false
			}
		case c == '.' && !inFrac:
			inFrac = true
			continue
		default:
			return 0, 0, false
		}
		seen++
	}
	return intDigits, fracDigits, seen > 0
}

// validWTF8 is utf8.Valid that also accepts encoded surrogate code points
// (ED A0-BF xx), which Python writes for lone surrogates.
func validWTF8(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		if b[i] == 0xED && i+2 < len(b) && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && b[i+2]&0xC0 == 0x80 {
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

func timeMonth(m byte) time.Month { return time.Month(m) }
