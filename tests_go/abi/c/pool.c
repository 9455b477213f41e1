/* The pooling calls from C against a server (argv[1]): settings, reuse of
 * the same session, the limit, MSSQL_OPEN_NO_POOL, stats and close_idle. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"

static mssql_error e;
static const char *cs;

static uint64_t open_conn(uint32_t flags, int32_t timeout_ms, int32_t want) {
    uint64_t c = 0;
    int32_t st = mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, timeout_ms, flags | MSSQL_OPEN_AUTOCOMMIT, &c, &e);
    CHECK_STATUS(st, MSSQL_PENDING);
    CHECK_STATUS(wait_done(c, &e), want);
    return c;
}

static int64_t spid(uint64_t c) {
    uint64_t s = 0;
    CHECK_STATUS(mssql_stmt_new(c, &s, &e), MSSQL_OK);
    int32_t st = mssql_stmt_execute(s, "SELECT @@SPID", 13, NULL, 0, 0, &e);
    CHECK_STATUS(st == MSSQL_PENDING ? wait_done(s, &e) : st, MSSQL_OK);
    uint8_t *buf = NULL;
    size_t len = 0;
    int32_t n = 0;
    while ((st = mssql_stmt_fetch(s, MSSQL_FORMAT_PLAIN, 10, 0, &buf, &len, &n, &e)) == MSSQL_PENDING)
        wait_done(s, &e);
    int64_t v = -1;
    if (st == MSSQL_OK && n == 1 && buf[8] == 1) memcpy(&v, buf + 9, 8);
    if (st == MSSQL_OK) mssql_free(buf);
    CHECK_STATUS(mssql_stmt_close(s, &e), MSSQL_OK);
    return v;
}

/* stats returns the JSON snapshot as a NUL-terminated string to free. */
static char *stats(void) {
    uint8_t *buf = NULL;
    size_t len = 0;
    CHECK_STATUS(mssql_pool_stats(&buf, &len, &e), MSSQL_OK);
    char *s = calloc(1, len + 1);
    memcpy(s, buf, len);
    mssql_free(buf);
    return s;
}

static void check_stats(const char *want, int present) {
    char *s = stats();
    if ((strstr(s, want) != NULL) != present) {
        failures++;
        fprintf(stderr, "FAIL: stats %s %s: %s\n", present ? "lack" : "have", want, s);
    }
    free(s);
}

static void bad_settings(void) {
    CHECK_STATUS(mssql_pool_configure(1, 0, 1000, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "max_size 0");
    CHECK_STATUS(mssql_pool_configure(1, 2, -1, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "negative idle timeout");
    CHECK_STATUS(mssql_pool_stats(NULL, NULL, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "stats to NULL");
}

static void reuse_and_limit(void) {
    CHECK_STATUS(mssql_pool_configure(1, 2, 600000, &e), MSSQL_OK);
    uint64_t a = open_conn(0, 0, MSSQL_OK);
    int64_t first = spid(a);
    CHECK_STATUS(mssql_conn_close(a, &e), MSSQL_OK);
    a = open_conn(0, 0, MSSQL_OK);
    CHECK(spid(a) == first);
    uint64_t b = open_conn(0, 0, MSSQL_OK);
    uint64_t c = open_conn(0, 300, MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_OPERATIONAL && (e.flags & MSSQL_ERRF_TIMEOUT));
    CHECK(e.message != NULL && strstr(e.message, "max_size=2") != NULL);
    check_error(&e, MSSQL_ERROR, "pool limit");
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);
    uint64_t direct = open_conn(MSSQL_OPEN_NO_POOL, 0, MSSQL_OK);
    CHECK(spid(direct) != first);
    CHECK_STATUS(mssql_conn_close(direct, &e), MSSQL_OK);
    CHECK_STATUS(mssql_conn_close(a, &e), MSSQL_OK);
    CHECK_STATUS(mssql_conn_close(b, &e), MSSQL_OK);
    check_stats("\"created\":2", 1);
    check_stats("\"acquires\":3", 1);
    check_stats("\"timeouts\":1", 1);
    check_stats("\"idle\":2", 1);
    check_stats("PWD=***", 1);
}

static void close_idle_and_disable(void) {
    int64_t closed = -1;
    CHECK_STATUS(mssql_pool_close_idle(&closed, &e), MSSQL_OK);
    CHECK(closed == 2);
    CHECK_STATUS(mssql_pool_configure(0, 0, -5, &e), MSSQL_OK); /* sizes ignored when disabling */
    uint64_t a = open_conn(0, 0, MSSQL_OK);
    CHECK_STATUS(mssql_conn_close(a, &e), MSSQL_OK);
    check_stats("\"acquires\":3", 1);
    check_stats("\"open\":0", 1);
    CHECK_STATUS(mssql_pool_configure(1, 100, 600000, &e), MSSQL_OK);
}

int main(int argc, char **argv) {
    if (argc < 2) return 100;
    cs = argv[1];
    bad_settings();
    reuse_and_limit();
    close_idle_and_disable();
    int64_t conns = -1, stmts = -1;
    mssql_debug_handle_counts(&conns, &stmts);
    CHECK(conns == 0 && stmts == 0);
    return failures;
}
