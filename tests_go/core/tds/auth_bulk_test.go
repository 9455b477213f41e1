package tds_test

import (
	"crypto/rand"
	"crypto/rsa"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

func TestAccessTokenLogin(t *testing.T) {
	if os.Getenv("MSSQL_CONNECTION_STRING") != "" {
		t.Skip("needs the in-process test server with a token issuer")
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	s, err := tdsserver.Start(tdsserver.Config{TokenIssuerKey: &key.PublicKey, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	defer s.Close()
	token, err := tdsserver.MintToken(key, tdsserver.TokenClaims("alice@example.com", time.Hour))
	require.NoError(t, err)

	cfg := configOf(t, s.ConnString())
	cfg.User, cfg.Password, cfg.AccessToken = "", "", token
	c := connectCfg(t, cfg)
	res := query(t, c, "SELECT SUSER_SNAME()")
	assert.Equal(t, "alice@example.com", res.sets[0][0][0])

	cfg.AccessToken = token[:len(token)-4] + "AAAA" // bad signature
	_, err = tds.Connect(ctx(t), cfg)
	var se *tds.ServerError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int32(18456), se.Messages[0].Number)
	assert.NotContains(t, err.Error(), token[:20], "no token in the error")
}

func TestBulkLoad(t *testing.T) {
	c := connect(t)
	tempTable(t, c, "tds_bulk", "id int NOT NULL, name nvarchar(50) NULL, v varchar(20) NULL, amount decimal(18,4) NULL, at datetime2(7) NULL, raw varbinary(max) NULL")
	query(t, c, "INSERT BULK tds_bulk (id int, name nvarchar(50), v varchar(20), amount decimal(18,4), at datetime2(7), raw varbinary(max))")
	cols := []tds.Column{
		{Name: "id", Type: tds.TypeInfo{Type: tds.TypeInt4, Size: 4}},
		{Name: "name", Flags: 1, Type: tds.NVarChar(50)},
		{Name: "v", Flags: 1, Type: tds.VarChar(20, latin1)},
		{Name: "amount", Flags: 1, Type: tds.DecimalN(18, 4)},
		{Name: "at", Flags: 1, Type: tds.DateTime2N(7)},
		{Name: "raw", Flags: 1, Type: tds.VarBinary(-1)},
	}
	bl, err := c.BulkLoad(cols)
	require.NoError(t, err)
	const n = 5000
	for i := 0; i < n; i++ {
		vals := []tds.Value{{Int: int64(i)}, {String: "ñame " + strings.Repeat("x", i%40)}, {String: "Zürich"},
			{Decimal: dec("12.5")}, {Time: dt(tds.KindDateTime, "2024-01-02 03:04:05.1234567")}, {Bytes: []byte{byte(i)}}}
		if i%7 == 0 {
			vals[1], vals[3], vals[5] = tds.Value{Null: true}, tds.Value{Null: true}, tds.Value{Null: true}
		}
		require.NoError(t, bl.Row(vals))
	}
	r, err := bl.Send()
	require.NoError(t, err)
	res, err := readAll(t, r)
	require.NoError(t, err, "%v", res)
	require.NotEmpty(t, res.dones)
	assert.Equal(t, uint64(n), res.dones[len(res.dones)-1].RowCount)

	got := query(t, c, "SELECT COUNT(*), COUNT(name), MAX(v), SUM(amount) FROM tds_bulk")
	assert.Equal(t, []any{int64(n), int64(n - (n+6)/7), "Zürich"}, got.sets[0][0][:3])
	assert.Equal(t, "53562.5000", show(got.sets[0][0][3]))
}
