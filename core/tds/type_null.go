package tds

func init() {
	register(TypeNull, &codec{name: "null", writeInfo: noInfo, plan: planNull, encode: encodeNull})
}

func planNull(*TypeInfo) decodeFunc { return decodeNull }

func decodeNull(_ *decoder, _ *Column, i int, s RowSink) error {
	s.Null(i)
	return nil
}

func encodeNull(*writer, *TypeInfo, *Value) error { return nil }
