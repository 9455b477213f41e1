package tsql

import (
	"database/sql/driver"
	"strings"

	sqlite "modernc.org/sqlite"
)

// Metadata functions over values that vary by row (OBJECT_NAME(object_id)
// in a catalog query) become subqueries on the catalog tables of the
// current database; constant arguments are resolved once (see
// compile_funcs_sys.go).

// isConst reports whether x is a constant or a variable.
func (c *compiler) isConst(x *cexpr) bool {
	if x.lit {
		return true
	}
	_, err := c.constValue(x)
	return err == nil
}

func (c *compiler) catalogAlias() string { return quoteIdent(c.x.currentDB().Alias) + "." }

// objectNameRows is OBJECT_NAME / OBJECT_SCHEMA_NAME of a column.
func (c *compiler) objectNameRows(id *cexpr, schema bool) *cexpr {
	a := c.catalogAlias()
	pick := "o.name"
	join := ""
	if schema {
		pick, join = "s.name", " JOIN ~a__tsql_schemas s ON s.schema_id = o.schema_id"
	}
	one := func(alias string) string {
		return "(SELECT " + pick + " FROM " + alias + "__tsql_objects o" + strings.ReplaceAll(join, "~a", alias) + " WHERE o.object_id = " + id.sql + ")"
	}
	sql := "coalesce(" + one(a) + ", " + one("temp.") + ")"
	if schema {
		sql = "coalesce(" + one(a) + ", CASE WHEN " + id.sql + " < 0 THEN 'dbo' END)"
	}
	return &cexpr{sql: sql, t: xtype{typSysname, true}}
}

func (c *compiler) schemaNameRows(id *cexpr) *cexpr {
	return &cexpr{sql: "(SELECT name FROM " + c.catalogAlias() + "__tsql_schemas WHERE schema_id = " + id.sql + ")", t: xtype{typSysname, true}}
}

// objectIDRows resolves OBJECT_ID(name) per row (current database only).
func (c *compiler) objectIDRows(name *cexpr) *cexpr {
	a := c.catalogAlias()
	sql := "(SELECT o.object_id FROM " + a + "__tsql_objects o JOIN " + a + "__tsql_schemas s ON s.schema_id = o.schema_id" +
		" WHERE o.name = tsql_namepart(" + name.sql + ", 1) AND s.name = coalesce(tsql_namepart(" + name.sql + ", 2), 'dbo'))"
	return &cexpr{sql: sql, t: xtype{typInt, true}}
}

func (c *compiler) dbNameRows(id *cexpr) *cexpr {
	var sb strings.Builder
	sb.WriteString("(CASE " + id.sql)
	for _, db := range c.x.s.e.dbs {
		sb.WriteString(" WHEN " + itoa(int64(db.ID)) + " THEN " + quoteString(db.Name))
	}
	sb.WriteString(" END)")
	return &cexpr{sql: sb.String(), t: xtype{typSysname, true}}
}

func init() {
	builtins["COL_NAME"] = sysFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		sql := "coalesce((SELECT name FROM " + c.catalogAlias() + "__tsql_columns WHERE object_id = " + a[0].sql + " AND column_id = " + a[1].sql +
			"), (SELECT name FROM temp.__tsql_columns WHERE object_id = " + a[0].sql + " AND column_id = " + a[1].sql + "))"
		return &cexpr{sql: sql, t: xtype{typSysname, true}}, nil
	})
	builtins["TYPE_NAME"] = sysFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		var sb strings.Builder
		sb.WriteString("(CASE " + a[0].sql)
		for _, bt := range builtinTypes {
			sb.WriteString(" WHEN " + itoa(int64(bt.user)) + " THEN " + quoteString(bt.name))
		}
		sb.WriteString(" END)")
		return &cexpr{sql: sb.String(), t: xtype{typSysname, true}}, nil
	})
	builtins["TYPE_ID"] = sysFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		var sb strings.Builder
		sb.WriteString("(CASE lower(" + a[0].sql + ")")
		for _, bt := range builtinTypes {
			sb.WriteString(" WHEN " + quoteString(bt.name) + " THEN " + itoa(int64(bt.user)))
		}
		sb.WriteString(" END)")
		return &cexpr{sql: sb.String(), t: xtype{typInt, true}}, nil
	})
	scalarFuncs["tsql_namepart"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok := a[0].(string)
		if !ok {
			return nil, nil
		}
		n, ok := parseObjectName(s)
		if !ok {
			return nil, nil
		}
		var part string
		switch i64(a[1]) {
		case 1:
			part = n.Name
		case 2:
			part = n.Schema
		case 3:
			part = n.DB
		}
		if part == "" {
			return nil, nil
		}
		return part, nil
	}
}
