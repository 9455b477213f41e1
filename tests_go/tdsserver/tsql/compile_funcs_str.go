package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// String and math functions.

// stringArg converts a non-string argument to varchar, as string functions
// do implicitly.
func (c *compiler) stringArg(x *cexpr) (*cexpr, error) {
	if isStringKind(x.t.Kind) || x.t.Kind == sqltype.Xml {
		return x, nil
	}
	if x.null {
		return &cexpr{sql: "NULL", t: xtype{strType(sqltype.VarChar, 1), true}}, nil
	}
	return c.coerce(x, strType(sqltype.VarChar, castDefaultLength))
}

func unicodeFlag(t sqltype.Type) string {
	if isUnicodeKind(t.Kind) {
		return "1"
	}
	return "0"
}

// lengthResult is int, or bigint for (max) arguments.
func lengthResult(t sqltype.Type, nullable bool) xtype {
	if t.Length == sqltype.Max || t.Kind == sqltype.Text || t.Kind == sqltype.NText || t.Kind == sqltype.Image {
		return xtype{typBigInt, nullable}
	}
	return xtype{typInt, nullable}
}

// sameStringType keeps the argument's string type (varchar(n) stays).
func sameStringType(t sqltype.Type) sqltype.Type {
	switch t.Kind {
	case sqltype.Char:
		t.Kind = sqltype.VarChar
	case sqltype.NChar:
		t.Kind = sqltype.NVarChar
	case sqltype.Text:
		return strType(sqltype.VarChar, sqltype.Max)
	case sqltype.NText:
		return strType(sqltype.NVarChar, sqltype.Max)
	}
	return t
}

// growType is the 8000-byte result of REPLACE / REPLICATE.
func growType(t sqltype.Type) sqltype.Type {
	t = sameStringType(t)
	if t.Length == sqltype.Max {
		return t
	}
	if isUnicodeKind(t.Kind) {
		return strType(sqltype.NVarChar, 4000)
	}
	return strType(sqltype.VarChar, 8000)
}

func strFunc(minN, maxN int, f func(c *compiler, args []*cexpr) (*cexpr, error)) builtin {
	return func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, minN, maxN)
		if err != nil {
			return nil, err
		}
		return f(c, args)
	}
}

func anyNullable(args []*cexpr) bool {
	for _, a := range args {
		if a.t.Nullable || a.null {
			return true
		}
	}
	return false
}

func sqlArgs(args []*cexpr) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.sql
	}
	return strings.Join(parts, ", ")
}

func init() {
	builtins["LEN"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		s, err := c.stringArg(a[0])
		if err != nil {
			return nil, err
		}
		if isBinaryKind(a[0].t.Kind) {
			s = a[0]
		}
		return &cexpr{sql: "tsql_len(" + s.sql + ", " + unicodeFlag(s.t.Type) + ")", t: lengthResult(s.t.Type, a[0].t.Nullable)}, nil
	})
	builtins["DATALENGTH"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_datalength(" + a[0].sql + ", " + itoa(encodeType(a[0].t.Type)) + ")", t: lengthResult(a[0].t.Type, a[0].t.Nullable || a[0].null)}, nil
	})
	for _, name := range []string{"UPPER", "LOWER"} {
		fn := "tsql_" + strings.ToLower(name)
		builtins[name] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
			s, err := c.stringArg(a[0])
			if err != nil {
				return nil, err
			}
			return &cexpr{sql: fn + "(" + s.sql + ")", t: xtype{sameStringType(s.t.Type), s.t.Nullable}}, nil
		})
	}
	for name, fn := range map[string]string{"LTRIM": "ltrim", "RTRIM": "rtrim", "TRIM": "trim"} {
		fn := fn
		builtins[name] = strFunc(1, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
			s, err := c.stringArg(a[0])
			if err != nil {
				return nil, err
			}
			chars := "' '"
			if len(a) == 2 {
				chars = a[1].sql
			}
			return &cexpr{sql: fn + "(" + s.sql + ", " + chars + ")", t: xtype{sameStringType(s.t.Type), s.t.Nullable}}, nil
		})
	}
	builtins["SUBSTRING"] = strFunc(3, 3, func(c *compiler, a []*cexpr) (*cexpr, error) {
		s := a[0]
		if !isBinaryKind(s.t.Kind) {
			var err error
			if s, err = c.stringArg(s); err != nil {
				return nil, err
			}
		}
		t := sameStringType(s.t.Type)
		if t.Kind == sqltype.Binary {
			t.Kind = sqltype.VarBinary
		}
		return &cexpr{sql: "tsql_substring(" + s.sql + ", " + a[1].sql + ", " + a[2].sql + ", " + unicodeFlag(t) + ")", t: xtype{t, anyNullable(a)}}, nil
	})
	for _, name := range []string{"LEFT", "RIGHT"} {
		fn := "tsql_" + strings.ToLower(name)
		builtins[name] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
			s, err := c.stringArg(a[0])
			if err != nil {
				return nil, err
			}
			t := sameStringType(s.t.Type)
			return &cexpr{sql: fn + "(" + s.sql + ", " + a[1].sql + ", " + unicodeFlag(t) + ")", t: xtype{t, anyNullable(a)}}, nil
		})
	}
}

func init() {
	builtins["REPLICATE"] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		s, err := c.stringArg(a[0])
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_replicate(" + s.sql + ", " + a[1].sql + ")", t: xtype{growType(s.t.Type), true}}, nil
	})
	builtins["REPLACE"] = strFunc(3, 3, func(c *compiler, a []*cexpr) (*cexpr, error) {
		var err error
		for i := range a {
			if a[i], err = c.stringArg(a[i]); err != nil {
				return nil, err
			}
		}
		t := a[0].t.Type
		if isUnicodeKind(a[1].t.Kind) || isUnicodeKind(a[2].t.Kind) {
			t.Kind = sqltype.NVarChar
		}
		return &cexpr{sql: "tsql_replace(" + sqlArgs(a) + ")", t: xtype{growType(t), anyNullable(a)}}, nil
	})
	builtins["CHARINDEX"] = strFunc(2, 3, func(c *compiler, a []*cexpr) (*cexpr, error) {
		start := "1"
		if len(a) == 3 {
			start = a[2].sql
		}
		n, err := c.stringArg(a[0])
		if err != nil {
			return nil, err
		}
		h, err := c.stringArg(a[1])
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_charindex(" + n.sql + ", " + h.sql + ", " + start + ", " + unicodeFlag(h.t.Type) + ")", t: lengthResult(h.t.Type, anyNullable(a))}, nil
	})
	builtins["PATINDEX"] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_patindex(" + a[0].sql + ", " + a[1].sql + ")", t: lengthResult(a[1].t.Type, anyNullable(a))}, nil
	})
}

func init() {
	builtins["CONCAT"] = strFunc(2, -1, compileConcat)
	builtins["CONCAT_WS"] = strFunc(3, -1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		r, err := compileConcat(c, a)
		if err != nil {
			return nil, err
		}
		parts := make([]string, len(a))
		for i, x := range a {
			s, err := c.coerce(x, r.t.Type)
			if err != nil {
				return nil, err
			}
			parts[i] = s.sql
		}
		r.sql = "tsql_concat_ws(" + strings.Join(parts, ", ") + ")"
		return r, nil
	})
	builtins["REVERSE"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		s, err := c.stringArg(a[0])
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_reverse(" + s.sql + ")", t: xtype{sameStringType(s.t.Type), s.t.Nullable}}, nil
	})
	builtins["SPACE"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_replicate(' ', " + a[0].sql + ")", t: xtype{strType(sqltype.VarChar, 8000), true}}, nil
	})
	builtins["STUFF"] = strFunc(4, 4, func(c *compiler, a []*cexpr) (*cexpr, error) {
		s, err := c.stringArg(a[0])
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_stuff(" + s.sql + ", " + a[1].sql + ", " + a[2].sql + ", " + a[3].sql + ", " + unicodeFlag(s.t.Type) + ")", t: xtype{growType(s.t.Type), true}}, nil
	})
	builtins["STR"] = strFunc(1, 3, func(c *compiler, a []*cexpr) (*cexpr, error) {
		length, dec := "10", "0"
		if len(a) > 1 {
			length = a[1].sql
		}
		if len(a) > 2 {
			dec = a[2].sql
		}
		n := 10
		if len(a) > 1 && a[1].lit {
			if v, ok := argInt(a[1].val); ok {
				n = int(v)
			}
		}
		return &cexpr{sql: "tsql_str(" + a[0].sql + ", " + length + ", " + dec + ")", t: xtype{strType(sqltype.VarChar, max(n, 1)), a[0].t.Nullable}}, nil
	})
}

func init() {
	builtins["CHAR"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_char(" + a[0].sql + ", 0)", t: xtype{strType(sqltype.Char, 1), true}}, nil
	})
	builtins["NCHAR"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_char(" + a[0].sql + ", 1)", t: xtype{strType(sqltype.NChar, 1), true}}, nil
	})
	builtins["ASCII"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_ascii(" + a[0].sql + ", 0)", t: xtype{typInt, true}}, nil
	})
	builtins["UNICODE"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_ascii(" + a[0].sql + ", 1)", t: xtype{typInt, true}}, nil
	})
	builtins["QUOTENAME"] = strFunc(1, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		q := "'['"
		if len(a) == 2 {
			q = a[1].sql
		}
		return &cexpr{sql: "tsql_quotename(" + a[0].sql + ", " + q + ")", t: xtype{strType(sqltype.NVarChar, 258), true}}, nil
	})
	builtins["FORMAT"] = strFunc(2, 3, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_format(" + a[0].sql + ", " + a[1].sql + ", " + itoa(encodeType(a[0].t.Type)) + ")", t: xtype{strType(sqltype.NVarChar, 4000), true}}, nil
	})
	builtins["HASHBYTES"] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_hashbytes(" + a[0].sql + ", " + a[1].sql + ", " + unicodeFlag(a[1].t.Type) + ")", t: xtype{strType(sqltype.VarBinary, 8000), true}}, nil
	})
}

// compileConcat converts every argument to string and joins them; NULL
// counts as empty, so the result is never NULL.
func compileConcat(c *compiler, a []*cexpr) (*cexpr, error) {
	unicode, total, isMax := false, 0, false
	for _, x := range a {
		if isUnicodeKind(x.t.Kind) {
			unicode = true
		}
		l := concatLen(x.t.Type, x.t.Type)
		if x.null {
			l = 1
		}
		if l == sqltype.Max {
			isMax = true
		}
		total += l
	}
	t := strType(sqltype.VarChar, total)
	if unicode {
		t.Kind = sqltype.NVarChar
	}
	if isMax || (unicode && total > 4000) || total > 8000 {
		t.Length = sqltype.Max
	}
	wide := strType(t.Kind, sqltype.Max)
	parts := make([]string, len(a))
	for i, x := range a {
		s, err := c.coerce(x, wide)
		if err != nil {
			return nil, err
		}
		parts[i] = "coalesce(" + s.sql + ", '')"
	}
	return &cexpr{sql: "(" + strings.Join(parts, " || ") + ")", t: xtype{t, false}}, nil
}

// Math.

func init() {
	builtins["ABS"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return mathSameType(c, "abs", a[0])
	})
	builtins["SIGN"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return mathSameType(c, "sign", a[0])
	})
	for _, name := range []string{"FLOOR", "CEILING"} {
		fn := strings.ToLower(name)
		builtins[name] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
			x := a[0]
			t := x.t.Type
			if isDecimalKind(t.Kind) && !isMoney(t.Kind) {
				t.Scale = 0
			}
			return &cexpr{sql: "tsql_math('" + fn + "', " + x.sql + ", " + itoa(encodeType(t)) + ")", t: xtype{t, x.t.Nullable}}, nil
		})
	}
	builtins["ROUND"] = strFunc(2, 3, func(c *compiler, a []*cexpr) (*cexpr, error) {
		trunc := "0"
		if len(a) == 3 {
			trunc = a[2].sql
		}
		t := a[0].t.Type
		if !isNumericKind(t.Kind) {
			t = typFloat
		}
		if t.Kind == sqltype.Bit || t.Kind == sqltype.TinyInt || t.Kind == sqltype.SmallInt {
			t = typInt
		}
		return &cexpr{sql: "tsql_round(" + a[0].sql + ", " + a[1].sql + ", " + trunc + ", " + itoa(encodeType(t)) + ")", t: xtype{t, a[0].t.Nullable}}, nil
	})
	builtins["POWER"] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		t := a[0].t.Type
		if isDecimalKind(t.Kind) && !isMoney(t.Kind) {
			t = decType(38, int(t.Scale))
		}
		if t.Kind == sqltype.Bit || t.Kind == sqltype.TinyInt || t.Kind == sqltype.SmallInt || !isNumericKind(t.Kind) {
			t = typInt
			if !isNumericKind(a[0].t.Kind) {
				t = typFloat
			}
		}
		return &cexpr{sql: "tsql_math('power', " + a[0].sql + ", " + itoa(encodeType(t)) + ", " + a[1].sql + ")", t: xtype{t, anyNullable(a)}}, nil
	})
	for _, name := range []string{"SQRT", "EXP", "LOG", "LOG10", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "SQUARE", "DEGREES", "RADIANS", "ATN2", "COT"} {
		fn := strings.ToLower(name)
		builtins[name] = strFunc(1, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
			extra := ""
			if len(a) == 2 {
				extra = ", " + a[1].sql
			}
			return &cexpr{sql: "tsql_fmath('" + fn + "', " + a[0].sql + extra + ")", t: xtype{typFloat, anyNullable(a)}}, nil
		})
	}
	builtins["PI"] = strFunc(0, 0, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return value(3.141592653589793, typFloat), nil
	})
	builtins["RAND"] = strFunc(0, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_rand()", t: xtype{typFloat, false}}, nil
	})
}

func mathSameType(c *compiler, fn string, x *cexpr) (*cexpr, error) {
	t := x.t.Type
	if !isNumericKind(t.Kind) {
		if x.null {
			return &cexpr{sql: "NULL", t: xtype{typInt, true}}, nil
		}
		t = typFloat
		var err error
		if x, err = c.coerce(x, t); err != nil {
			return nil, err
		}
	}
	if t.Kind == sqltype.Bit {
		return nil, errOperandType("bit", fn)
	}
	return &cexpr{sql: "tsql_math('" + fn + "', " + x.sql + ", " + itoa(encodeType(t)) + ")", t: xtype{t, x.t.Nullable}}, nil
}
