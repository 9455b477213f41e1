package tsql

import (
	"fmt"
	"strconv"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"github.com/shopspring/decimal"
)

// The storage convention: how a value of each SQL Server type lives in
// SQLite, both in tables and as the value of any expression.
//
//	integers, bit          INTEGER (bit is 0 or 1)
//	decimal, money         TEXT at the type's scale ("-12.3400")
//	real, float            REAL
//	char ... ntext, xml    TEXT (char/nchar padded; varchar in code page 1252)
//	binary ... image       BLOB (binary padded)
//	date/time kinds        TEXT, fixed width (see datetime.go)
//	uniqueidentifier       TEXT, upper case
//	sql_variant            the value's own storage

// sqliteDecl is the SQLite column declaration of a SQL Server type.
func sqliteDecl(t sqltype.Type, binaryCollation bool) string {
	switch k := t.Kind; {
	case isIntKind(k) || k == sqltype.Bit:
		return "INT"
	case isFloatKind(k):
		return "REAL"
	case isDecimalKind(k):
		return "TEXT COLLATE tsql_dec"
	case isStringKind(k):
		if binaryCollation {
			return "TEXT COLLATE tsql_bin"
		}
		return "TEXT COLLATE tsql_ci"
	case isBinaryKind(k):
		return "BLOB"
	case k == sqltype.DateTimeOffset:
		return "TEXT COLLATE tsql_dto"
	case k == sqltype.UniqueIdentifier:
		return "TEXT COLLATE tsql_guid"
	case k == sqltype.Xml || isDateTimeKind(k):
		return "TEXT"
	}
	return ""
}

// collationFor is the SQLite collation comparisons of t use, or "".
func collationFor(t sqltype.Type) string {
	switch k := t.Kind; {
	case k == sqltype.Decimal || k == sqltype.Numeric || k == sqltype.Money || k == sqltype.SmallMoney:
		return "tsql_dec"
	case isStringKind(k):
		return "tsql_ci"
	case k == sqltype.DateTimeOffset:
		return "tsql_dto"
	case k == sqltype.UniqueIdentifier:
		return "tsql_guid"
	}
	return ""
}

// toStorage converts a canonical value (package sqltype) of type t, as the
// front end delivers parameters and bulk rows, to the storage convention.
func toStorage(v any, t sqltype.Type) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return x, nil
	case bool:
		return boolToInt(x), nil
	case float64:
		return x, nil
	case []byte:
		return x, nil
	case [16]byte:
		return formatGUID(x), nil
	case time.Time:
		return storeTime(roundTime(x, t), t.Kind), nil
	case sqltype.Variant:
		inner, err := toStorage(x.Value, x.Type)
		if err != nil || t.Kind != sqltype.SQLVariant {
			return inner, err
		}
		return variantEncode(inner, x.Type), nil
	case string:
		if isDecimalKind(t.Kind) {
			s, ok := canonicalDecimal(x, typeScale(t))
			if !ok {
				return nil, errConvertingType("nvarchar", typeLabel(t))
			}
			return s, nil
		}
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case float32:
		return float64(x), nil
	}
	return nil, fmt.Errorf("tsql: unsupported value %T for %s", v, t)
}

// outConv converts a stored value to the canonical Go value of one result
// column; it is chosen once per column.
type outConv func(v any) (any, error)

// converterFor picks the converter of a column of type t.
func converterFor(t sqltype.Type) outConv {
	switch k := t.Kind; {
	case isIntKind(k):
		return outInt(t)
	case k == sqltype.Bit:
		return outBit
	case isDecimalKind(k):
		return outDecimal(t)
	case isFloatKind(k):
		return outFloat
	case isStringKind(k) || k == sqltype.Xml:
		return outString(t)
	case isBinaryKind(k):
		return outBinary(t)
	case isDateTimeKind(k):
		return outTime(t)
	case k == sqltype.UniqueIdentifier:
		return outGUID
	case k == sqltype.SQLVariant:
		return outVariant
	}
	return func(v any) (any, error) { return v, nil }
}

func outInt(t sqltype.Type) outConv {
	lo, hi := intRanges[t.Kind][0], intRanges[t.Kind][1]
	return func(v any) (any, error) {
		switch x := v.(type) {
		case int64:
			if x < lo || x > hi {
				return nil, errOverflowExpr(t.Kind.String())
			}
			return v, nil
		case nil:
			return v, nil
		case float64:
			if x < float64(lo) || x > float64(hi) {
				return nil, errOverflowExpr(t.Kind.String())
			}
			return int64(x), nil
		}
		return convertValue(v, mk(sqltype.NVarChar), t, 0)
	}
}

var (
	boxedTrue  any = true
	boxedFalse any = false
)

func outBit(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		if x != 0 {
			return boxedTrue, nil
		}
		return boxedFalse, nil
	case nil:
		return nil, nil
	}
	b, err := toBit(v, mk(sqltype.NVarChar))
	if err != nil {
		return nil, err
	}
	return outBit(b)
}

func outDecimal(t sqltype.Type) outConv {
	scale := typeScale(t)
	return func(v any) (any, error) {
		switch x := v.(type) {
		case string:
			if isCanonicalDecimal(x, scale) {
				return v, nil
			}
			if s, ok := canonicalDecimal(x, scale); ok {
				return s, nil
			}
			return nil, errConvertingType("nvarchar", "numeric")
		case nil:
			return nil, nil
		}
		d, ok := decFromStorage(v)
		if !ok {
			return nil, errConvertingType("float", "numeric")
		}
		return decText(d, scale), nil
	}
}

func outFloat(v any) (any, error) {
	switch x := v.(type) {
	case float64, nil:
		return v, nil
	case int64:
		return float64(x), nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, errConvertingType("nvarchar", "float")
		}
		return f, nil
	}
	return nil, errConvertingType("varbinary", "float")
}

func outString(t sqltype.Type) outConv {
	return func(v any) (any, error) {
		switch v.(type) {
		case string, nil:
			return v, nil
		}
		return textOf(v, storageKind(v), 0)
	}
}

// storageKind guesses a type for a stray stored value of another class.
func storageKind(v any) sqltype.Type {
	switch v.(type) {
	case int64:
		return typBigInt
	case float64:
		return typFloat
	case []byte:
		return mk(sqltype.VarBinary)
	}
	return mk(sqltype.NVarChar)
}

func outBinary(t sqltype.Type) outConv {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case []byte, nil:
			return v, nil
		case string:
			return []byte(x), nil
		}
		return toBinary(v, storageKind(v), t, 0)
	}
}

func outTime(t sqltype.Type) outConv {
	k := t.Kind
	return func(v any) (any, error) {
		switch x := v.(type) {
		case string:
			if tm, ok := loadTime(x, k); ok {
				return tm, nil
			}
			s, err := toDateTime(x, mk(sqltype.NVarChar), t, 0)
			if err != nil {
				return nil, err
			}
			tm, _ := loadTime(s.(string), k)
			return tm, nil
		case nil:
			return nil, nil
		}
		return nil, errExplicitConversion(storageKind(v).Kind.String(), k.String())
	}
}

func outGUID(v any) (any, error) {
	switch x := v.(type) {
	case string:
		g, ok := parseGUID(x)
		if !ok {
			return nil, errGUIDConversion()
		}
		return g, nil
	case []byte:
		if len(x) == 16 {
			return sqlBytesToGUID(x), nil
		}
	case nil:
		return nil, nil
	}
	return nil, errGUIDConversion()
}

func outVariant(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	inner, base, ok := variantDecode(v)
	if !ok {
		inner, base = v, guessVariantType(v)
	}
	cv, err := converterFor(base)(inner)
	if err != nil {
		return nil, err
	}
	return sqltype.Variant{Type: base, Value: cv}, nil
}

// encodeType packs a type into an int64 for SQLite function arguments.
func encodeType(t sqltype.Type) int64 {
	return int64(t.Kind) | int64(t.Precision)<<8 | int64(t.Scale)<<16 | int64(t.Length+1)<<24
}

// decodeType unpacks encodeType.
func decodeType(v int64) sqltype.Type {
	return sqltype.Type{Kind: sqltype.Kind(v & 0xff), Precision: uint8(v >> 8), Scale: uint8(v >> 16), Length: int(v>>24) - 1}
}

// sqlLiteral renders a stored value as a SQLite literal.
func sqlLiteral(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			s += ".0"
		}
		return s
	case string:
		return quoteString(x)
	case []byte:
		return fmt.Sprintf("X'%X'", x)
	case decimal.Decimal:
		return quoteString(x.String())
	}
	return "NULL"
}
