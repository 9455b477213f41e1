package rowenc_test

import (
	"database/sql/driver"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pickletest"
)

func col(dbType string) rowenc.Column {
	m := rowenc.Meta{Name: "c", DatabaseType: dbType, Nullable: true}
	switch dbType {
	case "DATETIME2", "TIME", "DATETIMEOFFSET":
		m.Scale, m.HasPrecision = 7, true
	case "DECIMAL":
		m.Precision, m.Scale, m.HasPrecision = 18, 4, true
	}
	return rowenc.NewColumn(m)
}

var wireGUID = []byte{0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0}

func encode(opts rowenc.Options, cols []rowenc.Column, rows ...[]any) []byte {
	e := rowenc.NewEncoder(cols, opts)
	e.Begin()
	for _, r := range rows {
		e.Add(values(r))
	}
	return e.Finish()
}

func TestPickleValuesInPython(t *testing.T) {
	plus530 := time.FixedZone("", 5*3600+30*60)
	minus8 := time.FixedZone("", -8*3600)
	cases := []struct {
		db   string
		v    any
		want string
	}{
		{"INT", int64(0), "0"},
		{"INT", int64(255), "255"},
		{"INT", int64(256), "256"},
		{"INT", int64(65536), "65536"},
		{"INT", int64(-1), "-1"},
		{"BIGINT", int64(math.MaxInt64), "9223372036854775807"},
		{"BIGINT", int64(math.MinInt64), "-9223372036854775808"},
		{"BIGINT", int64(math.MaxInt32 + 1), "2147483648"},
		{"BIGINT", int64(math.MinInt32), "-2147483648"},
		{"BIT", true, "True"},
		{"BIT", false, "False"},
		{"FLOAT", 1.5, "1.5"},
		{"FLOAT", math.Copysign(0, -1), "-0.0"},
		{"FLOAT", math.MaxFloat64, "1.7976931348623157e+308"},
		{"REAL", float64(float32(0.1)), "0.10000000149011612"},
		{"DECIMAL", []byte("-123.4500"), "Decimal('-123.4500')"},
		{"MONEY", []byte("922337203685477.5807"), "Decimal('922337203685477.5807')"},
		{"DECIMAL", []byte("99999999999999999999999999999999999999"), "Decimal('99999999999999999999999999999999999999')"},
		{"NVARCHAR", "", "''"},
		{"NVARCHAR", "héllo wörld", "'héllo wörld'"},
		{"NVARCHAR", "😀 beyond the BMP", "'😀 beyond the BMP'"},
		{"NVARCHAR", "bad \xff utf8", "'bad \uFFFD utf8'"},
		{"NVARCHAR", strings.Repeat("x", 300), "'" + strings.Repeat("x", 300) + "'"},
		{"VARCHAR", "a'b\"c\\d\n", `'a\'b"c\\d\n'`},
		{"VARBINARY", []byte{0, 1, 255}, "b'\\x00\\x01\\xff'"},
		{"VARBINARY", []byte{}, "b''"},
		{"DATE", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "datetime.date(2024, 2, 29)"},
		{"DATE", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "datetime.date(1, 1, 1)"},
		{"DATE", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "datetime.date(9999, 12, 31)"},
		{"TIME", time.Date(1, 1, 1, 23, 59, 59, 999999900, time.UTC), "datetime.time(23, 59, 59, 999999)"},
		{"TIME", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "datetime.time(0, 0)"},
		{"DATETIME2", time.Date(2024, 12, 31, 23, 59, 59, 1234567*100, time.UTC), "datetime.datetime(2024, 12, 31, 23, 59, 59, 123456)"},
		{"DATETIME", time.Date(1753, 1, 1, 0, 0, 0, 3_000_000, time.UTC), "datetime.datetime(1753, 1, 1, 0, 0, 0, 3000)"},
		{"DATETIMEOFFSET", time.Date(2024, 1, 2, 3, 4, 5, 6000, plus530), "datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))"},
		{"DATETIMEOFFSET", time.Date(2024, 1, 2, 3, 4, 5, 0, minus8), "datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=57600)))"},
		{"DATETIMEOFFSET", time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 0)), "datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)"},
		{"UNIQUEIDENTIFIER", wireGUID, "UUID('12345678-1234-5678-1234-56789abcdef0')"},
		{"UNIQUEIDENTIFIER", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "UUID('ffffffff-ffff-ffff-ffff-ffffffffffff')"},
		{"SQL_VARIANT", int64(7), "7"},
		{"SQL_VARIANT", "s", "'s'"},
		{"SQL_VARIANT", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "datetime.datetime(2020, 1, 1, 0, 0)"},
		{"INT", nil, "None"},
		{"INT", "not an int", "'not an int'"},
		{"DATE", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "'10000-01-01T00:00:00Z'"},
	}
	var streams [][]byte
	for _, tc := range cases {
		streams = append(streams, encode(rowenc.Options{Format: rowenc.FormatPickle, Tuples: true}, []rowenc.Column{col(tc.db)}, []any{tc.v}))
	}
	got := pickletest.Python(t, streams...)
	require.Len(t, got, len(cases))
	for i, tc := range cases {
		_, err := pickletest.Walk(streams[i])
		assert.NoError(t, err, tc.db)
		assert.Equal(t, "[("+tc.want+",)]", got[i], "%s %v", tc.db, tc.v)
	}
}

func TestRowsAndOptions(t *testing.T) {
	cols := []rowenc.Column{col("INT"), col("NVARCHAR"), col("UNIQUEIDENTIFIER"), col("DATETIMEOFFSET")}
	off := time.FixedZone("", 3600)
	rows := [][]any{
		{int64(1), "a", wireGUID, time.Date(2020, 1, 1, 0, 0, 0, 0, off)},
		{int64(2), nil, wireGUID, time.Date(2021, 1, 1, 0, 0, 0, 0, off)},
		{nil, "c", nil, nil},
	}
	asRows := encode(rowenc.Options{Format: rowenc.FormatPickle}, cols, rows...)
	asTuples := encode(rowenc.Options{Format: rowenc.FormatPickle, Tuples: true, UUIDStr: true}, cols, rows...)
	narrow := encode(rowenc.Options{Format: rowenc.FormatPickle}, []rowenc.Column{col("INT"), col("INT")}, []any{int64(1), int64(2)})
	got := pickletest.Python(t, asRows, asTuples, narrow)
	tz := "tzinfo=datetime.timezone(datetime.timedelta(seconds=3600))"
	assert.Equal(t, "[Row(1, 'a', UUID('12345678-1234-5678-1234-56789abcdef0'), datetime.datetime(2020, 1, 1, 0, 0, "+tz+")), "+
		"Row(2, None, UUID('12345678-1234-5678-1234-56789abcdef0'), datetime.datetime(2021, 1, 1, 0, 0, "+tz+")), "+
		"Row(None, 'c', None, None)]", got[0])
	assert.Equal(t, "[(1, 'a', '12345678-1234-5678-1234-56789ABCDEF0', datetime.datetime(2020, 1, 1, 0, 0, "+tz+")), "+
		"(2, None, '12345678-1234-5678-1234-56789ABCDEF0', datetime.datetime(2021, 1, 1, 0, 0, "+tz+")), "+
		"(None, 'c', None, None)]", got[1])
	assert.Equal(t, "[Row(1, 2)]", got[2])
	// the time zone is built once per stream and reused
	assert.Equal(t, 1, strings.Count(string(asRows), "timedelta"))
}

func TestEmptyBatchAndManyColumns(t *testing.T) {
	var cols []rowenc.Column
	row := []any{}
	for i := 0; i < 300; i++ {
		cols = append(cols, col("INT"))
		row = append(row, int64(i))
	}
	empty := encode(rowenc.Options{Format: rowenc.FormatPickle}, cols)
	wide := encode(rowenc.Options{Format: rowenc.FormatPickle}, cols, row, row)
	for _, s := range [][]byte{empty, wide} {
		_, err := pickletest.Walk(s)
		require.NoError(t, err)
	}
	got := pickletest.Python(t, empty, wide)
	assert.Equal(t, "[]", got[0])
	assert.True(t, strings.HasPrefix(got[1], "[Row(0, 1, 2,"))
}

func TestLargeValue(t *testing.T) {
	big := strings.Repeat("é", 5<<20) // 10 MB of UTF-8
	s := encode(rowenc.Options{Format: rowenc.FormatPickle}, []rowenc.Column{col("NVARCHAR")}, []any{big})
	_, err := pickletest.Walk(s)
	require.NoError(t, err)
	assert.Greater(t, len(s), 10<<20)
}

func TestPlainLayout(t *testing.T) {
	cols := []rowenc.Column{col("INT"), col("FLOAT"), col("NVARCHAR"), col("VARBINARY"), col("BIT"),
		col("DECIMAL"), col("UNIQUEIDENTIFIER"), col("DATETIME2"), col("DATETIMEOFFSET"), col("DATE"), col("TIME")}
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123456700, time.FixedZone("", -90*60))
	b := encode(rowenc.Options{Format: rowenc.FormatPlain}, cols,
		[]any{int64(-5), 2.5, "hé", []byte{1, 2}, true, []byte("1.2500"), wireGUID, ts.In(time.UTC), ts, ts, ts},
		[]any{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil})
	r := &plainReader{b: b}
	assert.Equal(t, uint32(2), r.u32())
	assert.Equal(t, uint32(11), r.u32())
	assert.Equal(t, []any{int64(-5), 2.5, "hé", []byte{1, 2}, true, "1.2500", "12345678-1234-5678-1234-56789ABCDEF0",
		"2024-02-29T14:44:15.1234567", "2024-02-29T13:14:15.1234567-01:30", "2024-02-29", "13:14:15.1234567"}, r.cells(11))
	assert.Equal(t, make([]any, 11), r.cells(11))
	assert.Equal(t, len(b), r.pos)
}

func values(r []any) []driver.Value {
	out := make([]driver.Value, len(r))
	for i, v := range r {
		out[i] = v
	}
	return out
}

type plainReader struct {
	b   []byte
	pos int
}

func (r *plainReader) u32() uint32 {
	v := binary.LittleEndian.Uint32(r.b[r.pos:])
	r.pos += 4
	return v
}

func (r *plainReader) cells(n int) []any {
	out := make([]any, n)
	for i := range out {
		tag := r.b[r.pos]
		r.pos++
		switch tag {
		case rowenc.TagInt:
			out[i] = int64(binary.LittleEndian.Uint64(r.b[r.pos:]))
			r.pos += 8
		case rowenc.TagFloat:
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.pos:]))
			r.pos += 8
		case rowenc.TagText, rowenc.TagBinary:
			l := int(r.u32())
			v := r.b[r.pos : r.pos+l]
			r.pos += l
			if tag == rowenc.TagText {
				out[i] = string(v)
			} else {
				out[i] = append([]byte{}, v...)
			}
		case rowenc.TagBool:
			out[i] = r.b[r.pos] == 1
			r.pos++
		}
	}
	return out
}
