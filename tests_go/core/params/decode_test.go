package params_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pbuf"
)

func TestEmptyBufferMeansNoParameters(t *testing.T) {
	s, err := params.Decode(nil)
	require.NoError(t, err)
	assert.Empty(t, s.Columns)
	assert.Equal(t, 1, s.Rows)
	s, err = params.Decode(pbuf.Build(1))
	require.NoError(t, err)
	assert.Empty(t, s.Columns)
}

func TestDecodeEveryType(t *testing.T) {
	uuid := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	dt := pbuf.DateTime{Date: pbuf.Date{Year: 2024, Month: 2, Day: 29}, Time: pbuf.Time{Hour: 23, Minute: 59, Second: 58, Nanosecond: 123456700}}
	buf := pbuf.One(
		pbuf.V(params.Null, nil),
		pbuf.V(params.Bit, true),
		pbuf.V(params.TinyInt, int64(255)),
		pbuf.V(params.SmallInt, int64(-32768)),
		pbuf.V(params.Int, int64(math.MaxInt32)),
		pbuf.V(params.BigInt, int64(math.MinInt64)),
		pbuf.V(params.Real, 1.5),
		pbuf.V(params.Float, -2.25),
		pbuf.V(params.Decimal, "-123.4500"),
		pbuf.V(params.Money, "922337203685477.5807"),
		pbuf.V(params.SmallMoney, "1.25"),
		pbuf.V(params.VarChar, "abc"),
		pbuf.V(params.NVarChar, "日本\xed\xa0\x80"),
		pbuf.V(params.Binary, []byte{0, 1}),
		pbuf.V(params.VarBinary, []byte{}),
		pbuf.V(params.Date, dt.Date),
		pbuf.V(params.Time, dt.Time),
		pbuf.V(params.DateTime, dt),
		pbuf.V(params.SmallDateTime, dt),
		pbuf.V(params.DateTime2, dt),
		pbuf.V(params.DateTimeOffset, pbuf.DTO{DateTime: dt, Offset: -330}),
		pbuf.V(params.UniqueIdentifier, uuid),
		pbuf.V(params.XML, "<a/>"),
		pbuf.V(params.Char, "c"),
		pbuf.V(params.NChar, "n"),
		pbuf.V(params.Text, "t"),
		pbuf.V(params.NText, "nt"),
		pbuf.V(params.Image, []byte{9}),
	)
	s, err := params.Decode(buf)
	require.NoError(t, err)
	require.Len(t, s.Columns, 28)
	c := s.Columns
	assert.True(t, c[0].IsNull(0))
	assert.True(t, c[1].Bool(0))
	assert.Equal(t, int64(255), c[2].Int(0))
	assert.Equal(t, int64(-32768), c[3].Int(0))
	assert.Equal(t, int64(math.MaxInt32), c[4].Int(0))
	assert.Equal(t, int64(math.MinInt64), c[5].Int(0))
	assert.Equal(t, 1.5, c[6].Float(0))
	assert.Equal(t, -2.25, c[7].Float(0))
	assert.Equal(t, "-123.4500", c[8].Text(0))
	assert.Equal(t, "abc", c[11].Text(0))
	assert.Equal(t, "日本\xed\xa0\x80", c[12].Text(0))
	assert.Equal(t, []byte{0, 1}, c[13].Bytes(0))
	assert.Equal(t, []byte{}, c[14].Bytes(0))
	assert.Equal(t, 2024, c[15].Date(0).Year)
	assert.Equal(t, 29, c[15].Date(0).Day)
	assert.Equal(t, 123456700, c[16].Time(0).Nanosecond)
	assert.Equal(t, 58, c[19].DateTime(0).Time.Second)
	assert.Equal(t, -330, c[20].OffsetMinutes(0))
	assert.Equal(t, 23, c[20].DateTime(0).Time.Hour)
	assert.Equal(t, uuid, c[21].UUID(0))
	for i := 1; i < len(c); i++ {
		assert.False(t, c[i].IsNull(0), "column %d", i+1)
	}
}

func TestHeaderFields(t *testing.T) {
	buf := pbuf.One(pbuf.Col{Type: params.Decimal, Output: true, Fixed: true, Name: "amount", Size: 0, Precision: 18, Scale: 4, Values: []any{"1.5"}})
	s, err := params.Decode(buf)
	require.NoError(t, err)
	c := s.Columns[0]
	assert.True(t, c.Output)
	assert.True(t, c.Fixed)
	assert.Equal(t, "amount", c.Name)
	assert.Equal(t, uint8(18), c.Precision)
	assert.Equal(t, uint8(4), c.Scale)
}

func TestManyRowsWithNulls(t *testing.T) {
	buf := pbuf.Build(3,
		pbuf.Col{Type: params.Int, Values: []any{int64(1), nil, int64(3)}},
		pbuf.Col{Type: params.NVarChar, Values: []any{"a", "bb", nil}},
	)
	s, err := params.Decode(buf)
	require.NoError(t, err)
	assert.Equal(t, 3, s.Rows)
	assert.Equal(t, int64(3), s.Columns[0].Int(2))
	assert.True(t, s.Columns[0].IsNull(1))
	assert.True(t, s.Columns[0].HasNulls())
	assert.Equal(t, "bb", s.Columns[1].Text(1))
	assert.True(t, s.Columns[1].IsNull(2))
	assert.Equal(t, 2, s.Columns[1].MaxLen(3))
}

func decodeErr(t *testing.T, buf []byte) *params.Error {
	t.Helper()
	_, err := params.Decode(buf)
	var pe *params.Error
	require.ErrorAs(t, err, &pe)
	return pe
}

func TestMalformedBuffers(t *testing.T) {
	good := pbuf.One(pbuf.V(params.Int, int64(1)), pbuf.Col{Type: params.NVarChar, Name: "x", Values: []any{"hello"}})
	cases := map[string]struct {
		buf    []byte
		reason string
		column int
	}{
		"bad magic":        {append([]byte("MQP2"), good[4:]...), "bad magic", 0},
		"short header":     {good[:7], "truncated", 0},
		"zero rows":        {pbuf.Build(0), "row count is 0", 0},
		"too many columns": {binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32([]byte("MQP1"), 2101), 1), "2101 columns", 0},
		"truncated values": {good[:len(good)-1], "truncated", 2},
		"trailing bytes":   {append(append([]byte{}, good...), 0), "bytes after the last column", 0},
		"unknown type":     {patch(good, 12, 99), "unknown type code 99", 1},
		"unknown flag":     {patch(good, 13, 0x80), "unknown flag bits", 1},
		"bad null flag":    {patch(good, 22, 2), "null flag", 1},
		"bad size":         {pbuf.One(pbuf.Col{Type: params.VarChar, Size: -2, Values: []any{"a"}}), "size -2", 1},
		"precision 39":     {pbuf.One(pbuf.Col{Type: params.Decimal, Precision: 39, Values: []any{"1"}}), "precision 39", 1},
		"scale > prec":     {pbuf.One(pbuf.Col{Type: params.Decimal, Precision: 5, Scale: 6, Values: []any{"1"}}), "scale 6", 1},
		"time scale 8":     {pbuf.One(pbuf.Col{Type: params.Time, Scale: 8, Values: []any{pbuf.Time{}}}), "scale 8", 1},
		"bad name":         {pbuf.One(pbuf.Col{Type: params.Int, Name: "x; DROP TABLE t--", Values: []any{int64(1)}}), "not a valid parameter name", 1},
		"digit first name": {pbuf.One(pbuf.Col{Type: params.Int, Name: "1x", Values: []any{int64(1)}}), "not a valid parameter name", 1},
		"long name":        {pbuf.One(pbuf.Col{Type: params.Int, Name: string(make([]byte, 128)), Values: []any{int64(1)}}), "longer than 127", 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			pe := decodeErr(t, tc.buf)
			assert.Contains(t, pe.Error(), tc.reason)
			assert.Equal(t, tc.column, pe.Column)
			assert.False(t, pe.Value)
		})
	}
}

func TestLengthsPastTheEnd(t *testing.T) {
	buf := pbuf.One(pbuf.V(params.VarBinary, []byte{1, 2, 3}))
	// the length table is the 4 bytes before the data
	binary.LittleEndian.PutUint32(buf[len(buf)-7:], 0xFFFFFFF0)
	pe := decodeErr(t, buf)
	assert.Contains(t, pe.Error(), "past the end")
}

func TestHugeRowCountDoesNotAllocate(t *testing.T) {
	b := binary.LittleEndian.AppendUint32([]byte("MQP1"), 1)
	b = binary.LittleEndian.AppendUint32(b, 0xFFFFFFFF)
	b = append(b, byte(params.VarChar), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	pe := decodeErr(t, b)
	assert.Contains(t, pe.Error(), "truncated")
}

func TestValueErrors(t *testing.T) {
	cases := map[string]struct {
		col    pbuf.Col
		reason string
	}{
		"bit 2":         {pbuf.V(params.Bit, nil), ""},
		"tinyint -1":    {pbuf.V(params.TinyInt, int64(-1)), "out of range for TINYINT"},
		"tinyint 256":   {pbuf.V(params.TinyInt, int64(256)), "out of range for TINYINT"},
		"smallint":      {pbuf.V(params.SmallInt, int64(32768)), "out of range for SMALLINT"},
		"int":           {pbuf.V(params.Int, int64(math.MinInt32-1)), "out of range for INT"},
		"nan":           {pbuf.V(params.Float, math.NaN()), "NaN"},
		"inf":           {pbuf.V(params.Float, math.Inf(-1)), "NaN and infinity"},
		"real overflow": {pbuf.V(params.Real, 1e39), "out of range for REAL"},
		"decimal text":  {pbuf.V(params.Decimal, "12a"), "not [+-]digits"},
		"decimal exp":   {pbuf.V(params.Decimal, "1E+5"), "not [+-]digits"},
		"decimal empty": {pbuf.V(params.Decimal, "-"), "not [+-]digits"},
		"decimal 2dots": {pbuf.V(params.Decimal, "1.2.3"), "not [+-]digits"},
		"decimal 39":    {pbuf.V(params.Decimal, "1234567890123456789012345678901234567890"), "precision above 38"},
		"decimal frac":  {pbuf.V(params.Decimal, "0.000000000000000000000000000000000000001"), "precision above 38"},
		"varchar utf8":  {pbuf.V(params.VarChar, "\xff"), "not valid UTF-8"},
		"varchar surr":  {pbuf.V(params.VarChar, "\xed\xa0\x80"), "not valid UTF-8"},
		"nvarchar bad":  {pbuf.V(params.NVarChar, "\xc3"), "not valid UTF-8 (WTF-8)"},
		"xml bad":       {pbuf.V(params.XML, "\x80"), "not valid UTF-8"},
		"month 13":      {pbuf.V(params.Date, pbuf.Date{Year: 2020, Month: 13, Day: 1}), "date out of range"},
		"feb 30":        {pbuf.V(params.Date, pbuf.Date{Year: 2021, Month: 2, Day: 30}), "date out of range"},
		"year 0":        {pbuf.V(params.Date, pbuf.Date{Year: 0, Month: 1, Day: 1}), "date out of range"},
		"year 10000":    {pbuf.V(params.DateTime2, pbuf.DateTime{Date: pbuf.Date{Year: 10000, Month: 1, Day: 1}}), "date out of range"},
		"hour 24":       {pbuf.V(params.Time, pbuf.Time{Hour: 24}), "time of day"},
		"ns 1e9":        {pbuf.V(params.DateTime2, pbuf.DateTime{Date: pbuf.Date{Year: 1, Month: 1, Day: 1}, Time: pbuf.Time{Nanosecond: 1e9}}), "time of day"},
		"offset":        {pbuf.V(params.DateTimeOffset, pbuf.DTO{DateTime: pbuf.DateTime{Date: pbuf.Date{Year: 2000, Month: 1, Day: 1}}, Offset: 841}), "UTC offset"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			buf := pbuf.Build(2, pbuf.V(params.Int, nil), tc.col)
			if name == "bit 2" {
				buf = pbuf.One(pbuf.V(params.Bit, true))
				buf[len(buf)-1] = 2
				tc.reason = "neither 0 nor 1"
			} else {
				// the bad value is in row 1; row 2 is NULL
				buf = pbuf.Build(2, pbuf.Col{Type: params.Int, Values: []any{int64(1), int64(2)}},
					pbuf.Col{Type: tc.col.Type, Name: "v", Values: []any{tc.col.Values[0], nil}})
			}
			pe := decodeErr(t, buf)
			assert.True(t, pe.Value)
			assert.Contains(t, pe.Error(), tc.reason)
			assert.Equal(t, 1, pe.Row)
		})
	}
}

func TestDecimalLimitsAccepted(t *testing.T) {
	for _, v := range []string{"99999999999999999999999999999999999999", "-0.00000000000000000000000000000000000001", "0", "+1", ".5", "5.", "000000000000000000000000000000000000000001.5"} {
		_, err := params.Decode(pbuf.One(pbuf.V(params.Decimal, v)))
		assert.NoError(t, err, v)
	}
}

func TestErrorsNeverQuoteValues(t *testing.T) {
	pe := decodeErr(t, pbuf.One(pbuf.V(params.Decimal, "secret-value")))
	assert.NotContains(t, pe.Error(), "secret")
}

func FuzzDecode(f *testing.F) {
	f.Add(pbuf.One(pbuf.V(params.Int, int64(1)), pbuf.V(params.NVarChar, "x")))
	f.Add(pbuf.Build(2, pbuf.Col{Type: params.DateTimeOffset, Values: []any{nil, pbuf.DTO{}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := params.Decode(b)
		if err != nil {
			return
		}
		for i := range s.Columns {
			c := &s.Columns[i]
			for r := 0; r < s.Rows; r++ {
				if !c.IsNull(r) && c.Type.IsVariable() {
					_ = c.Bytes(r)
				}
			}
		}
	})
}

func patch(b []byte, at int, v byte) []byte {
	out := append([]byte{}, b...)
	out[at] = v
	return out
}
