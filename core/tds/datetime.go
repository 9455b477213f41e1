package tds

import "time"

// TimeKind tells which SQL Server type a DateTime came from or goes to.
type TimeKind uint8

// Time kinds.
const (
	KindDate           TimeKind = iota + 1 // date
	KindTime                               // time
	KindDateTime                           // datetime, smalldatetime, datetime2 (no zone)
	KindDateTimeOffset                     // datetimeoffset
)

// DateTime is a date, a time of day, or both, in local wall time, with
// the zone offset of a datetimeoffset.
type DateTime struct {
	Days   int32 // days since 0001-01-01
	Nanos  int64 // nanoseconds since midnight
	Offset int16 // minutes east of UTC (KindDateTimeOffset)
	Kind   TimeKind
}

// Day counts between epochs.
const (
	daysTo1900 = 693595 // 0001-01-01 to 1900-01-01
	daysTo1970 = 719162 // 0001-01-01 to 1970-01-01
	nsPerDay   = 86400 * int64(time.Second)
)

// Date returns the calendar date (proleptic Gregorian).
func (v DateTime) Date() (year, month, day int) {
	// days from 0000-03-01, in eras of 400 years (146097 days)
	z := int64(v.Days) + 306
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = int(yoe + era*400)
	if month <= 2 {
		year++
	}
	return year, month, day
}

// daysFromCivil counts days since 0001-01-01 to a date.
func daysFromCivil(year, month, day int) int32 {
	y := int64(year)
	if month <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := int64((month + 9) % 12)
	doy := (153*mp+2)/5 + int64(day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 306)
}

// Clock returns the time of day.
func (v DateTime) Clock() (hour, minute, second, nanosecond int) {
	ns := v.Nanos
	s := ns / int64(time.Second)
	return int(s / 3600), int(s / 60 % 60), int(s % 60), int(ns % int64(time.Second))
}

// Time converts to a time.Time: UTC for values without a zone, a fixed
// zone of the offset for datetimeoffset.
func (v DateTime) Time() time.Time {
	loc := time.UTC
	if v.Kind == KindDateTimeOffset {
		loc = time.FixedZone("", int(v.Offset)*60)
	}
	y, m, d := v.Date()
	h, mi, s, ns := v.Clock()
	return time.Date(y, time.Month(m), d, h, mi, s, ns, loc)
}

// DateTimeOf converts a time.Time's wall clock (and, for
// KindDateTimeOffset, its offset) to a DateTime of the given kind.
func DateTimeOf(t time.Time, kind TimeKind) DateTime {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	v := DateTime{Days: daysFromCivil(y, int(m), d), Kind: kind,
		Nanos: int64(h)*3600e9 + int64(mi)*60e9 + int64(s)*1e9 + int64(t.Nanosecond())}
	switch kind {
	case KindDateTimeOffset:
		_, off := t.Zone()
		v.Offset = int16(off / 60)
	case KindTime:
		v.Days = 0
	case KindDate:
		v.Nanos = 0
	}
	return v
}

// utc returns the UTC date and time of a datetimeoffset (its wire form).
func (v DateTime) utc() (days int32, nanos int64) {
	nanos = v.Nanos - int64(v.Offset)*60e9 // within two days of v.Days
	days = v.Days + int32(nanos/nsPerDay)
	nanos %= nsPerDay
	if nanos < 0 {
		days, nanos = days-1, nanos+nsPerDay
	}
	return days, nanos
}

// fromUTC sets a datetimeoffset's local wall time from its UTC form.
func fromUTC(days int32, nanos int64, offset int16) DateTime {
	v := DateTime{Days: days, Nanos: nanos, Offset: -offset, Kind: KindDateTimeOffset}
	d, n := v.utc() // adding the offset: utc() subtracts -offset
	return DateTime{Days: d, Nanos: n, Offset: offset, Kind: KindDateTimeOffset}
}
