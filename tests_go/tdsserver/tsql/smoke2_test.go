package tsql

import (
	"context"
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func TestSmoke2(t *testing.T) {
	e := testEngine(t)
	s := openSession(t, e)
	for _, q := range []string{
		"CREATE PROCEDURE dbo.p @a int, @b nvarchar(10) = N'def', @c int OUTPUT AS BEGIN SET NOCOUNT ON; SET @c = @a * 2; SELECT @a AS a, @b AS b; RETURN 7 END",
		"DECLARE @r int, @o int; EXEC @r = p 5, @c = @o OUTPUT; SELECT @r, @o",
		"EXEC p @a = 1, @c = NULL",
		"EXEC p 1",
		"EXEC nosuch",
		"CREATE OR ALTER PROCEDURE p2 AS BEGIN TRAN; SELECT 1",
		"EXEC p2",
		"SELECT @@TRANCOUNT",
		"ROLLBACK",
		"CREATE PROC p3 AS SELECT 1/0; SELECT 'after'",
		"EXEC p3",
		"CREATE TABLE t (a int PRIMARY KEY)",
		"SET IMPLICIT_TRANSACTIONS ON; INSERT INTO t VALUES (1); SELECT @@TRANCOUNT; COMMIT; SELECT @@TRANCOUNT; SET IMPLICIT_TRANSACTIONS OFF",
		"BEGIN TRAN; SAVE TRAN sp1; INSERT INTO t VALUES (2); ROLLBACK TRAN sp1; SELECT count(*) FROM t; COMMIT",
		"COMMIT",
		"ROLLBACK",
		"SET XACT_ABORT ON; BEGIN TRAN; INSERT INTO t VALUES (1); SELECT 'not reached'",
		"SELECT @@TRANCOUNT; SET XACT_ABORT OFF",
		"EXEC sp_executesql N'SELECT @x + 1 AS v', N'@x int', @x = 41",
		"EXEC ('SELECT 42 AS v')",
		"EXEC sp_tdstest_deadlock",
	} {
		r := run(t, s, q)
		t.Logf("%s\n%s", q, r.dump())
	}
	rpc := func(name string, params ...backend.Param) {
		r := &recorder{}
		err := s.RPC(context.Background(), backend.RPCCall{Name: name, Params: params}, r)
		t.Logf("RPC %s err=%v\n%s", name, err, r.dump())
	}
	nv := func(s string) sqltype.Type { return sqltype.Type{Kind: sqltype.NVarChar, Length: len(s)} }
	rpc("sp_executesql", backend.Param{Type: nv("x"), Value: "SELECT @p1 AS a, @p2 AS b; SET @p3 = 99"},
		backend.Param{Type: nv("x"), Value: "@p1 int, @p2 nvarchar(20), @p3 bigint OUTPUT"},
		backend.Param{Name: "@p1", Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(5)},
		backend.Param{Name: "@p2", Type: nv("x"), Value: "hey"},
		backend.Param{Name: "@p3", Type: sqltype.Type{Kind: sqltype.BigInt}, Value: nil, Output: true})
	rpc("sp_prepexec", backend.Param{Name: "@h", Type: sqltype.Type{Kind: sqltype.Int}, Output: true},
		backend.Param{Type: nv("x"), Value: "@P1 nvarchar(5)"},
		backend.Param{Type: nv("x"), Value: "SELECT @P1"},
		backend.Param{Type: nv("x"), Value: "abc"})
	rpc("sp_execute", backend.Param{Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(1)}, backend.Param{Type: nv("x"), Value: "xyz"})
	rpc("p", backend.Param{Name: "@a", Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(3)},
		backend.Param{Name: "@c", Type: sqltype.Type{Kind: sqltype.Int}, Output: true})
	rpc("sp_executesql", backend.Param{Type: nv("x"), Value: "SELECT @a"}, backend.Param{Type: nv("x"), Value: "@a int"}, backend.Param{Name: "@a", Type: nv("x"), Value: "notint"})
	rpc("sp_sproc_columns", backend.Param{Name: "@procedure_name", Type: nv("x"), Value: "p"}, backend.Param{Name: "@ODBCVer", Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(3)})
	rpc("sp_columns", backend.Param{Name: "@table_name", Type: nv("x"), Value: "t"})
	rpc("sp_tables", backend.Param{Name: "@table_name", Type: nv("x"), Value: "t"})
	rpc("sp_pkeys", backend.Param{Name: "@table_name", Type: nv("x"), Value: "t"})
	rpc("sp_datatype_info", backend.Param{Name: "@data_type", Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(4)}, backend.Param{Name: "@ODBCVer", Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(3)})
}
