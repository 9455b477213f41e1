package connstr

import (
	"fmt"
	"strconv"
	"strings"
)

// ValueError reports a keyword whose value is not acceptable. Like the
// ODBC driver's "Invalid value specified for connection string attribute",
// it names the keyword; it quotes the value only for non-secret keywords.
type ValueError struct {
	Key    string
	Reason string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("invalid value for connection string keyword '%s': %s", e.Key, e.Reason)
}

// NotSupportedError reports a keyword value this driver cannot honour on
// this platform or yet.
type NotSupportedError struct {
	Key    string
	Reason string
}

func (e *NotSupportedError) Error() string {
	return fmt.Sprintf("connection string keyword '%s': %s", e.Key, e.Reason)
}

func invalid(key, value, want string) error {
	if secret[key] {
		return &ValueError{Key: key, Reason: "expected " + want}
	}
	return &ValueError{Key: key, Reason: fmt.Sprintf("'%s' is not %s", value, want)}
}

// parseYesNo accepts ODBC's yes/no and the usual boolean spellings.
func parseYesNo(key, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "1", "y", "on":
		return true, nil
	case "no", "false", "0", "n", "off":
		return false, nil
	}
	return false, invalid(key, v, "yes or no")
}

// parseRange parses a decimal integer within [lo, hi].
func parseRange(key, v string, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, invalid(key, v, fmt.Sprintf("an integer from %d to %d", lo, hi))
	}
	return n, nil
}
