// Package tdsserver is a SQL Server-compatible TDS test server: the protocol
// front end (packets, PRELOGIN and TLS, LOGIN7, token streams, attention,
// transactions, bulk load) over a backend.Engine that runs the SQL.
//
// Start a server with Start; every connection gets one goroutine that runs
// its requests and one that reads ahead so an ATTENTION can cancel a
// running request. Results stream to the socket packet by packet, so
// memory stays bounded whatever the size of a result set.
//
// The server implements MS-TDS 7.4 and TDS 8 (strict TLS). It is a test
// tool: certificates are generated at start unless files are given, and a
// few test-only fault controls (KillSession, SetResponseDelay,
// DropAfterRows) make reliability tests deterministic.
package tdsserver
