// Package sqltext rewrites the qmark placeholders of DB-API SQL text into
// the named parameters SQL Server's sp_executesql takes.
//
// A `?` is a placeholder unless it sits inside a string literal ('...',
// N'...', with two quotes as the escape), a quoted identifier ("..." with "" as
// the escape, or [...] with ]] as the escape), a line comment (-- to the
// end of the line) or a block comment (/* ... */, which T-SQL nests).
package sqltext
