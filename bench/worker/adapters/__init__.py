"""One module per driver, all with the same small interface (see ``common``).

A worker process imports exactly one adapter, inside that driver's own virtual
environment, so two packages that share an import name (ours and Microsoft's are
both ``mssql_python``) never meet.
"""
