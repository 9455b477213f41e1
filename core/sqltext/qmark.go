package sqltext

import (
	"strconv"
	"strings"
)

// ParamName returns the name of the i-th (1-based) positional parameter,
// without the '@'.
func ParamName(i int) string { return "p" + strconv.Itoa(i) }

// Rewrite replaces each placeholder `?` with @p1, @p2, ... in order and
// returns the new text and the number of placeholders. Text without a
// placeholder is returned unchanged.
func Rewrite(sql string) (string, int) {
	return RewriteFrom(sql, 0)
}

// Count returns the number of placeholders in sql.
func Count(sql string) int {
	n := 0
	for i := 0; i < len(sql); {
		if next := skip(sql, i); next > i {
			i = next
			continue
		}
		if sql[i] == '?' {
			n++
		}
		i++
	}
	return n
}

// skip returns the index just past a literal, quoted identifier or comment
// that starts at i, or i when none starts there. An unterminated one runs
// to the end of the text, as the server would read it.
func skip(s string, i int) int {
	switch s[i] {
	case '\'':
		return quoted(s, i, '\'')
	case '"':
		return quoted(s, i, '"')
	case '[':
		return quoted(s, i, ']')
	case '-':
		if i+1 < len(s) && s[i+1] == '-' {
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				return i + j + 1
			}
			return len(s)
		}
	case '/':
		if i+1 < len(s) && s[i+1] == '*' {
			return blockComment(s, i)
		}
	}
	return i
}

// quoted skips from the opening quote at i to just past the closing one;
// a doubled closing character stands for itself.
func quoted(s string, i int, closing byte) int {
	for j := i + 1; j < len(s); j++ {
		if s[j] != closing {
			continue
		}
		if j+1 < len(s) && s[j+1] == closing {
			j++
			continue
		}
		return j + 1
	}
	return len(s)
}

// blockComment skips a /* */ comment, counting nested ones.
func blockComment(s string, i int) int {
	depth := 0
	for j := i; j+1 < len(s); j++ {
		switch {
		case s[j] == '/' && s[j+1] == '*':
			depth++
			j++
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

// RewriteFrom is Rewrite with the first placeholder named @p<first+1>, for
// the copies of a statement that one request runs for several rows.
func RewriteFrom(sql string, first int) (string, int) {
	if strings.IndexByte(sql, '?') < 0 {
		return sql, 0
	}
	var b strings.Builder
	b.Grow(len(sql) + 16)
	n, last := 0, 0
	for i := 0; i < len(sql); {
		if next := skip(sql, i); next > i {
			i = next
			continue
		}
		if sql[i] == '?' {
			n++
			b.WriteString(sql[last:i])
			b.WriteByte('@')
			b.WriteString(ParamName(first + n))
			last = i + 1
		}
		i++
	}
	b.WriteString(sql[last:])
	return b.String(), n
}
