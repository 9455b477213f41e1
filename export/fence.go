package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/mssql-python-go/mssql-python-go/core"
)

// Statuses (enum mssql_status).
const (
	statusOK              int32 = 0
	statusPending         int32 = 1
	statusNoData          int32 = 2
	statusError           int32 = 3
	statusInvalidHandle   int32 = 4
	statusInvalidArgument int32 = 5
	statusBusy            int32 = 6
	statusInternal        int32 = 7
	statusNotSupported    int32 = 8
)

var (
	poisoned   atomic.Bool
	poisonOnce sync.Once
	poisonMsg  atomic.Value // string
)

// poison records a recovered panic: the library is then in an unknown
// state and every later call fails fast. The first panic's stack goes to
// stderr once.
func poison(where string, p any) error {
	msg := fmt.Sprintf("internal error in %s: %v; the mssql_python library is poisoned: restart the process", where, p)
	poisonOnce.Do(func() {
		poisonMsg.Store(msg)
		poisoned.Store(true)
		fmt.Fprintf(os.Stderr, "mssql_python: Go panic in %s: %v\n%s", where, p, debug.Stack())
		core.Logf(core.LevelCritical, "abi", "%s", msg)
	})
	return internalError(msg)
}

// poisonedError is the error of every call after a panic.
func poisonedError() error {
	msg, _ := poisonMsg.Load().(string)
	return internalError("the mssql_python library is poisoned by an earlier internal error (" + msg + ")")
}

func internalError(msg string) error {
	return &core.Error{Class: core.ClassInternal, Msg: msg}
}
