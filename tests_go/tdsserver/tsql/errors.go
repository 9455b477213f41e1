package tsql

import (
	"errors"
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// abortLevel says how far an error unwinds, as SQL Server decides per error.
type abortLevel uint8

const (
	abortStatement abortLevel = iota // the statement fails, the batch goes on
	abortBatch                       // the rest of the batch (and callers) is skipped
)

// sqlError is a SQL Server error raised while running a request.
type sqlError struct {
	msg   backend.Message
	level abortLevel
	// compile marks errors raised while compiling a statement (syntax, name
	// resolution): a TRY block at the same level does not catch them.
	compile bool
	// rollback marks errors that end the transaction (deadlock victim).
	rollback bool
	// lineSet marks a line that must not be replaced by the statement's.
	lineSet bool
}

func (e *sqlError) Error() string {
	return fmt.Sprintf("Msg %d, Level %d, State %d, Line %d: %s", e.msg.Number, e.msg.Class, e.msg.State, e.msg.Line, e.msg.Text)
}

// newErr builds an error that ends its statement.
func newErr(number int32, class, state uint8, format string, args ...any) *sqlError {
	return &sqlError{msg: backend.Message{Number: number, Class: class, State: state, Text: fmt.Sprintf(format, args...)}}
}

func (e *sqlError) batch() *sqlError    { e.level = abortBatch; return e }
func (e *sqlError) compiled() *sqlError { e.compile, e.level = true, abortBatch; return e }
func (e *sqlError) atLine(l int) *sqlError {
	if l > 0 {
		e.msg.Line, e.lineSet = int32(l), true
	}
	return e
}

// asSQLError finds a *sqlError in err's chain.
func asSQLError(err error) (*sqlError, bool) {
	var se *sqlError
	ok := errors.As(err, &se)
	return se, ok
}

// Syntax and compile errors.

func errSyntaxNear(line int, near string) *sqlError {
	return newErr(102, 15, 1, "Incorrect syntax near '%s'.", near).compiled().atLine(line)
}

func errSyntaxKeyword(line int, kw string) *sqlError {
	return newErr(156, 15, 1, "Incorrect syntax near the keyword '%s'.", kw).compiled().atLine(line)
}

func errUnclosedQuote(line int, after string) *sqlError {
	return newErr(105, 15, 1, "Unclosed quotation mark after the character string '%s'.", after).compiled().atLine(line)
}

func errMissingEndComment(line int) *sqlError {
	return newErr(113, 15, 1, "Missing end comment mark '*/'.").compiled().atLine(line)
}

func errInvalidColumn(name string) *sqlError {
	return newErr(207, 16, 1, "Invalid column name '%s'.", name).compiled()
}

func errInvalidObject(name string) *sqlError {
	return newErr(208, 16, 1, "Invalid object name '%s'.", name).compiled()
}

func errAmbiguousColumn(name string) *sqlError {
	return newErr(209, 16, 1, "Ambiguous column name '%s'.", name).compiled()
}

func errMultipartNotBound(name string) *sqlError {
	return newErr(4104, 16, 1, "The multi-part identifier \"%s\" could not be bound.", name).compiled()
}

func errMustDeclare(name string) *sqlError {
	return newErr(137, 15, 2, "Must declare the scalar variable \"%s\".", name).compiled()
}

func errMustDeclareTable(name string) *sqlError {
	return newErr(1087, 15, 2, "Must declare the table variable \"%s\".", name).compiled()
}

func errVarRedeclared(name string) *sqlError {
	return newErr(134, 15, 1, "The variable name '%s' has already been declared. Variable names must be unique within a query batch or stored procedure.", name).compiled()
}

func errUnknownFunction(name string) *sqlError {
	return newErr(195, 15, 10, "'%s' is not a recognized built-in function name.", name).compiled()
}

func errArgCount(name string, n int) *sqlError {
	return newErr(174, 15, 1, "The %s function requires %d argument(s).", name, n).compiled()
}

func errUnknownType(name string) *sqlError {
	return newErr(2715, 16, 6, "Column, parameter, or variable #1: Cannot find data type %s.", name).compiled()
}

func errNotInGroupBy(col string) *sqlError {
	return newErr(8120, 16, 1, "Column '%s' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.", col).compiled()
}

func errNoColumnName(i int, obj string) *sqlError {
	return newErr(8155, 16, 2, "No column name was specified for column %d of '%s'.", i, obj).compiled()
}

func errDuplicateExposedName(a, b string) *sqlError {
	return newErr(1013, 16, 1, "The objects \"%s\" and \"%s\" in the FROM clause have duplicate exposed names. Use correlation names to distinguish them.", a, b).compiled()
}

func errTypeClash(from, to string) *sqlError {
	return newErr(206, 16, 2, "Operand type clash: %s is incompatible with %s", from, to)
}

func errExplicitConversion(from, to string) *sqlError {
	return newErr(529, 16, 2, "Explicit conversion from data type %s to %s is not allowed.", from, to)
}

func errImplicitConversion(from, to string) *sqlError {
	return newErr(257, 16, 3, "Implicit conversion from data type %s to %s is not allowed. Use the CONVERT function to run this query.", from, to)
}

func errOperandType(t, op string) *sqlError {
	return newErr(8117, 16, 1, "Operand data type %s is invalid for %s operator.", t, op)
}

func errArgType(t string, n int, fn string) *sqlError {
	return newErr(8116, 16, 1, "Argument data type %s is invalid for argument %d of %s function.", t, n, fn)
}

func errIncompatible(a, b, op string) *sqlError {
	return newErr(402, 16, 1, "The data types %s and %s are incompatible in the %s operator.", a, b, op)
}

func errNotSupported(what string) *sqlError {
	return newErr(40517, 16, 1, "Keyword or statement option '%s' is not supported in this version of SQL Server.", what).compiled()
}

// Runtime errors.

func errDivideByZero() *sqlError {
	return newErr(8134, 16, 1, "Divide by zero error encountered.").batch()
}

func errConversion(fromType, value, toType string) *sqlError {
	return newErr(245, 16, 1, "Conversion failed when converting the %s value '%s' to data type %s.", fromType, value, toType).batch()
}

func errConvertingType(fromType, toType string) *sqlError {
	return newErr(8114, 16, 5, "Error converting data type %s to %s.", fromType, toType).batch()
}

func errDateConversion() *sqlError {
	return newErr(241, 16, 1, "Conversion failed when converting date and/or time from character string.").batch()
}

func errGUIDConversion() *sqlError {
	return newErr(8169, 16, 2, "Conversion failed when converting from a character string to uniqueidentifier.").batch()
}

func errOverflow(from, to string) *sqlError {
	return newErr(8115, 16, 2, "Arithmetic overflow error converting %s to data type %s.", from, to).batch()
}

func errOverflowExpr(to string) *sqlError {
	return newErr(8115, 16, 2, "Arithmetic overflow error converting expression to data type %s.", to).batch()
}

func errTruncated(table, column, value string) *sqlError {
	return newErr(2628, 16, 1, "String or binary data would be truncated in table '%s', column '%s'. Truncated value: '%s'.", table, column, value)
}

func errTruncatedShort() *sqlError {
	return newErr(8152, 16, 14, "String or binary data would be truncated.")
}

func errNullInsert(column, table, verb string) *sqlError {
	return newErr(515, 16, 2, "Cannot insert the value NULL into column '%s', table '%s'; column does not allow nulls. %s fails.", column, table, verb)
}

func errDuplicateKey(kind, constraint, object, value string) *sqlError {
	return newErr(2627, 14, 1, "Violation of %s constraint '%s'. Cannot insert duplicate key in object '%s'. The duplicate key value is %s.", kind, constraint, object, value)
}

func errDuplicateIndexKey(object, index, value string) *sqlError {
	return newErr(2601, 14, 1, "Cannot insert duplicate key row in object '%s' with unique index '%s'. The duplicate key value is %s.", object, index, value)
}

func errConstraintConflict(verb, kind, name, db, table, column string) *sqlError {
	col := ""
	if column != "" {
		col = fmt.Sprintf(", column '%s'", column)
	}
	return newErr(547, 16, 0, "The %s statement conflicted with the %s constraint \"%s\". The conflict occurred in database \"%s\", table \"%s\"%s.", verb, kind, name, db, table, col)
}

func errIdentityInsertOff(table string) *sqlError {
	return newErr(544, 16, 1, "Cannot insert explicit value for identity column in table '%s' when IDENTITY_INSERT is set to OFF.", table)
}

func errIdentityNeedsColumnList(table string) *sqlError {
	return newErr(8101, 16, 1, "An explicit value for the identity column in table '%s' can only be specified when a column list is used and IDENTITY_INSERT is ON.", table)
}

func errUpdateIdentity(col string) *sqlError {
	return newErr(8102, 16, 1, "Cannot update identity column '%s'.", col)
}

func errColumnCountMismatch() *sqlError {
	return newErr(213, 16, 1, "Column name or number of supplied values does not match table definition.")
}

func errFewerColumns() *sqlError {
	return newErr(110, 15, 1, "There are fewer columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.").compiled()
}

func errMoreColumns() *sqlError {
	return newErr(109, 15, 1, "There are more columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.").compiled()
}

func errObjectExists(name string) *sqlError {
	return newErr(2714, 16, 6, "There is already an object named '%s' in the database.", name)
}

func errCannotDrop(kind, name string) *sqlError {
	return newErr(3701, 11, 5, "Cannot drop the %s '%s', because it does not exist or you do not have permission.", kind, name)
}

func errObjectNotFound(name string) *sqlError {
	return newErr(4902, 16, 1, "Cannot find the object \"%s\" because it does not exist or you do not have permissions.", name)
}

func errSchemaNotFound(name string) *sqlError {
	return newErr(2760, 16, 1, "The specified schema name \"%s\" either does not exist or you do not have permission to use it.", name)
}

func errDatabaseNotFound(name string) *sqlError {
	return newErr(911, 16, 1, "Database '%s' does not exist. Make sure that the name is entered correctly.", name).batch()
}

func errProcNotFound(name string) *sqlError {
	return newErr(2812, 16, 62, "Could not find stored procedure '%s'.", name)
}

func errParamNotSupplied(proc, param string) *sqlError {
	return newErr(201, 16, 4, "Procedure or function '%s' expects parameter '%s', which was not supplied.", proc, param)
}

func errTooManyArgs(proc string) *sqlError {
	return newErr(8144, 16, 2, "Procedure or function %s has too many arguments specified.", proc)
}

func errNotAParameter(param, proc string) *sqlError {
	return newErr(8145, 16, 2, "%s is not a parameter for procedure %s.", param, proc)
}

func errCommitNoTran() *sqlError {
	return newErr(3902, 16, 1, "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.")
}

func errRollbackNoTran() *sqlError {
	return newErr(3903, 16, 1, "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.")
}

func errSaveNoTran() *sqlError {
	return newErr(628, 16, 0, "Cannot issue SAVE TRANSACTION when there is no active transaction.")
}

func errNoSavepoint(name string) *sqlError {
	return newErr(6401, 16, 1, "Cannot roll back %s. No transaction or savepoint of that name was found.", name)
}

func errTranCountMismatch(before, after int) *sqlError {
	return newErr(266, 16, 2, "Transaction count after EXECUTE indicates a mismatching number of BEGIN and COMMIT statements. Previous count = %d, current count = %d.", before, after)
}

func errDoomed() *sqlError {
	return newErr(3930, 16, 1, "The current transaction cannot be committed and cannot support operations that write to the log file. Roll back the transaction.")
}

func errDeadlock(spid int) *sqlError {
	e := newErr(1205, 13, 51, "Transaction (Process ID %d) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.", spid).batch()
	e.rollback = true
	return e
}

func errLockTimeout() *sqlError {
	return newErr(1222, 16, 45, "Lock request time out period exceeded.")
}

func errPreparedNotFound(handle int64) *sqlError {
	return newErr(8179, 16, 4, "Could not find prepared statement with handle %d.", handle)
}

func errParamExpected(query, param string) *sqlError {
	return newErr(8178, 16, 1, "The parameterized query '%s' expects the parameter '%s', which was not supplied.", query, param)
}

func errStatementParamType() *sqlError {
	return newErr(214, 16, 2, "Procedure expects parameter '@statement' of type 'ntext/nchar/nvarchar'.")
}

func errRethrowOutsideCatch() *sqlError {
	return newErr(10704, 15, 1, "To rethrow an error, a THROW statement must be used inside a CATCH block.").compiled()
}

func errThrowNumber(n int64) *sqlError {
	return newErr(35100, 16, 10, "Error number %d in the THROW statement is outside the valid range. Specify an error number in the valid range of 50000 to 2147483647.", n)
}

func errSubqueryMultipleValues() *sqlError {
	return newErr(512, 16, 1, "Subquery returned more than 1 value. This is not permitted when the subquery follows =, !=, <, <= , >, >= or when the subquery is used as an expression.")
}

func errIndexExists(index, table string) *sqlError {
	return newErr(1913, 16, 1, "The operation failed because an index or statistics with name '%s' already exists on table '%s'.", index, table)
}

func errCannotDropIndex(name string) *sqlError {
	return newErr(3703, 11, 7, "Cannot drop the index '%s', because it does not exist or you do not have permission.", name)
}

func errFKReferenced(name, fk string) *sqlError {
	return newErr(3726, 16, 1, "Could not drop object '%s' because it is referenced by a FOREIGN KEY constraint '%s'.", name, fk)
}

func errDuplicateColumn(col, table string) *sqlError {
	return newErr(2705, 16, 3, "Column names in each table must be unique. Column name '%s' in table '%s' is specified more than once.", col, table)
}

func errIdentityInsertOtherTable(current, table string) *sqlError {
	return newErr(8107, 16, 1, "IDENTITY_INSERT is already ON for table '%s'. Cannot perform SET operation for table '%s'.", current, table)
}

func errNoIdentityColumn(table string) *sqlError {
	return newErr(8106, 16, 1, "Table '%s' does not have the identity property. Cannot perform SET operation.", table)
}

func errNonBoolean(near string) *sqlError {
	return newErr(4145, 15, 1, "An expression of non-boolean type specified in a context where a condition is expected, near '%s'.", near).compiled()
}

func errSchemaNotEmpty(schema, object string) *sqlError {
	return newErr(3729, 16, 1, "Cannot drop schema '%s' because it is being referenced by object '%s'.", schema, object)
}

func errOrderByInSubquery() *sqlError {
	return newErr(1033, 15, 1, "The ORDER BY clause is invalid in views, inline functions, derived tables, subqueries, and common table expressions, unless TOP, OFFSET or FOR XML is also specified.").compiled()
}
