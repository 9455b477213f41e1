package rowenc

import (
	"encoding/binary"
	"unicode/utf8"
)

// TextBytes writes a str from UTF-8 or WTF-8 bytes (pickle decodes
// BINUNICODE with surrogatepass, so lone surrogates survive); other
// invalid bytes become U+FFFD.
func (p *Pickler) TextBytes(b []byte) {
	if !asciiOrValid(b) {
		b = toValidWTF8(b)
	}
	p.strHeader(len(b))
	p.buf = append(p.buf, b...)
}

// asciiOrValid is validWTF8 with a fast path for ASCII.
func asciiOrValid(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return validWTF8(b)
		}
	}
	return true
}

// DateTimeParts writes datetime.datetime from its fields; offset, when
// not nil, is the zone's offset east of UTC in seconds.
func (p *Pickler) DateTimeParts(y, mo, d, h, mi, s, us int, offset *int32) {
	p.Global(GlobalDateTime)
	p.buf = append(p.buf, opShortBinBytes, 10, byte(y>>8), byte(y), byte(mo), byte(d),
		byte(h), byte(mi), byte(s), byte(us>>16), byte(us>>8), byte(us))
	if offset == nil {
		p.Tuple(1)
		p.Reduce()
		return
	}
	p.timezone(*offset)
	p.Tuple(2)
	p.Reduce()
}

// beginSized writes the opcode of a str or bytes of a length not known
// yet, with an 8-byte length to fill in; it returns where the length is.
func (p *Pickler) beginSized(binary bool) int {
	op := byte(opBinUnicode8)
	if binary {
		op = opBinBytes8
	}
	p.buf = append(p.buf, op, 0, 0, 0, 0, 0, 0, 0, 0)
	return len(p.buf) - 8
}

// endSized fills in the length of the value begun at at.
func (p *Pickler) endSized(at int) {
	binary.LittleEndian.PutUint64(p.buf[at:], uint64(len(p.buf)-at-8))
}
