package main

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#include "abi.h"

// free_error releases what the library put in an mssql_error and zeroes
// it; every error the library fills points its release here.
static void free_error(mssql_error *e) {
	if (e == NULL) return;
	if (e->diag != NULL) {
		for (int32_t i = 0; i < e->n_diag; i++) {
			free(e->diag[i].message);
			free(e->diag[i].server);
			free(e->diag[i].procedure);
		}
		free(e->diag);
	}
	free(e->message);
	memset(e, 0, sizeof *e);
}

static void set_release(mssql_error *e) { e->release = free_error; }
static void call_release(mssql_error *e) { if (e != NULL && e->release != NULL) e->release(e); }
*/
import "C"

import (
	"unsafe"
)

// cString copies s into C memory (NUL-terminated; an embedded NUL ends it).
func cString(s string) *C.char {
	return C.CString(s)
}

// cBytes copies b into C memory; the caller frees it with mssql_free.
func cBytes(b []byte) unsafe.Pointer {
	p := C.malloc(C.size_t(max(len(b), 1)))
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	return p
}

func releaseError(e *C.mssql_error) { C.call_release(e) }

func setRelease(e *C.mssql_error) { C.set_release(e) }
