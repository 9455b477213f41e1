// Package pickletest checks pickle streams written by core/rowenc without
// Python: an opcode walker that models the stack, accepts only the opcodes
// and globals rowenc may emit, and checks the frame.
package pickletest

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

type item struct {
	mark   bool
	str    *string
	global string // "module.name" for a global
}

type walker struct {
	b     []byte
	pos   int
	stack []item
	memo  []item
	ops   int
}

// Walk checks one whole stream: PROTO 4, one FRAME covering the rest,
// allowed opcodes only, allowed globals only, REDUCE and NEWOBJ only on
// globals, and exactly one object left at STOP, which ends the stream. It
// returns the number of opcodes.
func Walk(b []byte) (int, error) {
	w := &walker{b: b}
	if err := w.header(); err != nil {
		return 0, err
	}
	for {
		if w.pos >= len(b) {
			return w.ops, fmt.Errorf("no STOP")
		}
		op := b[w.pos]
		w.pos++
		w.ops++
		if strings.IndexByte(rowenc.AllowedOpcodes, op) < 0 || op == 0x80 || op == 0x95 {
			return w.ops, fmt.Errorf("opcode 0x%02x at %d is not allowed", op, w.pos-1)
		}
		if op == '.' {
			return w.ops, w.stop()
		}
		if err := w.step(op); err != nil {
			return w.ops, fmt.Errorf("opcode %q at %d: %w", op, w.pos-1, err)
		}
	}
}

func (w *walker) header() error {
	if len(w.b) < 11 || w.b[0] != 0x80 || w.b[1] != 4 || w.b[2] != 0x95 {
		return fmt.Errorf("missing PROTO 4 + FRAME header")
	}
	n := binary.LittleEndian.Uint64(w.b[3:11])
	if n != uint64(len(w.b)-11) {
		return fmt.Errorf("frame length %d, stream has %d after the header", n, len(w.b)-11)
	}
	w.pos = 11
	return nil
}

func (w *walker) stop() error {
	if w.pos != len(w.b) {
		return fmt.Errorf("%d bytes after STOP", len(w.b)-w.pos)
	}
	if len(w.stack) != 1 || w.stack[0].mark {
		return fmt.Errorf("stack holds %d items at STOP", len(w.stack))
	}
	return nil
}

func (w *walker) take(n uint64) ([]byte, error) {
	if n > uint64(len(w.b)-w.pos) {
		return nil, fmt.Errorf("argument runs past the end")
	}
	out := w.b[w.pos : w.pos+int(n)]
	w.pos += int(n)
	return out, nil
}

func (w *walker) push(it item) { w.stack = append(w.stack, it) }

func (w *walker) pop() (item, error) {
	if len(w.stack) == 0 || w.stack[len(w.stack)-1].mark {
		return item{}, fmt.Errorf("stack underflow")
	}
	it := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	return it, nil
}

func (w *walker) popMark() error {
	for i := len(w.stack) - 1; i >= 0; i-- {
		if w.stack[i].mark {
			w.stack = w.stack[:i]
			return nil
		}
	}
	return fmt.Errorf("no MARK")
}

func (w *walker) popN(n int) error {
	for i := 0; i < n; i++ {
		if _, err := w.pop(); err != nil {
			return err
		}
	}
	return nil
}

// argLen reads the fixed argument size of an opcode (-1: none).
var fixedArg = map[byte]uint64{'J': 4, 'K': 1, 'M': 2, 'G': 8, 'h': 1, 'j': 4, 'q': 1, 'r': 4}

// sized opcodes: their length prefix width.
var sizedArg = map[byte]int{0x8c: 1, 'X': 4, 0x8d: 8, 'C': 1, 'B': 4, 0x8e: 8, 0x8a: 1}

func (w *walker) lengthPrefixed(op byte) ([]byte, error) {
	width := sizedArg[op]
	raw, err := w.take(uint64(width))
	if err != nil {
		return nil, err
	}
	var n uint64
	for i := width - 1; i >= 0; i-- {
		n = n<<8 | uint64(raw[i])
	}
	return w.take(n)
}

func (w *walker) step(op byte) error {
	if n, ok := fixedArg[op]; ok {
		arg, err := w.take(n)
		if err != nil {
			return err
		}
		switch op {
		case 'h', 'j':
			return w.get(arg)
		case 'q', 'r':
			return w.put(arg)
		}
		w.push(item{})
		return nil
	}
	if _, ok := sizedArg[op]; ok {
		data, err := w.lengthPrefixed(op)
		if err != nil {
			return err
		}
		if op == 0x8c || op == 'X' || op == 0x8d {
			s := string(data)
			w.push(item{str: &s})
		} else {
			w.push(item{})
		}
		return nil
	}
	return w.structural(op)
}

func (w *walker) get(arg []byte) error {
	var i uint64
	for k := len(arg) - 1; k >= 0; k-- {
		i = i<<8 | uint64(arg[k])
	}
	if i >= uint64(len(w.memo)) {
		return fmt.Errorf("memo %d not set", i)
	}
	w.push(w.memo[i])
	return nil
}

// put stores the top of the stack at a memo index already set or the next one.
func (w *walker) put(arg []byte) error {
	var i uint64
	for k := len(arg) - 1; k >= 0; k-- {
		i = i<<8 | uint64(arg[k])
	}
	if len(w.stack) == 0 || w.stack[len(w.stack)-1].mark {
		return fmt.Errorf("PUT with nothing on the stack")
	}
	top := w.stack[len(w.stack)-1]
	switch {
	case i < uint64(len(w.memo)):
		w.memo[i] = top
	case i == uint64(len(w.memo)):
		w.memo = append(w.memo, top)
	default:
		return fmt.Errorf("PUT %d leaves a gap in the memo", i)
	}
	return nil
}

func (w *walker) structural(op byte) error {
	switch op {
	case '(':
		w.push(item{mark: true})
	case 'N', 0x88, 0x89, ')', ']', '}':
		w.push(item{})
	case 't':
		if err := w.popMark(); err != nil {
			return err
		}
		w.push(item{})
	case 0x85, 0x86, 0x87:
		if err := w.popN(int(op - 0x84)); err != nil {
			return err
		}
		w.push(item{})
	case 'e', 'u':
		if err := w.popMark(); err != nil {
			return err
		}
		_, err := w.pop()
		if err == nil {
			w.push(item{})
		}
		return err
	case 's':
		return w.setItem()
	case '0':
		return w.popN(1)
	case 0x94:
		if len(w.stack) == 0 || w.stack[len(w.stack)-1].mark {
			return fmt.Errorf("MEMOIZE with nothing on the stack")
		}
		w.memo = append(w.memo, w.stack[len(w.stack)-1])
	case 0x93:
		return w.stackGlobal()
	case 'R', 0x81:
		return w.call()
	default:
		return fmt.Errorf("unhandled opcode")
	}
	return nil
}

func (w *walker) setItem() error {
	if err := w.popN(2); err != nil {
		return err
	}
	if _, err := w.pop(); err != nil {
		return err
	}
	w.push(item{})
	return nil
}

func (w *walker) stackGlobal() error {
	name, err := w.pop()
	if err != nil {
		return err
	}
	module, err := w.pop()
	if err != nil {
		return err
	}
	if name.str == nil || module.str == nil {
		return fmt.Errorf("STACK_GLOBAL on non-strings")
	}
	for _, g := range rowenc.AllowedGlobals {
		if g[0] == *module.str && g[1] == *name.str {
			w.push(item{global: g[0] + "." + g[1]})
			return nil
		}
	}
	return fmt.Errorf("global %s.%s is not allowed", *module.str, *name.str)
}

func (w *walker) call() error {
	if _, err := w.pop(); err != nil {
		return err
	}
	callable, err := w.pop()
	if err != nil {
		return err
	}
	if callable.global == "" {
		return fmt.Errorf("call of something that is not an allowed global")
	}
	w.push(item{})
	return nil
}
