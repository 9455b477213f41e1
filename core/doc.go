// Package core is the engine of mssql-python-go: sessions on the project's
// own TDS client (package tds), statements that run requests and walk
// their results the way ODBC's SQLMoreResults does, row batches,
// transactions, query timeouts, cancellation and typed errors.
//
// A request's response is read on the caller's goroutine, token by token,
// as the statement asks for results and rows: no goroutine or queue per
// request. Rows are decoded from the wire straight into the row batch
// (rowenc), with a decoder per column chosen when the metadata arrives;
// Fetch never waits for the server (it decodes what has arrived, or says
// pending) and WaitRows decodes a batch under the query timeout.
//
// Sub-packages own the pure parts: tds (the wire protocol), connstr
// (connection strings), params (the parameter buffer), sqltext
// (placeholders) and rowenc (row batches and descriptions). Package core
// has no cgo; the C ABI in export/ wraps it.
//
// Concurrency: a Session and its Statements are used by one goroutine at a
// time, except Cancel, which any goroutine may call at any time.
package core
