package fidelity

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"errors"
	"net/url"
	"os"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

func loadIssuerKey(t *testing.T) *rsa.PrivateKey {
	data, err := os.ReadFile(os.Getenv("FID_TOKEN_KEY"))
	if err != nil {
		t.Skip("FID_TOKEN_KEY not set")
	}
	block, _ := pem.Decode(data)
	require.NotNil(t, block)
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err)
	return k.(*rsa.PrivateKey)
}

// TestGoMSSQLDB runs the fidelity scenario with go-mssqldb against the
// server run.sh started (FID_* variables); without them it is skipped.
func TestGoMSSQLDB(t *testing.T) {
	if os.Getenv("FID_PORT") == "" {
		t.Skip("FID_* not set: run tests_go/fidelity/run.sh")
	}
	q := url.Values{"database": {"master"}, "encrypt": {"true"}, "certificate": {os.Getenv("FID_CA")}}
	u := url.URL{Scheme: "sqlserver", User: url.UserPassword(os.Getenv("FID_USER"), os.Getenv("FID_PASSWORD")),
		Host: os.Getenv("FID_HOST") + ":" + os.Getenv("FID_PORT"), RawQuery: q.Encode()}
	db, err := sql.Open("sqlserver", u.String())
	require.NoError(t, err)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const tbl = "fid_types_gomssqldb"

	t.Run("login-tls", func(t *testing.T) { require.NoError(t, db.PingContext(ctx)) })
	t.Run("login-tds8-strict", func(t *testing.T) {
		sq := url.Values{"database": {"master"}, "encrypt": {"strict"}, "certificate": {os.Getenv("FID_CA")}}
		su := u
		su.RawQuery = sq.Encode()
		sdb, err := sql.Open("sqlserver", su.String())
		require.NoError(t, err)
		defer sdb.Close()
		require.NoError(t, sdb.PingContext(ctx))
	})
	t.Run("every-type-out", func(t *testing.T) {
		_, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+tbl+"; CREATE TABLE "+tbl+` (id int NOT NULL PRIMARY KEY,
			a tinyint, b bigint, c decimal(18,4), d money, e float, f varchar(20), g nvarchar(max), h varbinary(max),
			i date, j time(7), k datetime2(7), l datetimeoffset(7), m uniqueidentifier, n xml, o sql_variant, p bit, q datetime)`)
		require.NoError(t, err)
		_, err = db.ExecContext(ctx, "INSERT INTO "+tbl+` VALUES (1, 255, -9223372036854775807, 12345678901234.5678,
			922337203685477.5807, -2.25, 'caf`+"\u00e9"+`', N'`+"\u65e5\u672c"+`', 0xDEADBEEF, '2024-02-29', '23:59:59.1234567',
			'2024-01-02T03:04:05.1234567', '2024-01-02T03:04:05.1234567+05:30', '6F9619FF-8B86-D011-B42D-00C04FC964FF',
			CAST(N'<a/>' AS xml), CAST(42 AS int), 1, '2024-01-02T03:04:05.997'), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
			NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`)
		require.NoError(t, err)
		row := make([]any, 17)
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		require.NoError(t, db.QueryRowContext(ctx, "SELECT a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q FROM "+tbl+" WHERE id = 1").Scan(ptrs...))
		var guid mssql.UniqueIdentifier
		require.NoError(t, guid.Scan(row[12]))
		dto := time.FixedZone("", 5*3600+30*60)
		assert.Equal(t, []any{int64(255), int64(-9223372036854775807), []byte("12345678901234.5678"),
			[]byte("922337203685477.5807"), -2.25, "caf\u00e9", "\u65e5\u672c", []byte{0xde, 0xad, 0xbe, 0xef},
			time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 23, 59, 59, 123456700, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 123456700, time.UTC)}, row[:11])
		assert.True(t, time.Date(2024, 1, 2, 3, 4, 5, 123456700, dto).Equal(row[11].(time.Time)))
		assert.Equal(t, "6F9619FF-8B86-D011-B42D-00C04FC964FF", guid.String())
		assert.Equal(t, []any{"<a/>", int64(42), true, time.Date(2024, 1, 2, 3, 4, 5, 997000000, time.UTC)}, row[13:])
		require.NoError(t, db.QueryRowContext(ctx, "SELECT a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q FROM "+tbl+" WHERE id = 2").Scan(ptrs...))
		assert.Equal(t, make([]any, 17), row)
	})
	t.Run("rpc-params-and-output", func(t *testing.T) {
		_, err := db.ExecContext(ctx, "DROP PROCEDURE IF EXISTS fid_proc_go")
		require.NoError(t, err)
		_, err = db.ExecContext(ctx, "CREATE PROCEDURE fid_proc_go @a int, @c int OUTPUT AS BEGIN SET @c = @a * 2; RETURN 5 END")
		require.NoError(t, err)
		var out int64
		var rs mssql.ReturnStatus
		_, err = db.ExecContext(ctx, "fid_proc_go", sql.Named("a", 21), sql.Named("c", sql.Out{Dest: &out}), &rs)
		require.NoError(t, err)
		assert.Equal(t, int64(42), out)
		assert.EqualValues(t, 5, rs)
		var n int64
		var s string
		require.NoError(t, db.QueryRowContext(ctx, "SELECT @p1 + 1, @p2", 41, "x\u00e9").Scan(&n, &s))
		assert.Equal(t, int64(42), n)
		assert.Equal(t, "x\u00e9", s)
	})
	t.Run("attention-cancels-waitfor", func(t *testing.T) {
		conn, err := db.Conn(ctx)
		require.NoError(t, err)
		defer conn.Close()
		cctx, ccancel := context.WithCancel(ctx)
		time.AfterFunc(300*time.Millisecond, ccancel)
		start := time.Now()
		_, err = conn.ExecContext(cctx, "WAITFOR DELAY '00:00:20'")
		assert.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 10*time.Second, "cancelled, not waited out")
		var one int
		require.NoError(t, conn.QueryRowContext(ctx, "SELECT 1").Scan(&one), "same connection usable after the attention")
	})
	t.Run("bulk-copy", func(t *testing.T) {
		conn, err := db.Conn(ctx)
		require.NoError(t, err)
		defer conn.Close()
		_, err = conn.ExecContext(ctx, "DROP TABLE IF EXISTS fid_bulk_go; CREATE TABLE fid_bulk_go (id int NOT NULL, name nvarchar(20) NULL, amount decimal(10,2) NULL)")
		require.NoError(t, err)
		stmt, err := conn.PrepareContext(ctx, mssql.CopyIn("fid_bulk_go", mssql.BulkOptions{}, "id", "name", "amount"))
		require.NoError(t, err)
		for i := 0; i < 100; i++ {
			_, err = stmt.ExecContext(ctx, i, "n\u00e9", "1.50")
			require.NoError(t, err)
		}
		res, err := stmt.ExecContext(ctx)
		require.NoError(t, err)
		n, _ := res.RowsAffected()
		assert.EqualValues(t, 100, n)
		require.NoError(t, stmt.Close())
		var count int
		var sum string
		require.NoError(t, conn.QueryRowContext(ctx, "SELECT COUNT(*), CAST(SUM(amount) AS varchar(20)) FROM fid_bulk_go WHERE name = N'n\u00e9'").Scan(&count, &sum))
		assert.Equal(t, 100, count)
		assert.Equal(t, "150.00", sum)
	})
	t.Run("token-login", func(t *testing.T) {
		key := loadIssuerKey(t)
		for _, tc := range []struct {
			name string
			ttl  time.Duration
			ok   bool
		}{{"valid", time.Hour, true}, {"expired", -time.Minute, false}} {
			tok, err := tdsserver.MintToken(key, tdsserver.TokenClaims("gofid@example.com", tc.ttl))
			require.NoError(t, err)
			tu := u
			tu.User = nil
			conn, err := mssql.NewAccessTokenConnector(tu.String(), func() (string, error) { return tok, nil })
			require.NoError(t, err)
			tdb := sql.OpenDB(conn)
			var who string
			err = tdb.QueryRowContext(ctx, "SELECT SUSER_SNAME()").Scan(&who)
			tdb.Close()
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, "gofid@example.com", who)
				continue
			}
			var me mssql.Error
			require.True(t, errors.As(err, &me), "%s: %v", tc.name, err)
			assert.EqualValues(t, 18456, me.Number)
		}
	})
	t.Run("server-error-208", func(t *testing.T) {
		_, err := db.ExecContext(ctx, "SELECT * FROM fid_no_such_table")
		var me mssql.Error
		require.True(t, errors.As(err, &me), "%v", err)
		assert.EqualValues(t, 208, me.Number)
	})
	t.Run("commit-and-rollback", func(t *testing.T) {
		for _, commit := range []bool{true, false} {
			tx, err := db.BeginTx(ctx, nil)
			require.NoError(t, err)
			_, err = tx.ExecContext(ctx, "INSERT INTO "+tbl+" (id) VALUES (@p1)", map[bool]int{true: 10, false: 11}[commit])
			require.NoError(t, err)
			if commit {
				require.NoError(t, tx.Commit())
			} else {
				require.NoError(t, tx.Rollback())
			}
		}
		var n, lo int
		require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*), MIN(id) FROM "+tbl+" WHERE id >= 10").Scan(&n, &lo))
		assert.Equal(t, [2]int{1, 10}, [2]int{n, lo})
		_, err := db.ExecContext(ctx, "DROP TABLE "+tbl)
		require.NoError(t, err)
	})
}
