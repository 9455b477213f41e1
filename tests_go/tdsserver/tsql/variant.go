package tsql

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// A sql_variant value is stored as text that carries its base type:
// "\x01" + encoded type + "\x02" + storage class (i, f, s, b) + value.

const variantMark = "\x01"

// variantEncode wraps a stored value of type t as a sql_variant.
func variantEncode(v any, t sqltype.Type) any {
	if v == nil {
		return nil
	}
	if s, ok := v.(string); ok && t.Kind == sqltype.SQLVariant {
		return s
	}
	var sb strings.Builder
	sb.WriteString(variantMark)
	sb.WriteString(strconv.FormatInt(encodeType(variantBase(t)), 10))
	sb.WriteString("\x02")
	switch x := v.(type) {
	case int64:
		sb.WriteString("i" + strconv.FormatInt(x, 10))
	case float64:
		sb.WriteString("f" + strconv.FormatFloat(x, 'g', -1, 64))
	case []byte:
		sb.WriteString("b" + hex.EncodeToString(x))
	default:
		sb.WriteString("s" + str(x))
	}
	return sb.String()
}

// variantBase is the base type recorded for a value of type t: lengths
// of (max) types and text types become their largest plain form.
func variantBase(t sqltype.Type) sqltype.Type {
	switch t.Kind {
	case sqltype.Text:
		return strType(sqltype.VarChar, 8000)
	case sqltype.NText, sqltype.Xml:
		return strType(sqltype.NVarChar, 4000)
	case sqltype.Image:
		return strType(sqltype.VarBinary, 8000)
	}
	if t.Length == sqltype.Max {
		if isUnicodeKind(t.Kind) {
			t.Length = 4000
		} else {
			t.Length = 8000
		}
	}
	return t
}

// variantDecode unwraps a stored sql_variant into its base value and type.
func variantDecode(v any) (any, sqltype.Type, bool) {
	s, ok := v.(string)
	if !ok || !strings.HasPrefix(s, variantMark) {
		return nil, sqltype.Type{}, false
	}
	code, rest, ok := strings.Cut(s[1:], "\x02")
	if !ok || rest == "" {
		return nil, sqltype.Type{}, false
	}
	n, err := strconv.ParseInt(code, 10, 64)
	if err != nil {
		return nil, sqltype.Type{}, false
	}
	t := decodeType(n)
	payload := rest[1:]
	switch rest[0] {
	case 'i':
		i, _ := strconv.ParseInt(payload, 10, 64)
		return i, t, true
	case 'f':
		f, _ := strconv.ParseFloat(payload, 64)
		return f, t, true
	case 'b':
		b, _ := hex.DecodeString(payload)
		return b, t, true
	}
	return payload, t, true
}

// guessVariantType types a stored value that carries no base type.
func guessVariantType(v any) sqltype.Type {
	switch x := v.(type) {
	case int64:
		return typInt
	case float64:
		return typFloat
	case []byte:
		return strType(sqltype.VarBinary, max(len(x), 1))
	case string:
		return strType(sqltype.NVarChar, max(utf16Len(x), 1))
	}
	return strType(sqltype.NVarChar, 1)
}
