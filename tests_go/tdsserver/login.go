package tdsserver

import (
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// maxEncryptedPacketSize is the largest packet size SQL Server grants on
// an encrypted connection (a packet must fit one TLS record).
const maxEncryptedPacketSize = 16383

// errLoginFailed ends a connection whose login was refused in-band.
var errLoginFailed = errors.New("login failed")

// login reads LOGIN7, authenticates, opens the session and answers.
func (c *conn) login() error {
	var afterFirst func()
	if c.loginOnly {
		afterFirst = func() { c.r.R = c.bc } // login-only TLS ends after the first packet
	}
	msg, err := c.r.ReadMessage(afterFirst)
	if err != nil {
		return err
	}
	if msg.Type != tds.PacketLogin7 {
		return fmt.Errorf("packet type %#x after PRELOGIN, want LOGIN7", msg.Type)
	}
	l, err := tds.ParseLogin7(msg.Data)
	if err != nil {
		return err
	}
	c.w.SetPacketSize(c.negotiatePacketSize(l.PacketSize))
	if l.TDSVersion < tds.Version72 && l.TDSVersion != tds.Version80 {
		return c.refuseOldTDS(l.TDSVersion)
	}
	user, err := c.authenticate(l)
	if err != nil {
		c.log.Info("login refused", "user", user, "reason", err)
		return c.refuseLogin(user, nil)
	}
	login := backend.Login{SPID: int(c.spid), User: user, Database: l.Database, AppName: l.AppName,
		HostName: l.HostName, Language: l.Language, ReadOnly: l.ReadOnlyIntent()}
	sess, err := c.srv.engine.Open(login)
	if err != nil {
		c.log.Info("login refused by the engine", "user", user, "database", l.Database, "err", err)
		var m *backend.Message
		errors.As(err, &m)
		return c.refuseLogin(user, m)
	}
	c.sess = sess
	c.srv.logins.Add(1)
	c.log.Info("login", "user", user, "database", sess.State().Database, "tds", fmt.Sprintf("%#08x", l.TDSVersion),
		"packet_size", c.w.PacketSize(), "encrypted", c.encrypted, "login_only_tls", c.loginOnly, "strict", c.strict)
	return c.acceptLogin(l)
}

// negotiatePacketSize grants the client's packet size within 512..32767
// (16383 when encrypted); 0 means the default 4096.
func (c *conn) negotiatePacketSize(asked uint32) int {
	size := int(min(asked, tds.MaxPacketSize))
	if asked == 0 {
		size = tds.DefaultPacketSize
	}
	size = max(size, tds.MinPacketSize)
	if c.encrypted && size > maxEncryptedPacketSize {
		size = maxEncryptedPacketSize
	}
	return size
}

// authenticate checks a SQL login or a FEDAUTH security token and returns
// the login name. The error explains a refusal for the log only.
func (c *conn) authenticate(l *tds.Login7) (string, error) {
	if f, ok := l.Feature(tds.FeatureFedAuth); ok {
		return c.authenticateToken(f)
	}
	if l.IntegratedSecurity() {
		return "", errors.New("integrated (Windows) authentication is not supported")
	}
	for _, lg := range c.srv.cfg.Logins {
		if lg.User == l.UserName {
			if subtle.ConstantTimeCompare([]byte(lg.Password), []byte(l.Password)) == 1 {
				return l.UserName, nil
			}
			return l.UserName, errors.New("password mismatch")
		}
	}
	return l.UserName, errors.New("no such login")
}

const tokenPrincipal = "<token-identified principal>"

func (c *conn) authenticateToken(f tds.Feature) (string, error) {
	req, err := tds.ParseFedAuth(f.Data)
	if err != nil {
		return tokenPrincipal, err
	}
	if req.Library != tds.FedAuthLibrarySecurityToken {
		return tokenPrincipal, fmt.Errorf("FEDAUTH library %d is not supported (only security tokens)", req.Library)
	}
	user, err := verifyToken(req.Token, c.srv.cfg.TokenIssuerKey, time.Now())
	if err != nil {
		return tokenPrincipal, err
	}
	return user, nil
}

// refuseLogin sends the engine's message (e.g. 4060), then 18456, and ends
// the connection.
func (c *conn) refuseLogin(user string, m *backend.Message) error {
	r := c.newLoginResponse()
	if m != nil {
		r.writeMessage(m)
	}
	r.writeMessage(&backend.Message{Number: 18456, State: 1, Class: 14,
		Text: fmt.Sprintf("Login failed for user '%s'.", user)})
	r.buf = tds.AppendDone(r.buf[:0], tds.Done{Token: tds.TokenDone, Status: tds.DoneError})
	r.write(r.buf)
	if err := c.w.End(); err != nil {
		return err
	}
	return errLoginFailed
}

func (c *conn) newLoginResponse() *response {
	c.w.Begin(tds.PacketReply)
	return c.newResponse(c.ctx)
}

// acceptLogin sends the login response in SQL Server's order.
func (c *conn) acceptLogin(l *tds.Login7) error {
	r := c.newLoginResponse()
	db := c.sess.State().Database
	b := tds.AppendEnvString(nil, tds.EnvDatabase, db, DefaultDatabase)
	r.write(b)
	r.writeMessage(&backend.Message{Number: 5701, State: 2, Class: 0, Line: 1,
		Text: fmt.Sprintf("Changed database context to '%s'.", db)})
	b = tds.AppendEnvBytes(b[:0], tds.EnvCollation, tds.DefaultCollation[:], nil)
	b = tds.AppendEnvString(b, tds.EnvLanguage, "us_english", "")
	r.write(b)
	r.writeMessage(&backend.Message{Number: 5703, State: 1, Class: 0, Line: 1,
		Text: "Changed language setting to us_english."})
	b = tds.AppendLoginAck(b[:0], tds.LoginAck{TDSVersion: ackVersion(l.TDSVersion),
		ProgName: "Microsoft SQL Server", Version: serverVersion})
	if acks := featureAcks(l); len(acks) > 0 {
		b = tds.AppendFeatureExtAck(b, acks)
	}
	size := strconv.Itoa(c.w.PacketSize())
	b = tds.AppendEnvString(b, tds.EnvPacketSize, size, size)
	b = tds.AppendDone(b, tds.Done{Token: tds.TokenDone})
	r.write(b)
	if r.err != nil {
		return r.err
	}
	return c.w.End()
}

// ackVersion is the TDS version in LOGINACK: 7.4 for 7.4 and TDS 8
// clients, the client's own for 7.2 and 7.3.
func ackVersion(client uint32) uint32 {
	if client == tds.Version80 || client >= tds.Version74 {
		return tds.Version74
	}
	return client
}

// featureAcks acknowledges only features the client asked for and the
// server supports: FEDAUTH (security token) and UTF8_SUPPORT.
func featureAcks(l *tds.Login7) []tds.Feature {
	var acks []tds.Feature
	for _, f := range l.Features {
		switch f.ID {
		case tds.FeatureFedAuth:
			acks = append(acks, tds.Feature{ID: tds.FeatureFedAuth})
		case tds.FeatureUTF8Support:
			acks = append(acks, tds.Feature{ID: tds.FeatureUTF8Support, Data: []byte{1}})
		}
	}
	return acks
}

// refuseOldTDS ends a login from a TDS 7.0/7.1 client, whose token formats
// (2-byte line numbers, 4-byte row counts, no PLP or date types) the server
// does not speak; the refusal itself is written in those formats so that the
// client can read it.
func (c *conn) refuseOldTDS(version uint32) error {
	text := fmt.Sprintf("TDS version %#08x is not supported by this test server; use TDS 7.2 or later.", version)
	body := binary.LittleEndian.AppendUint32(nil, 18456)
	body = append(body, 1, 14)
	body = binary.LittleEndian.AppendUint16(body, uint16(tds.UCS2Len(text)))
	body = tds.AppendUCS2(body, text)
	body = append(body, 0, 0)                        // server name, procedure name
	body = binary.LittleEndian.AppendUint16(body, 0) // line number (USHORT before 7.2)
	msg := append([]byte{tds.TokenError}, binary.LittleEndian.AppendUint16(nil, uint16(len(body)))...)
	msg = append(msg, body...)
	msg = append(msg, tds.TokenDone, byte(tds.DoneError), 0, 0, 0, 0, 0, 0, 0) // 4-byte row count
	c.w.Begin(tds.PacketReply)
	c.w.Write(msg)
	if err := c.w.End(); err != nil {
		return err
	}
	c.log.Info("login refused: TDS version too old", "tds", fmt.Sprintf("%#08x", version))
	return errLoginFailed
}
