package tds

import (
	"crypto/rand"
	"encoding/binary"
)

// PRELOGIN options (MS-TDS 2.2.6.5).
const (
	preloginVersion    = 0x00
	preloginEncryption = 0x01
	preloginInstance   = 0x02
	preloginThreadID   = 0x03
	preloginMARS       = 0x04
	preloginTraceID    = 0x05
	preloginFedAuth    = 0x06
	preloginNonce      = 0x07
	preloginTerminator = 0xFF
)

// ENCRYPTION values.
const (
	encryptOff    = 0x00
	encryptOn     = 0x01
	encryptNotSup = 0x02
	encryptReq    = 0x03
)

// clientVersion is the version this client announces in PRELOGIN.
var clientVersion = [6]byte{1, 0, 0, 0, 0, 0}

type preloginOption struct {
	token byte
	data  []byte
}

// preloginRequest builds the client's PRELOGIN message.
func preloginRequest(cfg *Config, encryption byte, fedAuth bool) []byte {
	trace := make([]byte, 36)
	_, _ = rand.Read(trace[:16]) // connection id
	copy(trace[16:32], cfg.ActivityID[:])
	opts := []preloginOption{
		{preloginVersion, clientVersion[:]},
		{preloginEncryption, []byte{encryption}},
		{preloginInstance, append([]byte(cfg.Instance), 0)},
		{preloginThreadID, []byte{0, 0, 0, 0}},
		{preloginMARS, []byte{0}},
		{preloginTraceID, trace},
	}
	if fedAuth {
		opts = append(opts, preloginOption{preloginFedAuth, []byte{1}})
	}
	return appendPrelogin(nil, opts)
}

func appendPrelogin(dst []byte, opts []preloginOption) []byte {
	offset := 5*len(opts) + 1
	for _, o := range opts {
		dst = append(dst, o.token)
		dst = binary.BigEndian.AppendUint16(dst, uint16(offset))
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(o.data)))
		offset += len(o.data)
	}
	dst = append(dst, preloginTerminator)
	for _, o := range opts {
		dst = append(dst, o.data...)
	}
	return dst
}

// parsePrelogin decodes a PRELOGIN message into its options.
func parsePrelogin(b []byte) (map[byte][]byte, error) {
	opts := map[byte][]byte{}
	for i := 0; ; i += 5 {
		if i >= len(b) {
			return nil, protocolErrorf("PRELOGIN without terminator")
		}
		if b[i] == preloginTerminator {
			return opts, nil
		}
		if i+5 > len(b) {
			return nil, protocolErrorf("PRELOGIN option table truncated")
		}
		off, n := int(binary.BigEndian.Uint16(b[i+1:])), int(binary.BigEndian.Uint16(b[i+3:]))
		if off+n > len(b) {
			return nil, protocolErrorf("PRELOGIN option %d out of bounds", b[i])
		}
		opts[b[i]] = b[off : off+n]
	}
}

// preloginReply is what the client needs of the server's PRELOGIN.
type preloginReply struct {
	encryption  byte
	fedAuthReq  bool
	nonce       []byte
	instanceBad bool
	version     [6]byte
}

func readPreloginReply(b []byte) (preloginReply, error) {
	var r preloginReply
	opts, err := parsePrelogin(b)
	if err != nil {
		return r, err
	}
	enc, ok := opts[preloginEncryption]
	if !ok || len(enc) != 1 {
		return r, protocolErrorf("PRELOGIN response without ENCRYPTION")
	}
	r.encryption = enc[0]
	copy(r.version[:], opts[preloginVersion])
	if v := opts[preloginFedAuth]; len(v) == 1 {
		r.fedAuthReq = v[0] == 1
	}
	if v := opts[preloginNonce]; len(v) == 32 {
		r.nonce = append([]byte(nil), v...)
	}
	if v := opts[preloginInstance]; len(v) >= 1 && v[0] == 1 {
		r.instanceBad = true
	}
	return r, nil
}
