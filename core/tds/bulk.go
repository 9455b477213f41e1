package tds

// BulkLoad writes a bulk load message (packet type 7): COLMETADATA, one
// ROW per Row call, DONE. Run the INSERT BULK statement that announces it
// first (a SQLBatch). Packets leave as they fill.
type BulkLoad struct {
	c    *Conn
	cols []Column
	rows uint64
	err  error
}

// BulkLoad starts a bulk load of rows described by cols (their Name,
// Flags and Type; UserType 0).
func (c *Conn) BulkLoad(cols []Column) (*BulkLoad, error) {
	meta, err := appendColMetadata(nil, cols)
	if err != nil {
		return nil, err
	}
	for i := range cols {
		if codecOf(cols[i].Type.Type).encode == nil {
			return nil, &NotSupportedError{Feature: "bulk load of " + typeNameOf(cols[i].Type.Type)}
		}
	}
	if err := c.begin(packetBulkLoad); err != nil {
		return nil, err
	}
	c.wr.write(meta)
	return &BulkLoad{c: c, cols: cols}, nil
}

// Row writes one row; vals holds one value per column.
func (b *BulkLoad) Row(vals []Value) error {
	if b.err != nil {
		return b.err
	}
	if len(vals) != len(b.cols) {
		b.err = &ValueError{Msg: "a bulk row needs one value per column"}
		return b.err
	}
	w := b.c.wr
	w.writeByte(tokRow)
	for i := range b.cols {
		t := &b.cols[i].Type
		if err := b.value(w, t, &vals[i]); err != nil {
			b.err = err
			return err
		}
	}
	b.rows++
	if w.err != nil {
		return w.err
	}
	return nil
}

// value writes one column value; text, ntext and image carry a dummy
// text pointer and timestamp in a ROW.
func (b *BulkLoad) value(w *writer, t *TypeInfo, v *Value) error {
	switch t.Type {
	case TypeText, TypeNText, TypeImage:
		if v.Null {
			w.writeByte(0)
			return nil
		}
		w.writeByte(16)
		w.write(make([]byte, 16+8))
	}
	return codecOf(t.Type).encode(w, t, v)
}

// Rows is the number of rows written.
func (b *BulkLoad) Rows() uint64 { return b.rows }

// Send ends the bulk load and returns the server's response (a DONE with
// the row count). After a row error the load is abandoned instead and the
// error returned.
func (b *BulkLoad) Send() (*Response, error) {
	if b.err != nil {
		return nil, b.c.abort(b.err)
	}
	b.c.wr.write(appendDone(nil, 0, 0))
	return b.c.send()
}

// Abort abandons the load; the connection stays usable.
func (b *BulkLoad) Abort() error { return b.c.abort(nil) }
