// Package backend is the contract between the test server's TDS front end
// (package tdsserver) and the SQL engine behind it (package tsql).
//
// The front end owns the wire: packets, TLS, login, token encoding, DONE
// status bits, ENVCHANGE tokens and ATTENTION. The engine owns the language:
// it runs batches and RPCs for one session and reports what happened through
// Results, in the order SQL Server would send it.
package backend

import (
	"context"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// Engine creates sessions. It is safe for concurrent use.
type Engine interface {
	// Open starts a session after the front end has checked the login.
	// An unknown database gives a *Message with number 4060.
	Open(login Login) (Session, error)
}

// Login is what the front end learned from LOGIN7.
type Login struct {
	SPID     int
	User     string
	Database string // empty means the user's default database
	AppName  string
	HostName string
	Language string
	ReadOnly bool // ApplicationIntent=ReadOnly
}

// Session runs the requests of one connection, one at a time.
//
// Every method reports results through out; the returned error is only for
// failures that end the connection (the front end then closes it). SQL errors
// that SQL Server would report in-band go through out.Message and the
// session continues. When ctx is cancelled (ATTENTION) the session stops as
// soon as it can and returns ctx.Err(); the front end acknowledges.
type Session interface {
	// Batch runs a SQL batch (one or more statements).
	Batch(ctx context.Context, sql string, out Results) error
	// RPC runs a remote procedure call: sp_executesql, sp_prepare,
	// sp_execute, sp_prepexec, sp_unprepare, or a procedure by name.
	RPC(ctx context.Context, call RPCCall, out Results) error
	// Transaction runs a transaction-manager request.
	Transaction(ctx context.Context, req TxRequest, out Results) error
	// BulkLoad inserts the rows of a bulk-load message that follows an
	// INSERT BULK statement the session accepted earlier.
	BulkLoad(ctx context.Context, cols []sqltype.Column, rows [][]any, out Results) error
	// Reset restores the session as sp_reset_connection does: temp tables
	// dropped, SET options and database restored, and (unless keepTx) an
	// open transaction rolled back.
	Reset(keepTx bool, out Results) error
	// State tells the front end what it needs for DONE and ENVCHANGE tokens.
	State() SessionState
	// Close ends the session, rolling back an open transaction.
	Close() error
}

// SessionState is a snapshot of session properties the front end reports.
type SessionState struct {
	Database      string
	InTransaction bool
	// TxDescriptor identifies the open transaction (ENVCHANGE 8, ALL_HEADERS).
	TxDescriptor uint64
	// PendingBulk holds the target of an accepted INSERT BULK, if any.
	PendingBulk *BulkTarget
}

// BulkTarget is the table and columns an INSERT BULK statement named.
type BulkTarget struct {
	Table   string
	Columns []sqltype.Column
	Options BulkOptions
}

// BulkOptions are the WITH (...) hints of INSERT BULK.
type BulkOptions struct {
	CheckConstraints, FireTriggers, KeepNulls, TabLock, KeepIdentity bool
}

// RPCCall is one RPC request.
type RPCCall struct {
	// Name is the procedure name, or the well-known name of ProcID calls
	// ("sp_executesql", "sp_prepare", "sp_execute", "sp_prepexec",
	// "sp_unprepare").
	Name   string
	Params []Param
}

// Param is one RPC parameter.
type Param struct {
	Name   string // with the leading '@', or empty when positional
	Type   sqltype.Type
	Value  any // canonical value (see package sqltype), nil for NULL
	Output bool
}

// TxKind is a transaction-manager request type.
type TxKind int

// Transaction-manager requests (MS-TDS 2.2.6.9).
const (
	TxBegin TxKind = iota + 1
	TxCommit
	TxRollback
	TxSave
)

// TxRequest is one transaction-manager request.
type TxRequest struct {
	Kind      TxKind
	Name      string // transaction or savepoint name
	Isolation int    // TM_BEGIN_XACT isolation level, 0 = unchanged
	// BeginNew asks COMMIT/ROLLBACK to begin a new transaction afterwards.
	BeginNew bool
}

// Results receives what a request produced, in order.
type Results interface {
	// Columns starts a result set.
	Columns(cols []sqltype.Column) error
	// Row sends one row of the current result set. It returns an error when
	// the request was cancelled or the connection broke; stop then.
	Row(values []any) error
	// Done ends a statement: count is the rows affected or returned, and
	// hasCount says whether SQL Server would set DONE_COUNT (not under SET
	// NOCOUNT ON, not for statements without a count); failed marks a
	// statement that raised an error.
	Done(count int64, hasCount, failed bool) error
	// Message sends an INFO (severity <= 10) or ERROR token.
	Message(m *Message) error
	// ReturnStatus sends RETURNSTATUS for a procedure call.
	ReturnStatus(status int32) error
	// ReturnValue sends RETURNVALUE for an OUTPUT parameter.
	ReturnValue(p Param) error
	// EnvChange reports a session change the client must learn of.
	EnvChange(c EnvChange) error
}

// EnvChangeKind is an ENVCHANGE type (MS-TDS 2.2.7.9).
type EnvChangeKind int

// The ENVCHANGE types the engine reports.
const (
	EnvDatabase     EnvChangeKind = 1
	EnvLanguage     EnvChangeKind = 2
	EnvBeginTx      EnvChangeKind = 8
	EnvCommitTx     EnvChangeKind = 9
	EnvRollbackTx   EnvChangeKind = 10
	EnvTxEnded      EnvChangeKind = 17
	EnvResetConnAck EnvChangeKind = 18
)

// EnvChange is one ENVCHANGE: the new and old values as strings (database,
// language) or transaction descriptors.
type EnvChange struct {
	Kind         EnvChangeKind
	New, Old     string
	NewTx, OldTx uint64
}

// Message is a SQL Server error or informational message. It implements
// error so engines can return it.
type Message struct {
	Number    int32
	State     uint8
	Class     uint8 // severity; <= 10 is INFO, above is ERROR
	Text      string
	Server    string
	Procedure string
	Line      int32
}

func (m *Message) Error() string { return m.Text }
