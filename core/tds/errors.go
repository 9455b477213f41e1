package tds

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// Sentinel errors.
var (
	// ErrCancelled ends a request cancelled by Cancel. The connection stays
	// usable.
	ErrCancelled = errors.New("tds: request cancelled")
	// ErrClosed is returned by a closed connection.
	ErrClosed = errors.New("tds: connection closed")
	// ErrBusy is returned when a request starts while another one is still
	// being written or read.
	ErrBusy = errors.New("tds: the connection is busy with another request")
)

// ConnError is a failure of the transport (network, TLS, timeout). The
// connection is closed.
type ConnError struct {
	Op  string // what was being done: "dial", "read", "write", "tls", ...
	Err error
}

func (e *ConnError) Error() string { return "tds: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *ConnError) Unwrap() error { return e.Err }

// Timeout reports whether a deadline expired.
func (e *ConnError) Timeout() bool {
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// ProtocolError reports bytes from the server that break MS-TDS, or a
// message the client did not expect. The connection is closed.
type ProtocolError struct {
	Msg string
}

func (e *ProtocolError) Error() string { return "tds: protocol error: " + e.Msg }

func protocolErrorf(format string, args ...any) *ProtocolError {
	return &ProtocolError{Msg: fmt.Sprintf(format, args...)}
}

// NotSupportedError reports a feature this package does not implement.
type NotSupportedError struct {
	Feature string
}

func (e *NotSupportedError) Error() string { return "tds: not supported: " + e.Feature }

// ServerError carries the ERROR tokens the server sent for one request
// (or login), in order; the first is the primary error.
type ServerError struct {
	Messages []Message
}

func (e *ServerError) Error() string {
	if len(e.Messages) == 0 {
		return "tds: server error"
	}
	var b strings.Builder
	for i, m := range e.Messages {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(m.String())
	}
	return b.String()
}

// IsBadConn reports whether err left the connection unusable.
func IsBadConn(err error) bool {
	var ce *ConnError
	var pe *ProtocolError
	return errors.As(err, &ce) || errors.As(err, &pe) || errors.Is(err, ErrClosed)
}
