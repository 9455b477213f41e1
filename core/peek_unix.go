//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package core

import (
	"errors"
	"net"
	"syscall"
)

// CanPeek reports whether Session.Alive can see, without a round trip,
// that the server closed the connection.
const CanPeek = true

// peekSocket looks at the socket without reading from it and without
// blocking (MSG_PEEK|MSG_DONTWAIT, as pgx does): a closed peer reads as
// end of file; an idle, healthy connection has nothing to read.
func peekSocket(c net.Conn) error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var buf [1]byte
	var n int
	var rerr error
	err = raw.Read(func(fd uintptr) bool {
		n, _, rerr = syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return true
	})
	switch {
	case err != nil:
		return err
	case errors.Is(rerr, syscall.EAGAIN) || errors.Is(rerr, syscall.EWOULDBLOCK):
		return nil
	case rerr != nil:
		return rerr
	case n == 0:
		return ErrPeerClosed
	}
	return errUnexpectedData
}
