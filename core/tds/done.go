package tds

// Done status bits (MS-TDS 2.2.7.6).
const (
	DoneMore       = 0x0001
	DoneError      = 0x0002
	DoneInXact     = 0x0004
	DoneCount      = 0x0010
	DoneAttn       = 0x0020
	DoneRPCInBatch = 0x0080
	DoneSrvError   = 0x0100
)

// DoneKind tells which of the three DONE tokens ended something.
type DoneKind uint8

// The DONE tokens.
const (
	DoneStatement   DoneKind = iota // DONE: a statement of a batch
	DoneProcedure                   // DONEPROC: an RPC or procedure
	DoneInProcedure                 // DONEINPROC: a statement inside a procedure
)

// Done is a DONE, DONEPROC or DONEINPROC token.
type Done struct {
	Kind     DoneKind
	Status   uint16
	CurCmd   uint16
	RowCount uint64
}

// HasCount reports whether RowCount is valid.
func (d Done) HasCount() bool { return d.Status&DoneCount != 0 }

// More reports whether more results follow in the response.
func (d Done) More() bool { return d.Status&DoneMore != 0 }

// Failed reports whether the statement failed (DONE_ERROR or
// DONE_SRVERROR).
func (d Done) Failed() bool { return d.Status&(DoneError|DoneSrvError) != 0 }

// readDone decodes a DONE-family token after its type byte.
func readDone(rd *reader, kind DoneKind) (Done, error) {
	b, err := rd.next(12)
	if err != nil {
		return Done{}, err
	}
	return Done{
		Kind:     kind,
		Status:   uint16(b[0]) | uint16(b[1])<<8,
		CurCmd:   uint16(b[2]) | uint16(b[3])<<8,
		RowCount: uint64(le32(b[4:])) | uint64(le32(b[8:]))<<32,
	}, nil
}

// appendDone encodes a DONE token (for bulk load).
func appendDone(dst []byte, status uint16, count uint64) []byte {
	dst = append(dst, tokDone, byte(status), byte(status>>8), 0, 0)
	for i := 0; i < 8; i++ {
		dst = append(dst, byte(count>>(8*i)))
	}
	return dst
}
