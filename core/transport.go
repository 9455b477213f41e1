package core

import (
	"context"
	"errors"
	"net"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

// dialer replaces go-mssqldb's: it resolves the host with the login
// context (go-mssqldb's DNS lookup ignores it), orders addresses by
// IpAddressPreference, dials them one by one or, with MultiSubnetFailover,
// all at once, and sets the login deadline on the socket so that PRELOGIN,
// TLS and LOGIN7 are bounded too (go-mssqldb does not watch the context
// there). It implements mssql.HostDialer so that go-mssqldb hands it the
// host name.
type dialer struct {
	cfg      *connstr.Config
	deadline time.Time
	mu       sync.Mutex
	conn     *trackedConn // the last connection dialed
}

// HostName satisfies mssql.HostDialer.
func (d *dialer) HostName() string { return d.cfg.Address.Host }

// DialContext dials the server; go-mssqldb calls it once per login, and
// again after a routing redirect.
func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := d.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	c, err := d.dialAny(ctx, ips, port)
	if err != nil {
		return nil, err
	}
	if !d.deadline.IsZero() {
		_ = c.SetDeadline(d.deadline)
	}
	tc := newTrackedConn(c)
	d.mu.Lock()
	d.conn = tc
	d.mu.Unlock()
	return tc, nil
}

// last returns the connection of the successful login.
func (d *dialer) last() *trackedConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conn
}

func (d *dialer) resolve(ctx context.Context, host string) ([]net.IP, error) {
	if ip := net.ParseIP(host); ip != nil {
		return []net.IP{ip}, nil
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	ips := make([]net.IP, len(addrs))
	for i, a := range addrs {
		ips[i] = a.IP
	}
	orderIPs(ips, d.cfg.IPPreference)
	return ips, nil
}

// orderIPs puts the preferred address family first, keeping the
// resolver's order within each family.
func orderIPs(ips []net.IP, pref connstr.IPPreference) {
	if pref == connstr.IPPlatformDefault {
		return
	}
	v4First := pref == connstr.IPv4First
	sort.SliceStable(ips, func(i, j int) bool {
		a, b := ips[i].To4() != nil, ips[j].To4() != nil
		return a != b && a == v4First
	})
}

func (d *dialer) netDialer() *net.Dialer {
	return &net.Dialer{KeepAliveConfig: d.cfg.KeepAlive}
}

// dialAny connects to the first address that answers: in order, or all
// in parallel with MultiSubnetFailover=yes.
func (d *dialer) dialAny(ctx context.Context, ips []net.IP, port string) (net.Conn, error) {
	if d.cfg.MultiSubnetFailover && len(ips) > 1 {
		return d.dialParallel(ctx, ips, port)
	}
	var firstErr error
	for _, ip := range ips {
		c, err := d.netDialer().DialContext(ctx, "tcp", net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if firstErr == nil {
		firstErr = errors.New("the host name resolved to no address")
	}
	return nil, firstErr
}

func (d *dialer) dialParallel(ctx context.Context, ips []net.IP, port string) (net.Conn, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		c   net.Conn
		err error
	}
	results := make(chan result, len(ips))
	for _, ip := range ips {
		go func(addr string) {
			c, err := d.netDialer().DialContext(ctx, "tcp", addr)
			results <- result{c, err}
		}(net.JoinHostPort(ip.String(), port))
	}
	var winner net.Conn
	var firstErr error
	for range ips {
		r := <-results
		switch {
		case r.err != nil && firstErr == nil:
			firstErr = r.err
		case r.err == nil && winner == nil:
			winner = r.c
			cancel()
		case r.err == nil:
			r.c.Close()
		}
	}
	if winner != nil {
		return winner, nil
	}
	return nil, firstErr
}

// trackedConn is the session's socket. It signals the first read error,
// so that a request waiting for the server learns that the connection
// broke even when go-mssqldb reports it on no channel the request sees.
type trackedConn struct {
	net.Conn
	once   sync.Once
	broken chan struct{}
	mu     sync.Mutex
	err    error
}

func newTrackedConn(c net.Conn) *trackedConn {
	return &trackedConn{Conn: c, broken: make(chan struct{})}
}

func (c *trackedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if err != nil {
		c.fail(err)
	}
	return n, err
}

func (c *trackedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err != nil {
		c.fail(err)
	}
	return n, err
}

func (c *trackedConn) fail(err error) {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return // a deadline during login is handled by the login itself
	}
	c.once.Do(func() {
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
		close(c.broken)
	})
}

// Broken is closed once a read or write failed.
func (c *trackedConn) Broken() <-chan struct{} { return c.broken }

// Err is the first read or write error.
func (c *trackedConn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func portString(p uint16) string {
	if p == 0 {
		return "1433"
	}
	return strconv.Itoa(int(p))
}
