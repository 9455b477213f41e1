package tds

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func typ(k sqltype.Kind) sqltype.Type { return sqltype.Type{Kind: k} }

// seedValues has a canonical value of every kind.
func seedValues() []sqltype.Variant {
	zone := time.FixedZone("+01:30", 90*60)
	return []sqltype.Variant{
		{Type: typ(sqltype.TinyInt), Value: int64(255)},
		{Type: typ(sqltype.SmallInt), Value: int64(-2)},
		{Type: typ(sqltype.Int), Value: int64(1 << 30)},
		{Type: typ(sqltype.BigInt), Value: int64(-1 << 62)},
		{Type: typ(sqltype.Bit), Value: false},
		{Type: sqltype.Type{Kind: sqltype.Decimal, Precision: 18, Scale: 4}, Value: "-12.3400"},
		{Type: sqltype.Type{Kind: sqltype.Numeric, Precision: 38, Scale: 0}, Value: "99999999999999999999999999999999999999"},
		{Type: typ(sqltype.Money), Value: "1.0001"},
		{Type: typ(sqltype.SmallMoney), Value: "-0.0001"},
		{Type: typ(sqltype.Real), Value: 0.25},
		{Type: typ(sqltype.Float), Value: -1e300},
		{Type: sqltype.Type{Kind: sqltype.Char, Length: 3}, Value: "ab "},
		{Type: sqltype.Type{Kind: sqltype.VarChar, Length: sqltype.Max}, Value: "\u20ac" + strings.Repeat("z", 9000)},
		{Type: typ(sqltype.Text), Value: "t"},
		{Type: sqltype.Type{Kind: sqltype.NChar, Length: 2}, Value: "\u00e9 "},
		{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 4}, Value: "\U0001F600"},
		{Type: typ(sqltype.NText), Value: ""},
		{Type: sqltype.Type{Kind: sqltype.Binary, Length: 2}, Value: []byte{1, 2}},
		{Type: sqltype.Type{Kind: sqltype.VarBinary, Length: sqltype.Max}, Value: []byte{}},
		{Type: typ(sqltype.Image), Value: []byte{0}},
		{Type: typ(sqltype.Date), Value: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Type: sqltype.Type{Kind: sqltype.Time, Scale: 7}, Value: time.Date(1, 1, 1, 23, 59, 59, 999999900, time.UTC)},
		{Type: typ(sqltype.DateTime), Value: time.Date(9999, 12, 31, 23, 59, 59, 996666667, time.UTC)},
		{Type: typ(sqltype.SmallDateTime), Value: time.Date(1900, 1, 1, 0, 1, 0, 0, time.UTC)},
		{Type: sqltype.Type{Kind: sqltype.DateTime2, Scale: 0}, Value: time.Date(2000, 2, 29, 12, 0, 1, 0, time.UTC)},
		{Type: sqltype.Type{Kind: sqltype.DateTimeOffset, Scale: 7}, Value: time.Date(2000, 2, 29, 12, 0, 1, 100, zone)},
		{Type: typ(sqltype.UniqueIdentifier), Value: [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
		{Type: typ(sqltype.Xml), Value: "<x/>"},
		{Type: typ(sqltype.SQLVariant), Value: sqltype.Variant{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 5}, Value: "v"}},
		{Type: typ(sqltype.SQLVariant), Value: sqltype.Variant{Type: sqltype.Type{Kind: sqltype.DateTime2, Scale: 3}, Value: time.Date(2020, 1, 1, 0, 0, 0, 5000000, time.UTC)}},
	}
}

func TestValueRoundTripEveryKindBothModes(t *testing.T) {
	for _, mode := range []ValueMode{RowMode, ParamMode} {
		for _, nullable := range []bool{false, true} {
			for _, v := range seedValues() {
				ti, err := ForType(v.Type, nullable, nil)
				require.NoError(t, err, v.Type)
				b := AppendTypeInfo(nil, &ti)
				b, err = AppendValue(b, &ti, v.Value, mode)
				require.NoError(t, err, v.Type)
				c := NewCursor(b)
				back, err := ReadTypeInfo(c)
				require.NoError(t, err, v.Type)
				assert.Equal(t, v.Type, back.Type, "type info of %s", v.Type)
				got, err := ReadValue(c, &back, mode)
				require.NoError(t, err, v.Type)
				assert.Equal(t, v.Value, got, "%s nullable=%v mode=%d", v.Type, nullable, mode)
				assert.Zero(t, c.Remaining())
				if nullable {
					b, err = AppendValue(nil, &ti, nil, mode)
					require.NoError(t, err)
					got, err = ReadValue(NewCursor(b), &back, mode)
					require.NoError(t, err)
					assert.Nil(t, got, "NULL %s", v.Type)
				}
			}
		}
	}
}

func encodeOne(t *testing.T, ty sqltype.Type, v any) (any, error) {
	ti, err := ForType(ty, true, nil)
	require.NoError(t, err)
	b, err := AppendValue(nil, &ti, v, RowMode)
	if err != nil {
		return nil, err
	}
	return ReadValue(NewCursor(b), &ti, RowMode)
}

func TestConversionsRoundLikeSQLServer(t *testing.T) {
	dec := sqltype.Type{Kind: sqltype.Decimal, Precision: 5, Scale: 2}
	cases := []struct {
		ty   sqltype.Type
		in   any
		want any
	}{
		{dec, "1.005", "1.01"},
		{dec, "-1.005", "-1.01"},
		{dec, "-0.001", "0.00"},
		{dec, ".5", "0.50"},
		{dec, int64(3), "3.00"},
		{typ(sqltype.Money), "0.00005", "0.0001"},
		{typ(sqltype.SmallDateTime), time.Date(2000, 1, 1, 10, 0, 29, 998000000, time.UTC), time.Date(2000, 1, 1, 10, 1, 0, 0, time.UTC)},
		{typ(sqltype.SmallDateTime), time.Date(2000, 1, 1, 10, 0, 29, 997000000, time.UTC), time.Date(2000, 1, 1, 10, 0, 0, 0, time.UTC)},
		{typ(sqltype.DateTime), time.Date(2000, 1, 1, 23, 59, 59, 999000000, time.UTC), time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)},
		{sqltype.Type{Kind: sqltype.DateTime2, Scale: 1}, time.Date(2000, 12, 31, 23, 59, 59, 960000000, time.UTC), time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)},
		{sqltype.Type{Kind: sqltype.Time, Scale: 0}, time.Date(1, 1, 1, 23, 59, 59, 600000000, time.UTC), time.Date(1, 1, 1, 23, 59, 59, 0, time.UTC)},
		{typ(sqltype.UniqueIdentifier), "01020304-0506-0708-090a-0b0c0d0e0f10", [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
		{sqltype.Type{Kind: sqltype.VarChar, Length: 10}, "\u4e2d", "?"},
	}
	for _, c := range cases {
		got, err := encodeOne(t, c.ty, c.in)
		require.NoError(t, err, "%s %v", c.ty, c.in)
		assert.Equal(t, c.want, got, "%s %v", c.ty, c.in)
	}
}

func TestEncodingErrors(t *testing.T) {
	cases := []struct {
		ty sqltype.Type
		in any
	}{
		{typ(sqltype.TinyInt), int64(256)},
		{typ(sqltype.Int), "1"},
		{sqltype.Type{Kind: sqltype.Decimal, Precision: 3, Scale: 1}, "100.0"},
		{sqltype.Type{Kind: sqltype.Decimal, Precision: 3, Scale: 1}, "1e5"},
		{typ(sqltype.SmallMoney), "214748.3648"},
		{sqltype.Type{Kind: sqltype.VarChar, Length: 2}, "abc"},
		{sqltype.Type{Kind: sqltype.NVarChar, Length: 1}, "\U0001F600"},
		{typ(sqltype.DateTime), time.Date(1752, 12, 31, 0, 0, 0, 0, time.UTC)},
		{typ(sqltype.SmallDateTime), time.Date(2079, 6, 7, 0, 0, 0, 0, time.UTC)},
		{typ(sqltype.Float), 1.0 / zero()},
		{typ(sqltype.SQLVariant), "plain"},
		{typ(sqltype.SQLVariant), sqltype.Variant{Type: typ(sqltype.Xml), Value: "<a/>"}},
	}
	for _, c := range cases {
		_, err := encodeOne(t, c.ty, c.in)
		assert.Error(t, err, "%s %v", c.ty, c.in)
	}
	ti, err := ForType(typ(sqltype.Int), false, nil)
	require.NoError(t, err)
	_, err = AppendValue(nil, &ti, nil, RowMode)
	assert.Error(t, err, "NULL in a fixed-length type")
}

func zero() float64 { return 0 }

func TestNBCRowOnlyWithNulls(t *testing.T) {
	cols, err := NewColumns([]sqltype.Column{{Name: "a", Type: typ(sqltype.Int), Nullable: true}, {Name: "b", Type: typ(sqltype.Int), Nullable: true}})
	require.NoError(t, err)
	row, err := AppendRow(nil, cols, []any{int64(1), int64(2)})
	require.NoError(t, err)
	assert.Equal(t, byte(TokenRow), row[0])
	row, err = AppendRow(nil, cols, []any{nil, int64(2)})
	require.NoError(t, err)
	assert.Equal(t, []byte{TokenNBCRow, 0x01, 4, 2, 0, 0, 0}, row)
	_, err = AppendRow(nil, cols, []any{int64(1)})
	assert.Error(t, err, "wrong arity")
}

func TestCP1252(t *testing.T) {
	s := "\u20ac\u0160\u00ff\u0081A"
	b := DefaultCollation.Encode(nil, s)
	assert.Equal(t, []byte{0x80, 0x8A, 0xFF, 0x81, 'A'}, b)
	assert.Equal(t, s, DefaultCollation.Decode(b))
	utf8Coll := Collation{0x09, 0x04, 0xD0, 0x04, 0x00}
	assert.True(t, utf8Coll.UTF8())
	assert.Equal(t, []byte("\u20ac"), utf8Coll.Encode(nil, "\u20ac"))
}

// The 64-bit path of decimal encoding gives the bytes the big-integer
// path gives, rounding and range errors included.
func TestDecimalFastPathMatchesBigPath(t *testing.T) {
	inputs := []string{"0", "-0", "-0.00", "+1.5", "1.25", "1.2549", "1.2550", "-1.2550", "12345678901234.5678",
		"99999999999999.99995", "-99999999999999.99994", ".5", "5.", "0.00005", "123", "1e5", " 1", "1 ", "--1", "+-1",
		"", ".", "-", "9999999999999999999", "18446744073709551615", "99999.9", "100000", "0.000049999"}
	for _, tt := range []sqltype.Type{{Kind: sqltype.Decimal, Precision: 18, Scale: 4}, {Kind: sqltype.Decimal, Precision: 5, Scale: 0},
		{Kind: sqltype.Numeric, Precision: 38, Scale: 4}, {Kind: sqltype.Decimal, Precision: 19, Scale: 0}, {Kind: sqltype.Decimal, Precision: 9, Scale: 9}} {
		ti, err := ForType(tt, true, nil)
		require.NoError(t, err)
		for _, in := range inputs {
			fast, fastErr := encodeDecimal(nil, &ti, in)
			n, err := parseDecimalValue(in, int(ti.Scale))
			var slow []byte
			var slowErr error
			if err != nil {
				slowErr = err
			} else {
				slow, slowErr = encodeDecimalBig(nil, &ti, in, n)
			}
			assert.Equal(t, slowErr != nil, fastErr != nil, "%s %q: %v / %v", tt, in, fastErr, slowErr)
			if slowErr == nil {
				assert.Equal(t, slow, fast, "%s %q", tt, in)
			}
		}
	}
}

func TestAppendUCS2(t *testing.T) {
	for _, s := range []string{"", "abc", "Zürich-1", "日本語 😀", "a\xffb", "\xed\xa0\x80", strings.Repeat("x", 5000) + "é"} {
		var want []byte
		for _, r := range s {
			for _, u := range utf16.Encode([]rune{r}) {
				want = append(want, byte(u), byte(u>>8))
			}
		}
		got := AppendUCS2([]byte{9}, s)
		assert.Equal(t, append([]byte{9}, want...), got, "%q", s)
		assert.Equal(t, len(want)/2, UCS2Len(s))
	}
}

func TestNCharsRejectInvalidUTF8(t *testing.T) {
	ti, err := ForType(sqltype.Type{Kind: sqltype.NVarChar, Length: sqltype.Max}, true, nil)
	require.NoError(t, err)
	for _, bad := range []string{"a\xffb", "\xed\xa0\x80", "ok\xc3"} {
		out, err := AppendValue([]byte{7}, &ti, bad, RowMode)
		assert.Error(t, err, "%q", bad)
		assert.Equal(t, []byte{7}, out)
	}
	out, err := AppendValue(nil, &ti, "\uFFFDé", RowMode)
	require.NoError(t, err)
	assert.Equal(t, []byte{0xFD, 0xFF, 0xE9, 0}, out[12:16])
}

func BenchmarkAppendUCS2(b *testing.B) {
	s := strings.Repeat("0123456789", 1000)
	buf := make([]byte, 0, 2*len(s))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = AppendUCS2(buf[:0], s)
	}
}
