package tdsserver

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// bufConn reads through a bufio.Reader so the first byte can be sniffed.
type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufConn) Read(p []byte) (int, error) { return b.r.Read(p) }

// handshakePacketSize is the packet size for TLS handshake data inside
// PRELOGIN packets: the protocol minimum, which every client can read before
// a packet size is negotiated.
const handshakePacketSize = tds.MinPacketSize

// preloginTLS is the transport under tls.Server for TDS 7.x encryption: it
// carries handshake records inside PRELOGIN packets, then passes TLS
// records through unchanged, one record at a time so that the TLS layer
// never reads past a record (login-only encryption drops TLS after the
// first LOGIN7 packet and the plaintext that follows must stay unread).
type preloginTLS struct {
	net.Conn
	spid        uint16
	handshaking bool
	pending     []byte
	packets     tds.Reader
	records     recordReader
}

func newPreloginTLS(under net.Conn, spid uint16) *preloginTLS {
	p := &preloginTLS{Conn: under, spid: spid, handshaking: true}
	p.packets.R = under
	p.records.r = under
	return p
}

func (p *preloginTLS) Read(b []byte) (int, error) {
	if !p.handshaking {
		return p.records.Read(b)
	}
	for len(p.pending) == 0 {
		h, payload, err := p.packets.ReadPacket()
		if err != nil {
			return 0, err
		}
		if h.Type != tds.PacketPrelogin {
			return 0, fmt.Errorf("packet type %#x during the TLS handshake, want PRELOGIN", h.Type)
		}
		p.pending = payload
	}
	n := copy(b, p.pending)
	p.pending = p.pending[n:]
	return n, nil
}

func (p *preloginTLS) Write(b []byte) (int, error) {
	if !p.handshaking {
		return p.Conn.Write(b)
	}
	w := tds.NewWriter(p.Conn, handshakePacketSize)
	w.SetSPID(p.spid)
	w.Begin(tds.PacketPrelogin)
	w.Write(b)
	if err := w.End(); err != nil {
		return 0, err
	}
	return len(b), nil
}

// handshakeDone switches to passing TLS records through.
func (p *preloginTLS) handshakeDone() error {
	if len(p.pending) != 0 {
		return errors.New("data left in a PRELOGIN packet after the TLS handshake")
	}
	p.handshaking = false
	return nil
}

// recordReader returns at most the rest of the current TLS record per Read.
// A read that fails part way through a record header (a read deadline)
// resumes where it stopped.
type recordReader struct {
	r          io.Reader
	left       int
	hdr        [5]byte
	hdrN       int // header bytes read so far
	hdrPending []byte
}

func (rr *recordReader) Read(p []byte) (int, error) {
	if rr.left == 0 && len(rr.hdrPending) == 0 {
		for rr.hdrN < len(rr.hdr) {
			n, err := rr.r.Read(rr.hdr[rr.hdrN:])
			rr.hdrN += n
			if err != nil && rr.hdrN < len(rr.hdr) {
				if err == io.EOF && rr.hdrN > 0 {
					err = io.ErrUnexpectedEOF
				}
				return 0, err
			}
		}
		rr.hdrN = 0
		rr.left = int(binary.BigEndian.Uint16(rr.hdr[3:5]))
		rr.hdrPending = rr.hdr[:]
	}
	if len(rr.hdrPending) > 0 {
		n := copy(p, rr.hdrPending)
		rr.hdrPending = rr.hdrPending[n:]
		return n, nil
	}
	if len(p) > rr.left {
		p = p[:rr.left]
	}
	n, err := rr.r.Read(p)
	rr.left -= n
	return n, err
}
