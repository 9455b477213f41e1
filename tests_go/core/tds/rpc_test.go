package tds_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

type rpcParam struct {
	name  string
	flags tds.ParamFlags
	ti    tds.TypeInfo
	v     tds.Value
}

func text(s string) rpcParam {
	return rpcParam{ti: tds.NVarChar(-1), v: tds.Value{String: s}}
}

// executeSQL calls sp_executesql with the statement, its declarations and
// parameters, and reads the whole response.
func executeSQL(t *testing.T, c *tds.Conn, stmt, decl string, params ...rpcParam) (*result, error) {
	t.Helper()
	b, err := c.RPC()
	require.NoError(t, err)
	addCall(b, stmt, decl, params)
	r, err := b.Send()
	if err != nil {
		return nil, err
	}
	return readAll(t, r)
}

func addCall(b *tds.RPC, stmt, decl string, params []rpcParam) {
	b.ProcID(tds.ProcExecuteSQL, 0)
	for _, p := range append([]rpcParam{text(stmt), text(decl)}, params...) {
		b.Param(p.name, p.flags, &p.ti, &p.v)
	}
}

func dt(kind tds.TimeKind, s string) tds.DateTime {
	layouts := map[tds.TimeKind]string{tds.KindDate: "2006-01-02", tds.KindTime: "15:04:05.9999999",
		tds.KindDateTime: "2006-01-02 15:04:05.9999999", tds.KindDateTimeOffset: "2006-01-02 15:04:05.9999999 -07:00"}
	tm, err := time.Parse(layouts[kind], s)
	if err != nil {
		panic(err)
	}
	return tds.DateTimeOf(tm, kind)
}

func dec(s string) tds.Decimal {
	d, err := tds.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

type paramCase struct {
	decl string
	ti   tds.TypeInfo
	v    tds.Value
	want string
}

var guid = [16]byte{0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}

var paramCases = []paramCase{
	{"tinyint", tds.IntN(1), tds.Value{Int: 255}, "255"},
	{"smallint", tds.IntN(2), tds.Value{Int: -32768}, "-32768"},
	{"int", tds.IntN(4), tds.Value{Int: -2147483648}, "-2147483648"},
	{"bigint", tds.IntN(8), tds.Value{Int: 9223372036854775807}, "9223372036854775807"},
	{"bigint", tds.IntN(8), tds.Value{Null: true}, "NULL"},
	{"bit", tds.BitN(), tds.Value{Int: 1}, "true"},
	{"real", tds.FltN(4), tds.Value{Float: -2.5}, "-2.5"},
	{"float", tds.FltN(8), tds.Value{Float: 1e-300}, "1e-300"},
	{"decimal(38,0)", tds.DecimalN(38, 0), tds.Value{Decimal: dec("99999999999999999999999999999999999999")}, "99999999999999999999999999999999999999"},
	{"decimal(38,10)", tds.DecimalN(38, 10), tds.Value{Decimal: dec("-1234567890123456789012345678.0123456789")}, "-1234567890123456789012345678.0123456789"},
	{"decimal(5,2)", tds.DecimalN(5, 2), tds.Value{Decimal: dec("-1.5")}, "-1.50"},
	{"decimal(18,4)", tds.DecimalN(18, 4), tds.Value{Null: true}, "NULL"},
	{"money", tds.MoneyN(8), tds.Value{Decimal: dec("-922337203685477.5808")}, "-922337203685477.5808"},
	{"smallmoney", tds.MoneyN(4), tds.Value{Decimal: dec("214748.3647")}, "214748.3647"},
	{"nvarchar(10)", tds.NVarChar(10), tds.Value{String: "日本 😀"}, "'日本 😀'"},
	{"nvarchar(max)", tds.NVarChar(-1), tds.Value{String: strings.Repeat("é", 9000)}, "'" + strings.Repeat("é", 9000) + "'"},
	{"nvarchar(10)", tds.NVarChar(10), tds.Value{Null: true}, "NULL"},
	{"nvarchar(max)", tds.NVarChar(-1), tds.Value{Null: true}, "NULL"},
	{"nvarchar(5)", tds.NVarChar(5), tds.Value{String: ""}, "''"},
	{"nchar(3)", tds.NChar(3), tds.Value{String: "ab"}, "'ab '"},
	{"varchar(20)", tds.VarChar(20, latin1), tds.Value{String: "Zürich"}, "'Zürich'"},
	{"varchar(max)", tds.VarChar(-1, latin1), tds.Value{String: strings.Repeat("ab", 10000)}, "'" + strings.Repeat("ab", 10000) + "'"},
	{"char(4)", tds.Char(4, latin1), tds.Value{String: "é"}, "'é   '"},
	{"varbinary(10)", tds.VarBinary(10), tds.Value{Bytes: []byte{1, 2, 0xFF}}, "0x0102FF"},
	{"varbinary(max)", tds.VarBinary(-1), tds.Value{Bytes: []byte{}}, "0x"},
	{"varbinary(max)", tds.VarBinary(-1), tds.Value{Null: true}, "NULL"},
	{"binary(3)", tds.Binary(3), tds.Value{Bytes: []byte{7}}, "0x070000"},
	{"date", tds.DateN(), tds.Value{Time: dt(tds.KindDate, "0001-01-01")}, "0001-01-01"},
	{"date", tds.DateN(), tds.Value{Time: dt(tds.KindDate, "9999-12-31")}, "9999-12-31"},
	{"time(7)", tds.TimeN(7), tds.Value{Time: dt(tds.KindTime, "23:59:59.9999999")}, "23:59:59.9999999"},
	{"time(3)", tds.TimeN(3), tds.Value{Time: dt(tds.KindTime, "01:02:03.456")}, "01:02:03.456"},
	{"datetime2(7)", tds.DateTime2N(7), tds.Value{Time: dt(tds.KindDateTime, "9999-12-31 23:59:59.9999999")}, "9999-12-31 23:59:59.9999999"},
	{"datetime2(0)", tds.DateTime2N(0), tds.Value{Time: dt(tds.KindDateTime, "2024-02-29 12:00:01")}, "2024-02-29 12:00:01"},
	{"datetimeoffset(7)", tds.DateTimeOffsetN(7), tds.Value{Time: dt(tds.KindDateTimeOffset, "2024-06-01 00:30:00.1234567 +05:45")}, "2024-06-01 00:30:00.1234567 +05:45"},
	{"datetimeoffset(0)", tds.DateTimeOffsetN(0), tds.Value{Time: dt(tds.KindDateTimeOffset, "0001-01-01 14:00:00 +14:00")}, "0001-01-01 14:00:00 +14:00"},
	{"datetime", tds.DateTimeN(8), tds.Value{Time: dt(tds.KindDateTime, "1753-01-01 00:00:00.003")}, "1753-01-01 00:00:00.003"},
	{"datetime", tds.DateTimeN(8), tds.Value{Time: dt(tds.KindDateTime, "9999-12-31 23:59:59.997")}, "9999-12-31 23:59:59.997"},
	{"smalldatetime", tds.DateTimeN(4), tds.Value{Time: dt(tds.KindDateTime, "2079-06-06 23:59:00")}, "2079-06-06 23:59:00"},
	{"uniqueidentifier", tds.GUIDType(), tds.Value{GUID: guid}, "guid:FF19966F868B11D0B42D00C04FC964FF"},
	{"uniqueidentifier", tds.GUIDType(), tds.Value{Null: true}, "NULL"},
	{"xml", tds.XMLType(), tds.Value{String: "<r a=\"é\"/>"}, "'<r a=\"é\"/>'"},
}

var latin1 = tds.Collation{0x09, 0x04, 0xD0, 0x00, 0x34}

func TestParametersBothWays(t *testing.T) {
	c := connect(t)
	for _, tc := range paramCases {
		t.Run(tc.decl+"="+show(tc.want), func(t *testing.T) {
			p := rpcParam{name: "@p", ti: tc.ti, v: tc.v}
			res, err := executeSQL(t, c, "SELECT @p AS v", "@p "+tc.decl, p)
			require.NoError(t, err)
			require.Len(t, res.sets, 1, "%v", res.messages)
			require.Len(t, res.sets[0], 1, "%v", res.messages)
			assert.Equal(t, tc.want, show(res.sets[0][0][0]))

			out := rpcParam{name: "@o", flags: tds.ParamOutput, ti: tc.ti, v: tds.Value{Null: true}}
			res, err = executeSQL(t, c, "SET @o = @p", "@p "+tc.decl+", @o "+tc.decl+" OUTPUT", p, out)
			require.NoError(t, err)
			require.Len(t, res.returns, 1, "%v", res.messages)
			assert.Equal(t, "@o", res.returns[0].Name)
			assert.Equal(t, tc.want, show(res.returns[0].Value))
		})
	}
}
