package tds

import (
	"encoding/binary"
	"unicode/utf8"
)

// appendUTF16 appends UTF-16LE text as UTF-8. Lone surrogates are kept as
// their 3-byte WTF-8 form, so text round-trips exactly; an odd trailing
// byte is dropped.
func appendUTF16(dst, src []byte) []byte {
	for i := 0; i+1 < len(src); i += 2 {
		u := uint16(src[i]) | uint16(src[i+1])<<8
		if u < 0x80 {
			dst = append(dst, byte(u))
			continue
		}
		if u >= 0xD800 && u < 0xDC00 && i+3 < len(src) {
			lo := uint16(src[i+2]) | uint16(src[i+3])<<8
			if lo >= 0xDC00 && lo < 0xE000 {
				dst = utf8.AppendRune(dst, 0x10000+(rune(u)-0xD800)<<10+rune(lo)-0xDC00)
				i += 2
				continue
			}
		}
		dst = appendCodeUnit(dst, u)
	}
	return dst
}

// appendCodeUnit appends one BMP code unit (a lone surrogate included) as
// UTF-8/WTF-8.
func appendCodeUnit(dst []byte, u uint16) []byte {
	switch {
	case u < 0x80:
		return append(dst, byte(u))
	case u < 0x800:
		return append(dst, 0xC0|byte(u>>6), 0x80|byte(u&0x3F))
	}
	return append(dst, 0xE0|byte(u>>12), 0x80|byte(u>>6&0x3F), 0x80|byte(u&0x3F))
}

// utf16Stream converts UTF-16LE text that arrives in pieces, carrying an
// odd byte and a high surrogate across piece boundaries.
type utf16Stream struct {
	carry [4]byte
	n     int
}

// convert appends the complete code points of carry+src as UTF-8.
func (s *utf16Stream) convert(dst, src []byte) []byte {
	for s.n > 0 && len(src) > 0 {
		s.carry[s.n] = src[0]
		s.n++
		src = src[1:]
		dst = s.settle(dst)
	}
	if s.n > 0 {
		return dst
	}
	body := src[:len(src)&^1]
	if len(body) >= 2 {
		u := uint16(body[len(body)-2]) | uint16(body[len(body)-1])<<8
		if u >= 0xD800 && u < 0xDC00 {
			body = body[:len(body)-2]
		}
	}
	dst = appendUTF16(dst, body)
	s.n = copy(s.carry[:], src[len(body):])
	return dst
}

// settle emits what the carry completes: a code unit that is not a high
// surrogate, or a high surrogate and the unit after it.
func (s *utf16Stream) settle(dst []byte) []byte {
	unit := func(i int) uint16 { return uint16(s.carry[i]) | uint16(s.carry[i+1])<<8 }
	switch s.n {
	case 2:
		if u := unit(0); u < 0xD800 || u >= 0xDC00 {
			dst, s.n = appendCodeUnit(dst, u), 0
		}
	case 4:
		dst, s.n = appendUTF16(dst, s.carry[:4]), 0
		if lo := unit(2); lo >= 0xD800 && lo < 0xDC00 {
			// two high surrogates: the first was written lone; keep the second
			dst = dst[:len(dst)-3]
			s.carry[0], s.carry[1], s.n = s.carry[2], s.carry[3], 2
		}
	}
	return dst
}

// flush appends what the carry holds at the end of the text.
func (s *utf16Stream) flush(dst []byte) []byte {
	if s.n >= 2 {
		dst = appendCodeUnit(dst, uint16(s.carry[0])|uint16(s.carry[1])<<8)
	}
	s.n = 0
	return dst
}

// decodeWTF8 decodes one code point of UTF-8 that may hold lone
// surrogates (WTF-8); invalid bytes decode as U+FFFD of length 1.
func decodeWTF8(s string) (rune, int) {
	if len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2]&0xC0 == 0x80 {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

// appendUTF16LE appends UTF-8 (or WTF-8) text as UTF-16LE.
func appendUTF16LE(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c, 0)
			i++
			continue
		}
		r, n := decodeWTF8(s[i:])
		i += n
		if r >= 0x10000 {
			r -= 0x10000
			dst = binary.LittleEndian.AppendUint16(dst, uint16(0xD800+(r>>10)))
			r = 0xDC00 + r&0x3FF
		}
		dst = binary.LittleEndian.AppendUint16(dst, uint16(r))
	}
	return dst
}

// utf16Len is the number of UTF-16 code units of UTF-8 (or WTF-8) text.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, k := decodeWTF8(s[i:])
		i += k
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
