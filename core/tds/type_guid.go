package tds

func init() {
	register(TypeGUID, &codec{name: "uniqueidentifier", readInfo: readByteLen, writeInfo: byteLenInfo, plan: planGUID, encode: encodeGUID})
}

func planGUID(*TypeInfo) decodeFunc { return decodeGUID }

func decodeGUID(d *decoder, _ *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	case len(b) == 16:
		s.GUID(i, [16]byte(b))
	default:
		return protocolErrorf("uniqueidentifier of %d bytes", len(b))
	}
	return nil
}

func encodeGUID(w *writer, _ *TypeInfo, v *Value) error {
	if v.Null {
		w.writeByte(0)
		return nil
	}
	w.writeByte(16)
	w.write(v.GUID[:])
	return nil
}
