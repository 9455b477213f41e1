package rowenc

import (
	"fmt"
	"time"
)

// pickleCodec writes one non-NULL value of a column.
type pickleCodec func(p *Pickler, v any, o *Options)

var pickleCodecs = [numKinds]pickleCodec{
	KindInt:            pickleInt,
	KindBit:            pickleBit,
	KindFloat:          pickleFloat,
	KindDecimal:        pickleDecimal,
	KindText:           pickleText,
	KindBinary:         pickleBinary,
	KindDate:           pickleDate,
	KindTime:           pickleTime,
	KindDateTime:       pickleDateTime,
	KindDateTimeOffset: pickleDateTimeOffset,
	KindGUID:           pickleGUID,
	KindVariant:        pickleAny,
}

func pickleInt(p *Pickler, v any, o *Options) {
	if x, ok := v.(int64); ok {
		p.Int(x)
		return
	}
	pickleAny(p, v, o)
}

func pickleBit(p *Pickler, v any, o *Options) {
	if x, ok := v.(bool); ok {
		p.Bool(x)
		return
	}
	pickleAny(p, v, o)
}

func pickleFloat(p *Pickler, v any, o *Options) {
	if x, ok := v.(float64); ok {
		p.Float(x)
		return
	}
	pickleAny(p, v, o)
}

func pickleDecimal(p *Pickler, v any, o *Options) {
	if x, ok := v.([]byte); ok && isDecimalText(x) {
		p.Decimal(x)
		return
	}
	pickleAny(p, v, o)
}

func pickleText(p *Pickler, v any, o *Options) {
	if x, ok := v.(string); ok {
		p.Text(x)
		return
	}
	pickleAny(p, v, o)
}

func pickleBinary(p *Pickler, v any, o *Options) {
	if x, ok := v.([]byte); ok {
		p.Bytes(x)
		return
	}
	pickleAny(p, v, o)
}

func pickleDate(p *Pickler, v any, o *Options) {
	if t, ok := v.(time.Time); ok && inDateRange(t) {
		y, m, d := t.Date()
		p.Date(y, int(m), d)
		return
	}
	pickleAny(p, v, o)
}

func pickleTime(p *Pickler, v any, o *Options) {
	if t, ok := v.(time.Time); ok {
		h, m, s := t.Clock()
		p.Time(h, m, s, t.Nanosecond()/1000)
		return
	}
	pickleAny(p, v, o)
}

func pickleDateTime(p *Pickler, v any, o *Options) {
	if t, ok := v.(time.Time); ok && inDateRange(t) {
		p.DateTime(t, false)
		return
	}
	pickleAny(p, v, o)
}

func pickleDateTimeOffset(p *Pickler, v any, o *Options) {
	if t, ok := v.(time.Time); ok && inDateRange(t) && validOffset(t) {
		p.DateTime(t, true)
		return
	}
	pickleAny(p, v, o)
}

func pickleGUID(p *Pickler, v any, o *Options) {
	if b, ok := v.([]byte); ok && len(b) == 16 {
		u := GUIDFromWire(b)
		if o.UUIDStr {
			p.Str(GUIDString(&u))
		} else {
			p.UUID(&u)
		}
		return
	}
	pickleAny(p, v, o)
}

// pickleAny writes a value by its Go type: sql_variant values, and any
// value whose type does not match its column's (never expected from
// from the session, but the stream stays valid whatever arrives).
func pickleAny(p *Pickler, v any, o *Options) {
	switch x := v.(type) {
	case nil:
		p.None()
	case int64:
		p.Int(x)
	case int32:
		p.Int(int64(x))
	case int:
		p.Int(int64(x))
	case bool:
		p.Bool(x)
	case float64:
		p.Float(x)
	case float32:
		p.Float(float64(x))
	case string:
		p.Text(x)
	case []byte:
		p.Bytes(x)
	case time.Time:
		pickleAnyTime(p, x)
	default:
		p.Text(fmt.Sprint(x))
	}
}

// pickleAnyTime writes a time of unknown column type: naive in UTC (how
// Go labels naive values), aware otherwise.
func pickleAnyTime(p *Pickler, t time.Time) {
	if !inDateRange(t) || !validOffset(t) {
		p.Text(t.Format(time.RFC3339Nano))
		return
	}
	p.DateTime(t, t.Location() != time.UTC)
}

// inDateRange reports whether Python's datetime can hold t's year.
func inDateRange(t time.Time) bool {
	y := t.Year()
	return y >= 1 && y <= 9999
}

// validOffset reports whether Python's timezone accepts t's offset
// (strictly within a day).
func validOffset(t time.Time) bool {
	_, off := t.Zone()
	return off > -86400 && off < 86400
}

// isDecimalText checks text as Decimal() would need it: sign, digits, one
// point. The session always writes it so; the check keeps the stream
// independent of that.
func isDecimalText(b []byte) bool {
	digits, dots := 0, 0
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		case c == '-' && i == 0:
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// GUIDFromWire converts SQL Server's wire order (first three groups
// little-endian) to RFC 4122 order.
func GUIDFromWire(b []byte) [16]byte {
	var u [16]byte
	u[0], u[1], u[2], u[3] = b[3], b[2], b[1], b[0]
	u[4], u[5] = b[5], b[4]
	u[6], u[7] = b[7], b[6]
	copy(u[8:], b[8:16])
	return u
}

// GUIDString formats a GUID upper case with dashes, as ODBC does.
func GUIDString(u *[16]byte) string {
	const hex = "0123456789ABCDEF"
	var out [36]byte
	j := 0
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[b>>4], hex[b&0xF]
		j += 2
	}
	return string(out[:])
}
