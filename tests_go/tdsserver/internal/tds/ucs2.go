package tds

import (
	"encoding/binary"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// AppendUCS2 appends s as UTF-16LE.
func AppendUCS2(dst []byte, s string) []byte {
	dst = slices.Grow(dst, 2*len(s)) // UTF-16 never takes more than twice the UTF-8 bytes
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf { // ASCII: the common case, one unit per byte
			dst = append(dst, s[i], 0)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			dst = binary.LittleEndian.AppendUint16(dst, uint16(r1))
			dst = binary.LittleEndian.AppendUint16(dst, uint16(r2))
			continue
		}
		dst = binary.LittleEndian.AppendUint16(dst, uint16(r))
	}
	return dst
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
