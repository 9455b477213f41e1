package tsql

import (
	"unicode/utf16"
	"unicode/utf8"
)

// varchar holds code page 1252 text (the default collation's code page):
// characters outside it become '?', as SQL Server converts them.

var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

var cp1252Rev = func() map[rune]byte {
	m := make(map[rune]byte, 32)
	for i, r := range cp1252High {
		if r != 0 {
			m[r] = byte(0x80 + i)
		}
	}
	return m
}()

func inCP1252(r rune) bool {
	if r < 0x80 || (r >= 0xA0 && r <= 0xFF) {
		return true
	}
	_, ok := cp1252Rev[r]
	return ok
}

// toCP1252Text replaces characters that varchar cannot hold with '?'.
func toCP1252Text(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return mapCP1252(s)
		}
	}
	return s
}

func mapCP1252(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case inCP1252(r):
			b = utf8.AppendRune(b, r)
		case r > 0xFFFF:
			b = append(b, '?', '?') // one per UTF-16 code unit, as SQL Server converts
		default:
			b = append(b, '?')
		}
	}
	return string(b)
}

// cp1252Bytes encodes varchar text as its single-byte form.
func cp1252Bytes(s string) []byte {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
			b = append(b, byte(r))
		default:
			if c, ok := cp1252Rev[r]; ok {
				b = append(b, c)
			} else {
				b = append(b, '?')
			}
		}
	}
	return b
}

// cp1252Text decodes single-byte varchar bytes.
func cp1252Text(b []byte) string {
	r := make([]rune, 0, len(b))
	for _, c := range b {
		switch {
		case c < 0x80 || c >= 0xA0:
			r = append(r, rune(c))
		case cp1252High[c-0x80] != 0:
			r = append(r, cp1252High[c-0x80])
		default:
			r = append(r, rune(c))
		}
	}
	return string(r)
}

// utf16Len counts UTF-16 code units, the length unit of nvarchar.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80:
			n++
		case c >= 0xF0:
			n += 2
		case c >= 0xC0:
			n++
		}
	}
	return n
}

// charLen is the length of s in the units of its type: UTF-16 code
// units for nvarchar, characters (= bytes of code page 1252) for varchar.
func charLen(s string, unicode bool) int {
	if unicode {
		return utf16Len(s)
	}
	return utf8.RuneCountInString(s)
}

// truncateChars cuts s to n units of its type.
func truncateChars(s string, n int, unicode bool) string {
	if unicode {
		u := utf16.Encode([]rune(s))
		if len(u) <= n {
			return s
		}
		return string(utf16.Decode(u[:n]))
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// utf16Bytes encodes s as UTF-16LE, the bytes of an nvarchar value.
func utf16Bytes(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return b
}

// utf16Text decodes UTF-16LE bytes.
func utf16Text(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u))
}

// substrUnits returns the part of s from unit start (0-based) of length n,
// in UTF-16 units for nvarchar or characters for varchar.
func substrUnits(s string, start, n int, unicode bool) string {
	if unicode {
		u := utf16.Encode([]rune(s))
		start, end := clampRange(start, n, len(u))
		return string(utf16.Decode(u[start:end]))
	}
	r := []rune(s)
	start, end := clampRange(start, n, len(r))
	return string(r[start:end])
}

func clampRange(start, n, length int) (int, int) {
	end := start + n
	if start < 0 {
		start = 0
	}
	if end > length {
		end = length
	}
	if start > length {
		start = length
	}
	if end < start {
		end = start
	}
	return start, end
}
