package tdsserver_test

import (
	"encoding/binary"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func tokenTypes(toks []token) []byte {
	out := make([]byte, len(toks))
	for i, t := range toks {
		out[i] = t.typ
	}
	return out
}

func nvarcharInfo(n int) tds.TypeInfo {
	ti, _ := tds.ForType(sqltype.Type{Kind: sqltype.NVarChar, Length: n}, true, nil)
	return ti
}

func intInfo() tds.TypeInfo {
	ti, _ := tds.ForType(sqltype.Type{Kind: sqltype.Int}, true, nil)
	return ti
}

func TestBatchTokensAndDoneBits(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 4096)
	c.send(tds.PacketSQLBatch, batch("run multi"))
	toks := c.tokens(c.read())
	assert.Equal(t, []byte{tds.TokenColMetadata, tds.TokenRow, tds.TokenDone, tds.TokenDone, tds.TokenInfo,
		tds.TokenColMetadata, tds.TokenRow, tds.TokenDone}, tokenTypes(toks))
	assert.Equal(t, tds.Done{Token: tds.TokenDone, Status: tds.DoneCount | tds.DoneMore, CurCmd: tds.CmdSelect, Count: 1}, toks[2].done)
	assert.Equal(t, tds.Done{Token: tds.TokenDone, Status: tds.DoneCount | tds.DoneMore, Count: 3}, toks[3].done)
	assert.Equal(t, tds.Done{Token: tds.TokenDone, Status: tds.DoneCount, CurCmd: tds.CmdSelect, Count: 1}, toks[7].done)

	c.send(tds.PacketSQLBatch, batch("raise error"))
	toks = c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenError, tds.TokenDone}, tokenTypes(toks))
	assert.EqualValues(t, 208, toks[0].number)
	assert.Equal(t, tds.DoneError, toks[1].done.Status)

	c.send(tds.PacketSQLBatch, batch("begin tran"))
	toks = c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenEnvChange, tds.TokenDone}, tokenTypes(toks))
	assert.EqualValues(t, tds.EnvBeginTx, toks[0].env)
	assert.Equal(t, tds.DoneInxact, toks[1].done.Status, "DONE_INXACT once a transaction is open")
}

func TestSeveralRPCsInOneMessage(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 4096)
	msg := allHeaders()
	msg = rpcCall(msg, "", 10, rpcParam{info: nvarcharInfo(20), value: "select 1"})
	msg = append(msg, 0xFF)
	msg = rpcCall(msg, "myproc", 0, rpcParam{name: "@a", info: intInfo(), value: int64(5)},
		rpcParam{name: "@b", output: true, info: intInfo(), value: int64(21)})
	c.send(tds.PacketRPC, msg)
	toks := c.tokens(c.read())
	assert.Equal(t, []byte{
		tds.TokenColMetadata, tds.TokenRow, tds.TokenDoneInProc, tds.TokenReturnStatus, tds.TokenDoneProc,
		tds.TokenColMetadata, tds.TokenRow, tds.TokenDoneInProc, tds.TokenReturnStatus, tds.TokenReturnValue, tds.TokenDoneProc,
	}, tokenTypes(toks))
	assert.Equal(t, tds.DoneCount|tds.DoneMore, toks[2].done.Status)
	assert.Equal(t, tds.DoneMore, toks[4].done.Status, "DONEPROC of the first call: more follows")
	assert.EqualValues(t, 7, toks[8].status)
	assert.Equal(t, []any{int64(42)}, toks[9].row)
	assert.Equal(t, tds.DoneFinal, toks[10].done.Status)
}

func TestRPCByProcIDAndErrors(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 4096)
	c.send(tds.PacketRPC, rpcCall(allHeaders(), "proc_fail", 0))
	toks := c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenError, tds.TokenDoneProc}, tokenTypes(toks), "no RETURNSTATUS after an error")
	assert.EqualValues(t, 50000, toks[0].number)
	assert.Equal(t, tds.DoneError, toks[1].done.Status)

	// A table-valued parameter is refused with a clear error; the session goes on.
	msg := rpcCall(allHeaders(), "", 10, rpcParam{info: nvarcharInfo(20), value: "select 1"})
	msg = append(msg, 0, 0, 0xF3, 0, 0, 0)
	c.send(tds.PacketRPC, msg)
	toks = c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenError, tds.TokenDoneProc}, tokenTypes(toks))
	assert.EqualValues(t, 8009, toks[0].number)
	assert.Contains(t, toks[0].text, "table-valued parameters are not supported")

	c.send(tds.PacketSQLBatch, batch("select 1"))
	toks = c.tokens(c.read())
	assert.Equal(t, []any{int64(1)}, toks[1].row)
}

func TestIgnoreBitAndAttentionAfterCompletion(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 4096)
	c.sendWithStatus(tds.PacketSQLBatch, tds.StatusIgnore, batch("select 1"))
	toks := c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenDone}, tokenTypes(toks), "an ignored message gets a bare DONE")

	c.send(tds.PacketSQLBatch, batch("select 1"))
	c.tokens(c.read())
	c.send(tds.PacketAttention, nil)
	toks = c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenDone}, tokenTypes(toks))
	assert.Equal(t, tds.DoneAttn, toks[0].done.Status, "late attention acknowledged")
}

func TestAttentionDuringResponse(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 512)
	c.send(tds.PacketSQLBatch, batch("select forever"))
	h, _, err := c.r.ReadPacket()
	require.NoError(t, err)
	require.Zero(t, h.Status&tds.StatusEOM)
	c.send(tds.PacketAttention, nil)
	var last []byte
	for { // drain the partial response up to its end of message
		h, payload, err := c.r.ReadPacket()
		require.NoError(t, err)
		last = append(last, payload...)
		if len(last) > 64 {
			last = last[len(last)-64:]
		}
		if h.Status&tds.StatusEOM != 0 {
			break
		}
	}
	done := last[len(last)-13:]
	assert.Equal(t, byte(tds.TokenDone), done[0])
	assert.Equal(t, tds.DoneAttn, binary.LittleEndian.Uint16(done[1:]))
	c.send(tds.PacketSQLBatch, batch("select 1"))
	toks := c.tokens(c.read())
	assert.Equal(t, []any{int64(1)}, toks[1].row, "session usable after the attention")
}

func TestResetConnectionBit(t *testing.T) {
	s, e := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := loginRaw(t, s, 4096)
	c.send(tds.PacketSQLBatch, batch("use tempdb"))
	c.tokens(c.read())
	c.send(tds.PacketSQLBatch, batch("begin tran"))
	c.tokens(c.read())
	c.sendWithStatus(tds.PacketSQLBatch, tds.StatusResetConnection, batch("select db_name()"))
	toks := c.tokens(c.read())
	require.Equal(t, []byte{tds.TokenEnvChange, tds.TokenEnvChange, tds.TokenColMetadata, tds.TokenRow, tds.TokenDone}, tokenTypes(toks))
	assert.EqualValues(t, tds.EnvResetConnAck, toks[0].env, "reset acknowledged first")
	assert.EqualValues(t, tds.EnvRollbackTx, toks[1].env, "open transaction rolled back")
	assert.Equal(t, []any{"master"}, toks[3].row)
	assert.EqualValues(t, 1, e.resets.Load())
	assert.Zero(t, toks[4].done.Status&tds.DoneInxact)

	c.sendWithStatus(tds.PacketSQLBatch, tds.StatusResetConnSkipTran, batch("select 1"))
	toks = c.tokens(c.read())
	assert.EqualValues(t, tds.EnvResetConnAck, toks[0].env)
	assert.EqualValues(t, 2, e.resets.Load())
}

func TestLoginFailureClosesConnection(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	c := dialRaw(t, s)
	c.prelogin(tds.EncryptNotSup)
	toks := c.login(tds.Login7Request{TDSVersion: tds.Version74, PacketSize: 4096, UserName: "sa", Password: "bad"})
	require.Equal(t, []byte{tds.TokenError, tds.TokenDone}, tokenTypes(toks))
	assert.EqualValues(t, 18456, toks[0].number)
	assert.EqualValues(t, 14, toks[0].class)
	assert.Equal(t, tds.DoneError, toks[1].done.Status)
	_, err := c.conn.Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF, "server closes the connection")
}

func TestRepliesSplitAtPacketSizeWithSPID(t *testing.T) {
	s, _ := startServer(t, tdsserver.Config{Encrypt: tdsserver.EncryptOff})
	for _, size := range []uint32{512, 1000, 4096, 32767} {
		c := loginRaw(t, s, size)
		c.send(tds.PacketSQLBatch, batch("select @@spid"))
		spid := c.tokens(c.read())[1].row[0].(int64)
		c.send(tds.PacketSQLBatch, batch("select rows 2000"))
		var rows int
		var data []byte
		for {
			h, payload, err := c.r.ReadPacket()
			require.NoError(t, err)
			assert.LessOrEqual(t, int(h.Length), int(size))
			assert.EqualValues(t, spid, h.SPID)
			data = append(data, payload...)
			if h.Status&tds.StatusEOM != 0 {
				break
			}
			assert.Equal(t, int(size), int(h.Length), "only the last packet is short")
			assert.Zero(t, h.Status)
		}
		for _, tok := range c.tokens(&tds.Message{Data: data}) {
			if tok.typ == tds.TokenRow {
				rows++
			}
		}
		assert.Equal(t, 2000, rows, "packet size %d", size)
	}
}
