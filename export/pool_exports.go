package main

/*
#include "abi.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"math"
	"sync"
	"time"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/pool"
)

// connectorFor picks where a new connection's session comes from: its
// pool, unless the caller or the global settings said no.
func connectorFor(cfg *connstr.Config, opts core.OpenOptions, pooled bool) core.Connector {
	if !pooled {
		return core.NewDirectConnector(cfg, opts)
	}
	return pool.Default.Connector(cfg, opts)
}

// configs caches the translation of the connection strings of pooled
// connections, by normalised string: translating reads and parses the
// ServerCertificate file (tens of microseconds, most of a pooled open).
// A pool's own logins use the configuration of its first open anyway.
var configs = struct {
	sync.Mutex
	m map[string]*connstr.Config
}{m: map[string]*connstr.Config{}}

// maxCachedConfigs bounds the cache; when full it starts over.
const maxCachedConfigs = 64

func cachedConfig(s connstr.Settings) (*connstr.Config, error) {
	key := s.Normalized()
	configs.Lock()
	cfg := configs.m[key]
	configs.Unlock()
	if cfg != nil {
		return cfg, nil
	}
	cfg, err := s.Config()
	if err != nil {
		return nil, err
	}
	configs.Lock()
	if len(configs.m) >= maxCachedConfigs {
		clear(configs.m)
	}
	configs.m[key] = cfg
	configs.Unlock()
	return cfg, nil
}

// openFromIdle gives a new connection an idle pooled session that is
// ready at once. The open is then an operation that has already finished:
// mssql_wait collects MSSQL_OK without waiting for a goroutine (the
// contract, MSSQL_PENDING then a wait, is unchanged).
func (c *connection) openFromIdle(id uint64) bool {
	pc, ok := c.connector.(pool.Connector)
	if !ok {
		return false
	}
	s, ok := pc.TryConnect()
	if !ok {
		return false
	}
	done := make(chan struct{})
	close(done)
	op := &operation{owner: id, ctx: context.Background(), cancel: func() {}, done: done, status: statusOK}
	c.mu.Lock()
	c.sess, c.op = s, op
	c.mu.Unlock()
	c.gate.Store(gateOp)
	core.Logf(core.LevelInfo, "abi", "connection %d opened", id)
	return true
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
			cfg.IdleTimeout = time.Duration(min(int64(idleTimeoutMs), math.MaxInt64/int64(time.Millisecond))) * time.Millisecond
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
