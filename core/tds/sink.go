package tds

// RowSink receives the values of rows as the decoder reads them, one call
// per column, in column order. Slices passed to it alias the connection's
// buffers and are valid only until the call returns.
//
// Values of MAX types, text, ntext, image, xml and UDTs larger than a
// small threshold arrive in pieces: BeginLarge, then LargeChunk calls,
// then EndLarge, so that a large value never needs to be held twice. Text
// chunks are whole UTF-8 sequences.
type RowSink interface {
	Null(col int)
	Int(col int, v int64)
	Bool(col int, v bool)
	Float(col int, v float64)
	Decimal(col int, v Decimal)   // decimal, numeric, money, smallmoney
	Text(col int, v []byte)       // UTF-8; lone UTF-16 surrogates as WTF-8
	Binary(col int, v []byte)     // binary types, UDTs
	GUID(col int, v [16]byte)     // in SQL Server's wire order
	DateTime(col int, v DateTime) // date and time types; Kind tells which
	// BeginLarge starts a value sent in pieces. size is its length in bytes
	// when known (always for binary data), otherwise -1.
	BeginLarge(col int, binary bool, size int64)
	LargeChunk(col int, v []byte)
	EndLarge(col int)
}

// largeInline is the largest MAX or LOB value (in wire bytes, when the
// server states the length) passed to Text or Binary whole rather than in
// pieces.
const largeInline = 32 << 10

// discardSink drops every value (rows skipped).
type discardSink struct{}

func (discardSink) Null(int)                    {}
func (discardSink) Int(int, int64)              {}
func (discardSink) Bool(int, bool)              {}
func (discardSink) Float(int, float64)          {}
func (discardSink) Decimal(int, Decimal)        {}
func (discardSink) Text(int, []byte)            {}
func (discardSink) Binary(int, []byte)          {}
func (discardSink) GUID(int, [16]byte)          {}
func (discardSink) DateTime(int, DateTime)      {}
func (discardSink) BeginLarge(int, bool, int64) {}
func (discardSink) LargeChunk(int, []byte)      {}
func (discardSink) EndLarge(int)                {}
