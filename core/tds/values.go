package tds

// Values is a RowSink that keeps each value as a Go value: nil, int64,
// bool, float64, Decimal, string, []byte, [16]byte (a GUID in wire
// order) or DateTime. Text and bytes are copied; large values are
// gathered whole. Use it where the values are few (output parameters,
// small results).
type Values []any

func (v Values) Null(i int)                 { v[i] = nil }
func (v Values) Int(i int, x int64)         { v[i] = x }
func (v Values) Bool(i int, x bool)         { v[i] = x }
func (v Values) Float(i int, x float64)     { v[i] = x }
func (v Values) Decimal(i int, x Decimal)   { v[i] = x }
func (v Values) Text(i int, x []byte)       { v[i] = string(x) }
func (v Values) Binary(i int, x []byte)     { v[i] = append([]byte{}, x...) }
func (v Values) GUID(i int, x [16]byte)     { v[i] = x }
func (v Values) DateTime(i int, x DateTime) { v[i] = x }
func (v Values) BeginLarge(i int, binary bool, _ int64) {
	if binary {
		v[i] = []byte{}
	} else {
		v[i] = largeText{}
	}
}

func (v Values) LargeChunk(i int, x []byte) {
	switch cur := v[i].(type) {
	case []byte:
		v[i] = append(cur, x...)
	case largeText:
		v[i] = largeText(append(cur, x...))
	}
}

func (v Values) EndLarge(i int) {
	if t, ok := v[i].(largeText); ok {
		v[i] = string(t)
	}
}

// largeText gathers the chunks of a large text value.
type largeText []byte
