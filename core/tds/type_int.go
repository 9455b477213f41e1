package tds

import "encoding/binary"

func init() {
	register(TypeInt1, &codec{name: "tinyint", size: 1, writeInfo: noInfo, plan: planFixedInt, encode: encodeFixedInt})
	register(TypeInt2, &codec{name: "smallint", size: 2, writeInfo: noInfo, plan: planFixedInt, encode: encodeFixedInt})
	register(TypeInt4, &codec{name: "int", size: 4, writeInfo: noInfo, plan: planFixedInt, encode: encodeFixedInt})
	register(TypeInt8, &codec{name: "bigint", size: 8, writeInfo: noInfo, plan: planFixedInt, encode: encodeFixedInt})
	register(TypeIntN, &codec{name: "int", readInfo: readByteLen, writeInfo: byteLenInfo, plan: planIntN, encode: encodeIntN})
	register(TypeBit, &codec{name: "bit", size: 1, writeInfo: noInfo, plan: planBit, encode: encodeFixedInt})
	register(TypeBitN, &codec{name: "bit", readInfo: readByteLen, writeInfo: byteLenInfo, plan: planBit, encode: encodeIntN})
}

// intOf decodes a little-endian integer of 1 (unsigned), 2, 4 or 8 bytes.
func intOf(b []byte) int64 {
	switch len(b) {
	case 1:
		return int64(b[0])
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(b)))
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(b)))
	}
	return int64(binary.LittleEndian.Uint64(b))
}

func planFixedInt(t *TypeInfo) decodeFunc {
	if t.Size == 4 {
		return decodeInt4
	}
	return decodeFixedInt
}

func decodeInt4(d *decoder, _ *Column, i int, s RowSink) error {
	b, err := d.rd.next(4)
	if err != nil {
		return err
	}
	s.Int(i, int64(int32(binary.LittleEndian.Uint32(b))))
	return nil
}

func decodeFixedInt(d *decoder, c *Column, i int, s RowSink) error {
	b, err := d.rd.next(c.Type.Size)
	if err != nil {
		return err
	}
	s.Int(i, intOf(b))
	return nil
}

func planIntN(*TypeInfo) decodeFunc { return decodeIntN }

func decodeIntN(d *decoder, _ *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	case len(b) == 1 || len(b) == 2 || len(b) == 4 || len(b) == 8:
		s.Int(i, intOf(b))
	default:
		return protocolErrorf("integer of %d bytes", len(b))
	}
	return nil
}

func planBit(*TypeInfo) decodeFunc { return decodeBit }

func decodeBit(d *decoder, c *Column, i int, s RowSink) error {
	var b []byte
	var err error
	if c.Type.Type == TypeBit {
		b, err = d.rd.next(1)
	} else {
		b, err = d.byteLenValue()
	}
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	case len(b) == 1:
		s.Bool(i, b[0] != 0)
	default:
		return protocolErrorf("bit of %d bytes", len(b))
	}
	return nil
}

// putInt writes v as a little-endian integer of n bytes.
func putInt(w *writer, v int64, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	w.write(b[:n])
}

func encodeFixedInt(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		return errNullInFixed
	}
	putInt(w, v.Int, codecOf(t.Type).size)
	return nil
}

func encodeIntN(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		w.writeByte(0)
		return nil
	}
	if t.Size != 1 && t.Size != 2 && t.Size != 4 && t.Size != 8 {
		return &NotSupportedError{Feature: "an integer of this size"}
	}
	w.writeByte(byte(t.Size))
	putInt(w, v.Int, t.Size)
	return nil
}
