package tds_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// A scripted TDS server for protocol edge cases: each accepted connection
// runs the script, which reads and writes raw messages.

type peer struct {
	t    *testing.T
	conn net.Conn
	rw   io.ReadWriter // conn, or TLS over it
	id   byte
	stop chan struct{} // closed when the test ends
}

// idle blocks, neither reading nor writing, until the test ends.
func (p *peer) idle() { <-p.stop }

// scripted starts a listener that runs script on each connection and
// returns the client configuration for it.
func scripted(t *testing.T, script func(p *peer)) *tds.Config {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	t.Cleanup(func() { ln.Close(); close(stop); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(20 * time.Second))
				script(&peer{t: t, conn: c, rw: c, stop: stop})
			}()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	return &tds.Config{Host: "127.0.0.1", Port: uint16(port), User: "u", Password: "p",
		Encryption: tds.EncryptOptional, AttentionTimeout: 2 * time.Second}
}

// read reads one message; ok is false when the client went away.
func (p *peer) read() (typ byte, payload []byte, ok bool) {
	for {
		var h [8]byte
		if _, err := io.ReadFull(p.rw, h[:]); err != nil {
			return 0, nil, false
		}
		n := int(binary.BigEndian.Uint16(h[2:])) - 8
		body := make([]byte, n)
		if _, err := io.ReadFull(p.rw, body); err != nil {
			return 0, nil, false
		}
		typ = h[0]
		payload = append(payload, body...)
		if h[1]&1 != 0 {
			return typ, payload, true
		}
	}
}

// write sends a message of the given type in packets of size bytes.
func (p *peer) write(typ byte, payload []byte) { p.writeSized(typ, payload, 4096) }

func (p *peer) writeSized(typ byte, payload []byte, size int) {
	for i := 0; ; i += size - 8 {
		end := min(i+size-8, len(payload))
		status := byte(0)
		if end == len(payload) {
			status = 1
		}
		p.id++
		h := []byte{typ, status, byte((end - i + 8) >> 8), byte(end - i + 8), 0, 1, p.id, 0}
		if _, err := p.rw.Write(append(h, payload[i:end]...)); err != nil || end == len(payload) {
			return
		}
	}
}

// prelogin answers the client's PRELOGIN with an encryption value.
func (p *peer) prelogin(encryption byte, extra ...[]byte) bool {
	typ, _, ok := p.read()
	if !ok || typ != 0x12 {
		return false
	}
	opts := [][]byte{{0x00, 16, 0, 0, 0, 0, 0}, {0x01, encryption}}
	opts = append(opts, extra...)
	p.write(4, preloginOptions(opts))
	return true
}

// preloginOptions encodes options given as {token, data...}.
func preloginOptions(opts [][]byte) []byte {
	var table, data []byte
	off := 5*len(opts) + 1
	for _, o := range opts {
		table = append(table, o[0], byte(off>>8), byte(off), byte((len(o)-1)>>8), byte(len(o)-1))
		data = append(data, o[1:]...)
		off += len(o) - 1
	}
	return append(append(table, 0xFF), data...)
}

// login reads LOGIN7 and answers with a successful login response,
// tokens inserted before the final DONE.
func (p *peer) login(extra ...[]byte) ([]byte, bool) {
	typ, l7, ok := p.read()
	if !ok || typ != 0x10 {
		return nil, false
	}
	var b []byte
	b = append(b, loginAck()...)
	b = append(b, envString(4, "4096", "4096")...)
	for _, e := range extra {
		b = append(b, e...)
	}
	p.write(4, append(b, done(0xFD, 0, 0)...))
	return l7, true
}

// handshake runs PRELOGIN (no encryption) and a successful login.
func (p *peer) handshake() bool {
	if !p.prelogin(2) {
		return false
	}
	_, ok := p.login()
	return ok
}

// Token builders.

func ucs2(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func bvarchar(s string) []byte { return append([]byte{byte(len(utf16.Encode([]rune(s))))}, ucs2(s)...) }

func usvarchar(s string) []byte {
	n := len(utf16.Encode([]rune(s)))
	return append([]byte{byte(n), byte(n >> 8)}, ucs2(s)...)
}

func sized(tok byte, body []byte) []byte {
	return append([]byte{tok, byte(len(body)), byte(len(body) >> 8)}, body...)
}

func loginAck() []byte {
	body := append([]byte{1, 0x74, 0, 0, 4}, bvarchar("scripted")...)
	return sized(0xAD, append(body, 16, 0, 0, 1))
}

func envString(typ byte, newV, oldV string) []byte {
	return sized(0xE3, append(append([]byte{typ}, bvarchar(newV)...), bvarchar(oldV)...))
}

func routing(host string, port uint16) []byte {
	val := append([]byte{0, byte(port), byte(port >> 8)}, usvarchar(host)...)
	body := append([]byte{20, byte(len(val)), byte(len(val) >> 8)}, val...)
	return sized(0xE3, append(body, 0, 0))
}

func done(tok byte, status uint16, count uint64) []byte {
	b := []byte{tok, byte(status), byte(status >> 8), 0, 0}
	return binary.LittleEndian.AppendUint64(b, count)
}

func errorToken(number int32, class byte, text string) []byte {
	body := binary.LittleEndian.AppendUint32(nil, uint32(number))
	body = append(body, 1, class)
	body = append(body, usvarchar(text)...)
	body = append(body, bvarchar("scripted")...)
	body = append(body, bvarchar("")...)
	return sized(0xAA, binary.LittleEndian.AppendUint32(body, 1))
}

// intColumn is COLMETADATA for one nullable int column.
func intColumn() []byte {
	return []byte{0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0x26, 4, 1, 'n', 0}
}

func intRow(v int32) []byte {
	return binary.LittleEndian.AppendUint32([]byte{0xD1, 4}, uint32(v))
}

// serverTLS is a self-signed certificate for scripted TLS.
func serverTLS(t *testing.T) *tls.Config {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "scripted"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MaxVersion: tls.VersionTLS12}
}

// preloginFramed carries a server-side TLS handshake inside PRELOGIN
// packets, then passes through.
type preloginFramed struct {
	net.Conn
	pass bool
	left int
}

func (f *preloginFramed) Read(b []byte) (int, error) {
	if f.pass {
		return f.Conn.Read(b)
	}
	for f.left == 0 {
		var h [8]byte
		if _, err := io.ReadFull(f.Conn, h[:]); err != nil {
			return 0, err
		}
		f.left = int(binary.BigEndian.Uint16(h[2:])) - 8
	}
	n, err := f.Conn.Read(b[:min(len(b), f.left)])
	f.left -= n
	return n, err
}

func (f *preloginFramed) Write(b []byte) (int, error) {
	if f.pass {
		return f.Conn.Write(b)
	}
	h := []byte{0x12, 1, byte((len(b) + 8) >> 8), byte(len(b) + 8), 0, 0, 1, 0}
	_, err := f.Conn.Write(append(h, b...))
	return len(b), err
}

// startTLS runs the server side of TDS 7.x TLS after a PRELOGIN answer of
// ENCRYPT_ON: everything after is encrypted.
func (p *peer) startTLS(cfg *tls.Config) bool {
	f := &preloginFramed{Conn: p.conn}
	tc := tls.Server(f, cfg)
	if err := tc.Handshake(); err != nil {
		return false
	}
	f.pass = true
	p.rw = tc
	return true
}
