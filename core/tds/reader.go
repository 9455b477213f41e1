package tds

import (
	"encoding/binary"
	"io"
)

// reader reads the payload of TDS messages packet by packet into one
// buffer, with the packet headers taken out, so that token decoders read
// values straight from it: buf[r:w] is the unread payload of the current
// message and buf[w:raw] are bytes read from the transport but not yet
// unpacked. The buffer grows only to the largest value read in one piece.
type reader struct {
	src   io.Reader
	buf   []byte
	r, w  int
	raw   int
	left  int  // payload bytes of the current packet not yet unpacked
	eom   bool // the current packet is the last of the message
	inMsg bool // the first header of the current message was read
	typ   byte // packet type of the current message
	spid  uint16
	base  int64 // stream offset of buf[0], for off
}

// initialReadBuffer is the starting size of the read buffer.
const initialReadBuffer = 64 << 10

// errShortMessage is returned when a decoder reads past the end of the
// message.
var errShortMessage = protocolErrorf("the message ended in the middle of a token")

func newReader(src io.Reader) *reader {
	return &reader{src: src, buf: make([]byte, initialReadBuffer)}
}

// begin starts reading the next message. The previous one must have been
// read to its end.
func (rd *reader) begin() {
	rd.inMsg, rd.eom, rd.left = false, false, 0
}

// off is the number of payload bytes read so far (all messages), to
// measure tokens that state their length.
func (rd *reader) off() int64 { return rd.base + int64(rd.r) }

// ended reports whether the current message was read to its end.
func (rd *reader) ended() bool {
	return rd.inMsg && rd.eom && rd.left == 0 && rd.r == rd.w
}

// more makes at least n unread payload bytes available in buf[r:w].
func (rd *reader) more(n int) error {
	for rd.w-rd.r < n {
		if rd.inMsg && rd.eom && rd.left == 0 {
			return errShortMessage
		}
		if err := rd.fill(n); err != nil {
			return err
		}
	}
	return nil
}

// fill reads from the transport once (after unpacking what it holds).
func (rd *reader) fill(n int) error {
	before := rd.w
	if err := rd.unpack(); err != nil {
		return err
	}
	if rd.w > before || (rd.inMsg && rd.eom && rd.left == 0) {
		return nil
	}
	rd.makeRoom(n)
	k, err := rd.src.Read(rd.buf[rd.raw:])
	rd.raw += k
	if k > 0 {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// makeRoom compacts and grows the buffer so that a read can bring what a
// decoder needs plus packet headers.
func (rd *reader) makeRoom(n int) {
	need := n + 2*headerSize + 4096
	if len(rd.buf)-rd.raw >= 4096 && len(rd.buf)-rd.r >= need {
		return
	}
	if rd.r > 0 {
		rd.base += int64(rd.r)
		copy(rd.buf, rd.buf[rd.r:rd.raw])
		rd.w -= rd.r
		rd.raw -= rd.r
		rd.r = 0
	}
	if len(rd.buf)-rd.raw < 4096 || len(rd.buf) < need {
		bigger := make([]byte, max(2*len(rd.buf), need+rd.raw))
		copy(bigger, rd.buf[:rd.raw])
		rd.buf = bigger
	}
}

// unpack moves the payload of complete or partial packets in buf[w:raw]
// down to w, taking headers out. It stops at the end of the message: what
// follows belongs to the next one.
func (rd *reader) unpack() error {
	pos := rd.w
	for pos < rd.raw {
		if rd.left > 0 {
			k := min(rd.left, rd.raw-pos)
			if pos != rd.w {
				copy(rd.buf[rd.w:], rd.buf[pos:pos+k])
			}
			rd.w, pos, rd.left = rd.w+k, pos+k, rd.left-k
			continue
		}
		if (rd.inMsg && rd.eom) || rd.raw-pos < headerSize {
			break
		}
		if err := rd.header(rd.buf[pos : pos+headerSize]); err != nil {
			return err
		}
		pos += headerSize
	}
	if pos != rd.w {
		copy(rd.buf[rd.w:], rd.buf[pos:rd.raw])
		rd.raw = rd.w + rd.raw - pos
	}
	return nil
}

// header checks a packet header and starts its packet.
func (rd *reader) header(h []byte) error {
	length := int(binary.BigEndian.Uint16(h[2:]))
	if length < headerSize || length > MaxPacketSize+1 {
		return protocolErrorf("packet length %d out of range", length)
	}
	if rd.inMsg && h[0] != rd.typ {
		return protocolErrorf("packet type %#x inside a message of type %#x", h[0], rd.typ)
	}
	rd.inMsg, rd.typ = true, h[0]
	rd.eom = h[1]&statusEOM != 0
	rd.left = length - headerSize
	rd.spid = binary.BigEndian.Uint16(h[4:])
	return nil
}

// finish reads the rest of the message and fails if it holds more
// payload: the caller read everything it expected.
func (rd *reader) finish() error {
	for !rd.ended() {
		if rd.r < rd.w {
			return protocolErrorf("%d unexpected bytes at the end of a message", rd.w-rd.r)
		}
		if err := rd.fill(1); err != nil {
			return err
		}
	}
	return nil
}

// discard reads and drops the rest of the message.
func (rd *reader) discard() error {
	for !rd.ended() {
		rd.r = rd.w
		if rd.inMsg && rd.eom && rd.left == 0 {
			break
		}
		if err := rd.fill(1); err != nil {
			return err
		}
	}
	return nil
}

// messageType waits for the first header of the message and returns its
// packet type.
func (rd *reader) messageType() (byte, error) {
	for !rd.inMsg {
		if err := rd.fill(1); err != nil {
			return 0, err
		}
	}
	return rd.typ, nil
}
