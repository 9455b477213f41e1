package tds

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

var bigTen = big.NewInt(10)

func bigFromInt64(n int64) *big.Int { return big.NewInt(n) }

// parseDecimalValue turns a canonical decimal (plain text, or leniently an
// integer or float) into an integer scaled by 10^scale, rounding half away
// from zero as SQL Server does on conversion.
func parseDecimalValue(v any, scale int) (*big.Int, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		n, ok := toInt64(v)
		if !ok {
			return nil, fmt.Errorf("want decimal text, got %T", v)
		}
		s = strconv.FormatInt(n, 10)
	}
	return parseScaled(strings.TrimSpace(s), scale)
}

func parseScaled(s string, scale int) (*big.Int, error) {
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return nil, fmt.Errorf("invalid decimal %q", s)
	}
	intPart, frac, _ := strings.Cut(body, ".")
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return nil, fmt.Errorf("invalid decimal %q", s)
	}
	roundUp := false
	if len(frac) > scale {
		roundUp = frac[scale] >= '5'
		frac = frac[:scale]
	}
	frac += strings.Repeat("0", scale-len(frac))
	n, ok := new(big.Int).SetString("0"+intPart+frac, 10)
	if !ok {
		return nil, fmt.Errorf("invalid decimal %q", s)
	}
	if roundUp {
		n.Add(n, big.NewInt(1))
	}
	if neg {
		n.Neg(n)
	}
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatScaled renders n / 10^scale with exactly scale fraction digits.
func formatScaled(n *big.Int, scale int) string {
	neg := n.Sign() < 0
	digits := new(big.Int).Abs(n).String()
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	out := digits
	if scale > 0 {
		out = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		out = "-" + out
	}
	return out
}

func encodeDecimal(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	if text, ok := v.(string); ok {
		if mag, neg, ok := scaledUint64(text, int(ti.Scale)); ok {
			return appendSmallDecimal(dst, ti, v, mag, neg)
		}
	}
	n, err := parseDecimalValue(v, int(ti.Scale))
	if err != nil {
		return dst, err
	}
	return encodeDecimalBig(dst, ti, v, n)
}

// encodeDecimalBig writes n, the value v scaled by 10^scale.
func encodeDecimalBig(dst []byte, ti *TypeInfo, v any, n *big.Int) ([]byte, error) {
	limit := new(big.Int).Exp(bigTen, big.NewInt(int64(ti.Precision)), nil)
	if new(big.Int).Abs(n).Cmp(limit) >= 0 {
		return dst, fmt.Errorf("%v does not fit precision %d, scale %d", v, ti.Precision, ti.Scale)
	}
	sign := byte(1)
	if n.Sign() < 0 {
		sign = 0
	}
	mag := new(big.Int).Abs(n).Bytes() // big-endian
	size := ti.Size - 1
	dst = append(dst, sign)
	for i := 0; i < size; i++ {
		var b byte
		if i < len(mag) {
			b = mag[len(mag)-1-i]
		}
		dst = append(dst, b)
	}
	return dst, nil
}

// decPow10 holds 10^0 .. 10^19.
var decPow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// scaledUint64 is parseScaled without big integers for the common case:
// plain decimal text whose value times 10^scale has at most 19 digits.
// ok is false for anything else, which parseScaled then handles.
func scaledUint64(s string, scale int) (mag uint64, neg, ok bool) {
	body := s
	if len(body) > 0 && (body[0] == '-' || body[0] == '+') {
		neg, body = body[0] == '-', body[1:]
	}
	intPart, frac, _ := strings.Cut(body, ".")
	if intPart == "" && frac == "" || len(intPart)+scale > 19 {
		return 0, false, false
	}
	for i := 0; i < len(intPart); i++ {
		if intPart[i] < '0' || intPart[i] > '9' {
			return 0, false, false
		}
		mag = mag*10 + uint64(intPart[i]-'0')
	}
	for i := 0; i < len(frac); i++ {
		d := frac[i]
		if d < '0' || d > '9' {
			return 0, false, false
		}
		switch {
		case i < scale:
			mag = mag*10 + uint64(d-'0')
		case i == scale && d >= '5':
			mag++ // rounds half away from zero; at most 19 digits still fit
		}
	}
	if len(frac) < scale {
		mag *= decPow10[scale-len(frac)]
	}
	return mag, neg && mag != 0, true
}

// appendSmallDecimal writes a decimal whose scaled magnitude fits in 64 bits.
func appendSmallDecimal(dst []byte, ti *TypeInfo, v any, mag uint64, neg bool) ([]byte, error) {
	if int(ti.Precision) < len(decPow10) && mag >= decPow10[ti.Precision] {
		return dst, fmt.Errorf("%v does not fit precision %d, scale %d", v, ti.Precision, ti.Scale)
	}
	sign := byte(1)
	if neg {
		sign = 0
	}
	dst = append(dst, sign)
	for i := 0; i < ti.Size-1; i++ {
		if i < 8 {
			dst = append(dst, byte(mag>>(8*i)))
		} else {
			dst = append(dst, 0)
		}
	}
	return dst, nil
}

func decodeDecimal(b []byte, ti *TypeInfo) (any, error) {
	if len(b) < 2 || len(b) > 17 {
		return nil, fmt.Errorf("decimal of %d bytes", len(b))
	}
	be := make([]byte, len(b)-1)
	for i := range be {
		be[i] = b[len(b)-1-i]
	}
	n := new(big.Int).SetBytes(be)
	if b[0] == 0 {
		n.Neg(n)
	}
	return formatScaled(n, int(ti.Scale)), nil
}
