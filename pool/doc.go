// Package pool keeps SQL Server sessions for reuse: one pool per
// normalised connection string (plus the identity of a token login),
// a maximum size per pool with a bounded wait, idle pruning by one
// maintenance goroutine, a health check before reuse that costs no round
// trip for a recently used session, a reset before reuse that rides on the
// next request (the TDS RESETCONNECTION bit), immutable stats snapshots
// and log events through core.Logf.
//
// A Registry holds the pools and their settings; Default is the one the
// C ABI uses. Registry.Connector gives a core.Connector, so the layers
// above see the same Connect/Release contract as a direct connection.
//
// Mechanics and policy are apart: pool.go and wait.go move sessions
// between the idle stack, their users and the waiters (no I/O under a
// lock); health.go decides whether a session may be reused and readies it.
//
// Locking: Registry.mu guards the map of pools and is taken before a
// Pool.mu, never after. Pool.mu guards everything a pool counts; sessions
// are opened, pinged, reset and closed with no lock held.
package pool
