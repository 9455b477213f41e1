package main

/*
#include "abi.h"
*/
import "C"

import (
	"encoding/json"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/pool"
)

// connectorFor picks where a new connection's session comes from: its
// pool, unless the caller or the global settings say no.
func connectorFor(cfg *connstr.Config, opts core.OpenOptions, noPool bool) core.Connector {
	if noPool || !pool.Default.Enabled() {
		return core.NewDirectConnector(cfg, opts)
	}
	return pool.Default.Connector(cfg, opts)
}

//export mssql_pool_configure
func mssql_pool_configure(enabled C.int32_t, maxSize C.int32_t, idleTimeoutMs C.int64_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_pool_configure", err, func() (int32, error) {
		cfg := pool.Default.Config()
		cfg.Enabled = enabled != 0
		if cfg.Enabled {
			if maxSize < 1 {
				return statusInvalidArgument, errArg("max_size must be at least 1")
			}
			if idleTimeoutMs < 0 {
				return statusInvalidArgument, errArg("idle_timeout_ms is negative")
			}
			cfg.MaxSize = int(maxSize)
			cfg.IdleTimeout = time.Duration(idleTimeoutMs) * time.Millisecond
		}
		if e := pool.Default.Configure(cfg); e != nil {
			return statusInvalidArgument, e
		}
		return statusOK, nil
	})
}

//export mssql_pool_stats
func mssql_pool_stats(bufOut **C.uint8_t, lenOut *C.size_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_pool_stats", err, func() (int32, error) {
		if bufOut == nil || lenOut == nil {
			return statusInvalidArgument, errNullOut
		}
		stats := pool.Default.Stats()
		out := make([]map[string]any, len(stats))
		for i, s := range stats {
			out[i] = s.Map()
		}
		b, e := json.Marshal(out)
		if e != nil {
			return statusInternal, internalError(e.Error())
		}
		putBuffer(bufOut, lenOut, b)
		return statusOK, nil
	})
}

//export mssql_pool_close_idle
func mssql_pool_close_idle(closedOut *C.int64_t, err *C.mssql_error) C.int32_t {
	return guard("mssql_pool_close_idle", err, func() (int32, error) {
		n := pool.Default.CloseIdle()
		if closedOut != nil {
			*closedOut = C.int64_t(n)
		}
		return statusOK, nil
	})
}
