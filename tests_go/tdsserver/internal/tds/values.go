package tds

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// ValueMode selects between the two encodings of text, ntext and image.
type ValueMode uint8

const (
	// RowMode is the ROW token and bulk-load form: a text pointer and a
	// timestamp precede the data.
	RowMode ValueMode = iota
	// ParamMode is the RPC parameter and RETURNVALUE form: LONGLEN data.
	ParamMode
)

const (
	plpNull         = math.MaxUint64
	plpUnknownLen   = math.MaxUint64 - 1
	textNullParam   = math.MaxUint32
	maxPLPChunkSize = math.MaxInt32
)

// codec converts between canonical Go values of one kind and their data
// bytes (without the length prefix, which framing adds).
type codec struct {
	enc func(dst []byte, ti *TypeInfo, v any) ([]byte, error)
	dec func(b []byte, ti *TypeInfo) (any, error)
}

func codecFor(k sqltype.Kind) (codec, error) {
	if int(k) < len(codecs) && codecs[k].enc != nil {
		return codecs[k], nil
	}
	return codec{}, fmt.Errorf("tds: no codec for type %s", k)
}

var codecs [sqltype.SQLVariant + 1]codec

func init() {
	for _, k := range []sqltype.Kind{sqltype.TinyInt, sqltype.SmallInt, sqltype.Int, sqltype.BigInt} {
		codecs[k] = codec{encodeInt, decodeInt}
	}
	codecs[sqltype.Bit] = codec{encodeBit, decodeBit}
	codecs[sqltype.Real] = codec{encodeFloat, decodeFloat}
	codecs[sqltype.Float] = codec{encodeFloat, decodeFloat}
	codecs[sqltype.Money] = codec{encodeMoney, decodeMoney}
	codecs[sqltype.SmallMoney] = codec{encodeMoney, decodeMoney}
	codecs[sqltype.Decimal] = codec{encodeDecimal, decodeDecimal}
	codecs[sqltype.Numeric] = codec{encodeDecimal, decodeDecimal}
	for _, k := range []sqltype.Kind{sqltype.Char, sqltype.VarChar, sqltype.Text} {
		codecs[k] = codec{encodeChars, decodeChars}
	}
	for _, k := range []sqltype.Kind{sqltype.NChar, sqltype.NVarChar, sqltype.NText, sqltype.Xml} {
		codecs[k] = codec{encodeNChars, decodeNChars}
	}
	for _, k := range []sqltype.Kind{sqltype.Binary, sqltype.VarBinary, sqltype.Image} {
		codecs[k] = codec{encodeBinary, decodeBinary}
	}
	codecs[sqltype.Date] = codec{encodeDate, decodeDate}
	codecs[sqltype.Time] = codec{encodeTime, decodeTime}
	codecs[sqltype.DateTime2] = codec{encodeDateTime2, decodeDateTime2}
	codecs[sqltype.DateTimeOffset] = codec{encodeDateTimeOffset, decodeDateTimeOffset}
	codecs[sqltype.DateTime] = codec{encodeDateTime, decodeDateTime}
	codecs[sqltype.SmallDateTime] = codec{encodeSmallDateTime, decodeSmallDateTime}
	codecs[sqltype.UniqueIdentifier] = codec{encodeGUID, decodeGUID}
	codecs[sqltype.SQLVariant] = codec{encodeVariant, decodeVariant}
}

// AppendValue encodes v (canonical, nil for NULL) with its length prefix.
func AppendValue(dst []byte, ti *TypeInfo, v any, mode ValueMode) ([]byte, error) {
	if vv, ok := v.(sqltype.Variant); ok && vv.Value == nil {
		v = nil
	}
	if v == nil {
		return appendNull(dst, ti, mode)
	}
	c, err := codecFor(ti.Type.Kind)
	if err != nil {
		return dst, err
	}
	start := len(dst)
	switch framingOf(ti.ID, ti.Size) {
	case frameFixed:
		dst, err = c.enc(dst, ti, v)
		if err == nil && len(dst)-start != ti.Size {
			err = fmt.Errorf("tds: %s value has %d bytes, want %d", ti.Type, len(dst)-start, ti.Size)
		}
	case frameByte:
		dst, err = appendPrefixed(dst, 1, 255, c, ti, v)
	case frameUShort:
		dst, err = appendPrefixed(dst, 2, ti.Size, c, ti, v)
	case framePLP:
		dst, err = appendPLP(dst, c, ti, v)
	case frameText:
		dst, err = appendText(dst, c, ti, v, mode)
	case frameVariant:
		dst, err = appendPrefixed(dst, 4, variantMaxSize, c, ti, v)
	}
	if err != nil {
		return dst[:start], fmt.Errorf("%s: %w", ti.Type, err)
	}
	return dst, nil
}

// appendPrefixed writes a little-endian length of width bytes before the data.
func appendPrefixed(dst []byte, width, limit int, c codec, ti *TypeInfo, v any) ([]byte, error) {
	at := len(dst)
	dst = append(dst, make([]byte, width)...)
	dst, err := c.enc(dst, ti, v)
	if err != nil {
		return dst, err
	}
	n := len(dst) - at - width
	if n > limit {
		return dst, fmt.Errorf("value of %d bytes exceeds the maximum of %d", n, limit)
	}
	putLen(dst[at:], width, n)
	return dst, nil
}

func putLen(b []byte, width, n int) {
	switch width {
	case 1:
		b[0] = byte(n)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(n))
	default:
		binary.LittleEndian.PutUint32(b, uint32(n))
	}
}

// appendPLP writes the value as one PLP chunk and the terminator.
func appendPLP(dst []byte, c codec, ti *TypeInfo, v any) ([]byte, error) {
	at := len(dst)
	dst = append(dst, make([]byte, 12)...)
	dst, err := c.enc(dst, ti, v)
	if err != nil {
		return dst, err
	}
	n := len(dst) - at - 12
	if n > maxPLPChunkSize {
		return dst, fmt.Errorf("value of %d bytes is too large", n)
	}
	binary.LittleEndian.PutUint64(dst[at:], uint64(n))
	if n == 0 {
		dst = dst[:at+8]
	} else {
		binary.LittleEndian.PutUint32(dst[at+8:], uint32(n))
	}
	return binary.LittleEndian.AppendUint32(dst, 0), nil
}

var dummyTextPtr = [16]byte{}

func appendText(dst []byte, c codec, ti *TypeInfo, v any, mode ValueMode) ([]byte, error) {
	if mode == RowMode {
		dst = append(dst, byte(len(dummyTextPtr)))
		dst = append(dst, dummyTextPtr[:]...)
		dst = append(dst, make([]byte, 8)...) // timestamp
	}
	return appendPrefixed(dst, 4, math.MaxInt32, c, ti, v)
}

func appendNull(dst []byte, ti *TypeInfo, mode ValueMode) ([]byte, error) {
	switch framingOf(ti.ID, ti.Size) {
	case frameFixed:
		return dst, fmt.Errorf("tds: NULL for the non-nullable type %#x (%s)", ti.ID, ti.Type)
	case frameByte:
		return append(dst, 0), nil
	case frameUShort:
		return append(dst, 0xFF, 0xFF), nil
	case framePLP:
		return binary.LittleEndian.AppendUint64(dst, plpNull), nil
	case frameText:
		if mode == RowMode {
			return append(dst, 0), nil
		}
		return binary.LittleEndian.AppendUint32(dst, textNullParam), nil
	}
	return binary.LittleEndian.AppendUint32(dst, 0), nil // sql_variant
}

// ReadValue decodes one value of type ti; NULL gives nil.
func ReadValue(c *Cursor, ti *TypeInfo, mode ValueMode) (any, error) {
	if ti.ID == typeNull {
		return nil, nil
	}
	data, null := readData(c, ti, mode)
	if c.Err() != nil {
		return nil, c.Err()
	}
	if null {
		return nil, nil
	}
	cd, err := codecFor(ti.Type.Kind)
	if err != nil {
		return nil, err
	}
	v, err := cd.dec(data, ti)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ti.Type, err)
	}
	return v, nil
}

// readData returns the data bytes of one value, or null.
func readData(c *Cursor, ti *TypeInfo, mode ValueMode) (data []byte, null bool) {
	switch framingOf(ti.ID, ti.Size) {
	case frameFixed:
		return c.Bytes(ti.Size), false
	case frameByte:
		n := int(c.Byte())
		return c.Bytes(n), n == 0
	case frameUShort:
		n := int(c.Uint16())
		if n == 0xFFFF {
			return nil, true
		}
		return c.Bytes(n), false
	case framePLP:
		return readPLP(c)
	case frameText:
		return readText(c, mode)
	}
	n := int(c.Uint32()) // sql_variant
	return c.Bytes(n), n == 0
}

func readPLP(c *Cursor) ([]byte, bool) {
	total := c.Uint64()
	if total == plpNull {
		return nil, true
	}
	var out []byte
	for c.Err() == nil {
		n := c.Uint32()
		if n == 0 {
			break
		}
		if int64(n) > int64(c.Remaining()) {
			c.Fail("PLP chunk of %d bytes past the end of the message", n)
			break
		}
		out = append(out, c.Bytes(int(n))...)
	}
	if out == nil {
		out = []byte{}
	}
	return out, false
}

func readText(c *Cursor, mode ValueMode) ([]byte, bool) {
	if mode == RowMode {
		ptr := int(c.Byte())
		if ptr == 0 {
			return nil, true
		}
		c.Skip(ptr + 8)
		return c.Bytes(int(c.Uint32() & 0x7FFFFFFF)), false
	}
	n := c.Uint32()
	if n == textNullParam {
		return nil, true
	}
	return c.Bytes(int(n & 0x7FFFFFFF)), false
}
