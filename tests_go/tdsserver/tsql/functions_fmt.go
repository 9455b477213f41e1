package tsql

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"github.com/shopspring/decimal"
	sqlite "modernc.org/sqlite"
)

// FORMAT(value, format) with .NET format strings, culture en-US: the
// standard numeric formats (N, F, D, C, P, X) and custom patterns
// (#,##0.00, 0000), and date patterns (yyyy-MM-dd HH:mm:ss, d, D, ...).

func init() {
	scalarFuncs["tsql_format"] = fnFormat
}

func fnFormat(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	f, _ := argStr(a[1])
	t := decodeType(a[2].(int64))
	if isDateTimeKind(t.Kind) {
		tm, ok := loadArg(a[0], a[2])
		if !ok {
			return nil, nil
		}
		return formatDate(tm, f, t.Kind), nil
	}
	d, ok := decFromStorage(a[0])
	if !ok {
		return nil, nil
	}
	s, ok := formatNumber(d, f)
	if !ok {
		return nil, nil
	}
	return s, nil
}

func formatNumber(d decimal.Decimal, f string) (string, bool) {
	if f == "" {
		return d.String(), true
	}
	spec, digits := strings.ToUpper(f[:1]), -1
	if len(f) > 1 {
		if n, err := strconv.Atoi(f[1:]); err == nil {
			digits = n
		} else {
			return customNumber(d, f), true
		}
	}
	def := func(n int) int {
		if digits < 0 {
			return n
		}
		return digits
	}
	switch spec {
	case "N":
		return groupThousands(d.StringFixed(int32(def(2)))), true
	case "F":
		return d.StringFixed(int32(def(2))), true
	case "D":
		s := d.Truncate(0).Abs().String()
		for len(s) < def(0) {
			s = "0" + s
		}
		if d.Sign() < 0 {
			s = "-" + s
		}
		return s, true
	case "C":
		s := "$" + groupThousands(d.Abs().StringFixed(int32(def(2))))
		if d.Sign() < 0 {
			s = "-" + s
		}
		return s, true
	case "P":
		return groupThousands(d.Mul(decimal.NewFromInt(100)).StringFixed(int32(def(2)))) + "%", true
	case "X":
		s := fmt.Sprintf("%X", d.IntPart())
		if f[0] == 'x' {
			s = strings.ToLower(s)
		}
		for len(s) < def(0) {
			s = "0" + s
		}
		return s, true
	case "G":
		return d.String(), true
	}
	return customNumber(d, f), true
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var sb strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	out := sb.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// customNumber handles patterns built from 0, #, ',' and '.'.
func customNumber(d decimal.Decimal, f string) string {
	intPat, fracPat, _ := strings.Cut(f, ".")
	decimals := strings.Count(fracPat, "0") + strings.Count(fracPat, "#")
	minFrac := strings.Count(fracPat, "0")
	s := d.Round(int32(decimals)).Abs().StringFixed(int32(decimals))
	ip, fp, _ := strings.Cut(s, ".")
	for len(fp) > minFrac && strings.HasSuffix(fp, "0") {
		fp = fp[:len(fp)-1]
	}
	minInt := strings.Count(intPat, "0")
	for len(ip) < minInt {
		ip = "0" + ip
	}
	if ip == "0" && minInt == 0 {
		ip = ""
	}
	if strings.Contains(intPat, ",") {
		ip = groupThousands(ip)
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if d.Sign() < 0 {
		out = "-" + out
	}
	return out
}

var dotnetTokens = []string{"yyyy", "yy", "MMMM", "MMM", "MM", "M", "dddd", "ddd", "dd", "d", "HH", "H", "hh", "h",
	"mm", "m", "ss", "s", "fffffff", "ffffff", "fffff", "ffff", "fff", "ff", "f", "tt", "zzz"}

func formatDate(t time.Time, f string, k sqltype.Kind) string {
	switch f {
	case "d":
		return fmt.Sprintf("%d/%d/%04d", int(t.Month()), t.Day(), t.Year())
	case "D":
		return fmt.Sprintf("%s, %s %d, %04d", t.Weekday(), t.Month(), t.Day(), t.Year())
	case "t":
		return dotnetDate(t, "h:mm tt")
	case "T":
		return dotnetDate(t, "h:mm:ss tt")
	case "g":
		return formatDate(t, "d", k) + " " + dotnetDate(t, "h:mm tt")
	case "G", "":
		return formatDate(t, "d", k) + " " + dotnetDate(t, "h:mm:ss tt")
	case "s":
		return dotnetDate(t, "yyyy-MM-ddTHH:mm:ss")
	case "o", "O":
		return dotnetDate(t, "yyyy-MM-ddTHH:mm:ss.fffffff")
	}
	return dotnetDate(t, f)
}

func dotnetDate(t time.Time, f string) string {
	var sb strings.Builder
	for i := 0; i < len(f); {
		if f[i] == '\\' && i+1 < len(f) {
			sb.WriteByte(f[i+1])
			i += 2
			continue
		}
		tok := ""
		for _, cand := range dotnetTokens {
			if strings.HasPrefix(f[i:], cand) {
				tok = cand
				break
			}
		}
		if tok == "" {
			sb.WriteByte(f[i])
			i++
			continue
		}
		sb.WriteString(dateToken(t, tok))
		i += len(tok)
	}
	return sb.String()
}

func dateToken(t time.Time, tok string) string {
	h12 := t.Hour() % 12
	if h12 == 0 {
		h12 = 12
	}
	switch tok {
	case "yyyy":
		return fmt.Sprintf("%04d", t.Year())
	case "yy":
		return fmt.Sprintf("%02d", t.Year()%100)
	case "MMMM":
		return t.Month().String()
	case "MMM":
		return t.Month().String()[:3]
	case "MM":
		return fmt.Sprintf("%02d", int(t.Month()))
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "dddd":
		return t.Weekday().String()
	case "ddd":
		return t.Weekday().String()[:3]
	case "dd":
		return fmt.Sprintf("%02d", t.Day())
	case "d":
		return strconv.Itoa(t.Day())
	case "HH":
		return fmt.Sprintf("%02d", t.Hour())
	case "H":
		return strconv.Itoa(t.Hour())
	case "hh":
		return fmt.Sprintf("%02d", h12)
	case "h":
		return strconv.Itoa(h12)
	case "mm":
		return fmt.Sprintf("%02d", t.Minute())
	case "m":
		return strconv.Itoa(t.Minute())
	case "ss":
		return fmt.Sprintf("%02d", t.Second())
	case "s":
		return strconv.Itoa(t.Second())
	case "tt":
		return ampm(t)
	case "zzz":
		return string(appendOffset(nil, t))
	}
	frac := fmt.Sprintf("%09d", t.Nanosecond())
	return frac[:len(tok)]
}
