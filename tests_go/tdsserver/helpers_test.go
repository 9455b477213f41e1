package tdsserver_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

var _ = mssql.Error{}

// testLogger keeps test output quiet unless TDSSERVER_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("TDSSERVER_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// startServer starts a server over a scripted engine (unless cfg names one).
func startServer(t testing.TB, cfg tdsserver.Config) (*tdsserver.Server, *scriptEngine) {
	t.Helper()
	e := &scriptEngine{}
	if cfg.Engine == nil {
		cfg.Engine = e
	}
	if cfg.Logger == nil {
		cfg.Logger = testLogger()
	}
	s, err := tdsserver.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, e
}

// dsn builds a go-mssqldb URL for the server; params override defaults
// (database master, encrypt true, the generated CA trusted).
func dsn(s *tdsserver.Server, params map[string]string) string {
	return dsnAt(s, s.Addr(), params)
}

func dsnAt(s *tdsserver.Server, addr string, params map[string]string) string {
	q := url.Values{}
	q.Set("database", "master")
	q.Set("encrypt", "true")
	if s.CAFile() != "" {
		q.Set("certificate", s.CAFile())
	}
	q.Set("dial timeout", "5")
	for k, v := range params {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	u := url.URL{Scheme: "sqlserver", User: url.UserPassword(s.User(), s.Password()), Host: addr, RawQuery: q.Encode()}
	return u.String()
}

func openDB(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlserver", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// recordingProxy forwards one TCP connection at a time to target and keeps
// every byte that passes, so tests can check what travels in clear.
type recordingProxy struct {
	ln     net.Listener
	mu     sync.Mutex
	toSrv  bytes.Buffer
	toCli  bytes.Buffer
	target string
}

func newRecordingProxy(t testing.TB, target string) *recordingProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &recordingProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close() })
	go p.serve()
	return p
}

func (p *recordingProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		go p.pipe(s, c, &p.toSrv)
		go p.pipe(c, s, &p.toCli)
	}
}

func (p *recordingProxy) pipe(dst, src net.Conn, rec *bytes.Buffer) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			rec.Write(buf[:n])
			p.mu.Unlock()
			dst.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// sawClient reports whether the client sent the bytes in clear.
func (p *recordingProxy) sawClient(b []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Contains(p.toSrv.Bytes(), b)
}

func (p *recordingProxy) sawServer(b []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Contains(p.toCli.Bytes(), b)
}

func (p *recordingProxy) Addr() string { return p.ln.Addr().String() }

// utf16 encodes ASCII text as UTF-16LE, as it travels in TDS.
func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}

func replaceUserInfo(dsn, user, pass string) string {
	u, _ := url.Parse(dsn)
	u.User = url.UserPassword(user, pass)
	return u.String()
}
