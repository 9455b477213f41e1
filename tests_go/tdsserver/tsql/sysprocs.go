package tsql

// systemProc is a system stored procedure implemented in Go.
type systemProc func(x *execCtx, args []callArg) (int32, error)

var systemProcs = map[string]systemProc{}
