/* Minimal assertions for the ABI's C tests: each failure is printed, and
 * the program's exit status is the number of failures. */
#ifndef ABI_CHECK_H
#define ABI_CHECK_H
#include <stdio.h>
#include <string.h>
#include "mssql_python.h"

static int failures = 0;

#define CHECK(cond) do { if (!(cond)) { failures++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define CHECK_STATUS(call, want) do { int32_t got_ = (call); if (got_ != (want)) { failures++; \
    fprintf(stderr, "FAIL %s:%d: %s returned %d, want %d\n", __FILE__, __LINE__, #call, got_, (int)(want)); } } while (0)

/* An error struct must be filled coherently: status, a message, a
 * release function; releasing zeroes it. */
static inline void check_error(mssql_error *e, int32_t status, const char *where) {
    if (e->status != status || e->message == NULL || e->release == NULL) {
        failures++;
        fprintf(stderr, "FAIL %s: error struct status=%d message=%s release=%p\n", where,
                e->status, e->message ? e->message : "(null)", (void *)e->release);
    }
    e->release(e);
    mssql_error zero;
    memset(&zero, 0, sizeof zero);
    if (memcmp(e, &zero, sizeof zero) != 0) {
        failures++;
        fprintf(stderr, "FAIL %s: release did not zero the struct\n", where);
    }
}

/* wait_done waits in 50 ms slices, as a caller staying responsive would. */
static inline int32_t wait_done(uint64_t h, mssql_error *err) {
    int32_t st;
    while ((st = mssql_wait(h, 50, err)) == MSSQL_PENDING) {
    }
    return st;
}

/* finish_conn waits for a connection operation that a call started. */
static inline int32_t finish_conn(uint64_t c, int32_t st) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    if (st == MSSQL_PENDING) st = wait_done(c, &e);
    if (e.release) e.release(&e);
    return st;
}
#endif
