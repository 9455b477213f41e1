package tds

import (
	"encoding/binary"
	"io"
)

// batchBytes is how much a Writer gathers before writing to its
// transport: a large result goes out in writes of about this size (each
// holding several packets) rather than one system call per packet.
const batchBytes = 32 << 10

// Writer splits server messages into packets of the negotiated size.
// Complete packets are gathered and written together once about
// batchBytes are pending, so a result set streams to the client in
// large writes; End writes the rest with the last packet.
type Writer struct {
	// W is the transport; it may be swapped between messages.
	W    io.Writer
	size int
	spid uint16
	typ  PacketType
	id   byte
	// buf holds the complete packets not yet written, then the current
	// packet (its header first) from cur.
	buf []byte
	cur int
	err error
}

// NewWriter writes packets of size bytes (header included) to w.
func NewWriter(w io.Writer, size int) *Writer {
	wr := &Writer{W: w, typ: PacketReply}
	wr.SetPacketSize(size)
	wr.buf = wr.buf[:HeaderSize]
	return wr
}

// SetPacketSize changes the packet size for the next packet.
func (w *Writer) SetPacketSize(size int) {
	if size < MinPacketSize {
		size = MinPacketSize
	}
	w.size = size
	if want := max(batchBytes, size) + size; cap(w.buf) < want {
		nb := make([]byte, len(w.buf), want)
		copy(nb, w.buf)
		w.buf = nb
	}
}

// PacketSize is the current packet size.
func (w *Writer) PacketSize() int { return w.size }

// SetSPID sets the SPID written in every header.
func (w *Writer) SetSPID(spid uint16) { w.spid = spid }

// Begin starts a message of type t. Data not yet written is discarded.
func (w *Writer) Begin(t PacketType) {
	w.typ = t
	w.id = 1
	w.buf, w.cur = w.buf[:HeaderSize], 0
}

// Pending reports whether data was written since the last End.
func (w *Writer) Pending() bool { return len(w.buf) > HeaderSize }

// Err is the first transport error, if any.
func (w *Writer) Err() error { return w.err }

// Write appends p to the message, closing each packet as it fills.
func (w *Writer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && w.err == nil {
		room := w.size - (len(w.buf) - w.cur)
		if room <= 0 {
			w.closePacket(0)
			continue
		}
		if room > len(p) {
			room = len(p)
		}
		w.buf = append(w.buf, p[:room]...)
		p = p[room:]
	}
	if w.err != nil {
		return 0, w.err
	}
	return n, nil
}

// End sends the last packet of the message with the EOM bit.
func (w *Writer) End() error {
	w.finishPacket(StatusEOM)
	w.send(len(w.buf))
	return w.err
}

// Flush sends the data written so far, the current packet without EOM:
// the message continues (or, for a fault injection, never ends).
func (w *Writer) Flush() error {
	if len(w.buf)-w.cur > HeaderSize {
		w.finishPacket(0)
		w.send(len(w.buf))
	} else if w.cur > 0 {
		w.send(w.cur)
	}
	return w.err
}

// closePacket completes the current packet and starts the next one,
// writing the complete packets out once a batch has gathered.
func (w *Writer) closePacket(status byte) {
	w.finishPacket(status)
	if len(w.buf) >= batchBytes {
		w.send(len(w.buf))
		return
	}
	w.cur = len(w.buf)
	w.buf = append(w.buf, make([]byte, HeaderSize)...)
}

// finishPacket writes the current packet's header.
func (w *Writer) finishPacket(status byte) {
	h := w.buf[w.cur : w.cur+HeaderSize]
	h[0] = byte(w.typ)
	h[1] = status
	binary.BigEndian.PutUint16(h[2:], uint16(len(w.buf)-w.cur))
	binary.BigEndian.PutUint16(h[4:], w.spid)
	h[6] = w.id
	h[7] = 0
	w.id++
}

// send writes the first n bytes (complete packets) and starts an empty
// packet.
func (w *Writer) send(n int) {
	if w.err == nil {
		_, w.err = w.W.Write(w.buf[:n])
	}
	w.buf, w.cur = w.buf[:HeaderSize], 0
}
