package tds_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"strconv"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// malformed are responses that break the protocol, each after a valid
// login. Every one must end in an error that marks the connection bad,
// never a panic or a hang.
var malformed = map[string][]byte{
	"unknown token":              {0x42, 0, 0},
	"row before metadata":        intRow(1),
	"truncated metadata":         intColumn()[:7],
	"int of 3 bytes":             append(intColumn(), 0xD1, 3, 1, 2, 3),
	"nvarchar past the end":      append([]byte{0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0xE7, 100, 0, 9, 4, 0xD0, 0, 0x34, 0, 0xD1}, 100, 0, 'a', 0),
	"no final DONE":              append(intColumn(), done(0xFD, 1, 0)...),
	"data after the final DONE":  append(done(0xFD, 0, 0), 0xFD),
	"decimal of 7 bytes":         {0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0x6A, 17, 10, 2, 0, 0xD1, 7, 1, 1, 2, 3, 4, 5, 6},
	"PLP shorter than announced": {0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0xA5, 0xFF, 0xFF, 0, 0xD1, 10, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0},
	"ENVCHANGE length wrong":     {0xE3, 3, 0, 1, 5, 'a', 0},
	"bad collation type":         {0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0x99},
	"time scale 9":               {0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0x29, 9},
	"sql_variant overrun":        {0x81, 1, 0, 0, 0, 0, 0, 1, 0, 0x62, 0x40, 0x1F, 0, 0, 0, 0xD1, 4, 0, 0, 0, 0x38, 9, 1, 2},
	"huge ORDER":                 {0xA9, 0xFF, 0xFF, 1},
	"message length wrong":       sized(0xAB, []byte{1, 2, 3}),
}

func TestMalformedResponses(t *testing.T) {
	for name, resp := range malformed {
		t.Run(name, func(t *testing.T) {
			cfg := scripted(t, func(p *peer) {
				if !p.handshake() {
					return
				}
				if _, _, ok := p.read(); ok {
					p.write(4, resp)
				}
				_, _, _ = p.read() // wait for the client to leave
			})
			c := connectCfg(t, cfg)
			r, err := c.SQLBatch("SELECT 1")
			require.NoError(t, err)
			_, err = drainResponse(r)
			require.Error(t, err)
			assert.True(t, tds.IsBadConn(err), "%v", err)
			assert.NotContains(t, err.Error(), "internal error")
			assert.Error(t, c.Err())
		})
	}
}

func TestMalformedPackets(t *testing.T) {
	cases := map[string][]byte{
		"length below the header": {4, 1, 0, 4, 0, 1, 1, 0},
		"type changes mid-message": append([]byte{4, 0, 0, 9, 0, 1, 1, 0, 0xFD},
			append([]byte{0x12, 1, 0, 20, 0, 1, 2, 0}, done(0xFD, 0, 0)[1:]...)...),
		"closed mid-packet": {4, 1, 0, 40, 0, 1, 1, 0, 0xFD},
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := scripted(t, func(p *peer) {
				if !p.handshake() {
					return
				}
				if _, _, ok := p.read(); ok {
					_, _ = p.conn.Write(raw)
				}
			})
			c := connectCfg(t, cfg)
			r, err := c.SQLBatch("SELECT 1")
			require.NoError(t, err)
			_, err = drainResponse(r)
			require.Error(t, err)
			assert.True(t, tds.IsBadConn(err), "%v", err)
		})
	}
}

func TestRoutingReconnects(t *testing.T) {
	target := configOf(t, testenv.ConnString(t))
	cfg := scripted(t, func(p *peer) {
		if p.prelogin(2) {
			p.login(routing(target.Host, target.Port))
		}
	})
	cfg.User, cfg.Password, cfg.TLS, cfg.Encryption = target.User, target.Password, target.TLS, tds.EncryptMandatory
	cfg.Encryption = tds.EncryptOptional // the scripted server cannot encrypt
	c := connectCfg(t, cfg)
	assert.Equal(t, int64(1), query(t, c, "SELECT 1").sets[0][0][0])
	assert.NotEqual(t, "scripted", c.Session().ServerName)
}

func TestLoginFailureCarriesTheServerError(t *testing.T) {
	cfg := scripted(t, func(p *peer) {
		if p.prelogin(2) {
			if _, _, ok := p.read(); ok {
				p.write(4, append(errorToken(18456, 14, "Login failed for user 'u'."), done(0xFD, 2, 0)...))
			}
		}
	})
	_, err := tds.Connect(ctx(t), cfg)
	var se *tds.ServerError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int32(18456), se.Messages[0].Number)
	assert.NotContains(t, err.Error(), "p", "no password in the error") // the password is "p"
}

func TestLoginTimeoutBoundsEveryStage(t *testing.T) {
	stall := map[string]func(p *peer){
		"no PRELOGIN answer": func(p *peer) { _, _, _ = p.read(); p.idle() },
		"no TLS answer": func(p *peer) {
			p.prelogin(1)
			p.idle()
		},
		"no LOGIN7 answer": func(p *peer) {
			p.prelogin(2)
			_, _, _ = p.read()
			p.idle()
		},
	}
	for name, script := range stall {
		t.Run(name, func(t *testing.T) {
			cfg := scripted(t, script)
			cfg.TLS = &tls.Config{InsecureSkipVerify: true}
			c, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := tds.Connect(c, cfg)
			require.Error(t, err)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, time.Since(start), 2*time.Second)
		})
	}
}

func TestUnacknowledgedAttentionDropsTheConnection(t *testing.T) {
	cfg := scripted(t, func(p *peer) {
		if p.handshake() {
			_, _, _ = p.read()
			p.idle() // never answers, ignores the ATTENTION
		}
	})
	cfg.AttentionTimeout = 300 * time.Millisecond
	c := connectCfg(t, cfg)
	r, err := c.SQLBatch("WAITFOR DELAY '01:00:00'")
	require.NoError(t, err)
	time.AfterFunc(50*time.Millisecond, c.Cancel)
	start := time.Now()
	_, err = drainResponse(r)
	require.Error(t, err)
	assert.True(t, tds.IsBadConn(err), "%v", err)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestCancelUnblocksAStuckWrite(t *testing.T) {
	cfg := scripted(t, func(p *peer) {
		if p.handshake() {
			p.idle() // stops reading
		}
	})
	cfg.AttentionTimeout = 300 * time.Millisecond
	c := connectCfg(t, cfg)
	big := make([]byte, 256<<20)
	b, err := c.RPC()
	require.NoError(t, err)
	time.AfterFunc(200*time.Millisecond, c.Cancel)
	start := time.Now()
	b.ProcID(tds.ProcExecuteSQL, 0)
	b.Param("", 0, ptr(tds.VarBinary(-1)), &tds.Value{Bytes: big})
	r, err := b.Send()
	if err == nil { // abandoned between packets: the server never answers
		_, err = drainResponse(r)
	}
	require.Error(t, err)
	assert.True(t, tds.IsBadConn(err), "%v", err)
	assert.Less(t, time.Since(start), 3*time.Second)
}

// fakeSSPI is an SSPI provider with a fixed two-step exchange.
type fakeSSPI struct{ freed bool }

func (f *fakeSSPI) InitialBytes() ([]byte, error) { return []byte("hello"), nil }
func (f *fakeSSPI) NextBytes(in []byte) ([]byte, error) {
	return append([]byte("answer to "), in...), nil
}
func (f *fakeSSPI) Free() { f.freed = true }

func TestIntegratedAuthenticationExchange(t *testing.T) {
	got := make(chan []byte, 2)
	cfg := scripted(t, func(p *peer) {
		if !p.prelogin(2) {
			return
		}
		_, l7, ok := p.read()
		if !ok {
			return
		}
		ib, cb := int(l7[78])|int(l7[79])<<8, int(l7[80])|int(l7[81])<<8
		got <- append([]byte(nil), l7[ib:ib+cb]...)
		p.write(4, append([]byte{0xED, 9, 0}, "challenge"...))
		if _, msg, ok := p.read(); ok {
			got <- msg
			p.write(4, append(append(loginAck(), envString(4, "4096", "4096")...), done(0xFD, 0, 0)...))
		}
	})
	prov := &fakeSSPI{}
	cfg.User, cfg.Password, cfg.Integrated, cfg.SSPI = "", "", true, prov
	connectCfg(t, cfg)
	assert.Equal(t, "hello", string(<-got))
	assert.Equal(t, "answer to challenge", string(<-got))
	assert.True(t, prov.freed)

	_, err := tds.Connect(ctx(t), &tds.Config{Host: "127.0.0.1", Integrated: true})
	var ns *tds.NotSupportedError
	assert.ErrorAs(t, err, &ns)
}

func TestFedAuthWorkflow(t *testing.T) {
	tokens := make(chan string, 1)
	srvTLS := serverTLS(t)
	cfg := scripted(t, func(p *peer) {
		if !p.prelogin(1, []byte{0x06, 1}) || !p.startTLS(srvTLS) {
			return
		}
		_, l7, ok := p.read()
		if !ok || !bytes.Contains(l7, []byte{0x02, 2, 0, 0, 0, 0x02<<1 | 1, 3}) {
			return // FEDAUTH feature: ADAL, echo, workflow 3
		}
		info := fedAuthInfo("https://login.example/tenant", "https://database.example/")
		p.write(4, info)
		_, msg, ok := p.read()
		if !ok || len(msg) < 8 {
			return
		}
		tokens <- string(utf16Decode(msg[8:]))
		ack := []byte{0xAE, 0x02, 0, 0, 0, 0, 0xFF}
		p.write(4, append(append(loginAck(), ack...), done(0xFD, 0, 0)...))
	})
	cfg.User, cfg.Password = "", ""
	cfg.TLS = &tls.Config{InsecureSkipVerify: true}
	var sts, spn string
	cfg.FedAuth = &tds.FedAuthWorkflow{Workflow: 3, Token: func(_ context.Context, s, p string) (string, error) {
		sts, spn = s, p
		return "eyJ0b2tlbiI6MX0", nil
	}}
	c := connectCfg(t, cfg)
	assert.True(t, c.Session().Encrypted)
	assert.Equal(t, "https://login.example/tenant", sts)
	assert.Equal(t, "https://database.example/", spn)
	assert.Equal(t, "eyJ0b2tlbiI6MX0", <-tokens)
}

func fedAuthInfo(sts, spn string) []byte {
	a, b := ucs2(sts), ucs2(spn)
	body := []byte{2, 0, 0, 0}
	off := 4 + 2*9
	body = append(body, 1)
	body = append(body, le32(len(a))...)
	body = append(body, le32(off)...)
	body = append(body, 2)
	body = append(body, le32(len(b))...)
	body = append(body, le32(off+len(a))...)
	body = append(append(body, a...), b...)
	return append(append([]byte{0xEE}, le32(len(body))...), body...)
}

func le32(n int) []byte { return []byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)} }

func utf16Decode(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u))
}

func TestSQLBrowserFindsTheInstancePort(t *testing.T) {
	target := configOf(t, testenv.ConnString(t))
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer udp.Close()
	go func() {
		buf := make([]byte, 512)
		n, addr, err := udp.ReadFrom(buf)
		if err != nil || n < 2 || buf[0] != 4 || string(buf[1:n-1]) != "INST1" {
			return
		}
		body := "ServerName;test;InstanceName;INST1;IsClustered;No;Version;16.0;tcp;" + strconv.Itoa(int(target.Port)) + ";;"
		_, _ = udp.WriteTo(append([]byte{5, byte(len(body)), byte(len(body) >> 8)}, body...), addr)
	}()
	cfg := *target
	cfg.Port, cfg.Instance = 0, "INST1"
	cfg.BrowserPort = udp.LocalAddr().(*net.UDPAddr).Port
	c := connectCfg(t, &cfg)
	assert.Equal(t, int64(1), query(t, c, "SELECT 1").sets[0][0][0])
}
