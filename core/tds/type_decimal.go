package tds

import "encoding/binary"

func init() {
	for _, t := range []struct {
		typ  byte
		name string
	}{{TypeDecimalN, "decimal"}, {TypeNumericN, "numeric"}, {TypeDecimal, "decimal"}, {TypeNumeric, "numeric"}} {
		register(t.typ, &codec{name: t.name, readInfo: readDecimalInfo, writeInfo: writeDecimalInfo,
			plan: planDecimal, encode: encodeDecimal})
	}
}

func readDecimalInfo(rd *reader, t *TypeInfo) error {
	b, err := rd.next(3)
	if err != nil {
		return err
	}
	t.Size, t.Precision, t.Scale = int(b[0]), b[1], b[2]
	if t.Precision > MaxDecimalPrecision || t.Scale > t.Precision {
		return protocolErrorf("decimal(%d,%d)", t.Precision, t.Scale)
	}
	return nil
}

// decimalSize is the value size (sign byte included) for a precision.
func decimalSize(precision uint8) int {
	switch {
	case precision <= 9:
		return 5
	case precision <= 19:
		return 9
	case precision <= 28:
		return 13
	}
	return 17
}

func writeDecimalInfo(dst []byte, t *TypeInfo) []byte {
	return append(dst, byte(decimalSize(t.Precision)), t.Precision, t.Scale)
}

func planDecimal(*TypeInfo) decodeFunc { return decodeDecimal }

// decimalOf decodes a sign byte and a 4-, 8-, 12- or 16-byte magnitude.
func decimalOf(b []byte, scale uint8) (Decimal, error) {
	d := Decimal{Scale: scale, Neg: b[0] == 0}
	m := b[1:]
	switch len(m) {
	case 4:
		d.Lo = uint64(binary.LittleEndian.Uint32(m))
	case 8:
		d.Lo = binary.LittleEndian.Uint64(m)
	case 12:
		d.Lo, d.Hi = binary.LittleEndian.Uint64(m), uint64(binary.LittleEndian.Uint32(m[8:]))
	case 16:
		d.Lo, d.Hi = binary.LittleEndian.Uint64(m), binary.LittleEndian.Uint64(m[8:])
	default:
		return d, protocolErrorf("decimal of %d bytes", len(b))
	}
	return d, nil
}

func decodeDecimal(d *decoder, c *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	if err != nil {
		return err
	}
	if b == nil {
		s.Null(i)
		return nil
	}
	v, err := decimalOf(b, c.Type.Scale)
	if err != nil {
		return err
	}
	s.Decimal(i, v)
	return nil
}

func encodeDecimal(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		w.writeByte(0)
		return nil
	}
	d := v.Decimal.Rescale(t.Scale)
	if d.Digits() > int(t.Precision) && (d.Lo != 0 || d.Hi != 0) {
		return &ValueError{Msg: "the decimal " + v.Decimal.String() + " does not fit the declared precision"}
	}
	size := decimalSize(t.Precision)
	w.writeByte(byte(size))
	sign := byte(1)
	if d.Neg && (d.Lo != 0 || d.Hi != 0) {
		sign = 0
	}
	w.writeByte(sign)
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:], d.Lo)
	binary.LittleEndian.PutUint64(b[8:], d.Hi)
	w.write(b[:size-1])
	return nil
}
