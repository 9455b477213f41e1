// Package fidelity holds the fidelity proof of the TDS test server: the
// same scenario run by clients nobody here wrote (go-mssqldb here; pytds,
// pymssql, FreeTDS tsql, Microsoft's mssql-python and mssql-jdbc from the
// scripts beside it). run.sh starts the server and runs them all.
package fidelity
