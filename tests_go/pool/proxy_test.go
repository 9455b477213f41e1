package pool_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

// proxy forwards TCP connections to the test server and can drop them
// all, as a network failure or a restarted server would.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	links  []net.Conn
	refuse bool
}

func startProxy(t testing.TB) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln, target: testenv.Server(t).Addr()}
	go p.accept()
	t.Cleanup(func() { ln.Close(); p.drop() })
	return p
}

// connString is the test server's connection string through the proxy.
func (p *proxy) connString(t testing.TB) string {
	srv := testenv.Server(t)
	port := p.ln.Addr().(*net.TCPAddr).Port
	return strings.Replace(srv.ConnString(), fmt.Sprintf(",%d;", srv.Port()), fmt.Sprintf(",%d;", port), 1)
}

func (p *proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse
		p.mu.Unlock()
		up, err := net.Dial("tcp", p.target)
		if refuse || err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.links = append(p.links, c, up)
		p.mu.Unlock()
		go pipe(c, up)
		go pipe(up, c)
	}
}

func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// drop closes every forwarded connection.
func (p *proxy) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.links {
		c.Close()
	}
	p.links = nil
}

// refuseNew makes later connections fail at once.
func (p *proxy) refuseNew() {
	p.mu.Lock()
	p.refuse = true
	p.mu.Unlock()
}
