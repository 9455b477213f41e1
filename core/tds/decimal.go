package tds

import (
	"errors"
	"math/bits"
	"strconv"
)

// Decimal is an exact decimal number: the magnitude Hi:Lo (128 bits)
// divided by 10^Scale, negative when Neg. It carries decimal, numeric,
// money and smallmoney values.
type Decimal struct {
	Lo, Hi uint64
	Scale  uint8
	Neg    bool
}

// MaxDecimalPrecision is the most digits a decimal holds.
const MaxDecimalPrecision = 38

const pow19 = 10_000_000_000_000_000_000

// AppendText appends the decimal as text: an optional minus sign, digits
// and, when Scale > 0, a point and exactly Scale fractional digits.
func (d Decimal) AppendText(dst []byte) []byte {
	var digits [48]byte
	ds := d.appendDigits(digits[:0])
	if d.Neg && (d.Lo != 0 || d.Hi != 0) {
		dst = append(dst, '-')
	}
	scale := int(d.Scale)
	if len(ds) <= scale {
		dst = append(dst, '0')
	} else {
		dst = append(dst, ds[:len(ds)-scale]...)
	}
	if scale == 0 {
		return dst
	}
	dst = append(dst, '.')
	for i := len(ds); i < scale; i++ {
		dst = append(dst, '0')
	}
	return append(dst, ds[max(0, len(ds)-scale):]...)
}

// appendDigits appends the magnitude in decimal ("0" for zero).
func (d Decimal) appendDigits(dst []byte) []byte {
	if d.Hi == 0 {
		return strconv.AppendUint(dst, d.Lo, 10)
	}
	hiQ, r := d.Hi/pow19, d.Hi%pow19
	loQ, low := bits.Div64(r, d.Lo, pow19)
	dst = Decimal{Lo: loQ, Hi: hiQ}.appendDigits(dst)
	s := strconv.FormatUint(low, 10)
	for i := len(s); i < 19; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

func (d Decimal) String() string { return string(d.AppendText(nil)) }

// errDecimalSyntax and errDecimalRange are ParseDecimal's errors.
var (
	errDecimalSyntax = errors.New("tds: not a decimal number")
	errDecimalRange  = errors.New("tds: decimal out of range (38 digits)")
)

// ParseDecimal parses [+-]digits[.digits] of at most 38 digits.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		d.Neg = s[0] == '-'
		s = s[1:]
	}
	seen, point, ndigits := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !point:
			point = true
		case c >= '0' && c <= '9':
			seen = true
			if ndigits > 0 || c != '0' {
				ndigits++
			}
			if ndigits > MaxDecimalPrecision || (point && d.Scale == MaxDecimalPrecision) {
				return Decimal{}, errDecimalRange
			}
			d = d.mulAdd(10, uint64(c-'0'))
			if point {
				d.Scale++
			}
		default:
			return Decimal{}, errDecimalSyntax
		}
	}
	if !seen {
		return Decimal{}, errDecimalSyntax
	}
	return d, nil
}

// mulAdd returns d*m + a (magnitude only; no overflow check).
func (d Decimal) mulAdd(m, a uint64) Decimal {
	hiP, lo := bits.Mul64(d.Lo, m)
	lo, carry := bits.Add64(lo, a, 0)
	d.Lo, d.Hi = lo, d.Hi*m+hiP+carry
	return d
}

// divRound returns d/10^k rounded half away from zero.
func (d Decimal) divRound(k int) Decimal {
	var rem uint64
	for ; k > 0; k-- {
		var r uint64
		d.Hi, r = d.Hi/10, d.Hi%10
		d.Lo, rem = bits.Div64(r, d.Lo, 10)
	}
	if rem >= 5 {
		d = d.mulAdd(1, 1)
	}
	return d
}

// Rescale returns d with the given scale: exact when growing, rounded
// half away from zero when shrinking.
func (d Decimal) Rescale(scale uint8) Decimal {
	for d.Scale < scale {
		d = d.mulAdd(10, 0)
		d.Scale++
	}
	if d.Scale > scale {
		d = d.divRound(int(d.Scale - scale))
		d.Scale = scale
	}
	return d
}

// Digits is the number of digits of the magnitude (1 for zero).
func (d Decimal) Digits() int {
	var tmp [48]byte
	return len(d.appendDigits(tmp[:0]))
}
