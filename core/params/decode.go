package params

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
)

// MaxColumns is SQL Server's limit on the parameters of one request.
const MaxColumns = 2100

// Error reports a malformed buffer (Value false) or a value that cannot be
// sent (Value true), naming the column and row (1-based, 0 when the
// problem is not tied to one). It never quotes a value.
type Error struct {
	Column int
	Row    int
	Name   string
	Reason string
	Value  bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("parameter buffer")
	if e.Column > 0 {
		fmt.Fprintf(&b, ": column %d", e.Column)
		if e.Name != "" {
			fmt.Fprintf(&b, " (@%s)", e.Name)
		}
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ", row %d", e.Row)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Set is a decoded parameter buffer: Rows executions of Columns.
type Set struct {
	Columns []Column
	Rows    int
}

// Column is one parameter: its declaration and a value per row.
type Column struct {
	Type      Type
	Output    bool // declared OUTPUT
	Fixed     bool // the caller fixed the type (setinputsizes)
	Name      string
	Size      int32 // characters or bytes; -1 = MAX; 0 = choose from the values
	Precision uint8
	Scale     uint8

	nulls []byte   // nil when no value is NULL
	fixed []byte   // slots of a fixed-width type
	width int      // slot width of a fixed-width type
	offs  []uint32 // variable type: start of each value in data, and its end
	data  []byte
}

// reader walks the buffer, failing once with a structural error.
type reader struct {
	b   []byte
	pos int
	col int
	err *Error
}

func (r *reader) fail(reason string) {
	if r.err == nil {
		r.err = &Error{Column: r.col, Reason: reason}
	}
}

func (r *reader) take(n uint64, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.pos) {
		r.fail(fmt.Sprintf("truncated: %s needs %d bytes, %d left", what, n, len(r.b)-r.pos))
		return nil
	}
	out := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return out
}

func (r *reader) u8(what string) uint8 {
	if b := r.take(1, what); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16(what string) uint16 {
	if b := r.take(2, what); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if b := r.take(4, what); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// Decode parses and validates a whole parameter buffer. A nil or empty
// buffer means no parameters. buf must stay unchanged while the Set is
// used: columns read from it.
func Decode(buf []byte) (*Set, error) {
	if len(buf) == 0 {
		return &Set{Rows: 1}, nil
	}
	r := &reader{b: buf}
	if magic := r.take(4, "magic"); r.err == nil && string(magic) != "MQP1" {
		r.fail("bad magic (want \"MQP1\")")
	}
	ncols, nrows := r.u32("column count"), r.u32("row count")
	if r.err == nil && nrows == 0 {
		r.fail("row count is 0")
	}
	if r.err == nil && ncols > MaxColumns {
		r.fail(fmt.Sprintf("%d columns, more than SQL Server's %d parameters", ncols, MaxColumns))
	}
	if r.err != nil {
		return nil, r.err
	}
	set := &Set{Rows: int(nrows), Columns: make([]Column, ncols)}
	for i := range set.Columns {
		r.col = i + 1
		if !r.column(&set.Columns[i], int(nrows)) {
			return nil, r.err
		}
	}
	if r.pos != len(buf) {
		r.col = 0
		r.fail(fmt.Sprintf("%d bytes after the last column", len(buf)-r.pos))
		return nil, r.err
	}
	if err := set.validate(); err != nil {
		return nil, err
	}
	return set, nil
}

// column reads one column's header, null map and values.
func (r *reader) column(c *Column, nrows int) bool {
	c.Type = Type(r.u8("type"))
	flags := r.u8("flags")
	c.Output, c.Fixed = flags&1 != 0, flags&2 != 0
	c.Name = string(r.take(uint64(r.u16("name length")), "name"))
	c.Size = int32(r.u32("size"))
	c.Precision, c.Scale = r.u8("precision"), r.u8("scale")
	hasNulls := r.u8("null flag")
	if r.err != nil {
		return false
	}
	if reason := c.checkHeader(flags, hasNulls); reason != "" {
		r.fail(reason)
		return false
	}
	if hasNulls == 1 {
		c.nulls = r.take(uint64(nrows), "null map")
	}
	if c.Type.IsVariable() {
		r.variable(c, nrows)
	} else {
		c.width = c.Type.slotWidth()
		c.fixed = r.take(uint64(nrows)*uint64(c.width), "values")
	}
	return r.err == nil
}

func (c *Column) checkHeader(flags, hasNulls uint8) string {
	switch {
	case !c.Type.Valid():
		return fmt.Sprintf("unknown type code %d", uint8(c.Type))
	case flags&^3 != 0:
		return fmt.Sprintf("unknown flag bits 0x%02x", flags&^3)
	case hasNulls > 1:
		return "null flag is neither 0 nor 1"
	case c.Size < -1:
		return fmt.Sprintf("size %d (want -1, 0 or a length)", c.Size)
	case c.Precision > 38:
		return fmt.Sprintf("precision %d is above 38", c.Precision)
	case c.Type.IsDecimalText() && c.Precision > 0 && c.Scale > c.Precision:
		return fmt.Sprintf("scale %d is above precision %d", c.Scale, c.Precision)
	case isTemporal(c.Type) && c.Scale > 7:
		return fmt.Sprintf("fractional seconds scale %d is above 7", c.Scale)
	}
	if reason := checkName(c.Name); reason != "" {
		return reason
	}
	return ""
}

// variable reads the length table and the data of a variable-length column.
func (r *reader) variable(c *Column, nrows int) {
	lens := r.take(uint64(nrows)*4, "length table")
	if r.err != nil {
		return
	}
	c.offs = make([]uint32, nrows+1)
	var total uint64
	for i := 0; i < nrows; i++ {
		c.offs[i] = uint32(total)
		total += uint64(binary.LittleEndian.Uint32(lens[4*i:]))
		if total > uint64(len(r.b)) {
			r.fail(fmt.Sprintf("row %d: value lengths run past the end of the buffer", i+1))
			return
		}
	}
	c.offs[nrows] = uint32(total)
	c.data = r.take(total, "values")
}

func isTemporal(t Type) bool {
	return t == Time || t == DateTime2 || t == DateTimeOffset
}

// checkName accepts an empty name (positional) or a T-SQL parameter name
// without the '@': it is written into the declaration, so nothing else is
// allowed.
func checkName(name string) string {
	if len(name) > 127 {
		return "name longer than 127 bytes"
	}
	for i, r := range name {
		ok := r == '_' || r == '#' || r == '$' || r == '@' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))
		if !ok {
			return "name is not a valid parameter name (letters, digits, _, #, $, @)"
		}
	}
	return ""
}
