package tdsserver

import (
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/internal/tds"
)

// serverVersion is the SQL Server version announced in PRELOGIN and
// LOGINACK: SQL Server 2022 (16.0.4135).
var serverVersion = [4]byte{16, 0, 0x10, 0x27}

// startStrict accepts a TDS 8 connection: TLS first, ALPN tds/8.0.
func (c *conn) startStrict() error {
	if c.srv.tls80 == nil {
		return errors.New("TDS 8 (strict) connection refused: the server has no certificate (encryption mode none)")
	}
	tc := tls.Server(c.bc, c.srv.tls80)
	if err := tc.Handshake(); err != nil {
		return fmt.Errorf("TDS 8 TLS handshake: %w", err)
	}
	c.r.R, c.w.W = tc, tc
	c.strict, c.encrypted = true, true
	c.log.Debug("TDS 8 strict TLS established", "alpn", tc.ConnectionState().NegotiatedProtocol)
	return nil
}

// encryptionPlan is the outcome of PRELOGIN encryption negotiation.
type encryptionPlan struct {
	answer    byte
	tls       bool // start TLS inside PRELOGIN packets
	loginOnly bool // drop TLS after the first LOGIN7 packet
	refuse    bool // close after answering (client cannot encrypt)
}

// negotiate applies the MS-TDS 2.2.6.5 encryption table for the server's mode.
func negotiate(mode EncryptMode, client byte, strict bool) encryptionPlan {
	if strict {
		switch client {
		case tds.EncryptOff, tds.EncryptNotSup:
			return encryptionPlan{answer: tds.EncryptNotSup}
		case tds.EncryptStrict:
			return encryptionPlan{answer: tds.EncryptStrict}
		}
		return encryptionPlan{answer: tds.EncryptOn}
	}
	if mode == EncryptNone {
		return encryptionPlan{answer: tds.EncryptNotSup}
	}
	switch client {
	case tds.EncryptNotSup:
		if mode == EncryptRequired {
			return encryptionPlan{answer: tds.EncryptReq, refuse: true}
		}
		return encryptionPlan{answer: tds.EncryptNotSup}
	case tds.EncryptOff:
		switch mode {
		case EncryptOff:
			return encryptionPlan{answer: tds.EncryptOff, tls: true, loginOnly: true}
		case EncryptRequired:
			return encryptionPlan{answer: tds.EncryptReq, tls: true}
		}
	}
	return encryptionPlan{answer: tds.EncryptOn, tls: true}
}

// prelogin reads the client's PRELOGIN, answers it and starts TLS as agreed.
func (c *conn) prelogin() error {
	msg, err := c.r.ReadMessage(nil)
	if err != nil {
		return err
	}
	if msg.Type == tds.PacketLogin7 && len(msg.Data) >= 8 { // TDS 7.0 clients send no PRELOGIN
		return c.refuseOldTDS(binary.LittleEndian.Uint32(msg.Data[4:]))
	}
	if msg.Type != tds.PacketPrelogin {
		return fmt.Errorf("first message has packet type %#x, want PRELOGIN", msg.Type)
	}
	opts, err := tds.ParsePrelogin(msg.Data)
	if err != nil {
		return err
	}
	plan := negotiate(c.srv.cfg.Encrypt, opts.Encryption(), c.strict)
	c.w.Begin(tds.PacketReply)
	c.w.Write(tds.AppendPrelogin(nil, c.preloginReply(plan.answer, opts)))
	if err := c.w.End(); err != nil {
		return err
	}
	c.log.Debug("prelogin", "client_encryption", opts.Encryption(), "answer", plan.answer, "strict", c.strict)
	switch {
	case plan.refuse:
		return errors.New("client cannot encrypt and the server requires encryption")
	case plan.tls:
		return c.startPreloginTLS(plan.loginOnly)
	}
	return nil
}

func (c *conn) preloginReply(answer byte, opts tds.Prelogin) []tds.PreloginOption {
	v := serverVersion
	reply := []tds.PreloginOption{
		{Token: tds.PreloginVersion, Value: []byte{v[0], v[1], v[2], v[3], 0, 0}},
		{Token: tds.PreloginEncryption, Value: []byte{answer}},
		{Token: tds.PreloginInstOpt, Value: []byte{0}},
		{Token: tds.PreloginThreadID, Value: nil},
		{Token: tds.PreloginMARS, Value: []byte{0}},
	}
	if _, asked := opts[tds.PreloginFedAuthRequired]; asked && c.srv.cfg.TokenIssuerKey != nil {
		reply = append(reply, tds.PreloginOption{Token: tds.PreloginFedAuthRequired, Value: []byte{1}})
	}
	return reply
}

// startPreloginTLS runs the TDS 7.x TLS handshake inside PRELOGIN packets.
func (c *conn) startPreloginTLS(loginOnly bool) error {
	pt := newPreloginTLS(c.bc, c.spid)
	tc := tls.Server(pt, c.srv.tls74)
	if err := tc.Handshake(); err != nil {
		return fmt.Errorf("TLS handshake: %w", err)
	}
	if err := pt.handshakeDone(); err != nil {
		return err
	}
	c.r.R = tc
	c.loginOnly = loginOnly
	if !loginOnly {
		c.w.W, c.encrypted = tc, true
	}
	return nil
}
