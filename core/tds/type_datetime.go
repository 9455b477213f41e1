package tds

import "encoding/binary"

func init() {
	register(TypeDateTime, &codec{name: "datetime", size: 8, writeInfo: noInfo, plan: planDateTime, encode: encodeDateTime})
	register(TypeDateTim4, &codec{name: "smalldatetime", size: 4, writeInfo: noInfo, plan: planDateTime, encode: encodeDateTime})
	register(TypeDateTimeN, &codec{name: "datetime", readInfo: readByteLen, writeInfo: byteLenInfo, plan: planDateTime, encode: encodeDateTime})
}

// dateTimeOf decodes datetime (8 bytes: days since 1900, 1/300 s ticks)
// and smalldatetime (4 bytes: days since 1900, minutes), to the
// millisecond SQL Server shows.
func dateTimeOf(b []byte) (DateTime, error) {
	if len(b) == 4 {
		days, mins := binary.LittleEndian.Uint16(b), binary.LittleEndian.Uint16(b[2:])
		if mins >= 1440 {
			return DateTime{}, protocolErrorf("smalldatetime minutes out of range")
		}
		return DateTime{Days: daysTo1900 + int32(days), Nanos: int64(mins) * 60e9, Kind: KindDateTime}, nil
	}
	if len(b) != 8 {
		return DateTime{}, protocolErrorf("datetime of %d bytes", len(b))
	}
	days, ticks := int32(binary.LittleEndian.Uint32(b)), int64(binary.LittleEndian.Uint32(b[4:]))
	if ticks >= 300*86400 || days < -daysTo1900 || days > 3_000_000 {
		return DateTime{}, protocolErrorf("datetime out of range")
	}
	ms := (ticks*10 + 1) / 3
	return DateTime{Days: daysTo1900 + days, Nanos: ms * 1e6, Kind: KindDateTime}, nil
}

func planDateTime(*TypeInfo) decodeFunc { return decodeDateTime }

func decodeDateTime(d *decoder, c *Column, i int, s RowSink) error {
	var b []byte
	var err error
	if c.Type.Type == TypeDateTimeN {
		b, err = d.byteLenValue()
	} else {
		b, err = d.rd.next(c.Type.Size)
	}
	if err != nil {
		return err
	}
	if b == nil {
		s.Null(i)
		return nil
	}
	v, err := dateTimeOf(b)
	if err != nil {
		return err
	}
	s.DateTime(i, v)
	return nil
}

func encodeDateTime(w *writer, t *TypeInfo, v *Value) error {
	size := t.Size
	if t.Type == TypeDateTimeN {
		if v.Null {
			w.writeByte(0)
			return nil
		}
		w.writeByte(byte(size))
	} else if v.Null {
		return errNullInFixed
	}
	days := int64(v.Time.Days) - daysTo1900
	if size == 4 {
		mins := (v.Time.Nanos + 30e9) / 60e9 // rounded to the minute
		if mins == 1440 {
			days, mins = days+1, 0
		}
		if days < 0 || days > 0xFFFF {
			return &ValueError{Msg: "the date is out of range for smalldatetime"}
		}
		w.u16(uint16(days))
		w.u16(uint16(mins))
		return nil
	}
	ticks := (v.Time.Nanos*3 + 5e6) / 1e7 // 1/300 s, rounded
	if ticks == 300*86400 {
		days, ticks = days+1, 0
	}
	w.u32(uint32(int32(days)))
	w.u32(uint32(ticks))
	return nil
}
