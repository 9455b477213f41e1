package tdsserver

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// faults holds the test-only fault controls. SPID 0 means every session
// (delays) or the first session that gets there (row drops).
type faults struct {
	mu     sync.Mutex
	delays map[uint16]time.Duration
	drops  map[uint16]int
	// armed counts the entries of both maps, so that requests and rows
	// skip the lock when no fault is armed (the usual case).
	armed atomic.Int32
}

// KillSession closes the connection of session spid, as KILL does, and
// reports whether such a session existed.
func (s *Server) KillSession(spid int) bool {
	s.mu.Lock()
	c := s.sessions[uint16(spid)]
	s.mu.Unlock()
	if c == nil {
		return false
	}
	c.log.Info("session killed by fault control")
	c.kill()
	return true
}

// Sessions lists the SPIDs of the open sessions, ascending.
func (s *Server) Sessions() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, 0, len(s.sessions))
	for id := range s.sessions {
		ids = append(ids, int(id))
	}
	sort.Ints(ids)
	return ids
}

// Logins counts the successful logins since the server started (a pooled
// connection that is reused logs in no more).
func (s *Server) Logins() int64 { return s.logins.Load() }

// SetResponseDelay delays every response of session spid (0: all
// sessions) by d before the request runs; d = 0 removes the delay. An
// ATTENTION interrupts the delay.
func (s *Server) SetResponseDelay(spid int, d time.Duration) {
	f := &s.faults
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.delays == nil {
		f.delays = map[uint16]time.Duration{}
	}
	defer f.count()
	if d <= 0 {
		delete(f.delays, uint16(spid))
		return
	}
	f.delays[uint16(spid)] = d
}

// DropAfterRows arms a one-shot fault: the next result set of session spid
// (0: of any session) that reaches n rows has those rows flushed to the
// client and then loses its connection, mid-result. n <= 0 disarms it.
func (s *Server) DropAfterRows(spid, n int) {
	f := &s.faults
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.drops == nil {
		f.drops = map[uint16]int{}
	}
	defer f.count()
	if n <= 0 {
		delete(f.drops, uint16(spid))
		return
	}
	f.drops[uint16(spid)] = n
}

// count updates armed; f.mu is held.
func (f *faults) count() { f.armed.Store(int32(len(f.delays) + len(f.drops))) }

func (f *faults) delay(spid uint16) time.Duration {
	if f.armed.Load() == 0 {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.delays[spid]; ok {
		return d
	}
	return f.delays[0]
}

// dropLimit returns the armed row limit for spid, or 0.
func (f *faults) dropLimit(spid uint16) int {
	if f.armed.Load() == 0 {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if n, ok := f.drops[spid]; ok {
		return n
	}
	return f.drops[0]
}

// takeDrop disarms the fault that fired for spid; false if another session
// fired it first.
func (f *faults) takeDrop(spid uint16) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.count()
	if _, ok := f.drops[spid]; ok {
		delete(f.drops, spid)
		return true
	}
	if _, ok := f.drops[0]; ok {
		delete(f.drops, 0)
		return true
	}
	return false
}
