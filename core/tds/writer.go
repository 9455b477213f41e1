package tds

import (
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

// writer builds the packets of one message at a time and sends each as
// it fills: all but the last carry exactly the negotiated packet size
// (MS-TDS 2.2.3). Errors are sticky: after the first, writes are dropped
// and end returns it.
type writer struct {
	dst    io.Writer
	mu     *sync.Mutex // held while a packet is written (shared with ATTENTION)
	buf    []byte      // the packet being built, header included
	size   int         // packet size
	typ    byte
	status byte // status bits of the first packet
	id     byte
	sent   int // packets sent in this message
	err    error
	// afterPacket runs after each packet (login-only encryption switches
	// the destination after the first).
	afterPacket func()
	// cancelled, when set and true after a packet, abandons the message:
	// its next packet is sent empty with IGNORE and EOM.
	cancelled func() bool
}

// errIgnored ends a message abandoned by Cancel while it was written.
var errIgnored = errors.New("tds: request abandoned while it was sent")

func newWriter(dst io.Writer, mu *sync.Mutex) *writer {
	return &writer{dst: dst, mu: mu, size: loginPacketSize, buf: make([]byte, headerSize, loginPacketSize)}
}

// setPacketSize changes the size of the packets of the next message.
func (w *writer) setPacketSize(n int) {
	w.size = n
	if cap(w.buf) < n {
		w.buf = make([]byte, headerSize, n)
	}
}

// begin starts a message.
func (w *writer) begin(typ, status byte) {
	w.typ, w.status, w.sent, w.err = typ, status, 0, nil
	w.buf = w.buf[:headerSize]
}

// write appends bytes, sending packets as they fill.
func (w *writer) write(p []byte) {
	for len(p) > 0 && w.err == nil {
		if len(w.buf) == w.size {
			w.flush(false)
			continue
		}
		n := copy(w.buf[len(w.buf):w.size], p)
		w.buf = w.buf[:len(w.buf)+n]
		p = p[n:]
	}
}

func (w *writer) writeByte(b byte) {
	if len(w.buf) < w.size {
		w.buf = append(w.buf, b)
		return
	}
	w.write([]byte{b})
}

func (w *writer) u16(v uint16) {
	if len(w.buf)+2 <= w.size {
		w.buf = binary.LittleEndian.AppendUint16(w.buf, v)
		return
	}
	w.write([]byte{byte(v), byte(v >> 8)})
}

func (w *writer) u32(v uint32) {
	if len(w.buf)+4 <= w.size {
		w.buf = binary.LittleEndian.AppendUint32(w.buf, v)
		return
	}
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	w.write(b[:])
}

func (w *writer) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	w.write(b[:])
}

// utf16 writes UTF-8 (or WTF-8) text as UTF-16LE.
func (w *writer) utf16(s string) {
	var tmp [512]byte
	for len(s) > 0 && w.err == nil {
		n := min(len(s), 240)
		for n < len(s) && n > 0 && s[n]&0xC0 == 0x80 {
			n-- // cut before a continuation byte
		}
		if n == 0 {
			n = min(len(s), 4)
		}
		w.write(appendUTF16LE(tmp[:0], s[:n]))
		s = s[n:]
	}
}

// flush sends the packet built so far.
func (w *writer) flush(final bool) {
	if w.err != nil {
		return
	}
	status := byte(0)
	if w.sent == 0 {
		status = w.status
	}
	if final {
		status |= statusEOM
	}
	w.err = w.send(w.buf, status)
	w.buf = w.buf[:headerSize]
	if w.err == nil && !final && w.cancelled != nil && w.cancelled() {
		w.err = w.send(w.buf, statusIgnore|statusEOM)
		if w.err == nil {
			w.err = errIgnored
		}
	}
}

// send writes one packet under the write mutex.
func (w *writer) send(p []byte, status byte) error {
	w.id++
	putHeader(p, w.typ, status, len(p), w.id)
	w.mu.Lock()
	_, err := w.dst.Write(p)
	w.mu.Unlock()
	w.sent++
	if w.afterPacket != nil {
		w.afterPacket()
	}
	if err != nil {
		return &ConnError{Op: "write", Err: err}
	}
	return nil
}

// end sends the last packet of the message.
func (w *writer) end() error {
	w.flush(true)
	return w.err
}

// abandon ends a message that cannot be completed: nothing is sent if no
// packet left yet, otherwise an empty packet with IGNORE and EOM. It
// reports whether the server will answer (with a single DONE).
func (w *writer) abandon() (answered bool, err error) {
	if w.sent == 0 || w.err != nil {
		w.buf = w.buf[:headerSize]
		return false, nil
	}
	err = w.send(w.buf[:headerSize], statusIgnore|statusEOM)
	return err == nil, err
}
