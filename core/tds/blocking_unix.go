//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tds

import (
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// BlockingWaits says whether sockets wait in poll(2) on the calling thread
// (blockingConn) on this platform.
const BlockingWaits = true

// blockingConn is a TCP socket whose reads and writes wait in poll(2) on
// the calling thread instead of parking the goroutine in Go's network
// poller. A request run by a thread that came from C (every call through
// the C ABI) is a goroutine locked to that thread; parking it hands the
// wait to another thread and back, several context switches per round
// trip. Waiting in poll costs one, as in a C driver. The descriptor is a
// duplicate of the dialled socket's, which is closed so that the poller's
// thread is not woken by every packet either.
//
// Deadlines work as on net.Conn and may change from other goroutines while
// a wait is under way: a blocked poll also watches a wake pipe. Close
// wakes any waiter and releases the descriptor once no call uses it.
type blockingConn struct {
	fd            int
	local, remote net.Addr
	wakeR, wakeW  int
	readDL        atomic.Int64 // unix nanoseconds; 0: none
	writeDL       atomic.Int64
	busy          atomic.Int32 // calls using fd (or waiting on it)
	closed        atomic.Bool
	interrupt     atomic.Pointer[Interrupt]
}

// Interrupt lets a signal cancel a wait: its Fd is watched by every wait
// while the Interrupt is set (see SetInterrupt), and when a byte equal to
// Signal arrives on it, OnSignal runs (it may write on the connection).
type Interrupt struct {
	Fd       int
	Signal   byte
	OnSignal func()
}

// blockingSocket turns a freshly dialled TCP socket into a blockingConn;
// any other net.Conn, or a socket that cannot be duplicated, is returned
// as it is.
func blockingSocket(c net.Conn) net.Conn {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return c
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return c
	}
	fd := -1
	if cerr := raw.Control(func(s uintptr) { fd, err = unix.Dup(int(s)) }); cerr != nil || err != nil {
		return c
	}
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		unix.Close(fd)
		return c
	}
	for _, f := range []int{fd, p[0], p[1]} {
		unix.CloseOnExec(f)
		_ = unix.SetNonblock(f, true)
	}
	bc := &blockingConn{fd: fd, local: tc.LocalAddr(), remote: tc.RemoteAddr(), wakeR: p[0], wakeW: p[1]}
	_ = tc.Close() // leaves the poller; the socket lives on in fd
	return bc
}

// nonblocking holds the interrupt descriptors already made non-blocking
// (one per process in practice: Python's wakeup pipe).
var nonblocking sync.Map

// SetInterrupt makes the waits on conn watch in (nil: stop watching). It
// does nothing on a socket that is not a blocking one.
// Bytes already waiting on in.Fd (signals from before) are discarded; the
// descriptor is made non-blocking.
func SetInterrupt(conn net.Conn, in *Interrupt) {
	bc, ok := conn.(*blockingConn)
	if !ok {
		return
	}
	if in != nil {
		if _, done := nonblocking.Load(in.Fd); !done {
			_ = unix.SetNonblock(in.Fd, true)
			nonblocking.Store(in.Fd, true)
		}
		drainPipe(in.Fd)
	}
	bc.interrupt.Store(in)
}

func (c *blockingConn) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, err := c.io(b, unix.POLLIN, &c.readDL, unix.Read)
	if n == 0 && err == nil {
		return 0, io.EOF
	}
	return n, err
}

func (c *blockingConn) Write(b []byte) (int, error) {
	written := 0
	for written < len(b) {
		n, err := c.io(b[written:], unix.POLLOUT, &c.writeDL, unix.Write)
		written += n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// io runs one read or write on the socket, waiting in poll while it would
// block.
func (c *blockingConn) io(b []byte, events int16, deadline *atomic.Int64,
	sysIO func(int, []byte) (int, error)) (int, error) {
	c.busy.Add(1)
	defer c.busy.Add(-1)
	for {
		if c.closed.Load() {
			return 0, net.ErrClosed
		}
		n, err := sysIO(c.fd, b)
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := c.wait(events, deadline); err != nil {
				return 0, err
			}
			continue
		}
		return 0, &net.OpError{Op: opName(events), Net: "tcp", Source: c.local, Addr: c.remote,
			Err: os.NewSyscallError(opName(events), err)}
	}
}

// wait polls fd for events until it is ready, the deadline passes, the
// socket is closed or (with an interrupt set) the signal arrives.
func (c *blockingConn) wait(events int16, deadline *atomic.Int64) error {
	for {
		if c.closed.Load() {
			return net.ErrClosed
		}
		timeout := -1
		if dl := deadline.Load(); dl != 0 {
			left := time.Until(time.Unix(0, dl))
			if left <= 0 {
				return os.ErrDeadlineExceeded
			}
			timeout = int(min((left+time.Millisecond-1)/time.Millisecond, 1<<30))
		}
		fds := [3]unix.PollFd{{Fd: int32(c.fd), Events: events}, {Fd: int32(c.wakeR), Events: unix.POLLIN}}
		nfds := 2
		in := c.interrupt.Load()
		if in != nil {
			fds[2] = unix.PollFd{Fd: int32(in.Fd), Events: unix.POLLIN}
			nfds = 3
		}
		if _, err := unix.Poll(fds[:nfds], timeout); err != nil && err != unix.EINTR {
			return os.NewSyscallError("poll", err)
		}
		if fds[1].Revents != 0 {
			drainPipe(c.wakeR)
		}
		if in != nil && fds[2].Revents != 0 && drainPipe(in.Fd)&(1<<(in.Signal%64)) != 0 {
			in.OnSignal()
		}
		if fds[0].Revents != 0 {
			return nil
		}
	}
}

// drainPipe empties a non-blocking pipe and returns the set of the byte
// values read (bit b%64 for byte b).
func drainPipe(fd int) uint64 {
	var seen uint64
	var buf [64]byte
	for {
		n, err := unix.Read(fd, buf[:])
		for _, b := range buf[:max(n, 0)] {
			seen |= 1 << (b % 64)
		}
		if err == unix.EINTR {
			continue
		}
		if err != nil || n < len(buf) {
			return seen
		}
	}
}

// wake makes a blocked wait look again at the deadlines and the closed flag.
func (c *blockingConn) wake() {
	if c.busy.Load() > 0 {
		_, _ = unix.Write(c.wakeW, []byte{0})
	}
}

func (c *blockingConn) SetDeadline(t time.Time) error {
	storeDeadline(&c.readDL, t)
	storeDeadline(&c.writeDL, t)
	c.wake()
	return nil
}

func (c *blockingConn) SetReadDeadline(t time.Time) error {
	storeDeadline(&c.readDL, t)
	c.wake()
	return nil
}

func (c *blockingConn) SetWriteDeadline(t time.Time) error {
	storeDeadline(&c.writeDL, t)
	c.wake()
	return nil
}

func storeDeadline(dl *atomic.Int64, t time.Time) {
	if t.IsZero() {
		dl.Store(0)
		return
	}
	dl.Store(max(t.UnixNano(), 1))
}

// Close wakes any waiter, then releases the socket and the wake pipe once
// no call uses them (a woken waiter leaves at once).
func (c *blockingConn) Close() error {
	if c.closed.Swap(true) {
		return net.ErrClosed
	}
	_, _ = unix.Write(c.wakeW, []byte{0})
	for c.busy.Load() > 0 {
		time.Sleep(50 * time.Microsecond)
	}
	err := unix.Close(c.fd)
	unix.Close(c.wakeR)
	unix.Close(c.wakeW)
	return err
}

func (c *blockingConn) LocalAddr() net.Addr  { return c.local }
func (c *blockingConn) RemoteAddr() net.Addr { return c.remote }

// SyscallConn gives raw access to the socket (core peeks at it).
func (c *blockingConn) SyscallConn() (syscall.RawConn, error) { return rawSocket{c}, nil }

// rawSocket is the syscall.RawConn of a blockingConn.
type rawSocket struct{ c *blockingConn }

func (r rawSocket) Control(f func(fd uintptr)) error {
	return r.use(func() error { f(uintptr(r.c.fd)); return nil })
}

func (r rawSocket) Read(f func(fd uintptr) bool) error {
	return r.use(func() error { return r.until(f, unix.POLLIN, &r.c.readDL) })
}

func (r rawSocket) Write(f func(fd uintptr) bool) error {
	return r.use(func() error { return r.until(f, unix.POLLOUT, &r.c.writeDL) })
}

func (r rawSocket) use(f func() error) error {
	r.c.busy.Add(1)
	defer r.c.busy.Add(-1)
	if r.c.closed.Load() {
		return net.ErrClosed
	}
	return f()
}

func (r rawSocket) until(f func(fd uintptr) bool, events int16, deadline *atomic.Int64) error {
	for !f(uintptr(r.c.fd)) {
		if err := r.c.wait(events, deadline); err != nil {
			return err
		}
	}
	return nil
}

func opName(events int16) string {
	if events == unix.POLLIN {
		return "read"
	}
	return "write"
}
