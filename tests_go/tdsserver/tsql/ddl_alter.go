package tsql

func (x *execCtx) execAlterTable(n *alterTableStmt) error { return errNotSupported("ALTER TABLE") }

func (x *execCtx) execDBCC(n *dbccStmt) error { return errNotSupported("DBCC " + n.Command) }
