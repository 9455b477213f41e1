package tds

import "time"

// allHeadersSize is the ALL_HEADERS of a request: the total length and a
// transaction descriptor header (MS-TDS 2.2.5.3).
const allHeadersSize = 4 + 18

// begin starts writing a request message: it claims the connection,
// applies a pending reset and writes ALL_HEADERS for the request types
// that carry them.
func (c *Conn) begin(typ byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return c.broken
	}
	if c.state != stateIdle {
		return ErrBusy
	}
	c.state, c.cancelPending = stateWriting, false
	c.attnSent.Store(false)
	status := c.resetBits
	if typ == packetBulkLoad {
		status = 0 // the reset rides on the INSERT BULK batch before it
	}
	c.resetBits &^= status
	c.wr.begin(typ, status)
	c.resp.reset()
	if typ == packetSQLBatch || typ == packetRPC || typ == packetTransMgr {
		c.writeAllHeaders(c.sess.Transaction)
	}
	return nil
}

func (c *Conn) writeAllHeaders(tran uint64) {
	w := c.wr
	w.u32(allHeadersSize)
	w.u32(18) // header length
	w.u16(2)  // transaction descriptor
	w.u64(tran)
	w.u32(1) // outstanding requests
}

// takeCancel reports, between packets of a request, that Cancel asked to
// abandon it.
func (c *Conn) takeCancel() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cancelPending
}

// send ends the request message and returns the response reader.
func (c *Conn) send() (*Response, error) {
	err := c.wr.end()
	switch {
	case err == errIgnored:
		c.toReading(true)
		return &c.resp, nil
	case err != nil:
		return nil, c.fail("write", err)
	}
	c.toReading(false)
	return &c.resp, nil
}

// toReading switches to reading the response. A Cancel that arrived
// while the last packet was written is sent now as an ATTENTION.
func (c *Conn) toReading(ignored bool) {
	c.mu.Lock()
	c.state = stateReading
	c.resp.ignored = ignored
	attn := c.cancelPending && !ignored && !c.attnSent.Load()
	if attn {
		c.attnSent.Store(true)
	}
	if c.cancelPending {
		_ = c.sock.SetWriteDeadline(time.Time{})
	}
	if ignored { // the server owes a single DONE; do not wait forever
		c.setReadDeadline(time.Now().Add(c.cfg.attentionTimeout()))
	}
	c.mu.Unlock()
	c.rd.begin()
	if attn {
		c.sendAttention()
	}
}

// abort abandons a request that cannot be completed (a parameter that
// cannot be encoded): if packets already left, the server is told to
// ignore the message and its answer is read. It returns cause.
func (c *Conn) abort(cause error) error {
	answered, err := c.wr.abandon()
	if err != nil {
		return c.fail("write", err)
	}
	if !answered {
		c.mu.Lock()
		c.state = stateIdle
		c.mu.Unlock()
		return cause
	}
	c.toReading(true)
	for {
		tok, err := c.resp.Next()
		if tok != TokenEnd {
			continue
		}
		if err != nil && err != ErrCancelled {
			return err
		}
		return cause
	}
}

// SQLBatch sends a batch of SQL text and returns its response.
func (c *Conn) SQLBatch(text string) (*Response, error) {
	if err := c.begin(packetSQLBatch); err != nil {
		return nil, err
	}
	c.wr.utf16(text)
	return c.send()
}
