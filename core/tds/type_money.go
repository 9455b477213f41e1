package tds

import "encoding/binary"

func init() {
	register(TypeMoney, &codec{name: "money", size: 8, writeInfo: noInfo, plan: planMoney, encode: encodeMoney})
	register(TypeMoney4, &codec{name: "smallmoney", size: 4, writeInfo: noInfo, plan: planMoney, encode: encodeMoney})
	register(TypeMoneyN, &codec{name: "money", readInfo: readByteLen, writeInfo: byteLenInfo, plan: planMoney, encode: encodeMoney})
}

// moneyOf decodes money (8 bytes: the high half first) or smallmoney (4
// bytes), both in units of 1/10000.
func moneyOf(b []byte) Decimal {
	var v int64
	if len(b) == 4 {
		v = int64(int32(binary.LittleEndian.Uint32(b)))
	} else {
		v = int64(binary.LittleEndian.Uint32(b))<<32 | int64(binary.LittleEndian.Uint32(b[4:]))
	}
	d := Decimal{Scale: 4, Lo: uint64(v)}
	if v < 0 {
		d.Neg, d.Lo = true, uint64(-v)
	}
	return d
}

func planMoney(*TypeInfo) decodeFunc { return decodeMoney }

func decodeMoney(d *decoder, c *Column, i int, s RowSink) error {
	var b []byte
	var err error
	if c.Type.Type == TypeMoneyN {
		b, err = d.byteLenValue()
	} else {
		b, err = d.rd.next(c.Type.Size)
	}
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	case len(b) == 4 || len(b) == 8:
		s.Decimal(i, moneyOf(b))
	default:
		return protocolErrorf("money of %d bytes", len(b))
	}
	return nil
}

func encodeMoney(w *writer, t *TypeInfo, v *Value) error {
	size := t.Size
	if t.Type == TypeMoneyN {
		if v.Null {
			w.writeByte(0)
			return nil
		}
		w.writeByte(byte(size))
	} else if v.Null {
		return errNullInFixed
	}
	d := v.Decimal.Rescale(4)
	limit := uint64(1) << 63
	if size == 4 {
		limit = 1 << 31
	}
	if d.Hi != 0 || d.Lo > limit || (d.Lo == limit && !d.Neg) {
		return &ValueError{Msg: "the value " + v.Decimal.String() + " is out of range for " + typeNameOf(t.Type)}
	}
	units := int64(d.Lo)
	if d.Neg {
		units = -units
	}
	if size == 4 {
		w.u32(uint32(units))
		return nil
	}
	w.u32(uint32(uint64(units) >> 32))
	w.u32(uint32(units))
	return nil
}
