package tds

func init() {
	info := &codec{name: "varchar", readInfo: readCharInfo, writeInfo: writeCharInfo, plan: planChar, encode: encodeChar}
	register(TypeBigVarChar, info)
	register(TypeBigChar, &codec{name: "char", readInfo: readCharInfo, writeInfo: writeCharInfo, plan: planChar, encode: encodeChar})
	register(TypeVarChar, &codec{name: "varchar", readInfo: readByteLen, plan: planChar})
	register(TypeChar, &codec{name: "char", readInfo: readByteLen, plan: planChar})
	register(TypeText, &codec{name: "text", readInfo: readLOBCharInfo, writeInfo: writeLOBCharInfo, plan: planChar, encode: encodeLOB})
}

func readCharInfo(rd *reader, t *TypeInfo) error {
	if err := readUShortLen(rd, t); err != nil {
		return err
	}
	return readCollation(rd, t)
}

func readCollation(rd *reader, t *TypeInfo) error {
	b, err := rd.next(5)
	if err == nil {
		copy(t.Collation[:], b)
	}
	return err
}

func readLOBCharInfo(rd *reader, t *TypeInfo) error {
	if err := readLongLen(rd, t); err != nil {
		return err
	}
	return readCollation(rd, t)
}

// ushortLenInfo writes a USHORTLEN maximum size (0xFFFF for MAX).
func ushortLenInfo(dst []byte, t *TypeInfo) []byte {
	n := t.Size
	if n == SizeMax || n > 0xFFFF {
		n = 0xFFFF
	}
	return append(dst, byte(n), byte(n>>8))
}

func writeCharInfo(dst []byte, t *TypeInfo) []byte {
	return append(ushortLenInfo(dst, t), t.Collation[:]...)
}

func writeLOBCharInfo(dst []byte, t *TypeInfo) []byte {
	n := uint32(0x7FFFFFFF)
	if t.Type == TypeImage {
		return append(dst, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	}
	return append(append(dst, byte(n), byte(n>>8), byte(n>>16), byte(n>>24)), t.Collation[:]...)
}

func planChar(t *TypeInfo) decodeFunc {
	switch {
	case t.Type == TypeText:
		return func(d *decoder, c *Column, i int, s RowSink) error { return d.lob(c, i, s, formCodePage) }
	case t.Size == SizeMax:
		return func(d *decoder, c *Column, i int, s RowSink) error { return d.plp(c, i, s, formCodePage) }
	case t.Type == TypeVarChar || t.Type == TypeChar:
		return decodeShortChar
	}
	return decodeChar
}

func decodeChar(d *decoder, c *Column, i int, s RowSink) error {
	b, null, err := d.ushortLenValue()
	switch {
	case err != nil:
		return err
	case null:
		s.Null(i)
	default:
		d.charText(i, s, c.cp, b)
	}
	return nil
}

// decodeShortChar reads the legacy BYTELEN char types.
func decodeShortChar(d *decoder, c *Column, i int, s RowSink) error {
	b, err := d.byteLenValue()
	switch {
	case err != nil:
		return err
	case b == nil:
		s.Null(i)
	default:
		d.charText(i, s, c.cp, b)
	}
	return nil
}

// charText passes char data to the sink as UTF-8: as it is when it is
// ASCII or the collation is UTF-8, converted otherwise.
func (d *decoder) charText(i int, s RowSink, cp *codePage, b []byte) {
	if cp.id == 65001 || isASCII(b) {
		s.Text(i, b)
		return
	}
	d.scratch = cp.decode(d.scratch[:0], b)
	s.Text(i, d.scratch)
}

// charBytes returns the bytes to send for a char value: Bytes as given,
// or String in the collation's code page.
func charBytes(t *TypeInfo, v *Value) []byte {
	if v.Bytes != nil {
		return v.Bytes
	}
	return codePageOf(t.Collation.CodePage()).encode(nil, v.String)
}

func encodeChar(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		writeNullVar(w, t)
		return nil
	}
	return writeVarBytes(w, t, charBytes(t, v))
}

// writeNullVar writes the NULL of a USHORTLEN or PLP type.
func writeNullVar(w *writer, t *TypeInfo) {
	if t.IsMax() {
		w.u64(plpNull)
		return
	}
	w.u16(0xFFFF)
}

// writeVarBytes writes a USHORTLEN value, or a PLP value in one chunk.
func writeVarBytes(w *writer, t *TypeInfo, b []byte) error {
	if t.IsMax() {
		w.u64(uint64(len(b)))
		if len(b) > 0 {
			w.u32(uint32(len(b)))
			w.write(b)
		}
		w.u32(0)
		return nil
	}
	if len(b) > t.Size {
		return &ValueError{Msg: "a value of " + itoa(len(b)) + " bytes does not fit " + typeNameOf(t.Type) + "(" + itoa(t.Size) + ")"}
	}
	w.u16(uint16(len(b)))
	w.write(b)
	return nil
}

// encodeLOB writes a text, ntext or image parameter: LONGLEN and data.
func encodeLOB(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		w.u32(0xFFFFFFFF)
		return nil
	}
	var b []byte
	switch t.Type {
	case TypeText:
		b = charBytes(t, v)
	case TypeNText:
		b = nationalBytes(v)
	default:
		b = v.Bytes
	}
	w.u32(uint32(len(b)))
	w.write(b)
	return nil
}
