package main

/*
#include "abi.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// errArg is an INVALID_ARGUMENT error.
func errArg(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// bytesIn copies length bytes from a caller's pointer. NULL with length 0
// is empty; NULL with a length, or a length above limit, is an error.
func bytesIn(what string, p unsafe.Pointer, length C.size_t, limit uint64) ([]byte, error) {
	n := uint64(length)
	switch {
	case p == nil && n == 0:
		return nil, nil
	case p == nil:
		return nil, errArg("%s is NULL but its length is %d", what, n)
	case n > limit || n > math.MaxInt:
		return nil, errArg("%s length %d is above the limit of %d bytes", what, n, limit)
	case n == 0:
		return []byte{}, nil
	}
	out := make([]byte, n)
	copy(out, unsafe.Slice((*byte)(p), n))
	return out, nil
}

// Limits on inputs: far above any real use, low enough to stop a garbage
// length from reading the whole address space.
const (
	maxConnStr  = 64 << 10
	maxToken    = 1 << 20
	maxSQL      = 1 << 30
	maxParamBuf = math.MaxInt32
)

var errNullOut = errors.New("an output pointer is NULL")

func unsafePtr(p *C.char) unsafe.Pointer { return unsafe.Pointer(p) }

func unsafePtrU8(p *C.uint8_t) unsafe.Pointer { return unsafe.Pointer(p) }
