package core

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
)

// An untyped NULL parameter (Python's None) gets the type SQL Server
// infers for it, as Microsoft's ODBC driver does through SQLDescribeParam:
// no one type converts implicitly to every other (a NULL declared varchar
// cannot go into a varbinary column), so the server is asked once per
// statement text with sp_describe_undeclared_parameters.

// nullType is the type the server suggested for one parameter.
type nullType struct {
	column    int
	typ       params.Type
	size      int32
	precision uint8
	scale     uint8
}

// nullTypeCache remembers the suggestions per statement text and typed
// declarations (nil: the server could not describe it).
type nullTypeCache struct {
	mu      sync.Mutex
	entries map[string][]nullType
}

const maxNullTypeEntries = 256

func (c *nullTypeCache) get(key string) ([]nullType, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[key]
	return v, ok
}

func (c *nullTypeCache) put(key string, v []nullType) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxNullTypeEntries {
		c.entries = map[string][]nullType{}
	}
	c.entries[key] = v
}

// typeNulls gives the untyped NULL columns of set the types the server
// suggests for them. A statement the server cannot describe keeps the
// default declaration (varchar); only a broken or cancelled request, or a
// failure that rolled back the open transaction, fails.
func (s *Session) typeNulls(ctx context.Context, sql string, set *params.Set) error {
	names, typed, untyped := paramDecls(set)
	if untyped == 0 {
		return nil
	}
	text, _ := sqltext.Rewrite(sql)
	key := text + "\x00" + typed
	found, ok := s.nullTypes.get(key)
	if !ok {
		inTx := s.InTransaction()
		rows, err := s.exec(ctx, describeParamsSQL(text, typed))
		if err != nil && (ctx.Err() != nil || !s.Valid() || (inTx && !s.InTransaction())) {
			return err // cancelled, broken, or the failure ended the caller's transaction (XACT_ABORT)
		}
		found = suggestedTypes(rows, names)
		s.nullTypes.put(key, found)
	}
	for _, t := range found {
		set.AssumeNull(t.column, t.typ, t.size, t.precision, t.scale)
	}
	return nil
}

// paramDecls names every parameter as the statement will (@p1.. for the
// positional ones), declares the typed ones and counts the untyped NULLs.
func paramDecls(set *params.Set) (names map[string]int, typed string, untyped int) {
	names = map[string]int{}
	var decls []string
	pos := 0
	for i := range set.Columns {
		c := &set.Columns[i]
		name := c.Name
		if name == "" {
			pos++
			name = sqltext.ParamName(pos)
		}
		names[strings.ToLower(name)] = i
		if c.Type == params.Null && !c.Fixed {
			untyped++
			continue
		}
		decl := "@" + name + " " + declOf(c, set.Rows)
		if c.Output {
			decl += " OUTPUT"
		}
		decls = append(decls, decl)
	}
	return names, strings.Join(decls, ", "), untyped
}

func describeParamsSQL(text, typed string) string {
	sql := "EXEC sp_describe_undeclared_parameters @tsql = " + nstring(text)
	if typed != "" {
		sql += ", @params = " + nstring(typed)
	}
	return sql
}

func nstring(s string) string { return "N'" + strings.ReplaceAll(s, "'", "''") + "'" }

// suggestedTypes reads sp_describe_undeclared_parameters' rows: name (1),
// suggested_system_type_name (3), max_length (4), precision (5), scale (6).
func suggestedTypes(rows [][]any, names map[string]int) []nullType {
	var out []nullType
	for _, r := range rows {
		if len(r) < 7 {
			continue
		}
		name, _ := r[1].(string)
		typeName, _ := r[3].(string)
		column, ok := names[strings.ToLower(strings.TrimPrefix(name, "@"))]
		typ, size := typeOfName(typeName)
		if !ok || typ == params.Null {
			continue
		}
		out = append(out, nullType{column: column, typ: typ, size: size,
			precision: uint8(intOf(r[5])), scale: uint8(intOf(r[6]))})
	}
	return out
}

var typesByName = map[string]params.Type{
	"bit": params.Bit, "tinyint": params.TinyInt, "smallint": params.SmallInt, "int": params.Int,
	"bigint": params.BigInt, "real": params.Real, "float": params.Float, "decimal": params.Decimal,
	"numeric": params.Decimal, "money": params.Money, "smallmoney": params.SmallMoney,
	"char": params.VarChar, "varchar": params.VarChar, "text": params.VarChar,
	"nchar": params.NVarChar, "nvarchar": params.NVarChar, "ntext": params.NVarChar,
	"binary": params.VarBinary, "varbinary": params.VarBinary, "image": params.VarBinary,
	"date": params.Date, "time": params.Time, "datetime": params.DateTime,
	"smalldatetime": params.SmallDateTime, "datetime2": params.DateTime2,
	"datetimeoffset": params.DateTimeOffset, "uniqueidentifier": params.UniqueIdentifier,
	"xml": params.XML,
}

// typeOfName maps a type name such as "varbinary(10)" or "nvarchar(max)"
// to a parameter type and size (0: none given, -1: max); Null when the
// type has no parameter type of its own (sql_variant, user types).
func typeOfName(name string) (params.Type, int32) {
	base, args, _ := strings.Cut(strings.ToLower(strings.TrimSpace(name)), "(")
	typ, ok := typesByName[base]
	if !ok {
		return params.Null, 0
	}
	args = strings.TrimSuffix(args, ")")
	if args == "max" {
		return typ, -1
	}
	if typ == params.VarChar || typ == params.NVarChar || typ == params.VarBinary {
		n, _ := strconv.Atoi(args)
		return typ, int32(n)
	}
	return typ, 0
}

func intOf(v any) int64 {
	switch v := v.(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	case int16:
		return int64(v)
	case uint8:
		return int64(v)
	case bool:
		if v {
			return 1
		}
	}
	return 0
}
