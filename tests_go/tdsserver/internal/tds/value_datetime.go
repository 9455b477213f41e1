package tds

import (
	"encoding/binary"
	"fmt"
	"time"
)

const (
	secondsPerDay = 86400
	nanosPerDay   = secondsPerDay * int64(time.Second)
)

var (
	epoch0001 = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	epoch1900 = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

func wantTime(v any) (time.Time, error) {
	t, ok := v.(time.Time)
	if !ok {
		return t, fmt.Errorf("want a time.Time, got %T", v)
	}
	return t, nil
}

// wallDays splits t's wall clock into days since the Unix-seconds epoch
// base and nanoseconds into the day.
func wallDays(t time.Time, base int64) (days, nanos int64) {
	y, m, d := t.Date()
	days = (time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() - base) / secondsPerDay
	h, mi, s := t.Clock()
	nanos = int64(h*3600+mi*60+s)*int64(time.Second) + int64(t.Nanosecond())
	return days, nanos
}

// scaledTime rounds nanoseconds into the day to units of 10^-scale seconds.
// carry is 1 when rounding reaches midnight.
func scaledTime(nanos int64, scale byte) (units, carry int64) {
	div := pow10[9-scale]
	units = (nanos + div/2) / div
	perDay := nanosPerDay / div
	if units >= perDay {
		return units - perDay, 1
	}
	return units, 0
}

func appendDate(dst []byte, days int64) ([]byte, error) {
	if days < 0 || days > 3652058 { // 9999-12-31
		return dst, fmt.Errorf("date out of range")
	}
	return appendLE(dst, uint64(days), 3), nil
}

func encodeDate(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	t, err := wantTime(v)
	if err != nil {
		return dst, err
	}
	days, _ := wallDays(t, epoch0001)
	return appendDate(dst, days)
}

func encodeTime(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	t, err := wantTime(v)
	if err != nil {
		return dst, err
	}
	_, nanos := wallDays(t, epoch0001)
	units, carry := scaledTime(nanos, ti.Scale)
	if carry != 0 {
		units = nanosPerDay/pow10[9-ti.Scale] - 1
	}
	return appendLE(dst, uint64(units), timeSize(ti.Scale)), nil
}

func appendDateTime2(dst []byte, t time.Time, scale byte) ([]byte, error) {
	days, nanos := wallDays(t, epoch0001)
	units, carry := scaledTime(nanos, scale)
	dst = appendLE(dst, uint64(units), timeSize(scale))
	return appendDate(dst, days+carry)
}

func encodeDateTime2(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	t, err := wantTime(v)
	if err != nil {
		return dst, err
	}
	return appendDateTime2(dst, t, ti.Scale)
}

func encodeDateTimeOffset(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	t, err := wantTime(v)
	if err != nil {
		return dst, err
	}
	_, off := t.Zone()
	if off%60 != 0 || off < -14*3600 || off > 14*3600 {
		return dst, fmt.Errorf("time zone offset %ds is not valid for datetimeoffset", off)
	}
	dst, err = appendDateTime2(dst, t.UTC(), ti.Scale)
	return binary.LittleEndian.AppendUint16(dst, uint16(int16(off/60))), err
}

func encodeDateTime(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	t, err := wantTime(v)
	if err != nil {
		return dst, err
	}
	days, nanos := wallDays(t, epoch1900)
	ticks := (nanos*300 + int64(time.Second)/2) / int64(time.Second)
	if ticks >= 300*secondsPerDay {
		days, ticks = days+1, 0
	}
	if days < -53690 || days > 2958463 { // 1753-01-01 .. 9999-12-31
		return dst, fmt.Errorf("datetime out of range")
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(int32(days)))
	return binary.LittleEndian.AppendUint32(dst, uint32(ticks)), nil
}

func encodeSmallDateTime(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	t, err := wantTime(v)
	if err != nil {
		return dst, err
	}
	days, nanos := wallDays(t, epoch1900)
	minutes := nanos / int64(time.Minute)
	if nanos%int64(time.Minute) >= 29998*int64(time.Millisecond) {
		minutes++ // SQL Server rounds up from 29.998 seconds
	}
	if minutes >= 1440 {
		days, minutes = days+1, 0
	}
	if days < 0 || days > 65535 {
		return dst, fmt.Errorf("smalldatetime out of range")
	}
	dst = binary.LittleEndian.AppendUint16(dst, uint16(days))
	return binary.LittleEndian.AppendUint16(dst, uint16(minutes)), nil
}

func readLE(b []byte) uint64 {
	var u uint64
	for i := len(b) - 1; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	return u
}

func dayTime(base int64, days int64, nanos int64) time.Time {
	return time.Unix(base+days*secondsPerDay, nanos).UTC()
}

func decodeDate(b []byte, ti *TypeInfo) (any, error) {
	if len(b) != 3 {
		return nil, fmt.Errorf("date of %d bytes", len(b))
	}
	return dayTime(epoch0001, int64(readLE(b)), 0), nil
}

func timeNanos(b []byte, scale byte) (int64, error) {
	if len(b) != timeSize(scale) {
		return 0, fmt.Errorf("time of %d bytes for scale %d", len(b), scale)
	}
	n := int64(readLE(b)) * pow10[9-scale]
	if n >= nanosPerDay {
		return 0, fmt.Errorf("time value past midnight")
	}
	return n, nil
}

func decodeTime(b []byte, ti *TypeInfo) (any, error) {
	n, err := timeNanos(b, ti.Scale)
	if err != nil {
		return nil, err
	}
	return dayTime(epoch0001, 0, n), nil
}

func decodeDateTime2(b []byte, ti *TypeInfo) (any, error) {
	ts := timeSize(ti.Scale)
	if len(b) != ts+3 {
		return nil, fmt.Errorf("datetime2 of %d bytes", len(b))
	}
	n, err := timeNanos(b[:ts], ti.Scale)
	if err != nil {
		return nil, err
	}
	return dayTime(epoch0001, int64(readLE(b[ts:])), n), nil
}

func decodeDateTimeOffset(b []byte, ti *TypeInfo) (any, error) {
	if len(b) != timeSize(ti.Scale)+5 {
		return nil, fmt.Errorf("datetimeoffset of %d bytes", len(b))
	}
	utc, err := decodeDateTime2(b[:len(b)-2], ti)
	if err != nil {
		return nil, err
	}
	off := int(int16(binary.LittleEndian.Uint16(b[len(b)-2:])))
	return utc.(time.Time).In(time.FixedZone(offsetName(off), off*60)), nil
}

func offsetName(minutes int) string {
	sign := '+'
	if minutes < 0 {
		sign, minutes = '-', -minutes
	}
	return fmt.Sprintf("%c%02d:%02d", sign, minutes/60, minutes%60)
}

func decodeDateTime(b []byte, ti *TypeInfo) (any, error) {
	if len(b) != 8 {
		return nil, fmt.Errorf("datetime of %d bytes", len(b))
	}
	days := int64(int32(binary.LittleEndian.Uint32(b)))
	ticks := int64(binary.LittleEndian.Uint32(b[4:]))
	if ticks >= 300*secondsPerDay {
		return nil, fmt.Errorf("datetime ticks out of range")
	}
	nanos := (ticks*int64(time.Second) + 150) / 300
	return dayTime(epoch1900, days, nanos), nil
}

func decodeSmallDateTime(b []byte, ti *TypeInfo) (any, error) {
	if len(b) != 4 {
		return nil, fmt.Errorf("smalldatetime of %d bytes", len(b))
	}
	days := int64(binary.LittleEndian.Uint16(b))
	minutes := int64(binary.LittleEndian.Uint16(b[2:]))
	if minutes >= 1440 {
		return nil, fmt.Errorf("smalldatetime minutes out of range")
	}
	return dayTime(epoch1900, days, minutes*int64(time.Minute)), nil
}
