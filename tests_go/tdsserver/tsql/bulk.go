package tsql

import (
	"context"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func (x *execCtx) execInsertBulk(n *insertBulkStmt) error { return errNotSupported("INSERT BULK") }

// BulkLoad inserts the rows of a bulk-load message (backend.Session).
func (s *session) BulkLoad(ctx context.Context, cols []sqltype.Column, rows [][]any, out backend.Results) error {
	return nil
}
