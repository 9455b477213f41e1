/* mssql_thread_set_wait against a server (argv[1]): in blocking mode calls
 * return their final status on the calling thread; a signal byte on the
 * interrupt descriptor, mssql_cancel from another thread and the query
 * timeout still end a long wait, and the connection stays usable. */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static mssql_error e;
static int pipe_fds[2];
static uint64_t stmt;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void pause_ms(int ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* writes SIGUSR1's number at 200 ms (ignored), then SIGINT's at 500 ms */
static void *send_signal_bytes(void *arg) {
    (void)arg;
    unsigned char usr1 = SIGUSR1, intr = SIGINT;
    pause_ms(200);
    if (write(pipe_fds[1], &usr1, 1) != 1) return NULL;
    pause_ms(300);
    if (write(pipe_fds[1], &intr, 1) != 1) return NULL;
    return NULL;
}

static void *cancel_later(void *arg) {
    (void)arg;
    pause_ms(300);
    mssql_cancel(stmt);
    return NULL;
}

/* executes sql; in blocking mode never MSSQL_PENDING */
static int32_t execute(const char *sql) {
    int32_t st = mssql_stmt_execute(stmt, sql, strlen(sql), NULL, 0, 0, &e);
    CHECK(st != MSSQL_PENDING);
    return st;
}

static int64_t fetch_int(void) {
    uint8_t *buf = NULL;
    size_t len = 0;
    int32_t n = 0;
    int64_t v = -1;
    int32_t st = mssql_stmt_fetch(stmt, MSSQL_FORMAT_PLAIN, 10, 0, &buf, &len, &n, &e);
    CHECK_STATUS(st, MSSQL_OK);
    if (st == MSSQL_OK && n == 1 && buf[8] == 1) memcpy(&v, buf + 9, 8);
    if (st == MSSQL_OK) mssql_free(buf);
    return v;
}

static void check_usable(void) {
    CHECK_STATUS(execute("SELECT 42"), MSSQL_OK);
    CHECK(fetch_int() == 42);
}

/* a long wait ended by `by` (a thread; NULL: the query timeout) gives
 * MSSQL_ERROR with flag */
static double interrupted(void *(*by)(void *), uint32_t flag) {
    pthread_t th;
    if (by != NULL) pthread_create(&th, NULL, by, NULL);
    double start = now();
    CHECK_STATUS(execute("WAITFOR DELAY '00:00:30'"), MSSQL_ERROR);
    double took = now() - start;
    CHECK(e.flags & flag);
    check_error(&e, MSSQL_ERROR, "interrupted wait");
    if (by != NULL) pthread_join(th, NULL);
    CHECK(took < 5.0);
    check_usable();
    return took;
}

int main(int argc, char **argv) {
    if (argc < 2) return 99;
    CHECK_STATUS(mssql_thread_set_wait(7, -1, 0), MSSQL_INVALID_ARGUMENT);
    CHECK_STATUS(mssql_thread_set_wait(MSSQL_WAIT_BLOCK, -1, 300), MSSQL_INVALID_ARGUMENT);
    if (pipe(pipe_fds) != 0) return 98;

    uint64_t c = 0;
    CHECK_STATUS(mssql_thread_set_wait(MSSQL_WAIT_BLOCK, pipe_fds[0], SIGINT), MSSQL_OK);
    int32_t st = mssql_conn_open(argv[1], strlen(argv[1]), NULL, 0, NULL, 0, 0, MSSQL_OPEN_AUTOCOMMIT, &c, &e);
    CHECK_STATUS(st, MSSQL_PENDING); /* logins always start and wait */
    CHECK_STATUS(wait_done(c, &e), MSSQL_OK);
    CHECK_STATUS(mssql_stmt_new(c, &stmt, &e), MSSQL_OK);

    check_usable();
    /* a signal byte from before the call is stale: discarded */
    unsigned char intr = SIGINT;
    CHECK(write(pipe_fds[1], &intr, 1) == 1);
    check_usable();
    /* SIGUSR1's byte is read and ignored, SIGINT's cancels */
    CHECK(interrupted(send_signal_bytes, MSSQL_ERRF_CANCELLED) >= 0.4);
    interrupted(cancel_later, MSSQL_ERRF_CANCELLED);
    CHECK_STATUS(mssql_stmt_set_query_timeout(stmt, 300, &e), MSSQL_OK);
    interrupted(NULL, MSSQL_ERRF_TIMEOUT);
    CHECK_STATUS(mssql_stmt_set_query_timeout(stmt, 0, &e), MSSQL_OK);

    /* back to start-and-wait */
    CHECK_STATUS(mssql_thread_set_wait(MSSQL_WAIT_START, -1, 0), MSSQL_OK);
    st = mssql_stmt_execute(stmt, "SELECT 42", 9, NULL, 0, 0, &e);
    CHECK_STATUS(st, MSSQL_PENDING);
    CHECK_STATUS(wait_done(stmt, &e), MSSQL_OK);

    CHECK_STATUS(mssql_stmt_close(stmt, &e), MSSQL_OK);
    CHECK_STATUS(finish_conn(c, mssql_conn_close(c, &e)), MSSQL_OK);
    return failures;
}
