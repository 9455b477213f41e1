package tsql

import (
	"database/sql/driver"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	sqlite "modernc.org/sqlite"
)

// Date functions over the stored text forms.

func init() {
	s := scalarFuncs
	s["tsql_dateadd"] = fnDateAdd
	s["tsql_datediff"] = fnDateDiff
	s["tsql_datediff_days"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		x, ok1 := loadAny(a[0])
		y, ok2 := loadAny(a[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		return storeTime(roundTime(baseDate.Add(x.Sub(y)), typDateTime), sqltype.DateTime), nil
	}
	s["tsql_datepart"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := loadArg(a[1], a[2])
		if !ok {
			return nil, nil
		}
		part, _ := a[0].(string)
		return datePartValue(part, t), nil
	}
	s["tsql_datename"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := loadArg(a[1], a[2])
		if !ok {
			return nil, nil
		}
		switch a[0] {
		case "month":
			return t.Month().String(), nil
		case "weekday":
			return t.Weekday().String(), nil
		}
		return strconv.FormatInt(datePartValue(a[0].(string), t), 10), nil
	}
}

func init() {
	s := scalarFuncs
	s["tsql_eomonth"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := loadArg(a[0], a[1])
		if !ok {
			return nil, nil
		}
		months, _ := argInt(a[2])
		first := time.Date(t.Year(), t.Month()+time.Month(months)+1, 1, 0, 0, 0, 0, time.UTC)
		return storeTime(first.AddDate(0, 0, -1), sqltype.Date), nil
	}
	s["tsql_fromparts"] = fnFromParts
	s["tsql_isdate"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := a[0].(string)
		if !ok {
			return int64(0), nil
		}
		v, _, _, ok := parseDateTimeString(t)
		return boolToInt(ok && strings.TrimSpace(t) != "" && dateInRange(v, sqltype.DateTime)), nil
	}
	s["tsql_isnumeric"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		switch v := a[0].(type) {
		case int64, float64:
			return int64(1), nil
		case string:
			t := strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(v), "$"), ",", "")
			if t == "" || t == "+" || t == "-" || t == "." {
				return int64(0), nil
			}
			_, err := strconv.ParseFloat(t, 64)
			return boolToInt(err == nil), nil
		}
		return int64(0), nil
	}
	s["tsql_offset"] = fnOffset
	s["tsql_datetrunc"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		typ := decodeType(a[2].(int64))
		t, ok := loadArg(a[1], a[2])
		if !ok {
			return nil, nil
		}
		return storeTime(truncTo(a[0].(string), t), typ.Kind), nil
	}
	volatileFuncs["tsql_now"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		typ := decodeType(a[0].(int64))
		now := time.Now()
		if a[1] == int64(1) {
			now = now.UTC()
		}
		if typ.Kind != sqltype.DateTimeOffset {
			now = time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), time.UTC)
		} else {
			_, off := now.Zone()
			now = now.In(fixedZone(off))
		}
		return storeTime(roundTime(now, typ), typ.Kind), nil
	}
}

// loadArg reads a stored date/time value of the encoded type.
func loadArg(v driver.Value, code driver.Value) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	return loadTime(s, decodeType(code.(int64)).Kind)
}

// loadAny reads any stored date/time text whatever its kind.
func loadAny(v driver.Value) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	for _, k := range []sqltype.Kind{sqltype.DateTime2, sqltype.DateTimeOffset, sqltype.Date, sqltype.Time} {
		if t, ok := loadTime(s, k); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

func fnDateAdd(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[1] == nil || a[2] == nil {
		return nil, nil
	}
	typ := decodeType(a[3].(int64))
	t, ok := loadArg(a[2], a[3])
	if !ok {
		return nil, udfFail(errDateConversion())
	}
	part, _ := a[0].(string)
	if err := partAllowed("dateadd", part, typ.Kind); err != nil {
		return nil, udfFail(err)
	}
	var r time.Time
	if f, isFloat := a[1].(float64); isFloat && part == "day_frac" {
		r = t.Add(time.Duration(f * 24 * float64(time.Hour)))
	} else {
		n, _ := argInt(a[1])
		r = addPart(t, part, n)
	}
	if typ.Kind == sqltype.Time {
		r = fromTimeOfDay(r)
	}
	r = roundTime(r, typ)
	if !dateInRange(r, typ.Kind) {
		return nil, udfFail(newErr(517, 16, 1, "Adding a value to a '%s' column caused an overflow.", typ.Kind))
	}
	return storeTime(r, typ.Kind), nil
}

func partAllowed(fn, part string, k sqltype.Kind) error {
	bad := false
	switch k {
	case sqltype.Time:
		bad = part == "year" || part == "quarter" || part == "month" || part == "dayofyear" || part == "day" || part == "week" || part == "weekday"
	case sqltype.Date:
		bad = part == "hour" || part == "minute" || part == "second" || part == "millisecond" || part == "microsecond" || part == "nanosecond"
	}
	if bad {
		return newErr(9810, 16, 10, "The datepart %s is not supported by date function %s for data type %s.", part, fn, k)
	}
	return nil
}

func addPart(t time.Time, part string, n int64) time.Time {
	switch part {
	case "year":
		return addMonthsClamped(t, int(n)*12)
	case "quarter":
		return addMonthsClamped(t, int(n)*3)
	case "month":
		return addMonthsClamped(t, int(n))
	case "day", "dayofyear", "weekday", "day_frac":
		return t.AddDate(0, 0, int(n))
	case "week":
		return t.AddDate(0, 0, int(n)*7)
	case "hour":
		return t.Add(time.Duration(n) * time.Hour)
	case "minute":
		return t.Add(time.Duration(n) * time.Minute)
	case "second":
		return t.Add(time.Duration(n) * time.Second)
	case "millisecond":
		return t.Add(time.Duration(n) * time.Millisecond)
	case "microsecond":
		return t.Add(time.Duration(n) * time.Microsecond)
	case "nanosecond":
		return t.Add(time.Duration(n))
	}
	return t
}

// addMonthsClamped adds months keeping the day within the target month
// (Jan 31 + 1 month = Feb 28/29), as DATEADD does.
func addMonthsClamped(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	if last := daysIn(first.Month(), first.Year()); d > last {
		d = last
	}
	return first.AddDate(0, 0, d-1)
}

func fnDateDiff(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[1] == nil || a[2] == nil {
		return nil, nil
	}
	x, ok1 := loadArg(a[1], a[3])
	y, ok2 := loadArg(a[2], a[4])
	if !ok1 || !ok2 {
		return nil, udfFail(errDateConversion())
	}
	if x.Location() != time.UTC || y.Location() != time.UTC {
		x, y = x.UTC(), y.UTC()
	}
	part, _ := a[0].(string)
	d := dateDiff(part, x, y)
	if decodeType(a[5].(int64)).Kind == sqltype.Int && (d > math.MaxInt32 || d < math.MinInt32) {
		return nil, udfFail(newErr(535, 16, 0, "The datediff function resulted in an overflow. The number of dateparts separating two date/time instances is too large. Try to use datediff with a less precise datepart."))
	}
	return d, nil
}

// dateDiff counts the part boundaries crossed from x to y.
func dateDiff(part string, x, y time.Time) int64 {
	days := func(t time.Time) int64 {
		return int64(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(baseDate).Hours() / 24)
	}
	switch part {
	case "year":
		return int64(y.Year() - x.Year())
	case "quarter":
		return int64((y.Year()*4 + (int(y.Month())-1)/3) - (x.Year()*4 + (int(x.Month())-1)/3))
	case "month":
		return int64((y.Year()*12 + int(y.Month())) - (x.Year()*12 + int(x.Month())))
	case "day", "dayofyear", "weekday":
		return days(y) - days(x)
	case "week":
		return floorDiv(days(y)+1, 7) - floorDiv(days(x)+1, 7)
	case "iso_week":
		return floorDiv(days(y), 7) - floorDiv(days(x), 7)
	}
	unit := map[string]time.Duration{"hour": time.Hour, "minute": time.Minute, "second": time.Second,
		"millisecond": time.Millisecond, "microsecond": time.Microsecond, "nanosecond": 1}[part]
	if unit == 0 {
		return 0
	}
	tx, ty := x.Truncate(unit), y.Truncate(unit)
	return int64(ty.Sub(tx) / unit)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// datePartValue is DATEPART (us_english, DATEFIRST 7).
func datePartValue(part string, t time.Time) int64 {
	switch part {
	case "year":
		return int64(t.Year())
	case "quarter":
		return int64((int(t.Month())-1)/3 + 1)
	case "month":
		return int64(t.Month())
	case "dayofyear":
		return int64(t.YearDay())
	case "day":
		return int64(t.Day())
	case "week":
		jan1 := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return int64((t.YearDay()+int(jan1.Weekday())-1)/7 + 1)
	case "weekday":
		return int64(t.Weekday()) + 1
	case "hour":
		return int64(t.Hour())
	case "minute":
		return int64(t.Minute())
	case "second":
		return int64(t.Second())
	case "millisecond":
		return int64(t.Nanosecond() / 1e6)
	case "microsecond":
		return int64(t.Nanosecond() / 1e3)
	case "nanosecond":
		return int64(t.Nanosecond() / 100 * 100)
	case "tzoffset":
		_, off := t.Zone()
		return int64(off / 60)
	case "iso_week":
		_, w := t.ISOWeek()
		return int64(w)
	}
	return 0
}

func truncTo(part string, t time.Time) time.Time {
	switch part {
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location())
	case "quarter":
		return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, t.Location())
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	case "day", "dayofyear":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	case "week":
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
		return d.AddDate(0, 0, -int(d.Weekday()))
	}
	unit := map[string]time.Duration{"hour": time.Hour, "minute": time.Minute, "second": time.Second,
		"millisecond": time.Millisecond, "microsecond": time.Microsecond}[part]
	if unit == 0 {
		return t
	}
	return t.Truncate(unit)
}

func fnFromParts(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	typ := decodeType(a[0].(int64))
	n := make([]int, len(a)-1)
	for i, v := range a[1:] {
		if v == nil {
			return nil, nil
		}
		x, _ := argInt(v)
		n[i] = int(x)
	}
	bad := newErr(289, 16, 1, "Cannot construct data type %s, some of the arguments have values which are not valid.", typ.Kind)
	var t time.Time
	loc := time.UTC
	switch typ.Kind {
	case sqltype.Date:
		t = time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, loc)
	case sqltype.DateTime:
		t = time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], n[6]*1e6, loc)
	case sqltype.SmallDateTime:
		t = time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], 0, 0, loc)
	case sqltype.DateTime2:
		t = time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], fracNanos(n[6], n[7]), loc)
	case sqltype.Time:
		t = time.Date(1900, 1, 1, n[0], n[1], n[2], fracNanos(n[3], n[4]), loc)
	case sqltype.DateTimeOffset:
		loc = fixedZone(n[7]*3600 + n[8]*60)
		t = time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], fracNanos(n[6], n[9]), loc)
	}
	y, m, d := t.Date()
	if len(n) >= 3 && typ.Kind != sqltype.Time && (y != n[0] || int(m) != n[1] || d != n[2]) {
		return nil, udfFail(bad)
	}
	return storeTime(roundTime(t, typ), typ.Kind), nil
}

func fracNanos(frac, precision int) int {
	for i := precision; i < 9; i++ {
		frac *= 10
	}
	return frac
}

// fnOffset is SWITCHOFFSET (switch = 1) and TODATETIMEOFFSET (0).
func fnOffset(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[2] == nil {
		return nil, nil
	}
	t, ok := loadArg(a[0], a[1])
	if !ok {
		return nil, nil
	}
	var off int
	switch v := a[2].(type) {
	case int64:
		off = int(v) * 60
	case string:
		tt, _, has, ok := parseDateTimeString("2000-01-01 00:00 " + strings.TrimSpace(v))
		if !ok || !has {
			return nil, udfFail(newErr(9828, 16, 1, "The timezone provided to builtin function %s is invalid.", map[bool]string{true: "switchoffset", false: "todatetimeoffset"}[a[3] == int64(1)]))
		}
		_, off = tt.Zone()
	}
	loc := fixedZone(off)
	if a[3] == int64(1) {
		return storeTime(t.In(loc), sqltype.DateTimeOffset), nil
	}
	w := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	return storeTime(w, sqltype.DateTimeOffset), nil
}
