package tds

func init() {
	register(TypeDateN, &codec{name: "date", size: 3, writeInfo: noInfo, plan: planTemporal, encode: encodeTemporal})
	register(TypeTimeN, &codec{name: "time", readInfo: readScale, writeInfo: scaleInfo, plan: planTemporal, encode: encodeTemporal})
	register(TypeDateTime2N, &codec{name: "datetime2", readInfo: readScale, writeInfo: scaleInfo, plan: planTemporal, encode: encodeTemporal})
	register(TypeDateTimeOffset, &codec{name: "datetimeoffset", readInfo: readScale, writeInfo: scaleInfo, plan: planTemporal, encode: encodeTemporal})
}

func scaleInfo(dst []byte, t *TypeInfo) []byte { return append(dst, t.Scale) }

// timeSize is the size of a time(scale) value.
func timeSize(scale uint8) int {
	switch {
	case scale <= 2:
		return 3
	case scale <= 4:
		return 4
	}
	return 5
}

// dateInRange reports whether the date part fits date's range (for
// datetimeoffset, in UTC as well).
func dateInRange(t *TypeInfo, v DateTime) bool {
	if t.Type == TypeTimeN {
		return true
	}
	utcDays, _ := v.utc()
	ok := v.Days >= 0 && v.Days <= maxDays
	if t.Type == TypeDateTimeOffset {
		ok = ok && utcDays >= 0 && utcDays <= maxDays
	}
	return ok
}

// maxDays is 9999-12-31 in days since 0001-01-01.
const maxDays = 3652058

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

func uintLE(b []byte) int64 {
	var v int64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | int64(b[i])
	}
	return v
}

// temporalOf decodes date, time, datetime2 and datetimeoffset values.
func temporalOf(typ byte, scale uint8, b []byte) (DateTime, error) {
	var v DateTime
	if typ == TypeDateN {
		if len(b) != 3 {
			return v, protocolErrorf("date of %d bytes", len(b))
		}
		return DateTime{Days: int32(uintLE(b)), Kind: KindDate}, nil
	}
	n := timeSize(scale)
	want := n
	switch typ {
	case TypeDateTime2N:
		want += 3
	case TypeDateTimeOffset:
		want += 5
	}
	if len(b) != want || scale > 7 {
		return v, protocolErrorf("%s(%d) of %d bytes", typeNameOf(typ), scale, len(b))
	}
	v.Nanos = uintLE(b[:n]) * pow10[9-scale]
	if v.Nanos >= nsPerDay {
		return v, protocolErrorf("time of day out of range")
	}
	switch typ {
	case TypeTimeN:
		v.Kind = KindTime
	case TypeDateTime2N:
		v.Days, v.Kind = int32(uintLE(b[n:n+3])), KindDateTime
	default:
		off := int16(uint16(b[n+3]) | uint16(b[n+4])<<8)
		v = fromUTC(int32(uintLE(b[n:n+3])), v.Nanos, off)
	}
	return v, nil
}

func planTemporal(*TypeInfo) decodeFunc { return decodeTemporal }

func decodeTemporal(d *decoder, c *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	if err != nil {
		return err
	}
	if b == nil {
		s.Null(i)
		return nil
	}
	v, err := temporalOf(c.Type.Type, c.Type.Scale, b)
	if err != nil {
		return err
	}
	s.DateTime(i, v)
	return nil
}

func encodeTemporal(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		w.writeByte(0)
		return nil
	}
	if !dateInRange(t, v.Time) {
		return &ValueError{Msg: "the date is out of range (0001-01-01 to 9999-12-31)"}
	}
	if v.Time.Nanos < 0 || v.Time.Nanos >= nsPerDay || t.Scale > 7 {
		return &ValueError{Msg: "the time of day is out of range"}
	}
	var b [10]byte
	p := appendTemporal(b[:0], t, v.Time)
	w.writeByte(byte(len(p)))
	w.write(p)
	return nil
}

// appendTemporal appends the wire form of a date or time value.
func appendTemporal(dst []byte, t *TypeInfo, v DateTime) []byte {
	days, nanos := v.Days, v.Nanos
	if t.Type == TypeDateTimeOffset {
		days, nanos = v.utc()
	}
	if t.Type != TypeDateN {
		ticks := nanos / pow10[9-t.Scale]
		for k := 0; k < timeSize(t.Scale); k++ {
			dst = append(dst, byte(ticks>>(8*k)))
		}
	}
	if t.Type != TypeTimeN {
		dst = append(dst, byte(days), byte(days>>8), byte(days>>16))
	}
	if t.Type == TypeDateTimeOffset {
		dst = append(dst, byte(v.Offset), byte(uint16(v.Offset)>>8))
	}
	return dst
}
