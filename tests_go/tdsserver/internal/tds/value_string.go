package tds

import (
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func wantString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	}
	return "", fmt.Errorf("want a string, got %T", v)
}

// encodeChars writes char/varchar/text in the column collation's
// character set; char(n) is padded with spaces to n bytes.
func encodeChars(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	s, err := wantString(v)
	if err != nil {
		return dst, err
	}
	start := len(dst)
	dst = ti.Collation.Encode(dst, s)
	if ti.Type.Kind == sqltype.Char && ti.ID == typeBigChar {
		for len(dst)-start < ti.Size {
			dst = append(dst, ' ')
		}
	}
	return dst, nil
}

func decodeChars(b []byte, ti *TypeInfo) (any, error) {
	return ti.Collation.Decode(b), nil
}

// encodeNChars writes nchar/nvarchar/ntext/xml as UTF-16LE; nchar(n) is
// padded with spaces.
func encodeNChars(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	s, err := wantString(v)
	if err != nil {
		return dst, err
	}
	start := len(dst)
	dst, ok := appendUCS2(dst, s, true)
	if !ok {
		return dst[:start], fmt.Errorf("text is not valid UTF-8")
	}
	if ti.ID == typeNChar {
		for len(dst)-start < ti.Size {
			dst = append(dst, ' ', 0)
		}
	}
	return dst, nil
}

func decodeNChars(b []byte, ti *TypeInfo) (any, error) {
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("UTF-16 text of odd length %d", len(b))
	}
	if ti.Type.Kind == sqltype.Xml && len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE {
		b = b[2:] // byte-order mark
	}
	return DecodeUCS2(b), nil
}

// encodeBinary writes binary data; binary(n) is padded with zeros.
func encodeBinary(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	b, ok := v.([]byte)
	if !ok {
		return dst, fmt.Errorf("want a []byte, got %T", v)
	}
	dst = append(dst, b...)
	if ti.ID == typeBigBinary {
		for i := len(b); i < ti.Size; i++ {
			dst = append(dst, 0)
		}
	}
	return dst, nil
}

func decodeBinary(b []byte, ti *TypeInfo) (any, error) {
	return append([]byte{}, b...), nil
}
