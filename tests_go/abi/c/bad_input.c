/* Every exported function given NULL pointers, unknown, closed and
 * wrong-kind handles, wrong lengths, malformed connection strings and
 * parameter buffers, and used from several threads at once: each returns
 * a status with a clear message and nothing crashes. With a connection
 * string as argv[1], the statement-level checks run against that server. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static const uint64_t bogus[] = {0, 1, 42, 0x4D5300000000ull, 0xFFFFFFFFFFFFFFFFull};
#define NBOGUS (sizeof bogus / sizeof bogus[0])

static void invalid_handles(void) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint8_t *buf = NULL;
    size_t len = 0;
    int32_t n = 0;
    uint64_t out = 0;
    for (size_t i = 0; i < NBOGUS; i++) {
        uint64_t h = bogus[i];
        CHECK_STATUS(mssql_wait(h, 0, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "wait");
        CHECK_STATUS(mssql_cancel(h), MSSQL_INVALID_HANDLE);
        CHECK_STATUS(mssql_conn_close(h, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "close");
        CHECK_STATUS(mssql_conn_commit(h, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "commit");
        CHECK_STATUS(mssql_conn_rollback(h, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "rollback");
        CHECK_STATUS(mssql_conn_set_autocommit(h, 1, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "autocommit");
        CHECK_STATUS(mssql_conn_info(h, &buf, &len, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "info");
        CHECK_STATUS(mssql_conn_set_query_timeout(h, 5, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "timeout");
        CHECK_STATUS(mssql_stmt_new(h, &out, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "stmt_new");
        CHECK_STATUS(mssql_stmt_execute(h, "SELECT 1", 8, NULL, 0, 0, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "execute");
        CHECK_STATUS(mssql_stmt_describe(h, MSSQL_FORMAT_PICKLE, &buf, &len, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "describe");
        CHECK_STATUS(mssql_stmt_fetch(h, MSSQL_FORMAT_PICKLE, 10, 0, &buf, &len, &n, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "fetch");
        CHECK_STATUS(mssql_stmt_next_result(h, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "next_result");
        CHECK_STATUS(mssql_stmt_set_query_timeout(h, 5, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "stmt timeout");
        CHECK_STATUS(mssql_stmt_close(h, &e), MSSQL_INVALID_HANDLE); check_error(&e, MSSQL_INVALID_HANDLE, "stmt_close");
        /* NULL error pointers are fine too */
        CHECK_STATUS(mssql_conn_close(h, NULL), MSSQL_INVALID_HANDLE);
        CHECK_STATUS(mssql_stmt_fetch(h, MSSQL_FORMAT_PICKLE, 10, 0, &buf, &len, &n, NULL), MSSQL_INVALID_HANDLE);
    }
}

static void open_arguments(void) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t c = 99;
    const char *cs = "Server=127.0.0.1,1;UID=sa;PWD=hunter2";
    size_t n = strlen(cs);
    CHECK_STATUS(mssql_conn_open(cs, n, NULL, 0, NULL, 0, 0, 0, NULL, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "conn_out NULL");
    CHECK_STATUS(mssql_conn_open(NULL, 5, NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_INVALID_ARGUMENT);
    CHECK(c == 0);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "connstr NULL with a length");
    CHECK_STATUS(mssql_conn_open(cs, (size_t)1 << 40, NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "huge length");
    CHECK_STATUS(mssql_conn_open(cs, n, NULL, 3, NULL, 0, 0, 0, &c, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "overrides NULL with a length");
    CHECK_STATUS(mssql_conn_open(cs, n, NULL, 0, NULL, 7, 0, 0, &c, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "token NULL with a length");
    CHECK_STATUS(mssql_conn_open("Server=\xff", 8, NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "bad UTF-8");
    CHECK_STATUS(mssql_conn_open(cs, n, NULL, 0, NULL, 0, -1, 0, &c, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "negative timeout");
    CHECK_STATUS(mssql_conn_open(cs, n, NULL, 0, NULL, 0, 0, 0x80, &c, &e), MSSQL_INVALID_ARGUMENT);
    check_error(&e, MSSQL_INVALID_ARGUMENT, "bad flags");

    const char *bad = "Server=x;Bogus=1;PWD={hunter2;Server=y";
    CHECK_STATUS(mssql_conn_open(bad, strlen(bad), NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_ERROR);
    CHECK(c == 0);
    CHECK(e.dbapi_class == MSSQL_EXC_CONNSTR_PARSE);
    CHECK(e.n_diag == 2);
    for (int i = 0; i < e.n_diag; i++) {
        CHECK(e.diag[i].number == 0);
        CHECK(strstr(e.diag[i].message, "hunter2") == NULL);
    }
    CHECK(e.n_diag < 1 || strstr(e.diag[0].message, "Unclosed braced value") != NULL);
    CHECK(e.n_diag < 2 || strstr(e.diag[1].message, "'bogus'") != NULL);
    CHECK(strstr(e.message, "hunter2") == NULL);
    check_error(&e, MSSQL_ERROR, "parse error");

    const char *ov = "Driver=x";
    CHECK_STATUS(mssql_conn_open(cs, n, ov, strlen(ov), NULL, 0, 0, 0, &c, &e), MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_CONNSTR_PARSE);
    check_error(&e, MSSQL_ERROR, "reserved override");
    const char *val = "Server=h;Encrypt=maybe";
    CHECK_STATUS(mssql_conn_open(val, strlen(val), NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_OPERATIONAL);
    check_error(&e, MSSQL_ERROR, "bad value");
    const char *ns = "Server=h;Trusted_Connection=yes";
    CHECK_STATUS(mssql_conn_open(ns, strlen(ns), NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_NOT_SUPPORTED);
    check_error(&e, MSSQL_ERROR, "not supported");
}

/* A login to a closed port fails; the handle then refuses work until
 * closed, and a second close is an invalid handle. */
static void failed_login(void) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t c = 0, s = 0;
    const char *cs = "Server=127.0.0.1,1;UID=sa;PWD=hunter2;Encrypt=no";
    CHECK_STATUS(mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 2000, 0, &c, &e), MSSQL_PENDING);
    CHECK(c != 0);
    CHECK_STATUS(wait_done(c, &e), MSSQL_ERROR);
    CHECK(e.dbapi_class == MSSQL_EXC_OPERATIONAL);
    CHECK((e.flags & MSSQL_ERRF_SAFE_TO_RETRY) != 0);
    CHECK(strstr(e.message, "hunter2") == NULL);
    check_error(&e, MSSQL_ERROR, "login refused");
    CHECK_STATUS(mssql_wait(c, 0, &e), MSSQL_OK); /* collected once */
    CHECK_STATUS(mssql_stmt_new(c, &s, &e), MSSQL_ERROR);
    check_error(&e, MSSQL_ERROR, "stmt_new on a failed connection");
    CHECK_STATUS(mssql_conn_commit(c, &e), MSSQL_ERROR);
    check_error(&e, MSSQL_ERROR, "commit on a failed connection");
    CHECK_STATUS(mssql_stmt_fetch(c, MSSQL_FORMAT_PICKLE, 1, 0, NULL, NULL, NULL, &e), MSSQL_INVALID_HANDLE);
    check_error(&e, MSSQL_INVALID_HANDLE, "connection handle as a statement");
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_INVALID_HANDLE);
    check_error(&e, MSSQL_INVALID_HANDLE, "second close");
}

/* silent_listener accepts TCP connections but never answers PRELOGIN. */
static int silent_listener(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 64);
    socklen_t l = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &l);
    *port = ntohs(a.sin_port);
    return fd;
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* A login stuck in PRELOGIN: the login timeout bounds it, cancel abandons
 * it, and calls overlapping it get MSSQL_BUSY. */
static void stuck_login(int port) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    char cs[128];
    snprintf(cs, sizeof cs, "Server=127.0.0.1,%d;UID=sa;PWD=hunter2", port);
    uint64_t c = 0, s = 0;
    uint8_t *buf;
    size_t len;

    double t0 = now_s();
    CHECK_STATUS(mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 300, 0, &c, &e), MSSQL_PENDING);
    CHECK_STATUS(wait_done(c, &e), MSSQL_ERROR);
    double took = now_s() - t0;
    CHECK(took > 0.25 && took < 3.0);
    CHECK((e.flags & MSSQL_ERRF_TIMEOUT) != 0);
    check_error(&e, MSSQL_ERROR, "login timeout");
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);

    CHECK_STATUS(mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 60000, 0, &c, &e), MSSQL_PENDING);
    CHECK_STATUS(mssql_wait(c, 0, &e), MSSQL_PENDING);
    CHECK_STATUS(mssql_wait(c, 20, &e), MSSQL_PENDING);
    CHECK_STATUS(mssql_conn_commit(c, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy commit");
    CHECK_STATUS(mssql_conn_info(c, &buf, &len, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy info");
    CHECK_STATUS(mssql_stmt_new(c, &s, &e), MSSQL_BUSY); check_error(&e, MSSQL_BUSY, "busy stmt_new");
    t0 = now_s();
    CHECK_STATUS(mssql_cancel(c), MSSQL_OK);
    CHECK_STATUS(wait_done(c, &e), MSSQL_ERROR);
    CHECK(now_s() - t0 < 2.0);
    CHECK((e.flags & MSSQL_ERRF_CANCELLED) != 0);
    check_error(&e, MSSQL_ERROR, "cancelled login");
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);

    /* closing a handle whose login is pending cancels it */
    CHECK_STATUS(mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 60000, 0, &c, &e), MSSQL_PENDING);
    t0 = now_s();
    CHECK_STATUS(mssql_conn_close(c, &e), MSSQL_OK);
    CHECK(now_s() - t0 < 3.0);
    CHECK_STATUS(mssql_wait(c, 0, &e), MSSQL_INVALID_HANDLE);
    check_error(&e, MSSQL_INVALID_HANDLE, "wait after close");
}

struct hammer {
    uint64_t conn;
    int port;
    int bad;
};

/* Threads share one pending connection: every call returns a status of
 * the documented set, and the result is collected exactly once. */
static void *hammer_shared(void *arg) {
    struct hammer *h = arg;
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint8_t *buf;
    size_t len;
    for (int i = 0; i < 200; i++) {
        int32_t st = mssql_conn_info(h->conn, &buf, &len, &e);
        if (st != MSSQL_BUSY && st != MSSQL_ERROR) h->bad++;
        if (e.release) e.release(&e);
        st = mssql_wait(h->conn, 0, &e);
        if (st != MSSQL_PENDING && st != MSSQL_OK && st != MSSQL_ERROR) h->bad++;
        if (e.release) e.release(&e);
        if (mssql_cancel(h->conn) != MSSQL_OK) h->bad++;
    }
    return NULL;
}

/* Threads each open, cancel and close their own connections. */
static void *hammer_own(void *arg) {
    struct hammer *h = arg;
    mssql_error e;
    memset(&e, 0, sizeof e);
    char cs[128];
    snprintf(cs, sizeof cs, "Server=127.0.0.1,%d;UID=sa;PWD=x", h->port);
    for (int i = 0; i < 20; i++) {
        uint64_t c = 0;
        if (mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 5000, 0, &c, &e) != MSSQL_PENDING) h->bad++;
        mssql_cancel(c);
        if (wait_done(c, &e) != MSSQL_ERROR) h->bad++;
        if (e.release) e.release(&e);
        if (mssql_conn_close(c, NULL) != MSSQL_OK) h->bad++;
    }
    return NULL;
}

static void threads(int port) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    char cs[128];
    snprintf(cs, sizeof cs, "Server=127.0.0.1,%d;UID=sa;PWD=x", port);
    uint64_t c = 0;
    CHECK_STATUS(mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 60000, 0, &c, &e), MSSQL_PENDING);
    pthread_t th[8];
    struct hammer hs[8];
    for (int i = 0; i < 8; i++) {
        hs[i] = (struct hammer){.conn = c, .port = port};
        pthread_create(&th[i], NULL, i < 4 ? hammer_shared : hammer_own, &hs[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        CHECK(hs[i].bad == 0);
    }
    mssql_cancel(c);
    mssql_wait(c, -1, NULL);
    CHECK_STATUS(mssql_conn_close(c, NULL), MSSQL_OK);
}

static void small_functions(void) {
    CHECK(mssql_abi_version() == MSSQL_ABI_VERSION);
    CHECK(mssql_version() != NULL && strlen(mssql_version()) > 0);
    mssql_free(NULL);
    mssql_error_release(NULL);
    mssql_error e;
    memset(&e, 0, sizeof e);
    mssql_error_release(&e);
    uint8_t *buf = NULL;
    size_t len = 0;
    CHECK_STATUS(mssql_log_drain(NULL, &len), MSSQL_INVALID_ARGUMENT);
    CHECK_STATUS(mssql_log_drain(&buf, NULL), MSSQL_INVALID_ARGUMENT);
    CHECK_STATUS(mssql_log_set_level(10), MSSQL_OK);
    CHECK_STATUS(mssql_debug_handle_counts(NULL, NULL), MSSQL_INVALID_ARGUMENT);
}

static void log_has_no_secrets(void) {
    uint8_t *buf = NULL;
    size_t len = 0;
    int32_t st = mssql_log_drain(&buf, &len);
    CHECK(st == MSSQL_OK || st == MSSQL_NO_DATA);
    if (st == MSSQL_OK) {
        CHECK(buf != NULL && len > 11 && buf[0] == 0x80 && buf[1] == 4);
        CHECK(memmem(buf, len, "hunter2", 7) == NULL);
        mssql_free(buf);
    }
    CHECK_STATUS(mssql_log_drain(&buf, &len), MSSQL_NO_DATA);
}

void statement_checks(const char *cs);

int main(int argc, char **argv) {
    small_functions();
    invalid_handles();
    open_arguments();
    failed_login();
    int port;
    int fd = silent_listener(&port);
    stuck_login(port);
    threads(port);
    if (argc > 1) statement_checks(argv[1]);
    log_has_no_secrets();
    int64_t conns = -1, stmts = -1;
    CHECK_STATUS(mssql_debug_handle_counts(&conns, &stmts), MSSQL_OK);
    CHECK(conns == 0 && stmts == 0);
    close(fd);
    if (failures) fprintf(stderr, "%d failures\n", failures);
    else printf("bad_input: all checks passed\n");
    return failures;
}
