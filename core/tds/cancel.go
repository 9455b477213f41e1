package tds

import "time"

// Cancel cancels the running request; any goroutine may call it at any
// time. A request still being written is abandoned (its next packet is
// sent with IGNORE); one already sent gets an ATTENTION. Either way the
// owner's Response returns TokenEnd with ErrCancelled once the server has
// acknowledged, and the connection stays usable. If the server does not
// acknowledge within Config.AttentionTimeout, the connection is closed.
// Without a running request Cancel does nothing.
func (c *Conn) Cancel() {
	c.mu.Lock()
	switch c.state {
	case stateWriting:
		c.cancelPending = true
		// a write blocked on a server that stopped reading fails in time
		_ = c.sock.SetWriteDeadline(time.Now().Add(c.cfg.attentionTimeout()))
		c.mu.Unlock()
	case stateReading:
		if c.attnSent.Load() || c.resp.ignored {
			c.mu.Unlock()
			return
		}
		c.attnSent.Store(true)
		c.mu.Unlock()
		c.sendAttention()
	default:
		c.mu.Unlock()
	}
}

// cancelSent reports whether an ATTENTION awaits its acknowledgement.
func (c *Conn) cancelSent() bool { return c.attnSent.Load() }

// sendAttention writes an ATTENTION packet and bounds the wait for its
// acknowledgement.
func (c *Conn) sendAttention() {
	limit := time.Now().Add(c.cfg.attentionTimeout())
	c.setReadDeadline(limit)
	var pkt [headerSize]byte
	putHeader(pkt[:], packetAttention, statusEOM, headerSize, 1)
	c.wmu.Lock()
	_ = c.sock.SetWriteDeadline(limit) // a peer that stopped reading cannot hold Cancel
	_, err := c.wr.dst.Write(pkt[:])
	_ = c.sock.SetWriteDeadline(time.Time{})
	c.wmu.Unlock()
	if err != nil {
		_ = c.fail("write", err) // the owner's read fails and reports it
	}
}

// drain reads and drops everything up to the acknowledgement of an
// ATTENTION (a DONE with DONE_ATTN, in this message or the next).
func (r *Response) drain() error {
	rd := r.c.rd
	for {
		if rd.ended() {
			rd.begin() // the acknowledgement came in a message of its own
		}
		b, err := rd.byte()
		if err != nil {
			return r.fatal(err)
		}
		tok, err := r.token(b)
		if err == nil && tok == TokenRow {
			err = r.decodeRow(discardSink{})
		}
		if err != nil {
			return r.fatal(err)
		}
		if tok != TokenDone {
			continue
		}
		if r.done.Status&DoneAttn != 0 {
			return r.acknowledged()
		}
		if r.isFinal() {
			if err := rd.finish(); err != nil {
				return r.fatal(err)
			}
		}
	}
}

// acknowledged ends a cancelled response.
func (r *Response) acknowledged() error {
	c := r.c
	if err := c.rd.discard(); err != nil {
		return r.fatal(err)
	}
	c.mu.Lock()
	c.attnSent.Store(false)
	c.state = stateIdle
	c.setReadDeadline(time.Time{})
	c.mu.Unlock()
	r.finished, r.err, r.row = true, ErrCancelled, 0
	return ErrCancelled
}
