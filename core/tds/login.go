package tds

import (
	"context"
	"os"
)

// loginState collects the login response.
type loginState struct {
	ack      *LoginAck
	acks     featureAcks
	errs     []Message
	asked    map[byte]bool // features requested
	reply    preloginReply
	sspiDone bool
}

// authenticate sends LOGIN7 and reads the login response, running the
// FEDAUTH or SSPI exchanges the server asks for.
func (c *Conn) authenticate(ctx context.Context, reply preloginReply) error {
	if c.cfg.SSPI != nil {
		defer c.cfg.SSPI.Free()
	}
	st := &loginState{reply: reply, asked: map[byte]bool{}}
	l, err := c.login7(st)
	if err != nil {
		return err
	}
	msg := l.encode()
	c.wr.begin(packetLogin7, 0)
	c.wr.write(msg)
	err = c.wr.end()
	clear(msg) // the password, obfuscated but not encrypted
	clear(c.wr.buf[:cap(c.wr.buf)])
	if err != nil {
		return err
	}
	if err := c.loginResponse(ctx, st); err != nil {
		return err
	}
	return c.loginDone(st)
}

// login7 fills the LOGIN7 message from the configuration.
func (c *Conn) login7(st *loginState) (*login7, error) {
	cfg := &c.cfg
	l := &login7{tdsVersion: VersionTDS74, packetSize: uint32(cfg.packetSize()), hostName: cfg.Workstation,
		appName: cfg.AppName, serverName: cfg.ServerName, language: cfg.Language, database: cfg.Database,
		readOnly: cfg.ReadOnlyIntent}
	if cfg.Encryption == EncryptStrict {
		l.tdsVersion = VersionTDS80
	}
	if l.hostName == "" {
		l.hostName, _ = os.Hostname()
	}
	if l.serverName == "" {
		l.serverName = cfg.host()
	}
	switch {
	case cfg.AccessToken != "" || cfg.FedAuth != nil:
		st.asked[featureFedAuth] = true
		l.features = appendFeature(l.features, featureFedAuth, fedAuthFeature(cfg, st.reply.fedAuthReq, st.reply.nonce))
	case cfg.Integrated:
		b, err := cfg.SSPI.InitialBytes()
		if err != nil {
			return nil, &ConnError{Op: "sspi", Err: err}
		}
		l.integrated, l.sspi = true, b
	default:
		l.user, l.password = cfg.User, cfg.Password
	}
	if cfg.UTF8 {
		st.asked[featureUTF8] = true
		l.features = appendFeature(l.features, featureUTF8, []byte{1})
	}
	return l, nil
}

// loginResponse reads the login response up to its final DONE.
func (c *Conn) loginResponse(ctx context.Context, st *loginState) error {
	rd := c.rd
	rd.begin()
	for {
		if rd.ended() {
			return protocolErrorf("the login response ended without a final DONE")
		}
		b, err := rd.byte()
		if err != nil {
			return err
		}
		final, err := c.loginToken(ctx, st, b)
		if err != nil || final {
			return err
		}
	}
}

// loginToken handles one token of the login response; final is true at
// its last DONE.
func (c *Conn) loginToken(ctx context.Context, st *loginState, b byte) (final bool, err error) {
	rd := c.rd
	switch b {
	case tokLoginAck:
		var a LoginAck
		a, err = readLoginAck(rd)
		st.ack = &a
	case tokEnvChange:
		var e EnvChange
		if e, err = readEnvChange(rd); err == nil {
			c.applyEnv(&e)
		}
	case tokInfo, tokError:
		var m Message
		if m, err = readMessage(rd, b == tokError); err == nil && m.IsError {
			st.errs = append(st.errs, m)
		}
	case tokFeatureExtAck:
		st.acks, err = readFeatureExtAck(rd)
	case tokFedAuthInfo:
		err = c.fedAuthExchange(ctx, st)
	case tokSSPI:
		err = c.sspiExchange(st)
	case tokDone, tokDoneProc, tokDoneInProc:
		var d Done
		if d, err = readDone(rd, DoneKind(b-tokDone)); err == nil && !d.More() {
			return true, rd.finish()
		}
	default:
		err = protocolErrorf("unexpected token %#x in the login response", b)
	}
	return false, err
}

// fedAuthExchange answers FEDAUTHINFO with a token from the workflow.
func (c *Conn) fedAuthExchange(ctx context.Context, st *loginState) error {
	info, err := readFedAuthInfo(c.rd)
	if err != nil {
		return err
	}
	if err := c.rd.finish(); err != nil {
		return err
	}
	token, err := fetchToken(ctx, c.cfg.FedAuth, info)
	if err != nil {
		return &ConnError{Op: "fedauth", Err: err}
	}
	msg := fedAuthTokenMessage(token, st.reply.nonce)
	c.wr.begin(packetFedAuthToken, 0)
	c.wr.write(msg)
	err = c.wr.end()
	clear(msg)
	c.rd.begin()
	return err
}

// sspiExchange answers an SSPI token with the provider's next token.
func (c *Conn) sspiExchange(st *loginState) error {
	if c.cfg.SSPI == nil {
		return protocolErrorf("an SSPI token, but integrated authentication was not asked for")
	}
	n, err := c.rd.u16()
	if err != nil {
		return err
	}
	in, err := c.rd.next(int(n))
	if err != nil {
		return err
	}
	out, err := c.cfg.SSPI.NextBytes(append([]byte(nil), in...))
	if err != nil {
		return &ConnError{Op: "sspi", Err: err}
	}
	if err := c.rd.finish(); err != nil {
		return err
	}
	if len(out) > 0 {
		c.wr.begin(packetSSPI, 0)
		c.wr.write(out)
		if err := c.wr.end(); err != nil {
			return err
		}
	}
	c.rd.begin()
	return nil
}

// loginDone checks the completed login response.
func (c *Conn) loginDone(st *loginState) error {
	if len(st.errs) > 0 {
		return &ServerError{Messages: st.errs}
	}
	if st.ack == nil {
		return protocolErrorf("the login response has no LOGINACK")
	}
	if st.ack.TDSVersion < 0x72000000 && st.ack.TDSVersion != VersionTDS80 {
		return &NotSupportedError{Feature: "TDS versions before 7.2 (the server acknowledged " + itoa(int(st.ack.TDSVersion>>24)) + ".x)"}
	}
	for id := range st.acks {
		if !st.asked[id] {
			return protocolErrorf("the server acknowledged feature %#x, which was not requested", id)
		}
	}
	if st.asked[featureFedAuth] {
		if err := checkFedAuthAck(st.acks, nil); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &c.sess
	s.TDSVersion, s.ServerName, s.ServerVersion = st.ack.TDSVersion, st.ack.ProgName, st.ack.ProgVersion
	s.SPID = c.rd.spid
	s.UTF8 = len(st.acks[featureUTF8]) > 0 && st.acks[featureUTF8][0]&1 != 0
	if s.PacketSize == 0 {
		s.PacketSize = loginPacketSize
	}
	c.wr.setPacketSize(min(s.PacketSize, MaxPacketSize))
	return nil
}
