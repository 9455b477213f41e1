package rowenc

import "encoding/binary"

// Large values arrive in pieces (a MAX column streamed by the server):
// BeginLarge, LargeChunk calls, EndLarge, so that the value is held once,
// in the batch. Text chunks are whole UTF-8 (or WTF-8) sequences.

// BeginLarge starts a large text (or, when binary, bytes) value.
func (e *Encoder) BeginLarge(binary bool) {
	e.col++
	e.largeBinary = binary
	if e.opts.Format == FormatPlain {
		tag := byte(TagText)
		if binary {
			tag = TagBinary
		}
		e.plainTag(tag)
		e.plain.U32(0)
		e.large = len(e.plain.buf) - 4
		return
	}
	e.large = e.p.beginSized(binary)
}

// LargeChunk appends a piece of the large value.
func (e *Encoder) LargeChunk(b []byte) {
	if !e.largeBinary && !asciiOrValid(b) {
		b = toValidWTF8(b)
	}
	if e.opts.Format == FormatPlain {
		e.plain.buf = append(e.plain.buf, b...)
		return
	}
	e.p.buf = append(e.p.buf, b...)
}

// EndLarge ends the large value.
func (e *Encoder) EndLarge() {
	if e.large < 0 {
		return
	}
	if e.opts.Format == FormatPlain {
		binary.LittleEndian.PutUint32(e.plain.buf[e.large:], uint32(len(e.plain.buf)-e.large-4))
	} else {
		e.p.endSized(e.large)
	}
	e.large = -1
}
