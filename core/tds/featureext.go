package tds

import "encoding/binary"

// Feature extension identifiers (LOGIN7 FeatureExt, FEATUREEXTACK).
const (
	featureSessionRecovery = 0x01
	featureFedAuth         = 0x02
	featureUTF8            = 0x0A
	featureTerminator      = 0xFF
)

// featureAcks are the FEATUREEXTACK options of a login response.
type featureAcks map[byte][]byte

// readFeatureExtAck decodes a FEATUREEXTACK token after its type byte.
func readFeatureExtAck(rd *reader) (featureAcks, error) {
	acks := featureAcks{}
	for {
		id, err := rd.byte()
		if err != nil || id == featureTerminator {
			return acks, err
		}
		n, err := rd.u32()
		if err != nil {
			return nil, err
		}
		if n > 1<<16 {
			return nil, protocolErrorf("feature %#x acknowledgement of %d bytes", id, n)
		}
		b, err := rd.next(int(n))
		if err != nil {
			return nil, err
		}
		acks[id] = append([]byte(nil), b...)
	}
}

// appendFeature appends one FeatureExt option.
func appendFeature(dst []byte, id byte, data []byte) []byte {
	dst = append(dst, id)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(data)))
	return append(dst, data...)
}
