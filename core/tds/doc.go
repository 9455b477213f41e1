// Package tds is the client side of MS-TDS 7.4 and TDS 8: the wire layer
// under package core, written from the MS-TDS specification.
//
// It owns packets (framing, splitting, reassembly, packet size), PRELOGIN
// and TLS (carried inside PRELOGIN packets, login-only or full encryption,
// or TDS 8 strict with TLS first), LOGIN7 with SQL or FEDAUTH
// authentication and its feature extensions, SQL Browser look-ups, routing,
// the requests (SQLBatch, RPC with several calls per message, transaction
// manager, bulk load, ATTENTION) and the token stream of responses.
//
// # Reading
//
// A response is read on the caller's goroutine: Response.Next returns one
// token at a time, and Response.ReadRows decodes rows straight from the
// packet buffer into a RowSink, with a decoder per column chosen once when
// COLMETADATA arrives. Nothing is boxed per value and nothing is queued per
// row; large values (MAX types, text, xml) are streamed to the sink in
// chunks, so a result set is never held in memory as a whole.
//
// # Concurrency
//
// A Conn runs one request at a time and is used by one goroutine, except
// Cancel, which any goroutine may call at any time: it sends an ATTENTION
// (or abandons a request still being written) and the owner's read loop
// drains the response to the attention acknowledgement, leaving the
// connection usable. Packet writes are serialised by a mutex.
//
// # Errors
//
// A broken transport gives a *ConnError, bytes that break the protocol a
// *ProtocolError; either closes the connection (IsBadConn reports it).
// Errors the server sends are *ServerError values carrying every ERROR
// token of the request. Decoders return errors; they never panic, and the
// exported entry points convert an unexpected panic into a *ProtocolError.
package tds
