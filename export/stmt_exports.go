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
	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

//export mssql_stmt_new
func mssql_stmt_new(id C.uint64_t, stmtOut *C.uint64_t, err *C.mssql_error) C.int32_t {
	return connCall("mssql_stmt_new", id, err, func(c *connection, s *core.Session) (int32, error) {
		if stmtOut == nil {
			return statusInvalidArgument, errNullOut
		}
		st := &statement{conn: c, st: s.NewStatement()}
		sid := addStmt(st)
		c.mu.Lock()
		c.stmts[sid] = st
		c.mu.Unlock()
		*stmtOut = C.uint64_t(sid)
		return statusOK, nil
	})
}

// stmtCall runs a call on a statement holding its connection's gate.
func stmtCall(name string, id C.uint64_t, err *C.mssql_error, body func(s *statement) (int32, error)) C.int32_t {
	return guard(name, err, func() (int32, error) {
		s := lookupStmt(uint64(id))
		if s == nil {
			return statusInvalidHandle, nil
		}
		if !s.conn.enter() {
			return statusBusy, nil
		}
		defer s.conn.leave()
		return body(s)
	})
}

// Flags of mssql_stmt_execute.
const execFlags = uint32(core.ExecPrepare | core.ExecProc)

//export mssql_stmt_execute
func mssql_stmt_execute(id C.uint64_t, sqlText *C.char, sqlLen C.size_t, buf *C.uint8_t, bufLen C.size_t,
	flags C.uint32_t, err *C.mssql_error) C.int32_t {
	return stmtCall("mssql_stmt_execute", id, err, func(s *statement) (int32, error) {
		text, e := bytesIn("sql", unsafePtr(sqlText), sqlLen, maxSQL)
		if e != nil {
			return statusInvalidArgument, e
		}
		switch {
		case len(text) == 0:
			return statusInvalidArgument, errArg("sql is empty")
		case !utf8.Valid(text):
			return statusInvalidArgument, errArg("sql is not valid UTF-8")
		case uint32(flags)&^execFlags != 0:
			return statusInvalidArgument, errArg("unknown flags 0x%x", uint32(flags)&^execFlags)
		}
		raw, e := bytesIn("params", unsafePtr((*C.char)(unsafePtrU8(buf))), bufLen, maxParamBuf)
		if e != nil {
			return statusInvalidArgument, e
		}
		set, e := params.Decode(raw)
		if e != nil {
			return statusInvalidArgument, e
		}
		sql := string(text)
		return s.conn.startOp(s.id, func(ctx context.Context) (int32, error) {
			return statusFor(s.st.Execute(ctx, sql, set, core.ExecFlags(flags)))
		}, s.st.Cancel)
	})
}

//export mssql_stmt_next_result
func mssql_stmt_next_result(id C.uint64_t, err *C.mssql_error) C.int32_t {
	return stmtCall("mssql_stmt_next_result", id, err, func(s *statement) (int32, error) {
		return s.conn.startOp(s.id, func(ctx context.Context) (int32, error) {
			return statusFor(s.st.NextResult(ctx))
		}, s.st.Cancel)
	})
}

// Format bits.
const (
	formatPickle  = 1
	formatPlain   = 2
	fetchTuples   = 0x100
	fetchUUIDStr  = 0x200
	formatOptBits = fetchTuples | fetchUUIDStr
)

func parseFormat(f C.int32_t) (rowenc.Options, error) {
	v := uint32(f)
	o := rowenc.Options{Tuples: v&fetchTuples != 0, UUIDStr: v&fetchUUIDStr != 0}
	switch v &^ formatOptBits {
	case formatPickle:
		o.Format = rowenc.FormatPickle
	case formatPlain:
		o.Format = rowenc.FormatPlain
	default:
		return o, errArg("unknown format 0x%x", v)
	}
	return o, nil
}

//export mssql_stmt_describe
func mssql_stmt_describe(id C.uint64_t, format C.int32_t, bufOut **C.uint8_t, lenOut *C.size_t, err *C.mssql_error) C.int32_t {
	return stmtCall("mssql_stmt_describe", id, err, func(s *statement) (int32, error) {
		if bufOut == nil || lenOut == nil {
			return statusInvalidArgument, errNullOut
		}
		opts, e := parseFormat(format)
		if e != nil {
			return statusInvalidArgument, e
		}
		putBuffer(bufOut, lenOut, s.st.Describe(opts))
		return statusOK, nil
	})
}

//export mssql_stmt_fetch
func mssql_stmt_fetch(id C.uint64_t, format C.int32_t, maxRows C.int32_t, maxBytes C.int32_t,
	bufOut **C.uint8_t, lenOut *C.size_t, nrowsOut *C.int32_t, err *C.mssql_error) C.int32_t {
	return stmtCall("mssql_stmt_fetch", id, err, func(s *statement) (int32, error) {
		if bufOut == nil || lenOut == nil || nrowsOut == nil {
			return statusInvalidArgument, errNullOut
		}
		*bufOut, *lenOut, *nrowsOut = nil, 0, 0
		opts, e := parseFormat(format)
		switch {
		case e != nil:
			return statusInvalidArgument, e
		case maxRows < 1:
			return statusInvalidArgument, errArg("max_rows must be at least 1")
		case maxBytes < 0:
			return statusInvalidArgument, errArg("max_bytes is negative")
		}
		for {
			buf, n, st, e := s.st.Fetch(opts, int(maxRows), int(maxBytes))
			switch st {
			case core.FetchRows:
				putBuffer(bufOut, lenOut, buf)
				*nrowsOut = C.int32_t(n)
				return statusOK, nil
			case core.FetchError:
				return statusError, e
			case core.FetchEnd:
				return statusNoData, nil
			}
			status, e := s.conn.startOp(s.id, func(ctx context.Context) (int32, error) {
				return statusOK, s.st.WaitRows(ctx)
			}, s.st.Cancel)
			switch {
			case status != statusOK:
				return status, e // pending, or the wait failed
			case e != nil:
				return statusError, e
			}
			// The wait ran on this thread: its batch is ready.
		}
	})
}

//export mssql_stmt_set_query_timeout
func mssql_stmt_set_query_timeout(id C.uint64_t, timeoutMs C.int32_t, err *C.mssql_error) C.int32_t {
	return stmtCall("mssql_stmt_set_query_timeout", id, err, func(s *statement) (int32, error) {
		if timeoutMs < 0 {
			return statusInvalidArgument, errArg("timeout_ms is negative")
		}
		s.st.SetQueryTimeout(time.Duration(timeoutMs) * time.Millisecond)
		return statusOK, nil
	})
}

//export mssql_stmt_close
func mssql_stmt_close(id C.uint64_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_stmt_close", err, func() (int32, error) {
		s := lookupStmt(uint64(id))
		if s == nil {
			return statusInvalidHandle, nil
		}
		if s.conn.gate.Load() == gateCall {
			return statusBusy, nil
		}
		if !removeStmt(uint64(id)) {
			return statusInvalidHandle, nil
		}
		s.conn.mu.Lock()
		delete(s.conn.stmts, s.id)
		ownsOp := s.conn.op != nil && s.conn.op.owner == s.id
		s.conn.mu.Unlock()
		if ownsOp {
			s.conn.settle(2 * time.Second)
			s.conn.gate.CompareAndSwap(gateOp, gateFree)
		}
		return statusOK, s.st.Close()
	})
}
