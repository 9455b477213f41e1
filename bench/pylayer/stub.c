/*
 * A stand-in for the engine library that answers every call at once, so that
 * bench/pylayer.py can time the Python package's own cost per call (Python code,
 * ctypes marshalling, unpickling) with no Go, network or server underneath.
 *
 * Every statement executes at once (OK, as in blocking wait mode) and
 * yields the description and the row batch of `SELECT 1` as the engine
 * encodes them. Only what the package needs for execute/fetch is modelled.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mssql_python.h"

/* mssql_stmt_describe of SELECT 1 (docs/formats.md §2), as the engine sends it. */
static const uint8_t DESCRIBE[] = {
    0x80, 0x04, 0x95, 0x5e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7d, 0x28, 0x8c, 0x07, 0x63,
    0x6f, 0x6c, 0x75, 0x6d, 0x6e, 0x73, 0x5d, 0x28, 0x28, 0x8c, 0x00, 0x4b, 0x04, 0x4b, 0x0b, 0x4b,
    0x0a, 0x4b, 0x0a, 0x4b, 0x00, 0x89, 0x8c, 0x03, 0x69, 0x6e, 0x74, 0x74, 0x65, 0x8c, 0x08, 0x72,
    0x6f, 0x77, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x4b, 0x00, 0x8c, 0x08, 0x6d, 0x65, 0x73, 0x73, 0x61,
    0x67, 0x65, 0x73, 0x5d, 0x28, 0x65, 0x8c, 0x04, 0x64, 0x6f, 0x6e, 0x65, 0x88, 0x8c, 0x0d, 0x72,
    0x65, 0x74, 0x75, 0x72, 0x6e, 0x5f, 0x73, 0x74, 0x61, 0x74, 0x75, 0x73, 0x4e, 0x8c, 0x07, 0x6f,
    0x75, 0x74, 0x70, 0x75, 0x74, 0x73, 0x4e, 0x75, 0x2e,
};
/* mssql_stmt_fetch of SELECT 1: one row (1,), as a Row and as a plain tuple. */
static const uint8_t ROWS[] = {
    0x80, 0x04, 0x95, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5d, 0x28, 0x8c, 0x0c, 0x6d,
    0x73, 0x73, 0x71, 0x6c, 0x5f, 0x70, 0x79, 0x74, 0x68, 0x6f, 0x6e, 0x8c, 0x04, 0x5f, 0x52, 0x6f,
    0x77, 0x93, 0x94, 0x4b, 0x01, 0x85, 0x85, 0x81, 0x65, 0x2e,
};
static const uint8_t ROWS_TUPLES[] = {
    0x80, 0x04, 0x95, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5d, 0x28, 0x4b, 0x01, 0x85,
    0x65, 0x2e,
};

static int rows_left; /* rows of the current result not fetched yet */

static void put(const uint8_t *src, size_t n, uint8_t **buf_out, size_t *len_out) {
    *buf_out = malloc(n);
    memcpy(*buf_out, src, n);
    *len_out = n;
}

void mssql_error_release(mssql_error *err) { if (err) memset(err, 0, sizeof *err); }
void mssql_free(void *buf) { free(buf); }
int32_t mssql_abi_version(void) { return MSSQL_ABI_VERSION; }
const char *mssql_version(void) { return "stub"; }
int32_t mssql_wait(uint64_t h, int32_t t, mssql_error *e) { (void)h; (void)t; (void)e; return MSSQL_OK; }
int32_t mssql_cancel(uint64_t h) { (void)h; return MSSQL_OK; }
int32_t mssql_thread_set_wait(int32_t m, int32_t fd, int32_t sig) { (void)m; (void)fd; (void)sig; return MSSQL_OK; }

int32_t mssql_conn_open(const char *cs, size_t csl, const char *o, size_t ol, const char *tok,
                        size_t tokl, int32_t ms, uint32_t flags, uint64_t *conn_out,
                        mssql_error *err) {
    (void)cs; (void)csl; (void)o; (void)ol; (void)tok; (void)tokl; (void)ms; (void)flags; (void)err;
    *conn_out = 1;
    return MSSQL_OK;
}
int32_t mssql_conn_close(uint64_t c, mssql_error *e) { (void)c; (void)e; return MSSQL_OK; }
int32_t mssql_conn_commit(uint64_t c, mssql_error *e) { (void)c; (void)e; return MSSQL_OK; }
int32_t mssql_conn_rollback(uint64_t c, mssql_error *e) { (void)c; (void)e; return MSSQL_OK; }
int32_t mssql_conn_set_autocommit(uint64_t c, int32_t on, mssql_error *e) {
    (void)c; (void)on; (void)e; return MSSQL_OK;
}
int32_t mssql_conn_info(uint64_t c, uint8_t **b, size_t *l, mssql_error *e) {
    (void)c; (void)e; *b = NULL; *l = 0; return MSSQL_NO_DATA;
}
int32_t mssql_conn_set_query_timeout(uint64_t c, int32_t ms, mssql_error *e) {
    (void)c; (void)ms; (void)e; return MSSQL_OK;
}
int32_t mssql_stmt_new(uint64_t c, uint64_t *s, mssql_error *e) { (void)c; (void)e; *s = 2; return MSSQL_OK; }
int32_t mssql_stmt_execute(uint64_t s, const char *sql, size_t sl, const uint8_t *p, size_t pl,
                           uint32_t flags, mssql_error *e) {
    (void)s; (void)sql; (void)sl; (void)p; (void)pl; (void)flags; (void)e;
    rows_left = 1;
    return MSSQL_OK;
}
int32_t mssql_stmt_describe(uint64_t s, int32_t f, uint8_t **b, size_t *l, mssql_error *e) {
    (void)s; (void)f; (void)e;
    put(DESCRIBE, sizeof DESCRIBE, b, l);
    return MSSQL_OK;
}
int32_t mssql_stmt_fetch(uint64_t s, int32_t f, int32_t max_rows, int32_t max_bytes, uint8_t **b,
                         size_t *l, int32_t *n, mssql_error *e) {
    (void)s; (void)max_rows; (void)max_bytes; (void)e;
    *b = NULL; *l = 0; *n = 0;
    if (!rows_left) return MSSQL_NO_DATA;
    rows_left = 0;
    if (f & MSSQL_FETCH_TUPLES) put(ROWS_TUPLES, sizeof ROWS_TUPLES, b, l);
    else put(ROWS, sizeof ROWS, b, l);
    *n = 1;
    return MSSQL_OK;
}
int32_t mssql_stmt_next_result(uint64_t s, mssql_error *e) { (void)s; (void)e; rows_left = 0; return MSSQL_NO_DATA; }
int32_t mssql_stmt_set_query_timeout(uint64_t s, int32_t ms, mssql_error *e) {
    (void)s; (void)ms; (void)e; return MSSQL_OK;
}
int32_t mssql_stmt_close(uint64_t s, mssql_error *e) { (void)s; (void)e; return MSSQL_OK; }
int32_t mssql_pool_configure(int32_t en, int32_t max, int64_t idle, mssql_error *e) {
    (void)en; (void)max; (void)idle; (void)e; return MSSQL_OK;
}
int32_t mssql_pool_stats(uint8_t **b, size_t *l, mssql_error *e) {
    (void)e; put((const uint8_t *)"[]", 2, b, l); return MSSQL_OK;
}
int32_t mssql_pool_close_idle(int64_t *n, mssql_error *e) { (void)e; *n = 0; return MSSQL_OK; }
int32_t mssql_log_set_level(int32_t level) { (void)level; return MSSQL_OK; }
int32_t mssql_log_drain(uint8_t **b, size_t *l) { *b = NULL; *l = 0; return MSSQL_NO_DATA; }
int32_t mssql_debug_handle_counts(int64_t *c, int64_t *s) { *c = 0; *s = 0; return MSSQL_OK; }
int32_t mssql_debug_panic(mssql_error *e) { (void)e; return MSSQL_INTERNAL; }
