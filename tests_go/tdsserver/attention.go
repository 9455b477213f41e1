package tdsserver

import (
	"bufio"
	"context"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// Reading requests and noticing ATTENTION.
//
// The connection's goroutine reads each request and runs it itself: a
// hand-off between a reading goroutine and a running one cost, on a
// two-core machine, as much CPU as a small request. Only a request still
// running after watchDelay gets a watcher, a goroutine that waits for the
// client's next bytes: an ATTENTION cancels the request, any other message
// is kept for the connection's goroutine. One scanner per server finds
// such requests (a timer per request would cost a wake-up of the runtime's
// poller per request). The watcher only peeks until a message starts to
// arrive and reads it whole under readMu; stopping it sets a read deadline
// in the past under readMu, so no message is ever cut in the middle. An
// ATTENTION that arrives before the watcher starts is read after the
// response and acknowledged then (MS-TDS 3.3.5.9).

// watchDelay is how long a request runs before ATTENTION is watched for;
// the scanner looks this often.
const watchDelay = 2 * time.Millisecond

// scannerIdleTicks is how many scans find no running request before the
// scanner sleeps until the next request.
const scannerIdleTicks = 500

// watch is a connection's watcher state.
type watch struct {
	reqStart atomic.Int64  // UnixNano start of the running request, 0 between requests
	launched atomic.Bool   // the scanner started startWatch for this request
	done     chan struct{} // closed when the watcher returns
	readMu   sync.Mutex
	stop     bool // under readMu: set while stopWatch stops the watcher
}

// startReading prepares the transport for peeking once login is done.
func (c *conn) startReading() {
	if c.r.R == c.bc {
		c.in = c.bc.r
		return
	}
	c.in = bufio.NewReaderSize(c.r.R, 16<<10) // TLS: decrypted records are buffered here
	c.r.R = c.in
}

// next returns the next request: one the watcher read, or a new one.
func (c *conn) next() (*tds.Message, error) {
	c.mu.Lock()
	if len(c.pending) > 0 {
		in := c.pending[0]
		c.pending = c.pending[1:]
		c.mu.Unlock()
		return in.msg, in.err
	}
	c.mu.Unlock()
	return c.r.ReadMessageInto(c.buf, nil)
}

func (c *conn) beginRequest(cancel context.CancelFunc) {
	c.mu.Lock()
	c.active, c.cancelReq, c.attn = true, cancel, false
	c.mu.Unlock()
	c.reqStart.Store(time.Now().UnixNano())
	c.srv.scanner.wake()
}

// endRequest stops watching and reports whether an ATTENTION arrived
// during the request.
func (c *conn) endRequest() (attn bool) {
	c.reqStart.Store(0)
	c.mu.Lock()
	attn, watching := c.attn, c.watching
	c.active, c.cancelReq, c.attn = false, nil, false
	c.mu.Unlock()
	if watching {
		c.stopWatch()
	}
	return attn
}

// startWatch runs the watcher if the request is still running.
func (c *conn) startWatch() {
	c.mu.Lock()
	if c.watching {
		c.mu.Unlock()
		return
	}
	if !c.active {
		c.launched.Store(false)
		c.mu.Unlock()
		return
	}
	c.watching = true
	c.done = make(chan struct{})
	c.mu.Unlock()
	c.watchRequests()
}

// aLongTimeAgo is a read deadline that has passed.
var aLongTimeAgo = time.Unix(1, 0)

func (c *conn) stopWatch() {
	c.readMu.Lock()
	c.stop = true
	c.raw.SetReadDeadline(aLongTimeAgo)
	c.readMu.Unlock()
	<-c.done
	c.raw.SetReadDeadline(time.Time{})
	c.readMu.Lock()
	c.stop = false
	c.readMu.Unlock()
	c.mu.Lock()
	c.watching = false
	c.launched.Store(false)
	c.mu.Unlock()
}

// watchRequests waits for messages while a request runs.
func (c *conn) watchRequests() {
	defer close(c.done)
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("panic while reading; connection closed", "panic", p, "stack", string(debug.Stack()))
			c.raw.Close()
		}
	}()
	for {
		_, err := c.in.Peek(1)
		c.readMu.Lock()
		if c.stop {
			c.readMu.Unlock()
			return
		}
		var msg *tds.Message
		if err == nil {
			msg, err = c.r.ReadMessageInto(nil, nil)
		}
		c.readMu.Unlock()
		if err == nil && msg.Type == tds.PacketAttention && c.attention() {
			continue
		}
		c.mu.Lock()
		c.pending = append(c.pending, inbound{msg, err})
		c.mu.Unlock()
		return
	}
}

// attention cancels the running request, if any; the request then ends
// its response with the acknowledgement.
func (c *conn) attention() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.active {
		return false
	}
	c.attn = true
	c.cancelReq()
	return true
}

// scanner starts watchers for the requests that run longer than watchDelay.
type scanner struct {
	srv    *Server
	asleep atomic.Bool
	kick   chan struct{}
	quit   chan struct{}
}

func newScanner(s *Server) *scanner {
	return &scanner{srv: s, kick: make(chan struct{}, 1), quit: make(chan struct{})}
}

// wake rouses a sleeping scanner (a request started).
func (sc *scanner) wake() {
	if sc.asleep.Load() && sc.asleep.CompareAndSwap(true, false) {
		select {
		case sc.kick <- struct{}{}:
		default:
		}
	}
}

func (sc *scanner) run() {
	t := time.NewTicker(watchDelay)
	defer t.Stop()
	idle := 0
	for {
		select {
		case <-sc.quit:
			return
		case <-t.C:
		}
		if sc.scan() {
			idle = 0
			continue
		}
		if idle++; idle < scannerIdleTicks {
			continue
		}
		idle = 0
		sc.asleep.Store(true)
		if sc.anyRunning() && sc.asleep.CompareAndSwap(true, false) {
			continue // a request started as the scanner fell asleep
		}
		select {
		case <-sc.quit:
			return
		case <-sc.kick:
		}
	}
}

// scan starts the watchers due and reports whether a request is running.
func (sc *scanner) scan() bool {
	now := time.Now().UnixNano()
	running := false
	sc.srv.mu.Lock()
	defer sc.srv.mu.Unlock()
	for _, c := range sc.srv.sessions {
		start := c.reqStart.Load()
		if start == 0 {
			continue
		}
		running = true
		if now-start >= int64(watchDelay) && c.launched.CompareAndSwap(false, true) {
			go c.startWatch()
		}
	}
	return running
}

func (sc *scanner) anyRunning() bool {
	sc.srv.mu.Lock()
	defer sc.srv.mu.Unlock()
	for _, c := range sc.srv.sessions {
		if c.reqStart.Load() != 0 {
			return true
		}
	}
	return false
}
