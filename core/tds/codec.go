package tds

// decodeFunc reads the value of column c (index i) of the current row and
// passes it to s.
type decodeFunc func(d *decoder, c *Column, i int, s RowSink) error

// encodeFunc writes a parameter or bulk value (TYPE_VARBYTE) of type t.
type encodeFunc func(w *writer, t *TypeInfo, v *Value) error

// codec is everything this package knows of one TDS data type: its SQL
// Server name, its TYPE_INFO both ways, the decoder of its values (chosen
// once per column) and the encoder of parameter values.
type codec struct {
	name      string
	size      int // the fixed size of fixed-length types
	readInfo  func(rd *reader, t *TypeInfo) error
	writeInfo func(dst []byte, t *TypeInfo) []byte
	plan      func(t *TypeInfo) decodeFunc
	encode    encodeFunc
}

var codecs [256]*codec

func register(typ byte, c *codec) { codecs[typ] = c }

func codecOf(typ byte) *codec { return codecs[typ] }

func typeNameOf(typ byte) string {
	if c := codecs[typ]; c != nil {
		return c.name
	}
	return "unknown"
}

// decoder holds the state column decoders share: the reader and scratch
// buffers reused from row to row.
type decoder struct {
	rd      *reader
	scratch []byte // converted text
	gather  []byte // a PLP value gathered from its chunks
}

// text passes UTF-16LE text to the sink as UTF-8.
func (d *decoder) text(i int, s RowSink, utf16 []byte) {
	d.scratch = appendUTF16(d.scratch[:0], utf16)
	s.Text(i, d.scratch)
}

// noInfo writes a TYPE_INFO with no more than its type byte.
func noInfo(dst []byte, _ *TypeInfo) []byte { return dst }

// byteLenInfo writes a BYTELEN maximum size.
func byteLenInfo(dst []byte, t *TypeInfo) []byte { return append(dst, byte(t.Size)) }

// value returns the TYPE_VARBYTE of a BYTELEN value: nil for NULL.
func (d *decoder) byteLenValue() ([]byte, error) {
	n, err := d.rd.byte()
	if err != nil || n == 0 {
		return nil, err
	}
	return d.rd.next(int(n))
}

// ushortLenValue returns a USHORTLEN value, null for 0xFFFF.
func (d *decoder) ushortLenValue() (b []byte, null bool, err error) {
	n, err := d.rd.u16()
	if err != nil || n == 0xFFFF {
		return nil, err == nil, err
	}
	b, err = d.rd.next(int(n))
	return b, false, err
}
