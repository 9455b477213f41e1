// Command tdsserver runs the SQL Server-compatible TDS test server.
//
//	go run ./tests_go/cmd/tdsserver -listen 127.0.0.1:0
//
// Once it accepts connections it prints one JSON line on stdout:
//
//	{"addr": "127.0.0.1:PORT", "connection_string": "...", "ca_file": "...",
//	 "cert_file": "...", "user": "sa", "password": "...", "pid": N}
//
// It logs to stderr and stops cleanly on SIGTERM or SIGINT.
package main
