package core

import (
	"encoding/binary"
	"unicode/utf8"
)

// decodeWTF8 decodes one code point of WTF-8 (UTF-8 that may encode lone
// surrogates) and its length.
func decodeWTF8(b []byte) (rune, int) {
	if len(b) >= 3 && b[0] == 0xED && b[1] >= 0xA0 && b[1] <= 0xBF {
		return rune(b[0]&0x0F)<<12 | rune(b[1]&0x3F)<<6 | rune(b[2]&0x3F), 3
	}
	return utf8.DecodeRune(b)
}

// wtf8ToUTF16 converts WTF-8 to UTF-16LE bytes, keeping lone surrogates.
func wtf8ToUTF16(b []byte) []byte {
	out := make([]byte, 0, 2*len(b))
	for len(b) > 0 {
		r, n := decodeWTF8(b)
		b = b[n:]
		if r >= 0x10000 {
			r -= 0x10000
			out = binary.LittleEndian.AppendUint16(out, uint16(0xD800+(r>>10)))
			r = 0xDC00 + r&0x3FF
		}
		out = binary.LittleEndian.AppendUint16(out, uint16(r))
	}
	return out
}

// utf16Len is the number of UTF-16 code units of WTF-8 text.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, k := decodeWTF8(b)
		b = b[k:]
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
