// Package connstr parses ODBC-style connection strings the way Microsoft's
// mssql_python package accepts them, and translates them field by field
// (Config) with ODBC Driver 18 defaults.
//
// Parsing follows MS-ODBCSTR: `key=value;` pairs, case-insensitive keys,
// `{...}` values with `}}` as the escape for `}`. Only the keywords of an
// allow-list are accepted (with their synonyms); duplicates, empty values,
// unknown and reserved keywords are rejected, and every problem found is
// reported at once in a *ParseError.
//
// Nothing in this package ever puts a password or an access token into an
// error message: use Settings.Redacted for logs.
package connstr
