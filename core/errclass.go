package core

// serverClasses maps SQL Server error numbers to DB-API classes the way
// Microsoft's package does through the SQLSTATE the ODBC driver reports
// for each (23000 → IntegrityError, 22xxx → DataError, 42xxx →
// ProgrammingError, 08xxx/25000/28000/40001 → OperationalError).
var serverClasses = map[int32]Class{
	// 23000: integrity constraint violation
	2627: ClassIntegrity, // PRIMARY KEY / UNIQUE constraint
	2601: ClassIntegrity, // duplicate key in a unique index
	547:  ClassIntegrity, // FOREIGN KEY / CHECK constraint
	515:  ClassIntegrity, // NULL into a NOT NULL column

	// 22xxx: data exceptions
	8152: ClassData, // string or binary data would be truncated (22001)
	2628: ClassData, // string or binary data would be truncated in column (22001)
	8134: ClassData, // divide by zero (22012)
	245:  ClassData, // conversion failed (22018)
	8114: ClassData, // error converting data type (22018)
	8115: ClassData, // arithmetic overflow converting (22003)
	220:  ClassData, // arithmetic overflow for a data type (22003)
	232:  ClassData, // arithmetic overflow for type (22003)
	242:  ClassData, // date/time out of range in conversion (22007)
	241:  ClassData, // conversion failed, date/time from string (22007)
	296:  ClassData, // smalldatetime conversion out of range (22007)
	517:  ClassData, // date/time overflow (22008)
	8169: ClassData, // conversion to uniqueidentifier failed (22018)
	9809: ClassData, // style not supported for date/time conversion (22007)

	// 42xxx and 21S01: syntax and access
	102:  ClassProgramming, // incorrect syntax
	105:  ClassProgramming, // unclosed quotation mark
	156:  ClassProgramming, // incorrect syntax near a keyword
	170:  ClassProgramming, // incorrect syntax (line)
	137:  ClassProgramming, // must declare the scalar variable
	201:  ClassProgramming, // procedure expects a parameter
	207:  ClassProgramming, // invalid column name (42S22)
	208:  ClassProgramming, // invalid object name (42S02)
	209:  ClassProgramming, // ambiguous column name
	213:  ClassProgramming, // column count does not match (21S01)
	229:  ClassProgramming, // permission denied
	2714: ClassProgramming, // object already exists (42S01)
	2812: ClassProgramming, // stored procedure not found
	3701: ClassProgramming, // cannot drop: does not exist
	4104: ClassProgramming, // multi-part identifier could not be bound
	8144: ClassProgramming, // too many arguments
	8178: ClassProgramming, // parameterized query expects a parameter

	// 08xxx, 25000, 28000, 40001, HYT00: operational conditions
	1205:  ClassOperational, // deadlock victim (40001)
	3960:  ClassOperational, // snapshot update conflict (40001)
	1222:  ClassOperational, // lock request time out
	3902:  ClassOperational, // COMMIT without BEGIN TRANSACTION (25000)
	3903:  ClassOperational, // ROLLBACK without BEGIN TRANSACTION (25000)
	4060:  ClassOperational, // cannot open database requested by the login
	18456: ClassOperational, // login failed (28000)
	18452: ClassOperational, // login from an untrusted domain (28000)
	18486: ClassOperational, // account locked out (28000)
	18487: ClassOperational, // password expired (28000)
	18488: ClassOperational, // password must be changed (28000)
	233:   ClassOperational, // no process at the other end of the pipe (08S01)
	701:   ClassOperational, // out of memory
	40613: ClassOperational, // Azure: database not currently available
	40197: ClassOperational, // Azure: service error processing the request
	40501: ClassOperational, // Azure: service busy
	10928: ClassOperational, // Azure: resource limit
	10929: ClassOperational, // Azure: resource limit
}

// ClassifyServer returns the DB-API class of a server error: by number
// when known, else by severity as the ODBC driver reports unmapped errors
// (11-16: 42000, a ProgrammingError; 17 and above: resource and fatal
// errors, OperationalError).
func ClassifyServer(number int32, severity uint8) Class {
	if c, ok := serverClasses[number]; ok {
		return c
	}
	switch {
	case severity >= 17:
		return ClassOperational
	case severity >= 11:
		return ClassProgramming
	}
	return ClassDatabase
}
