/* Private: the public header, with the three declarations whose const
 * qualifiers cgo cannot reproduce renamed out of the way of the
 * prototypes cgo generates for the Go definitions. */
#ifndef MSSQL_EXPORT_ABI_H
#define MSSQL_EXPORT_ABI_H
#include <stdlib.h>
#include <string.h>
#define mssql_conn_open mssql_conn_open__decl
#define mssql_stmt_execute mssql_stmt_execute__decl
#define mssql_version mssql_version__decl
#include "mssql_python.h"
#undef mssql_conn_open
#undef mssql_stmt_execute
#undef mssql_version
#endif
