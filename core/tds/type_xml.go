package tds

func init() {
	register(TypeXML, &codec{name: "xml", readInfo: readXMLInfo, writeInfo: writeXMLInfo, plan: planXML, encode: encodeNChar})
	register(TypeJSON, &codec{name: "json", plan: planXML, encode: encodeJSON})
	register(TypeUDT, &codec{name: "udt", readInfo: readUDTInfo, writeInfo: writeUDTInfo, plan: planXML, encode: encodeBinary})
}

func readXMLInfo(rd *reader, t *TypeInfo) error {
	t.Size = SizeMax
	present, err := rd.byte()
	if err != nil || present == 0 {
		return err
	}
	x := &XMLSchema{}
	if x.Database, err = rd.bVarChar(); err == nil {
		if x.Owner, err = rd.bVarChar(); err == nil {
			x.Collection, err = rd.usVarChar()
		}
	}
	t.XMLSchema = x
	return err
}

func writeXMLInfo(dst []byte, t *TypeInfo) []byte {
	x := t.XMLSchema
	if x == nil {
		return append(dst, 0)
	}
	dst = append(dst, 1)
	dst = appendBVarChar(dst, x.Database)
	dst = appendBVarChar(dst, x.Owner)
	return appendUSVarChar(dst, x.Collection)
}

// readUDTInfo reads UDT_INFO as COLMETADATA and RETURNVALUE carry it.
func readUDTInfo(rd *reader, t *TypeInfo) error {
	t.Size = SizeMax
	n, err := rd.u16()
	if err != nil {
		return err
	}
	u := &UDTInfo{MaxSize: int(n)}
	if u.Database, err = rd.bVarChar(); err == nil {
		if u.Schema, err = rd.bVarChar(); err == nil {
			if u.Name, err = rd.bVarChar(); err == nil {
				u.Assembly, err = rd.usVarChar()
			}
		}
	}
	t.UDT = u
	return err
}

// writeUDTInfo writes UDT_INFO as an RPC parameter carries it.
func writeUDTInfo(dst []byte, t *TypeInfo) []byte {
	u := t.UDT
	if u == nil {
		u = &UDTInfo{}
	}
	dst = appendBVarChar(dst, u.Database)
	dst = appendBVarChar(dst, u.Schema)
	return appendBVarChar(dst, u.Name)
}

func planXML(t *TypeInfo) decodeFunc {
	form := formUTF16
	switch t.Type {
	case TypeJSON:
		form = formUTF8
	case TypeUDT:
		form = formBinary
	}
	return func(d *decoder, c *Column, i int, s RowSink) error { return d.plp(c, i, s, form) }
}

func encodeJSON(w *writer, t *TypeInfo, v *Value) error {
	if v.Null {
		w.u64(plpNull)
		return nil
	}
	b := v.Bytes
	if b == nil {
		b = []byte(v.String)
	}
	return writeVarBytes(w, t, b)
}
