package tds

// ReadRows decodes up to max rows into s, starting with the row Next
// returned, and stops before the first token that is not a row. It
// returns the number of rows read; call Next for what follows.
func (r *Response) ReadRows(s RowSink, max int) (n int, err error) {
	return r.readRows(s, max, false)
}

// ReadBufferedRows is ReadRows that starts no row unless some of it has
// already arrived: it reads what the connection holds without waiting for
// the server (a row whose first bytes are here is read whole, waiting for
// the rest if need be).
func (r *Response) ReadBufferedRows(s RowSink, max int) (n int, err error) {
	return r.readRows(s, max, true)
}

// Buffered reports whether bytes of the response have arrived and wait
// to be read.
func (r *Response) Buffered() bool {
	rd := r.c.rd
	if rd.r == rd.w && rd.unpack() != nil {
		return true // the error is for the next read to report
	}
	return rd.r < rd.w || rd.ended()
}

// Wait blocks until bytes of the response have arrived (or it ended).
func (r *Response) Wait() (err error) {
	defer r.guard(&err)
	if r.finished || r.c.rd.r < r.c.rd.w || r.c.rd.ended() {
		return nil
	}
	if err := r.c.rd.more(1); err != nil {
		return r.fatal(err)
	}
	return nil
}

func (r *Response) readRows(s RowSink, max int, buffered bool) (n int, err error) {
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
			if rd.r == rd.w && (rd.ended() || (buffered && !r.Buffered())) {
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

// PeekRow waits for the next token and reports whether it is a row (one
// Next has not finished counts too), without reading it.
func (r *Response) PeekRow() (row bool, err error) {
	defer r.guard(&err)
	if r.row != 0 {
		return true, nil
	}
	if r.finished {
		return false, r.err
	}
	rd := r.c.rd
	if rd.r == rd.w && rd.ended() {
		return false, nil
	}
	if err := rd.more(1); err != nil {
		return false, r.fatal(err)
	}
	b := rd.buf[rd.r]
	return b == tokRow || b == tokNBCRow, nil
}
