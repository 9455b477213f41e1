package tds

// textForm is how the bytes of a large value become what the sink gets.
type textForm uint8

const (
	formBinary   textForm = iota // bytes as they are
	formUTF16                    // UTF-16LE text
	formCodePage                 // char data of the column's code page
	formUTF8                     // UTF-8 text (json)
)

// PLP lengths (MS-TDS 2.2.5.2.3).
const (
	plpNull    = 0xFFFFFFFFFFFFFFFF
	plpUnknown = 0xFFFFFFFFFFFFFFFE
)

// largeValue delivers one value that arrives in pieces: gathered and
// passed whole while it fits largeInline, streamed in chunks beyond.
type largeValue struct {
	d         *decoder
	c         *Column
	i         int
	s         RowSink
	form      textForm
	size      int64 // total bytes if known, else -1
	streaming bool
	u16       utf16Stream
	cps       cpStream
}

func (lv *largeValue) start(d *decoder, c *Column, i int, s RowSink, form textForm, size int64) {
	*lv = largeValue{d: d, c: c, i: i, s: s, form: form, size: size}
	d.gather = d.gather[:0]
	if form == formCodePage {
		lv.cps.reset(c.cp)
	} else if form == formUTF8 {
		lv.cps.reset(codePageOf(65001))
	}
}

// region reads n bytes of the value.
func (lv *largeValue) region(n int64) error {
	for n > 0 {
		p, err := lv.d.rd.piece(int(min(n, 64<<10)))
		if err != nil {
			return err
		}
		n -= int64(len(p))
		lv.add(p)
	}
	return nil
}

func (lv *largeValue) add(p []byte) {
	switch {
	case lv.streaming:
		lv.emit(p)
	case len(lv.d.gather)+len(p) <= largeInline:
		lv.d.gather = append(lv.d.gather, p...)
	default:
		lv.streaming = true
		size := lv.size
		if lv.form != formBinary {
			size = -1
		}
		lv.s.BeginLarge(lv.i, lv.form == formBinary, size)
		lv.emit(lv.d.gather)
		lv.emit(p)
	}
}

// emit passes one piece on, converted.
func (lv *largeValue) emit(p []byte) {
	if len(p) == 0 {
		return
	}
	d := lv.d
	switch lv.form {
	case formBinary:
		lv.s.LargeChunk(lv.i, p)
		return
	case formUTF16:
		d.scratch = lv.u16.convert(d.scratch[:0], p)
	default:
		d.scratch = lv.cps.convert(d.scratch[:0], p)
	}
	if len(d.scratch) > 0 {
		lv.s.LargeChunk(lv.i, d.scratch)
	}
}

// finish ends the value.
func (lv *largeValue) finish() {
	d := lv.d
	if lv.streaming {
		switch lv.form {
		case formUTF16:
			d.scratch = lv.u16.flush(d.scratch[:0])
		case formCodePage, formUTF8:
			d.scratch = lv.cps.flush(d.scratch[:0])
		default:
			d.scratch = d.scratch[:0]
		}
		if len(d.scratch) > 0 {
			lv.s.LargeChunk(lv.i, d.scratch)
		}
		lv.s.EndLarge(lv.i)
		return
	}
	switch lv.form {
	case formBinary:
		lv.s.Binary(lv.i, d.gather)
	case formUTF16:
		d.text(lv.i, lv.s, d.gather)
	default:
		d.charText(lv.i, lv.s, lv.cps.cp, d.gather)
	}
}

// plp reads a PLP value (MAX types, xml, UDTs, json).
func (d *decoder) plp(c *Column, i int, s RowSink, form textForm) error {
	total, err := d.rd.u64()
	if err != nil {
		return err
	}
	if total == plpNull {
		s.Null(i)
		return nil
	}
	size := int64(-1)
	if total != plpUnknown {
		if total > 1<<40 {
			return protocolErrorf("PLP length %d", total)
		}
		size = int64(total)
	}
	var lv largeValue
	lv.start(d, c, i, s, form, size)
	var got int64
	for {
		n, err := d.rd.u32()
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		got += int64(n)
		if err := lv.region(int64(n)); err != nil {
			return err
		}
	}
	if size >= 0 && got != size {
		return protocolErrorf("PLP value of %d bytes announced as %d", got, size)
	}
	lv.finish()
	return nil
}

// lob reads a text, ntext or image value: a text pointer and timestamp
// (absent for NULL), then a LONGLEN length and the data.
func (d *decoder) lob(c *Column, i int, s RowSink, form textForm) error {
	ptr, err := d.rd.byte()
	if err != nil {
		return err
	}
	if ptr == 0 {
		s.Null(i)
		return nil
	}
	if err := d.rd.skip(int(ptr) + 8); err != nil {
		return err
	}
	n, err := d.rd.u32()
	if err != nil {
		return err
	}
	if n > 0x7FFFFFFF {
		return protocolErrorf("text value of %d bytes", n)
	}
	var lv largeValue
	lv.start(d, c, i, s, form, int64(n))
	if err := lv.region(int64(n)); err != nil {
		return err
	}
	lv.finish()
	return nil
}
