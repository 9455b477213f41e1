package main

import (
	"sync"
	"sync/atomic"

	"github.com/mssql-python-go/mssql-python-go/core"
)

// kind tells connection handles from statement handles.
type kind int

const (
	kindConn kind = iota + 1
	kindStmt
)

// connection is what a connection handle stands for. Its gate makes the
// connection and its statements usable from one thread at a time: a call
// that finds it taken returns MSSQL_BUSY.
type connection struct {
	id        uint64
	gate      atomic.Int32 // gateFree, gateCall, gateOp
	connector core.Connector

	mu    sync.Mutex
	sess  *core.Session // nil until the login succeeded
	op    *operation    // the pending operation, until collected by mssql_wait
	stmts map[uint64]*statement
}

// Gate states.
const (
	gateFree int32 = iota
	gateCall       // a synchronous call is running
	gateOp         // an operation is pending
)

// statement is what a statement handle stands for.
type statement struct {
	id   uint64
	conn *connection
	st   *core.Statement
}

// table is the handle table: ids are never reused within a process.
var table = struct {
	mu    sync.Mutex
	next  uint64
	conns map[uint64]*connection
	stmts map[uint64]*statement
}{conns: map[uint64]*connection{}, stmts: map[uint64]*statement{}}

// handleBase keeps handles away from small integers a caller could pass by
// mistake (file descriptors, counts).
const handleBase = 0x4D53_0000_0000

func newID() uint64 {
	table.next++
	return handleBase + table.next
}

func addConn(c *connection) uint64 {
	table.mu.Lock()
	defer table.mu.Unlock()
	c.id = newID()
	table.conns[c.id] = c
	return c.id
}

func addStmt(s *statement) uint64 {
	table.mu.Lock()
	defer table.mu.Unlock()
	s.id = newID()
	table.stmts[s.id] = s
	return s.id
}

func lookupConn(id uint64) *connection {
	table.mu.Lock()
	defer table.mu.Unlock()
	return table.conns[id]
}

func lookupStmt(id uint64) *statement {
	table.mu.Lock()
	defer table.mu.Unlock()
	return table.stmts[id]
}

// lookupAny finds a connection or statement handle; the connection is the
// one whose gate and operation slot apply.
func lookupAny(id uint64) (*connection, *statement) {
	table.mu.Lock()
	defer table.mu.Unlock()
	if c, ok := table.conns[id]; ok {
		return c, nil
	}
	if s, ok := table.stmts[id]; ok {
		return s.conn, s
	}
	return nil, nil
}

func removeConn(id uint64) bool {
	table.mu.Lock()
	defer table.mu.Unlock()
	_, ok := table.conns[id]
	delete(table.conns, id)
	return ok
}

func removeStmt(id uint64) bool {
	table.mu.Lock()
	defer table.mu.Unlock()
	_, ok := table.stmts[id]
	delete(table.stmts, id)
	return ok
}

func handleCounts() (conns, stmts int) {
	table.mu.Lock()
	defer table.mu.Unlock()
	return len(table.conns), len(table.stmts)
}

// enter takes the connection's gate for a synchronous call.
func (c *connection) enter() bool { return c.gate.CompareAndSwap(gateFree, gateCall) }

// leave releases the gate after a synchronous call.
func (c *connection) leave() { c.gate.CompareAndSwap(gateCall, gateFree) }

func (c *connection) session() *core.Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sess
}
