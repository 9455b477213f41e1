package core

import "github.com/mssql-python-go/mssql-python-go/core/tds"

// CanWaitInPlace says whether a request can wait for the server on the
// calling thread, in poll(2), on this platform (see tds.BlockingWaits).
const CanWaitInPlace = tds.BlockingWaits

// Interrupt is a descriptor whose signal bytes cancel a wait (tds.Interrupt).
type Interrupt = tds.Interrupt

// SetInterrupt makes the session's waits for the server watch in, until
// it is called again with nil. Where waits do not happen in poll(2) it
// does nothing.
func (s *Session) SetInterrupt(in *Interrupt) {
	if s.conn != nil {
		tds.SetInterrupt(s.conn.Socket(), in)
	}
}
