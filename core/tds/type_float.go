package tds

import (
	"encoding/binary"
	"math"
)

func init() {
	register(TypeFlt4, &codec{name: "real", size: 4, writeInfo: noInfo, plan: planFloat, encode: encodeFloat})
	register(TypeFlt8, &codec{name: "float", size: 8, writeInfo: noInfo, plan: planFloat, encode: encodeFloat})
	register(TypeFltN, &codec{name: "float", readInfo: readByteLen, writeInfo: byteLenInfo, plan: planFloat, encode: encodeFloat})
}

// floatOf decodes a 4- or 8-byte IEEE 754 value.
func floatOf(b []byte) float64 {
	if len(b) == 4 {
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

func planFloat(t *TypeInfo) decodeFunc {
	if t.Type == TypeFltN {
		return decodeFltN
	}
	return decodeFixedFloat
}

func decodeFixedFloat(d *decoder, c *Column, i int, s RowSink) error {
	b, err := d.rd.next(c.Type.Size)
	if err != nil {
		return err
	}
	s.Float(i, floatOf(b))
	return nil
}

func decodeFltN(d *decoder, _ *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	case len(b) == 4 || len(b) == 8:
		s.Float(i, floatOf(b))
	default:
		return protocolErrorf("float of %d bytes", len(b))
	}
	return nil
}

func encodeFloat(w *writer, t *TypeInfo, v *Value) error {
	size := t.Size
	if t.Type != TypeFltN {
		if v.Null {
			return errNullInFixed
		}
	} else if v.Null {
		w.writeByte(0)
		return nil
	} else {
		w.writeByte(byte(size))
	}
	if size == 4 {
		w.u32(math.Float32bits(float32(v.Float)))
		return nil
	}
	w.u64(math.Float64bits(v.Float))
	return nil
}
