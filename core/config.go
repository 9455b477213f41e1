package core

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// tdsConfig translates a connection string's settings for package tds.
// Each login gets its own copy (the TLS settings are cloned).
func tdsConfig(cfg *connstr.Config, opts OpenOptions) *tds.Config {
	d := &cfg.Login
	c := &tds.Config{
		Host: d.Host, Port: uint16(d.Port), Instance: d.Instance,
		User: d.User, Password: d.Password, AccessToken: opts.AccessToken,
		Database: d.Database, AppName: d.AppName, Workstation: d.Workstation, ServerName: d.Host,
		PacketSize: int(d.PacketSize), ReadOnlyIntent: d.ReadOnlyIntent,
		MultiSubnetFailover: cfg.MultiSubnetFailover, IPPreference: tds.IPPreference(cfg.IPPreference),
		KeepAlive: cfg.KeepAlive,
	}
	if d.Instance != "" {
		c.ServerName = d.Host + "\\" + d.Instance
	}
	if opts.AccessToken != "" {
		c.User, c.Password = "", ""
	}
	_, _ = rand.Read(c.ActivityID[:])
	switch d.Encryption {
	case connstr.EncryptionOff:
		c.Encryption = tds.EncryptOptional
	case connstr.EncryptionStrict:
		c.Encryption = tds.EncryptStrict
	}
	if d.TLSConfig != nil {
		c.TLS = d.TLSConfig.Clone()
		c.TLS.ServerName = "" // tds sets it for the host, or a routed one
		if d.HostInCertificateProvided {
			c.HostInCertificate = d.TLSConfig.ServerName
		}
	}
	return c
}

// loginError classifies a failed login. Nothing was executed, so every
// login failure is safe to retry.
func loginError(ctx context.Context, deadline time.Time, err error) error {
	var se *tds.ServerError
	var ns *tds.NotSupportedError
	var ce *Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		return newError(ClassOperational, FlagCancelled|FlagSafeToRetry, "Login cancelled", err)
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || !time.Now().Before(deadline):
		return newError(ClassOperational, FlagTimeout|FlagSafeToRetry, "Login timeout expired", err)
	case errors.As(err, &se):
		return newError(ClassNone, FlagSafeToRetry, "", chainOfMessages(se.Messages))
	case errors.As(err, &ns):
		return newError(ClassNotSupported, 0, ns.Feature+" is not supported", nil)
	case errors.As(err, &ce):
		return err
	}
	return newError(ClassOperational, FlagSafeToRetry, "cannot connect to the server", err)
}
