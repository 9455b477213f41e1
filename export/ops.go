package main

import (
	"context"
	"time"
)

// operation is blocking work running in its own goroutine; its status is
// handed to the caller once, by mssql_wait on the handle that started it.
type operation struct {
	owner    uint64
	ctx      context.Context
	cancel   context.CancelFunc
	onCancel func()
	done     chan struct{}
	status   int32
	err      error
}

// startOp runs fn in a goroutine as the connection's pending operation.
// The caller holds the gate for its call; the gate passes to the
// operation until mssql_wait collects it.
func (c *connection) startOp(owner uint64, fn func(ctx context.Context) (int32, error), onCancel func()) {
	ctx, cancel := context.WithCancel(context.Background())
	op := &operation{owner: owner, ctx: ctx, cancel: cancel, onCancel: onCancel, done: make(chan struct{})}
	c.mu.Lock()
	c.op = op
	c.mu.Unlock()
	c.gate.Store(gateOp)
	go op.run(fn)
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
