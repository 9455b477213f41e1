// Command export is the C ABI of mssql-python-go: the functions of
// include/mssql_python.h, built with
//
//	go build -buildmode=c-shared -o build/libmssql_python.so ./export
//
// It is the only package that imports "C". Every entry point validates
// its handles and pointers, recovers panics (then poisons the library),
// and returns a status from enum mssql_status. Blocking work runs in
// goroutines; callers wait in slices with mssql_wait.
package main

func main() {}
