//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package core

import "net"

// CanPeek reports whether Session.Alive can see, without a round trip,
// that the server closed the connection. Not on this platform: a pool
// pings instead.
const CanPeek = false

func peekSocket(net.Conn) error { return nil }
