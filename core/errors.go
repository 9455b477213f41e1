package core

import (
	"errors"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/core/tds"
)

// Class is the DB-API exception class suggested for an error; the values
// are those of enum mssql_dbapi_class.
type Class int32

// DB-API classes.
const (
	ClassNone Class = iota
	ClassInterface
	ClassDatabase
	ClassData
	ClassOperational
	ClassIntegrity
	ClassInternal
	ClassProgramming
	ClassNotSupported
	ClassConnStrParse
)

// ServerError is one error (or message) the server sent, with the whole
// chain of errors of the statement in All (first is primary; All[0] is the
// error itself).
type ServerError struct {
	Number    int32
	State     uint8
	Class     uint8 // severity
	Message   string
	Server    string
	Procedure string
	Line      int32
	All       []ServerError
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("%s (SQL Server error %d, severity %d, state %d)", e.Message, e.Number, e.Class, e.State)
}

func serverErrorFrom(m tds.Message) ServerError {
	return ServerError{Number: m.Number, State: m.State, Class: m.Class, Message: m.Text,
		Server: m.Server, Procedure: m.Procedure, Line: m.Line}
}

// chainOfMessages converts the ERROR tokens of a statement (or a login);
// the first is primary.
func chainOfMessages(msgs []tds.Message) *ServerError {
	chain := make([]ServerError, len(msgs))
	for i, m := range msgs {
		chain[i] = serverErrorFrom(m)
	}
	return chainError(chain)
}

// chainError builds one error from the server errors of one statement.
func chainError(chain []ServerError) *ServerError {
	primary := chain[0]
	primary.All = append([]ServerError(nil), chain...)
	return &primary
}

// Flag bits of an Error (MSSQL_ERRF_*).
type Flag uint32

// Error flags.
const (
	FlagBadConn     Flag = 0x1 // the connection is unusable
	FlagSafeToRetry Flag = 0x2 // nothing reached the server
	FlagTimeout     Flag = 0x4 // a query or login timeout expired
	FlagCancelled   Flag = 0x8 // cancelled by Cancel
)

// Error is a driver-side error: a class, flags and a message, wrapping
// its cause (which may be a *ServerError).
type Error struct {
	Class Class
	Flags Flag
	Msg   string
	Err   error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	if e.Msg == "" {
		return e.Err.Error()
	}
	return e.Msg + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

func newError(class Class, flags Flag, msg string, cause error) *Error {
	return &Error{Class: class, Flags: flags, Msg: msg, Err: cause}
}

// Errorf makes a driver error of a class.
func Errorf(class Class, format string, args ...any) *Error {
	return &Error{Class: class, Msg: fmt.Sprintf(format, args...)}
}

// flagsOf collects the flags of every *Error in the chain.
func flagsOf(err error) Flag {
	var f Flag
	for err != nil {
		if e, ok := err.(*Error); ok {
			f |= e.Flags
		}
		err = errors.Unwrap(err)
	}
	return f
}

// Flags returns the MSSQL_ERRF_* bits that apply to err.
func Flags(err error) Flag { return flagsOf(err) }

// SafeToRetry reports whether err happened before anything reached the
// server, so running the same request again is safe.
func SafeToRetry(err error) bool { return flagsOf(err)&FlagSafeToRetry != 0 }

// IsBadConn reports whether the connection that returned err is unusable.
func IsBadConn(err error) bool { return flagsOf(err)&FlagBadConn != 0 }

// Timeout reports whether err is a query or login timeout.
func Timeout(err error) bool { return flagsOf(err)&FlagTimeout != 0 }

// Cancelled reports whether err ended a request cancelled by Cancel.
func Cancelled(err error) bool { return flagsOf(err)&FlagCancelled != 0 }

// ClassOf returns the DB-API class of err: the class of a driver *Error,
// or that of the first server error by number and severity.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) && e.Class != ClassNone {
		return e.Class
	}
	var se *ServerError
	if errors.As(err, &se) {
		return ClassifyServer(se.Number, se.Class)
	}
	if errors.As(err, &e) {
		return ClassOf(e.Err)
	}
	return ClassDatabase
}

// isTransport reports whether err comes from the network or the TDS
// stream, which leaves the connection unusable.
func isTransport(err error) bool { return tds.IsBadConn(err) }
