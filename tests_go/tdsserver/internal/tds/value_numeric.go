package tds

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// toInt64 accepts the canonical int64 and, leniently, other Go integers.
func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	}
	return 0, false
}

// intRange is the range of an integer kind.
func intRange(k sqltype.Kind) (lo, hi int64) {
	switch k {
	case sqltype.TinyInt:
		return 0, math.MaxUint8
	case sqltype.SmallInt:
		return math.MinInt16, math.MaxInt16
	case sqltype.Int:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func encodeInt(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	n, ok := toInt64(v)
	if !ok {
		return dst, fmt.Errorf("want an integer, got %T", v)
	}
	if lo, hi := intRange(ti.Type.Kind); n < lo || n > hi {
		return dst, fmt.Errorf("%d out of range", n)
	}
	return appendLE(dst, uint64(n), ti.Size), nil
}

func appendLE(dst []byte, u uint64, width int) []byte {
	for i := 0; i < width; i++ {
		dst = append(dst, byte(u>>(8*i)))
	}
	return dst
}

func decodeInt(b []byte, ti *TypeInfo) (any, error) {
	switch len(b) {
	case 1:
		return int64(b[0]), nil
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(b))), nil
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(b))), nil
	case 8:
		return int64(binary.LittleEndian.Uint64(b)), nil
	}
	return nil, fmt.Errorf("integer of %d bytes", len(b))
}

func encodeBit(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	if b, ok := v.(bool); ok {
		if b {
			return append(dst, 1), nil
		}
		return append(dst, 0), nil
	}
	if n, ok := toInt64(v); ok {
		return encodeBit(dst, ti, n != 0)
	}
	return dst, fmt.Errorf("want a bool, got %T", v)
}

func decodeBit(b []byte, ti *TypeInfo) (any, error) {
	if len(b) != 1 {
		return nil, fmt.Errorf("bit of %d bytes", len(b))
	}
	return b[0] != 0, nil
}

func encodeFloat(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	default:
		n, ok := toInt64(v)
		if !ok {
			return dst, fmt.Errorf("want a float64, got %T", v)
		}
		f = float64(n)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, fmt.Errorf("%v is not a valid SQL Server float", f)
	}
	if ti.Size == 4 {
		return binary.LittleEndian.AppendUint32(dst, math.Float32bits(float32(f))), nil
	}
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f)), nil
}

func decodeFloat(b []byte, ti *TypeInfo) (any, error) {
	switch len(b) {
	case 4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), nil
	case 8:
		return math.Float64frombits(binary.LittleEndian.Uint64(b)), nil
	}
	return nil, fmt.Errorf("float of %d bytes", len(b))
}

// Money is carried as an integer count of 1/10000 units.
func encodeMoney(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	d, err := parseDecimalValue(v, 4)
	if err != nil {
		return dst, err
	}
	if !d.IsInt64() {
		return dst, fmt.Errorf("%v out of range", v)
	}
	n := d.Int64()
	if ti.Size == 4 {
		if n < math.MinInt32 || n > math.MaxInt32 {
			return dst, fmt.Errorf("%v out of range", v)
		}
		return binary.LittleEndian.AppendUint32(dst, uint32(int32(n))), nil
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(uint64(n)>>32))
	return binary.LittleEndian.AppendUint32(dst, uint32(n)), nil
}

func decodeMoney(b []byte, ti *TypeInfo) (any, error) {
	switch len(b) {
	case 4:
		return formatScaled(bigFromInt64(int64(int32(binary.LittleEndian.Uint32(b)))), 4), nil
	case 8:
		hi := uint64(binary.LittleEndian.Uint32(b))
		lo := uint64(binary.LittleEndian.Uint32(b[4:]))
		return formatScaled(bigFromInt64(int64(hi<<32|lo)), 4), nil
	}
	return nil, fmt.Errorf("money of %d bytes", len(b))
}

// GUIDs are canonical in RFC 4122 byte order; the wire stores the first
// three groups little-endian.
func encodeGUID(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	var g [16]byte
	switch x := v.(type) {
	case [16]byte:
		g = x
	case string:
		var err error
		if g, err = parseGUID(x); err != nil {
			return dst, err
		}
	default:
		return dst, fmt.Errorf("want a [16]byte, got %T", v)
	}
	return append(dst, swapGUID(g)...), nil
}

func decodeGUID(b []byte, ti *TypeInfo) (any, error) {
	if len(b) != 16 {
		return nil, fmt.Errorf("uniqueidentifier of %d bytes", len(b))
	}
	var g [16]byte
	copy(g[:], swapGUID([16]byte(b)))
	return g, nil
}

func swapGUID(g [16]byte) []byte {
	return []byte{g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6],
		g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]}
}

func parseGUID(s string) ([16]byte, error) {
	var g [16]byte
	hex := make([]byte, 0, 32)
	for i := 0; i < len(s); i++ {
		if s[i] != '-' && s[i] != '{' && s[i] != '}' {
			hex = append(hex, s[i])
		}
	}
	if len(hex) != 32 {
		return g, fmt.Errorf("invalid uniqueidentifier %q", s)
	}
	for i := range g {
		hi, ok1 := hexVal(hex[2*i])
		lo, ok2 := hexVal(hex[2*i+1])
		if !ok1 || !ok2 {
			return g, fmt.Errorf("invalid uniqueidentifier %q", s)
		}
		g[i] = hi<<4 | lo
	}
	return g, nil
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
