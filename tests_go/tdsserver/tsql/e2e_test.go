package tsql_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// The engine behind the real front end, through go-mssqldb: what a
// driver sees over TDS.

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	srv, err := tdsserver.Start(tdsserver.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Databases: []string{"e2e"}})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	q := url.Values{"database": {"master"}, "encrypt": {"true"}, "certificate": {srv.CAFile()}}
	u := url.URL{Scheme: "sqlserver", User: url.UserPassword(srv.User(), srv.Password()), Host: srv.Addr(), RawQuery: q.Encode()}
	db, err := sql.Open("sqlserver", u.String())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestGoMSSQLDBMetadataAndValues(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, `CREATE TABLE meta (id int IDENTITY PRIMARY KEY, d decimal(18,4) NOT NULL, n nvarchar(30), v varchar(10),
		dt2 datetime2(3), dto datetimeoffset, g uniqueidentifier, b varbinary(max), f float, m money, bt bit)`)
	require.NoError(t, err)
	guid := mssql.UniqueIdentifier{0x6F, 0x96, 0x19, 0xFF, 0x8B, 0x86, 0xD0, 0x11, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}
	when := time.Date(2024, 3, 4, 5, 6, 7, 123000000, time.UTC)
	zone := time.FixedZone("", 5*3600+1800)
	dto := time.Date(2024, 3, 4, 5, 6, 7, 0, zone)
	big := strings.Repeat("é", 1<<20)
	_, err = db.ExecContext(ctx, "INSERT INTO meta (d, n, v, dt2, dto, g, b, f, m, bt) VALUES (@p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)",
		"12345678901234.5678", "日本語 😀", mssql.VarChar("plain"), when, dto, guid, []byte(big), 1.25, "-922337203685477.5808", true)
	require.NoError(t, err)

	rows, err := db.QueryContext(ctx, "SELECT id, d, n, v, dt2, dto, g, b, f, m, bt, CAST(d AS float) AS fd FROM meta")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var got []string
	for _, ct := range types {
		got = append(got, ct.DatabaseTypeName())
	}
	assert.Equal(t, []string{"INT", "DECIMAL", "NVARCHAR", "VARCHAR", "DATETIME2", "DATETIMEOFFSET", "UNIQUEIDENTIFIER", "VARBINARY", "FLOAT", "MONEY", "BIT", "FLOAT"}, got)
	p, s, ok := types[1].DecimalSize()
	assert.True(t, ok)
	assert.Equal(t, []int64{18, 4}, []int64{p, s})
	n, ok := types[2].Length()
	assert.True(t, ok)
	assert.Equal(t, int64(30), n, "nvarchar(30)")
	nullable, _ := types[1].Nullable()
	assert.False(t, nullable)
	nullable, _ = types[2].Nullable()
	assert.True(t, nullable)

	require.True(t, rows.Next())
	var (
		id          int64
		d, nv, v, m string
		dt2, dtoGot time.Time
		g           mssql.UniqueIdentifier
		b           []byte
		f, fd       float64
		bt          bool
	)
	require.NoError(t, rows.Scan(&id, &d, &nv, &v, &dt2, &dtoGot, &g, &b, &f, &m, &bt, &fd))
	assert.Equal(t, "12345678901234.5678", d)
	assert.Equal(t, "日本語 😀", nv)
	assert.Equal(t, "plain", v)
	assert.True(t, when.Equal(dt2))
	assert.True(t, dto.Equal(dtoGot))
	_, off := dtoGot.Zone()
	assert.Equal(t, 5*3600+1800, off)
	assert.Equal(t, guid, g)
	assert.Equal(t, []byte(big), b)
	assert.Equal(t, 1.25, f)
	assert.Equal(t, "-922337203685477.5808", m)
	assert.True(t, bt)
	assert.Equal(t, 12345678901234.5678, fd)
}

func TestGoMSSQLDBErrors(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, "CREATE TABLE e (id int PRIMARY KEY); INSERT INTO e VALUES (1)")
	require.NoError(t, err)
	cases := map[string]int32{
		"INSERT INTO e VALUES (1)": 2627,
		"SELECT * FROM nosuch":     208,
		"SELECT 1/0":               8134,
		"SELECT CAST('x' AS int)":  245,
		"RAISERROR('boom', 16, 7)": 50000,
		"EXEC sp_tdstest_deadlock": 1205,
		"COMMIT":                   3902,
		"SELECT 1 +":               102,
	}
	for sqlText, number := range cases {
		_, err := db.ExecContext(ctx, sqlText)
		var me mssql.Error
		require.True(t, errors.As(err, &me), sqlText)
		assert.Equal(t, number, me.Number, sqlText)
	}
	var one int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT 1").Scan(&one), "the connection survives errors")
}

func TestGoMSSQLDBTransactionsAndProcedures(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, `CREATE TABLE tx (id int);
		EXEC ('CREATE PROCEDURE dbo.add_tx @id int, @total int OUTPUT AS BEGIN INSERT INTO tx VALUES (@id); SELECT @total = COUNT(*) FROM tx; RETURN 9 END')`)
	require.NoError(t, err)
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	require.NoError(t, err)
	_, err = tx.ExecContext(ctx, "INSERT INTO tx VALUES (1)")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	tx, err = db.BeginTx(ctx, nil)
	require.NoError(t, err)
	var total int
	var status mssql.ReturnStatus
	_, err = tx.ExecContext(ctx, "add_tx", sql.Named("id", 2), sql.Named("total", sql.Out{Dest: &total}), &status)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	assert.Equal(t, 1, total, "the rolled-back row is gone")
	assert.Equal(t, mssql.ReturnStatus(9), status)
	var count int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*) FROM tx").Scan(&count))
	assert.Equal(t, 1, count)
}

func TestGoMSSQLDBBulkCopy(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, "CREATE TABLE bc (id int IDENTITY, name nvarchar(20) NOT NULL, amount decimal(10,2), at datetime2)")
	require.NoError(t, err)
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	require.NoError(t, err)
	stmt, err := tx.PrepareContext(ctx, mssql.CopyIn("bc", mssql.BulkOptions{KeepNulls: true, Tablock: true}, "name", "amount", "at"))
	require.NoError(t, err)
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < 500; i++ {
		_, err = stmt.ExecContext(ctx, "row", "12.50", at)
		require.NoError(t, err)
	}
	res, err := stmt.ExecContext(ctx)
	require.NoError(t, err)
	n, _ := res.RowsAffected()
	assert.Equal(t, int64(500), n)
	require.NoError(t, stmt.Close())
	require.NoError(t, tx.Commit())
	var count, maxID int
	var sum string
	require.NoError(t, db.QueryRowContext(ctx, "SELECT COUNT(*), MAX(id), SUM(amount) FROM bc").Scan(&count, &maxID, &sum))
	assert.Equal(t, []any{500, 500, "6250.00"}, []any{count, maxID, sum})
}

func TestGoMSSQLDBCancel(t *testing.T) {
	db := openDB(t)
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := db.ExecContext(ctx, "WAITFOR DELAY '00:00:30'")
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	var one int
	require.NoError(t, db.QueryRowContext(context.Background(), "SELECT 1").Scan(&one))
}
