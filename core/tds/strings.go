package tds

// appendBVarChar appends a B_VARCHAR (at most 255 UTF-16 code units; the
// caller keeps names short).
func appendBVarChar(dst []byte, s string) []byte {
	n := utf16Len(s)
	if n > 255 {
		n = 255
		s = truncateUTF16(s, 255)
	}
	dst = append(dst, byte(n))
	return appendUTF16LE(dst, s)
}

// appendUSVarChar appends a US_VARCHAR.
func appendUSVarChar(dst []byte, s string) []byte {
	n := utf16Len(s)
	if n > 0xFFFF {
		n = 0xFFFF
		s = truncateUTF16(s, 0xFFFF)
	}
	dst = append(dst, byte(n), byte(n>>8))
	return appendUTF16LE(dst, s)
}

// truncateUTF16 cuts s to at most n UTF-16 code units, on a code point
// boundary.
func truncateUTF16(s string, n int) string {
	units := 0
	for i := 0; i < len(s); {
		r, k := decodeWTF8(s[i:])
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
		i += k
	}
	return s
}
