/*
 * mssql_python.h - the C ABI of the mssql-python-go engine.
 *
 * This header is hand-written and is the contract: the shared library
 * (libmssql_python.so / .dylib / mssql_python.dll, built from export/ with
 * `go build -buildmode=c-shared`) exports exactly the functions declared here,
 * and CI checks that the two sets are equal. The cgo-generated header is
 * private and never shipped.
 *
 * Conventions
 * -----------
 * - Every function is prefixed `mssql_`, returns an int32_t status from
 *   enum mssql_status, and writes outputs through `*_out` parameters.
 * - Handles are opaque non-zero 64-bit integers looked up in a validated
 *   table. A zero, unknown, closed or wrong-kind handle gives
 *   MSSQL_INVALID_HANDLE; it never crashes.
 * - `err` parameters: pass NULL, or a pointer to a zero-initialised
 *   mssql_error. When a call returns a status other than MSSQL_OK,
 *   MSSQL_PENDING or MSSQL_NO_DATA, the struct is filled; release it with
 *   err->release(err) (or mssql_error_release(err)) before reusing it.
 *   Errors are per call: there is no "last error" state on handles.
 * - Memory returned through `uint8_t **buf_out` is allocated with C malloc
 *   and owned by the caller, who frees it with mssql_free(). Go pointers
 *   never cross this boundary.
 * - Strings in are UTF-8 with an explicit byte length (no NUL needed).
 * - Blocking work runs in the library's own goroutines. A call that starts
 *   such work returns MSSQL_PENDING at once; the caller then calls
 *   mssql_wait(handle, timeout_ms, err) in slices (50 ms is good) until it
 *   returns something other than MSSQL_PENDING. This keeps the calling
 *   thread responsive to signals (Ctrl-C) and lets another thread call
 *   mssql_cancel(handle). Only one operation runs on a handle at a time:
 *   starting another while one is pending gives MSSQL_BUSY.
 * - Threads: every function may be called from any thread. A connection and
 *   its statements are meant for one thread at a time; calls that overlap on
 *   the same connection from two threads get MSSQL_BUSY (never corruption).
 *   mssql_cancel, mssql_free, mssql_error_release and the mssql_version /
 *   mssql_abi_version functions may always be called concurrently.
 * - Every entry point recovers Go panics: the call returns MSSQL_INTERNAL
 *   and the library is poisoned, so that every later call fails fast with
 *   MSSQL_INTERNAL and a clear message. The process is never taken down.
 * - The library must not be unloaded (dlclose/FreeLibrary), and must not be
 *   used in a child process forked after it was loaded.
 */
#ifndef MSSQL_PYTHON_H
#define MSSQL_PYTHON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MSSQL_ABI_VERSION 1

/* Status codes returned by every function. */
enum mssql_status {
    MSSQL_OK = 0,               /* done */
    MSSQL_PENDING = 1,          /* still running: call mssql_wait() */
    MSSQL_NO_DATA = 2,          /* no more rows, or no more results */
    MSSQL_ERROR = 3,            /* database or driver error: see err */
    MSSQL_INVALID_HANDLE = 4,   /* zero, unknown, closed or wrong-kind handle */
    MSSQL_INVALID_ARGUMENT = 5, /* NULL pointer, bad length, malformed buffer */
    MSSQL_BUSY = 6,             /* another operation is running on this handle
                                   or its connection (e.g. from another thread) */
    MSSQL_INTERNAL = 7,         /* a Go panic was caught; the library is poisoned */
    MSSQL_NOT_SUPPORTED = 8     /* not available on this platform */
};

/* DB-API exception class suggested for an error (mssql_error.dbapi_class). */
enum mssql_dbapi_class {
    MSSQL_EXC_NONE = 0,
    MSSQL_EXC_INTERFACE = 1,
    MSSQL_EXC_DATABASE = 2,
    MSSQL_EXC_DATA = 3,
    MSSQL_EXC_OPERATIONAL = 4,
    MSSQL_EXC_INTEGRITY = 5,
    MSSQL_EXC_INTERNAL = 6,
    MSSQL_EXC_PROGRAMMING = 7,
    MSSQL_EXC_NOT_SUPPORTED = 8,
    MSSQL_EXC_CONNSTR_PARSE = 9 /* connection string rejected: one diag entry
                                   (number 0) per problem found */
};

/* Bits of mssql_error.flags. */
#define MSSQL_ERRF_BAD_CONN 0x1      /* the connection is unusable; close it */
#define MSSQL_ERRF_SAFE_TO_RETRY 0x2 /* nothing reached the server; retrying is safe */
#define MSSQL_ERRF_TIMEOUT 0x4       /* a query or login timeout expired */
#define MSSQL_ERRF_CANCELLED 0x8     /* cancelled by mssql_cancel() */

/* One server error or message (TDS ERROR/INFO token). */
typedef struct mssql_diag {
    int32_t number;   /* SQL Server error number (e.g. 2627), 0 for driver errors */
    int32_t state;
    int32_t severity; /* SQL Server class, 0-25 */
    int32_t line;
    char *message;    /* UTF-8, NUL-terminated, never NULL */
    char *server;     /* may be empty */
    char *procedure;  /* may be empty */
} mssql_diag;

/* A per-call error. Zero it before first use; release it after each failure. */
typedef struct mssql_error {
    int32_t status;      /* the status the call returned */
    int32_t dbapi_class; /* enum mssql_dbapi_class */
    uint32_t flags;      /* MSSQL_ERRF_* */
    int32_t n_diag;      /* number of entries in diag */
    char *message;       /* full message, UTF-8, NUL-terminated; never holds secrets */
    mssql_diag *diag;    /* the server's whole chain of errors, first is primary */
    void (*release)(struct mssql_error *err); /* frees everything above and zeroes
                                                 the struct; NULL when empty */
} mssql_error;

/* Frees an error filled by the library and zeroes it. NULL or an empty
 * struct is a no-op. Equivalent to err->release(err). */
void mssql_error_release(mssql_error *err);

/* Frees a buffer returned through a buf_out parameter. NULL is a no-op. */
void mssql_free(void *buf);

/* The ABI version this library implements (MSSQL_ABI_VERSION). */
int32_t mssql_abi_version(void);

/* The library's version as a static NUL-terminated string; do not free. */
const char *mssql_version(void);

/* ---------------------------------------------------------------------------
 * Waiting and cancelling
 * ------------------------------------------------------------------------- */

/* Waits up to timeout_ms (0 = just poll, negative = forever) for the
 * operation running on `handle` (a connection or statement) to finish.
 * Returns MSSQL_PENDING if it is still running; otherwise the operation's
 * final status (MSSQL_OK, MSSQL_NO_DATA, MSSQL_ERROR with err filled) exactly
 * once. With no operation running it returns MSSQL_OK. */
int32_t mssql_wait(uint64_t handle, int32_t timeout_ms, mssql_error *err);

/* How the calling thread waits for the operations it starts (a setting of
 * the thread, kept until changed):
 *   MSSQL_WAIT_START (the default): a call that has to wait for the server
 *     returns MSSQL_PENDING at once and mssql_wait collects the result.
 *   MSSQL_WAIT_BLOCK: the call runs to its end on the calling thread, waiting
 *     in poll(2) as a C driver does (no hand-off between threads, which costs
 *     more than a local round trip), and returns its final status, never
 *     MSSQL_PENDING. mssql_cancel from another thread and query timeouts
 *     still end it. With interrupt_fd >= 0 its waits also watch that
 *     descriptor (made non-blocking; Python's signal.set_wakeup_fd pipe): a
 *     byte equal to interrupt_signal cancels the operation as mssql_cancel
 *     does, other bytes are discarded, and so are bytes already there when
 *     an operation starts.
 * Logins always run as with MSSQL_WAIT_START. Returns MSSQL_OK,
 * MSSQL_INVALID_ARGUMENT for an unknown mode or a signal outside 0..255, or
 * MSSQL_NOT_SUPPORTED for MSSQL_WAIT_BLOCK where waits cannot happen in
 * poll(2) (Windows). */
#define MSSQL_WAIT_START 0
#define MSSQL_WAIT_BLOCK 1
int32_t mssql_thread_set_wait(int32_t mode, int32_t interrupt_fd, int32_t interrupt_signal);

/* Requests cancellation of the operation running on `handle`, from any
 * thread: a login is abandoned; a running statement gets a TDS ATTENTION
 * and ends with MSSQL_ERROR (flag MSSQL_ERRF_CANCELLED); the connection
 * stays usable. Returns MSSQL_OK (also when nothing was running). */
int32_t mssql_cancel(uint64_t handle);

/* ---------------------------------------------------------------------------
 * Connections
 * ------------------------------------------------------------------------- */

/* Flags of mssql_conn_open. */
#define MSSQL_OPEN_AUTOCOMMIT 0x1 /* start in autocommit mode (default: off,
                                     i.e. implicit transactions as ODBC does) */
#define MSSQL_OPEN_NO_POOL 0x2    /* never take from or return to a pool */

/* Opens a connection.
 *   connstr/connstr_len: ODBC-style string (Server=...;Database=...;UID=...).
 *   overrides/overrides_len: a second ODBC-style string whose keywords replace
 *     those of connstr (Python's connect(**kwargs)); unknown keywords in it
 *     are ignored with a logged warning. May be NULL/0.
 *   access_token/access_token_len: an Entra ID access token (UTF-8 JWT) to
 *     send instead of a password, or NULL/0.
 *   login_timeout_ms: bounds the whole login (DNS, TCP, PRELOGIN, TLS,
 *     LOGIN7); 0 means the default of 15 s.
 * A malformed string fails at once with MSSQL_ERROR (dbapi_class
 * MSSQL_EXC_CONNSTR_PARSE). Otherwise *conn_out is set and MSSQL_PENDING is
 * returned: wait on *conn_out until MSSQL_OK (connected) or MSSQL_ERROR, and
 * close the handle in either case. */
int32_t mssql_conn_open(const char *connstr, size_t connstr_len,
                        const char *overrides, size_t overrides_len,
                        const char *access_token, size_t access_token_len,
                        int32_t login_timeout_ms, uint32_t flags,
                        uint64_t *conn_out, mssql_error *err);

/* Closes a connection and every statement on it: an open transaction is
 * rolled back, then the session is returned to its pool or disconnected.
 * Cancels a running operation first. A second close gives
 * MSSQL_INVALID_HANDLE. Never blocks for longer than a few seconds. */
int32_t mssql_conn_close(uint64_t conn, mssql_error *err);

/* Commits / rolls back the current transaction (a no-op when none is open).
 * Return MSSQL_PENDING: wait on `conn`. */
int32_t mssql_conn_commit(uint64_t conn, mssql_error *err);
int32_t mssql_conn_rollback(uint64_t conn, mssql_error *err);

/* Switches autocommit on (1) or off (0). Turning it on commits an open
 * transaction, as ODBC does. Returns MSSQL_PENDING: wait on `conn`. */
int32_t mssql_conn_set_autocommit(uint64_t conn, int32_t on, mssql_error *err);

/* Describes the connection: a pickle (protocol 4) of a dict with at least
 * 'autocommit' (bool), 'database' (str), 'server_version' (str),
 * 'server_name' (str), 'spid' (int), 'in_transaction' (bool),
 * 'packet_size' (int), 'tds_version' (int). No secrets. Non-blocking. */
int32_t mssql_conn_info(uint64_t conn, uint8_t **buf_out, size_t *len_out,
                        mssql_error *err);

/* Sets the query timeout of the statements created afterwards on `conn`
 * (ODBC's SQL_ATTR_QUERY_TIMEOUT as a connection default; 0 = none, the
 * default). Each wait for the server (execute, next_result, a fetch that
 * waits for rows) that lasts longer is cancelled with a TDS ATTENTION and
 * fails with MSSQL_ERROR, flag MSSQL_ERRF_TIMEOUT; the connection stays
 * usable. timeout_ms < 0 is MSSQL_INVALID_ARGUMENT. Non-blocking. */
int32_t mssql_conn_set_query_timeout(uint64_t conn, int32_t timeout_ms,
                                     mssql_error *err);

/* ---------------------------------------------------------------------------
 * Statements
 * ------------------------------------------------------------------------- */

/* Creates a statement (a cursor) on a connection. */
int32_t mssql_stmt_new(uint64_t conn, uint64_t *stmt_out, mssql_error *err);

/* Flags of mssql_stmt_execute. */
#define MSSQL_EXEC_PREPARE 0x1 /* prepare once and reuse while the same text
                                  is executed again on this statement */
#define MSSQL_EXEC_PROC 0x2    /* `sql` is a stored procedure name; call it
                                  by RPC with the parameters (named ones by
                                  name) and collect OUTPUT values and the
                                  return status */

/* Executes `sql` (UTF-8, qmark `?` placeholders) with parameters packed as
 * docs/formats.md "Parameter buffer" describes (NULL/0 for none). Discards
 * the statement's previous results. Returns MSSQL_PENDING: wait on `stmt`;
 * MSSQL_OK then means the statement is positioned on its first result
 * (a result set, or a row count), MSSQL_NO_DATA that it produced none.
 * For a buffer holding several parameter rows (executemany) the rows run in
 * as few round trips as the server allows, and the row count is their sum. */
int32_t mssql_stmt_execute(uint64_t stmt, const char *sql, size_t sql_len,
                           const uint8_t *params, size_t params_len,
                           uint32_t flags, mssql_error *err);

/* Formats of row batches and descriptions. */
#define MSSQL_FORMAT_PICKLE 1 /* pickle protocol 4 (docs/formats.md), for Python */
#define MSSQL_FORMAT_PLAIN 2  /* the simple tagged binary layout of
                                 docs/formats.md, for C */
/* Options or-ed into the format argument of mssql_stmt_fetch. */
#define MSSQL_FETCH_TUPLES 0x100   /* pickle: rows as plain tuples instead of
                                      the ('mssql_python', '_Row') global */
#define MSSQL_FETCH_UUID_STR 0x200 /* uniqueidentifier as an upper-case str
                                      instead of uuid.UUID */

/* Describes the current result: its columns (or none), its row count so
 * far, the messages (PRINT, warnings) received up to this point (each
 * message is returned once), and, once the statement has ended, the OUTPUT
 * parameter values and return status. Non-blocking. */
int32_t mssql_stmt_describe(uint64_t stmt, int32_t format,
                            uint8_t **buf_out, size_t *len_out,
                            mssql_error *err);

/* Fetches up to max_rows rows (and at most about max_bytes of encoded data,
 * 0 = library default) of the current result set into one buffer.
 * Returns MSSQL_OK with *nrows_out >= 1; MSSQL_NO_DATA at the end of the
 * result set (or when it has no columns); MSSQL_PENDING when no row is ready
 * yet: wait on `stmt`, then call again; MSSQL_ERROR if the server failed
 * mid-result. Rows are read ahead in the background while the caller works. */
int32_t mssql_stmt_fetch(uint64_t stmt, int32_t format, int32_t max_rows,
                         int32_t max_bytes, uint8_t **buf_out, size_t *len_out,
                         int32_t *nrows_out, mssql_error *err);

/* Moves to the next result, discarding unread rows of the current one.
 * Returns MSSQL_PENDING: wait on `stmt`; MSSQL_OK means positioned on the
 * next result, MSSQL_NO_DATA that there is none, MSSQL_ERROR that the
 * server reported an error at that point (later results may still follow). */
int32_t mssql_stmt_next_result(uint64_t stmt, mssql_error *err);

/* Sets the query timeout of one statement, as mssql_conn_set_query_timeout
 * describes (a new statement takes its connection's). Non-blocking. */
int32_t mssql_stmt_set_query_timeout(uint64_t stmt, int32_t timeout_ms,
                                     mssql_error *err);

/* Closes a statement: a running request is cancelled and drained. */
int32_t mssql_stmt_close(uint64_t stmt, mssql_error *err);

/* ---------------------------------------------------------------------------
 * Connection pooling
 *
 * Connections opened without MSSQL_OPEN_NO_POOL come from a pool while
 * pooling is enabled (the default). There is one pool per normalised
 * connection string (keyword order, case and synonyms do not matter) and,
 * for access-token logins, per token (pools are keyed by a hash of it).
 * mssql_conn_close gives the session back: a running request is ended, an
 * open transaction rolled back, and the session is reset
 * (sp_reset_connection through the RESETCONNECTION bit, sent with its next
 * request: temp tables, SET options, the current database go) before the
 * next mssql_conn_open with the same key gets it. A pooled session is
 * checked before reuse (a closed socket is seen without a round trip; a
 * session idle for 30 s or more is pinged) and replaced transparently when
 * dead. When a pool holds max_size sessions, mssql_conn_open waits for one
 * up to its login timeout, then fails with MSSQL_ERROR (MSSQL_EXC_OPERATIONAL,
 * MSSQL_ERRF_TIMEOUT, a message naming the pool limit). One library
 * goroutine closes sessions idle past the idle timeout. Pool events go to
 * the log queue (logger "pool"), without secrets.
 * All three functions may be called from any thread at any time.
 * ------------------------------------------------------------------------- */

/* Sets the pooling settings for every pool, from now on (a later call
 * changes them again; unlike Microsoft's first-call-wins).
 *   enabled: 0 disables pooling: later connections are not pooled, every
 *     idle session is closed now, and sessions in use are closed when
 *     their connection is closed; max_size and idle_timeout_ms are then
 *     ignored (the previous values are kept).
 *   max_size: sessions per pool, idle and in use (>= 1; default 100). A
 *     lower value closes sessions as they are released; a higher one lets
 *     waiting connects in at once.
 *   idle_timeout_ms: sessions idle for longer are closed (>= 0; default
 *     600000; 0 keeps no idle session).
 * Returns MSSQL_OK, or MSSQL_INVALID_ARGUMENT for a bad value (nothing
 * changed). Non-blocking (closing idle sessions does not wait for the
 * server). */
int32_t mssql_pool_configure(int32_t enabled, int32_t max_size,
                             int64_t idle_timeout_ms, mssql_error *err);

/* A snapshot of every pool: UTF-8 JSON, an array with one object per pool,
 * oldest first, with the keys "id" (the number in log events), "key" (the
 * connection string with PWD=*** and, for a token login,
 * AccessToken=sha256:<first 12 hex digits of the token's hash>),
 * "max_size", "open", "idle", "in_use", "waiting" (callers waiting now),
 * "acquires", "acquire_time_s" (their total time, waits and logins
 * included), "waits", "timeouts", "created", "create_errors", "pruned"
 * (idle timeout), "discarded" (found dead before reuse), "released_broken",
 * "closed" (other closes: pooling disabled, pool shrunk, close_idle).
 * Counts are integers, times floats; more keys may be added. The buffer is
 * the caller's: free it with mssql_free. Non-blocking. */
int32_t mssql_pool_stats(uint8_t **buf_out, size_t *len_out, mssql_error *err);

/* Closes every idle pooled session now (sessions in use are left alone)
 * and writes how many it closed to *closed_out (may be NULL). Non-blocking. */
int32_t mssql_pool_close_idle(int64_t *closed_out, mssql_error *err);

/* ---------------------------------------------------------------------------
 * Logging
 * ------------------------------------------------------------------------- */

/* Sets the level below which the library drops log events: Python's
 * numbers (10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL); the
 * default is 30. Events are queued (bounded; the oldest are dropped) and
 * never carry passwords or tokens. */
int32_t mssql_log_set_level(int32_t level);

/* Takes the queued log events: a pickle of a list of tuples
 * (unix_time_ns: int, level: int, logger: str, message: str), where logger
 * is a dotted suffix such as "core" or "pool". MSSQL_NO_DATA when empty. */
int32_t mssql_log_drain(uint8_t **buf_out, size_t *len_out);

/* ---------------------------------------------------------------------------
 * Diagnostics and testing
 * ------------------------------------------------------------------------- */

/* Number of open handles of each kind (for leak checks). */
int32_t mssql_debug_handle_counts(int64_t *conns_out, int64_t *stmts_out);

/* Testing only: panics inside the library so that tests can prove the
 * panic fence (returns MSSQL_INTERNAL and poisons the library). */
int32_t mssql_debug_panic(mssql_error *err);

#ifdef __cplusplus
}
#endif

#endif /* MSSQL_PYTHON_H */
