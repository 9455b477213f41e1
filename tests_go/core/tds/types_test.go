package tds_test

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// show renders a decoded value for comparison.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case tds.Decimal:
		return x.String()
	case tds.DateTime:
		return showTime(x)
	case []byte:
		return "0x" + strings.ToUpper(hex.EncodeToString(x))
	case [16]byte:
		return "guid:" + strings.ToUpper(hex.EncodeToString(x[:]))
	case string:
		return "'" + x + "'"
	}
	return fmt.Sprint(v)
}

func showTime(x tds.DateTime) string {
	t := x.Time()
	switch x.Kind {
	case tds.KindDate:
		return t.Format("2006-01-02")
	case tds.KindTime:
		return t.Format("15:04:05.9999999")
	case tds.KindDateTimeOffset:
		return t.Format("2006-01-02 15:04:05.9999999 -07:00")
	}
	return t.Format("2006-01-02 15:04:05.9999999")
}

type decodeCase struct {
	expr, typeName, want string
}

var decodeCases = []decodeCase{
	{"CAST(0 AS tinyint)", "tinyint", "0"},
	{"CAST(255 AS tinyint)", "tinyint", "255"},
	{"CAST(-32768 AS smallint)", "smallint", "-32768"},
	{"CAST(32767 AS smallint)", "smallint", "32767"},
	{"CAST(-2147483648 AS int)", "int", "-2147483648"},
	{"CAST(2147483647 AS int)", "int", "2147483647"},
	{"CAST(-9223372036854775808 AS bigint)", "bigint", "-9223372036854775808"},
	{"CAST(9223372036854775807 AS bigint)", "bigint", "9223372036854775807"},
	{"CAST(1 AS bit)", "bit", "true"},
	{"CAST(0 AS bit)", "bit", "false"},
	{"CAST(1.5 AS real)", "real", "1.5"},
	{"CAST(-1.25e300 AS float)", "float", "-1.25e+300"},
	{"CAST(12.345 AS decimal(5,3))", "decimal", "12.345"},
	{"CAST(-0.5 AS decimal(10,4))", "decimal", "-0.5000"},
	{"CAST('99999999999999999999999999999999999999' AS decimal(38,0))", "decimal", "99999999999999999999999999999999999999"},
	{"CAST('-1234567890123456789012345678.0123456789' AS decimal(38,10))", "decimal", "-1234567890123456789012345678.0123456789"},
	{"CAST(123.45 AS numeric(18,2))", "numeric", "123.45"},
	{"CAST(-922337203685477.5808 AS money)", "money", "-922337203685477.5808"},
	{"CAST(922337203685477.5807 AS money)", "money", "922337203685477.5807"},
	{"CAST(-214748.3648 AS smallmoney)", "smallmoney", "-214748.3648"},
	{"CAST(214748.3647 AS smallmoney)", "smallmoney", "214748.3647"},
	{"CAST('abc' AS char(5))", "char", "'abc  '"},
	{"CAST('Zürich' AS varchar(20))", "varchar", "'Zürich'"},
	{"CAST('' AS varchar(20))", "varchar", "''"},
	{"CAST(N'日本語 😀' AS nvarchar(20))", "nvarchar", "'日本語 😀'"},
	{"CAST(N'ab' AS nchar(3))", "nchar", "'ab '"},
	{"CAST(N'x' AS nvarchar(max))", "nvarchar", "'x'"},
	{"CAST('y' AS varchar(max))", "varchar", "'y'"},
	{"CAST(0x0102FF AS varbinary(10))", "varbinary", "0x0102FF"},
	{"CAST(0x01 AS binary(3))", "binary", "0x010000"},
	{"CAST(0x AS varbinary(max))", "varbinary", "0x"},
	{"CAST('0001-01-01' AS date)", "date", "0001-01-01"},
	{"CAST('9999-12-31' AS date)", "date", "9999-12-31"},
	{"CAST('23:59:59.9999999' AS time(7))", "time", "23:59:59.9999999"},
	{"CAST('12:34:56' AS time(0))", "time", "12:34:56"},
	{"CAST('01:02:03.45' AS time(2))", "time", "01:02:03.45"},
	{"CAST('1753-01-01T00:00:00' AS datetime)", "datetime", "1753-01-01 00:00:00"},
	{"CAST('9999-12-31T23:59:59.997' AS datetime)", "datetime", "9999-12-31 23:59:59.997"},
	{"CAST('2024-02-29T12:30:00' AS smalldatetime)", "smalldatetime", "2024-02-29 12:30:00"},
	{"CAST('0001-01-01T00:00:00' AS datetime2(7))", "datetime2", "0001-01-01 00:00:00"},
	{"CAST('9999-12-31T23:59:59.9999999' AS datetime2(7))", "datetime2", "9999-12-31 23:59:59.9999999"},
	{"CAST('2024-06-01T10:00:00.123+05:30' AS datetimeoffset(3))", "datetimeoffset", "2024-06-01 10:00:00.123 +05:30"},
	{"CAST('2024-06-01T01:00:00-08:00' AS datetimeoffset(0))", "datetimeoffset", "2024-06-01 01:00:00 -08:00"},
	{"CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)", "uniqueidentifier", "guid:FF19966F868B11D0B42D00C04FC964FF"},
	{"CAST('<a>1</a>' AS xml)", "xml", "'<a>1</a>'"},
	{"CAST(NULL AS int)", "int", "NULL"},
	{"CAST(NULL AS nvarchar(max))", "nvarchar", "NULL"},
	{"CAST(NULL AS varbinary(max))", "varbinary", "NULL"},
	{"CAST(NULL AS datetimeoffset)", "datetimeoffset", "NULL"},
	{"CAST(NULL AS decimal(10,2))", "decimal", "NULL"},
	{"CAST(NULL AS uniqueidentifier)", "uniqueidentifier", "NULL"},
	{"CAST(NULL AS xml)", "xml", "NULL"},
	{"CAST(CAST(42 AS int) AS sql_variant)", "sql_variant", "42"},
	{"CAST(CAST(1.5 AS decimal(5,2)) AS sql_variant)", "sql_variant", "1.50"},
	{"CAST(N'vé' AS sql_variant)", "sql_variant", "'vé'"},
	{"CAST('vé' AS sql_variant)", "sql_variant", "'vé'"},
	{"CAST(CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier) AS sql_variant)", "sql_variant", "guid:FF19966F868B11D0B42D00C04FC964FF"},
	{"CAST(CAST('2024-01-02' AS date) AS sql_variant)", "sql_variant", "2024-01-02"},
	{"CAST(CAST('2024-01-02T03:04:05.5' AS datetime2(1)) AS sql_variant)", "sql_variant", "2024-01-02 03:04:05.5"},
	{"CAST(CAST(3.25 AS money) AS sql_variant)", "sql_variant", "3.2500"},
	{"CAST(0x0A0B AS sql_variant)", "sql_variant", "0x0A0B"},
	{"CAST(NULL AS sql_variant)", "sql_variant", "NULL"},
	{"CAST('long text é' AS text)", "text", "'long text é'"},
	{"CAST(N'ntext 😀' AS ntext)", "ntext", "'ntext 😀'"},
	{"CAST(0xBEEF AS image)", "image", "0xBEEF"},
	{"CAST(NULL AS text)", "text", "NULL"},
	{"CAST(NULL AS image)", "image", "NULL"},
}

func TestDecodeEveryType(t *testing.T) {
	c := connect(t)
	for _, tc := range decodeCases {
		t.Run(tc.expr, func(t *testing.T) {
			res := query(t, c, "SELECT "+tc.expr+" AS v")
			require.Len(t, res.sets, 1, "%v", res.messages)
			require.Len(t, res.sets[0], 1)
			assert.Equal(t, tc.typeName, res.cols[0][0].TypeName())
			assert.Equal(t, tc.want, show(res.sets[0][0][0]))
		})
	}
}

func TestDecodeLargeValues(t *testing.T) {
	c := connect(t)
	const n = 5 << 20
	res := query(t, c, fmt.Sprintf(`SELECT REPLICATE(CAST(N'é😀' AS nvarchar(max)), %d) AS a,
		REPLICATE(CAST('ab' AS varchar(max)), %d) AS b, CAST(REPLICATE(CAST('z' AS varchar(max)), %d) AS varbinary(max)) AS c`, n/3, n/2, n))
	row := res.sets[0][0]
	assert.Equal(t, strings.Repeat("é😀", n/3), row[0])
	assert.Equal(t, strings.Repeat("ab", n/2), row[1])
	assert.Equal(t, []byte(strings.Repeat("z", n)), row[2])
}

func TestNullBitmapRows(t *testing.T) {
	c := connect(t)
	res := query(t, c, `SELECT CAST(NULL AS int) a, CAST(1 AS int) b, CAST(NULL AS nvarchar(5)) c, N'x' d,
		CAST(NULL AS bigint) e, CAST(NULL AS bit) f, CAST(NULL AS float) g, CAST(2 AS tinyint) h, CAST(NULL AS date) i
		UNION ALL SELECT 1, CAST(NULL AS int), N'y', CAST(NULL AS nvarchar(1)), 5, CAST(1 AS bit), 2.5, CAST(NULL AS tinyint), CAST('2020-01-01' AS date)`)
	require.Len(t, res.sets[0], 2, "%v", res.messages)
	got := []string{}
	for _, row := range res.sets[0] {
		for _, v := range row {
			got = append(got, show(v))
		}
	}
	assert.Equal(t, []string{"NULL", "1", "NULL", "'x'", "NULL", "NULL", "NULL", "2", "NULL",
		"1", "NULL", "'y'", "NULL", "5", "true", "2.5", "NULL", "2020-01-01"}, got)
}

var _ = time.Second
