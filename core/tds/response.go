package tds

import (
	"errors"
	"fmt"
	"time"
)

// Response reads the response to one request, token by token, on the
// caller's goroutine. It belongs to its Conn and is valid until the next
// request; read it to TokenEnd (or Close it) before starting another.
type Response struct {
	c        *Conn
	cols     []Column
	done     Done
	msg      Message
	status   int32
	retval   ReturnValue
	env      EnvChange
	order    []uint16
	row      byte // ROW or NBCROW read, its data not yet
	finished bool
	err      error
	ignored  bool // the request was abandoned; the server answers with one DONE
	bitmap   []byte
}

func (r *Response) reset() {
	*r = Response{c: r.c, bitmap: r.bitmap[:0]}
}

// Columns describes the current result set (after TokenColMetadata).
func (r *Response) Columns() []Column { return r.cols }

// Done is the last DONE, DONEPROC or DONEINPROC token.
func (r *Response) Done() Done { return r.done }

// Message is the last ERROR or INFO token.
func (r *Response) Message() Message { return r.msg }

// ReturnStatus is the last RETURNSTATUS value.
func (r *Response) ReturnStatus() int32 { return r.status }

// ReturnValue is the last RETURNVALUE token.
func (r *Response) ReturnValue() *ReturnValue { return &r.retval }

// EnvChange is the last ENVCHANGE token.
func (r *Response) EnvChange() EnvChange { return r.env }

// Order is the last ORDER token: 1-based column numbers.
func (r *Response) Order() []uint16 { return r.order }

// Finished reports whether the response was read to its end.
func (r *Response) Finished() bool { return r.finished }

// Next reads up to the next token the caller sees. At the end it returns
// TokenEnd, with ErrCancelled after Cancel and with an error when the
// connection broke. A row not read with ReadRows or ReadRow is skipped.
func (r *Response) Next() (tok Token, err error) {
	defer r.guard(&err)
	if r.row != 0 {
		if err := r.decodeRow(discardSink{}); err != nil {
			return TokenEnd, r.fatal(err)
		}
	}
	if r.finished {
		return TokenEnd, r.err
	}
	if r.c.cancelSent() {
		return TokenEnd, r.drain()
	}
	return r.next()
}

func (r *Response) next() (Token, error) {
	rd := r.c.rd
	for {
		if rd.ended() {
			return TokenEnd, r.fatal(protocolErrorf("the response ended without a final DONE"))
		}
		b, err := rd.byte()
		if err != nil {
			return TokenEnd, r.fatal(err)
		}
		tok, err := r.token(b)
		if err != nil {
			return TokenEnd, r.fatal(err)
		}
		if tok == TokenDone && r.done.Status&DoneAttn != 0 && r.c.cancelSent() {
			return TokenEnd, r.acknowledged()
		}
		if tok == TokenDone && r.isFinal() {
			return TokenDone, r.complete()
		}
		if tok != TokenEnd {
			return tok, nil
		}
	}
}

// isFinal reports whether the last DONE ends the response.
func (r *Response) isFinal() bool {
	return r.done.Kind != DoneInProcedure && !r.done.More()
}

// token decodes one token after its type byte. TokenEnd means "nothing
// for the caller": read on.
func (r *Response) token(b byte) (Token, error) {
	rd := r.c.rd
	var err error
	switch b {
	case tokRow, tokNBCRow:
		if r.cols == nil {
			return TokenEnd, protocolErrorf("a row before any column metadata")
		}
		r.row = b
		return TokenRow, nil
	case tokColMetadata:
		r.cols, err = readColMetadata(rd)
		return TokenColMetadata, err
	case tokDone, tokDoneProc, tokDoneInProc:
		r.done, err = readDone(rd, DoneKind(b-tokDone))
		return TokenDone, err
	case tokError, tokInfo:
		r.msg, err = readMessage(rd, b == tokError)
		return TokenMessage, err
	case tokReturnStatus:
		r.status, err = readReturnStatus(rd)
		return TokenReturnStatus, err
	case tokReturnValue:
		err = r.readReturnValue()
		return TokenReturnValue, err
	case tokOrder:
		r.order, err = readOrder(rd)
		return TokenOrder, err
	case tokEnvChange:
		if r.env, err = readEnvChange(rd); err == nil {
			r.c.applyEnv(&r.env)
		}
		return TokenEnvChange, err
	}
	return TokenEnd, r.skipToken(b)
}

// skipToken skips the tokens the caller does not see and refuses the
// ones that have no place in a response.
func (r *Response) skipToken(b byte) error {
	rd := r.c.rd
	switch b {
	case tokTabName, tokColInfo:
		return skipSized(rd)
	case tokSessionState:
		return skipLong(rd)
	case tokOffset:
		return rd.skip(4)
	}
	return protocolErrorf("unexpected token %#x in a response", b)
}

// complete ends the response at its final DONE: the message must end
// there. A pending ATTENTION is then awaited.
func (r *Response) complete() error {
	if err := r.c.rd.finish(); err != nil {
		return r.fatal(err)
	}
	if r.ignored {
		return r.end(ErrCancelled)
	}
	return r.end(nil)
}

// end marks the response finished and frees the connection, unless an
// ATTENTION went out meanwhile: then its acknowledgement is awaited.
func (r *Response) end(err error) error {
	c := r.c
	c.mu.Lock()
	if c.attnSent.Load() {
		c.mu.Unlock()
		return r.drain()
	}
	c.state = stateIdle
	if r.ignored {
		c.setReadDeadline(time.Time{})
	}
	c.mu.Unlock()
	r.finished, r.err, r.row = true, err, 0
	return err
}

// fatal ends the response with a broken connection.
func (r *Response) fatal(err error) error {
	if r.finished {
		return r.err
	}
	r.finished, r.row = true, 0
	r.err = r.c.fail("read", err)
	return r.err
}

// guard turns a panic in a decoder (a bug) into a broken connection
// rather than a crash.
func (r *Response) guard(err *error) {
	if p := recover(); p != nil {
		*err = r.fatal(protocolErrorf("internal error while decoding: %v", p))
	}
}

// Close cancels what is left of the response and waits for the server's
// acknowledgement, leaving the connection usable. It returns nil when the
// response was complete or is now cancelled.
func (r *Response) Close() error {
	if r.finished {
		return nil
	}
	r.c.Cancel()
	for {
		tok, err := r.Next()
		if tok == TokenEnd {
			if errors.Is(err, ErrCancelled) {
				return nil
			}
			return err
		}
	}
}

// Discard reads the rest of the response, dropping rows, and returns the
// first ERROR token as a *ServerError (or the error that ended it).
func (r *Response) Discard() error {
	var first *ServerError
	for {
		tok, err := r.Next()
		switch {
		case tok == TokenEnd && err != nil:
			return err
		case tok == TokenEnd && first != nil:
			return first
		case tok == TokenEnd:
			return nil
		case tok == TokenMessage && r.msg.IsError && first == nil:
			first = &ServerError{Messages: []Message{r.msg}}
		}
	}
}

func (r *Response) String() string {
	return fmt.Sprintf("tds.Response{finished: %v}", r.finished)
}
