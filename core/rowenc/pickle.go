package rowenc

import (
	"encoding/binary"
	"math"
)

// Pickle opcodes (protocol 4) that this package emits; nothing else.
const (
	opMark          = '('
	opStop          = '.'
	opBinInt        = 'J'
	opBinInt1       = 'K'
	opBinInt2       = 'M'
	opLong1         = '\x8a'
	opNone          = 'N'
	opNewTrue       = '\x88'
	opNewFalse      = '\x89'
	opBinFloat      = 'G'
	opShortBinUni   = '\x8c'
	opBinUnicode    = 'X'
	opBinUnicode8   = '\x8d'
	opShortBinBytes = 'C'
	opBinBytes      = 'B'
	opBinBytes8     = '\x8e'
	opEmptyTuple    = ')'
	opTuple         = 't'
	opTuple1        = '\x85'
	opTuple2        = '\x86'
	opTuple3        = '\x87'
	opEmptyList     = ']'
	opAppends       = 'e'
	opEmptyDict     = '}'
	opSetItem       = 's'
	opSetItems      = 'u'
	opStackGlobal   = '\x93'
	opMemoize       = '\x94'
	opBinGet        = 'h'
	opLongBinGet    = 'j'
	opBinPut        = 'q'
	opLongBinPut    = 'r'
	opPop           = '0'
	opReduce        = 'R'
	opNewObj        = '\x81'
	opProto         = '\x80'
	opFrame         = '\x95'
)

// AllowedOpcodes are all the opcodes a stream of this package may hold.
const AllowedOpcodes = "(.JKM\x8aN\x88\x89G\x8cX\x8d\x8cCB\x8e)t\x85\x86\x87]e}su\x93\x94hjqr0R\x81\x80\x95"

// Global is a Python global the stream may name.
type Global int

// The allow-list of globals, and their module and name.
const (
	GlobalRow Global = iota
	GlobalDateTime
	GlobalDate
	GlobalTime
	GlobalTimezone
	GlobalTimedelta
	GlobalDecimal
	GlobalUUID
	GlobalUUIDSetInt
	GlobalUUIDSetIsSafe
	GlobalUUIDUnknown
	numGlobals
)

// AllowedGlobals lists the (module, name) of every global the encoder may
// emit; Python's Unpickler.find_class must allow exactly these.
var AllowedGlobals = [numGlobals][2]string{
	{"mssql_python", "_Row"},
	{"datetime", "datetime"},
	{"datetime", "date"},
	{"datetime", "time"},
	{"datetime", "timezone"},
	{"datetime", "timedelta"},
	{"decimal", "Decimal"},
	{"uuid", "UUID"},
	// uuid.UUID's slot setters and uuid.SafeUUID.unknown, under names of
	// ours (Python maps them in find_class), so that a UUID is built in C.
	{"mssql_python", "_uuid_set_int"},
	{"mssql_python", "_uuid_set_is_safe"},
	{"mssql_python", "_uuid_unknown"},
}

// headerLen is PROTO 4 and a FRAME opcode with its 8-byte length.
const headerLen = 2 + 9

// Pickler writes one pickle protocol 4 stream in a single FRAME. It
// memoises the globals it uses (and per-offset time zones), so each is
// looked up once per stream.
type Pickler struct {
	buf     []byte
	memo    int32
	globals [numGlobals]int32
	tz      map[int32]int32 // offset seconds -> memo index
	scratch int32           // memo index reused for the UUID being built, or -1
}

// Reset starts a new stream, keeping the buffer's capacity.
func (p *Pickler) Reset() {
	p.buf = append(p.buf[:0], opProto, 4, opFrame, 0, 0, 0, 0, 0, 0, 0, 0)
	p.memo = 0
	for i := range p.globals {
		p.globals[i] = -1
	}
	p.scratch = -1
	clear(p.tz)
}

// Len is the number of bytes written so far.
func (p *Pickler) Len() int { return len(p.buf) }

// Finish writes STOP, fills in the frame length and returns the stream. It
// aliases the Pickler's buffer until the next Reset.
func (p *Pickler) Finish() []byte {
	p.buf = append(p.buf, opStop)
	binary.LittleEndian.PutUint64(p.buf[3:headerLen], uint64(len(p.buf)-headerLen))
	return p.buf
}

func (p *Pickler) op(o byte) { p.buf = append(p.buf, o) }

// Mark pushes a MARK.
func (p *Pickler) Mark() { p.op(opMark) }

// None writes None.
func (p *Pickler) None() { p.op(opNone) }

// Bool writes True or False.
func (p *Pickler) Bool(v bool) {
	if v {
		p.op(opNewTrue)
	} else {
		p.op(opNewFalse)
	}
}

// Int writes an integer in the shortest form.
func (p *Pickler) Int(v int64) {
	switch {
	case v >= 0 && v < 1<<8:
		p.buf = append(p.buf, opBinInt1, byte(v))
	case v >= 0 && v < 1<<16:
		p.buf = append(p.buf, opBinInt2, byte(v), byte(v>>8))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		p.buf = append(p.buf, opBinInt)
		p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(v))
	default:
		p.buf = append(p.buf, opLong1, 8)
		p.buf = binary.LittleEndian.AppendUint64(p.buf, uint64(v))
	}
}

// Float writes a float (big-endian IEEE 754, as pickle wants).
func (p *Pickler) Float(v float64) {
	p.buf = append(p.buf, opBinFloat)
	p.buf = binary.BigEndian.AppendUint64(p.buf, math.Float64bits(v))
}

// Str writes a str; s must be valid UTF-8 or WTF-8 (see Text).
func (p *Pickler) Str(s string) {
	p.strHeader(len(s))
	p.buf = append(p.buf, s...)
}

func (p *Pickler) strHeader(n int) {
	switch {
	case n < 256:
		p.buf = append(p.buf, opShortBinUni, byte(n))
	case n <= math.MaxUint32:
		p.buf = append(p.buf, opBinUnicode)
		p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(n))
	default:
		p.buf = append(p.buf, opBinUnicode8)
		p.buf = binary.LittleEndian.AppendUint64(p.buf, uint64(n))
	}
}

// Bytes writes a bytes object.
func (p *Pickler) Bytes(b []byte) {
	n := len(b)
	switch {
	case n < 256:
		p.buf = append(p.buf, opShortBinBytes, byte(n))
	case n <= math.MaxUint32:
		p.buf = append(p.buf, opBinBytes)
		p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(n))
	default:
		p.buf = append(p.buf, opBinBytes8)
		p.buf = binary.LittleEndian.AppendUint64(p.buf, uint64(n))
	}
	p.buf = append(p.buf, b...)
}

// Tuple closes a tuple of n items pushed since the last Mark (n > 3) or
// the last n items (n <= 3, no Mark needed).
func (p *Pickler) Tuple(n int) {
	switch n {
	case 0:
		p.op(opEmptyTuple)
	case 1:
		p.op(opTuple1)
	case 2:
		p.op(opTuple2)
	case 3:
		p.op(opTuple3)
	default:
		p.op(opTuple)
	}
}

// MarkTuple closes a tuple of the items since the last Mark, whatever
// their number.
func (p *Pickler) MarkTuple() { p.op(opTuple) }

// EmptyList, Appends, EmptyDict, SetItem and SetItems write the opcodes of
// the same names.
func (p *Pickler) EmptyList() { p.op(opEmptyList) }

// Appends appends the items since the last Mark to the list below it.
func (p *Pickler) Appends() { p.op(opAppends) }

// EmptyDict pushes {}.
func (p *Pickler) EmptyDict() { p.op(opEmptyDict) }

// SetItem stores the key and value on top into the dict below them.
func (p *Pickler) SetItem() { p.op(opSetItem) }

// SetItems stores the key/value pairs since the last Mark.
func (p *Pickler) SetItems() { p.op(opSetItems) }

// memoize stores the top of the stack and returns its memo index.
func (p *Pickler) memoize() int32 {
	p.op(opMemoize)
	p.memo++
	return p.memo - 1
}

// get pushes a memoised object.
func (p *Pickler) get(i int32) {
	if i < 256 {
		p.buf = append(p.buf, opBinGet, byte(i))
		return
	}
	p.buf = append(p.buf, opLongBinGet)
	p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(i))
}

// putScratch stores the top of the stack in the stream's scratch memo slot
// (allocated on first use, then overwritten) and returns its index.
func (p *Pickler) putScratch() int32 {
	switch {
	case p.scratch < 0:
		p.scratch = p.memoize()
	case p.scratch < 256:
		p.buf = append(p.buf, opBinPut, byte(p.scratch))
	default:
		p.buf = append(p.buf, opLongBinPut)
		p.buf = binary.LittleEndian.AppendUint32(p.buf, uint32(p.scratch))
	}
	return p.scratch
}

// Pop discards the top of the stack.
func (p *Pickler) Pop() { p.op(opPop) }

// Global pushes an allow-listed global, looking it up once per stream.
func (p *Pickler) Global(g Global) {
	if i := p.globals[g]; i >= 0 {
		p.get(i)
		return
	}
	p.Str(AllowedGlobals[g][0])
	p.Str(AllowedGlobals[g][1])
	p.op(opStackGlobal)
	p.globals[g] = p.memoize()
}

// Reduce calls the callable below the argument tuple on top.
func (p *Pickler) Reduce() { p.op(opReduce) }

// NewObj calls cls.__new__(cls, *args) with cls and args on the stack.
func (p *Pickler) NewObj() { p.op(opNewObj) }
