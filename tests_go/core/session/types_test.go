package session_test

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pbuf"
	"github.com/mssql-python-go/mssql-python-go/tests_go/internal/pickletest"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

type roundTrip struct {
	name     string
	col      pbuf.Col
	typeName string // the type SELECT ? reports
	plain    any    // the value in the plain format
	python   string // repr() of the value in the pickle format
}

var dt = pbuf.DateTime{Date: pbuf.Date{Year: 2024, Month: 2, Day: 29}, Time: pbuf.Time{Hour: 13, Minute: 14, Second: 15, Nanosecond: 123456700}}
var guid = [16]byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0}

func col(t params.Type, v any) pbuf.Col { return pbuf.Col{Type: t, Values: []any{v}} }

var roundTrips = []roundTrip{
	{"bit true", col(params.Bit, true), "bit", true, "True"},
	{"bit false", col(params.Bit, false), "bit", false, "False"},
	{"tinyint 0", col(params.TinyInt, int64(0)), "tinyint", int64(0), "0"},
	{"tinyint 255", col(params.TinyInt, int64(255)), "tinyint", int64(255), "255"},
	{"smallint min", col(params.SmallInt, int64(math.MinInt16)), "smallint", int64(math.MinInt16), "-32768"},
	{"int max", col(params.Int, int64(math.MaxInt32)), "int", int64(math.MaxInt32), "2147483647"},
	{"int min", col(params.Int, int64(math.MinInt32)), "int", int64(math.MinInt32), "-2147483648"},
	{"bigint max", col(params.BigInt, int64(math.MaxInt64)), "bigint", int64(math.MaxInt64), "9223372036854775807"},
	{"bigint min", col(params.BigInt, int64(math.MinInt64)), "bigint", int64(math.MinInt64), "-9223372036854775808"},
	{"real", col(params.Real, 1.5), "real", 1.5, "1.5"},
	{"float", col(params.Float, -1.7976931348623157e308), "float", -1.7976931348623157e308, "-1.7976931348623157e+308"},
	{"float tiny", col(params.Float, 5e-324), "float", 5e-324, "5e-324"},
	{"decimal 38 digits", col(params.Decimal, "-12345678901234567890.123456789012345678"), "decimal", "-12345678901234567890.123456789012345678", "Decimal('-12345678901234567890.123456789012345678')"},
	{"decimal max", col(params.Decimal, "99999999999999999999999999999999999999"), "decimal", "99999999999999999999999999999999999999", "Decimal('99999999999999999999999999999999999999')"},
	{"decimal scale kept", pbuf.Col{Type: params.Decimal, Precision: 10, Scale: 4, Values: []any{"1.5"}}, "decimal", "1.5000", "Decimal('1.5000')"},
	{"money", col(params.Money, "922337203685477.5807"), "money", "922337203685477.5807", "Decimal('922337203685477.5807')"},
	{"smallmoney", col(params.SmallMoney, "214748.3647"), "smallmoney", "214748.3647", "Decimal('214748.3647')"},
	{"varchar ascii", col(params.VarChar, "hello"), "varchar", "hello", "'hello'"},
	{"varchar latin1", col(params.VarChar, "café"), "varchar", "café", "'café'"},
	{"varchar empty", col(params.VarChar, ""), "varchar", "", "''"},
	{"nvarchar bmp", col(params.NVarChar, "日本語 ñ"), "nvarchar", "日本語 ñ", "'日本語 ñ'"},
	{"nvarchar beyond bmp", col(params.NVarChar, "emoji 😀 and 𝄞"), "nvarchar", "emoji 😀 and 𝄞", "'emoji 😀 and 𝄞'"},
	{"nchar", pbuf.Col{Type: params.NChar, Size: 3, Values: []any{"ab"}}, "nchar", "ab ", "'ab '"},
	{"char", pbuf.Col{Type: params.Char, Size: 3, Values: []any{"ab"}}, "char", "ab ", "'ab '"},
	{"varbinary", col(params.VarBinary, []byte{0, 1, 2, 255}), "varbinary", []byte{0, 1, 2, 255}, "b'\\x00\\x01\\x02\\xff'"},
	{"varbinary empty", col(params.VarBinary, []byte{}), "varbinary", []byte{}, "b''"},
	{"binary", pbuf.Col{Type: params.Binary, Size: 4, Values: []any{[]byte{7}}}, "binary", []byte{7, 0, 0, 0}, "b'\\x07\\x00\\x00\\x00'"},
	{"date", col(params.Date, dt.Date), "date", "2024-02-29", "datetime.date(2024, 2, 29)"},
	{"date min", col(params.Date, pbuf.Date{Year: 1, Month: 1, Day: 1}), "date", "0001-01-01", "datetime.date(1, 1, 1)"},
	{"date max", col(params.Date, pbuf.Date{Year: 9999, Month: 12, Day: 31}), "date", "9999-12-31", "datetime.date(9999, 12, 31)"},
	{"time", col(params.Time, dt.Time), "time", "13:14:15.1234567", "datetime.time(13, 14, 15, 123456)"},
	{"datetime2", col(params.DateTime2, dt), "datetime2", "2024-02-29T13:14:15.1234567", "datetime.datetime(2024, 2, 29, 13, 14, 15, 123456)"},
	{"datetime2 max", col(params.DateTime2, pbuf.DateTime{Date: pbuf.Date{Year: 9999, Month: 12, Day: 31}, Time: pbuf.Time{Hour: 23, Minute: 59, Second: 59, Nanosecond: 999999900}}),
		"datetime2", "9999-12-31T23:59:59.9999999", "datetime.datetime(9999, 12, 31, 23, 59, 59, 999999)"},
	{"datetime", col(params.DateTime, pbuf.DateTime{Date: pbuf.Date{Year: 2020, Month: 1, Day: 2}, Time: pbuf.Time{Hour: 3, Minute: 4, Second: 5, Nanosecond: 7_000_000}}),
		"datetime", "2020-01-02T03:04:05.007", "datetime.datetime(2020, 1, 2, 3, 4, 5, 7000)"},
	{"smalldatetime", col(params.SmallDateTime, pbuf.DateTime{Date: pbuf.Date{Year: 2020, Month: 1, Day: 2}, Time: pbuf.Time{Hour: 3, Minute: 4}}),
		"smalldatetime", "2020-01-02T03:04:00", "datetime.datetime(2020, 1, 2, 3, 4)"},
	{"datetimeoffset", col(params.DateTimeOffset, pbuf.DTO{DateTime: dt, Offset: -330}), "datetimeoffset", "2024-02-29T13:14:15.1234567-05:30",
		"datetime.datetime(2024, 2, 29, 13, 14, 15, 123456, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=66600)))"},
	{"datetimeoffset +14", col(params.DateTimeOffset, pbuf.DTO{DateTime: dt, Offset: 840}), "datetimeoffset", "2024-02-29T13:14:15.1234567+14:00",
		"datetime.datetime(2024, 2, 29, 13, 14, 15, 123456, tzinfo=datetime.timezone(datetime.timedelta(seconds=50400)))"},
	{"uniqueidentifier", col(params.UniqueIdentifier, guid), "uniqueidentifier", "12345678-9ABC-DEF0-1234-56789ABCDEF0", "UUID('12345678-9abc-def0-1234-56789abcdef0')"},
	{"xml", col(params.XML, "<a>b</a>"), "xml", "<a>b</a>", "'<a>b</a>'"},
}

// typedNulls: a NULL of every type keeps its type.
var typedNulls = []params.Type{params.Bit, params.TinyInt, params.SmallInt, params.Int, params.BigInt, params.Real, params.Float,
	params.Decimal, params.Money, params.SmallMoney, params.VarChar, params.NVarChar, params.Binary, params.VarBinary, params.Date,
	params.Time, params.DateTime, params.SmallDateTime, params.DateTime2, params.DateTimeOffset, params.UniqueIdentifier, params.XML}

func selectParam(t *testing.T, st *core.Statement, c pbuf.Col) {
	t.Helper()
	set, err := params.Decode(pbuf.One(c))
	require.NoError(t, err)
	ok, err := st.Execute(ctx(t), "SELECT ? AS v", set, 0)
	require.NoError(t, err)
	require.True(t, ok)
}

func TestRoundTripEveryType(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	var streams [][]byte
	for _, rt := range roundTrips {
		t.Run(rt.name, func(t *testing.T) {
			selectParam(t, st, rt.col)
			assert.Contains(t, describe(t, st), "'"+rt.typeName+"')]", "type reported")
			got, err := fetchAll(t, st)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, rt.plain, got[0][0])
			selectParam(t, st, rt.col)
			streams = append(streams, fetchPickle(t, st, rowenc.Options{Format: rowenc.FormatPickle, Tuples: true})...)
		})
	}
	if t.Failed() {
		return
	}
	for i, repr := range pickletest.Python(t, streams...) {
		assert.Equal(t, "[("+roundTrips[i].python+",)]", repr, roundTrips[i].name)
	}
}

func TestTypedNulls(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	for _, typ := range typedNulls {
		t.Run(typ.String(), func(t *testing.T) {
			selectParam(t, st, col(typ, nil))
			d := describe(t, st)
			assert.Contains(t, d, "'"+strings.ToLower(typ.String())+"')]", "a NULL keeps its declared type")
			got, err := fetchAll(t, st)
			require.NoError(t, err)
			assert.Equal(t, [][]any{{nil}}, got)
		})
	}
}

func TestLargeValues(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	text := strings.Repeat("ab😀", 10<<20/6) // 10 MB of UTF-8
	blob := []byte(strings.Repeat("\x00\x01\xfe", 10<<20/3))
	for _, c := range []pbuf.Col{col(params.NVarChar, text), col(params.VarChar, strings.Repeat("x", 10<<20)), col(params.VarBinary, blob)} {
		selectParam(t, st, c)
		got, err := fetchAll(t, st)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, c.Values[0], got[0][0])
	}
}

// TestMoneyLimits sends the lowest money and smallmoney values, which SQL
// Server accepts (money is -922,337,203,685,477.5808 to
// 922,337,203,685,477.5807).
func TestMoneyLimits(t *testing.T) {
	st := open(t, testenv.ConnString(t)).NewStatement()
	for _, c := range []pbuf.Col{col(params.Money, "-922337203685477.5808"), col(params.SmallMoney, "-214748.3648")} {
		selectParam(t, st, c)
		got, err := fetchAll(t, st)
		require.NoError(t, err)
		assert.Equal(t, [][]any{{c.Values[0]}}, got)
	}
}
