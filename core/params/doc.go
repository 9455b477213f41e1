// Package params decodes and validates the parameter buffer that crosses
// the C ABI (docs/formats.md §1): a columnar layout of typed parameter
// values, one row per execution.
//
// Decode checks the whole buffer before anything is sent: structure,
// lengths, type codes, UTF-8, date and time ranges, integer ranges and
// decimal text. Errors name the column and row; decoded columns read
// their values straight from the buffer without copying.
package params
