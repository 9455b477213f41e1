package tdsserver_test

import (
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// rawClient speaks TDS by hand (no TLS) to test protocol details that no
// driver lets a test control: several RPCs per message, IGNORE, attention
// timing, packet sizes, malformed input.
type rawClient struct {
	t    testing.TB
	conn net.Conn
	r    tds.Reader
	w    *tds.Writer
}

func dialRaw(t testing.TB, s *tdsserver.Server) *rawClient {
	t.Helper()
	nc, err := net.Dial("tcp", s.Addr())
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(20 * time.Second))
	c := &rawClient{t: t, conn: nc, w: tds.NewWriter(nc, 4096)}
	c.r.R = nc
	return c
}

// loginRaw dials and logs in without encryption (the server must not
// require it) with the given packet size.
func loginRaw(t testing.TB, s *tdsserver.Server, packetSize uint32) *rawClient {
	c := dialRaw(t, s)
	c.prelogin(tds.EncryptNotSup)
	resp := c.login(tds.Login7Request{TDSVersion: tds.Version74, PacketSize: packetSize,
		UserName: s.User(), Password: s.Password(), Database: "master", AppName: "raw"})
	require.Equal(t, tds.TokenDone, int(resp[len(resp)-1].typ), "login response ends with DONE")
	for _, tok := range resp {
		if tok.typ == tds.TokenError {
			t.Fatalf("login failed: %s", tok.text)
		}
	}
	c.w.SetPacketSize(int(max(packetSize, 512)))
	return c
}

func (c *rawClient) prelogin(enc byte) tds.Prelogin {
	c.send(tds.PacketPrelogin, tds.AppendPrelogin(nil, []tds.PreloginOption{
		{Token: tds.PreloginVersion, Value: []byte{1, 0, 0, 0, 0, 0}},
		{Token: tds.PreloginEncryption, Value: []byte{enc}},
	}))
	m := c.read()
	opts, err := tds.ParsePrelogin(m.Data)
	require.NoError(c.t, err)
	return opts
}

func (c *rawClient) login(req tds.Login7Request) []token {
	c.send(tds.PacketLogin7, tds.AppendLogin7(nil, req))
	return c.tokens(c.read())
}

func (c *rawClient) send(t tds.PacketType, payload []byte) {
	c.t.Helper()
	c.w.Begin(t)
	c.w.Write(payload)
	require.NoError(c.t, c.w.End())
}

// sendWithStatus sends a one-packet message with extra status bits.
func (c *rawClient) sendWithStatus(t tds.PacketType, status byte, payload []byte) {
	c.t.Helper()
	hdr := []byte{byte(t), status | tds.StatusEOM, 0, 0, 0, 0, 1, 0}
	binary.BigEndian.PutUint16(hdr[2:], uint16(len(payload)+8))
	_, err := c.conn.Write(append(hdr, payload...))
	require.NoError(c.t, err)
}

func (c *rawClient) read() *tds.Message {
	c.t.Helper()
	m, err := c.r.ReadMessage(nil)
	require.NoError(c.t, err)
	return m
}

// token is a decoded server token, as much as the tests need.
type token struct {
	typ    byte
	done   tds.Done
	number int32
	class  uint8
	text   string
	env    byte
	cols   []tds.TypeInfo
	row    []any
	status int32
}

// tokens walks a response message. Column metadata and rows are decoded
// with the package's own TYPE_INFO and value readers.
func (c *rawClient) tokens(m *tds.Message) []token {
	c.t.Helper()
	cur := tds.NewCursor(m.Data)
	var out []token
	var cols []tds.TypeInfo
	for cur.Remaining() > 0 {
		tok := token{typ: cur.Byte()}
		switch tok.typ {
		case tds.TokenDone, tds.TokenDoneProc, tds.TokenDoneInProc:
			tok.done = tds.Done{Token: tok.typ, Status: cur.Uint16(), CurCmd: cur.Uint16(), Count: cur.Uint64()}
		case tds.TokenError, tds.TokenInfo:
			body := tds.NewCursor(cur.Bytes(int(cur.Uint16())))
			tok.number, tok.class = int32(body.Uint32()), 0
			body.Byte()
			tok.class = body.Byte()
			tok.text = body.USVarChar()
		case tds.TokenEnvChange:
			body := cur.Bytes(int(cur.Uint16()))
			tok.env = body[0]
		case tds.TokenLoginAck:
			cur.Skip(int(cur.Uint16()))
		case tds.TokenReturnStatus:
			tok.status = int32(cur.Uint32())
		case tds.TokenFeatureExtAck:
			for id := cur.Byte(); id != 0xFF && cur.Err() == nil; id = cur.Byte() {
				cur.Skip(int(cur.Uint32()))
			}
		case tds.TokenColMetadata:
			cols = readColMetadata(c.t, cur)
			tok.cols = cols
		case tds.TokenRow, tds.TokenNBCRow:
			tok.row = readRow(c.t, cur, cols, tok.typ == tds.TokenNBCRow)
		case tds.TokenReturnValue:
			cur.Uint16()
			cur.BVarChar()
			cur.Byte()
			cur.Uint32()
			cur.Uint16()
			ti, err := tds.ReadTypeInfo(cur)
			require.NoError(c.t, err)
			v, err := tds.ReadValue(cur, &ti, tds.ParamMode)
			require.NoError(c.t, err)
			tok.row = []any{v}
		default:
			c.t.Fatalf("unexpected token %#x", tok.typ)
		}
		require.NoError(c.t, cur.Err())
		out = append(out, tok)
	}
	return out
}

func readColMetadata(t testing.TB, cur *tds.Cursor) []tds.TypeInfo {
	n := int(cur.Uint16())
	cols := make([]tds.TypeInfo, n)
	for i := range cols {
		cur.Uint32()
		cur.Uint16()
		ti, err := tds.ReadTypeInfo(cur)
		require.NoError(t, err)
		if ti.ID == 0x23 || ti.ID == 0x63 || ti.ID == 0x22 {
			for parts := cur.Byte(); parts > 0; parts-- {
				cur.USVarChar()
			}
		}
		cur.BVarChar()
		cols[i] = ti
	}
	return cols
}

func readRow(t testing.TB, cur *tds.Cursor, cols []tds.TypeInfo, nbc bool) []any {
	var bitmap []byte
	if nbc {
		bitmap = cur.Bytes((len(cols) + 7) / 8)
	}
	row := make([]any, len(cols))
	for i := range cols {
		if bitmap != nil && bitmap[i/8]&(1<<(i%8)) != 0 {
			continue
		}
		v, err := tds.ReadValue(cur, &cols[i], tds.RowMode)
		require.NoError(t, err)
		row[i] = v
	}
	return row
}

// batch builds a SQLBatch payload with ALL_HEADERS.
func batch(text string) []byte {
	return append(allHeaders(), tds.AppendUCS2(nil, text)...)
}

func allHeaders() []byte {
	h := binary.LittleEndian.AppendUint32(nil, 22)
	h = binary.LittleEndian.AppendUint32(h, 18)
	h = binary.LittleEndian.AppendUint16(h, 2)
	h = binary.LittleEndian.AppendUint64(h, 0)
	return binary.LittleEndian.AppendUint32(h, 1)
}

// rpcParam is a parameter for rpcCall.
type rpcParam struct {
	name   string
	output bool
	info   tds.TypeInfo
	value  any
}

// rpcCall appends one call (by name, or by ProcID when name is "").
func rpcCall(dst []byte, name string, procID uint16, params ...rpcParam) []byte {
	if name == "" {
		dst = append(dst, 0xFF, 0xFF)
		dst = binary.LittleEndian.AppendUint16(dst, procID)
	} else {
		dst = binary.LittleEndian.AppendUint16(dst, uint16(tds.UCS2Len(name)))
		dst = tds.AppendUCS2(dst, name)
	}
	dst = append(dst, 0, 0)
	for _, p := range params {
		dst = append(dst, byte(tds.UCS2Len(p.name)))
		dst = tds.AppendUCS2(dst, p.name)
		status := byte(0)
		if p.output {
			status = 1
		}
		dst = append(dst, status)
		dst = tds.AppendTypeInfo(dst, &p.info)
		var err error
		if dst, err = tds.AppendValue(dst, &p.info, p.value, tds.ParamMode); err != nil {
			panic(err)
		}
	}
	return dst
}
