package sqltext

import "strings"

// HasKeyword reports whether one of words (upper case) stands as a whole
// word in sql outside literals, quoted identifiers and comments.
func HasKeyword(sql string, words ...string) bool {
	for i := 0; i < len(sql); {
		if next := skip(sql, i); next > i {
			i = next
			continue
		}
		if !wordByte(sql[i]) || (i > 0 && wordByte(sql[i-1])) {
			i++
			continue
		}
		end := i
		for end < len(sql) && wordByte(sql[end]) {
			end++
		}
		for _, w := range words {
			if strings.EqualFold(sql[i:end], w) {
				return true
			}
		}
		i = end
	}
	return false
}

// wordByte reports whether b can be part of an identifier or keyword.
func wordByte(b byte) bool {
	return b == '_' || b == '@' || b == '#' || b == '$' || b >= 0x80 ||
		('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9')
}
