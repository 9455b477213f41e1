package main

/*
#include "abi.h"

// The calling thread's wait mode (mssql_thread_set_wait): C thread-local
// storage, since a goroutine running a call from C runs on the caller's
// thread and Go has no thread-local variables.
static _Thread_local int32_t wait_block;
static _Thread_local int32_t wait_fd = -1;
static _Thread_local int32_t wait_signal;

static void set_wait_mode(int32_t block, int32_t fd, int32_t sig) {
	wait_block = block;
	wait_fd = fd;
	wait_signal = sig;
}

static int32_t get_wait_mode(int32_t *fd, int32_t *sig) {
	*fd = wait_fd;
	*sig = wait_signal;
	return wait_block;
}
*/
import "C"

import "github.com/mssql-python-go/mssql-python-go/core"

// Wait modes of mssql_thread_set_wait.
const (
	waitStart = 0
	waitBlock = 1
)

// waitMode is how the calling thread waits for the operations it starts.
type waitMode struct {
	block     bool
	interrupt int // descriptor whose signal bytes cancel a wait, or -1
	signal    byte
}

// callerWaitMode reads the calling thread's wait mode.
func callerWaitMode() waitMode {
	var fd, sig C.int32_t
	block := C.get_wait_mode(&fd, &sig) != 0
	return waitMode{block: block, interrupt: int(fd), signal: byte(sig)}
}

//export mssql_thread_set_wait
func mssql_thread_set_wait(mode C.int32_t, interruptFd C.int32_t, interruptSignal C.int32_t) C.int32_t {
	return guard("mssql_thread_set_wait", nil, func() (int32, error) {
		switch {
		case mode != waitStart && mode != waitBlock:
			return statusInvalidArgument, nil
		case mode == waitBlock && !core.CanWaitInPlace:
			return statusNotSupported, nil
		case interruptSignal < 0 || interruptSignal > 255:
			return statusInvalidArgument, nil
		}
		fd := interruptFd
		if mode == waitStart || fd < 0 {
			fd = -1
		}
		C.set_wait_mode(C.int32_t(mode), fd, interruptSignal)
		return statusOK, nil
	})
}
