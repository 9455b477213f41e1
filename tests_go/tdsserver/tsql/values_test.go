package tsql

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func TestDecimalsExactTo38Digits(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE d38 (a decimal(38,0), b decimal(38,37), c decimal(38,10))")
	mustRun(t, s, `INSERT INTO d38 VALUES (12345678901234567890123456789012345678, 0.1234567890123456789012345678901234567,
		1234567890123456789012345678.0123456789)`)
	rs := query(t, s, "SELECT a, b, c, a - 1, c + c FROM d38")
	assert.Equal(t, []any{"12345678901234567890123456789012345678", "0.1234567890123456789012345678901234567",
		"1234567890123456789012345678.0123456789", "12345678901234567890123456789012345677",
		"2469135780246913578024691356.0246913578"}, rs.rows[0])
	assert.Equal(t, 8115, int(firstError(t, s, "SELECT c * 1000000 FROM d38").Number), "overflow of decimal(38,10)")
	assert.Equal(t, "decimal(38,10)", rs.cols[4].Type.String())
	assert.Equal(t, "0.333333", scalar(t, s, "SELECT 1.0 / 3"))
	assert.Equal(t, "0.3", scalar(t, s, "SELECT 0.1 + 0.2"))
	assert.Equal(t, "2.4692", scalar(t, s, "SELECT SUM(x) FROM (VALUES (CAST(1.23455 AS decimal(10,4))), (1.2346)) t(x)"))
}

func TestDecimalComparisonAndOrder(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE dc (v decimal(10,2)); INSERT INTO dc VALUES (10), (9.5), (100.25), (-3)")
	rs := query(t, s, "SELECT v FROM dc WHERE v > 9 ORDER BY v")
	assert.Equal(t, [][]any{{"9.50"}, {"10.00"}, {"100.25"}}, rs.rows)
	assert.Equal(t, "100.25", scalar(t, s, "SELECT MAX(v) FROM dc"))
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM dc WHERE v = 10.0"))
}

func TestDateTimeValues(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE dt (a datetime2(7), b datetimeoffset(7), c datetime, d date, e time(7), f smalldatetime)")
	mustRun(t, s, `INSERT INTO dt VALUES ('2024-02-29 23:59:59.1234567', '2024-02-29 10:00:00.9999999 -08:00',
		'2024-01-01 12:34:56.789', '0001-01-01', '23:59:59.9999999', '2024-05-06 10:20:40')`)
	rs := query(t, s, "SELECT * FROM dt")
	row := rs.rows[0]
	assert.Equal(t, time.Date(2024, 2, 29, 23, 59, 59, 123456700, time.UTC), row[0])
	dto := row[1].(time.Time)
	_, off := dto.Zone()
	assert.Equal(t, -8*3600, off)
	assert.Equal(t, 999999900, dto.Nanosecond())
	assert.Equal(t, time.Date(2024, 1, 1, 12, 34, 56, 790000000, time.UTC), row[2].(time.Time).Round(time.Millisecond), "datetime rounds to 1/300 s")
	assert.Equal(t, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), row[3])
	assert.Equal(t, 23, row[4].(time.Time).Hour())
	assert.Equal(t, time.Date(2024, 5, 6, 10, 21, 0, 0, time.UTC), row[5], "smalldatetime rounds to the minute")
}

func TestDateStyles(t *testing.T) {
	s := openSession(t, testEngine(t))
	d := "CAST('2024-03-04 05:06:07.123' AS datetime)"
	cases := map[string]string{
		"CONVERT(varchar(30), " + d + ", 121)":                               "2024-03-04 05:06:07.123",
		"CONVERT(varchar(30), " + d + ", 120)":                               "2024-03-04 05:06:07",
		"CONVERT(varchar(30), " + d + ", 112)":                               "20240304",
		"CONVERT(varchar(30), " + d + ", 101)":                               "03/04/2024",
		"CONVERT(varchar(30), " + d + ", 103)":                               "04/03/2024",
		"CONVERT(varchar(30), " + d + ", 126)":                               "2024-03-04T05:06:07.123",
		"CONVERT(varchar(30), " + d + ", 108)":                               "05:06:07",
		"CONVERT(varchar(30), " + d + ")":                                    "Mar  4 2024  5:06AM",
		"CAST(CAST('2024-03-04' AS date) AS varchar(20))":                    "2024-03-04",
		"CAST(CAST('2024-03-04 05:06:07.5' AS datetime2(2)) AS varchar(30))": "2024-03-04 05:06:07.50",
		"CONVERT(date, '20240304', 112)":                                     "2024-03-04",
	}
	for expr, want := range cases {
		v := scalar(t, s, "SELECT "+expr)
		if tm, ok := v.(time.Time); ok {
			v = tm.Format("2006-01-02")
		}
		assert.Equal(t, want, v, expr)
	}
}

func TestStringsVarcharVersusNvarchar(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE st (v varchar(10), n nvarchar(10), c char(4), nc nchar(3))")
	mustRun(t, s, "INSERT INTO st VALUES (N'日本é', N'日本😀', 'ab', N'x')")
	rs := query(t, s, "SELECT v, n, c, nc, LEN(n), DATALENGTH(n), DATALENGTH(c) FROM st")
	assert.Equal(t, []any{"??é", "日本😀", "ab  ", "x  ", int64(4), int64(8), int64(4)}, rs.rows[0])
	assert.Equal(t, "??", scalar(t, s, "SELECT '日本'"), "a varchar literal holds code page 1252 only")
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM st WHERE v = '??É'"), "comparisons ignore case")
}

func TestBinaryAndGUIDValues(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE bg (b binary(4), vb varbinary(max), g uniqueidentifier)")
	mustRun(t, s, "INSERT INTO bg VALUES (0x0102, 0xDEADBEEF, '6F9619FF-8B86-D011-B42D-00C04FC964FF')")
	rs := query(t, s, "SELECT b, vb, g, CAST(g AS varchar(36)), CAST(g AS binary(16)) FROM bg")
	assert.Equal(t, []byte{1, 2, 0, 0}, rs.rows[0][0], "binary(n) pads with zeros")
	assert.Equal(t, []byte{0xDE, 0xAD, 0xBE, 0xEF}, rs.rows[0][1])
	assert.Equal(t, [16]byte{0x6F, 0x96, 0x19, 0xFF, 0x8B, 0x86, 0xD0, 0x11, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}, rs.rows[0][2])
	assert.Equal(t, "6F9619FF-8B86-D011-B42D-00C04FC964FF", rs.rows[0][3])
	assert.Equal(t, []byte{0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}, rs.rows[0][4])
	assert.Equal(t, int64(1), scalar(t, s, "SELECT COUNT(*) FROM bg WHERE g = '6f9619ff-8b86-d011-b42d-00c04fc964ff'"))
}

func TestLargeValues(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE big (id int, n nvarchar(max), b varbinary(max))")
	big := strings.Repeat("abcdefghij", 1_100_000) // 11 MB
	blob := make([]byte, 10<<20)
	for i := range blob {
		blob[i] = byte(i)
	}
	r := &recorder{}
	err := s.RPC(context.Background(), backend.RPCCall{Name: "sp_executesql", Params: []backend.Param{
		{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: sqltype.Max}, Value: "INSERT INTO big VALUES (1, @n, @b)"},
		{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 100}, Value: "@n nvarchar(max), @b varbinary(max)"},
		{Name: "@n", Type: sqltype.Type{Kind: sqltype.NVarChar, Length: sqltype.Max}, Value: big},
		{Name: "@b", Type: sqltype.Type{Kind: sqltype.VarBinary, Length: sqltype.Max}, Value: blob},
	}}, r)
	require.NoError(t, err)
	require.Empty(t, r.errors())
	rs := query(t, s, "SELECT n, b, LEN(n), DATALENGTH(b) FROM big")
	assert.Equal(t, big, rs.rows[0][0])
	assert.Equal(t, blob, rs.rows[0][1])
	assert.Equal(t, []any{int64(11_000_000), int64(10 << 20)}, rs.rows[0][2:])
}

func TestConversions(t *testing.T) {
	s := openSession(t, testEngine(t))
	cases := map[string]any{
		"CAST('  42 ' AS int)":                   int64(42),
		"CAST(2.7 AS int)":                       int64(2),
		"CAST(-2.7 AS int)":                      int64(-2),
		"CAST(12.345 AS decimal(5,2))":           "12.35",
		"CAST('1.5e3' AS float)":                 1500.0,
		"CAST(1 AS varchar(5))":                  "1",
		"CAST(123456 AS varchar(3))":             "*",
		"CAST(1.5e0 AS varchar(10))":             "1.5",
		"CAST(1234567.0e0 AS varchar(20))":       "1.23457e+006",
		"CAST($1.2345 AS varchar(10))":           "1.23",
		"CAST('true' AS bit)":                    true,
		"CAST(0x41 AS varchar(1))":               "A",
		"CAST('abcdef' AS varchar(3))":           "abc",
		"CAST(N'x' AS char(3))":                  "x  ",
		"CONVERT(varbinary(4), '0x0A0B', 1)":     []byte{0x0a, 0x0b},
		"CAST(CAST(5 AS tinyint) AS bigint) + 1": int64(6),
	}
	for expr, want := range cases {
		assert.Equal(t, want, scalar(t, s, "SELECT "+expr), expr)
	}
}

func TestSQLVariant(t *testing.T) {
	s := openSession(t, testEngine(t))
	rs := query(t, s, "SELECT CAST(CAST(5 AS int) AS sql_variant), CAST(N'txt' AS sql_variant), CAST(CAST(1.5 AS decimal(3,1)) AS sql_variant), CAST(CAST(-9223372036854775808 AS bigint) AS sql_variant)")
	assert.Equal(t, []any{
		sqltype.Variant{Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(5)},
		sqltype.Variant{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 3}, Value: "txt"},
		sqltype.Variant{Type: sqltype.Type{Kind: sqltype.Decimal, Precision: 3, Scale: 1}, Value: "1.5"},
		sqltype.Variant{Type: sqltype.Type{Kind: sqltype.BigInt}, Value: int64(-9223372036854775808)},
	}, rs.rows[0])
	mustRun(t, s, "CREATE TABLE sv (v sql_variant); INSERT INTO sv VALUES (CAST('2024-01-02' AS date)), (42)")
	rs = query(t, s, "SELECT v, CAST(v AS nvarchar(20)) FROM sv ORDER BY 2")
	assert.Equal(t, "date", rs.rows[0][0].(sqltype.Variant).Type.String())
	assert.Equal(t, []any{"2024-01-02", "42"}, []any{rs.rows[0][1], rs.rows[1][1]})
	assert.Equal(t, sqltype.Variant{Type: sqltype.Type{Kind: sqltype.NVarChar, Length: 128}, Value: "16.0.4115.5"}, scalar(t, s, "SELECT SERVERPROPERTY('ProductVersion')"))
}

func TestXMLAndTextColumns(t *testing.T) {
	s := openSession(t, testEngine(t))
	mustRun(t, s, "CREATE TABLE xt (x xml, t text, n ntext)")
	r := rpc(t, s, "sp_executesql", backend.Param{Type: tNV, Value: "INSERT INTO xt VALUES (@x, @t, @n)"}, backend.Param{Type: tNV, Value: "@x nvarchar(50), @t varchar(20), @n nvarchar(20)"},
		nvParam("@x", "<a b=\"1\">é</a>"), backend.Param{Name: "@t", Type: sqltype.Type{Kind: sqltype.VarChar, Length: 20}, Value: "text"}, nvParam("@n", "ntext"))
	require.Empty(t, r.errors(), r.dump())
	assert.Equal(t, []any{"<a b=\"1\">é</a>", "text", "ntext"}, query(t, s, "SELECT x, t, n FROM xt").rows[0])
	assert.Equal(t, int32(305), firstError(t, s, "SELECT 1 FROM xt WHERE x = N'<a/>'").Number)
	assert.Equal(t, int32(402), firstError(t, s, "SELECT 1 FROM xt WHERE t = 'text'").Number)
}
