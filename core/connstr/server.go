package connstr

import (
	"strconv"
	"strings"
)

// Address is where to connect, split from an ODBC Server value of the form
// `[tcp:]host[\instance][,port]`.
type Address struct {
	Host     string
	Instance string
	Port     uint16 // 0: the default 1433, or the SQL Browser's answer for an instance
}

// ParseServer splits a Server value. `.`, `(local)` and an empty host mean
// localhost; an IPv6 literal may be written in brackets.
func ParseServer(v string) (Address, error) {
	s := strings.TrimSpace(v)
	if i := strings.IndexByte(s, ':'); i > 0 && isProtocolPrefix(s[:i]) {
		proto := strings.ToLower(s[:i])
		if proto != "tcp" {
			return Address{}, &NotSupportedError{Key: KeyServer, Reason: "protocol '" + proto + ":' is not supported (only tcp)"}
		}
		s = s[i+1:]
	}
	var a Address
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		port, err := strconv.ParseUint(strings.TrimSpace(s[i+1:]), 10, 16)
		if err != nil || port == 0 {
			return Address{}, invalid(KeyServer, v, "host[\\instance][,port] with a port from 1 to 65535")
		}
		a.Port = uint16(port)
		s = s[:i]
	}
	if i := strings.IndexByte(s, '\\'); i >= 0 {
		a.Instance = strings.TrimSpace(s[i+1:])
		s = s[:i]
		if a.Instance == "" {
			return Address{}, invalid(KeyServer, v, "host\\instance with an instance name")
		}
	}
	a.Host = hostName(strings.TrimSpace(s))
	return a, nil
}

// isProtocolPrefix tells `tcp:host` from an IPv6 literal such as `::1`.
func isProtocolPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "tcp", "np", "lpc", "admin", "via":
		return true
	}
	return false
}

func hostName(h string) string {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	switch strings.ToLower(h) {
	case "", ".", "(local)":
		return "localhost"
	}
	return h
}
