package core

import (
	"context"
	"sync"

	"github.com/golang-sql/sqlexp"
)

// msgPump moves go-mssqldb's message queue (capacity 15) into an
// unbounded one, so that go-mssqldb's reader goroutine never blocks on it
// while this driver waits for a token, and the two channels it feeds can
// never deadlock each other.
type msgPump struct {
	ctx    context.Context
	stop   context.CancelFunc
	mu     sync.Mutex
	queue  []sqlexp.RawMessage
	signal chan struct{}
}

func startPump(src *sqlexp.ReturnMessage) *msgPump {
	ctx, stop := context.WithCancel(context.Background())
	p := &msgPump{ctx: ctx, stop: stop, signal: make(chan struct{}, 1)}
	go p.run(src)
	return p
}

func (p *msgPump) run(src *sqlexp.ReturnMessage) {
	for {
		m := src.Message(p.ctx)
		if p.ctx.Err() != nil {
			return
		}
		p.mu.Lock()
		p.queue = append(p.queue, m)
		p.mu.Unlock()
		select {
		case p.signal <- struct{}{}:
		default:
		}
	}
}

// take returns the next message without waiting.
func (p *msgPump) take() (sqlexp.RawMessage, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.queue) == 0 {
		return nil, false
	}
	m := p.queue[0]
	p.queue[0] = nil
	p.queue = p.queue[1:]
	return m, true
}

// close stops the pump; messages still queued are dropped.
func (p *msgPump) close() { p.stop() }
