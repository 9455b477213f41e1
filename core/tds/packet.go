package tds

// Packet types (MS-TDS 2.2.3.1.1).
const (
	packetSQLBatch     = 0x01
	packetRPC          = 0x03
	packetReply        = 0x04
	packetAttention    = 0x06
	packetBulkLoad     = 0x07
	packetFedAuthToken = 0x08
	packetTransMgr     = 0x0E
	packetLogin7       = 0x10
	packetSSPI         = 0x11
	packetPrelogin     = 0x12
)

// Packet status bits (MS-TDS 2.2.3.1.2).
const (
	statusEOM           = 0x01
	statusIgnore        = 0x02
	statusResetConn     = 0x08
	statusResetSkipTran = 0x10
)

// Packet sizes.
const (
	headerSize = 8
	// MinPacketSize and MaxPacketSize bound the negotiated packet size.
	MinPacketSize = 512
	MaxPacketSize = 32767
	// loginPacketSize is the size of packets before the login settles it.
	loginPacketSize = 4096
	// DefaultPacketSize is the packet size asked for at login when the
	// configuration names none.
	DefaultPacketSize = 8000
)

// putHeader writes a packet header into b[:8].
func putHeader(b []byte, typ, status byte, length int, id byte) {
	b[0], b[1] = typ, status
	b[2], b[3] = byte(length>>8), byte(length)
	b[4], b[5] = 0, 0
	b[6], b[7] = id, 0
}
