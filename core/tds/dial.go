package tds

import (
	"context"
	"errors"
	"net"
	"sort"
	"strconv"
)

// dial resolves host with the login context, orders its addresses by
// IPPreference and connects to them one by one or, with
// MultiSubnetFailover, all at once (the first to answer wins).
func dial(ctx context.Context, cfg *Config, host string, port uint16) (net.Conn, error) {
	ips, err := resolve(ctx, host, cfg.IPPreference)
	if err != nil {
		return nil, err
	}
	p := strconv.Itoa(int(port))
	if cfg.MultiSubnetFailover && len(ips) > 1 {
		return dialParallel(ctx, cfg, ips, p)
	}
	return dialEach(ctx, cfg, ips, p)
}

// dialEach tries the addresses in order.
func dialEach(ctx context.Context, cfg *Config, ips []net.IP, p string) (net.Conn, error) {
	var first error
	for _, ip := range ips {
		c, err := dialOne(ctx, cfg, net.JoinHostPort(ip.String(), p))
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if first == nil {
		first = errors.New("the host name resolved to no address")
	}
	return nil, first
}

func dialOne(ctx context.Context, cfg *Config, addr string) (net.Conn, error) {
	if cfg.Dial != nil {
		return cfg.Dial(ctx, "tcp", addr)
	}
	d := net.Dialer{KeepAliveConfig: cfg.KeepAlive}
	return d.DialContext(ctx, "tcp", addr)
}

func resolve(ctx context.Context, host string, pref IPPreference) ([]net.IP, error) {
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
	orderIPs(ips, pref)
	return ips, nil
}

// orderIPs puts the preferred address family first, keeping the
// resolver's order within each family.
func orderIPs(ips []net.IP, pref IPPreference) {
	if pref == IPPlatformDefault {
		return
	}
	v4First := pref == IPv4First
	sort.SliceStable(ips, func(i, j int) bool {
		a, b := ips[i].To4() != nil, ips[j].To4() != nil
		return a != b && a == v4First
	})
}

func dialParallel(ctx context.Context, cfg *Config, ips []net.IP, port string) (net.Conn, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		c   net.Conn
		err error
	}
	results := make(chan result, len(ips))
	for _, ip := range ips {
		go func(addr string) {
			c, err := dialOne(ctx, cfg, addr)
			results <- result{c, err}
		}(net.JoinHostPort(ip.String(), port))
	}
	var winner net.Conn
	var first error
	for range ips {
		r := <-results
		switch {
		case r.err != nil && first == nil:
			first = r.err
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
	return nil, first
}
