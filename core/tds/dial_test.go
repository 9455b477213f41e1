package tds

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

func TestOrderIPs(t *testing.T) {
	v4, v6 := net.ParseIP("10.0.0.1"), net.ParseIP("fd00::1")
	ips := []net.IP{v6, v4}
	orderIPs(ips, IPv4First)
	if !ips[0].Equal(v4) {
		t.Fatalf("IPv4First: %v", ips)
	}
	orderIPs(ips, IPv6First)
	if !ips[0].Equal(v6) {
		t.Fatalf("IPv6First: %v", ips)
	}
}

// TestMultiSubnetFailoverDialsInParallel: the first address never
// answers; with MultiSubnetFailover the second one wins at once, and the
// losers are closed.
func TestMultiSubnetFailoverDialsInParallel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg := &Config{MultiSubnetFailover: true}
	cfg.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr[:8] == "10.255.0" { // a dead subnet
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return (&net.Dialer{}).DialContext(ctx, network, ln.Addr().String())
	}
	ips := []net.IP{net.ParseIP("10.255.0.1"), net.ParseIP("127.0.0.1")}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	c, err := dialParallel(ctx, cfg, ips, "1433")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if time.Since(start) > time.Second {
		t.Fatalf("took %v", time.Since(start))
	}
	// sequentially, the dead address holds the login until its deadline
	cfg.MultiSubnetFailover = false
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	_, err = dialEach(ctx2, cfg, ips, "1433")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("sequential: %v", err)
	}
}
