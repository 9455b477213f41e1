package tds

// TDS data type identifiers (MS-TDS 2.2.5.4).
const (
	typeNull            = 0x1F
	typeInt1            = 0x30
	typeBit             = 0x32
	typeInt2            = 0x34
	typeInt4            = 0x38
	typeDateTim4        = 0x3A
	typeFlt4            = 0x3B
	typeMoney           = 0x3C
	typeDateTime        = 0x3D
	typeFlt8            = 0x3E
	typeMoney4          = 0x7A
	typeInt8            = 0x7F
	typeGUID            = 0x24
	typeIntN            = 0x26
	typeDecimal         = 0x37
	typeNumeric         = 0x3F
	typeBitN            = 0x68
	typeDecimalN        = 0x6A
	typeNumericN        = 0x6C
	typeFltN            = 0x6D
	typeMoneyN          = 0x6E
	typeDateTimN        = 0x6F
	typeDateN           = 0x28
	typeTimeN           = 0x29
	typeDateTime2N      = 0x2A
	typeDateTimeOffsetN = 0x2B
	typeChar            = 0x2F
	typeVarChar         = 0x27
	typeBinary          = 0x2D
	typeVarBinary       = 0x25
	typeBigVarBin       = 0xA5
	typeBigVarChar      = 0xA7
	typeBigBinary       = 0xAD
	typeBigChar         = 0xAF
	typeNVarChar        = 0xE7
	typeNChar           = 0xEF
	typeXML             = 0xF1
	typeUDT             = 0xF0
	typeTVP             = 0xF3
	typeText            = 0x23
	typeImage           = 0x22
	typeNText           = 0x63
	typeVariant         = 0x62
)

// framing is how a type's values are length-prefixed on the wire.
type framing uint8

const (
	frameFixed   framing = iota + 1 // no prefix; never NULL
	frameByte                       // BYTELEN, 0 is NULL
	frameUShort                     // USHORTLEN, 0xFFFF is NULL
	framePLP                        // partially length-prefixed (MAX types, xml)
	frameText                       // text/ntext/image: textptr in rows, LONGLEN in parameters
	frameVariant                    // sql_variant: LONGLEN, 0 is NULL
)

// fixedSizes are the data sizes of the fixed-length types.
var fixedSizes = map[byte]int{
	typeNull: 0, typeInt1: 1, typeBit: 1, typeInt2: 2, typeInt4: 4, typeDateTim4: 4,
	typeFlt4: 4, typeMoney: 8, typeDateTime: 8, typeFlt8: 8, typeMoney4: 4, typeInt8: 8,
}

// framings is the framing of each type id, but for the (n)varchar and
// varbinary ids whose MAX form is PLP; 0 for an unknown id.
var framings = func() (t [256]framing) {
	for i := range t {
		t[i] = frameByte
	}
	for id := range fixedSizes {
		t[id] = frameFixed
	}
	for _, id := range []byte{typeBigVarBin, typeBigVarChar, typeBigBinary, typeBigChar, typeNVarChar, typeNChar} {
		t[id] = frameUShort
	}
	t[typeXML], t[typeUDT] = framePLP, framePLP
	t[typeText], t[typeNText], t[typeImage] = frameText, frameText, frameText
	t[typeVariant] = frameVariant
	return t
}()

func framingOf(id byte, size int) framing {
	f := framings[id]
	if f == frameUShort && size == 0xFFFF {
		return framePLP
	}
	return f
}
