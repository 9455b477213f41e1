package main

/*
#include "abi.h"
*/
import "C"

import (
	"unsafe"
)

// buildVersion is stamped by build.sh and setup.py with -X main.buildVersion=...
var buildVersion = "0.1.0-dev"

// version is the library's version string, in C memory for good.
var version = C.CString(buildVersion)

//export mssql_error_release
func mssql_error_release(err *C.mssql_error) {
	defer func() { _ = recover() }()
	releaseError(err)
}

//export mssql_free
func mssql_free(buf unsafe.Pointer) {
	C.free(buf)
}

//export mssql_abi_version
func mssql_abi_version() C.int32_t {
	return C.MSSQL_ABI_VERSION
}

//export mssql_version
func mssql_version() *C.char {
	return version
}
