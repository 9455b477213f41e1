package tds

// ReadRows decodes up to max rows into s, starting with the row Next
// returned, and stops before the first token that is not a row. It
// returns the number of rows read; call Next for what follows.
func (r *Response) ReadRows(s RowSink, max int) (n int, err error) {
	defer r.guard(&err)
	if r.finished {
		return 0, r.err
	}
	if r.c.cancelSent() {
		return 0, r.drain()
	}
	rd := r.c.rd
	for n < max {
		if r.row == 0 {
			if rd.r == rd.w && rd.ended() {
				break
			}
			if err := rd.more(1); err != nil {
				return n, r.fatal(err)
			}
			b := rd.buf[rd.r]
			if b != tokRow && b != tokNBCRow {
				break
			}
			rd.r++
			r.row = b
		}
		if err := r.decodeRow(s); err != nil {
			return n, r.fatal(err)
		}
		n++
	}
	return n, nil
}

// ReadRow decodes the row Next returned into s.
func (r *Response) ReadRow(s RowSink) (err error) {
	defer r.guard(&err)
	if r.row == 0 {
		return errNoRow
	}
	if err := r.decodeRow(s); err != nil {
		return r.fatal(err)
	}
	return nil
}

var errNoRow = &ProtocolError{Msg: "ReadRow called without a row"}

// decodeRow reads the pending row's values, column by column.
func (r *Response) decodeRow(s RowSink) error {
	nbc := r.row == tokNBCRow
	r.row = 0
	d := &r.c.dec
	cols := r.cols
	if nbc {
		b, err := d.rd.next((len(cols) + 7) / 8)
		if err != nil {
			return err
		}
		r.bitmap = append(r.bitmap[:0], b...)
	}
	for i := range cols {
		if nbc && r.bitmap[i>>3]&(1<<(i&7)) != 0 {
			s.Null(i)
			continue
		}
		c := &cols[i]
		if err := c.decode(d, c, i, s); err != nil {
			return err
		}
	}
	return nil
}
