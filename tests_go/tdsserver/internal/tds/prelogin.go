package tds

import (
	"encoding/binary"
	"fmt"
)

// PRELOGIN option tokens (MS-TDS 2.2.6.5).
const (
	PreloginVersion         = 0x00
	PreloginEncryption      = 0x01
	PreloginInstOpt         = 0x02
	PreloginThreadID        = 0x03
	PreloginMARS            = 0x04
	PreloginTraceID         = 0x05
	PreloginFedAuthRequired = 0x06
	PreloginNonce           = 0x07
	preloginTerminator      = 0xFF
)

// Encryption values of the PRELOGIN ENCRYPTION option.
const (
	EncryptOff    byte = 0x00
	EncryptOn     byte = 0x01
	EncryptNotSup byte = 0x02
	EncryptReq    byte = 0x03
	EncryptStrict byte = 0x04
)

// Prelogin is a decoded PRELOGIN message: option token to value.
type Prelogin map[byte][]byte

// ParsePrelogin decodes the option table and values of a PRELOGIN message.
func ParsePrelogin(b []byte) (Prelogin, error) {
	c := NewCursor(b)
	opts := Prelogin{}
	for c.Err() == nil {
		tok := c.Byte()
		if tok == preloginTerminator || c.Err() != nil {
			break
		}
		off := int(binaryBE16(c.Bytes(2)))
		n := int(binaryBE16(c.Bytes(2)))
		if c.Err() != nil {
			break
		}
		if off+n > len(b) {
			return nil, fmt.Errorf("tds: PRELOGIN option %#x points past the message", tok)
		}
		opts[tok] = b[off : off+n : off+n]
	}
	if c.Err() != nil {
		return nil, c.Err()
	}
	return opts, nil
}

func binaryBE16(p []byte) uint16 {
	if len(p) < 2 {
		return 0
	}
	return binary.BigEndian.Uint16(p)
}

// Encryption returns the ENCRYPTION option, or EncryptNotSup when absent.
func (p Prelogin) Encryption() byte {
	if v := p[PreloginEncryption]; len(v) > 0 {
		return v[0]
	}
	return EncryptNotSup
}

// FedAuthRequired reports whether the client sent FEDAUTHREQUIRED = 1.
func (p Prelogin) FedAuthRequired() bool {
	v := p[PreloginFedAuthRequired]
	return len(v) > 0 && v[0] == 1
}

// PreloginOption is one option of a PRELOGIN reply, in order.
type PreloginOption struct {
	Token byte
	Value []byte
}

// AppendPrelogin encodes a PRELOGIN structure.
func AppendPrelogin(dst []byte, opts []PreloginOption) []byte {
	off := 5*len(opts) + 1
	for _, o := range opts {
		dst = append(dst, o.Token)
		dst = binary.BigEndian.AppendUint16(dst, uint16(off))
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(o.Value)))
		off += len(o.Value)
	}
	dst = append(dst, preloginTerminator)
	for _, o := range opts {
		dst = append(dst, o.Value...)
	}
	return dst
}
