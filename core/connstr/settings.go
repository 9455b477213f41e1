package connstr

import (
	"fmt"
	"sort"
	"strings"
)

// Settings is a validated connection string: canonical keyword → value.
// The zero value is an empty string's settings.
type Settings struct {
	values map[string]string
}

// Parse parses an ODBC-style connection string. Every syntax problem,
// duplicate keyword, empty value, reserved and unknown keyword is
// collected into one *ParseError. Synonyms of one keyword (Server, Addr,
// Address) are not duplicates: the first one wins, as in ODBC.
func Parse(s string) (Settings, error) {
	pairs, problems := splitPairs(s)
	set := Settings{values: map[string]string{}}
	seen := map[string]bool{}
	var unknown, reservedKeys []string
	for _, p := range pairs {
		if p.value == "" {
			problems = append(problems, fmt.Sprintf("Empty value for keyword '%s' (all connection string parameters must have non-empty values)", safeKey(p.key)))
		}
		if seen[p.key] {
			problems = append(problems, fmt.Sprintf("Duplicate keyword '%s' found", safeKey(p.key)))
			continue
		}
		seen[p.key] = true
		canon, ok := allowed[p.key]
		switch {
		case !ok:
			unknown = append(unknown, p.key)
		case reserved[canon]:
			reservedKeys = append(reservedKeys, p.key)
		default:
			set.setFirst(canon, p.value)
		}
	}
	for _, k := range reservedKeys {
		problems = append(problems, fmt.Sprintf("Reserved keyword '%s' is controlled by the driver and cannot be specified by the user", safeKey(k)))
	}
	for _, k := range unknown {
		problems = append(problems, fmt.Sprintf("Unknown keyword '%s' is not recognized", safeKey(k)))
	}
	if len(problems) > 0 {
		return Settings{}, &ParseError{Problems: problems}
	}
	return set, nil
}

// ParseOverrides parses the keyword overrides of Python's
// connect(**kwargs). Syntax problems, empty values and reserved keywords
// are errors; unknown keywords are dropped and returned so that the caller
// can log them (Microsoft's package ignores them with a warning).
func ParseOverrides(s string) (set Settings, ignored []string, err error) {
	pairs, problems := splitPairs(s)
	set = Settings{values: map[string]string{}}
	for _, p := range pairs {
		canon, ok := allowed[p.key]
		switch {
		case p.value == "":
			problems = append(problems, fmt.Sprintf("Empty value for keyword '%s'", safeKey(p.key)))
		case !ok:
			ignored = append(ignored, safeKey(p.key))
		case reserved[canon]:
			problems = append(problems, fmt.Sprintf("Reserved keyword '%s' is controlled by the driver and cannot be specified by the user", safeKey(p.key)))
		default:
			set.values[canon] = p.value // the last override wins
		}
	}
	if len(problems) > 0 {
		return Settings{}, nil, &ParseError{Problems: problems}
	}
	return set, ignored, nil
}

func (s *Settings) setFirst(key, value string) {
	if _, ok := s.values[key]; !ok {
		s.values[key] = value
	}
}

// Merge returns s with every keyword of o replacing its own.
func (s Settings) Merge(o Settings) Settings {
	out := Settings{values: make(map[string]string, len(s.values)+len(o.values))}
	for k, v := range s.values {
		out.values[k] = v
	}
	for k, v := range o.values {
		out.values[k] = v
	}
	return out
}

// Get returns the value of a keyword given by any of its names.
func (s Settings) Get(key string) (string, bool) {
	canon, ok := Canonical(key)
	if !ok {
		return "", false
	}
	v, ok := s.values[canon]
	return v, ok
}

// Len is the number of keywords set.
func (s Settings) Len() int { return len(s.values) }

// Normalized is a canonical form of the settings (canonical keywords in
// sorted order, values braced where needed). Two strings that mean the
// same get the same form, so it serves as a pool key. It contains the
// password: never log it, use Redacted.
func (s Settings) Normalized() string {
	return s.build(false)
}

// Redacted is Normalized with every secret value replaced by "***". It is
// safe for logs, errors and reprs.
func (s Settings) Redacted() string {
	return s.build(true)
}

// String is Redacted, so that formatting Settings never leaks a secret.
func (s Settings) String() string { return s.Redacted() }

func (s Settings) build(redact bool) string {
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(';')
		}
		v := s.values[k]
		if redact && secret[k] {
			v = "***"
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(quote(v))
	}
	return b.String()
}

// quote braces a value that the grammar could otherwise misread.
func quote(v string) string {
	if v == "" || strings.ContainsAny(v, ";{}= \t") || v != strings.TrimSpace(v) {
		return "{" + strings.ReplaceAll(v, "}", "}}") + "}"
	}
	return v
}

// GoString is Redacted too, for %#v.
func (s Settings) GoString() string { return "connstr.Settings{" + s.Redacted() + "}" }
