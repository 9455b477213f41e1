// Package tsql is the SQL engine of the test server: a thin T-SQL layer
// over SQLite (modernc.org/sqlite, pure Go).
//
// A batch is lexed and parsed into statements, and each statement is
// compiled when it runs: names are resolved against the engine's own
// catalog (which keeps the declared SQL Server type of every column), every
// expression gets its SQL Server type and nullability, and the statement is
// rewritten into SQLite SQL whose values follow one storage convention per
// SQL Server type (see storage.go). Results stream from SQLite to
// backend.Results one row at a time through converters chosen once per
// column.
//
// Each session owns one SQLite connection to every database file (master,
// tempdb and the configured databases are attached to it), so temp tables
// are SQLite TEMP tables and concurrent sessions lock as SQLite's WAL mode
// allows: readers never block, and one writer at a time holds the write
// lock until its transaction ends.
//
// README.md lists what the T-SQL layer supports and what it does not.
package tsql
