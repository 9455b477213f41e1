package main

import (
	"context"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
)

// operation is blocking work, run in its own goroutine or on the calling
// thread (see startOp); its status is handed to the caller once, by
// mssql_wait on the handle that started it or by the starting call itself.
type operation struct {
	owner    uint64
	ctx      context.Context
	cancel   context.CancelFunc
	onCancel func()
	done     chan struct{}
	status   int32
	err      error
}

// newOp registers a pending operation of handle owner. The caller holds
// the gate for its call; the gate passes to the operation until
// mssql_wait collects it.
func (c *connection) newOp(owner uint64, onCancel func()) *operation {
	ctx, cancel := context.WithCancel(context.Background())
	op := &operation{owner: owner, ctx: ctx, cancel: cancel, onCancel: onCancel, done: make(chan struct{})}
	c.mu.Lock()
	c.op = op
	c.mu.Unlock()
	c.gate.Store(gateOp)
	return op
}

// startOp runs fn as the connection's operation and returns what the
// starting call returns: on a thread in blocking wait mode, fn's own
// result once it has run on this very thread; otherwise MSSQL_PENDING
// while a goroutine runs it (mssql_wait collects the result).
func (c *connection) startOp(owner uint64, fn func(ctx context.Context) (int32, error), onCancel func()) (int32, error) {
	op := c.newOp(owner, onCancel)
	mode := callerWaitMode()
	if !mode.block {
		go op.run(fn)
		return statusPending, nil
	}
	c.runHere(op, fn, mode)
	return c.wait(owner, 0)
}

// runHere runs op on the calling thread. With an interrupt descriptor,
// its signal byte arriving during a wait cancels op as mssql_cancel does
// (from a goroutine: the wait itself goes on until the server has
// acknowledged).
func (c *connection) runHere(op *operation, fn func(ctx context.Context) (int32, error), mode waitMode) {
	if s := c.session(); s != nil && mode.interrupt >= 0 {
		s.SetInterrupt(&core.Interrupt{Fd: mode.interrupt, Signal: mode.signal,
			OnSignal: func() { go c.cancelOp(op.owner) }})
		defer s.SetInterrupt(nil)
	}
	op.run(fn)
}

func (op *operation) run(fn func(ctx context.Context) (int32, error)) {
	defer close(op.done)
	defer func() {
		if p := recover(); p != nil {
			op.status, op.err = statusInternal, poison("operation", p)
		}
	}()
	op.status, op.err = fn(op.ctx)
}

// wait waits up to timeout (0: poll, negative: forever) for the operation
// that handle id started, and collects its result once.
func (c *connection) wait(id uint64, timeout time.Duration) (int32, error) {
	c.mu.Lock()
	op := c.op
	c.mu.Unlock()
	if op == nil || op.owner != id {
		return statusOK, nil
	}
	if !waitDone(op.done, timeout) {
		return statusPending, nil
	}
	c.mu.Lock()
	if c.op != op {
		c.mu.Unlock()
		return statusOK, nil // another thread collected it
	}
	c.op = nil
	c.mu.Unlock()
	op.cancel()
	c.gate.Store(gateFree)
	return op.status, op.err
}

func waitDone(done chan struct{}, timeout time.Duration) bool {
	if timeout < 0 {
		<-done
		return true
	}
	if timeout == 0 {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// cancelOp cancels the pending operation if handle id started it.
func (c *connection) cancelOp(id uint64) {
	c.mu.Lock()
	op := c.op
	c.mu.Unlock()
	if op != nil && op.owner == id {
		if op.onCancel != nil {
			op.onCancel() // first, so that the request records a user cancel
		}
		op.cancel()
	}
}

// settle cancels and waits (up to limit) for a pending operation before a
// close, and drops it.
func (c *connection) settle(limit time.Duration) {
	c.mu.Lock()
	op := c.op
	c.mu.Unlock()
	if op == nil {
		return
	}
	if op.onCancel != nil {
		op.onCancel()
	}
	op.cancel()
	waitDone(op.done, limit)
	c.mu.Lock()
	if c.op == op {
		c.op = nil
	}
	c.mu.Unlock()
}

// statusFor maps a core result to a status.
func statusFor(ok bool, err error) (int32, error) {
	switch {
	case err != nil:
		return statusError, err
	case !ok:
		return statusNoData, nil
	}
	return statusOK, nil
}
