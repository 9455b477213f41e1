//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package tds

import "net"

// BlockingWaits says whether sockets wait in poll(2) on the calling thread:
// not here, where Go's network poller does the waiting.
const BlockingWaits = false

// Interrupt lets a signal cancel a wait on a socket (see SetInterrupt).
type Interrupt struct {
	Fd       int
	Signal   byte
	OnSignal func()
}

// blockingSocket keeps Go's network poller where poll(2) is not used.
func blockingSocket(c net.Conn) net.Conn { return c }

// SetInterrupt does nothing here: waits park in Go's network poller.
func SetInterrupt(net.Conn, *Interrupt) {}
