package tds

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

func collation(lcid uint32, flags uint32, sortID byte) Collation {
	var c Collation
	binary.LittleEndian.PutUint32(c[:], lcid|flags)
	c[4] = sortID
	return c
}

func TestCollationCodePages(t *testing.T) {
	cases := []struct {
		c    Collation
		want int
	}{
		{collation(0x0409, 0x00D00000, 52), 1252}, // SQL_Latin1_General_CP1_CI_AS
		{collation(0x0409, 0x00D00000, 42), 850},  // SQL_Latin1_General_CP850_CI_AS
		{collation(0x0419, 0x00D00000, 0), 1251},  // Cyrillic_General_CI_AS
		{collation(0x0411, 0x00D00000, 0), 932},   // Japanese_CI_AS
		{collation(0x0804, 0, 0), 936},            // Chinese_PRC
		{collation(0x0404, 0, 0), 950},            // Chinese_Taiwan
		{collation(0x0412, 0, 0), 949},            // Korean
		{collation(0x041E, 0, 0), 874},            // Thai
		{collation(0x0408, 0, 0), 1253},           // Greek
		{collation(0x041F, 0, 0), 1254},           // Turkish
		{collation(0x081A, 0, 0), 1250},           // Serbian (Latin)
		{collation(0x0C1A, 0, 0), 1251},           // Serbian (Cyrillic)
		{collation(0x0409, collationUTF8, 0), 65001},
		{collation(0x0439, 0, 0), 0}, // Hindi: Unicode only
	}
	for _, tc := range cases {
		if got := tc.c.CodePage(); got != tc.want {
			t.Errorf("%v: code page %d, want %d", tc.c, got, tc.want)
		}
	}
}

// charResponse is a response with one varchar column of a collation (MAX
// when max) and one row holding value, sent in chunks of chunk bytes.
func charResponse(c Collation, max bool, value []byte, chunk int) []byte {
	b := []byte{tokColMetadata, 1, 0, 0, 0, 0, 0, 1, 0, TypeBigVarChar}
	if max {
		b = append(b, 0xFF, 0xFF)
	} else {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(value)))
	}
	b = append(append(b, c[:]...), 1, 'v', 0, tokRow)
	if !max {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(value)))
		b = append(b, value...)
	} else {
		b = appendPLP(b, value, chunk)
	}
	return appendDone(b, 0, 1)
}

func appendPLP(b, value []byte, chunk int) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(len(value)))
	for i := 0; i < len(value); i += chunk {
		end := min(i+chunk, len(value))
		b = binary.LittleEndian.AppendUint32(b, uint32(end-i))
		b = append(b, value[i:end]...)
	}
	return binary.LittleEndian.AppendUint32(b, 0)
}

// decodeOne reads a one-row, one-column response and returns the value.
func decodeOne(t *testing.T, payload []byte) any {
	t.Helper()
	c := newConn(&Config{}, &memConn{r: bytes.NewReader(packets(payload, 509))})
	c.state = stateReading
	c.rd.begin()
	var got any
	for {
		tok, err := c.resp.Next()
		if err != nil {
			t.Fatal(err)
		}
		switch tok {
		case TokenEnd:
			return got
		case TokenRow:
			v := make(Values, 1)
			if err := c.resp.ReadRow(v); err != nil {
				t.Fatal(err)
			}
			got = v[0]
		}
	}
}

func TestCodePageText(t *testing.T) {
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("日本語ｶﾀｶﾅとテキスト")
	cyr, _ := charmap.Windows1251.NewEncoder().String("Привет, мир")
	cases := []struct {
		name  string
		c     Collation
		value []byte
		want  string
	}{
		{"cp1251", collation(0x0419, 0, 0), []byte(cyr), "Привет, мир"},
		{"cp932", collation(0x0411, 0, 0), []byte(sjis), "日本語ｶﾀｶﾅとテキスト"},
		{"utf8", collation(0x0409, collationUTF8, 0), []byte("é 😀 ü"), "é 😀 ü"},
		{"cp1252 ascii", collation(0x0409, 0, 52), []byte("plain"), "plain"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := decodeOne(t, charResponse(tc.c, false, tc.value, 0)); got != tc.want {
				t.Errorf("varchar: %q, want %q", got, tc.want)
			}
			long := bytes.Repeat(tc.value, largeInline/len(tc.value)+3)
			want := strings.Repeat(tc.want, largeInline/len(tc.value)+3)
			for _, chunk := range []int{1, 2, 3, 7, 4096} {
				if got := decodeOne(t, charResponse(tc.c, true, long, chunk)); got != want {
					t.Errorf("varchar(max) in %d-byte chunks: got %d bytes, want %d", chunk, len(got.(string)), len(want))
				}
			}
		})
	}
}

func TestUTF16StreamSplitsAnywhere(t *testing.T) {
	text := strings.Repeat("a é 😀 日本 \U0001F600", 50)
	units := utf16.Encode([]rune(text))
	units = append(units, 0xD800, 'x', 0xDC00, 0xD801) // lone surrogates, one at the very end
	raw := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(raw[2*i:], u)
	}
	want := string(appendUTF16(nil, raw))
	for seed := int64(0); seed < 200; seed++ {
		rng := rand.New(rand.NewSource(seed))
		var s utf16Stream
		var got []byte
		for rest := raw; len(rest) > 0; {
			n := min(len(rest), 1+rng.Intn(9))
			got = s.convert(got, rest[:n])
			rest = rest[n:]
		}
		got = s.flush(got)
		if string(got) != want {
			t.Fatalf("seed %d: %q != %q", seed, got, want)
		}
	}
}
