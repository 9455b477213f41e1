package tds

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingWriter records each Write.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.Buffer.Write(p)
}

// packets splits written bytes into packets, checking each header.
func packets(t *testing.T, b []byte, size int, spid uint16) [][]byte {
	var out [][]byte
	for id := 1; len(b) > 0; id++ {
		require.GreaterOrEqual(t, len(b), HeaderSize)
		n := int(binary.BigEndian.Uint16(b[2:]))
		require.LessOrEqual(t, n, size)
		require.LessOrEqual(t, n, len(b))
		assert.Equal(t, byte(PacketReply), b[0])
		assert.Equal(t, spid, binary.BigEndian.Uint16(b[4:]))
		assert.Equal(t, byte(id), b[6])
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

func TestWriterBatchesPacketsIntoFewWrites(t *testing.T) {
	var cw countingWriter
	w := NewWriter(&cw, 512)
	w.SetSPID(53)
	w.Begin(PacketReply)
	data := make([]byte, 100_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for i := 0; i < len(data); i += 333 { // rows of odd sizes
		_, err := w.Write(data[i:min(i+333, len(data))])
		require.NoError(t, err)
	}
	require.NoError(t, w.End())
	ps := packets(t, cw.Bytes(), 512, 53)
	var got []byte
	for i, p := range ps {
		last := i == len(ps)-1
		assert.Equal(t, last, p[1]&StatusEOM != 0, "EOM only on the last packet")
		if !last {
			assert.Len(t, p, 512, "every packet but the last is full")
		}
		got = append(got, p[HeaderSize:]...)
	}
	assert.Equal(t, data, got)
	assert.Less(t, cw.writes, len(ps)/10, "packets are written in batches")
	assert.LessOrEqual(t, cw.writes, len(data)/batchBytes+2)
}

func TestWriterFlushSendsWhatIsPending(t *testing.T) {
	var cw countingWriter
	w := NewWriter(&cw, 512)
	w.Begin(PacketReply)
	w.Write(make([]byte, 1000))
	require.NoError(t, w.Flush())
	ps := packets(t, cw.Bytes(), 512, 0)
	require.Len(t, ps, 2)
	assert.Len(t, ps[1], HeaderSize+1000-504)
	assert.Zero(t, ps[1][1]&StatusEOM, "a flushed packet is not the end of the message")
	require.NoError(t, w.Flush(), "nothing pending: nothing written")
	assert.Equal(t, 1, cw.writes)
	w.Write([]byte{1, 2, 3})
	require.NoError(t, w.End())
	ps = packets(t, cw.Bytes(), 512, 0)
	require.Len(t, ps, 3)
	assert.Equal(t, []byte{1, 2, 3}, ps[2][HeaderSize:])
	assert.NotZero(t, ps[2][1]&StatusEOM)

	cw.Reset()
	w.Begin(PacketReply)
	require.NoError(t, w.End(), "an empty message is one empty packet")
	assert.Equal(t, []byte{byte(PacketReply), StatusEOM, 0, 8, 0, 0, 1, 0}, cw.Bytes())
}
