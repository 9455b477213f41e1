package tds

// ReturnValue is a RETURNVALUE token: an OUTPUT parameter or a function's
// result (MS-TDS 2.2.7.19).
type ReturnValue struct {
	Ordinal  uint16
	Name     string
	Status   uint8 // 1: an OUTPUT parameter, 2: a user-defined function's result
	UserType uint32
	Flags    uint16
	Type     TypeInfo
	// Value is the value as a Go value (see Values).
	Value any
}

// readReturnValue decodes a RETURNVALUE token after its type byte.
func (r *Response) readReturnValue() error {
	rd := r.c.rd
	rv := ReturnValue{}
	var err error
	if rv.Ordinal, err = rd.u16(); err != nil {
		return err
	}
	if rv.Name, err = rd.bVarChar(); err != nil {
		return err
	}
	b, err := rd.next(7)
	if err != nil {
		return err
	}
	rv.Status, rv.UserType, rv.Flags = b[0], le32(b[1:]), uint16(b[5])|uint16(b[6])<<8
	if rv.Flags&colEncrypted != 0 {
		return protocolErrorf("an encrypted output value, but column encryption was not negotiated")
	}
	if rv.Type, err = readTypeInfo(rd); err != nil {
		return err
	}
	col := Column{Name: rv.Name, Type: rv.Type}
	col.plan()
	vals := make(Values, 1)
	if err := col.decode(&r.c.dec, &col, 0, vals); err != nil {
		return err
	}
	rv.Value = vals[0]
	r.retval = rv
	return nil
}
