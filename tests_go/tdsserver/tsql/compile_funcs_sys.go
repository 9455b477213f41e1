package tsql

import (
	"os"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// System functions and @@ variables. Their values belong to the session
// and are known when the statement is compiled, just before it runs.

const (
	productVersion = "16.0.4115.5"
	versionString  = "Microsoft SQL Server 2022 (RTM-CU12) (KB5033663) - " + productVersion + " (X64) \n\tMar  4 2024 08:56:10 \n\tCopyright (C) 2022 Microsoft Corporation\n\tDeveloper Edition (64-bit) on Linux (mssql-python-go TDS test server) <X64>"
)

func nvarchar(s string, n int) *cexpr { return value(s, strType(sqltype.NVarChar, n)) }

func intValue(v int64) *cexpr { return value(v, typInt) }

func nullOf(t sqltype.Type) *cexpr { return &cexpr{sql: "NULL", t: xtype{t, true}} }

func nullable(ce *cexpr) *cexpr { ce.t.Nullable = true; return ce }

// needSession rejects session functions in views, defaults and checks.
func (c *compiler) needSession(name string) error {
	if c.static || c.x == nil {
		return errNotSupported(name + " in a view, default or check constraint")
	}
	return nil
}

func (c *compiler) globalVar(name string) (*cexpr, error) {
	if err := c.needSession(name); err != nil && name != "@@VERSION" && name != "@@SERVERNAME" {
		return nil, err
	}
	x := c.x
	switch name {
	case "@@ROWCOUNT":
		return intValue(x.s.rowcount), nil
	case "@@TRANCOUNT":
		return intValue(int64(x.s.tx.count)), nil
	case "@@IDENTITY":
		return nullable(value(x.s.lastIdentity, numType(38, 0))), nil
	case "@@ERROR":
		return intValue(int64(x.s.lastError)), nil
	case "@@SPID":
		return value(int64(x.s.spid), typSmallInt), nil
	case "@@VERSION":
		return nvarchar(versionString, 300), nil
	case "@@SERVERNAME":
		if c.x == nil {
			return nvarchar("TDSTEST", 128), nil
		}
		return nvarchar(x.s.e.serverName, 128), nil
	case "@@SERVICENAME":
		return nvarchar("MSSQLSERVER", 128), nil
	case "@@LANGUAGE":
		return nvarchar(x.s.opts.language, 128), nil
	case "@@LANGID":
		return value(int64(0), typSmallInt), nil
	case "@@MAX_PRECISION":
		return value(int64(38), mk(sqltype.TinyInt)), nil
	case "@@DATEFIRST":
		return value(int64(7), mk(sqltype.TinyInt)), nil
	case "@@LOCK_TIMEOUT":
		return intValue(x.s.opts.lockTimeout), nil
	case "@@TEXTSIZE":
		return intValue(x.s.opts.textSize), nil
	case "@@NESTLEVEL":
		return intValue(int64(x.nest)), nil
	case "@@OPTIONS":
		return intValue(x.s.opts.bits()), nil
	case "@@FETCH_STATUS":
		return intValue(-1), nil
	case "@@PROCID":
		return intValue(x.frame.procID), nil
	case "@@MICROSOFTVERSION":
		return intValue(0x10001013), nil
	case "@@DBTS":
		return value([]byte{0, 0, 0, 0, 0, 0, 0x07, 0xD1}, strType(sqltype.VarBinary, 8)), nil
	}
	return nil, errMustDeclare(name)
}

func sysFunc(minN, maxN int, f func(c *compiler, args []*cexpr) (*cexpr, error)) builtin {
	return func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		if err := c.needSession(fc.Name); err != nil {
			return nil, err
		}
		args, err := c.argsCompiled(sc, fc, minN, maxN)
		if err != nil {
			return nil, err
		}
		return f(c, args)
	}
}

// constValue returns the value of a constant or variable argument.
func (c *compiler) constValue(x *cexpr) (any, error) {
	if x.lit {
		return x.val, nil
	}
	if strings.HasPrefix(x.sql, "?") {
		for v, i := range c.argOf {
			if "?"+itoa(int64(i)) == x.sql {
				if vv, ok := v.(*variable); ok {
					return vv.val, nil
				}
			}
		}
	}
	return nil, errNotSupported("a non-constant argument to a metadata function")
}

func (c *compiler) constString(x *cexpr) (string, bool, error) {
	v, err := c.constValue(x)
	if err != nil || v == nil {
		return "", false, err
	}
	s, _ := textOf(v, x.t.Type, 0)
	return s, true, nil
}

func init() {
	builtins["NEWID"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		return &cexpr{sql: "tsql_newid()", t: xtype{typGUID, false}}, nil
	}
	builtins["NEWSEQUENTIALID"] = builtins["NEWID"]
	builtins["SCOPE_IDENTITY"] = sysFunc(0, 0, func(c *compiler, _ []*cexpr) (*cexpr, error) {
		return nullable(value(c.x.frame.scopeIdentity, numType(38, 0))), nil
	})
	builtins["IDENT_CURRENT"] = sysFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return c.identFunc(a[0], "current")
	})
	builtins["IDENT_SEED"] = sysFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) { return c.identFunc(a[0], "seed") })
	builtins["IDENT_INCR"] = sysFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) { return c.identFunc(a[0], "incr") })
	builtins["ROWCOUNT_BIG"] = sysFunc(0, 0, func(c *compiler, _ []*cexpr) (*cexpr, error) {
		return value(c.x.s.rowcount, typBigInt), nil
	})
	builtins["XACT_STATE"] = sysFunc(0, 0, func(c *compiler, _ []*cexpr) (*cexpr, error) {
		return value(int64(c.x.s.xactState()), typSmallInt), nil
	})
	builtins["DB_NAME"] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		if len(a) == 0 {
			return nvarchar(c.x.s.db.Name, 128), nil
		}
		if !c.isConst(a[0]) {
			return c.dbNameRows(a[0]), nil
		}
		v, err := c.constValue(a[0])
		if err != nil || v == nil {
			return nullOf(tSysnameType()), err
		}
		id, _ := argInt(v)
		if db := c.x.s.e.databaseByID(id); db != nil {
			return nullable(nvarchar(db.Name, 128)), nil
		}
		return nullOf(tSysnameType()), nil
	})
	builtins["DB_ID"] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		if len(a) == 0 {
			return nullable(intValue(int64(c.x.s.db.ID))), nil
		}
		name, ok, err := c.constString(a[0])
		if err != nil || !ok {
			return nullOf(typInt), err
		}
		if db := c.x.s.e.database(name); db != nil {
			return nullable(intValue(int64(db.ID))), nil
		}
		return nullOf(typInt), nil
	})
}

func init() {
	builtins["OBJECT_ID"] = sysFunc(1, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		if !c.isConst(a[0]) {
			return c.objectIDRows(a[0]), nil
		}
		name, ok, err := c.constString(a[0])
		if err != nil || !ok {
			return nullOf(typInt), err
		}
		kind := ""
		if len(a) == 2 {
			kind, _, _ = c.constString(a[1])
		}
		id, found, err := c.x.objectID(name, strings.TrimSpace(kind))
		if err != nil || !found {
			return nullOf(typInt), err
		}
		return nullable(intValue(id)), nil
	})
	builtins["OBJECT_NAME"] = sysFunc(1, 2, func(c *compiler, a []*cexpr) (*cexpr, error) { return c.objectNameFunc(a, false) })
	builtins["OBJECT_SCHEMA_NAME"] = sysFunc(1, 2, func(c *compiler, a []*cexpr) (*cexpr, error) { return c.objectNameFunc(a, true) })
	builtins["SCHEMA_NAME"] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		if len(a) == 0 {
			return nullable(nvarchar("dbo", 128)), nil
		}
		if !c.isConst(a[0]) {
			return c.schemaNameRows(a[0]), nil
		}
		v, err := c.constValue(a[0])
		if err != nil || v == nil {
			return nullOf(tSysnameType()), err
		}
		id, _ := argInt(v)
		name, ok, err := c.x.schemaName(id)
		if err != nil || !ok {
			return nullOf(tSysnameType()), err
		}
		return nullable(nvarchar(name, 128)), nil
	})
	builtins["SCHEMA_ID"] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		name := "dbo"
		if len(a) == 1 {
			s, ok, err := c.constString(a[0])
			if err != nil || !ok {
				return nullOf(typInt), err
			}
			name = s
		}
		id, ok, err := c.x.schemaID(c.x.s.db, name)
		if err != nil || !ok {
			return nullOf(typInt), err
		}
		return nullable(intValue(id)), nil
	})
}

func init() {
	builtins["COL_LENGTH"] = sysFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		t, ok1, err := c.constString(a[0])
		if err != nil {
			return nil, err
		}
		col, ok2, err := c.constString(a[1])
		if err != nil || !ok1 || !ok2 {
			return nullOf(typSmallInt), err
		}
		td, err := c.x.lookupTableByString(t)
		if err != nil || td == nil {
			return nullOf(typSmallInt), nil
		}
		for _, cd := range td.cols {
			if strings.EqualFold(cd.name, col) {
				return nullable(value(int64(maxLengthBytes(cd.typ)), typSmallInt)), nil
			}
		}
		return nullOf(typSmallInt), nil
	})
	builtins["SERVERPROPERTY"] = sysFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		name, _, err := c.constString(a[0])
		if err != nil {
			return nil, err
		}
		return c.serverProperty(name), nil
	})
	builtins["DATABASEPROPERTYEX"] = sysFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		db, _, err := c.constString(a[0])
		if err != nil {
			return nil, err
		}
		prop, _, _ := c.constString(a[1])
		if c.x.s.e.database(db) == nil {
			return nullOf(mk(sqltype.SQLVariant)), nil
		}
		return variantOf(databaseProperty(prop)), nil
	})
}

func init() {
	for _, name := range []string{"USER_NAME", "CURRENT_USER", "SESSION_USER"} {
		builtins[name] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) { return nvarchar("dbo", 128), nil })
	}
	for _, name := range []string{"SUSER_SNAME", "SUSER_NAME", "ORIGINAL_LOGIN", "SYSTEM_USER"} {
		builtins[name] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
			return nvarchar(c.x.s.login.User, 128), nil
		})
	}
	builtins["USER_ID"] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) { return nullable(intValue(1)), nil })
	builtins["SUSER_ID"] = sysFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) { return nullable(intValue(1)), nil })
	builtins["HOST_NAME"] = sysFunc(0, 0, func(c *compiler, _ []*cexpr) (*cexpr, error) {
		return nullable(nvarchar(c.x.s.login.HostName, 128)), nil
	})
	builtins["APP_NAME"] = sysFunc(0, 0, func(c *compiler, _ []*cexpr) (*cexpr, error) {
		return nullable(nvarchar(c.x.s.login.AppName, 128)), nil
	})
	builtins["IS_SRVROLEMEMBER"] = sysFunc(1, 2, func(c *compiler, _ []*cexpr) (*cexpr, error) { return nullable(intValue(1)), nil })
	builtins["IS_MEMBER"] = sysFunc(1, 1, func(c *compiler, _ []*cexpr) (*cexpr, error) { return nullable(intValue(1)), nil })
	builtins["HAS_DBACCESS"] = sysFunc(1, 1, func(c *compiler, _ []*cexpr) (*cexpr, error) { return nullable(intValue(1)), nil })
	errorFuncs()
}

func tSysnameType() sqltype.Type { return typSysname }

func errorFuncs() {
	info := func(f func(e *sqlError) *cexpr, t sqltype.Type) builtin {
		return sysFunc(0, 0, func(c *compiler, _ []*cexpr) (*cexpr, error) {
			e := c.x.frame.caught()
			if e == nil {
				return nullOf(t), nil
			}
			return nullable(f(e)), nil
		})
	}
	builtins["ERROR_NUMBER"] = info(func(e *sqlError) *cexpr { return intValue(int64(e.msg.Number)) }, typInt)
	builtins["ERROR_SEVERITY"] = info(func(e *sqlError) *cexpr { return intValue(int64(e.msg.Class)) }, typInt)
	builtins["ERROR_STATE"] = info(func(e *sqlError) *cexpr { return intValue(int64(e.msg.State)) }, typInt)
	builtins["ERROR_LINE"] = info(func(e *sqlError) *cexpr { return intValue(int64(e.msg.Line)) }, typInt)
	builtins["ERROR_MESSAGE"] = info(func(e *sqlError) *cexpr { return nvarchar(e.msg.Text, 4000) }, strType(sqltype.NVarChar, 4000))
	builtins["ERROR_PROCEDURE"] = info(func(e *sqlError) *cexpr {
		if e.msg.Procedure == "" {
			return nullOf(typSysname)
		}
		return nvarchar(e.msg.Procedure, 128)
	}, typSysname)
}

func (c *compiler) identFunc(arg *cexpr, what string) (*cexpr, error) {
	name, ok, err := c.constString(arg)
	if err != nil || !ok {
		return nullOf(numType(38, 0)), err
	}
	td, err := c.x.lookupTableByString(name)
	if err != nil || td == nil {
		return nullOf(numType(38, 0)), nil
	}
	col := td.identityColumn()
	if col == nil {
		return nullOf(numType(38, 0)), nil
	}
	var v int64
	switch what {
	case "seed":
		v = col.seed
	case "incr":
		v = col.inc
	default:
		ctr, err := c.x.s.identCounter(c.x.ctx, td)
		if err != nil {
			return nil, err
		}
		v = ctr.current()
	}
	return nullable(value(itoa(v), numType(38, 0))), nil
}

func (c *compiler) objectNameFunc(a []*cexpr, schema bool) (*cexpr, error) {
	if !c.isConst(a[0]) {
		return c.objectNameRows(a[0], schema), nil
	}
	v, err := c.constValue(a[0])
	if err != nil || v == nil {
		return nullOf(typSysname), err
	}
	id, _ := argInt(v)
	db := c.x.s.db
	if len(a) == 2 {
		dv, _ := c.constValue(a[1])
		did, _ := argInt(dv)
		if db = c.x.s.e.databaseByID(did); db == nil {
			return nullOf(typSysname), nil
		}
	}
	name, sch, ok, err := c.x.objectName(db, id)
	if err != nil || !ok {
		return nullOf(typSysname), err
	}
	if schema {
		return nullable(nvarchar(sch, 128)), nil
	}
	return nullable(nvarchar(name, 128)), nil
}

// variantOf wraps a property value as sql_variant (strings are
// nvarchar(128), numbers int).
func variantOf(v any) *cexpr {
	base := typInt
	if _, ok := v.(string); ok {
		base = typSysname
	}
	ce := value(variantEncode(v, base), mk(sqltype.SQLVariant))
	ce.t.Nullable = true
	return ce
}

func (c *compiler) serverProperty(name string) *cexpr {
	props := map[string]any{
		"productversion": productVersion, "productlevel": "RTM", "productupdatelevel": "CU12",
		"productmajorversion": "16", "productminorversion": "0", "productbuild": "4115",
		"edition": "Developer Edition (64-bit)", "editionid": int64(-2117995310), "engineedition": int64(3),
		"machinename": c.x.s.e.serverName, "servername": c.x.s.e.serverName, "collation": defaultCollation,
		"collationid": int64(872468488), "lcid": int64(1033), "sqlcharset": int64(1), "sqlcharsetname": "iso_1",
		"sqlsortorder": int64(52), "sqlsortordername": "nocase_iso", "isclustered": int64(0),
		"isfulltextinstalled": int64(0), "isintegratedsecurityonly": int64(0), "ishadrenabled": int64(0),
		"issingleuser": int64(0), "buildclrversion": "v4.0.30319", "processid": int64(os.Getpid()),
		"isxtpsupported": int64(1), "ispolybaseinstalled": int64(0), "resourceversion": productVersion,
		"productupdatereference": "KB5033663", "isadvancedanalyticsinstalled": int64(0),
		"filestreamconfiguredlevel": int64(0), "hadrmanagerstatus": int64(2),
	}
	v, ok := props[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return nullOf(mk(sqltype.SQLVariant))
	}
	return variantOf(v)
}

// defaultCollation is the server and database collation.
const defaultCollation = "SQL_Latin1_General_CP1_CI_AS"

func databaseProperty(name string) any {
	switch strings.ToLower(name) {
	case "collation":
		return defaultCollation
	case "status":
		return "ONLINE"
	case "updateability":
		return "READ_WRITE"
	case "useraccess":
		return "MULTI_USER"
	case "recovery":
		return "SIMPLE"
	case "version":
		return int64(957)
	case "isautoclose", "isautoshrink", "isinstandby":
		return int64(0)
	case "comparisonstyle":
		return int64(196609)
	}
	return nil
}
