package tsql

import (
	"fmt"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// formatDateStyle renders a stored date/time value as CONVERT(varchar, x,
// style) does.
func formatDateStyle(s string, from sqltype.Type, style int) (string, error) {
	t, ok := loadTime(s, from.Kind)
	if !ok {
		return "", errDateConversion()
	}
	digits := fracDigits(from)
	if from.Kind == sqltype.DateTime {
		t = t.Round(time.Millisecond) // datetime shows its 1/300 s ticks as milliseconds
	}
	if style == 0 || style == 100 {
		if from.Kind == sqltype.DateTime || from.Kind == sqltype.SmallDateTime {
			return legacyStyle(t), nil
		}
		return isoDefault(t, from.Kind, digits), nil
	}
	if f, ok := dateStyles[style]; ok {
		return f(t, digits), nil
	}
	return "", newErr(281, 16, 1, "%d is not a valid style number when converting from %s to a character string.", style, from.Kind).batch()
}

func fracDigits(t sqltype.Type) int {
	switch t.Kind {
	case sqltype.DateTime:
		return 3
	case sqltype.SmallDateTime, sqltype.Date:
		return 0
	}
	return int(t.Scale)
}

// legacyStyle is "mon dd yyyy hh:miAM", the default for datetime.
func legacyStyle(t time.Time) string {
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	return fmt.Sprintf("%s %2d %04d %2d:%02d%s", monthTitle(t), t.Day(), t.Year(), h, t.Minute(), ampm(t))
}

func isoDefault(t time.Time, k sqltype.Kind, digits int) string {
	switch k {
	case sqltype.Date:
		return string(appendDate(nil, t))
	case sqltype.Time:
		return string(appendClock(nil, t, digits))
	case sqltype.DateTimeOffset:
		b := appendDate(nil, t)
		b = append(b, ' ')
		b = appendClock(b, t, digits)
		b = append(b, ' ')
		return string(appendOffset(b, t))
	}
	b := appendDate(nil, t)
	b = append(b, ' ')
	return string(appendClock(b, t, digits))
}

func monthTitle(t time.Time) string {
	m := monthNames[t.Month()-1]
	return strings.ToUpper(m[:1]) + m[1:]
}

func ampm(t time.Time) string {
	if t.Hour() < 12 {
		return "AM"
	}
	return "PM"
}

func yy(t time.Time) string { return fmt.Sprintf("%02d", t.Year()%100) }

func ymd(t time.Time, sep string, long bool) string {
	y := yy(t)
	if long {
		y = fmt.Sprintf("%04d", t.Year())
	}
	return fmt.Sprintf("%s%s%02d%s%02d", y, sep, int(t.Month()), sep, t.Day())
}

func mdy(t time.Time, sep string, long bool) string {
	y := yy(t)
	if long {
		y = fmt.Sprintf("%04d", t.Year())
	}
	return fmt.Sprintf("%02d%s%02d%s%s", int(t.Month()), sep, t.Day(), sep, y)
}

func dmy(t time.Time, sep string, long bool) string {
	y := yy(t)
	if long {
		y = fmt.Sprintf("%04d", t.Year())
	}
	return fmt.Sprintf("%02d%s%02d%s%s", t.Day(), sep, int(t.Month()), sep, y)
}

func hms(t time.Time) string { return fmt.Sprintf("%02d:%02d:%02d", t.Hour(), t.Minute(), t.Second()) }

func ms(t time.Time) int { return t.Nanosecond() / 1_000_000 }

func clockFrac(t time.Time, digits int) string {
	return string(appendClock(nil, t, digits))
}

var dateStyles = map[int]func(time.Time, int) string{}

func init() {
	for style, f := range map[int]func(time.Time, int) string{
		1:  func(t time.Time, _ int) string { return mdy(t, "/", false) },
		2:  func(t time.Time, _ int) string { return ymd(t, ".", false) },
		3:  func(t time.Time, _ int) string { return dmy(t, "/", false) },
		4:  func(t time.Time, _ int) string { return dmy(t, ".", false) },
		5:  func(t time.Time, _ int) string { return dmy(t, "-", false) },
		6:  func(t time.Time, _ int) string { return fmt.Sprintf("%02d %s %s", t.Day(), monthTitle(t), yy(t)) },
		7:  func(t time.Time, _ int) string { return fmt.Sprintf("%s %02d, %s", monthTitle(t), t.Day(), yy(t)) },
		10: func(t time.Time, _ int) string { return mdy(t, "-", false) },
		11: func(t time.Time, _ int) string { return ymd(t, "/", false) },
		12: func(t time.Time, _ int) string { return ymd(t, "", false) },
	} {
		dateStyles[style] = f
		long := style
		dateStyles[style+100] = func(t time.Time, d int) string { return longYear(long, t) }
	}
	dateStyles[8] = func(t time.Time, _ int) string { return hms(t) }
	dateStyles[108], dateStyles[24] = dateStyles[8], dateStyles[8]
	dateStyles[9] = func(t time.Time, _ int) string {
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return fmt.Sprintf("%s %2d %04d %2d:%02d:%02d:%03d%s", monthTitle(t), t.Day(), t.Year(), h, t.Minute(), t.Second(), ms(t), ampm(t))
	}
	dateStyles[109] = dateStyles[9]
	dateStyles[13] = func(t time.Time, _ int) string {
		return fmt.Sprintf("%02d %s %04d %s:%03d", t.Day(), monthTitle(t), t.Year(), hms(t), ms(t))
	}
	dateStyles[113] = dateStyles[13]
	dateStyles[14] = func(t time.Time, _ int) string { return fmt.Sprintf("%s:%03d", hms(t), ms(t)) }
	dateStyles[114] = dateStyles[14]
	dateStyles[20] = func(t time.Time, _ int) string { return ymd(t, "-", true) + " " + hms(t) }
	dateStyles[120] = dateStyles[20]
	dateStyles[21] = func(t time.Time, d int) string { return ymd(t, "-", true) + " " + clockFrac(t, d) }
	dateStyles[121], dateStyles[25] = dateStyles[21], dateStyles[21]
	dateStyles[22] = func(t time.Time, _ int) string {
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return fmt.Sprintf("%s %2d:%02d:%02d %s", mdy(t, "/", false), h, t.Minute(), t.Second(), ampm(t))
	}
	dateStyles[23] = func(t time.Time, _ int) string { return ymd(t, "-", true) }
	dateStyles[126] = func(t time.Time, d int) string { return iso8601(t, d) }
	dateStyles[127] = func(t time.Time, d int) string { return iso8601(t.UTC(), d) + "Z" }
}

func longYear(style int, t time.Time) string {
	switch style {
	case 1:
		return mdy(t, "/", true)
	case 2:
		return ymd(t, ".", true)
	case 3:
		return dmy(t, "/", true)
	case 4:
		return dmy(t, ".", true)
	case 5:
		return dmy(t, "-", true)
	case 6:
		return fmt.Sprintf("%02d %s %04d", t.Day(), monthTitle(t), t.Year())
	case 7:
		return fmt.Sprintf("%s %02d, %04d", monthTitle(t), t.Day(), t.Year())
	case 10:
		return mdy(t, "-", true)
	case 11:
		return ymd(t, "/", true)
	}
	return ymd(t, "", true)
}

// iso8601 is style 126: fractions shown only when non-zero.
func iso8601(t time.Time, digits int) string {
	s := ymd(t, "-", true) + "T" + hms(t)
	if t.Nanosecond() != 0 && digits > 0 {
		s = ymd(t, "-", true) + "T" + clockFrac(t, digits)
	}
	return s
}
