package pool

import (
	"time"
)

// maintainer is the one goroutine that prunes idle sessions: it runs on a
// ticker, can be woken (new settings) and stopped.
type maintainer struct {
	reg  *Registry
	wake chan struct{}
	quit chan struct{}
	done chan struct{}
}

// emptyPoolLife is how long an empty pool is kept (with its stats).
const emptyPoolLife = 10 * time.Minute

func startMaintainer(r *Registry) *maintainer {
	m := &maintainer{reg: r, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go m.run()
	return m
}

// poke makes the goroutine apply new settings and sweep now.
func (m *maintainer) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

func (m *maintainer) stop() {
	close(m.quit)
	<-m.done
}

func (m *maintainer) run() {
	defer close(m.done)
	period := m.reg.Config().sweepPeriod()
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	for {
		select {
		case <-m.quit:
			return
		case <-m.wake:
			if p := m.reg.Config().sweepPeriod(); p != period {
				period = p
				ticker.Reset(period)
			}
		case <-ticker.C:
		}
		m.sweep(time.Now())
	}
}

// sweep closes the idle sessions past the idle timeout in every pool, and
// forgets pools that stayed empty.
func (m *maintainer) sweep(now time.Time) {
	cfg := m.reg.Config()
	for _, p := range m.reg.list() {
		p.mu.Lock()
		stale := p.staleLocked(now, cfg.IdleTimeout)
		p.mu.Unlock()
		p.closeIdle(stale, &p.count.pruned, "idle for "+cfg.IdleTimeout.String()+" or more")
	}
	m.reg.evict(now, max(cfg.IdleTimeout, emptyPoolLife))
}
