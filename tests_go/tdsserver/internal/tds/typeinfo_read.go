package tds

import (
	"errors"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// ErrTVP reports a table-valued parameter, which the test server refuses.
var ErrTVP = errors.New("table-valued parameters are not supported by this test server")

// ReadTypeInfo decodes a TYPE_INFO sent by a client (an RPC parameter or a
// bulk-load column) and validates it so that values can be read safely.
func ReadTypeInfo(c *Cursor) (TypeInfo, error) {
	ti := TypeInfo{ID: c.Byte()}
	if c.Err() != nil {
		return ti, c.Err()
	}
	if ti.ID == typeNull {
		// An untyped NULL parameter; SQL Server reads it as nvarchar(1).
		ti.Type = sqltype.Type{Kind: sqltype.NVarChar, Length: 1}
		return ti, nil
	}
	if size, ok := fixedSizes[ti.ID]; ok {
		ti.Size = size
		ti.Type = sqltype.Type{Kind: fixedKinds[ti.ID]}
		return ti, nil
	}
	var err error
	switch ti.ID {
	case typeIntN, typeBitN, typeFltN, typeMoneyN, typeDateTimN, typeGUID:
		ti.Size = int(c.Byte())
		err = ti.resolveSized()
	case typeDecimalN, typeNumericN, typeDecimal, typeNumeric:
		ti.Size, ti.Precision, ti.Scale = int(c.Byte()), c.Byte(), c.Byte()
		err = ti.resolveDecimal()
	case typeDateN:
		ti.Size, ti.Type = 3, sqltype.Type{Kind: sqltype.Date}
	case typeTimeN, typeDateTime2N, typeDateTimeOffsetN:
		ti.Scale = c.Byte()
		err = ti.resolveTime()
	case typeChar, typeVarChar, typeBinary, typeVarBinary:
		ti.Size = int(c.Byte())
		ti.Collation = DefaultCollation
		ti.Type = sqltype.Type{Kind: legacyKinds[ti.ID], Length: max(ti.Size, 1)}
	case typeBigVarBin, typeBigVarChar, typeBigBinary, typeBigChar, typeNVarChar, typeNChar:
		ti.Size = int(c.Uint16())
		if ti.hasCollation() {
			copy(ti.Collation[:], c.Bytes(5))
		}
		err = ti.resolveString()
	default:
		err = ti.readLong(c)
	}
	if c.Err() != nil {
		return ti, c.Err()
	}
	return ti, err
}

var fixedKinds = map[byte]sqltype.Kind{
	typeInt1: sqltype.TinyInt, typeBit: sqltype.Bit, typeInt2: sqltype.SmallInt, typeInt4: sqltype.Int,
	typeDateTim4: sqltype.SmallDateTime, typeFlt4: sqltype.Real, typeMoney: sqltype.Money,
	typeDateTime: sqltype.DateTime, typeFlt8: sqltype.Float, typeMoney4: sqltype.SmallMoney, typeInt8: sqltype.BigInt,
}

var legacyKinds = map[byte]sqltype.Kind{
	typeChar: sqltype.Char, typeVarChar: sqltype.VarChar, typeBinary: sqltype.Binary, typeVarBinary: sqltype.VarBinary,
}

// sizedKinds maps a BYTELEN type and its size to a kind.
var sizedKinds = map[[2]int]sqltype.Kind{
	{typeIntN, 1}: sqltype.TinyInt, {typeIntN, 2}: sqltype.SmallInt, {typeIntN, 4}: sqltype.Int,
	{typeIntN, 8}: sqltype.BigInt, {typeBitN, 1}: sqltype.Bit, {typeFltN, 4}: sqltype.Real,
	{typeFltN, 8}: sqltype.Float, {typeMoneyN, 4}: sqltype.SmallMoney, {typeMoneyN, 8}: sqltype.Money,
	{typeDateTimN, 4}: sqltype.SmallDateTime, {typeDateTimN, 8}: sqltype.DateTime,
	{typeGUID, 16}: sqltype.UniqueIdentifier,
}

func (ti *TypeInfo) resolveSized() error {
	k, ok := sizedKinds[[2]int{int(ti.ID), ti.Size}]
	if !ok {
		return fmt.Errorf("tds: type %#x with invalid size %d", ti.ID, ti.Size)
	}
	ti.Type = sqltype.Type{Kind: k}
	return nil
}

func (ti *TypeInfo) resolveDecimal() error {
	if ti.Precision < 1 || ti.Precision > 38 || ti.Scale > ti.Precision || ti.Size < 2 || ti.Size > 17 {
		return fmt.Errorf("tds: invalid decimal type info (size %d, precision %d, scale %d)", ti.Size, ti.Precision, ti.Scale)
	}
	k := sqltype.Decimal
	if ti.ID == typeNumericN || ti.ID == typeNumeric {
		k = sqltype.Numeric
	}
	ti.Type = sqltype.Type{Kind: k, Precision: ti.Precision, Scale: ti.Scale}
	return nil
}

func (ti *TypeInfo) resolveTime() error {
	if ti.Scale > 7 {
		return fmt.Errorf("tds: invalid fractional-second scale %d", ti.Scale)
	}
	k := map[byte]sqltype.Kind{typeTimeN: sqltype.Time, typeDateTime2N: sqltype.DateTime2, typeDateTimeOffsetN: sqltype.DateTimeOffset}[ti.ID]
	ti.Size = timeSize(ti.Scale) + dateTimeExtra[k]
	ti.Type = sqltype.Type{Kind: k, Scale: ti.Scale}
	return nil
}

func (ti *TypeInfo) resolveString() error {
	k := map[byte]sqltype.Kind{
		typeBigVarBin: sqltype.VarBinary, typeBigVarChar: sqltype.VarChar, typeBigBinary: sqltype.Binary,
		typeBigChar: sqltype.Char, typeNVarChar: sqltype.NVarChar, typeNChar: sqltype.NChar,
	}[ti.ID]
	ti.Type = sqltype.Type{Kind: k}
	switch {
	case ti.Size == 0xFFFF && (k == sqltype.VarBinary || k == sqltype.VarChar || k == sqltype.NVarChar):
		ti.Type.Length = sqltype.Max
	case ti.Size > 8000:
		return fmt.Errorf("tds: type %#x with invalid length %d", ti.ID, ti.Size)
	case k == sqltype.NChar || k == sqltype.NVarChar:
		ti.Type.Length = max(ti.Size/2, 1)
	default:
		ti.Type.Length = max(ti.Size, 1)
	}
	return nil
}

// readLong decodes the LONGLEN, xml and refused types.
func (ti *TypeInfo) readLong(c *Cursor) error {
	switch ti.ID {
	case typeText, typeNText, typeImage:
		ti.Size = int(c.Uint32() & 0x7FFFFFFF)
		if ti.ID != typeImage {
			copy(ti.Collation[:], c.Bytes(5))
		}
		ti.Type = sqltype.Type{Kind: map[byte]sqltype.Kind{typeText: sqltype.Text, typeNText: sqltype.NText, typeImage: sqltype.Image}[ti.ID]}
	case typeVariant:
		ti.Size = int(c.Uint32() & 0x7FFFFFFF)
		ti.Type = sqltype.Type{Kind: sqltype.SQLVariant}
	case typeXML:
		ti.Size = 0xFFFF
		if c.Byte() == 1 {
			c.BVarChar()
			c.BVarChar()
			c.USVarChar()
		}
		ti.Type = sqltype.Type{Kind: sqltype.Xml}
	case typeTVP:
		return ErrTVP
	case typeUDT:
		return errors.New("CLR user-defined type parameters are not supported by this test server")
	default:
		return fmt.Errorf("tds: unknown data type %#x", ti.ID)
	}
	return nil
}
