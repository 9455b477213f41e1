package tds

func init() {
	register(TypeBigVarBinary, &codec{name: "varbinary", readInfo: readUShortLen, writeInfo: ushortLenInfo, plan: planBinary, encode: encodeBinary})
	register(TypeBigBinary, &codec{name: "binary", readInfo: readUShortLen, writeInfo: ushortLenInfo, plan: planBinary, encode: encodeBinary})
	register(TypeVarBinary, &codec{name: "varbinary", readInfo: readByteLen, plan: planBinary})
	register(TypeBinary, &codec{name: "binary", readInfo: readByteLen, plan: planBinary})
	register(TypeImage, &codec{name: "image", readInfo: readLongLen, writeInfo: writeLOBCharInfo, plan: planBinary, encode: encodeLOB})
	register(TypeVector, &codec{name: "vector", readInfo: readVectorInfo, plan: planBinary})
}

func planBinary(t *TypeInfo) decodeFunc {
	switch {
	case t.Type == TypeImage:
		return func(d *decoder, c *Column, i int, s RowSink) error { return d.lob(c, i, s, formBinary) }
	case t.Size == SizeMax:
		return func(d *decoder, c *Column, i int, s RowSink) error { return d.plp(c, i, s, formBinary) }
	case t.Type == TypeVarBinary || t.Type == TypeBinary:
		return decodeShortBinary
	}
	return decodeBinary
}

func decodeBinary(d *decoder, _ *Column, i int, s RowSink) error {
	b, null, err := d.ushortLenValue()
	switch {
	case err != nil:
		return err
	case null:
		s.Null(i)
	default:
		s.Binary(i, b)
	}
	return nil
}

func decodeShortBinary(d *decoder, _ *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	default:
		s.Binary(i, b)
	}
	return nil
}

func encodeBinary(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		writeNullVar(w, t)
		return nil
	}
	return writeVarBytes(w, t, v.Bytes)
}

// readVectorInfo reads a vector's TYPE_INFO: its length and the
// dimension type in place of a scale.
func readVectorInfo(rd *reader, t *TypeInfo) error {
	if err := readUShortLen(rd, t); err != nil {
		return err
	}
	s, err := rd.byte()
	t.Scale = s
	return err
}
