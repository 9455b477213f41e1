package tds

import "unicode/utf8"

// Collation is the 5-byte TDS collation: LCID and flags (4 bytes, little
// endian) then the SQL sort id.
type Collation [5]byte

// DefaultCollation is SQL_Latin1_General_CP1_CI_AS, code page 1252.
var DefaultCollation = Collation{0x09, 0x04, 0xD0, 0x00, 0x34}

const collationUTF8Flag = 0x04000000

// UTF8 reports whether the collation stores char data as UTF-8.
func (c Collation) UTF8() bool {
	info := uint32(c[0]) | uint32(c[1])<<8 | uint32(c[2])<<16 | uint32(c[3])<<24
	return info&collationUTF8Flag != 0
}

// IsZero reports an all-zero collation (a client that sent none).
func (c Collation) IsZero() bool { return c == Collation{} }

// Encode converts UTF-8 text to the collation's character set. Collations
// other than UTF-8 ones are treated as code page 1252, the code page of the
// server's default collation; a character it lacks becomes '?' as on SQL Server.
func (c Collation) Encode(dst []byte, s string) []byte {
	if c.UTF8() {
		return append(dst, s...)
	}
	for _, r := range s {
		dst = append(dst, cp1252Byte(r))
	}
	return dst
}

// EncodedLen is the byte length of s in the collation's character set.
func (c Collation) EncodedLen(s string) int {
	if c.UTF8() {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// Decode converts char data in the collation's character set to UTF-8.
func (c Collation) Decode(b []byte) string {
	if c.UTF8() {
		return string(b)
	}
	out := make([]rune, len(b))
	for i, x := range b {
		out[i] = cp1252Rune(x)
	}
	return string(out)
}

// cp1252High maps bytes 0x80-0x9F of Windows-1252; zero means undefined.
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

func cp1252Rune(b byte) rune {
	if b >= 0x80 && b < 0xA0 {
		if r := cp1252High[b-0x80]; r != 0 {
			return r
		}
	}
	return rune(b)
}

func cp1252Byte(r rune) byte {
	if r < 0x80 || (r >= 0xA0 && r <= 0xFF) {
		return byte(r)
	}
	if r >= 0x80 && r < 0xA0 && cp1252High[r-0x80] == 0 {
		return byte(r)
	}
	for i, x := range cp1252High {
		if x == r {
			return byte(0x80 + i)
		}
	}
	return '?'
}
