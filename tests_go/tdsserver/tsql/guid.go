package tsql

// uniqueidentifier values: text form, SQL Server byte order, conversion.

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func toGUID(v any, from sqltype.Type) (any, error) {
	switch x := v.(type) {
	case string:
		if from.Kind == sqltype.UniqueIdentifier {
			return x, nil
		}
		if !isStringKind(from.Kind) {
			return nil, errExplicitConversion(from.Kind.String(), "uniqueidentifier")
		}
		g, ok := parseGUID(x)
		if !ok {
			return nil, errGUIDConversion()
		}
		return formatGUID(g), nil
	case []byte:
		if len(x) < 16 {
			b := make([]byte, 16)
			copy(b, x)
			x = b
		}
		return formatGUID(sqlBytesToGUID(x[:16])), nil
	}
	return nil, errExplicitConversion(from.Kind.String(), "uniqueidentifier")
}

// hexNibble maps an ASCII hex digit to its value, 0xff otherwise.
var hexNibble = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c], t[c-'a'+'A'] = byte(c-'a'+10), byte(c-'a'+10)
	}
	return t
}()

// guidDigits are the offsets of the 32 hex digits in the 36-char form.
var guidDigits = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// parseGUID reads "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", optionally in
// braces; SQL Server ignores characters after the 36th.
func parseGUID(s string) ([16]byte, bool) {
	var g [16]byte
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		s = strings.TrimSpace(s)
	}
	if strings.HasPrefix(s, "{") {
		if len(s) < 38 || s[37] != '}' {
			return g, false
		}
		s = s[1:37]
	}
	if len(s) < 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, false
	}
	for i, off := range guidDigits {
		hi, lo := hexNibble[s[off]], hexNibble[s[off+1]]
		if hi|lo == 0xff {
			return g, false
		}
		g[i] = hi<<4 | lo
	}
	return g, true
}

func hexVal(c byte) byte { return hexNibble[c] }

// formatGUID renders a GUID in RFC 4122 order, upper case as SQL Server does.
func formatGUID(g [16]byte) string {
	const hx = "0123456789ABCDEF"
	b := make([]byte, 36)
	j := 0
	for i := 0; i < 16; i++ {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hx[g[i]>>4], hx[g[i]&15]
		j += 2
	}
	return string(b)
}

// guidToSQLBytes gives SQL Server's byte order of a GUID (the first three
// groups little-endian), as CAST(uniqueidentifier AS binary) shows it.
func guidToSQLBytes(g [16]byte) []byte {
	return []byte{g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]}
}

func sqlBytesToGUID(b []byte) [16]byte {
	return [16]byte{b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]}
}
