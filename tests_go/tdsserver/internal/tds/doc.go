// Package tds is the wire layer of the test server: TDS packets, the
// request messages a client sends (PRELOGIN, LOGIN7, SQLBatch, RPC,
// transaction manager, bulk load) and the tokens a server answers with.
//
// Parsers never panic: they read through a Cursor that records the first
// error and return it. Encoders append to a byte slice. Values cross this
// package in the canonical forms of package sqltype.
//
// Reference: [MS-TDS] 2.2 (messages and tokens) and 3.3 (server behaviour).
package tds
