package tsql

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"github.com/shopspring/decimal"
)

// convertValue converts a stored value of type from to type to as
// CAST/CONVERT does (style is CONVERT's style, 0 otherwise). Values are in
// the storage convention (int64, float64, string, []byte, nil).
func convertValue(v any, from, to sqltype.Type, style int) (any, error) {
	if v == nil {
		return nil, nil
	}
	if from.Kind == sqltype.SQLVariant && to.Kind != sqltype.SQLVariant {
		if inner, base, ok := variantDecode(v); ok {
			return convertValue(inner, base, to, style)
		}
		from = guessVariantType(v)
	}
	switch k := to.Kind; {
	case isIntKind(k):
		return toInt(v, from, to)
	case k == sqltype.Bit:
		return toBit(v, from)
	case k == sqltype.Money || k == sqltype.SmallMoney:
		return toMoney(v, from, to)
	case k == sqltype.Decimal || k == sqltype.Numeric:
		return toDecimal(v, from, to)
	case isFloatKind(k):
		return toFloat(v, from, to)
	case isStringKind(k) || k == sqltype.Xml:
		return toString(v, from, to, style)
	case isBinaryKind(k):
		return toBinary(v, from, to, style)
	case isDateTimeKind(k):
		return toDateTime(v, from, to, style)
	case k == sqltype.UniqueIdentifier:
		return toGUID(v, from)
	case k == sqltype.SQLVariant:
		return variantEncode(v, from), nil
	}
	return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
}

// typeLabel names a type in conversion messages ("numeric" for decimals).
func typeLabel(t sqltype.Type) string {
	if t.Kind == sqltype.Decimal {
		return "numeric"
	}
	return t.Kind.String()
}

var intRanges = map[sqltype.Kind][2]int64{
	sqltype.TinyInt: {0, 255}, sqltype.SmallInt: {-32768, 32767},
	sqltype.Int: {math.MinInt32, math.MaxInt32}, sqltype.BigInt: {math.MinInt64, math.MaxInt64},
}

func intInRange(n int64, k sqltype.Kind) bool {
	r := intRanges[k]
	return n >= r[0] && n <= r[1]
}

func intOverflow(n int64, from, to sqltype.Type) error {
	if isIntKind(from.Kind) && (to.Kind == sqltype.TinyInt || to.Kind == sqltype.SmallInt) {
		return newErr(220, 16, 2, "Arithmetic overflow error for data type %s, value = %d.", to.Kind, n).batch()
	}
	if isIntKind(from.Kind) || from.Kind == sqltype.Bit {
		return errOverflowExpr(to.Kind.String())
	}
	return errOverflow(typeLabel(from), to.Kind.String())
}

func toInt(v any, from, to sqltype.Type) (any, error) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		if math.IsNaN(x) || x >= 9.3e18 || x <= -9.3e18 {
			return nil, errOverflow(typeLabel(from), to.Kind.String())
		}
		n = int64(x) // truncates toward zero
	case string:
		switch {
		case isDecimalKind(from.Kind):
			d, ok := parseDecimalText(x)
			if !ok {
				return nil, errConversion(typeLabel(from), x, to.Kind.String())
			}
			if from.Kind == sqltype.Money || from.Kind == sqltype.SmallMoney {
				d = d.Round(0)
			}
			d = d.Truncate(0)
			if !d.IsInteger() || d.GreaterThan(decimal.NewFromInt(math.MaxInt64)) || d.LessThan(decimal.NewFromInt(math.MinInt64)) {
				return nil, errOverflow(typeLabel(from), to.Kind.String())
			}
			n = d.IntPart()
		case isDateTimeKind(from.Kind):
			return dateToNumber(x, from, to)
		default:
			return parseIntString(x, from, to)
		}
	case []byte:
		for _, b := range x {
			n = n<<8 | int64(b)
		}
	default:
		return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
	}
	if !intInRange(n, to.Kind) {
		return nil, intOverflow(n, from, to)
	}
	return n, nil
}

func parseIntString(s string, from, to sqltype.Type) (any, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return int64(0), nil
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(t, "+"), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil, newErr(248, 16, 1, "The conversion of the %s value '%s' overflowed an %s column. Use a larger integer column.", typeLabel(from), s, to.Kind).batch()
		}
		return nil, errConversion(typeLabel(from), s, to.Kind.String())
	}
	if !intInRange(n, to.Kind) {
		return nil, newErr(244, 16, 1, "The conversion of the %s value '%s' overflowed an %s column. Use a larger integer column.", typeLabel(from), s, to.Kind).batch()
	}
	return n, nil
}

// dateToNumber converts datetime / smalldatetime to days since 1900-01-01.
func dateToNumber(s string, from, to sqltype.Type) (any, error) {
	if from.Kind != sqltype.DateTime && from.Kind != sqltype.SmallDateTime {
		return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
	}
	t, ok := loadTime(s, from.Kind)
	if !ok {
		return nil, errDateConversion()
	}
	days := t.Sub(baseDate).Hours() / 24
	if isFloatKind(to.Kind) {
		return days, nil
	}
	return int64(math.Floor(days + 0.5)), nil
}

func toBit(v any, from sqltype.Type) (any, error) {
	switch x := v.(type) {
	case int64:
		return boolToInt(x != 0), nil
	case float64:
		return boolToInt(x != 0), nil
	case string:
		if isDecimalKind(from.Kind) {
			d, _ := parseDecimalText(x)
			return boolToInt(!d.IsZero()), nil
		}
		t := strings.TrimSpace(x)
		switch strings.ToUpper(t) {
		case "TRUE":
			return int64(1), nil
		case "FALSE", "":
			return int64(0), nil
		}
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			return boolToInt(n != 0), nil
		}
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return boolToInt(f != 0), nil
		}
		return nil, errConversion(typeLabel(from), x, "bit")
	case []byte:
		for _, b := range x {
			if b != 0 {
				return int64(1), nil
			}
		}
		return int64(0), nil
	}
	return nil, errExplicitConversion(from.Kind.String(), "bit")
}

func boolToInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func toDecimal(v any, from, to sqltype.Type) (any, error) {
	d, err := numberOf(v, from, to)
	if err != nil {
		return nil, err
	}
	s := int(to.Scale)
	d = d.Round(int32(s))
	if !decFits(d, int(to.Precision), s) {
		return nil, errOverflow(typeLabel(from), "numeric")
	}
	return d.StringFixed(int32(s)), nil
}

// numberOf reads any numeric or string value as an exact decimal.
func numberOf(v any, from, to sqltype.Type) (decimal.Decimal, error) {
	switch x := v.(type) {
	case int64, float64:
		d, _ := decFromStorage(x)
		return d, nil
	case string:
		if isDecimalKind(from.Kind) {
			d, ok := parseDecimalText(x)
			if ok {
				return d, nil
			}
		}
		if isDateTimeKind(from.Kind) || from.Kind == sqltype.UniqueIdentifier {
			return decimal.Zero, errExplicitConversion(from.Kind.String(), to.Kind.String())
		}
		t := strings.TrimSpace(x)
		if to.Kind == sqltype.Money || to.Kind == sqltype.SmallMoney {
			t = strings.ReplaceAll(strings.TrimPrefix(t, "$"), ",", "")
		}
		if t == "" && (to.Kind == sqltype.Money || to.Kind == sqltype.SmallMoney) {
			return decimal.Zero, nil
		}
		d, ok := parseDecimalText(t)
		if !ok {
			if to.Kind == sqltype.Money || to.Kind == sqltype.SmallMoney {
				return d, newErr(235, 16, 0, "Cannot convert a char value to money. The char value has incorrect syntax.").batch()
			}
			return d, errConvertingType(typeLabel(from), typeLabel(to))
		}
		return d, nil
	}
	return decimal.Zero, errExplicitConversion(from.Kind.String(), to.Kind.String())
}

var (
	moneyMin, moneyMax           = decimal.RequireFromString("-922337203685477.5808"), decimal.RequireFromString("922337203685477.5807")
	smallMoneyMin, smallMoneyMax = decimal.RequireFromString("-214748.3648"), decimal.RequireFromString("214748.3647")
)

func toMoney(v any, from, to sqltype.Type) (any, error) {
	d, err := numberOf(v, from, to)
	if err != nil {
		return nil, err
	}
	d = d.Round(4)
	lo, hi := moneyMin, moneyMax
	if to.Kind == sqltype.SmallMoney {
		lo, hi = smallMoneyMin, smallMoneyMax
	}
	if d.LessThan(lo) || d.GreaterThan(hi) {
		return nil, errOverflow(typeLabel(from), to.Kind.String())
	}
	return d.StringFixed(4), nil
}

func toFloat(v any, from, to sqltype.Type) (any, error) {
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	case string:
		switch {
		case isDecimalKind(from.Kind):
			f, _ = strconv.ParseFloat(x, 64)
		case isDateTimeKind(from.Kind):
			return dateToNumber(x, from, to)
		case from.Kind == sqltype.UniqueIdentifier:
			return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
		default:
			t := strings.TrimSpace(x)
			var err error
			if t == "" {
				f = 0
			} else if f, err = strconv.ParseFloat(t, 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return nil, errConvertingType(typeLabel(from), "float")
			}
		}
	default:
		return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
	}
	if to.Kind == sqltype.Real {
		f = float64(float32(f))
	}
	return f, nil
}

// textOf renders any stored value as CAST(x AS nvarchar) would.
func textOf(v any, from sqltype.Type, style int) (string, error) {
	switch x := v.(type) {
	case int64:
		if from.Kind == sqltype.Bit {
			return strconv.FormatInt(boolToInt(x != 0), 10), nil
		}
		return strconv.FormatInt(x, 10), nil
	case float64:
		if style == 1 || style == 2 || style == 3 {
			return strconv.FormatFloat(x, 'e', 16, 64), nil
		}
		return floatText(x, from.Kind == sqltype.Real), nil
	case string:
		switch {
		case from.Kind == sqltype.Money || from.Kind == sqltype.SmallMoney:
			d, _ := parseDecimalText(x)
			if style == 2 {
				return d.StringFixed(4), nil
			}
			return d.StringFixed(2), nil
		case isDateTimeKind(from.Kind):
			return formatDateStyle(x, from, style)
		}
		return x, nil
	case []byte:
		switch style {
		case 1:
			return "0x" + strings.ToUpper(hex.EncodeToString(x)), nil
		case 2:
			return strings.ToUpper(hex.EncodeToString(x)), nil
		}
		return cp1252Text(x), nil
	}
	return "", nil
}

func toString(v any, from, to sqltype.Type, style int) (any, error) {
	s, err := textOf(v, from, style)
	if err != nil {
		return nil, err
	}
	if b, ok := v.([]byte); ok && style == 0 && isUnicodeKind(to.Kind) {
		s = utf16Text(b)
	}
	unicode := isUnicodeKind(to.Kind) || to.Kind == sqltype.Xml
	if !unicode {
		s = toCP1252Text(s)
	}
	if to.Length > 0 && (to.Kind != sqltype.Text && to.Kind != sqltype.NText && to.Kind != sqltype.Xml) {
		if charLen(s, unicode) > to.Length {
			if isNumericKind(from.Kind) && !isDecimalKind(from.Kind) && from.Kind != sqltype.Float && from.Kind != sqltype.Real {
				if unicode {
					return nil, errOverflowExpr(to.Kind.String())
				}
				return "*", nil
			}
			s = truncateChars(s, to.Length, unicode)
		}
		if to.Kind == sqltype.Char || to.Kind == sqltype.NChar {
			s = padChars(s, to.Length, unicode)
		}
	}
	return s, nil
}

// padChars pads s with spaces to n units, as char(n) stores it.
func padChars(s string, n int, unicode bool) string {
	l := charLen(s, unicode)
	if l >= n {
		return s
	}
	return s + strings.Repeat(" ", n-l)
}

func toBinary(v any, from, to sqltype.Type, style int) (any, error) {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case int64:
		size := maxLengthBytes(from)
		if from.Kind == sqltype.Bit {
			size = 1
		}
		for i := size - 1; i >= 0; i-- {
			b = append(b, byte(x>>(8*i)))
		}
	case string:
		var err error
		if b, err = stringToBinary(x, from, style); err != nil {
			return nil, err
		}
	case float64:
		return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
	}
	if to.Length > 0 && len(b) > to.Length {
		b = b[:to.Length]
	}
	if to.Kind == sqltype.Binary && len(b) < to.Length {
		p := make([]byte, to.Length)
		copy(p, b)
		b = p
	}
	return b, nil
}

func stringToBinary(x string, from sqltype.Type, style int) ([]byte, error) {
	switch {
	case from.Kind == sqltype.UniqueIdentifier:
		g, ok := parseGUID(x)
		if !ok {
			return nil, errGUIDConversion()
		}
		return guidToSQLBytes(g), nil
	case isDecimalKind(from.Kind) || isDateTimeKind(from.Kind):
		return nil, errExplicitConversion(from.Kind.String(), "varbinary")
	case style == 1 || style == 2:
		h := x
		if style == 1 {
			if !strings.HasPrefix(strings.ToLower(h), "0x") {
				return nil, errConvertingType(typeLabel(from), "varbinary")
			}
			h = h[2:]
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, errConvertingType(typeLabel(from), "varbinary")
		}
		return b, nil
	case isUnicodeKind(from.Kind):
		return utf16Bytes(x), nil
	}
	return cp1252Bytes(x), nil
}

func toDateTime(v any, from, to sqltype.Type, style int) (any, error) {
	var t time.Time
	switch x := v.(type) {
	case string:
		var err error
		if t, err = stringToTime(x, from, to); err != nil {
			return nil, err
		}
	case int64, float64:
		if to.Kind != sqltype.DateTime && to.Kind != sqltype.SmallDateTime {
			return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
		}
		f, _ := x.(float64)
		if i, ok := x.(int64); ok {
			f = float64(i)
		}
		t = baseDate.Add(time.Duration(f * 24 * float64(time.Hour)))
	default:
		return nil, errExplicitConversion(from.Kind.String(), to.Kind.String())
	}
	t = adjustDateKind(t, from, to)
	t = roundTime(t, to)
	if !dateInRange(t, to.Kind) {
		return nil, newErr(242, 16, 3, "The conversion of a %s data type to a %s data type resulted in an out-of-range value.", typeLabel(from), to.Kind).batch()
	}
	return storeTime(t, to.Kind), nil
}

func stringToTime(x string, from, to sqltype.Type) (time.Time, error) {
	if isDateTimeKind(from.Kind) {
		t, ok := loadTime(x, from.Kind)
		if !ok {
			return t, errDateConversion()
		}
		if from.Kind == sqltype.Time && to.Kind == sqltype.Date {
			return t, errTypeClash("time", "date")
		}
		if from.Kind == sqltype.Date && to.Kind == sqltype.Time {
			return t, errExplicitConversion("date", "time")
		}
		return t, nil
	}
	if !isStringKind(from.Kind) && from.Kind != sqltype.Xml {
		return time.Time{}, errExplicitConversion(from.Kind.String(), to.Kind.String())
	}
	t, _, hasOffset, ok := parseDateTimeString(x)
	if !ok {
		return t, errDateConversion()
	}
	if hasOffset && to.Kind != sqltype.DateTimeOffset {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t, nil
}

// adjustDateKind moves a value between date/time kinds: offsets are kept
// only by datetimeoffset, time keeps the clock, date the day.
func adjustDateKind(t time.Time, from, to sqltype.Type) time.Time {
	switch {
	case to.Kind == sqltype.Time:
		return fromTimeOfDay(t)
	case to.Kind == sqltype.DateTimeOffset:
		if from.Kind != sqltype.DateTimeOffset && t.Location() == time.UTC {
			return t.In(fixedZone(0))
		}
		return t
	case from.Kind == sqltype.DateTimeOffset || t.Location() != time.UTC:
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}
