package tds

import (
	"fmt"
	"strings"
)

// ALL_HEADERS header types (MS-TDS 2.2.5.3).
const (
	headerQueryNotification = 1
	headerTransaction       = 2
	headerTraceActivity     = 3
)

// Headers is what the server reads from ALL_HEADERS.
type Headers struct {
	TxDescriptor    uint64
	OutstandingReqs uint32
	HasTxDescriptor bool
}

// readAllHeaders reads ALL_HEADERS when present (TDS 7.2+ requests start
// with it; its total length is at least 4 and covers itself).
func readAllHeaders(c *Cursor) Headers {
	var h Headers
	total := int(c.Uint32())
	if c.Err() != nil {
		return h
	}
	if total < 4 || total-4 > c.Remaining() {
		c.Fail("ALL_HEADERS length %d invalid", total)
		return h
	}
	hc := NewCursor(c.Bytes(total - 4))
	for hc.Remaining() > 0 && hc.Err() == nil {
		n := int(hc.Uint32())
		typ := hc.Uint16()
		if n < 6 || n-6 > hc.Remaining() {
			c.Fail("ALL_HEADERS entry length %d invalid", n)
			return h
		}
		data := NewCursor(hc.Bytes(n - 6))
		if typ == headerTransaction {
			h.TxDescriptor, h.OutstandingReqs = data.Uint64(), data.Uint32()
			h.HasTxDescriptor = data.Err() == nil
		}
	}
	return h
}

// SQLBatch is a decoded SQLBatch message.
type SQLBatch struct {
	Headers Headers
	Text    string
}

// ParseSQLBatch decodes a SQLBatch message (ALL_HEADERS, then UTF-16 text).
func ParseSQLBatch(b []byte) (*SQLBatch, error) {
	c := NewCursor(b)
	h := readAllHeaders(c)
	if c.Err() != nil {
		return nil, c.Err()
	}
	return &SQLBatch{Headers: h, Text: DecodeUCS2(c.Bytes(c.Remaining()))}, nil
}

// Transaction manager request types (MS-TDS 2.2.6.9).
const (
	TMGetDTCAddress = 0
	TMPropagateXact = 1
	TMBeginXact     = 5
	TMPromoteXact   = 6
	TMCommitXact    = 7
	TMRollbackXact  = 8
	TMSaveXact      = 9
)

// TMRequest is a decoded transaction manager request.
type TMRequest struct {
	Headers      Headers
	Type         uint16
	Name         string
	Isolation    byte
	BeginNew     bool
	NewIsolation byte
	NewName      string
}

// ParseTMRequest decodes a transaction manager request.
func ParseTMRequest(b []byte) (*TMRequest, error) {
	c := NewCursor(b)
	r := &TMRequest{Headers: readAllHeaders(c)}
	r.Type = c.Uint16()
	switch r.Type {
	case TMBeginXact:
		r.Isolation = c.Byte()
		r.Name = c.BVarChar()
	case TMCommitXact, TMRollbackXact:
		r.Name = c.BVarChar()
		if _, ok := c.Peek(); ok {
			r.BeginNew = c.Byte()&1 != 0
		}
		if r.BeginNew {
			r.NewIsolation = c.Byte()
			r.NewName = c.BVarChar()
		}
	case TMSaveXact:
		r.Name = c.BVarChar()
	}
	return r, c.Err()
}

// RPC option and parameter status flags (MS-TDS 2.2.6.6).
const (
	paramByRef      = 0x01
	paramDefault    = 0x02
	paramEncrypted  = 0x08
	rpcBatchFlag    = 0xFF
	rpcNoExecFlag   = 0xFE
	rpcBatchFlagOld = 0x80
)

// ProcIDNames are the well-known stored procedures callable by id.
var ProcIDNames = map[uint16]string{
	1: "sp_cursor", 2: "sp_cursoropen", 3: "sp_cursorprepare", 4: "sp_cursorexecute",
	5: "sp_cursorprepexec", 6: "sp_cursorunprepare", 7: "sp_cursorfetch", 8: "sp_cursoroption",
	9: "sp_cursorclose", 10: "sp_executesql", 11: "sp_prepare", 12: "sp_execute",
	13: "sp_prepexec", 14: "sp_prepexecrpc", 15: "sp_unprepare",
}

// RPCParam is one decoded RPC parameter.
type RPCParam struct {
	Name    string
	Output  bool
	Default bool
	Info    TypeInfo
	Value   any
}

// RPCRequest is one procedure call of an RPC message.
type RPCRequest struct {
	Name    string
	ProcID  uint16
	Options uint16
	Params  []RPCParam
}

// RPCMessage is a decoded RPC message: one or more calls.
type RPCMessage struct {
	Headers Headers
	Calls   []RPCRequest
}

// ParseRPC decodes an RPC message with all its calls and parameters.
func ParseRPC(b []byte) (*RPCMessage, error) {
	c := NewCursor(b)
	m := &RPCMessage{Headers: readAllHeaders(c)}
	for c.Err() == nil && c.Remaining() > 0 {
		call, err := parseRPCCall(c)
		if err != nil {
			return nil, err
		}
		m.Calls = append(m.Calls, call)
		if sep, ok := c.Peek(); ok && (sep == rpcBatchFlag || sep == rpcNoExecFlag) {
			c.Byte()
		}
	}
	if c.Err() != nil {
		return nil, c.Err()
	}
	if len(m.Calls) == 0 {
		return nil, fmt.Errorf("tds: RPC message without a procedure call")
	}
	return m, nil
}

func parseRPCCall(c *Cursor) (RPCRequest, error) {
	var r RPCRequest
	if n := c.Uint16(); n == 0xFFFF {
		r.ProcID = c.Uint16()
		name, ok := ProcIDNames[r.ProcID]
		if !ok && c.Err() == nil {
			return r, fmt.Errorf("tds: unknown RPC procedure id %d", r.ProcID)
		}
		r.Name = name
	} else {
		r.Name = DecodeUCS2(c.Bytes(2 * int(n)))
	}
	r.Options = c.Uint16()
	for c.Err() == nil {
		b, ok := c.Peek()
		if !ok || b == rpcBatchFlag || b == rpcNoExecFlag {
			break
		}
		p, err := parseRPCParam(c)
		if err != nil {
			return r, fmt.Errorf("%s parameter %d: %w", r.Name, len(r.Params)+1, err)
		}
		r.Params = append(r.Params, p)
	}
	return r, c.Err()
}

func parseRPCParam(c *Cursor) (RPCParam, error) {
	p := RPCParam{Name: c.BVarChar()}
	status := c.Byte()
	p.Output, p.Default = status&paramByRef != 0, status&paramDefault != 0
	if status&paramEncrypted != 0 {
		return p, fmt.Errorf("encrypted parameters (Always Encrypted) are not supported")
	}
	if c.Err() != nil {
		return p, c.Err()
	}
	ti, err := ReadTypeInfo(c)
	if err != nil {
		return p, err
	}
	p.Info = ti
	p.Value, err = ReadValue(c, &ti, ParamMode)
	return p, err
}

// IsProcName reports whether name (possibly qualified, e.g. "sys.sp_executesql")
// designates the system procedure proc.
func IsProcName(name, proc string) bool {
	name = strings.ToLower(strings.Trim(name, "[]"))
	return name == proc || strings.HasSuffix(name, "."+proc)
}
