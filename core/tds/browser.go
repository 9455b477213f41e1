package tds

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// SQL Browser messages (MC-SQLR).
const (
	browserUnicastInstance = 0x04
	browserResponse        = 0x05
	browserPort            = 1434
)

// lookupInstance asks the SQL Browser on host which TCP port the named
// instance listens on. The request is repeated each second until an
// answer or the context's end.
func lookupInstance(ctx context.Context, host, instance string, port int) (uint16, error) {
	if port == 0 {
		port = browserPort
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "udp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return 0, &ConnError{Op: "SQL Browser", Err: err}
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	req := append([]byte{browserUnicastInstance}, instance...)
	req = append(req, 0)
	buf := make([]byte, 4096)
	for {
		if _, err := conn.Write(req); err != nil {
			return 0, &ConnError{Op: "SQL Browser", Err: err}
		}
		_ = conn.SetReadDeadline(time.Now().Add(time.Second))
		n, err := conn.Read(buf)
		if err == nil {
			return parseBrowserReply(buf[:n], instance)
		}
		if ctx.Err() != nil {
			return 0, &ConnError{Op: "SQL Browser", Err: fmt.Errorf("no answer for instance %q: %w", instance, ctx.Err())}
		}
		if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
			return 0, &ConnError{Op: "SQL Browser", Err: err}
		}
	}
}

// parseBrowserReply reads the TCP port from a SVR_RESP:
// 0x05, a length, then "ServerName;x;InstanceName;y;...;tcp;port;...".
func parseBrowserReply(b []byte, instance string) (uint16, error) {
	if len(b) < 3 || b[0] != browserResponse {
		return 0, protocolErrorf("malformed SQL Browser reply")
	}
	fields := strings.Split(string(b[3:]), ";")
	for i := 0; i+1 < len(fields); i += 2 {
		if strings.EqualFold(fields[i], "tcp") {
			p, err := strconv.ParseUint(fields[i+1], 10, 16)
			if err != nil || p == 0 {
				return 0, protocolErrorf("SQL Browser reply with TCP port %q", fields[i+1])
			}
			return uint16(p), nil
		}
	}
	return 0, &ConnError{Op: "SQL Browser", Err: fmt.Errorf("instance %q does not listen on TCP", instance)}
}
