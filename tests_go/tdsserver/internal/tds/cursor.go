package tds

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrShort reports a message that ends before a field it announces.
var ErrShort = errors.New("tds: message too short")

// Cursor reads little-endian fields from a message. The first failure is
// kept in Err and every later read returns zero values, so a parser can read
// a whole structure and check once; loops must check Err to stop.
type Cursor struct {
	b   []byte
	off int
	err error
}

// NewCursor reads b from its start.
func NewCursor(b []byte) *Cursor { return &Cursor{b: b} }

// Err returns the first error met, if any.
func (c *Cursor) Err() error { return c.err }

// Fail records err unless an error is already recorded.
func (c *Cursor) Fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("tds: "+format, args...)
	}
}

// Offset is the position of the next read.
func (c *Cursor) Offset() int { return c.off }

// Remaining is the number of unread bytes.
func (c *Cursor) Remaining() int { return len(c.b) - c.off }

// Bytes returns the next n bytes (sharing the message's memory).
func (c *Cursor) Bytes(n int) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || n > len(c.b)-c.off {
		c.err = ErrShort
		return nil
	}
	p := c.b[c.off : c.off+n : c.off+n]
	c.off += n
	return p
}

// Skip moves past n bytes.
func (c *Cursor) Skip(n int) { c.Bytes(n) }

// Peek returns the next byte without consuming it; ok is false at the end.
func (c *Cursor) Peek() (b byte, ok bool) {
	if c.err != nil || c.off >= len(c.b) {
		return 0, false
	}
	return c.b[c.off], true
}

// Byte reads one byte.
func (c *Cursor) Byte() byte {
	if p := c.Bytes(1); p != nil {
		return p[0]
	}
	return 0
}

// Uint16 reads a little-endian USHORT.
func (c *Cursor) Uint16() uint16 {
	if p := c.Bytes(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

// Uint32 reads a little-endian DWORD.
func (c *Cursor) Uint32() uint32 {
	if p := c.Bytes(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

// Uint64 reads a little-endian ULONGLONG.
func (c *Cursor) Uint64() uint64 {
	if p := c.Bytes(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

// BVarChar reads a B_VARCHAR: a byte count of UTF-16 code units, then text.
func (c *Cursor) BVarChar() string {
	n := int(c.Byte())
	return DecodeUCS2(c.Bytes(2 * n))
}

// USVarChar reads a US_VARCHAR: a USHORT count of UTF-16 code units, then text.
func (c *Cursor) USVarChar() string {
	n := int(c.Uint16())
	return DecodeUCS2(c.Bytes(2 * n))
}

// BVarByte reads a B_VARBYTE: a byte length, then bytes.
func (c *Cursor) BVarByte() []byte {
	return c.Bytes(int(c.Byte()))
}
