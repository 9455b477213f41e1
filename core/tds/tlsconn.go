package tds

import (
	"encoding/binary"
	"io"
	"net"
)

// handshakeConn carries the TLS handshake of TDS 7.x inside PRELOGIN
// packets (MS-TDS 2.2.6.5): crypto/tls writes and reads through it; once
// the handshake is done it passes bytes straight through, and TLS records
// flow on the socket.
type handshakeConn struct {
	net.Conn
	pass bool
	left int // payload bytes of the current PRELOGIN packet still unread
	id   byte
}

func (h *handshakeConn) Read(b []byte) (int, error) {
	if h.pass {
		return h.Conn.Read(b)
	}
	for h.left == 0 {
		var hdr [headerSize]byte
		if _, err := io.ReadFull(h.Conn, hdr[:]); err != nil {
			return 0, err
		}
		if hdr[0] != packetPrelogin && hdr[0] != packetReply {
			return 0, protocolErrorf("packet type %#x during the TLS handshake", hdr[0])
		}
		n := int(binary.BigEndian.Uint16(hdr[2:]))
		if n < headerSize {
			return 0, protocolErrorf("packet length %d", n)
		}
		h.left = n - headerSize
	}
	n, err := h.Conn.Read(b[:min(len(b), h.left)])
	h.left -= n
	return n, err
}

// Write sends one handshake flight as a PRELOGIN message.
func (h *handshakeConn) Write(b []byte) (int, error) {
	if h.pass {
		return h.Conn.Write(b)
	}
	const room = loginPacketSize - headerSize
	pkt := make([]byte, 0, loginPacketSize)
	for sent := 0; sent < len(b); {
		n := min(room, len(b)-sent)
		status := byte(0)
		if sent+n == len(b) {
			status = statusEOM
		}
		h.id++
		pkt = append(pkt[:0], make([]byte, headerSize)...)
		putHeader(pkt, packetPrelogin, status, headerSize+n, h.id)
		pkt = append(pkt, b[sent:sent+n]...)
		if _, err := h.Conn.Write(pkt); err != nil {
			return sent, err
		}
		sent += n
	}
	return len(b), nil
}

// switchWriter is the writer's destination during login-only encryption:
// TLS for the first LOGIN7 packet, the socket afterwards.
type switchWriter struct {
	w io.Writer
}

func (s *switchWriter) Write(b []byte) (int, error) { return s.w.Write(b) }
