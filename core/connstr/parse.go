package connstr

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseError reports every problem found in a connection string. Its
// messages name keywords but never quote values.
type ParseError struct {
	Problems []string
}

func (e *ParseError) Error() string {
	return "connection string rejected: " + strings.Join(e.Problems, "; ")
}

// pair is one key=value of a connection string, key lower-cased.
type pair struct {
	key, value string
}

// scanner walks a connection string byte by byte. Every delimiter of the
// grammar is ASCII, so UTF-8 text passes through untouched.
type scanner struct {
	s        string
	pos      int
	problems []string
}

func (sc *scanner) problem(format string, args ...any) {
	sc.problems = append(sc.problems, fmt.Sprintf(format, args...))
}

func (sc *scanner) done() bool { return sc.pos >= len(sc.s) }

func (sc *scanner) peek() byte { return sc.s[sc.pos] }

func (sc *scanner) skipTo(stop byte) {
	for !sc.done() && sc.peek() != stop {
		sc.pos++
	}
}

func (sc *scanner) skipBlanks(set string) {
	for !sc.done() && strings.IndexByte(set, sc.peek()) >= 0 {
		sc.pos++
	}
}

// splitPairs tokenises s into key=value pairs, collecting syntax problems
// (missing '=', empty keyword, unclosed brace) instead of stopping at the
// first one.
func splitPairs(s string) ([]pair, []string) {
	sc := &scanner{s: strings.TrimSpace(s)}
	var pairs []pair
	for {
		sc.skipBlanks(" \t;")
		if sc.done() {
			break
		}
		if p, ok := sc.pair(); ok {
			pairs = append(pairs, p)
		}
	}
	return pairs, sc.problems
}

// pair reads one key=value; ok is false when it was malformed.
func (sc *scanner) pair() (pair, bool) {
	start := sc.pos
	for !sc.done() && sc.peek() != '=' && sc.peek() != ';' {
		sc.pos++
	}
	rawKey := strings.TrimSpace(sc.s[start:sc.pos])
	if sc.done() || sc.peek() != '=' {
		if rawKey != "" {
			// The text is not repeated: it may be the tail of a password
			// that held an unbraced ';'.
			at := utf8.RuneCountInString(sc.s[:start])
			sc.problem("Incomplete specification: the text at position %d has no '=' (values holding ';' must be braced: {...})", at)
		}
		sc.skipTo(';')
		return pair{}, false
	}
	sc.pos++ // '='
	if rawKey == "" {
		sc.problem("Empty keyword found (format: =value)")
		sc.skipTo(';')
		return pair{}, false
	}
	key := normalizeKey(rawKey)
	value, ok := sc.value(key)
	return pair{key: key, value: value}, ok
}

// value reads a plain or braced value.
func (sc *scanner) value(key string) (string, bool) {
	sc.skipBlanks(" \t")
	if sc.done() {
		return "", true
	}
	if sc.peek() != '{' {
		start := sc.pos
		sc.skipTo(';')
		return strings.TrimRight(sc.s[start:sc.pos], " \t\r\n\v\f"), true
	}
	return sc.braced(key)
}

// braced reads `{...}` where `}}` stands for `}`.
func (sc *scanner) braced(key string) (string, bool) {
	open := sc.pos
	sc.pos++
	var b strings.Builder
	for !sc.done() {
		c := sc.peek()
		sc.pos++
		if c != '}' {
			b.WriteByte(c)
			continue
		}
		if !sc.done() && sc.peek() == '}' {
			b.WriteByte('}')
			sc.pos++
			continue
		}
		return b.String(), true
	}
	at := utf8.RuneCountInString(sc.s[:open])
	sc.problem("Error parsing value for keyword '%s': Unclosed braced value starting at position %d", safeKey(key), at)
	return "", false
}

// normalizeKey lower-cases and trims a keyword.
func normalizeKey(key string) string {
	return strings.ToLower(strings.TrimSpace(key))
}

// safeKey bounds what a problem message repeats of user input: keywords
// only, at most 64 bytes, never a value.
func safeKey(key string) string {
	const max = 64
	if len(key) <= max {
		return key
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(key[cut]) {
		cut--
	}
	return key[:cut] + "..."
}
