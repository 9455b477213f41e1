package tds

import (
	"encoding/binary"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// variantBase is the TYPE_INFO of a sql_variant's base type: the
// non-nullable form, as SQL Server stores it inside the variant.
func variantBase(t sqltype.Type, coll []byte) (TypeInfo, error) {
	switch t.Kind {
	case sqltype.Text, sqltype.NText, sqltype.Image, sqltype.Xml, sqltype.SQLVariant, sqltype.Invalid:
		return TypeInfo{}, fmt.Errorf("sql_variant cannot hold %s", t)
	}
	if t.Length == sqltype.Max {
		return TypeInfo{}, fmt.Errorf("sql_variant cannot hold %s", t)
	}
	return ForType(t, false, coll)
}

// variantProps appends the property bytes that follow the base type id.
func variantProps(dst []byte, base *TypeInfo) []byte {
	switch base.ID {
	case typeDecimalN, typeNumericN:
		return append(dst, 2, base.Precision, base.Scale)
	case typeTimeN, typeDateTime2N, typeDateTimeOffsetN:
		return append(dst, 1, base.Scale)
	case typeBigChar, typeBigVarChar, typeNChar, typeNVarChar:
		dst = append(dst, 7)
		dst = append(dst, base.Collation[:]...)
		return binary.LittleEndian.AppendUint16(dst, uint16(base.Size))
	case typeBigBinary, typeBigVarBin:
		dst = append(dst, 2)
		return binary.LittleEndian.AppendUint16(dst, uint16(base.Size))
	}
	return append(dst, 0)
}

func encodeVariant(dst []byte, ti *TypeInfo, v any) ([]byte, error) {
	vv, ok := v.(sqltype.Variant)
	if !ok {
		return dst, fmt.Errorf("want a sqltype.Variant, got %T", v)
	}
	base, err := variantBase(vv.Type, nil)
	if err != nil {
		return dst, err
	}
	c, err := codecFor(base.Type.Kind)
	if err != nil {
		return dst, err
	}
	dst = append(dst, base.ID)
	dst = variantProps(dst, &base)
	start := len(dst)
	dst, err = c.enc(dst, &base, vv.Value)
	if err == nil && framingOf(base.ID, base.Size) != frameFixed && len(dst)-start > base.Size {
		err = fmt.Errorf("value of %d bytes exceeds %s", len(dst)-start, vv.Type)
	}
	return dst, err
}

func decodeVariant(b []byte, ti *TypeInfo) (any, error) {
	c := NewCursor(b)
	base := TypeInfo{ID: c.Byte()}
	props := NewCursor(c.Bytes(int(c.Byte())))
	if c.Err() != nil {
		return nil, fmt.Errorf("sql_variant header: %w", c.Err())
	}
	data := c.Bytes(c.Remaining())
	if err := base.readVariantProps(props, len(data)); err != nil {
		return nil, err
	}
	cd, err := codecFor(base.Type.Kind)
	if err != nil {
		return nil, err
	}
	val, err := cd.dec(data, &base)
	if err != nil {
		return nil, err
	}
	return sqltype.Variant{Type: base.Type, Value: val}, nil
}

func (ti *TypeInfo) readVariantProps(p *Cursor, dataLen int) error {
	var err error
	switch ti.ID {
	case typeDecimalN, typeNumericN:
		ti.Size, ti.Precision, ti.Scale = dataLen, p.Byte(), p.Byte()
		err = ti.resolveDecimal()
	case typeTimeN, typeDateTime2N, typeDateTimeOffsetN:
		ti.Scale = p.Byte()
		err = ti.resolveTime()
	case typeBigChar, typeBigVarChar, typeNChar, typeNVarChar:
		copy(ti.Collation[:], p.Bytes(5))
		ti.Size = int(p.Uint16())
		err = ti.resolveString()
	case typeBigBinary, typeBigVarBin:
		ti.Size = int(p.Uint16())
		err = ti.resolveString()
	case typeGUID:
		ti.Size, ti.Type = 16, sqltype.Type{Kind: sqltype.UniqueIdentifier}
	case typeDateN:
		ti.Size, ti.Type = 3, sqltype.Type{Kind: sqltype.Date}
	default:
		k, ok := fixedKinds[ti.ID]
		if !ok {
			return fmt.Errorf("sql_variant with base type %#x", ti.ID)
		}
		ti.Size, ti.Type = fixedSizes[ti.ID], sqltype.Type{Kind: k}
	}
	if err == nil && p.Err() != nil {
		err = fmt.Errorf("sql_variant properties: %w", p.Err())
	}
	return err
}
