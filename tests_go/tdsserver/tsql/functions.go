package tsql

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	sqlite "modernc.org/sqlite"
	"modernc.org/sqlite/vtab"
)

// T-SQL semantics that SQLite lacks run as Go functions and collations,
// registered once per process on the "sqlite" driver.

var registerOnce sync.Once

func registerSQLite() {
	registerOnce.Do(func() {
		registerCollations()
		for name, f := range scalarFuncs {
			must(sqlite.RegisterFunction(name, &sqlite.FunctionImpl{NArgs: -1, Scalar: f, Deterministic: true}))
		}
		for name, f := range volatileFuncs {
			must(sqlite.RegisterFunction(name, &sqlite.FunctionImpl{NArgs: -1, Scalar: f}))
		}
		registerAggregates()
		must(vtab.RegisterModule(nil, "tsql_series", seriesModule{}))
	})
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

type scalarFunc = func(ctx *sqlite.FunctionContext, args []driver.Value) (driver.Value, error)

// scalarFuncs are deterministic (usable in CHECK constraints and computed
// columns); volatileFuncs are not.
var scalarFuncs = map[string]scalarFunc{}
var volatileFuncs = map[string]scalarFunc{}

// UDF errors travel through SQLite as a message carrying a key into
// pendingErrors, where the *sqlError waits to be picked up.
var (
	pendingErrors sync.Map
	errSeq        atomic.Int64
)

var udfErrRe = regexp.MustCompile(`tsqlerr#(\d+)`)

func udfFail(err error) error {
	se, ok := asSQLError(err)
	if !ok {
		return err
	}
	id := errSeq.Add(1)
	pendingErrors.Store(id, se)
	return fmt.Errorf("tsqlerr#%d", id)
}

// udfError recovers the *sqlError a Go function raised, if any.
func udfError(err error) *sqlError {
	m := udfErrRe.FindStringSubmatch(err.Error())
	if m == nil {
		return nil
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	v, ok := pendingErrors.LoadAndDelete(id)
	if !ok {
		return nil
	}
	se := *v.(*sqlError)
	return &se
}

func argInt(v driver.Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func argStr(v driver.Value) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return floatTextFull(x), true
	}
	return "", false
}

func init() {
	scalarFuncs["tsql_cast"] = fnCast
	scalarFuncs["tsql_assign"] = fnAssign
	scalarFuncs["tsql_dec"] = fnDecimalArith
	scalarFuncs["tsql_div"] = fnDiv
	scalarFuncs["tsql_mod"] = fnMod
	scalarFuncs["tsql_xor"] = func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		x, ok1 := a[0].(int64)
		y, ok2 := a[1].(int64)
		if !ok1 || !ok2 {
			return nil, nil
		}
		return x ^ y, nil
	}
	volatileFuncs["tsql_ident"] = fnIdent
	volatileFuncs["tsql_raise"] = fnRaise
}

// tsql_cast(value, fromType, toType, style)
func fnCast(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	from, to := decodeType(a[1].(int64)), decodeType(a[2].(int64))
	style, _ := argInt(a[3])
	v, err := convertValue(a[0], from, to, int(style))
	if err != nil {
		if len(a) > 4 { // TRY_CAST / TRY_CONVERT
			return nil, nil
		}
		return nil, udfFail(err)
	}
	return v, nil
}

// tsql_assign(value, fromType, toType, table, column): the conversion of a
// value stored into a column, with the truncation check of error 2628.
func fnAssign(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil {
		return nil, nil
	}
	from, to := decodeType(a[1].(int64)), decodeType(a[2].(int64))
	wide := to
	if to.Length > 0 {
		wide.Length = sqltype.Max
	}
	v, err := convertValue(a[0], from, wide, 0)
	if err != nil {
		return nil, udfFail(err)
	}
	if to.Length <= 0 {
		return v, nil
	}
	table, _ := a[3].(string)
	column, _ := a[4].(string)
	switch x := v.(type) {
	case string:
		unicode := isUnicodeKind(to.Kind)
		if to.Kind == sqltype.Char || to.Kind == sqltype.NChar {
			x = strings.TrimRight(x, " ")
		}
		if charLen(x, unicode) > to.Length {
			return nil, udfFail(errTruncated(table, column, truncateChars(x, to.Length, unicode)))
		}
		if to.Kind == sqltype.Char || to.Kind == sqltype.NChar {
			return padChars(x, to.Length, unicode), nil
		}
		return x, nil
	case []byte:
		if len(x) > to.Length {
			return nil, udfFail(errTruncated(table, column, cp1252Text(x[:to.Length])))
		}
		if to.Kind == sqltype.Binary && len(x) < to.Length {
			p := make([]byte, to.Length)
			copy(p, x)
			return p, nil
		}
	}
	return v, nil
}

// tsql_dec(op, a, b, resultType): exact decimal arithmetic.
func fnDecimalArith(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[1] == nil || a[2] == nil {
		return nil, nil
	}
	op, _ := a[0].(string)
	t := decodeType(a[3].(int64))
	x, ok1 := decFromStorage(a[1])
	y, ok2 := decFromStorage(a[2])
	if !ok1 || !ok2 {
		return nil, udfFail(errConvertingType("varchar", "numeric"))
	}
	p, s := decPS(t)
	r, err := decimalArith(op, x, y, p, s)
	if err != nil {
		return nil, udfFail(err)
	}
	return r.StringFixed(int32(s)), nil
}

// tsql_div(a, b): division that raises 8134 on zero (ints truncate).
func fnDiv(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	switch y := a[1].(type) {
	case nil:
		return nil, nil
	case int64:
		if y == 0 {
			return nil, udfFail(errDivideByZero())
		}
		switch x := a[0].(type) {
		case int64:
			return x / y, nil
		case float64:
			return x / float64(y), nil
		}
	case float64:
		if y == 0 {
			return nil, udfFail(errDivideByZero())
		}
		switch x := a[0].(type) {
		case int64:
			return float64(x) / y, nil
		case float64:
			return x / y, nil
		}
	}
	return nil, nil
}

// tsql_mod(a, b): modulo that raises 8134 on zero.
func fnMod(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	x, ok1 := a[0].(int64)
	y, ok2 := a[1].(int64)
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	if ok1 && ok2 {
		if y == 0 {
			return nil, udfFail(errDivideByZero())
		}
		return x % y, nil
	}
	return nil, udfFail(errOperandType("float", "modulo"))
}

// tsql_raise(number): raises a prepared error (used where SQL must fail).
func fnRaise(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	n, _ := argInt(a[0])
	switch n {
	case 512:
		return nil, udfFail(errSubqueryMultipleValues())
	}
	return nil, udfFail(errDivideByZero())
}

// Collations.

func registerCollations() {
	must(sqlite.RegisterCollationUtf8("tsql_ci", collateCI))
	must(sqlite.RegisterCollationUtf8("tsql_bin", collateBin))
	must(sqlite.RegisterCollationUtf8("tsql_dec", collateDecimal))
	must(sqlite.RegisterCollationUtf8("tsql_dto", collateDTO))
	must(sqlite.RegisterCollationUtf8("tsql_guid", collateGUID))
}

// collateCI compares case-insensitively, ignoring trailing spaces, as
// SQL_Latin1_General_CP1_CI_AS does.
func collateCI(a, b string) int {
	a, b = strings.TrimRight(a, " "), strings.TrimRight(b, " ")
	for len(a) > 0 && len(b) > 0 {
		ca, cb := a[0], b[0]
		if ca < utf8.RuneSelf && cb < utf8.RuneSelf {
			if 'A' <= ca && ca <= 'Z' {
				ca += 'a' - 'A'
			}
			if 'A' <= cb && cb <= 'Z' {
				cb += 'a' - 'A'
			}
			if ca != cb {
				return int(ca) - int(cb)
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		la, lb := unicode.ToLower(ra), unicode.ToLower(rb)
		if la != lb {
			return int(la) - int(lb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

func collateBin(a, b string) int {
	return strings.Compare(strings.TrimRight(a, " "), strings.TrimRight(b, " "))
}

func collateDecimal(a, b string) int {
	x, ok1 := parseDecimalText(a)
	y, ok2 := parseDecimalText(b)
	if !ok1 || !ok2 {
		return strings.Compare(a, b)
	}
	return x.Cmp(y)
}

func collateDTO(a, b string) int {
	x, ok1 := loadTime(a, sqltype.DateTimeOffset)
	y, ok2 := loadTime(b, sqltype.DateTimeOffset)
	if !ok1 || !ok2 {
		return strings.Compare(a, b)
	}
	return x.Compare(y)
}

// collateGUID orders uniqueidentifiers as SQL Server does: the last group
// first, then the fourth, third, second and first.
func collateGUID(a, b string) int {
	if len(a) != 36 || len(b) != 36 {
		return strings.Compare(strings.ToUpper(a), strings.ToUpper(b))
	}
	for _, r := range [][2]int{{24, 36}, {19, 23}, {14, 18}, {9, 13}, {0, 8}} {
		if c := strings.Compare(strings.ToUpper(a[r[0]:r[1]]), strings.ToUpper(b[r[0]:r[1]])); c != 0 {
			return c
		}
	}
	return 0
}
