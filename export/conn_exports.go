package main

/*
#include "abi.h"
*/
import "C"

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/pool"
)

// Flags of mssql_conn_open.
const (
	openAutocommit = 0x1
	openNoPool     = 0x2
)

//export mssql_conn_open
func mssql_conn_open(cs *C.char, csLen C.size_t, ov *C.char, ovLen C.size_t, tok *C.char, tokLen C.size_t,
	loginTimeoutMs C.int32_t, flags C.uint32_t, connOut *C.uint64_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_conn_open", err, func() (int32, error) {
		if connOut == nil {
			return statusInvalidArgument, errNullOut
		}
		*connOut = 0
		in, e := openInputs(cs, csLen, ov, ovLen, tok, tokLen, loginTimeoutMs, flags)
		if e != nil {
			return statusInvalidArgument, e
		}
		pooled := flags&openNoPool == 0 && pool.Default.Enabled()
		cfg, e := openConfig(in.connstr, in.overrides, pooled)
		if e != nil {
			return statusError, e
		}
		opts := core.OpenOptions{AccessToken: in.token, Autocommit: flags&openAutocommit != 0,
			LoginTimeout: time.Duration(loginTimeoutMs) * time.Millisecond}
		c := &connection{connector: connectorFor(cfg, opts, pooled), stmts: map[uint64]*statement{}}
		id := addConn(c)
		*connOut = C.uint64_t(id)
		c.enter()
		core.Logf(core.LevelDebug, "abi", "connecting: %s", cfg.Settings.Redacted())
		if !c.openFromIdle(id) {
			go c.newOp(id, nil).run(c.login) // logins always run apart
		}
		return statusPending, nil
	})
}

type openIn struct {
	connstr, overrides, token string
}

func openInputs(cs *C.char, csLen C.size_t, ov *C.char, ovLen C.size_t, tok *C.char, tokLen C.size_t,
	timeout C.int32_t, flags C.uint32_t) (openIn, error) {
	var in openIn
	b, err := bytesIn("connstr", unsafePtr(cs), csLen, maxConnStr)
	if err != nil {
		return in, err
	}
	in.connstr = string(b)
	if b, err = bytesIn("overrides", unsafePtr(ov), ovLen, maxConnStr); err != nil {
		return in, err
	}
	in.overrides = string(b)
	if b, err = bytesIn("access_token", unsafePtr(tok), tokLen, maxToken); err != nil {
		return in, err
	}
	in.token = string(b)
	switch {
	case !utf8.ValidString(in.connstr) || !utf8.ValidString(in.overrides) || !utf8.ValidString(in.token):
		return in, errArg("connection strings and tokens must be UTF-8")
	case timeout < 0:
		return in, errArg("login_timeout_ms is negative")
	case flags&^(openAutocommit|openNoPool) != 0:
		return in, errArg("unknown flags 0x%x", uint32(flags)&^(openAutocommit|openNoPool))
	}
	return in, nil
}

// openConfig parses and merges the connection string and its overrides;
// for a pooled connection the translation is cached (see cachedConfig).
func openConfig(cs, ov string, pooled bool) (*connstr.Config, error) {
	settings, err := connstr.Parse(cs)
	if err != nil {
		return nil, err
	}
	overrides, ignored, err := connstr.ParseOverrides(ov)
	if err != nil {
		return nil, err
	}
	for _, k := range ignored {
		core.Logf(core.LevelWarning, "abi", "connect(): ignored unknown keyword '%s'", k)
	}
	if pooled {
		return cachedConfig(settings.Merge(overrides))
	}
	return settings.Merge(overrides).Config()
}

// login is the operation of mssql_conn_open.
func (c *connection) login(ctx context.Context) (int32, error) {
	sess, err := c.connector.Connect(ctx)
	if err != nil {
		return statusError, err
	}
	c.mu.Lock()
	closed := lookupConn(c.id) == nil
	if !closed {
		c.sess = sess
	}
	c.mu.Unlock()
	if closed {
		_ = c.connector.Release(sess)
		return statusError, internalError("the connection was closed during the login")
	}
	core.Logf(core.LevelInfo, "abi", "connection %d opened", c.id)
	return statusOK, nil
}

// connCall runs a call on an open connection holding its gate.
func connCall(name string, id C.uint64_t, err *C.mssql_error, body func(c *connection, s *core.Session) (int32, error)) C.int32_t {
	return guard(name, err, func() (int32, error) {
		c := lookupConn(uint64(id))
		if c == nil {
			return statusInvalidHandle, nil
		}
		if !c.enter() {
			return statusBusy, nil
		}
		defer c.leave()
		s := c.session()
		if s == nil {
			return statusError, errNotOpen
		}
		return body(c, s)
	})
}

var errNotOpen = &core.Error{Class: core.ClassInterface, Msg: "the connection is not open (its login failed or is still running)"}

//export mssql_conn_close
func mssql_conn_close(id C.uint64_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_conn_close", err, func() (int32, error) {
		c := lookupConn(uint64(id))
		if c == nil {
			return statusInvalidHandle, nil
		}
		if c.gate.Load() == gateCall {
			return statusBusy, nil
		}
		if !removeConn(uint64(id)) {
			return statusInvalidHandle, nil
		}
		c.settle(2 * time.Second)
		return statusOK, c.close()
	})
}

// close ends the statements and the session.
func (c *connection) close() error {
	c.mu.Lock()
	stmts := c.stmts
	c.stmts = map[uint64]*statement{}
	sess := c.sess
	c.sess = nil
	c.mu.Unlock()
	for _, s := range stmts {
		s.st.Cancel()
	}
	var err error
	if sess != nil {
		err = c.connector.Release(sess)
	}
	for id, s := range stmts {
		removeStmt(id)
		_ = s.st.Close()
	}
	core.Logf(core.LevelInfo, "abi", "connection %d closed", c.id)
	return err
}

//export mssql_conn_commit
func mssql_conn_commit(id C.uint64_t, err *C.mssql_error) C.int32_t {
	return connOp("mssql_conn_commit", id, err, func(ctx context.Context, s *core.Session) error { return s.Commit(ctx) })
}

//export mssql_conn_rollback
func mssql_conn_rollback(id C.uint64_t, err *C.mssql_error) C.int32_t {
	return connOp("mssql_conn_rollback", id, err, func(ctx context.Context, s *core.Session) error { return s.Rollback(ctx) })
}

//export mssql_conn_set_autocommit
func mssql_conn_set_autocommit(id C.uint64_t, on C.int32_t, err *C.mssql_error) C.int32_t {
	return connOp("mssql_conn_set_autocommit", id, err, func(ctx context.Context, s *core.Session) error {
		return s.SetAutocommit(ctx, on != 0)
	})
}

// connOp starts a blocking connection operation.
func connOp(name string, id C.uint64_t, err *C.mssql_error, fn func(ctx context.Context, s *core.Session) error) C.int32_t {
	return connCall(name, id, err, func(c *connection, s *core.Session) (int32, error) {
		return c.startOp(uint64(id), func(ctx context.Context) (int32, error) {
			if e := fn(ctx, s); e != nil {
				return statusError, e
			}
			return statusOK, nil
		}, nil)
	})
}

//export mssql_conn_info
func mssql_conn_info(id C.uint64_t, bufOut **C.uint8_t, lenOut *C.size_t, err *C.mssql_error) C.int32_t {
	return connCall("mssql_conn_info", id, err, func(c *connection, s *core.Session) (int32, error) {
		if bufOut == nil || lenOut == nil {
			return statusInvalidArgument, errNullOut
		}
		putBuffer(bufOut, lenOut, rowenc.PickleDict(s.Info()))
		return statusOK, nil
	})
}

//export mssql_conn_set_query_timeout
func mssql_conn_set_query_timeout(id C.uint64_t, timeoutMs C.int32_t, err *C.mssql_error) C.int32_t {
	return connCall("mssql_conn_set_query_timeout", id, err, func(c *connection, s *core.Session) (int32, error) {
		if timeoutMs < 0 {
			return statusInvalidArgument, errArg("timeout_ms is negative")
		}
		s.SetQueryTimeout(time.Duration(timeoutMs) * time.Millisecond)
		return statusOK, nil
	})
}

// putBuffer hands a copy of b to the caller in C memory.
func putBuffer(bufOut **C.uint8_t, lenOut *C.size_t, b []byte) {
	*bufOut = (*C.uint8_t)(cBytes(b))
	*lenOut = C.size_t(len(b))
}
