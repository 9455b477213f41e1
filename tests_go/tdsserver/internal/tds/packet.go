package tds

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// PacketType is the first byte of a packet header (MS-TDS 2.2.3.1.1).
type PacketType byte

// Packet types a server sees or sends.
const (
	PacketSQLBatch     PacketType = 0x01
	PacketRPC          PacketType = 0x03
	PacketReply        PacketType = 0x04
	PacketAttention    PacketType = 0x06
	PacketBulkLoad     PacketType = 0x07
	PacketFedAuthToken PacketType = 0x08
	PacketTransaction  PacketType = 0x0E
	PacketLogin7       PacketType = 0x10
	PacketSSPI         PacketType = 0x11
	PacketPrelogin     PacketType = 0x12
)

// Packet status bits (MS-TDS 2.2.3.1.2).
const (
	StatusEOM                    = 0x01
	StatusIgnore                 = 0x02
	StatusResetConnection        = 0x08
	StatusResetConnSkipTran      = 0x10
	HeaderSize                   = 8
	MinPacketSize                = 512
	MaxPacketSize                = 32767
	DefaultPacketSize            = 4096
	maxMessageSize               = 256 << 20
	firstByteTLSHandshake   byte = 0x16
)

// IsTLSRecord reports whether a connection's first byte starts a TLS
// handshake record, as a TDS 8 (strict) client sends.
func IsTLSRecord(first byte) bool { return first == firstByteTLSHandshake }

// Header is a packet header.
type Header struct {
	Type     PacketType
	Status   byte
	Length   uint16
	SPID     uint16
	PacketID byte
	Window   byte
}

// ParseHeader decodes an 8-byte header.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, ErrShort
	}
	h := Header{
		Type: PacketType(b[0]), Status: b[1],
		Length:   binary.BigEndian.Uint16(b[2:]),
		SPID:     binary.BigEndian.Uint16(b[4:]),
		PacketID: b[6], Window: b[7],
	}
	if h.Length < HeaderSize {
		return h, fmt.Errorf("tds: packet length %d below header size", h.Length)
	}
	return h, nil
}

// Message is a reassembled client message.
type Message struct {
	Type PacketType
	// Status is the status byte of the first packet (RESETCONNECTION bits).
	Status byte
	// Ignored is set when the client abandoned the message (IGNORE bit).
	Ignored bool
	Data    []byte
}

// ResetConnection reports whether the message asks for a session reset,
// and whether the open transaction is kept (RESETCONNECTIONSKIPTRAN).
func (m *Message) ResetConnection() (reset, keepTx bool) {
	if m.Status&StatusResetConnSkipTran != 0 {
		return true, true
	}
	return m.Status&StatusResetConnection != 0, false
}

// ErrMessageTooLarge reports a client message above the server's limit.
var ErrMessageTooLarge = errors.New("tds: message too large")

// Reader reassembles client messages from packets.
type Reader struct {
	// R is the transport; it may be swapped between messages (TLS on/off).
	R   io.Reader
	hdr [HeaderSize]byte
}

// ReadPacket reads one packet and returns its header and payload.
func (r *Reader) ReadPacket() (Header, []byte, error) {
	if _, err := io.ReadFull(r.R, r.hdr[:]); err != nil {
		return Header{}, nil, err
	}
	h, err := ParseHeader(r.hdr[:])
	if err != nil {
		return h, nil, err
	}
	payload := make([]byte, int(h.Length)-HeaderSize)
	if _, err := io.ReadFull(r.R, payload); err != nil {
		return h, nil, unexpectedEOF(err)
	}
	return h, payload, nil
}

// ReadMessage reads packets up to and including the one marked EOM.
// afterFirst, when not nil, runs after the first packet (login-only TLS
// switches the transport back to plaintext there).
func (r *Reader) ReadMessage(afterFirst func()) (*Message, error) {
	return r.ReadMessageInto(nil, afterFirst)
}

// ReadMessageInto is ReadMessage with the payload read into buf's memory
// (from its start) when it is large enough: a connection reuses one
// buffer for its requests.
func (r *Reader) ReadMessageInto(buf []byte, afterFirst func()) (*Message, error) {
	h, err := r.readHeader()
	if err != nil {
		return nil, err
	}
	m := &Message{Type: h.Type, Status: h.Status}
	if m.Data, err = r.readPayload(buf[:0], h); err != nil {
		return nil, unexpectedEOF(err)
	}
	if afterFirst != nil {
		afterFirst()
	}
	for h.Status&StatusEOM == 0 {
		if h, err = r.readHeader(); err != nil {
			return nil, unexpectedEOF(err)
		}
		if h.Type != m.Type {
			return nil, fmt.Errorf("tds: packet type %#x inside a message of type %#x", h.Type, m.Type)
		}
		if len(m.Data)+int(h.Length)-HeaderSize > maxMessageSize {
			return nil, ErrMessageTooLarge
		}
		if m.Data, err = r.readPayload(m.Data, h); err != nil {
			return nil, unexpectedEOF(err)
		}
	}
	m.Ignored = h.Status&StatusIgnore != 0
	return m, nil
}

func (r *Reader) readHeader() (Header, error) {
	if _, err := io.ReadFull(r.R, r.hdr[:]); err != nil {
		return Header{}, err
	}
	return ParseHeader(r.hdr[:])
}

// readPayload appends a packet's payload to dst.
func (r *Reader) readPayload(dst []byte, h Header) ([]byte, error) {
	n := int(h.Length) - HeaderSize
	dst = slices.Grow(dst, n)
	at := len(dst)
	dst = dst[:at+n]
	_, err := io.ReadFull(r.R, dst[at:])
	return dst, err
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
