package tds

import (
	"encoding/binary"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// AppendUCS2 appends s as UTF-16LE; invalid UTF-8 bytes become U+FFFD.
func AppendUCS2(dst []byte, s string) []byte {
	dst, _ = appendUCS2(dst, s, false)
	return dst
}

// appendUCS2 appends s as UTF-16LE. With strict set it stops at invalid
// UTF-8 and reports ok false.
func appendUCS2(dst []byte, s string, strict bool) (_ []byte, ok bool) {
	n := len(dst)
	// UTF-16 never takes more than twice the UTF-8 bytes read so far, so
	// every write below stays within this length.
	dst = slices.Grow(dst, 2*len(s))[:n+2*len(s)]
	w := n
	for i := 0; i < len(s); {
		if i+8 <= len(s) { // eight ASCII bytes at a time
			if x := load64(s, i); x&0x8080808080808080 == 0 {
				binary.LittleEndian.PutUint64(dst[w:], widen(uint32(x)))
				binary.LittleEndian.PutUint64(dst[w+8:], widen(uint32(x>>32)))
				w += 16
				i += 8
				continue
			}
		}
		if c := s[i]; c < utf8.RuneSelf { // ASCII: the common case
			dst[w], dst[w+1] = c, 0
			w += 2
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 && strict {
			return dst[:w], false
		}
		i += size
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			binary.LittleEndian.PutUint16(dst[w:], uint16(r1))
			binary.LittleEndian.PutUint16(dst[w+2:], uint16(r2))
			w += 4
			continue
		}
		binary.LittleEndian.PutUint16(dst[w:], uint16(r))
		w += 2
	}
	return dst[:w], true
}

// load64 reads s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// widen spreads four bytes into four little-endian 16-bit units.
func widen(x uint32) uint64 {
	v := uint64(x)
	v = (v | v<<16) & 0x0000FFFF0000FFFF
	return (v | v<<8) & 0x00FF00FF00FF00FF
}

// UCS2Len is the number of UTF-16 code units of s.
func UCS2Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// DecodeUCS2 decodes UTF-16LE; an odd trailing byte is dropped and unpaired
// surrogates become U+FFFD.
func DecodeUCS2(b []byte) string {
	if len(b) < 2 {
		return ""
	}
	out := make([]byte, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(binary.LittleEndian.Uint16(b[i:]))
		if utf16.IsSurrogate(u) {
			if i+3 < len(b) {
				u2 := rune(binary.LittleEndian.Uint16(b[i+2:]))
				if r := utf16.DecodeRune(u, u2); r != utf8.RuneError {
					out = utf8.AppendRune(out, r)
					i += 2
					continue
				}
			}
			u = utf8.RuneError
		}
		out = utf8.AppendRune(out, u)
	}
	return string(out)
}

// appendBVarChar appends a B_VARCHAR, truncating to 255 code units.
func appendBVarChar(dst []byte, s string) []byte {
	s = truncateUCS2(s, 255)
	dst = append(dst, byte(UCS2Len(s)))
	return AppendUCS2(dst, s)
}

// appendUSVarChar appends a US_VARCHAR, truncating to 65535 code units.
func appendUSVarChar(dst []byte, s string) []byte {
	s = truncateUCS2(s, 65535)
	dst = binary.LittleEndian.AppendUint16(dst, uint16(UCS2Len(s)))
	return AppendUCS2(dst, s)
}

func truncateUCS2(s string, max int) string {
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}
