package tdsserver_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-sql/civil"
	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

type typeCase struct {
	typ    sqltype.Type
	value  any    // canonical value the engine sends
	want   any    // what go-mssqldb returns
	dbType string // go-mssqldb's DatabaseTypeName
}

func ty(k sqltype.Kind) sqltype.Type        { return sqltype.Type{Kind: k} }
func tl(k sqltype.Kind, n int) sqltype.Type { return sqltype.Type{Kind: k, Length: n} }

var (
	dto      = time.FixedZone("", -(5*60+30)*60)
	longText = strings.Repeat("abcdefghij", 1500) // 15000 chars: PLP in several packets
	guid     = [16]byte{0x6F, 0x96, 0x19, 0xFF, 0x8B, 0x86, 0xD0, 0x11, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}
)

func typeCases() []typeCase {
	return []typeCase{
		{ty(sqltype.TinyInt), int64(255), int64(255), "TINYINT"},
		{ty(sqltype.SmallInt), int64(-32768), int64(-32768), "SMALLINT"},
		{ty(sqltype.Int), int64(-2147483648), int64(-2147483648), "INT"},
		{ty(sqltype.BigInt), int64(9007199254740993), int64(9007199254740993), "BIGINT"},
		{ty(sqltype.Bit), true, true, "BIT"},
		{sqltype.Type{Kind: sqltype.Decimal, Precision: 38, Scale: 6}, "-12345678901234567890123456789012.345678", []byte("-12345678901234567890123456789012.345678"), "DECIMAL"},
		{sqltype.Type{Kind: sqltype.Numeric, Precision: 5, Scale: 2}, "123.45", []byte("123.45"), "DECIMAL"},
		{ty(sqltype.Money), "-922337203685477.5808", []byte("-922337203685477.5808"), "MONEY"},
		{ty(sqltype.SmallMoney), "214748.3647", []byte("214748.3647"), "SMALLMONEY"},
		{ty(sqltype.Real), float64(float32(1.5)), 1.5, "REAL"},
		{ty(sqltype.Float), 2.718281828459045, 2.718281828459045, "FLOAT"},
		{tl(sqltype.Char, 5), "ab", "ab   ", "CHAR"},
		{tl(sqltype.VarChar, 20), "caf\u00e9 \u20ac", "caf\u00e9 \u20ac", "VARCHAR"},
		{tl(sqltype.VarChar, sqltype.Max), longText, longText, "VARCHAR"},
		{ty(sqltype.Text), "old text", "old text", "TEXT"},
		{tl(sqltype.NChar, 3), "\u65e5\u672c", "\u65e5\u672c ", "NCHAR"},
		{tl(sqltype.NVarChar, 50), "\u00e9\U0001F600", "\u00e9\U0001F600", "NVARCHAR"},
		{tl(sqltype.NVarChar, sqltype.Max), longText, longText, "NVARCHAR"},
		{ty(sqltype.NText), "old ntext \u00e9", "old ntext \u00e9", "NTEXT"},
		{tl(sqltype.Binary, 4), []byte{1, 2}, []byte{1, 2, 0, 0}, "BINARY"},
		{tl(sqltype.VarBinary, 10), []byte{0xde, 0xad}, []byte{0xde, 0xad}, "VARBINARY"},
		{tl(sqltype.VarBinary, sqltype.Max), bytes.Repeat([]byte{7}, 20000), bytes.Repeat([]byte{7}, 20000), "VARBINARY"},
		{ty(sqltype.Image), []byte{9, 8, 7}, []byte{9, 8, 7}, "IMAGE"},
		{ty(sqltype.Date), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "DATE"},
		{sqltype.Type{Kind: sqltype.Time, Scale: 3}, time.Date(1, 1, 1, 23, 59, 58, 123000000, time.UTC), time.Date(1, 1, 1, 23, 59, 58, 123000000, time.UTC), "TIME"},
		{ty(sqltype.DateTime), time.Date(1753, 1, 1, 12, 0, 0, 3333333, time.UTC), time.Date(1753, 1, 1, 12, 0, 0, 3000000, time.UTC), "DATETIME"},
		{ty(sqltype.SmallDateTime), time.Date(2079, 6, 6, 23, 59, 0, 0, time.UTC), time.Date(2079, 6, 6, 23, 59, 0, 0, time.UTC), "SMALLDATETIME"},
		{sqltype.Type{Kind: sqltype.DateTime2, Scale: 7}, time.Date(1, 1, 1, 0, 0, 0, 100, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 100, time.UTC), "DATETIME2"},
		{sqltype.Type{Kind: sqltype.DateTimeOffset, Scale: 5}, time.Date(2024, 2, 29, 1, 2, 3, 450000000, dto), time.Date(2024, 2, 29, 1, 2, 3, 450000000, dto), "DATETIMEOFFSET"},
		{ty(sqltype.UniqueIdentifier), guid, "6F9619FF-8B86-D011-B42D-00C04FC964FF", "UNIQUEIDENTIFIER"},
		{ty(sqltype.Xml), "<a b=\"1\">\u00e9</a>", "<a b=\"1\">\u00e9</a>", "XML"},
		{ty(sqltype.SQLVariant), sqltype.Variant{Type: ty(sqltype.Int), Value: int64(42)}, int64(42), "SQL_VARIANT"},
		{ty(sqltype.SQLVariant), sqltype.Variant{Type: tl(sqltype.NVarChar, 10), Value: "v\u00e9"}, "v\u00e9", "SQL_VARIANT"},
		{ty(sqltype.SQLVariant), sqltype.Variant{Type: sqltype.Type{Kind: sqltype.Decimal, Precision: 10, Scale: 2}, Value: "-3.50"}, []byte("-3.50"), "SQL_VARIANT"},
	}
}

// normalize turns go-mssqldb values into comparable ones.
func normalize(t *testing.T, c typeCase, got any) any {
	if c.typ.Kind == sqltype.UniqueIdentifier && got != nil {
		var u mssql.UniqueIdentifier
		require.NoError(t, u.Scan(got))
		return u.String()
	}
	if tm, ok := got.(time.Time); ok {
		if want, ok := c.want.(time.Time); ok {
			_, wo := want.Zone()
			_, go_ := tm.Zone()
			assert.Equal(t, wo, go_, "%s zone offset", c.typ)
			return tm.UTC()
		}
	}
	return got
}

func wantNormalized(c typeCase) any {
	if tm, ok := c.want.(time.Time); ok {
		return tm.UTC()
	}
	return c.want
}

// TestEveryTypeToClient sends one column of every type, non-nullable
// (fixed-length TDS types) and nullable (with a NULL row, as NBCROW), and
// checks values and metadata as go-mssqldb sees them.
func TestEveryTypeToClient(t *testing.T) {
	for _, nullable := range []bool{false, true} {
		s, e := startServer(t, tdsserver.Config{})
		var row []any
		for i, c := range typeCases() {
			e.typedCols = append(e.typedCols, sqltype.Column{Name: "c" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Type: c.typ, Nullable: nullable})
			row = append(row, c.value)
		}
		e.typedRows = [][]any{row}
		if nullable {
			e.typedRows = append(e.typedRows, make([]any, len(row)))
		}
		db := openDB(t, dsn(s, map[string]string{"packet size": "512"}))
		rows, err := db.QueryContext(ctxT(t), "SELECT typed")
		require.NoError(t, err)
		cts, err := rows.ColumnTypes()
		require.NoError(t, err)
		for i, c := range typeCases() {
			assert.Equal(t, c.dbType, cts[i].DatabaseTypeName(), "%s", c.typ)
			n, ok := cts[i].Nullable()
			assert.True(t, ok)
			assert.Equal(t, nullable, n, "%s nullable", c.typ)
		}
		dest := make([]any, len(row))
		ptrs := make([]any, len(row))
		for i := range dest {
			ptrs[i] = &dest[i]
		}
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(ptrs...))
		for i, c := range typeCases() {
			assert.Equal(t, wantNormalized(c), normalize(t, c, dest[i]), "%s (nullable=%v)", c.typ, nullable)
		}
		if nullable {
			require.True(t, rows.Next())
			require.NoError(t, rows.Scan(ptrs...))
			for i, c := range typeCases() {
				assert.Nil(t, dest[i], "NULL %s", c.typ)
			}
		}
		assert.False(t, rows.Next())
		require.NoError(t, rows.Err())
	}
}

// TestEveryParamTypeRoundTrip sends typed RPC parameters through
// sp_executesql; the scripted engine echoes them as a result set, so each
// value crosses the parameter decoder and the row encoder.
func TestEveryParamTypeRoundTrip(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	tm := time.Date(2023, 7, 1, 13, 14, 15, 123456700, time.UTC)
	in := []any{
		int64(-5), int32(7), int16(-300), uint8(200), 3.25, float32(0.5), true, "n\u00e9var",
		mssql.VarChar("caf\u00e9"), mssql.VarCharMax(longText), mssql.NVarCharMax(longText), mssql.NChar("nc"),
		[]byte{1, 2, 3}, mssql.DateTime1(time.Date(2000, 1, 2, 3, 4, 5, 0, time.UTC)),
		mssql.DateTimeOffset(time.Date(2020, 5, 6, 7, 8, 9, 100, dto)),
		civil.Date{Year: 2021, Month: 3, Day: 4}, civil.Time{Hour: 5, Minute: 6, Second: 7, Nanosecond: 800},
		civil.DateTime{Date: civil.Date{Year: 1999, Month: 12, Day: 31}, Time: civil.Time{Hour: 23, Minute: 59, Second: 59, Nanosecond: 999999900}},
		tm, nil,
	}
	want := []any{
		int64(-5), int64(7), int64(-300), int64(200), 3.25, 0.5, true, "n\u00e9var",
		// go-mssqldb sends VarChar as raw UTF-8 under the server's code page
		// 1252 collation; SQL Server reads those bytes as CP1252, and so do we.
		"caf\u00c3\u00a9", longText, longText, "nc",
		[]byte{1, 2, 3}, time.Date(2000, 1, 2, 3, 4, 5, 0, time.UTC),
		time.Date(2020, 5, 6, 7, 8, 9, 100, dto),
		time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 5, 6, 7, 800, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999900, time.UTC),
		tm, nil,
	}
	placeholders := make([]string, len(in))
	for i := range in {
		placeholders[i] = fmt.Sprintf("@p%d", i+1)
	}
	q := "select " + strings.Join(placeholders, ", ")
	rows, err := db.QueryContext(ctxT(t), q, in...)
	require.NoError(t, err)
	defer rows.Close()
	require.True(t, rows.Next(), "no row: %v", rows.Err())
	got := make([]any, len(in))
	ptrs := make([]any, len(in))
	for i := range got {
		ptrs[i] = &got[i]
	}
	require.NoError(t, rows.Scan(ptrs...))
	for i := range want {
		g := got[i]
		if tmv, ok := g.(time.Time); ok {
			g = tmv.UTC()
		}
		w := want[i]
		if tmv, ok := w.(time.Time); ok {
			w = tmv.UTC()
		}
		assert.Equal(t, w, g, "parameter %d (%T)", i+1, in[i])
	}
}
