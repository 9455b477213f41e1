package tds

func init() {
	register(TypeVariant, &codec{name: "sql_variant", readInfo: readLongLen, plan: planVariant})
}

func planVariant(*TypeInfo) decodeFunc { return decodeVariant }

// decodeVariant reads a sql_variant: its base type, properties and value
// (MS-TDS 2.2.5.5.4), and passes the value on as its base type would.
func decodeVariant(d *decoder, _ *Column, i int, s RowSink) error {
	n, err := d.rd.u32()
	if err != nil {
		return err
	}
	if n == 0 {
		s.Null(i)
		return nil
	}
	if n < 2 || n > 8100 {
		return protocolErrorf("sql_variant of %d bytes", n)
	}
	b, err := d.rd.next(int(n))
	if err != nil {
		return err
	}
	props := int(b[1])
	if 2+props > len(b) {
		return protocolErrorf("sql_variant properties overrun its value")
	}
	return d.variantValue(i, s, b[0], b[2:2+props], b[2+props:])
}

func (d *decoder) variantValue(i int, s RowSink, base byte, props, data []byte) error {
	switch base {
	case TypeInt1, TypeInt2, TypeInt4, TypeInt8, TypeBit, TypeFlt4, TypeFlt8, TypeMoney, TypeMoney4,
		TypeDateTime, TypeDateTim4, TypeGUID:
		return variantFixed(i, s, base, data)
	case TypeDateN, TypeTimeN, TypeDateTime2N, TypeDateTimeOffset:
		return variantTemporal(i, s, base, props, data)
	case TypeDecimalN, TypeNumericN:
		if len(props) != 2 || len(data) < 5 {
			return protocolErrorf("sql_variant decimal malformed")
		}
		v, err := decimalOf(data, props[1])
		if err == nil {
			s.Decimal(i, v)
		}
		return err
	case TypeBigVarBinary, TypeBigBinary:
		s.Binary(i, data)
		return nil
	case TypeBigVarChar, TypeBigChar:
		if len(props) != 7 {
			return protocolErrorf("sql_variant char malformed")
		}
		d.charText(i, s, codePageOf(Collation(props[:5]).CodePage()), data)
		return nil
	case TypeNVarChar, TypeNChar:
		d.text(i, s, data)
		return nil
	}
	return protocolErrorf("sql_variant of base type %#x", base)
}

func variantFixed(i int, s RowSink, base byte, data []byte) error {
	if len(data) != codecOf(base).size && base != TypeGUID || base == TypeGUID && len(data) != 16 {
		return protocolErrorf("sql_variant %s of %d bytes", typeNameOf(base), len(data))
	}
	switch base {
	case TypeBit:
		s.Bool(i, data[0] != 0)
	case TypeFlt4, TypeFlt8:
		s.Float(i, floatOf(data))
	case TypeMoney, TypeMoney4:
		s.Decimal(i, moneyOf(data))
	case TypeDateTime, TypeDateTim4:
		v, err := dateTimeOf(data)
		if err != nil {
			return err
		}
		s.DateTime(i, v)
	case TypeGUID:
		s.GUID(i, [16]byte(data))
	default:
		s.Int(i, intOf(data))
	}
	return nil
}

func variantTemporal(i int, s RowSink, base byte, props, data []byte) error {
	var scale uint8
	if base != TypeDateN {
		if len(props) != 1 {
			return protocolErrorf("sql_variant %s without scale", typeNameOf(base))
		}
		scale = props[0]
	}
	v, err := temporalOf(base, scale, data)
	if err == nil {
		s.DateTime(i, v)
	}
	return err
}
