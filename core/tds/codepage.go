package tds

import (
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// codePage converts char data of one code page to and from UTF-8.
// Single-byte code pages decode through a 256-entry table; double-byte
// ones through golang.org/x/text. Bytes below 0x80 are ASCII in all of
// them.
type codePage struct {
	id     int
	single *[256][4]byte // UTF-8 of each byte; [3] is its length
	enc    encoding.Encoding
}

var (
	codePagesMu sync.Mutex
	codePages   = map[int]*codePage{}
)

// encodingOf returns the x/text encoding of a Windows code page (nil for
// UTF-8 and unknown pages).
func encodingOf(id int) encoding.Encoding {
	switch id {
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	case 874:
		return charmap.Windows874
	case 932:
		return japanese.ShiftJIS
	case 936:
		return simplifiedchinese.GBK
	case 949:
		return korean.EUCKR
	case 950:
		return traditionalchinese.Big5
	case 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258:
		return []encoding.Encoding{charmap.Windows1250, charmap.Windows1251, charmap.Windows1252, charmap.Windows1253,
			charmap.Windows1254, charmap.Windows1255, charmap.Windows1256, charmap.Windows1257, charmap.Windows1258}[id-1250]
	}
	return nil
}

// codePageOf returns the converter of a code page. Collations without a
// code page (Unicode-only locales) and unknown pages read as 1252.
func codePageOf(id int) *codePage {
	if id == 0 || (id != 65001 && encodingOf(id) == nil) {
		id = 1252
	}
	codePagesMu.Lock()
	defer codePagesMu.Unlock()
	if cp := codePages[id]; cp != nil {
		return cp
	}
	cp := &codePage{id: id, enc: encodingOf(id)}
	if cm, ok := cp.enc.(*charmap.Charmap); ok {
		cp.single = singleByteTable(cm)
	}
	codePages[id] = cp
	return cp
}

func singleByteTable(cm *charmap.Charmap) *[256][4]byte {
	var t [256][4]byte
	for i := range t {
		n := utf8.EncodeRune(t[i][:3], cm.DecodeByte(byte(i)))
		t[i][3] = byte(n)
	}
	return &t
}

// isASCII reports whether b holds only bytes below 0x80.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if (uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16|uint64(b[3])<<24|uint64(b[4])<<32|
			uint64(b[5])<<40|uint64(b[6])<<48|uint64(b[7])<<56)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// decode appends the UTF-8 form of a whole value.
func (cp *codePage) decode(dst, src []byte) []byte {
	switch {
	case cp.id == 65001:
		return append(dst, src...)
	case cp.single != nil:
		for _, c := range src {
			e := &cp.single[c]
			dst = append(dst, e[:e[3]]...)
		}
		return dst
	}
	out, _, err := transform.Append(cp.enc.NewDecoder(), dst, src)
	if err != nil {
		return append(dst, src...)
	}
	return out
}

// encode appends text in this code page; characters it lacks become '?'.
func (cp *codePage) encode(dst []byte, s string) []byte {
	if cp.id == 65001 {
		return append(dst, s...)
	}
	out, _, err := transform.Append(encoding.ReplaceUnsupported(cp.enc.NewEncoder()), dst, []byte(s))
	if err != nil {
		return append(dst, s...)
	}
	return out
}

// cpStream converts char data of a code page that arrives in pieces,
// carrying an incomplete multi-byte character to the next piece.
type cpStream struct {
	cp    *codePage
	t     transform.Transformer
	carry [4]byte
	n     int
}

func (s *cpStream) reset(cp *codePage) {
	s.cp, s.n, s.t = cp, 0, nil
	if cp.single == nil && cp.id != 65001 {
		s.t = cp.enc.NewDecoder()
	}
}

// convert appends the UTF-8 of the complete characters of carry+src.
func (s *cpStream) convert(dst, src []byte) []byte {
	if s.cp.single != nil {
		return s.cp.decode(dst, src)
	}
	for s.n > 0 && len(src) > 0 {
		s.carry[s.n] = src[0]
		s.n++
		src = src[1:]
		if s.complete(s.carry[:s.n]) {
			dst = s.decodeSome(dst, s.carry[:s.n])
			s.n = 0
		}
	}
	if s.n > 0 {
		return dst
	}
	cut := len(src) - s.tail(src)
	dst = s.decodeSome(dst, src[:cut])
	s.n = copy(s.carry[:], src[cut:])
	return dst
}

// complete reports whether b is one whole character.
func (s *cpStream) complete(b []byte) bool {
	if s.cp.id == 65001 {
		return utf8.FullRune(b) || len(b) == 4
	}
	return len(b) >= 2 // double-byte code pages: a lead byte and one more
}

// tail is the length of an incomplete character at the end of b.
func (s *cpStream) tail(b []byte) int {
	if s.cp.id == 65001 {
		for k := 1; k <= 3 && k <= len(b); k++ {
			if c := b[len(b)-k]; c >= 0xC0 {
				if !utf8.FullRune(b[len(b)-k:]) {
					return k
				}
				return 0
			} else if c < 0x80 {
				return 0
			}
		}
		return 0
	}
	lead := 0 // double-byte: count from the start
	for i := 0; i < len(b); i++ {
		if s.cp.isLead(b[i]) {
			if i+1 == len(b) {
				lead = 1
			}
			i++
		}
	}
	return lead
}

func (s *cpStream) decodeSome(dst, src []byte) []byte {
	if s.t == nil {
		return append(dst, src...)
	}
	s.t.Reset()
	out, _, err := transform.Append(s.t, dst, src)
	if err != nil {
		return append(dst, src...)
	}
	return out
}

// flush appends what the carry holds at the end of the value.
func (s *cpStream) flush(dst []byte) []byte {
	if s.n > 0 {
		dst = s.decodeSome(dst, s.carry[:s.n])
		s.n = 0
	}
	return dst
}

// isLead reports a lead byte of a double-byte code page.
func (cp *codePage) isLead(c byte) bool {
	if cp.id == 932 { // Shift-JIS: 0xA1-0xDF are single-byte katakana
		return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)
	}
	return c >= 0x81 && c <= 0xFE
}
