/* Fetch benchmark through the C ABI: 100,000 rows x 10 mixed columns
 * (int, bigint, float, decimal(18,4), nvarchar, varchar, datetime2, bit,
 * uniqueidentifier, nullable int), read with mssql_stmt_fetch in batches of
 * 1,000 rows. Prints wall and client-CPU nanoseconds per row.
 *   bench_fetch CONNSTR ITERATIONS FORMAT(1 pickle, 2 plain) */
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include "check.h"

static void must(int32_t st, uint64_t h, mssql_error *e, const char *what) {
    while (st == MSSQL_PENDING) st = mssql_wait(h, -1, e);
    if (st != MSSQL_OK && st != MSSQL_NO_DATA) {
        fprintf(stderr, "%s: %s\n", what, e->message ? e->message : "?");
        exit(1);
    }
}

static void exec_all(uint64_t s, const char *sql, mssql_error *e) {
    must(mssql_stmt_execute(s, sql, strlen(sql), NULL, 0, 0, e), s, e, sql);
    for (;;) {
        int32_t st = mssql_stmt_next_result(s, e);
        while (st == MSSQL_PENDING) st = mssql_wait(s, -1, e);
        if (st == MSSQL_NO_DATA) return;
        if (st != MSSQL_OK) { fprintf(stderr, "%s: %s\n", sql, e->message); exit(1); }
    }
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static const char *create =
    "IF OBJECT_ID('bench_abi_100k') IS NOT NULL DROP TABLE bench_abi_100k;"
    "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 99999)"
    " SELECT i, CAST(i AS bigint) * 8589934592 AS b, i / 7.0E0 AS f, CAST(CAST(i AS decimal(18,4)) + 0.1234 AS decimal(18,4)) AS d,"
    " CAST(N'Z\xc3\xbcrich-' + CAST(i AS nvarchar(10)) AS nvarchar(50)) AS nv, CAST('name-' + CAST(i AS varchar(10)) AS varchar(50)) AS v,"
    " DATEADD(second, i, CAST('2024-01-01T00:00:00.1234567' AS datetime2)) AS dt, CAST(i % 2 AS bit) AS bt, NEWID() AS g,"
    " CASE WHEN i % 10 = 0 THEN NULL ELSE i END AS ni INTO bench_abi_100k FROM n OPTION (MAXRECURSION 0)";

int main(int argc, char **argv) {
    if (argc < 4) return 2;
    int iterations = atoi(argv[2]), format = atoi(argv[3]);
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t c = 0, s = 0;
    int32_t st0 = mssql_conn_open(argv[1], strlen(argv[1]), NULL, 0, NULL, 0, 10000, MSSQL_OPEN_AUTOCOMMIT, &c, &e);
    must(st0, c, &e, "connect");
    st0 = mssql_stmt_new(c, &s, &e);
    must(st0, s, &e, "stmt");
    exec_all(s, create, &e);
    const char *q = "SELECT i, b, f, d, nv, v, dt, bt, g, ni FROM bench_abi_100k";
    long rows = 0, bytes = 0;
    double t0 = seconds(), c0 = cpu_seconds();
    for (int it = 0; it < iterations; it++) {
        must(mssql_stmt_execute(s, q, strlen(q), NULL, 0, 0, &e), s, &e, q);
        for (;;) {
            uint8_t *buf;
            size_t len;
            int32_t n;
            int32_t st = mssql_stmt_fetch(s, format, 1000, 0, &buf, &len, &n, &e);
            if (st == MSSQL_PENDING) { must(mssql_wait(s, -1, &e), s, &e, "wait"); continue; }
            if (st == MSSQL_NO_DATA) break;
            if (st != MSSQL_OK) { fprintf(stderr, "fetch: %s\n", e.message); return 1; }
            rows += n;
            bytes += (long)len;
            mssql_free(buf);
        }
    }
    double wall = seconds() - t0, cpu = cpu_seconds() - c0;
    if (rows != 100000L * iterations) { fprintf(stderr, "read %ld rows\n", rows); return 1; }
    printf("rows=%ld wall_ns_per_row=%.1f client_cpu_ns_per_row=%.1f bytes_per_row=%.1f\n",
           rows, wall * 1e9 / rows, cpu * 1e9 / rows, (double)bytes / rows);
    exec_all(s, "DROP TABLE bench_abi_100k", &e);
    mssql_stmt_close(s, NULL);
    mssql_conn_close(c, NULL);
    return 0;
}
