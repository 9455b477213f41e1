// Package core is the engine of mssql-python-go: sessions on go-mssqldb
// (used through its raw driver API, not database/sql), statements that
// run requests and walk their results the way ODBC's SQLMoreResults does,
// row batches, transactions, query timeouts, cancellation and typed
// errors.
//
// Sub-packages own the pure parts: connstr (connection strings), params
// (the parameter buffer), sqltext (placeholders) and rowenc (row batches
// and descriptions). Package core has no cgo; the C ABI in export/ wraps
// it.
//
// Concurrency: a Session and its Statements are used by one goroutine at a
// time, except Cancel, which any goroutine may call at any time.
package core
