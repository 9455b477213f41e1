package tds

import (
	"encoding/binary"
	"io"
)

// Writer splits server messages into packets of the negotiated size. Data
// is buffered up to one packet, so a result set streams to the client.
type Writer struct {
	// W is the transport; it may be swapped between messages.
	W    io.Writer
	size int
	spid uint16
	typ  PacketType
	id   byte
	buf  []byte
	err  error
}

// NewWriter writes packets of size bytes (header included) to w.
func NewWriter(w io.Writer, size int) *Writer {
	wr := &Writer{W: w, typ: PacketReply}
	wr.SetPacketSize(size)
	return wr
}

// SetPacketSize changes the packet size for the next packet.
func (w *Writer) SetPacketSize(size int) {
	if size < MinPacketSize {
		size = MinPacketSize
	}
	w.size = size
	if cap(w.buf) < size {
		nb := make([]byte, len(w.buf), size)
		copy(nb, w.buf)
		w.buf = nb
	}
	if len(w.buf) == 0 {
		w.buf = w.buf[:HeaderSize]
	}
}

// PacketSize is the current packet size.
func (w *Writer) PacketSize() int { return w.size }

// SetSPID sets the SPID written in every header.
func (w *Writer) SetSPID(spid uint16) { w.spid = spid }

// Begin starts a message of type t. Data written before is discarded.
func (w *Writer) Begin(t PacketType) {
	w.typ = t
	w.id = 1
	w.buf = w.buf[:HeaderSize]
}

// Pending reports whether data was written since the last End.
func (w *Writer) Pending() bool { return len(w.buf) > HeaderSize }

// Err is the first transport error, if any.
func (w *Writer) Err() error { return w.err }

// Write appends p to the message, sending each packet as it fills.
func (w *Writer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && w.err == nil {
		room := w.size - len(w.buf)
		if room <= 0 {
			w.flush(0)
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
	w.flush(StatusEOM)
	return w.err
}

func (w *Writer) flush(status byte) {
	if w.err != nil {
		w.buf = w.buf[:HeaderSize]
		return
	}
	h := w.buf[:HeaderSize]
	h[0] = byte(w.typ)
	h[1] = status
	binary.BigEndian.PutUint16(h[2:], uint16(len(w.buf)))
	binary.BigEndian.PutUint16(h[4:], w.spid)
	h[6] = w.id
	h[7] = 0
	w.id++
	_, w.err = w.W.Write(w.buf)
	w.buf = w.buf[:HeaderSize]
	if w.size > cap(w.buf) {
		w.buf = make([]byte, HeaderSize, w.size)
	}
}

// Flush sends the data written so far as a packet without EOM: the message
// continues (or, for a fault injection, never ends).
func (w *Writer) Flush() error {
	if w.Pending() {
		w.flush(0)
	}
	return w.err
}
