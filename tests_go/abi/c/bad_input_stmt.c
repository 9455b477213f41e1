/* Statement-level bad input against a live server (argv[1] of bad_input). */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"

static uint64_t connect_or_die(const char *cs) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t c = 0;
    if (mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 10000, MSSQL_OPEN_AUTOCOMMIT, &c, &e) != MSSQL_PENDING ||
        wait_done(c, &e) != MSSQL_OK) {
        fprintf(stderr, "FAIL: cannot connect: %s\n", e.message ? e.message : "?");
        exit(100);
    }
    return c;
}

/* A one-column INT parameter buffer with its bytes patched by the caller. */
static size_t int_buffer(uint8_t *b) {
    size_t n = 0;
    memcpy(b, "MQP1", 4); n = 4;
    uint32_t ncols = 1, nrows = 1;
    memcpy(b + n, &ncols, 4); n += 4;
    memcpy(b + n, &nrows, 4); n += 4;
    b[n++] = 4;  /* INT */
    b[n++] = 0;  /* flags */
    b[n++] = 0; b[n++] = 0; /* name_len */
    memset(b + n, 0, 4); n += 4; /* size */
    b[n++] = 0; b[n++] = 0; /* precision, scale */
    b[n++] = 0; /* has_nulls */
    int64_t v = 7;
    memcpy(b + n, &v, 8); n += 8;
    return n;
}

static void exec_invalid(uint64_t s, const char *sql, size_t sql_len, const uint8_t *p, size_t plen,
                         uint32_t flags, const char *needle) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    CHECK_STATUS(mssql_stmt_execute(s, sql, sql_len, p, plen, flags, &e), MSSQL_INVALID_ARGUMENT);
    if (e.message && needle && !strstr(e.message, needle)) {
        failures++;
        fprintf(stderr, "FAIL: message \"%s\" lacks \"%s\"\n", e.message, needle);
    }
    if (e.release) check_error(&e, MSSQL_INVALID_ARGUMENT, needle);
}

static void bad_parameters(uint64_t s) {
    uint8_t b[64];
    size_t n = int_buffer(b);
    const char *q = "SELECT ?";
    exec_invalid(s, NULL, 5, NULL, 0, 0, "sql is NULL");
    exec_invalid(s, q, 0, NULL, 0, 0, "sql is empty");
    exec_invalid(s, "SELECT \xff", 8, NULL, 0, 0, "UTF-8");
    exec_invalid(s, q, strlen(q), NULL, 4, 0, "params is NULL");
    exec_invalid(s, q, strlen(q), b, n, 0x40, "unknown flags");
    b[0] = 'X';
    exec_invalid(s, q, strlen(q), b, n, 0, "bad magic");
    b[0] = 'M';
    exec_invalid(s, q, strlen(q), b, n - 1, 0, "truncated");
    exec_invalid(s, q, strlen(q), b, 10, 0, "truncated");
    b[12] = 99;
    exec_invalid(s, q, strlen(q), b, n, 0, "unknown type code 99");
    b[12] = 4;
    int64_t big = (int64_t)1 << 40;
    memcpy(b + n - 8, &big, 8);
    mssql_error e;
    memset(&e, 0, sizeof e);
    CHECK_STATUS(mssql_stmt_execute(s, q, strlen(q), b, n, 0, &e), MSSQL_INVALID_ARGUMENT);
    CHECK(e.dbapi_class == MSSQL_EXC_DATA);
    CHECK(e.message && strstr(e.message, "column 1") && strstr(e.message, "row 1"));
    check_error(&e, MSSQL_INVALID_ARGUMENT, "int out of range");

    /* the wrong number of parameters is the server-side kind of error */
    int_buffer(b);
    const char *two = "SELECT ?, ?";
    CHECK_STATUS(mssql_stmt_execute(s, two, strlen(two), b, n, 0, &e), MSSQL_PENDING);
    CHECK_STATUS(wait_done(s, &e), MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_PROGRAMMING);
    check_error(&e, MSSQL_ERROR, "marker count");
}

static void bad_fetch_and_describe(uint64_t s) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint8_t *buf;
    size_t len;
    int32_t n;
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 1, 0, NULL, &len, &n, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "fetch NULL buf");
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 1, 0, &buf, &len, NULL, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "fetch NULL nrows");
    CHECK_STATUS(mssql_stmt_fetch(s, 7, 1, 0, &buf, &len, &n, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "fetch bad format");
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE | 0x400, 1, 0, &buf, &len, &n, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "fetch bad option");
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 0, 0, &buf, &len, &n, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "fetch max_rows 0");
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 1, -1, &buf, &len, &n, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "fetch max_bytes");
    CHECK_STATUS(mssql_stmt_describe(s, MSSQL_FORMAT_PICKLE, NULL, &len, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "describe NULL");
    CHECK_STATUS(mssql_stmt_describe(s, 0, &buf, &len, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "describe format");
    CHECK_STATUS(mssql_stmt_set_query_timeout(s, -5, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "timeout");
    /* no result: fetch says NO_DATA, describe works */
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PLAIN, 1, 0, &buf, &len, &n, &e), MSSQL_NO_DATA);
    CHECK_STATUS(mssql_stmt_describe(s, MSSQL_FORMAT_PLAIN, &buf, &len, &e), MSSQL_OK);
    mssql_free(buf);
}

static void wrong_kinds(uint64_t c, uint64_t s) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t out;
    uint8_t *buf;
    size_t len;
    CHECK_STATUS(mssql_stmt_execute(c, "SELECT 1", 8, NULL, 0, 0, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "conn as stmt");
    CHECK_STATUS(mssql_stmt_close(c, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "close conn as stmt");
    CHECK_STATUS(mssql_conn_commit(s, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "stmt as conn");
    CHECK_STATUS(mssql_stmt_new(s, &out, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "stmt as conn");
    CHECK_STATUS(mssql_conn_info(s, &buf, &len, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "stmt info");
    CHECK_STATUS(mssql_conn_close(s, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "close stmt as conn");
    CHECK_STATUS(mssql_stmt_new(c, NULL, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "stmt_new NULL");
    CHECK_STATUS(mssql_conn_info(c, NULL, &len, &e), MSSQL_INVALID_ARGUMENT); check_error(&e, MSSQL_INVALID_ARGUMENT, "info NULL");
}

/* While a statement runs, every other call on its connection is BUSY;
 * cancel ends it and the connection stays usable. */
static void busy_and_cancel(uint64_t c, uint64_t s) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t s2 = 0;
    uint8_t *buf;
    size_t len;
    int32_t n;
    CHECK_STATUS(mssql_stmt_new(c, &s2, &e), MSSQL_OK);
    const char *slow = "WAITFOR DELAY '00:00:05'";
    CHECK_STATUS(mssql_stmt_execute(s, slow, strlen(slow), NULL, 0, 0, &e), MSSQL_PENDING);
    CHECK_STATUS(mssql_wait(s, 50, &e), MSSQL_PENDING);
    CHECK_STATUS(mssql_stmt_describe(s, MSSQL_FORMAT_PICKLE, &buf, &len, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy describe");
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 1, 0, &buf, &len, &n, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy fetch");
    CHECK_STATUS(mssql_stmt_execute(s2, "SELECT 1", 8, NULL, 0, 0, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy other stmt");
    CHECK_STATUS(mssql_conn_commit(c, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy commit");
    CHECK_STATUS(mssql_wait(c, 0, &e), MSSQL_OK); /* the operation belongs to the statement */
    CHECK_STATUS(mssql_cancel(s), MSSQL_OK);
    CHECK_STATUS(wait_done(s, &e), MSSQL_ERROR);
    CHECK((e.flags & MSSQL_ERRF_CANCELLED) != 0);
    CHECK((e.flags & MSSQL_ERRF_BAD_CONN) == 0);
    check_error(&e, MSSQL_ERROR, "cancelled");
    CHECK_STATUS(mssql_stmt_execute(s2, "SELECT 1", 8, NULL, 0, 0, &e), MSSQL_PENDING);
    CHECK_STATUS(wait_done(s2, &e), MSSQL_OK);
    int32_t st;
    while ((st = mssql_stmt_fetch(s2, MSSQL_FORMAT_PLAIN, 10, 0, &buf, &len, &n, &e)) == MSSQL_PENDING)
        wait_done(s2, &e);
    CHECK(st == MSSQL_OK && n == 1);
    if (st == MSSQL_OK) mssql_free(buf);
    CHECK_STATUS(mssql_stmt_close(s2, &e), MSSQL_OK);
    CHECK_STATUS(mssql_stmt_close(s2, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "double stmt close");
    CHECK_STATUS(mssql_stmt_fetch(s2, MSSQL_FORMAT_PLAIN, 10, 0, &buf, &len, &n, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "use after close");
}

void statement_checks(const char *cs) {
    uint64_t c = connect_or_die(cs), s = 0;
    mssql_error e;
    memset(&e, 0, sizeof e);
    CHECK_STATUS(mssql_stmt_new(c, &s, &e), MSSQL_OK);
    bad_parameters(s);
    bad_fetch_and_describe(s);
    wrong_kinds(c, s);
    busy_and_cancel(c, s);
    /* closing the connection closes its statements */
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);
    CHECK_STATUS(mssql_stmt_execute(s, "SELECT 1", 8, NULL, 0, 0, &e), MSSQL_INVALID_HANDLE);
    check_error(&e, MSSQL_INVALID_HANDLE, "statement of a closed connection");
}
