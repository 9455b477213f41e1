package tds

// readReturnStatus decodes a RETURNSTATUS token after its type byte.
func readReturnStatus(rd *reader) (int32, error) {
	v, err := rd.u32()
	return int32(v), err
}

// readOrder decodes an ORDER token after its type byte: the 1-based
// column numbers of the ORDER BY.
func readOrder(rd *reader) ([]uint16, error) {
	n, err := rd.u16()
	if err != nil {
		return nil, err
	}
	if n%2 != 0 {
		return nil, protocolErrorf("ORDER length %d is odd", n)
	}
	cols := make([]uint16, n/2)
	for i := range cols {
		if cols[i], err = rd.u16(); err != nil {
			return nil, err
		}
	}
	return cols, nil
}
