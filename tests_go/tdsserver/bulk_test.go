package tdsserver_test

import (
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// TestBulkLoad copies rows with go-mssqldb's bulk copy: INSERT BULK, then a
// bulk-load message whose COLMETADATA and ROW tokens the engine receives
// decoded.
func TestBulkLoad(t *testing.T) {
	s, e := startServer(t, tdsserver.Config{})
	db := openDB(t, dsn(s, nil))
	ctx := ctxT(t)
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	stmt, err := conn.PrepareContext(ctx, mssql.CopyIn("t", mssql.BulkOptions{}, "id", "name", "code", "amount", "at", "blob", "memo", "flag"))
	require.NoError(t, err)
	at := time.Date(2024, 1, 2, 3, 4, 5, 600, time.UTC)
	_, err = stmt.ExecContext(ctx, 1, "n\u00e9", "abc", "12.30", at, []byte{1, 2}, "memo text", true)
	require.NoError(t, err)
	_, err = stmt.ExecContext(ctx, 2, nil, nil, nil, nil, nil, nil, nil)
	require.NoError(t, err)
	res, err := stmt.ExecContext(ctx)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 2, n)
	require.NoError(t, stmt.Close())

	e.mu.Lock()
	defer e.mu.Unlock()
	require.Len(t, e.bulkCols, 8)
	assert.Equal(t, sqltype.Type{Kind: sqltype.Decimal, Precision: 10, Scale: 2}, e.bulkCols[3].Type)
	assert.Equal(t, sqltype.Text, e.bulkCols[6].Type.Kind)
	require.Len(t, e.bulkRows, 2)
	assert.Equal(t, []any{int64(1), "n\u00e9", "abc", "12.30", at, []byte{1, 2}, "memo text", true}, e.bulkRows[0])
	assert.Equal(t, []any{int64(2), nil, nil, nil, nil, nil, nil, nil}, e.bulkRows[1])
}
