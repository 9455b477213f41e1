package tds

import (
	"encoding/binary"
	"math"
)

// next returns the next n payload bytes, aliasing the buffer until the
// next read.
func (rd *reader) next(n int) ([]byte, error) {
	if rd.w-rd.r >= n {
		b := rd.buf[rd.r : rd.r+n : rd.r+n]
		rd.r += n
		return b, nil
	}
	return rd.nextSlow(n)
}

func (rd *reader) nextSlow(n int) ([]byte, error) {
	if n < 0 {
		return nil, protocolErrorf("negative length")
	}
	if err := rd.more(n); err != nil {
		return nil, err
	}
	b := rd.buf[rd.r : rd.r+n : rd.r+n]
	rd.r += n
	return b, nil
}

func (rd *reader) byte() (byte, error) {
	if rd.r < rd.w {
		b := rd.buf[rd.r]
		rd.r++
		return b, nil
	}
	b, err := rd.nextSlow(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (rd *reader) u16() (uint16, error) {
	b, err := rd.next(2)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(b), nil
}

func (rd *reader) u32() (uint32, error) {
	b, err := rd.next(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (rd *reader) u64() (uint64, error) {
	b, err := rd.next(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

func (rd *reader) f64() (float64, error) {
	v, err := rd.u64()
	return math.Float64frombits(v), err
}

// skip drops n payload bytes without growing the buffer.
func (rd *reader) skip(n int) error {
	for n > 0 {
		if rd.r == rd.w {
			if err := rd.more(1); err != nil {
				return err
			}
		}
		k := min(n, rd.w-rd.r)
		rd.r += k
		n -= k
	}
	return nil
}

// piece returns between 1 and max bytes of what is readable now, for
// values streamed in pieces.
func (rd *reader) piece(max int) ([]byte, error) {
	if rd.r == rd.w {
		if err := rd.more(1); err != nil {
			return nil, err
		}
	}
	k := min(max, rd.w-rd.r)
	b := rd.buf[rd.r : rd.r+k : rd.r+k]
	rd.r += k
	return b, nil
}

// bVarChar reads a B_VARCHAR (length in UTF-16 code units) as a string.
func (rd *reader) bVarChar() (string, error) {
	n, err := rd.byte()
	if err != nil {
		return "", err
	}
	return rd.utf16String(2 * int(n))
}

// usVarChar reads a US_VARCHAR as a string.
func (rd *reader) usVarChar() (string, error) {
	n, err := rd.u16()
	if err != nil {
		return "", err
	}
	return rd.utf16String(2 * int(n))
}

// bVarByte reads a B_VARBYTE, copied.
func (rd *reader) bVarByte() ([]byte, error) {
	n, err := rd.byte()
	if err != nil {
		return nil, err
	}
	b, err := rd.next(int(n))
	return append([]byte(nil), b...), err
}

func (rd *reader) utf16String(nbytes int) (string, error) {
	b, err := rd.next(nbytes)
	if err != nil {
		return "", err
	}
	return string(appendUTF16(nil, b)), nil
}
