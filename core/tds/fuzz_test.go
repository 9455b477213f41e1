package tds

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"
)

// memConn is a net.Conn that reads a fixed byte string and swallows
// writes.
type memConn struct {
	r *bytes.Reader
}

func (m *memConn) Read(b []byte) (int, error)       { return m.r.Read(b) }
func (m *memConn) Write(b []byte) (int, error)      { return len(b), nil }
func (m *memConn) Close() error                     { return nil }
func (m *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (m *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (m *memConn) SetDeadline(time.Time) error      { return nil }
func (m *memConn) SetReadDeadline(time.Time) error  { return nil }
func (m *memConn) SetWriteDeadline(time.Time) error { return nil }

// packets frames a payload as reply packets of the given payload size.
func packets(payload []byte, size int) []byte {
	var out []byte
	for i := 0; ; i += size {
		end := min(i+size, len(payload))
		status := byte(0)
		if end == len(payload) {
			status = statusEOM
		}
		hdr := make([]byte, headerSize)
		putHeader(hdr, packetReply, status, headerSize+end-i, 1)
		out = append(append(out, hdr...), payload[i:end]...)
		if end == len(payload) {
			return out
		}
	}
}

// readResponse reads a response made of raw bytes (headers included) to
// its end with every kind of sink, and returns the error it ended with.
func readResponse(t *testing.T, raw []byte) error {
	c := newConn(&Config{}, &memConn{r: bytes.NewReader(raw)})
	c.state = stateReading
	c.rd.begin()
	r := &c.resp
	v := make(Values, 64)
	for i := 0; i < 10000; i++ {
		tok, err := r.Next()
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("decoder panicked: %v", err)
		}
		if tok == TokenEnd {
			return err
		}
		if tok == TokenRow && len(r.Columns()) <= len(v) {
			if _, err := r.ReadRows(v[:len(r.Columns())], 10); err != nil && strings.Contains(err.Error(), "internal error") {
				t.Fatalf("decoder panicked: %v", err)
			}
		}
	}
	return nil
}

// seedResponse is a response with a result set of several types, an
// info message, an output value and the DONE tokens.
func seedResponse() []byte {
	var b []byte
	b = append(b, tokColMetadata, 4, 0)
	b = append(b, 0, 0, 0, 0, 1, 0, TypeIntN, 4, 1, 'a', 0)
	b = append(b, 0, 0, 0, 0, 1, 0, TypeNVarChar, 0xFF, 0xFF, 0x09, 0x04, 0xD0, 0, 0x34, 1, 'b', 0)
	b = append(b, 0, 0, 0, 0, 1, 0, TypeDecimalN, 17, 38, 2, 1, 'c', 0)
	b = append(b, 0, 0, 0, 0, 1, 0, TypeVariant, 0x1F, 0x1F, 0, 0, 1, 'd', 0)
	b = append(b, tokRow, 4, 1, 0, 0, 0)
	b = append(b, 4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 'h', 0, 'i', 0, 0, 0, 0, 0)
	b = append(b, 17, 1, 0x39, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	b = append(b, 6, 0, 0, 0, TypeInt4, 0, 7, 0, 0, 0)
	b = append(b, tokNBCRow, 0x0F)
	b = append(b, tokInfo, 0x10, 0, 0x45, 0x16, 0, 0, 1, 0, 1, 0, 'x', 0, 0, 0, 0, 0, 0, 0)
	b = append(b, tokReturnValue, 1, 0, 2, '@', 0, 'o', 0, 1, 0, 0, 0, 0, 0, 0, TypeIntN, 4, 4, 5, 0, 0, 0)
	b = appendDone(b, DoneCount|DoneMore, 2)
	b = append(b, tokReturnStatus, 0, 0, 0, 0)
	b = append(b, tokDoneProc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	return b
}

func TestSeedResponseDecodes(t *testing.T) {
	if err := readResponse(t, packets(seedResponse(), 4096)); err != nil {
		t.Fatal(err)
	}
	if err := readResponse(t, packets(seedResponse(), 1)); err != nil {
		t.Fatal("one byte per packet:", err)
	}
}

// FuzzTokenReader feeds arbitrary bytes to the response reader: it must
// end with a result or an error, never a panic or a hang.
func FuzzTokenReader(f *testing.F) {
	seed := seedResponse()
	f.Add(packets(seed, 4096), false)
	f.Add(seed, true)
	f.Add(seed[:40], true)
	f.Fuzz(func(t *testing.T, data []byte, frame bool) {
		if frame {
			data = packets(data, 37)
		}
		_ = readResponse(t, data)
	})
}
