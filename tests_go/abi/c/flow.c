/* The ABI's normal paths against a server (argv[1]): transactions and
 * autocommit, results and next_result, describe, conn_info, executemany,
 * the error chain, query timeout, and empty handle tables at the end. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"

static mssql_error e;

static int32_t run(uint64_t s, const char *sql, const uint8_t *p, size_t plen) {
    int32_t st = mssql_stmt_execute(s, sql, strlen(sql), p, plen, 0, &e);
    return st == MSSQL_PENDING ? wait_done(s, &e) : st;
}

/* first plain INT cell of the current result set */
static int64_t scalar(uint64_t s, const char *sql) {
    CHECK_STATUS(run(s, sql, NULL, 0), MSSQL_OK);
    uint8_t *buf = NULL;
    size_t len = 0;
    int32_t n = 0, st;
    while ((st = mssql_stmt_fetch(s, MSSQL_FORMAT_PLAIN, 10, 0, &buf, &len, &n, &e)) == MSSQL_PENDING)
        wait_done(s, &e);
    int64_t v = -999;
    if (st == MSSQL_OK && n == 1 && buf[8] == 1) memcpy(&v, buf + 9, 8);
    if (st == MSSQL_OK) mssql_free(buf);
    return v;
}

static void transactions(uint64_t c, uint64_t s) {
    CHECK_STATUS(run(s, "CREATE TABLE #t (id int PRIMARY KEY)", NULL, 0), MSSQL_NO_DATA);
    CHECK_STATUS(finish_conn(c, mssql_conn_commit(c, &e)), MSSQL_OK);
    CHECK_STATUS(run(s, "INSERT INTO #t VALUES (1)", NULL, 0), MSSQL_OK);
    CHECK(scalar(s, "SELECT @@TRANCOUNT") == 1);
    CHECK_STATUS(finish_conn(c, mssql_conn_rollback(c, &e)), MSSQL_OK);
    CHECK(scalar(s, "SELECT COUNT(*) FROM #t") == 0);
    CHECK_STATUS(run(s, "INSERT INTO #t VALUES (2)", NULL, 0), MSSQL_OK);
    CHECK_STATUS(finish_conn(c, mssql_conn_commit(c, &e)), MSSQL_OK);
    CHECK_STATUS(finish_conn(c, mssql_conn_rollback(c, &e)), MSSQL_OK);
    CHECK(scalar(s, "SELECT COUNT(*) FROM #t") == 1);
    CHECK_STATUS(finish_conn(c, mssql_conn_set_autocommit(c, 1, &e)), MSSQL_OK);
    CHECK(scalar(s, "SELECT @@TRANCOUNT") == 0);

    /* the error chain of a duplicate key */
    CHECK_STATUS(run(s, "INSERT INTO #t VALUES (2)", NULL, 0), MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_INTEGRITY);
    CHECK(e.n_diag >= 1 && e.diag[0].number == 2627 && e.diag[0].severity == 14);
    CHECK((e.flags & MSSQL_ERRF_BAD_CONN) == 0);
    check_error(&e, MSSQL_ERROR, "duplicate key");
}

static void results(uint64_t s) {
    uint8_t *buf;
    size_t len;
    int32_t n;
    CHECK_STATUS(run(s, "SELECT 1 AS a; SELECT 2 AS b, 3 AS c", NULL, 0), MSSQL_OK);
    CHECK_STATUS(mssql_stmt_describe(s, MSSQL_FORMAT_PLAIN, &buf, &len, &e), MSSQL_OK);
    uint32_t ncols;
    memcpy(&ncols, buf, 4);
    CHECK(ncols == 1 && buf[8] == 'a');
    mssql_free(buf);
    CHECK(scalar(s, "SELECT 7") == 7);
    CHECK_STATUS(run(s, "SELECT 1 AS a; SELECT 2 AS b, 3 AS c", NULL, 0), MSSQL_OK);
    int32_t st = mssql_stmt_next_result(s, &e);
    CHECK_STATUS(st == MSSQL_PENDING ? wait_done(s, &e) : st, MSSQL_OK);
    CHECK_STATUS(mssql_stmt_describe(s, MSSQL_FORMAT_PICKLE, &buf, &len, &e), MSSQL_OK);
    CHECK(len > 11 && buf[0] == 0x80 && buf[1] == 4);
    mssql_free(buf);
    while ((st = mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 10, 0, &buf, &len, &n, &e)) == MSSQL_PENDING)
        wait_done(s, &e);
    CHECK(st == MSSQL_OK && n == 1);
    if (st == MSSQL_OK) mssql_free(buf);
    CHECK_STATUS(mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 10, 0, &buf, &len, &n, &e), MSSQL_NO_DATA);
    st = mssql_stmt_next_result(s, &e);
    CHECK_STATUS(st == MSSQL_PENDING ? wait_done(s, &e) : st, MSSQL_NO_DATA);
}

/* three rows of one INT column: one execute, the counts summed */
static void executemany(uint64_t s) {
    uint8_t b[64];
    size_t n = 0;
    memcpy(b, "MQP1", 4); n = 4;
    uint32_t ncols = 1, nrows = 3;
    memcpy(b + n, &ncols, 4); n += 4;
    memcpy(b + n, &nrows, 4); n += 4;
    uint8_t hdr[] = {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(b + n, hdr, sizeof hdr); n += sizeof hdr;
    for (int64_t v = 10; v < 13; v++) { memcpy(b + n, &v, 8); n += 8; }
    CHECK_STATUS(run(s, "INSERT INTO #t VALUES (?)", b, n), MSSQL_OK);
    uint8_t *buf;
    size_t len;
    CHECK_STATUS(mssql_stmt_describe(s, MSSQL_FORMAT_PLAIN, &buf, &len, &e), MSSQL_OK);
    int64_t rowcount = 0;
    memcpy(&rowcount, buf + 4, 8); /* ncols = 0xFFFFFFFF, then rowcount */
    CHECK(rowcount == 3);
    mssql_free(buf);
    CHECK(scalar(s, "SELECT COUNT(*) FROM #t") == 4);
}

static void timeout(uint64_t c) {
    uint64_t s = 0;
    CHECK_STATUS(mssql_conn_set_query_timeout(c, 200, &e), MSSQL_OK);
    CHECK_STATUS(mssql_stmt_new(c, &s, &e), MSSQL_OK);
    CHECK_STATUS(run(s, "WAITFOR DELAY '00:00:05'", NULL, 0), MSSQL_ERROR);
    CHECK((e.flags & MSSQL_ERRF_TIMEOUT) != 0 && e.dbapi_class == MSSQL_EXC_OPERATIONAL);
    check_error(&e, MSSQL_ERROR, "timeout");
    CHECK(scalar(s, "SELECT 5") == 5);
    CHECK_STATUS(mssql_stmt_set_query_timeout(s, 0, &e), MSSQL_OK);
    CHECK_STATUS(mssql_stmt_close(s, &e), MSSQL_OK);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    uint64_t c = 0, s = 0;
    CHECK_STATUS(mssql_conn_open(argv[1], strlen(argv[1]), NULL, 0, NULL, 0, 10000, 0, &c, &e), MSSQL_PENDING);
    CHECK_STATUS(wait_done(c, &e), MSSQL_OK);
    uint8_t *buf;
    size_t len;
    CHECK_STATUS(mssql_conn_info(c, &buf, &len, &e), MSSQL_OK);
    CHECK(len > 11 && buf[0] == 0x80 && memmem(buf, len, "autocommit", 10) != NULL);
    mssql_free(buf);
    CHECK_STATUS(mssql_stmt_new(c, &s, &e), MSSQL_OK);
    transactions(c, s);
    results(s);
    executemany(s);
    timeout(c);
    int64_t conns = -1, stmts = -1;
    mssql_debug_handle_counts(&conns, &stmts);
    CHECK(conns == 1 && stmts == 1);
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);
    mssql_debug_handle_counts(&conns, &stmts);
    CHECK(conns == 0 && stmts == 0);
    if (failures) fprintf(stderr, "%d failures\n", failures);
    else printf("flow: all checks passed\n");
    return failures;
}
