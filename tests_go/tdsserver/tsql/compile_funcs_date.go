package tsql

import (
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// Date and time functions.

// dateParts maps every DATEPART abbreviation to its canonical name.
var dateParts = map[string]string{
	"year": "year", "yy": "year", "yyyy": "year", "quarter": "quarter", "qq": "quarter", "q": "quarter",
	"month": "month", "mm": "month", "m": "month", "dayofyear": "dayofyear", "dy": "dayofyear", "y": "dayofyear",
	"day": "day", "dd": "day", "d": "day", "week": "week", "wk": "week", "ww": "week",
	"weekday": "weekday", "dw": "weekday", "w": "weekday", "hour": "hour", "hh": "hour",
	"minute": "minute", "mi": "minute", "n": "minute", "second": "second", "ss": "second", "s": "second",
	"millisecond": "millisecond", "ms": "millisecond", "microsecond": "microsecond", "mcs": "microsecond",
	"nanosecond": "nanosecond", "ns": "nanosecond", "tzoffset": "tzoffset", "tz": "tzoffset",
	"iso_week": "iso_week", "isowk": "iso_week", "isoww": "iso_week",
}

func datePart(fc *funcCall) (string, error) {
	p, ok := dateParts[strings.ToLower(fc.DatePart)]
	if !ok {
		return "", newErr(155, 15, 1, "'%s' is not a recognized %s option.", fc.DatePart, strings.ToLower(fc.Name)).compiled()
	}
	return p, nil
}

// dateArg converts a string or number to a date/time type for date
// functions (strings become datetime, as SQL Server types them).
func (c *compiler) dateArg(x *cexpr, to sqltype.Type) (*cexpr, error) {
	if isDateTimeKind(x.t.Kind) {
		return x, nil
	}
	if x.null {
		return &cexpr{sql: "NULL", t: xtype{to, true}}, nil
	}
	return c.coerce(x, to)
}

func (c *compiler) nowValue(t sqltype.Type, utc bool) *cexpr {
	now := c.now
	if utc {
		now = now.UTC()
	}
	if c.static {
		u := "0"
		if utc {
			u = "1"
		}
		return &cexpr{sql: "tsql_now(" + itoa(encodeType(t)) + ", " + u + ")", t: xtype{t, false}}
	}
	if t.Kind != sqltype.DateTimeOffset {
		now = time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), time.UTC)
	} else {
		_, off := now.Zone()
		now = now.In(fixedZone(off))
	}
	ce := value(storeTime(roundTime(now, t), t.Kind), t)
	ce.lit = false // the same value for the statement, but not foldable into defaults
	return ce
}

func init() {
	builtins["GETDATE"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) { return c.nowValue(typDateTime, false), nil }
	builtins["GETUTCDATE"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) { return c.nowValue(typDateTime, true), nil }
	builtins["SYSDATETIME"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		return c.nowValue(scaled(sqltype.DateTime2, 7), false), nil
	}
	builtins["SYSUTCDATETIME"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		return c.nowValue(scaled(sqltype.DateTime2, 7), true), nil
	}
	builtins["SYSDATETIMEOFFSET"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		return c.nowValue(scaled(sqltype.DateTimeOffset, 7), false), nil
	}
	builtins["DATEADD"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		part, err := datePart(fc)
		if err != nil {
			return nil, err
		}
		args, err := c.argsCompiled(sc, fc, 2, 2)
		if err != nil {
			return nil, err
		}
		d, err := c.dateArg(args[1], typDateTime)
		if err != nil {
			return nil, err
		}
		n, err := c.coerce(args[0], typBigInt)
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_dateadd('" + part + "', " + n.sql + ", " + d.sql + ", " + itoa(encodeType(d.t.Type)) + ")", t: xtype{d.t.Type, anyNullable(args)}}, nil
	}
	for name, t := range map[string]sqltype.Type{"DATEDIFF": typInt, "DATEDIFF_BIG": typBigInt} {
		t := t
		builtins[name] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
			part, err := datePart(fc)
			if err != nil {
				return nil, err
			}
			args, err := c.argsCompiled(sc, fc, 2, 2)
			if err != nil {
				return nil, err
			}
			a, err := c.dateArg(args[0], scaled(sqltype.DateTime2, 7))
			if err != nil {
				return nil, err
			}
			b, err := c.dateArg(args[1], scaled(sqltype.DateTime2, 7))
			if err != nil {
				return nil, err
			}
			return &cexpr{sql: "tsql_datediff('" + part + "', " + a.sql + ", " + b.sql + ", " + itoa(encodeType(a.t.Type)) + ", " + itoa(encodeType(b.t.Type)) + ", " + itoa(encodeType(t)) + ")", t: xtype{t, anyNullable(args)}}, nil
		}
	}
}

func init() {
	builtins["DATEPART"] = datePartFunc("", typInt)
	builtins["DATENAME"] = datePartFunc("name", strType(sqltype.NVarChar, 30))
	builtins["YEAR"] = dateShortcut("year")
	builtins["MONTH"] = dateShortcut("month")
	builtins["DAY"] = dateShortcut("day")
	builtins["EOMONTH"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, 1, 2)
		if err != nil {
			return nil, err
		}
		d, err := c.dateArg(args[0], mk(sqltype.Date))
		if err != nil {
			return nil, err
		}
		months := "0"
		if len(args) == 2 {
			months = args[1].sql
		}
		return &cexpr{sql: "tsql_eomonth(" + d.sql + ", " + itoa(encodeType(d.t.Type)) + ", " + months + ")", t: xtype{mk(sqltype.Date), anyNullable(args)}}, nil
	}
	builtins["DATEFROMPARTS"] = fromParts(3, 3, mk(sqltype.Date))
	builtins["DATETIMEFROMPARTS"] = fromParts(7, 7, typDateTime)
	builtins["SMALLDATETIMEFROMPARTS"] = fromParts(5, 5, mk(sqltype.SmallDateTime))
	builtins["DATETIME2FROMPARTS"] = fromParts(9, 9, scaled(sqltype.DateTime2, 7))
	builtins["TIMEFROMPARTS"] = fromParts(5, 5, scaled(sqltype.Time, 7))
	builtins["DATETIMEOFFSETFROMPARTS"] = fromParts(10, 10, scaled(sqltype.DateTimeOffset, 7))
	builtins["ISDATE"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_isdate(" + a[0].sql + ")", t: xtype{typInt, false}}, nil
	})
	builtins["ISNUMERIC"] = strFunc(1, 1, func(c *compiler, a []*cexpr) (*cexpr, error) {
		return &cexpr{sql: "tsql_isnumeric(" + a[0].sql + ")", t: xtype{typInt, false}}, nil
	})
}

func init() {
	builtins["SWITCHOFFSET"] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		d, err := c.dateArg(a[0], scaled(sqltype.DateTimeOffset, 7))
		if err != nil {
			return nil, err
		}
		t := scaled(sqltype.DateTimeOffset, int(d.t.Scale))
		return &cexpr{sql: "tsql_offset(" + d.sql + ", " + itoa(encodeType(d.t.Type)) + ", " + a[1].sql + ", 1)", t: xtype{t, anyNullable(a)}}, nil
	})
	builtins["TODATETIMEOFFSET"] = strFunc(2, 2, func(c *compiler, a []*cexpr) (*cexpr, error) {
		d, err := c.dateArg(a[0], scaled(sqltype.DateTime2, 7))
		if err != nil {
			return nil, err
		}
		t := scaled(sqltype.DateTimeOffset, int(max(d.t.Scale, 0)))
		if d.t.Kind == sqltype.DateTime {
			t.Scale = 3
		}
		return &cexpr{sql: "tsql_offset(" + d.sql + ", " + itoa(encodeType(d.t.Type)) + ", " + a[1].sql + ", 0)", t: xtype{t, anyNullable(a)}}, nil
	})
	builtins["DATETRUNC"] = func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		part, err := datePart(fc)
		if err != nil {
			return nil, err
		}
		args, err := c.argsCompiled(sc, fc, 1, 1)
		if err != nil {
			return nil, err
		}
		d, err := c.dateArg(args[0], scaled(sqltype.DateTime2, 7))
		if err != nil {
			return nil, err
		}
		return &cexpr{sql: "tsql_datetrunc('" + part + "', " + d.sql + ", " + itoa(encodeType(d.t.Type)) + ")", t: xtype{d.t.Type, d.t.Nullable}}, nil
	}
}

func datePartFunc(mode string, rt sqltype.Type) builtin {
	return func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		part, err := datePart(fc)
		if err != nil {
			return nil, err
		}
		args, err := c.argsCompiled(sc, fc, 1, 1)
		if err != nil {
			return nil, err
		}
		return c.datePartOf(part, mode, args[0], rt)
	}
}

func (c *compiler) datePartOf(part, mode string, x *cexpr, rt sqltype.Type) (*cexpr, error) {
	target := scaled(sqltype.DateTime2, 7)
	if isNumericKind(x.t.Kind) {
		target = typDateTime
	}
	d, err := c.dateArg(x, target)
	if err != nil {
		return nil, err
	}
	fn := "tsql_datepart('"
	if mode == "name" {
		fn = "tsql_datename('"
	}
	return &cexpr{sql: fn + part + "', " + d.sql + ", " + itoa(encodeType(d.t.Type)) + ")", t: xtype{rt, x.t.Nullable}}, nil
}

func dateShortcut(part string) builtin {
	return func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, 1, 1)
		if err != nil {
			return nil, err
		}
		return c.datePartOf(part, "", args[0], typInt)
	}
}

func fromParts(minN, maxN int, t sqltype.Type) builtin {
	return func(c *compiler, sc *scope, fc *funcCall) (*cexpr, error) {
		args, err := c.argsCompiled(sc, fc, minN, maxN)
		if err != nil {
			return nil, err
		}
		rt := t
		if (t.Kind == sqltype.DateTime2 || t.Kind == sqltype.Time || t.Kind == sqltype.DateTimeOffset) && args[len(args)-1].lit {
			if p, ok := argInt(args[len(args)-1].val); ok && p >= 0 && p <= 7 {
				rt.Scale = uint8(p)
			}
		}
		return &cexpr{sql: "tsql_fromparts(" + itoa(encodeType(rt)) + ", " + sqlArgs(args) + ")", t: xtype{rt, anyNullable(args)}}, nil
	}
}
