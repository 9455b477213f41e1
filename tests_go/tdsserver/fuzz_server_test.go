package tdsserver_test

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// panicCounter is a slog handler that counts records about panics.
type panicCounter struct{ n atomic.Int64 }

func (p *panicCounter) Enabled(context.Context, slog.Level) bool { return true }
func (p *panicCounter) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "panic") {
		p.n.Add(1)
	}
	return nil
}
func (p *panicCounter) WithAttrs([]slog.Attr) slog.Handler { return p }
func (p *panicCounter) WithGroup(string) slog.Handler      { return p }

var (
	fuzzOnce   sync.Once
	fuzzServer *tdsserver.Server
	fuzzPanics = &panicCounter{}
)

// FuzzServerConnection sends arbitrary bytes to a live server, before or
// after a login (the first input byte decides), and requires that the server
// neither panics nor stops serving.
//
//	go test ./tests_go/tdsserver -run '^$' -fuzz FuzzServerConnection -fuzztime 60s
func FuzzServerConnection(f *testing.F) {
	fuzzOnce.Do(startFuzzServer)
	f.Add([]byte{1}, fuzzPacket(tds.PacketSQLBatch, batch("run multi")))
	f.Add([]byte{1}, fuzzPacket(tds.PacketRPC, rpcCall(allHeaders(), "", 10, rpcParam{info: nvarcharInfo(10), value: "select 1"})))
	f.Add([]byte{1}, fuzzPacket(tds.PacketBulkLoad, []byte{0x81, 1, 0, 0, 0, 0, 0, 0, 0, 0x38, 1, 'a', 0}))
	f.Add([]byte{1}, fuzzPacket(tds.PacketTransaction, append(allHeaders(), 5, 0, 0, 0)))
	f.Add([]byte{0}, fuzzPacket(tds.PacketPrelogin, []byte{0, 0, 6, 0, 1, 0xff}))
	f.Add([]byte{0}, []byte{0x16, 3, 1, 0, 5, 1, 2, 3, 4, 5})
	f.Fuzz(serverConnectionFuzzBody)
}

func serverConnectionFuzzBody(t *testing.T, mode []byte, data []byte) {
	fuzzOnce.Do(startFuzzServer)
	{
		var c *rawClient
		if len(mode) > 0 && mode[0]&1 == 1 {
			c = loginRaw(t, fuzzServer, 4096)
		} else {
			c = dialRaw(t, fuzzServer)
		}
		c.conn.SetDeadline(time.Now().Add(2 * time.Second))
		c.conn.Write(data)
		c.conn.(*net.TCPConn).CloseWrite() // the server sees EOF once it has read everything
		buf := make([]byte, 4096)
		for {
			if _, err := c.conn.Read(buf); err != nil {
				break
			}
		}
		c.conn.Close()
		if n := fuzzPanics.n.Load(); n > 0 {
			t.Fatalf("server logged %d panics", n)
		}
		healthy := loginRaw(t, fuzzServer, 4096)
		healthy.send(tds.PacketSQLBatch, batch("select 1"))
		healthy.tokens(healthy.read())
	}
}

func startFuzzServer() {
	s, err := tdsserver.Start(tdsserver.Config{Engine: &scriptEngine{}, Encrypt: tdsserver.EncryptOff, Logger: slog.New(fuzzPanics)})
	if err != nil {
		panic(err)
	}
	fuzzServer = s
}

func fuzzPacket(t tds.PacketType, payload []byte) []byte {
	return append(append([]byte{}, packetHeader(t, len(payload))...), payload...)
}

func packetHeader(t tds.PacketType, n int) []byte {
	return []byte{byte(t), tds.StatusEOM, byte((n + 8) >> 8), byte(n + 8), 0, 0, 1, 0}
}
