package tsql

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"database/sql/driver"
	"math"
	mrand "math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	sqlite "modernc.org/sqlite"
)

// String functions with T-SQL semantics: lengths in characters (UTF-16
// units for nvarchar), trailing blanks ignored by LEN, case-insensitive
// search as the default collation compares.

func init() {
	s := scalarFuncs
	s["tsql_len"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		if a[0] == nil {
			return nil, nil
		}
		if b, ok := a[0].([]byte); ok {
			return int64(len(b)), nil
		}
		t, _ := argStr(a[0])
		return int64(charLen(strings.TrimRight(t, " "), a[1] == int64(1))), nil
	}
	s["tsql_datalength"] = fnDataLength
	s["tsql_upper"] = strMap(strings.ToUpper)
	s["tsql_lower"] = strMap(strings.ToLower)
	s["tsql_reverse"] = strMap(func(t string) string {
		r := []rune(t)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r)
	})
	s["tsql_substring"] = fnSubstring
	s["tsql_left"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := argStr(a[0])
		n, ok2 := argInt(a[1])
		if !ok || !ok2 || a[0] == nil {
			return nil, nil
		}
		if n < 0 {
			return nil, udfFail(newErr(536, 16, 1, "Invalid length parameter passed to the left function."))
		}
		return substrUnits(t, 0, int(n), a[2] == int64(1)), nil
	}
	s["tsql_right"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := argStr(a[0])
		n, ok2 := argInt(a[1])
		if !ok || !ok2 || a[0] == nil {
			return nil, nil
		}
		if n < 0 {
			return nil, udfFail(newErr(536, 16, 2, "Invalid length parameter passed to the right function."))
		}
		l := charLen(t, a[2] == int64(1))
		return substrUnits(t, l-int(n), int(n), a[2] == int64(1)), nil
	}
}

func init() {
	s := scalarFuncs
	s["tsql_replicate"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := argStr(a[0])
		n, ok2 := argInt(a[1])
		if !ok || !ok2 || n < 0 || a[0] == nil {
			return nil, nil
		}
		return strings.Repeat(t, int(n)), nil
	}
	s["tsql_replace"] = fnReplace
	s["tsql_charindex"] = fnCharIndex
	s["tsql_patindex"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		p, ok1 := argStr(a[0])
		t, ok2 := argStr(a[1])
		if !ok1 || !ok2 || a[0] == nil || a[1] == nil {
			return nil, nil
		}
		re := likeRegexp(strings.TrimSuffix(strings.TrimPrefix(p, "%"), "%"), 0, false, true)
		loc := re.FindStringIndex(t)
		if loc == nil {
			return int64(0), nil
		}
		return int64(utf8.RuneCountInString(t[:loc[0]]) + 1), nil
	}
	s["tsql_like"] = fnLike
}

func init() {
	s := scalarFuncs
	s["tsql_concat_ws"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		sep, _ := argStr(a[0])
		var parts []string
		for _, v := range a[1:] {
			if v != nil {
				t, _ := argStr(v)
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, sep), nil
	}
	s["tsql_stuff"] = fnStuff
	s["tsql_str"] = fnStr
	s["tsql_char"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		n, ok := argInt(a[0])
		if !ok || n < 0 || (a[1] == int64(0) && n > 255) || n > 0x10FFFF {
			return nil, nil
		}
		if a[1] == int64(0) {
			return cp1252Text([]byte{byte(n)}), nil
		}
		return string(rune(n)), nil
	}
	s["tsql_ascii"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := argStr(a[0])
		if !ok || t == "" || a[0] == nil {
			return nil, nil
		}
		r, _ := utf8.DecodeRuneInString(t)
		if a[1] == int64(0) {
			return int64(cp1252Bytes(string(r))[0]), nil
		}
		return int64(r), nil
	}
}

func init() {
	s := scalarFuncs
	s["tsql_quotename"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		t, ok := argStr(a[0])
		q, _ := argStr(a[1])
		if !ok || a[0] == nil || utf16Len(t) > 128 {
			return nil, nil
		}
		switch q {
		case "[", "]", "":
			return "[" + strings.ReplaceAll(t, "]", "]]") + "]", nil
		case "'", "\"", "`":
			return q + strings.ReplaceAll(t, q, q+q) + q, nil
		case "(", ")":
			return "(" + t + ")", nil
		case "<", ">":
			return "<" + t + ">", nil
		case "{", "}":
			return "{" + t + "}", nil
		}
		return nil, nil
	}
	s["tsql_hashbytes"] = fnHashBytes
	s["tsql_binconcat"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		if a[0] == nil || a[1] == nil {
			return nil, nil
		}
		x, _ := a[0].([]byte)
		y, _ := a[1].([]byte)
		return append(append([]byte{}, x...), y...), nil
	}
	volatileFuncs["tsql_newid"] = func(_ *sqlite.FunctionContext, _ []driver.Value) (driver.Value, error) {
		var g [16]byte
		rand.Read(g[:])
		g[6] = g[6]&0x0f | 0x40
		g[8] = g[8]&0x3f | 0x80
		return formatGUID(g), nil
	}
	volatileFuncs["tsql_rand"] = func(_ *sqlite.FunctionContext, _ []driver.Value) (driver.Value, error) {
		return mrand.Float64(), nil
	}
}

func strMap(f func(string) string) scalarFunc {
	return func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		if a[0] == nil {
			return nil, nil
		}
		t, _ := argStr(a[0])
		return f(t), nil
	}
}

func fnDataLength(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	t := decodeType(a[1].(int64))
	switch v := a[0].(type) {
	case nil:
		return nil, nil
	case []byte:
		return int64(len(v)), nil
	case string:
		switch {
		case isUnicodeKind(t.Kind) || t.Kind == 0:
			return int64(2 * utf16Len(v)), nil
		case isStringKind(t.Kind):
			return int64(len(cp1252Bytes(v))), nil
		}
	}
	return int64(maxLengthBytes(t)), nil
}

func fnSubstring(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	start, ok1 := argInt(a[1])
	n, ok2 := argInt(a[2])
	if a[0] == nil || !ok1 || !ok2 {
		return nil, nil
	}
	if n < 0 {
		return nil, udfFail(newErr(537, 16, 3, "Invalid length parameter passed to the LEFT or SUBSTRING function."))
	}
	if b, ok := a[0].([]byte); ok {
		s, e := clampRange(int(start-1), int(n), len(b))
		return append([]byte{}, b[s:e]...), nil
	}
	t, _ := argStr(a[0])
	return substrUnits(t, int(start-1), int(n), a[3] == int64(1)), nil
}

// foldIndex finds needle in s case-insensitively from byte offset from,
// returning the byte offset and byte length of the match, or -1.
func foldIndex(s, needle string, from int) (int, int) {
	if needle == "" {
		return -1, 0
	}
	n := []rune(needle)
	for i := from; i < len(s); {
		if w, ok := foldPrefix(s[i:], n); ok {
			return i, w
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return -1, 0
}

func foldPrefix(s string, n []rune) (int, bool) {
	pos := 0
	for _, r := range n {
		if pos >= len(s) {
			return 0, false
		}
		c, w := utf8.DecodeRuneInString(s[pos:])
		if c != r && unicode.ToLower(c) != unicode.ToLower(r) {
			return 0, false
		}
		pos += w
	}
	return pos, true
}

func fnReplace(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil || a[2] == nil {
		return nil, nil
	}
	t, _ := argStr(a[0])
	from, _ := argStr(a[1])
	to, _ := argStr(a[2])
	if from == "" {
		return t, nil
	}
	var sb strings.Builder
	pos := 0
	for {
		i, w := foldIndex(t, from, pos)
		if i < 0 {
			break
		}
		sb.WriteString(t[pos:i])
		sb.WriteString(to)
		pos = i + w
	}
	sb.WriteString(t[pos:])
	return sb.String(), nil
}

func fnCharIndex(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	needle, _ := argStr(a[0])
	hay, _ := argStr(a[1])
	start, _ := argInt(a[2])
	if start < 1 {
		start = 1
	}
	r := []rune(hay)
	if int(start-1) > len(r) {
		return int64(0), nil
	}
	off := len(string(r[:start-1]))
	i, _ := foldIndex(hay, needle, off)
	if i < 0 {
		return int64(0), nil
	}
	if a[3] == int64(1) {
		return int64(utf16Len(hay[:i]) + 1), nil
	}
	return int64(utf8.RuneCountInString(hay[:i]) + 1), nil
}

func fnStuff(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	t, ok := argStr(a[0])
	start, ok1 := argInt(a[1])
	n, ok2 := argInt(a[2])
	repl, _ := argStr(a[3])
	if a[0] == nil || !ok || !ok1 || !ok2 {
		return nil, nil
	}
	r := []rune(t)
	if start < 1 || int(start) > len(r) || n < 0 {
		return nil, nil
	}
	end := min(int(start-1+n), len(r))
	return string(r[:start-1]) + repl + string(r[end:]), nil
}

// fnStr is STR(float, length, decimals): right-aligned, '*' on overflow.
func fnStr(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	d, ok := decFromStorage(a[0])
	if !ok {
		return nil, nil
	}
	length, _ := argInt(a[1])
	dec, _ := argInt(a[2])
	dec = min(max(dec, 0), 16)
	f, _ := d.Float64()
	s := strconv.FormatFloat(f, 'f', int(dec), 64)
	if int64(len(s)) > length {
		s = strconv.FormatFloat(math.Round(f), 'f', 0, 64)
		if int64(len(s)) > length {
			return strings.Repeat("*", int(length)), nil
		}
	}
	return strings.Repeat(" ", int(length)-len(s)) + s, nil
}

func fnHashBytes(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	alg, _ := argStr(a[0])
	var data []byte
	switch v := a[1].(type) {
	case nil:
		return nil, nil
	case []byte:
		data = v
	case string:
		if a[2] == int64(1) {
			data = utf16Bytes(v)
		} else {
			data = cp1252Bytes(v)
		}
	default:
		t, _ := argStr(v)
		data = []byte(t)
	}
	switch strings.ToUpper(alg) {
	case "MD5":
		h := md5.Sum(data)
		return h[:], nil
	case "SHA1", "SHA":
		h := sha1.Sum(data)
		return h[:], nil
	case "SHA2_256":
		h := sha256.Sum256(data)
		return h[:], nil
	case "SHA2_512":
		h := sha512.Sum512(data)
		return h[:], nil
	}
	return nil, nil
}

// LIKE with T-SQL patterns: % _ [abc] [a-z] [^a], case-insensitive unless
// the collation is binary, with an optional escape character.

var likeCache sync.Map // key -> *regexp.Regexp

func fnLike(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	p, _ := argStr(a[0])
	t, _ := argStr(a[1])
	var esc rune
	if e, ok := a[2].(string); ok && e != "" {
		esc, _ = utf8.DecodeRuneInString(e)
	}
	cs := a[3] == int64(1)
	re := likeRegexp(p, esc, cs, false)
	return boolToInt(re.MatchString(strings.TrimRight(t, " ")) || re.MatchString(t)), nil
}

func likeRegexp(p string, esc rune, cs, search bool) *regexp.Regexp {
	key := p + "\x00" + string(esc) + strconv.FormatBool(cs) + strconv.FormatBool(search)
	if v, ok := likeCache.Load(key); ok {
		return v.(*regexp.Regexp)
	}
	var sb strings.Builder
	if !cs {
		sb.WriteString("(?i)")
	}
	sb.WriteString("(?s)")
	if !search {
		sb.WriteString("^")
	}
	r := []rune(p)
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case esc != 0 && c == esc && i+1 < len(r):
			i++
			sb.WriteString(regexp.QuoteMeta(string(r[i])))
		case c == '%':
			sb.WriteString(".*")
		case c == '_':
			sb.WriteString(".")
		case c == '[':
			j := i + 1
			for j < len(r) && r[j] != ']' {
				j++
			}
			if j >= len(r) {
				sb.WriteString(`\[`)
				continue
			}
			sb.WriteString(likeClass(r[i+1 : j]))
			i = j
		default:
			sb.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if !search {
		sb.WriteString("$")
	}
	re, err := regexp.Compile(sb.String())
	if err != nil {
		re = regexp.MustCompile("^$.")
	}
	likeCache.Store(key, re)
	return re
}

func likeClass(body []rune) string {
	var sb strings.Builder
	sb.WriteString("[")
	for i, c := range body {
		switch {
		case i == 0 && c == '^':
			sb.WriteString("^")
		case c == '-' && i > 0 && i < len(body)-1:
			sb.WriteString("-")
		case c == '\\' || c == ']' || c == '[' || c == '^' || c == '-':
			sb.WriteString(`\` + string(c))
		case unicode.IsPrint(c):
			sb.WriteRune(c)
		}
	}
	sb.WriteString("]")
	return sb.String()
}
