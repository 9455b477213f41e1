package tds

import "strconv"

func init() {
	register(TypeNVarChar, &codec{name: "nvarchar", readInfo: readCharInfo, writeInfo: writeCharInfo, plan: planNChar, encode: encodeNChar})
	register(TypeNChar, &codec{name: "nchar", readInfo: readCharInfo, writeInfo: writeCharInfo, plan: planNChar, encode: encodeNChar})
	register(TypeNText, &codec{name: "ntext", readInfo: readLOBCharInfo, writeInfo: writeLOBCharInfo, plan: planNChar, encode: encodeLOB})
}

func planNChar(t *TypeInfo) decodeFunc {
	switch {
	case t.Type == TypeNText:
		return func(d *decoder, c *Column, i int, s RowSink) error { return d.lob(c, i, s, formUTF16) }
	case t.Size == SizeMax:
		return func(d *decoder, c *Column, i int, s RowSink) error { return d.plp(c, i, s, formUTF16) }
	}
	return decodeNChar
}

func decodeNChar(d *decoder, _ *Column, i int, s RowSink) error {
	b, null, err := d.ushortLenValue()
	switch {
	case err != nil:
		return err
	case null:
		s.Null(i)
	default:
		d.text(i, s, b)
	}
	return nil
}

// nationalBytes returns a national value as UTF-16LE: Bytes as given, or
// String converted.
func nationalBytes(v *Value) []byte {
	if v.Bytes != nil {
		return v.Bytes
	}
	return appendUTF16LE(make([]byte, 0, 2*len(v.String)), v.String)
}

func encodeNChar(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		writeNullVar(w, t)
		return nil
	}
	if v.Bytes != nil {
		return writeVarBytes(w, t, v.Bytes)
	}
	n := 2 * utf16Len(v.String) // written straight from the string
	if t.IsMax() {
		w.u64(uint64(n))
		if n > 0 {
			w.u32(uint32(n))
			w.utf16(v.String)
		}
		w.u32(0)
		return nil
	}
	if n > t.Size {
		return &ValueError{Msg: "a value of " + itoa(n/2) + " characters does not fit " + typeNameOf(t.Type) + "(" + itoa(t.Size/2) + ")"}
	}
	w.u16(uint16(n))
	w.utf16(v.String)
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
