package main

/*
#include "abi.h"
*/
import "C"

import (
	"errors"
	"unsafe"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/params"
)

// guard runs the body of an exported function: it fails fast once the
// library is poisoned, recovers a panic (poisoning the library), and fills
// the caller's error struct for every status but OK, PENDING and NO_DATA.
func guard(name string, err *C.mssql_error, body func() (int32, error)) (status C.int32_t) {
	defer func() {
		if p := recover(); p != nil {
			e := poison(name, p)
			status = C.int32_t(statusInternal)
			fillError(err, statusInternal, e)
		}
	}()
	if poisoned.Load() {
		fillError(err, statusInternal, poisonedError())
		return C.int32_t(statusInternal)
	}
	st, e := body()
	if st != statusOK && st != statusPending && st != statusNoData {
		fillError(err, st, e)
	}
	return C.int32_t(st)
}

// fillError writes an error into the caller's struct (when not NULL). The
// strings and the diag array are C memory; err->release frees them.
func fillError(out *C.mssql_error, status int32, err error) {
	if out == nil {
		return
	}
	if err == nil {
		err = errors.New(defaultMessage(status))
	}
	*out = C.mssql_error{}
	out.status = C.int32_t(status)
	out.dbapi_class = C.int32_t(classFor(status, err))
	out.flags = C.uint32_t(core.Flags(err))
	out.message = cString(messageOf(err))
	diags := diagsOf(err)
	if len(diags) > 0 {
		fillDiags(out, diags)
	}
	setRelease(out)
}

func defaultMessage(status int32) string {
	switch status {
	case statusInvalidHandle:
		return "invalid handle: zero, unknown, closed or of the wrong kind"
	case statusBusy:
		return "another operation is running on this connection or statement"
	}
	return "error"
}

// classFor picks the DB-API class of a failed call.
func classFor(status int32, err error) core.Class {
	var pe *connstr.ParseError
	var ve *params.Error
	switch {
	case status == statusInternal:
		return core.ClassInternal
	case errors.As(err, &pe):
		return core.ClassConnStrParse
	case errors.As(err, &ve) && ve.Value:
		return core.ClassData
	case status == statusInvalidArgument:
		return core.ClassInterface
	case status == statusInvalidHandle, status == statusBusy:
		return core.ClassProgramming
	}
	var ns *connstr.NotSupportedError
	if errors.As(err, &ns) {
		return core.ClassNotSupported
	}
	var cv *connstr.ValueError
	if errors.As(err, &cv) {
		return core.ClassOperational
	}
	return core.ClassOf(err)
}

// messageOf is the error's message: a server error's own text, or the
// driver's.
func messageOf(err error) string {
	var se *core.ServerError
	var ce *core.Error
	if errors.As(err, &se) && !(errors.As(err, &ce) && ce.Msg != "") {
		return se.Message
	}
	return err.Error()
}

type diag struct {
	number, state, severity, line int32
	message, server, procedure    string
}

// diagsOf lists the server's chain of errors, or one entry per problem of
// a rejected connection string.
func diagsOf(err error) []diag {
	var pe *connstr.ParseError
	if errors.As(err, &pe) {
		out := make([]diag, len(pe.Problems))
		for i, p := range pe.Problems {
			out[i] = diag{message: p}
		}
		return out
	}
	var se *core.ServerError
	if !errors.As(err, &se) {
		return nil
	}
	chain := se.All
	if len(chain) == 0 {
		chain = []core.ServerError{*se}
	}
	out := make([]diag, len(chain))
	for i, e := range chain {
		out[i] = diag{e.Number, int32(e.State), int32(e.Class), e.Line, e.Message, e.Server, e.Procedure}
	}
	return out
}

func fillDiags(out *C.mssql_error, diags []diag) {
	size := C.size_t(unsafe.Sizeof(C.mssql_diag{})) * C.size_t(len(diags))
	arr := (*C.mssql_diag)(C.calloc(1, size))
	items := unsafe.Slice(arr, len(diags))
	for i, d := range diags {
		items[i] = C.mssql_diag{
			number: C.int32_t(d.number), state: C.int32_t(d.state), severity: C.int32_t(d.severity), line: C.int32_t(d.line),
			message: cString(d.message), server: cString(d.server), procedure: cString(d.procedure),
		}
	}
	out.diag = arr
	out.n_diag = C.int32_t(len(diags))
}
