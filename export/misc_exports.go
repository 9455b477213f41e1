package main

/*
#include "abi.h"
*/
import "C"

import (
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

//export mssql_wait
func mssql_wait(id C.uint64_t, timeoutMs C.int32_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_wait", err, func() (int32, error) {
		c, _ := lookupAny(uint64(id))
		if c == nil {
			return statusInvalidHandle, nil
		}
		timeout := time.Duration(timeoutMs) * time.Millisecond
		if timeoutMs < 0 {
			timeout = -1
		}
		return c.wait(uint64(id), timeout)
	})
}

//export mssql_cancel
func mssql_cancel(id C.uint64_t) C.int32_t {
	return guard("mssql_cancel", nil, func() (int32, error) {
		c, s := lookupAny(uint64(id))
		if c == nil {
			return statusInvalidHandle, nil
		}
		if s != nil {
			s.st.Cancel()
		}
		c.cancelOp(uint64(id))
		return statusOK, nil
	})
}

//export mssql_log_set_level
func mssql_log_set_level(level C.int32_t) C.int32_t {
	return guard("mssql_log_set_level", nil, func() (int32, error) {
		core.SetLogLevel(int(level))
		return statusOK, nil
	})
}

//export mssql_log_drain
func mssql_log_drain(bufOut **C.uint8_t, lenOut *C.size_t) C.int32_t {
	return guard("mssql_log_drain", nil, func() (int32, error) {
		if bufOut == nil || lenOut == nil {
			return statusInvalidArgument, errNullOut
		}
		*bufOut, *lenOut = nil, 0
		events := core.DrainLog()
		if len(events) == 0 {
			return statusNoData, nil
		}
		rows := make([][]any, len(events))
		for i, ev := range events {
			rows[i] = []any{ev.UnixNano, int64(ev.Level), ev.Logger, ev.Message}
		}
		putBuffer(bufOut, lenOut, rowenc.PickleTuples(rows))
		return statusOK, nil
	})
}

//export mssql_debug_handle_counts
func mssql_debug_handle_counts(connsOut *C.int64_t, stmtsOut *C.int64_t) C.int32_t {
	return guard("mssql_debug_handle_counts", nil, func() (int32, error) {
		if connsOut == nil && stmtsOut == nil {
			return statusInvalidArgument, errNullOut
		}
		conns, stmts := handleCounts()
		if connsOut != nil {
			*connsOut = C.int64_t(conns)
		}
		if stmtsOut != nil {
			*stmtsOut = C.int64_t(stmts)
		}
		return statusOK, nil
	})
}

//export mssql_debug_panic
func mssql_debug_panic(err *C.mssql_error) C.int32_t {
	return guard("mssql_debug_panic", err, func() (int32, error) {
		panic("mssql_debug_panic: a test panic")
	})
}
