/* Reads N rows (i int, pad nvarchar(50)) through the C ABI and prints the
 * rows read and the process's peak RSS: memory must not grow with the
 * result.   rss_fetch CONNSTR N */
#include <stdlib.h>
#include <sys/resource.h>
#include "check.h"

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    long n = atol(argv[2]);
    mssql_error e;
    memset(&e, 0, sizeof e);
    uint64_t c = 0, s = 0;
    int32_t st = mssql_conn_open(argv[1], strlen(argv[1]), NULL, 0, NULL, 0, 10000, MSSQL_OPEN_AUTOCOMMIT, &c, &e);
    if (wait_done(c, &e) != MSSQL_OK || st != MSSQL_PENDING) { fprintf(stderr, "connect: %s\n", e.message); return 1; }
    mssql_stmt_new(c, &s, &e);
    char q[256];
    snprintf(q, sizeof q, "WITH n AS (SELECT 0 AS i UNION ALL SELECT i + 1 FROM n WHERE i < %ld) "
             "SELECT i, REPLICATE(N'x', 50) AS pad FROM n OPTION (MAXRECURSION 0)", n - 1);
    mssql_stmt_execute(s, q, strlen(q), NULL, 0, 0, &e);
    if (wait_done(s, &e) != MSSQL_OK) { fprintf(stderr, "execute: %s\n", e.message); return 1; }
    long rows = 0;
    for (;;) {
        uint8_t *buf;
        size_t len;
        int32_t k;
        st = mssql_stmt_fetch(s, MSSQL_FORMAT_PICKLE, 1000, 0, &buf, &len, &k, &e);
        if (st == MSSQL_PENDING) { wait_done(s, &e); continue; }
        if (st == MSSQL_NO_DATA) break;
        if (st != MSSQL_OK) { fprintf(stderr, "fetch: %s\n", e.message); return 1; }
        rows += k;
        mssql_free(buf);
    }
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("rows=%ld maxrss_kb=%ld\n", rows, u.ru_maxrss);
    mssql_stmt_close(s, NULL);
    mssql_conn_close(c, NULL);
    return 0;
}
