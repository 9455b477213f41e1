package tds

import "fmt"

// Message is an ERROR or INFO token (MS-TDS 2.2.7.10, 2.2.7.13).
type Message struct {
	Number    int32
	State     uint8
	Class     uint8 // severity; 11 and above for ERROR tokens
	Text      string
	Server    string
	Procedure string
	Line      int32
	IsError   bool // an ERROR token (an INFO token otherwise)
}

func (m Message) String() string {
	return fmt.Sprintf("%s (error %d, severity %d, state %d)", m.Text, m.Number, m.Class, m.State)
}

// readMessage decodes an ERROR or INFO token after its type byte.
func readMessage(rd *reader, isError bool) (Message, error) {
	m := Message{IsError: isError}
	length, err := rd.u16()
	if err != nil {
		return m, err
	}
	start := rd.off()
	b, err := rd.next(6)
	if err != nil {
		return m, err
	}
	m.Number = int32(le32(b))
	m.State, m.Class = b[4], b[5]
	if m.Text, err = rd.usVarChar(); err != nil {
		return m, err
	}
	if m.Server, err = rd.bVarChar(); err != nil {
		return m, err
	}
	if m.Procedure, err = rd.bVarChar(); err != nil {
		return m, err
	}
	line, err := rd.u32()
	m.Line = int32(line)
	if err == nil && rd.off()-start != int64(length) {
		err = protocolErrorf("message token length %d, read %d", length, rd.off()-start)
	}
	return m, err
}

func le32(b []byte) uint32 {
	_ = b[3]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
