package tds

import (
	"encoding/binary"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// TypeInfo is a TYPE_INFO: the wire form of a SQL type.
type TypeInfo struct {
	ID byte
	// Size is the data size of fixed and BYTELEN types, the maximum byte
	// length of USHORTLEN types (0xFFFF for MAX), or the LONGLEN maximum.
	Size      int
	Precision byte
	Scale     byte
	Collation Collation
	// Type is the SQL type this TYPE_INFO describes.
	Type sqltype.Type
}

// Sizes SQL Server announces for the LONGLEN types.
const (
	textMaxSize    = 0x7FFFFFFF
	ntextMaxSize   = 0x7FFFFFFE
	variantMaxSize = 8009
)

// ForType chooses the TYPE_INFO SQL Server sends for a column of type t:
// the fixed-length types for non-nullable int, bit, float, money and
// datetime columns, their nullable counterparts otherwise.
func ForType(t sqltype.Type, nullable bool, coll []byte) (TypeInfo, error) {
	ti := TypeInfo{Type: t, Collation: DefaultCollation}
	if len(coll) == 5 {
		copy(ti.Collation[:], coll)
	}
	if f, ok := fixedForms[t.Kind]; ok {
		ti.ID, ti.Size = f.fixed, f.size
		if nullable {
			ti.ID = f.nullable
		}
		return ti, nil
	}
	return ti, ti.setVariable(t)
}

type fixedForm struct {
	fixed, nullable byte
	size            int
}

var fixedForms = map[sqltype.Kind]fixedForm{
	sqltype.TinyInt: {typeInt1, typeIntN, 1}, sqltype.SmallInt: {typeInt2, typeIntN, 2},
	sqltype.Int: {typeInt4, typeIntN, 4}, sqltype.BigInt: {typeInt8, typeIntN, 8},
	sqltype.Bit: {typeBit, typeBitN, 1}, sqltype.Real: {typeFlt4, typeFltN, 4},
	sqltype.Float: {typeFlt8, typeFltN, 8}, sqltype.Money: {typeMoney, typeMoneyN, 8},
	sqltype.SmallMoney: {typeMoney4, typeMoneyN, 4}, sqltype.DateTime: {typeDateTime, typeDateTimN, 8},
	sqltype.SmallDateTime: {typeDateTim4, typeDateTimN, 4},
}

func (ti *TypeInfo) setVariable(t sqltype.Type) error {
	switch t.Kind {
	case sqltype.Decimal, sqltype.Numeric:
		if t.Precision < 1 || t.Precision > 38 || t.Scale > t.Precision {
			return fmt.Errorf("tds: invalid %s", t)
		}
		ti.ID, ti.Precision, ti.Scale = typeDecimalN, t.Precision, t.Scale
		if t.Kind == sqltype.Numeric {
			ti.ID = typeNumericN
		}
		ti.Size = 1 + decimalMagnitudeSize(t.Precision)
	case sqltype.Date:
		ti.ID, ti.Size = typeDateN, 3
	case sqltype.Time, sqltype.DateTime2, sqltype.DateTimeOffset:
		if t.Scale > 7 {
			return fmt.Errorf("tds: invalid %s", t)
		}
		ti.ID, ti.Scale = dateTimeIDs[t.Kind], t.Scale
		ti.Size = timeSize(t.Scale) + dateTimeExtra[t.Kind]
	case sqltype.UniqueIdentifier:
		ti.ID, ti.Size = typeGUID, 16
	case sqltype.Xml:
		ti.ID, ti.Size = typeXML, 0xFFFF
	case sqltype.SQLVariant:
		ti.ID, ti.Size = typeVariant, variantMaxSize
	case sqltype.Text, sqltype.NText, sqltype.Image:
		ti.ID, ti.Size = textIDs[t.Kind], textMaxSize
		if t.Kind == sqltype.NText {
			ti.Size = ntextMaxSize
		}
	default:
		return ti.setString(t)
	}
	return nil
}

var (
	dateTimeIDs   = map[sqltype.Kind]byte{sqltype.Time: typeTimeN, sqltype.DateTime2: typeDateTime2N, sqltype.DateTimeOffset: typeDateTimeOffsetN}
	dateTimeExtra = map[sqltype.Kind]int{sqltype.Time: 0, sqltype.DateTime2: 3, sqltype.DateTimeOffset: 5}
	textIDs       = map[sqltype.Kind]byte{sqltype.Text: typeText, sqltype.NText: typeNText, sqltype.Image: typeImage}
	stringIDs     = map[sqltype.Kind]byte{
		sqltype.Char: typeBigChar, sqltype.VarChar: typeBigVarChar, sqltype.NChar: typeNChar,
		sqltype.NVarChar: typeNVarChar, sqltype.Binary: typeBigBinary, sqltype.VarBinary: typeBigVarBin,
	}
)

func (ti *TypeInfo) setString(t sqltype.Type) error {
	id, ok := stringIDs[t.Kind]
	if !ok {
		return fmt.Errorf("tds: no TDS encoding for type %s", t)
	}
	ti.ID = id
	unit := 1
	if t.Kind == sqltype.NChar || t.Kind == sqltype.NVarChar {
		unit = 2
	}
	switch {
	case t.Length == sqltype.Max && (id == typeBigVarChar || id == typeNVarChar || id == typeBigVarBin):
		ti.Size = 0xFFFF
	case t.Length >= 1 && t.Length*unit <= 8000:
		ti.Size = t.Length * unit
	default:
		return fmt.Errorf("tds: invalid length for %s", t)
	}
	return nil
}

func decimalMagnitudeSize(precision byte) int {
	switch {
	case precision <= 9:
		return 4
	case precision <= 19:
		return 8
	case precision <= 28:
		return 12
	}
	return 16
}

// timeSize is the byte size of a time value with the given scale.
func timeSize(scale byte) int {
	switch {
	case scale <= 2:
		return 3
	case scale <= 4:
		return 4
	}
	return 5
}

// Nullable returns the TYPE_INFO with fixed-length types replaced by their
// nullable forms, as RETURNVALUE and NULL-capable contexts need.
func (ti TypeInfo) Nullable() TypeInfo {
	if f, ok := fixedForms[ti.Type.Kind]; ok {
		ti.ID = f.nullable
	}
	return ti
}

func (ti *TypeInfo) hasCollation() bool {
	switch ti.ID {
	case typeBigChar, typeBigVarChar, typeNChar, typeNVarChar, typeText, typeNText:
		return true
	}
	return false
}

// AppendTypeInfo encodes TYPE_INFO (without the table name that COLMETADATA
// adds for text, ntext and image).
func AppendTypeInfo(dst []byte, ti *TypeInfo) []byte {
	dst = append(dst, ti.ID)
	switch ti.ID {
	case typeDecimalN, typeNumericN, typeDecimal, typeNumeric:
		return append(dst, byte(ti.Size), ti.Precision, ti.Scale)
	case typeDateN:
		return dst
	case typeTimeN, typeDateTime2N, typeDateTimeOffsetN:
		return append(dst, ti.Scale)
	case typeXML:
		return append(dst, 0) // no schema collection
	case typeText, typeNText, typeImage, typeVariant:
		dst = binary.LittleEndian.AppendUint32(dst, uint32(ti.Size))
	case typeBigVarBin, typeBigVarChar, typeBigBinary, typeBigChar, typeNVarChar, typeNChar:
		dst = binary.LittleEndian.AppendUint16(dst, uint16(ti.Size))
	default:
		if framingOf(ti.ID, ti.Size) == frameFixed {
			return dst
		}
		dst = append(dst, byte(ti.Size))
	}
	if ti.hasCollation() {
		dst = append(dst, ti.Collation[:]...)
	}
	return dst
}
