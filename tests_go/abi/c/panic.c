/* The panic fence: a Go panic inside the library returns MSSQL_INTERNAL,
 * fills the error, and poisons the library so that every later call fails
 * fast with a clear message; the process keeps running. */
#include "check.h"

int main(void) {
    mssql_error e;
    memset(&e, 0, sizeof e);
    CHECK_STATUS(mssql_debug_panic(&e), MSSQL_INTERNAL);
    CHECK(e.dbapi_class == MSSQL_EXC_INTERNAL);
    CHECK(e.message && strstr(e.message, "a test panic") && strstr(e.message, "poisoned"));
    check_error(&e, MSSQL_INTERNAL, "panic");

    uint64_t c = 0;
    const char *cs = "Server=localhost";
    CHECK_STATUS(mssql_conn_open(cs, strlen(cs), NULL, 0, NULL, 0, 0, 0, &c, &e), MSSQL_INTERNAL);
    CHECK(c == 0);
    CHECK(e.message && strstr(e.message, "poisoned by an earlier internal error"));
    check_error(&e, MSSQL_INTERNAL, "open after the panic");
    CHECK_STATUS(mssql_wait(1, 0, &e), MSSQL_INTERNAL);
    check_error(&e, MSSQL_INTERNAL, "wait after the panic");
    CHECK_STATUS(mssql_debug_panic(NULL), MSSQL_INTERNAL);
    CHECK_STATUS(mssql_cancel(1), MSSQL_INTERNAL);
    /* these never depend on the library's state */
    CHECK(mssql_abi_version() == MSSQL_ABI_VERSION);
    mssql_free(NULL);
    mssql_error_release(&e);
    if (failures) fprintf(stderr, "%d failures\n", failures);
    else printf("panic: all checks passed\n");
    return failures;
}
