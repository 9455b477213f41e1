package tds

// Special procedure ids (RPC ProcID, MS-TDS 2.2.6.6).
const (
	ProcCursorOpen      uint16 = 2
	ProcCursorFetch     uint16 = 7
	ProcCursorClose     uint16 = 9
	ProcExecuteSQL      uint16 = 10
	ProcPrepare         uint16 = 11
	ProcExecute         uint16 = 12
	ProcPrepExec        uint16 = 13
	ProcPrepExecRPC     uint16 = 14
	ProcUnprepare       uint16 = 15
	rpcProcIDSwitch            = 0xFFFF
	rpcBatchFlag               = 0xFF // separates the calls of one message
	maxParamTypeInfoLen        = 512
)

// RPC option flags.
const (
	RPCWithRecompile uint16 = 0x01
	RPCNoMetadata    uint16 = 0x02
	RPCReuseMetadata uint16 = 0x04
)

// ParamFlags are the status flags of an RPC parameter.
type ParamFlags uint8

// Parameter flags.
const (
	ParamOutput  ParamFlags = 0x01 // passed by reference: an OUTPUT parameter
	ParamDefault ParamFlags = 0x02 // use the parameter's default value
)

// RPC writes an RPC request: one or more procedure calls in one message,
// each with its parameters. Packets leave as they fill, so a request of
// any size needs no more memory than one packet. The first error (a value
// its type cannot carry) is kept; Send then abandons the request.
type RPC struct {
	c     *Conn
	calls int
	err   error
	info  []byte
}

// RPC starts an RPC request.
func (c *Conn) RPC() (*RPC, error) {
	if err := c.begin(packetRPC); err != nil {
		return nil, err
	}
	return &RPC{c: c, info: make([]byte, 0, 64)}, nil
}

// Proc starts a call of a procedure by name.
func (b *RPC) Proc(name string, options uint16) {
	b.separate()
	n := utf16Len(name)
	if n > 1046/2 {
		b.fail(&ValueError{Msg: "procedure name too long"})
		return
	}
	b.c.wr.u16(uint16(n))
	b.c.wr.utf16(name)
	b.c.wr.u16(options)
}

// ProcID starts a call of a special procedure (ProcExecuteSQL, ...).
func (b *RPC) ProcID(id uint16, options uint16) {
	b.separate()
	b.c.wr.u16(rpcProcIDSwitch)
	b.c.wr.u16(id)
	b.c.wr.u16(options)
}

// separate writes the batch flag before every call but the first.
func (b *RPC) separate() {
	if b.calls > 0 {
		b.c.wr.writeByte(rpcBatchFlag)
	}
	b.calls++
}

// Param adds a parameter to the current call. name includes its '@' or
// is empty for a positional parameter.
func (b *RPC) Param(name string, flags ParamFlags, t *TypeInfo, v *Value) {
	if b.err != nil {
		return
	}
	if b.calls == 0 {
		b.fail(&ValueError{Msg: "a parameter before any procedure"})
		return
	}
	var err error
	b.info = appendBVarChar(b.info[:0], name)
	b.info = append(b.info, byte(flags))
	if b.info, err = appendTypeInfo(b.info, t); err != nil {
		b.fail(err)
		return
	}
	c := codecOf(t.Type)
	if c.encode == nil {
		b.fail(&NotSupportedError{Feature: "parameters of type " + typeNameOf(t.Type)})
		return
	}
	b.c.wr.write(b.info)
	if err := c.encode(b.c.wr, t, v); err != nil {
		b.fail(err)
	}
}

func (b *RPC) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// Send ends the request and returns its response. After a parameter
// error the request is abandoned and the error returned; the connection
// stays usable.
func (b *RPC) Send() (*Response, error) {
	if b.err != nil {
		return nil, b.c.abort(b.err)
	}
	return b.c.send()
}

// Abort abandons the request; the connection stays usable.
func (b *RPC) Abort() error {
	return b.c.abort(nil)
}
