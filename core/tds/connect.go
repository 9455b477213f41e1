package tds

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"time"
)

// Connect opens a connection and logs in. The context bounds and cancels
// everything: the SQL Browser look-up, DNS, TCP, PRELOGIN, TLS and LOGIN7,
// and the connection a routing ENVCHANGE sends the client to.
func Connect(ctx context.Context, cfg *Config) (*Conn, error) {
	if cfg.Integrated && cfg.SSPI == nil {
		return nil, &NotSupportedError{Feature: "integrated (Windows/Kerberos) authentication without an SSPI provider"}
	}
	target := *cfg
	maxRedirects := cfg.MaxRedirects
	if maxRedirects <= 0 {
		maxRedirects = 5
	}
	for redirects := 0; ; redirects++ {
		c, err := connectOnce(ctx, &target)
		if err != nil || c.route == nil {
			return c, err
		}
		route := c.route
		c.Close()
		if redirects == maxRedirects {
			return nil, protocolErrorf("more than %d routing redirects", maxRedirects)
		}
		target.redirect(route)
	}
}

// redirect points the configuration at a routed server.
func (cfg *Config) redirect(r *Routing) {
	host, instance, _ := strings.Cut(r.Server, "\\")
	cfg.Host, cfg.Port, cfg.Instance = host, r.Port, instance
	cfg.ServerName = r.Server
	if r.Database != "" {
		cfg.Database = r.Database
	}
}

// connectOnce connects to one server, without following routing.
func connectOnce(ctx context.Context, cfg *Config) (*Conn, error) {
	host, port := cfg.host(), cfg.Port
	if port == 0 && cfg.Instance != "" {
		p, err := lookupInstance(ctx, host, cfg.Instance, cfg.BrowserPort)
		if err != nil {
			return nil, err
		}
		port = p
	}
	if port == 0 {
		port = 1433
	}
	sock, err := dial(ctx, cfg, host, port)
	if err != nil {
		return nil, loginError(ctx, &ConnError{Op: "dial", Err: err})
	}
	sock = blockingSocket(sock)
	if dl, ok := ctx.Deadline(); ok {
		_ = sock.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = sock.SetDeadline(time.Unix(1, 0)) })
	c := newConn(cfg, sock)
	err = c.login(ctx, host)
	if !stop() && err == nil {
		err = ctx.Err()
	}
	if err != nil {
		sock.Close()
		return nil, loginError(ctx, err)
	}
	_ = sock.SetDeadline(time.Time{})
	return c, nil
}

// loginError reports a failed login: the context's error when it ended
// the login, the cause otherwise.
func loginError(ctx context.Context, err error) error {
	var se *ServerError
	var pe *ProtocolError
	var ns *NotSupportedError
	if errors.As(err, &se) || errors.As(err, &pe) || errors.As(err, &ns) {
		return err
	}
	cause := ctx.Err()
	var ne net.Error
	if dl, ok := ctx.Deadline(); ok && cause == nil && errors.As(err, &ne) && ne.Timeout() && !time.Now().Before(dl.Add(-50*time.Millisecond)) {
		cause = context.DeadlineExceeded // the socket's deadline is the context's, a moment earlier
	}
	if cause != nil {
		return &ConnError{Op: "login", Err: errors.Join(cause, err)}
	}
	var ce *ConnError
	if errors.As(err, &ce) {
		return err
	}
	return &ConnError{Op: "login", Err: err}
}

// login runs PRELOGIN, TLS and LOGIN7 on a fresh socket.
func (c *Conn) login(ctx context.Context, host string) error {
	strict := c.cfg.Encryption == EncryptStrict
	if strict {
		tc := tls.Client(c.sock, c.tlsConfig(host, true))
		if err := tc.HandshakeContext(ctx); err != nil {
			return &ConnError{Op: "tls", Err: err}
		}
		c.setTransport(tc, tc)
		c.sess.Encrypted = true
	}
	reply, err := c.prelogin()
	if err != nil {
		return err
	}
	if !strict {
		if err := c.negotiateTLS(ctx, host, reply.encryption); err != nil {
			return err
		}
	}
	return c.authenticate(ctx, reply)
}

// prelogin exchanges PRELOGIN messages.
func (c *Conn) prelogin() (preloginReply, error) {
	enc := byte(encryptOn)
	if c.cfg.Encryption == EncryptOptional {
		enc = encryptOff
	}
	fedAuth := c.cfg.AccessToken != "" || c.cfg.FedAuth != nil
	if fedAuth {
		enc = encryptOn // a token never travels in clear
	}
	c.wr.begin(packetPrelogin, 0)
	c.wr.write(preloginRequest(&c.cfg, enc, fedAuth))
	if err := c.wr.end(); err != nil {
		return preloginReply{}, err
	}
	msg, err := c.readMessage()
	if err != nil {
		return preloginReply{}, err
	}
	reply, err := readPreloginReply(msg)
	if err == nil && reply.instanceBad {
		err = &ConnError{Op: "prelogin", Err: errors.New("the server is not the instance " + c.cfg.Instance)}
	}
	return reply, err
}

// readMessage reads one whole message (PRELOGIN replies are small).
func (c *Conn) readMessage() ([]byte, error) {
	c.rd.begin()
	var msg []byte
	for !c.rd.ended() {
		p, err := c.rd.piece(64 << 10)
		if err != nil {
			return nil, err
		}
		if len(msg)+len(p) > 1<<20 {
			return nil, protocolErrorf("message too large")
		}
		msg = append(msg, p...)
	}
	return msg, nil
}

// negotiateTLS applies the server's ENCRYPTION answer (TDS 7.x).
func (c *Conn) negotiateTLS(ctx context.Context, host string, answer byte) error {
	mandatory := c.cfg.Encryption == EncryptMandatory || c.cfg.AccessToken != "" || c.cfg.FedAuth != nil
	switch {
	case answer == encryptNotSup && mandatory:
		return &ConnError{Op: "prelogin", Err: errors.New("the server does not support encryption")}
	case answer == encryptNotSup:
		return nil
	case answer == encryptOff && mandatory:
		return &ConnError{Op: "prelogin", Err: errors.New("the server refused to encrypt the connection")}
	case answer != encryptOff && answer != encryptOn && answer != encryptReq:
		return protocolErrorf("PRELOGIN ENCRYPTION %#x", answer)
	}
	hc := &handshakeConn{Conn: c.sock}
	tc := tls.Client(hc, c.tlsConfig(host, false))
	if err := tc.HandshakeContext(ctx); err != nil {
		return &ConnError{Op: "tls", Err: err}
	}
	hc.pass = true
	if answer == encryptOff { // login-only: TLS for the first LOGIN7 packet
		sw := &switchWriter{w: tc}
		c.wr.dst = sw
		c.wr.afterPacket = func() { sw.w, c.wr.afterPacket = c.sock, nil }
		return nil
	}
	c.setTransport(tc, tc)
	c.sess.Encrypted = true
	return nil
}
