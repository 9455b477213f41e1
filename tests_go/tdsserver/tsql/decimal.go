package tsql

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Decimals are stored as plain text at their column's scale ("-12.3400")
// and computed with shopspring/decimal, so 38 digits survive exactly.

// parseDecimalText parses a plain decimal number (sign, digits, point).
func parseDecimalText(s string) (decimal.Decimal, bool) {
	if s == "" {
		return decimal.Zero, false
	}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i = 1
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return decimal.Zero, false
		}
	}
	if digits == 0 {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(strings.TrimPrefix(s, "+"))
	return d, err == nil
}

// decFromStorage reads a stored numeric value of any storage class.
func decFromStorage(v any) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case string:
		return parseDecimalText(x)
	case int64:
		return decimal.NewFromInt(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return decimal.Zero, false
		}
		return decimal.NewFromFloat(x), true
	case bool:
		if x {
			return decimal.NewFromInt(1), true
		}
		return decimal.Zero, true
	}
	return decimal.Zero, false
}

// decFits reports whether d (already rounded to scale) fits precision p.
func decFits(d decimal.Decimal, p, s int) bool {
	ip := d.Abs().Truncate(0)
	if ip.IsZero() {
		return true
	}
	return len(ip.Coefficient().String())+int(ip.Exponent()) <= p-s
}

// decText formats d at scale s, the storage form of decimal(p,s).
func decText(d decimal.Decimal, s int) string {
	return d.Round(int32(s)).StringFixed(int32(s))
}

// canonicalDecimal normalises decimal text to scale s without checks.
func canonicalDecimal(text string, s int) (string, bool) {
	if isCanonicalDecimal(text, s) {
		return text, true
	}
	d, ok := parseDecimalText(text)
	if !ok {
		return "", false
	}
	return decText(d, s), true
}

// isCanonicalDecimal checks the fast path: digits with exactly s decimals.
func isCanonicalDecimal(text string, s int) bool {
	dot := strings.IndexByte(text, '.')
	if s == 0 {
		if dot >= 0 || text == "" || text == "-0" {
			return false
		}
	} else if dot < 0 || len(text)-dot-1 != s {
		return false
	}
	start := 0
	if strings.HasPrefix(text, "-") {
		start = 1
	}
	if dot < 0 {
		dot = len(text)
	}
	if dot-start == 0 || (dot-start > 1 && text[start] == '0') {
		return false
	}
	for i := start; i < len(text); i++ {
		if c := text[i]; (c < '0' || c > '9') && i != dot {
			return false
		}
	}
	return true
}

// floatText formats a float the way CAST(float AS varchar) does: at most
// six significant digits, scientific with a three-digit exponent when large.
func floatText(f float64, real bool) string {
	prec := 6
	if real {
		f = float64(float32(f))
	}
	s := strconv.FormatFloat(f, 'g', prec, 64)
	if i := strings.IndexAny(s, "e"); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		sign := exp[0]
		digits := exp[1:]
		for len(digits) < 3 {
			digits = "0" + digits
		}
		return mant + "e" + string(sign) + digits
	}
	return s
}

// floatTextFull formats a float with its full precision (style 3 / STR).
func floatTextFull(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// decimalArith applies op to two decimals and rounds to scale s of the
// result type (p,s); division by zero and overflow are SQL errors.
func decimalArith(op string, a, b decimal.Decimal, p, s int) (decimal.Decimal, error) {
	var r decimal.Decimal
	switch op {
	case "+":
		r = a.Add(b)
	case "-":
		r = a.Sub(b)
	case "*":
		r = a.Mul(b)
	case "/":
		if b.IsZero() {
			return r, errDivideByZero()
		}
		r, _ = a.QuoRem(b, int32(s)) // SQL Server truncates the quotient
	case "%":
		if b.IsZero() {
			return r, errDivideByZero()
		}
		r = a.Mod(b)
	}
	r = r.Round(int32(s))
	if !decFits(r, p, s) {
		return r, errOverflowExpr("numeric")
	}
	return r, nil
}
