// Package testenv gives Go tests the SQL Server to run against: the one
// MSSQL_CONNECTION_STRING names, or else an in-process TDS test server
// started once per test binary.
//
// A package that wants the in-process server closed (and its temporary
// files removed) when its tests end can use Run in TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testenv.Run(m)) }
package testenv
