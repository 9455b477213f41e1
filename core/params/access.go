package params

import (
	"encoding/binary"
	"math"

	"github.com/golang-sql/civil"
)

// IsNull reports whether the value of row (0-based) is NULL.
func (c *Column) IsNull(row int) bool {
	return c.Type == Null || (c.nulls != nil && c.nulls[row] != 0)
}

// HasNulls reports whether any value is NULL.
func (c *Column) HasNulls() bool {
	if c.Type == Null {
		return true
	}
	for _, n := range c.nulls {
		if n != 0 {
			return true
		}
	}
	return false
}

func (c *Column) slot(row int) []byte {
	return c.fixed[row*c.width : (row+1)*c.width]
}

// Int is the value of an integer column.
func (c *Column) Int(row int) int64 {
	return int64(binary.LittleEndian.Uint64(c.slot(row)))
}

// Float is the value of a REAL or FLOAT column.
func (c *Column) Float(row int) float64 {
	return math.Float64frombits(binary.LittleEndian.Uint64(c.slot(row)))
}

// Bool is the value of a BIT column.
func (c *Column) Bool(row int) bool { return c.slot(row)[0] != 0 }

// Bytes is the value of a variable-length column: bytes, UTF-8 or WTF-8
// text, or decimal text. It aliases the buffer.
func (c *Column) Bytes(row int) []byte {
	return c.data[c.offs[row]:c.offs[row+1]]
}

// Text is Bytes as a string (a copy).
func (c *Column) Text(row int) string { return string(c.Bytes(row)) }

// Date is the value of a DATE column, or the date part of a date-time one.
func (c *Column) Date(row int) civil.Date {
	s := c.slot(row)
	return civil.Date{Year: int(binary.LittleEndian.Uint16(s)), Month: timeMonth(s[2]), Day: int(s[3])}
}

// Time is the value of a TIME column, or the time part of a date-time one.
func (c *Column) Time(row int) civil.Time {
	s := c.slot(row)
	if c.Type != Time {
		s = s[4:]
	}
	return civil.Time{Hour: int(s[0]), Minute: int(s[1]), Second: int(s[2]), Nanosecond: int(binary.LittleEndian.Uint32(s[4:]))}
}

// DateTime is the value of a DATETIME, SMALLDATETIME, DATETIME2 or
// DATETIMEOFFSET column (the local wall clock for the latter).
func (c *Column) DateTime(row int) civil.DateTime {
	return civil.DateTime{Date: c.Date(row), Time: c.Time(row)}
}

// OffsetMinutes is the UTC offset of a DATETIMEOFFSET value.
func (c *Column) OffsetMinutes(row int) int {
	return int(int16(binary.LittleEndian.Uint16(c.slot(row)[12:])))
}

// UUID is the value of a UNIQUEIDENTIFIER column in RFC 4122 order.
func (c *Column) UUID(row int) [16]byte {
	var u [16]byte
	copy(u[:], c.slot(row))
	return u
}

// MaxLen is the longest value of a variable-length column, in bytes.
func (c *Column) MaxLen(rows int) int {
	m := 0
	for i := 0; i < rows; i++ {
		if n := int(c.offs[i+1] - c.offs[i]); n > m {
			m = n
		}
	}
	return m
}

// AssumeNull gives an untyped NULL column (Type Null) a type of which
// every value is NULL: the type the server expects there.
func (s *Set) AssumeNull(i int, t Type, size int32, precision, scale uint8) {
	c := &s.Columns[i]
	if c.Type != Null || t == Null {
		return
	}
	c.Type, c.Size, c.Precision, c.Scale = t, size, precision, scale
	c.nulls = make([]byte, s.Rows)
	for r := range c.nulls {
		c.nulls[r] = 1
	}
	if w := t.slotWidth(); w > 0 {
		c.fixed, c.width = make([]byte, w*s.Rows), w
	} else {
		c.offs = make([]uint32, s.Rows+1)
	}
}
