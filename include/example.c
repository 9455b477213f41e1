/*
 * example.c - connect, run a parameterised query, print its rows, and
 * handle an error, using only mssql_python.h.
 *
 *   cc -I include include/example.c -L build -lmssql_python -o example
 *   ./example "Server=tcp:127.0.0.1,1433;UID=sa;PWD=...;Encrypt=yes;TrustServerCertificate=yes"
 *
 * The connection string comes from argv[1] or MSSQL_CONNECTION_STRING.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mssql_python.h"

/* Waits for a pending operation in 50 ms slices, as a program that must
 * stay responsive to signals (or call mssql_cancel) would. */
static int32_t finish(uint64_t handle, int32_t status, mssql_error *err) {
    while (status == MSSQL_PENDING)
        status = mssql_wait(handle, 50, err);
    return status;
}

/* Prints an error and releases it. */
static void report(const char *what, mssql_error *err) {
    fprintf(stderr, "%s failed: %s\n", what, err->message ? err->message : "(no message)");
    for (int32_t i = 0; i < err->n_diag; i++)
        fprintf(stderr, "  [%d] severity %d, state %d, line %d: %s\n", err->diag[i].number,
                err->diag[i].severity, err->diag[i].state, err->diag[i].line, err->diag[i].message);
    if (err->release)
        err->release(err);
}

/* A tiny writer of the parameter buffer of docs/formats.md. */
typedef struct { uint8_t data[256]; size_t len; } params;

static void put(params *p, const void *bytes, size_t n) { memcpy(p->data + p->len, bytes, n); p->len += n; }
static void put_u32(params *p, uint32_t v) { put(p, &v, 4); } /* little-endian hosts */

static void begin(params *p, uint32_t ncols) {
    p->len = 0;
    put(p, "MQP1", 4);
    put_u32(p, ncols);
    put_u32(p, 1); /* one row */
}

/* column header: type, flags, no name, size 0, precision/scale 0, no NULLs */
static void header(params *p, uint8_t type) {
    uint8_t h[] = {type, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    put(p, h, sizeof h);
}

static void add_int(params *p, int64_t v) { header(p, 4 /* INT */); put(p, &v, 8); }

static void add_text(params *p, const char *s) {
    header(p, 12 /* NVARCHAR */);
    put_u32(p, (uint32_t)strlen(s));
    put(p, s, strlen(s));
}

/* Reads the plain row batch of docs/formats.md and prints it. */
static const uint8_t *print_cell(const uint8_t *c) {
    uint8_t tag = *c++;
    uint32_t n;
    int64_t i;
    double f;
    switch (tag) {
    case 0: printf("NULL"); return c;
    case 1: memcpy(&i, c, 8); printf("%lld", (long long)i); return c + 8;
    case 2: memcpy(&f, c, 8); printf("%g", f); return c + 8;
    case 3: memcpy(&n, c, 4); printf("'%.*s'", (int)n, (const char *)c + 4); return c + 4 + n;
    case 4: memcpy(&n, c, 4); printf("<%u bytes>", n); return c + 4 + n;
    case 5: printf(*c ? "true" : "false"); return c + 1;
    }
    return c;
}

static void print_batch(const uint8_t *buf) {
    uint32_t nrows, ncols;
    memcpy(&nrows, buf, 4);
    memcpy(&ncols, buf + 4, 4);
    const uint8_t *c = buf + 8;
    for (uint32_t r = 0; r < nrows; r++) {
        printf("row:");
        for (uint32_t k = 0; k < ncols; k++) {
            printf(" ");
            c = print_cell(c);
        }
        printf("\n");
    }
}

/* Fetches and prints every row of the current result set. */
static int print_rows(uint64_t stmt, mssql_error *err) {
    for (;;) {
        uint8_t *buf = NULL;
        size_t len = 0;
        int32_t nrows = 0;
        int32_t st = mssql_stmt_fetch(stmt, MSSQL_FORMAT_PLAIN, 100, 0, &buf, &len, &nrows, err);
        if (st == MSSQL_PENDING) {
            if (finish(stmt, st, err) != MSSQL_OK)
                return -1;
            continue;
        }
        if (st == MSSQL_NO_DATA)
            return 0;
        if (st != MSSQL_OK)
            return -1;
        print_batch(buf);
        mssql_free(buf);
    }
}

int main(int argc, char **argv) {
    const char *cs = argc > 1 ? argv[1] : getenv("MSSQL_CONNECTION_STRING");
    if (cs == NULL) {
        fprintf(stderr, "usage: %s CONNECTION_STRING\n", argv[0]);
        return 2;
    }
    mssql_error err;
    memset(&err, 0, sizeof err);
    uint64_t conn = 0, stmt = 0;

    int32_t st = mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 15000, MSSQL_OPEN_AUTOCOMMIT, &conn, &err);
    if (finish(conn, st, &err) != MSSQL_OK) {
        report("connect", &err);
        if (conn) mssql_conn_close(conn, NULL);
        return 1;
    }
    if (mssql_stmt_new(conn, &stmt, &err) != MSSQL_OK) {
        report("stmt_new", &err);
        return 1;
    }

    /* A parameterised query: qmark placeholders, typed parameters. */
    params p;
    begin(&p, 2);
    add_int(&p, 42);
    add_text(&p, "h\xc3\xa9llo, w\xc3\xb6rld");
    const char *sql = "SELECT ? AS answer, ? AS greeting";
    st = mssql_stmt_execute(stmt, sql, strlen(sql), p.data, p.len, 0, &err);
    if (finish(stmt, st, &err) != MSSQL_OK || print_rows(stmt, &err) != 0) {
        report("query", &err);
        return 1;
    }

    /* An error: the server's number, severity and message come back. */
    const char *bad = "SELECT * FROM no_such_table";
    st = mssql_stmt_execute(stmt, bad, strlen(bad), NULL, 0, 0, &err);
    if (finish(stmt, st, &err) == MSSQL_ERROR) {
        printf("expected error: class %d, number %d: %s\n", err.dbapi_class,
               err.n_diag > 0 ? err.diag[0].number : 0, err.message);
        err.release(&err);
    }

    mssql_stmt_close(stmt, NULL);
    mssql_conn_close(conn, NULL);
    return 0;
}
