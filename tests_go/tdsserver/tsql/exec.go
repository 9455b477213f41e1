package tsql

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// execCtx runs the statements of one request.
type execCtx struct {
	ctx        context.Context
	s          *session
	out        backend.Results
	frame      *frame
	now        time.Time
	tryDepth   int
	nest       int
	inRPC      bool
	dbOverride *database // while compiling a view: names resolve in its database
}

func newExecCtx(ctx context.Context, s *session, out backend.Results, f *frame) *execCtx {
	return &execCtx{ctx: ctx, s: s, out: out, frame: f, now: time.Now()}
}

func (x *execCtx) currentDB() *database {
	if x.dbOverride != nil {
		return x.dbOverride
	}
	return x.s.db
}

// variable is a T-SQL variable or parameter; val follows the storage
// convention of t. Table variables carry a table instead.
type variable struct {
	name  string
	t     sqltype.Type
	val   any
	table *tableDef
	probe bool // an undeclared parameter being typed
}

// frame is the variable scope of a batch or procedure call.
type frame struct {
	vars          map[string]*variable
	procName      string
	procID        int64
	lineBase      int
	tryDepth      int
	scopeIdentity any
	caughtErrs    []*sqlError
	tableVars     []*tableDef
	scopeTemps    []*tableDef // temp tables this scope created (dropped at its end)
	dynamic       bool        // EXEC('...') or sp_executesql
}

// scoped reports whether the frame is a procedure or dynamic SQL, whose
// temp tables end with it.
func (f *frame) scoped() bool { return f.procName != "" || f.dynamic }

func newFrame(parent *frame) *frame {
	return &frame{vars: map[string]*variable{}}
}

func (f *frame) lookup(name string) *variable { return f.vars[strings.ToLower(name)] }

func (f *frame) declare(v *variable) error {
	key := strings.ToLower(v.name)
	if _, ok := f.vars[key]; ok {
		return errVarRedeclared(v.name)
	}
	f.vars[key] = v
	return nil
}

// caught is the error the innermost CATCH block handles, or nil.
func (f *frame) caught() *sqlError {
	if len(f.caughtErrs) == 0 {
		return nil
	}
	return f.caughtErrs[len(f.caughtErrs)-1]
}

// Control-flow signals travel as errors up to the statement that handles them.
type (
	breakSignal    struct{}
	continueSignal struct{}
	returnSignal   struct{ status int32 }
	gotoSignal     struct{ label string }
)

func (breakSignal) Error() string    { return "BREAK" }
func (continueSignal) Error() string { return "CONTINUE" }
func (returnSignal) Error() string   { return "RETURN" }
func (gotoSignal) Error() string     { return "GOTO" }

// errAborted ends the batch after its error was reported.
var errAborted = errors.New("tsql: batch aborted")

// Batch runs a SQL batch (backend.Session).
func (s *session) Batch(ctx context.Context, sql string, out backend.Results) error {
	s.pendingBulk = nil
	stmts, err := s.e.parseBatch(sql, s.opts.quotedIdent)
	if err != nil {
		return reportParseError(err, out, s.e.serverName)
	}
	f := newFrame(nil)
	x := newExecCtx(ctx, s, out, f)
	err = x.execList(stmts)
	x.dropTableVars()
	return x.finishRequest(err)
}

func reportParseError(err error, out backend.Results, server string) error {
	se, ok := asSQLError(err)
	if !ok {
		return err
	}
	se.msg.Server = server
	if se.msg.Line == 0 {
		se.msg.Line = 1
	}
	if err := out.Message(&se.msg); err != nil {
		return err
	}
	return nil
}

// finishRequest turns what is left of an error at the top of a request
// into the session's answer, and rolls back an uncommittable transaction.
func (x *execCtx) finishRequest(err error) error {
	var ret returnSignal
	switch {
	case err == nil, errors.Is(err, errAborted), errors.As(err, &ret):
	case errors.As(err, new(breakSignal)), errors.As(err, new(continueSignal)):
	default:
		if x.ctx.Err() != nil {
			return x.ctx.Err()
		}
		if se, ok := asSQLError(err); ok {
			return x.out.Message(&se.msg)
		}
		return err
	}
	if x.s.tx.doomed {
		old := x.s.tx.desc
		x.s.rollbackAll(x.ctx)
		x.out.Message(&newErr(3998, 16, 1, "Uncommittable transaction is detected at the end of the batch. The transaction is rolled back.").msg)
		return x.out.EnvChange(backend.EnvChange{Kind: backend.EnvRollbackTx, OldTx: old})
	}
	return x.ctx.Err()
}

// execList runs statements in order.
func (x *execCtx) execList(list []stmt) error {
	for i := 0; i < len(list); i++ {
		err := x.exec1(list[i])
		var g gotoSignal
		if errors.As(err, &g) {
			if j := findLabel(list, g.label); j >= 0 {
				i = j
				continue
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func findLabel(list []stmt, label string) int {
	for i, st := range list {
		if l, ok := st.(*labelStmt); ok && strings.EqualFold(l.Label, label) {
			return i
		}
	}
	return -1
}

// exec1 runs one statement and applies SQL Server's error rules: the
// error is caught by an enclosing TRY, or reported; then the statement,
// the batch or (XACT_ABORT, deadlock) the transaction is abandoned.
func (x *execCtx) exec1(st stmt) error {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	x.now = time.Now()
	err := x.implicitBegin(st)
	if err == nil {
		err = x.dispatch(st)
	}
	if err == nil {
		return nil
	}
	var ce *constraintError
	if errors.As(err, &ce) {
		err = newErr(8624, 16, 1, "Internal Query Processor Error: %s", ce.msg)
	}
	se, ok := asSQLError(err)
	if !ok {
		return err
	}
	x.placeError(se, st)
	rollback := x.abortRules(se)
	if x.catchable(se) {
		if rollback && (se.rollback || !x.s.opts.xactAbort) {
			x.rollbackForError()
		} else if rollback {
			x.s.tx.doomed = true
		}
		return se
	}
	if err := x.report(se); err != nil {
		return err
	}
	if rollback {
		x.rollbackForError()
	}
	if se.level == abortStatement {
		return nil
	}
	return errAborted
}

func (x *execCtx) placeError(se *sqlError, st stmt) {
	if !se.lineSet {
		se.msg.Line = int32(st.stmtLine() + x.frame.lineBase)
		se.lineSet = true
	}
	if se.msg.Procedure == "" {
		se.msg.Procedure = x.frame.procName
	}
	if se.msg.Server == "" {
		se.msg.Server = x.s.e.serverName
	}
	x.s.lastError = se.msg.Number
}

// abortRules escalates errors under SET XACT_ABORT ON and reports whether
// the error ends the open transaction (XACT_ABORT, deadlock victim).
func (x *execCtx) abortRules(se *sqlError) bool {
	s := x.s
	xactAbort := s.opts.xactAbort && se.msg.Class > 10 && se.msg.Number != 50000 && !se.compile
	if xactAbort {
		se.level = abortBatch
	}
	return (se.rollback || xactAbort) && s.tx.count > 0
}

// rollbackForError rolls the transaction back after an error that ends it.
func (x *execCtx) rollbackForError() {
	if x.s.tx.count == 0 {
		return
	}
	old := x.s.tx.desc
	x.s.rollbackAll(context.Background())
	x.out.EnvChange(backend.EnvChange{Kind: backend.EnvRollbackTx, OldTx: old})
}

// catchable reports whether an enclosing TRY block takes the error.
func (x *execCtx) catchable(se *sqlError) bool {
	if x.tryDepth == 0 || se.msg.Class <= 10 || se.msg.Class >= 20 {
		return false
	}
	if se.compile && x.frame.tryDepth == x.tryDepth {
		return false
	}
	return true
}

func (x *execCtx) report(se *sqlError) error {
	if err := x.out.Message(&se.msg); err != nil {
		return err
	}
	if se.level == abortStatement {
		return x.out.Done(0, false, true)
	}
	return nil
}

// info sends an informational message (PRINT, RAISERROR severity <= 10).
func (x *execCtx) info(number int32, class, state uint8, text string, line int) error {
	return x.out.Message(&backend.Message{Number: number, Class: class, State: state, Text: text,
		Server: x.s.e.serverName, Procedure: x.frame.procName, Line: int32(line + x.frame.lineBase)})
}

// done reports the end of a statement with its row count.
func (x *execCtx) done(count int64, hasCount bool) error {
	x.s.rowcount = count
	x.s.lastError = 0
	return x.out.Done(count, hasCount && !x.s.opts.nocount, false)
}

func (x *execCtx) dispatch(st stmt) error {
	switch n := st.(type) {
	case *selectStmt:
		return x.execSelect(n)
	case *insertStmt:
		return x.execInsert(n)
	case *updateStmt:
		return x.execUpdate(n)
	case *deleteStmt:
		return x.execDelete(n)
	case *declareStmt:
		return x.execDeclare(n)
	case *setVarStmt:
		return x.execSetVar(n)
	case *setOptionStmt:
		return x.execSetOption(n)
	case *ifStmt:
		return x.execIf(n)
	case *whileStmt:
		return x.execWhile(n)
	case *blockStmt:
		return x.execList(n.Body)
	case *tryStmt:
		return x.execTry(n)
	case *printStmt:
		return x.execPrint(n)
	case *raiserrorStmt:
		return x.execRaiserror(n)
	case *throwStmt:
		return x.execThrow(n)
	case *waitforStmt:
		return x.execWaitfor(n)
	case *returnStmt:
		return x.execReturn(n)
	case *breakStmt:
		return breakSignal{}
	case *continueStmt:
		return continueSignal{}
	case *gotoStmt:
		return gotoSignal{n.Label}
	case *labelStmt, *emptyStmt:
		return nil
	case *tranStmt:
		return x.execTran(n)
	case *useStmt:
		return x.execUse(n)
	case *execStmt:
		return x.execExec(n)
	}
	return x.dispatchDDL(st)
}

func (x *execCtx) dispatchDDL(st stmt) error {
	switch n := st.(type) {
	case *createTableStmt:
		return x.execCreateTable(n)
	case *dropStmt:
		return x.execDrop(n)
	case *alterTableStmt:
		return x.execAlterTable(n)
	case *createIndexStmt:
		return x.execCreateIndex(n)
	case *createViewStmt:
		return x.execCreateView(n)
	case *createProcStmt:
		return x.execCreateProc(n)
	case *createSchemaStmt:
		return x.execCreateSchema(n)
	case *truncateStmt:
		return x.execTruncate(n)
	case *insertBulkStmt:
		return x.execInsertBulk(n)
	case *dbccStmt:
		return x.execDBCC(n)
	}
	return errNotSupported("statement")
}

// dropTableVars drops the frame's table variables.
func (x *execCtx) dropTableVars() {
	for _, t := range x.frame.tableVars {
		x.s.c.exec(context.Background(), "DROP TABLE IF EXISTS "+t.sqlName())
		x.s.e.idents.drop(identKey{scope: x.s.tempScope(), objectID: t.id})
	}
	x.frame.tableVars = nil
}

// evalScalar evaluates an expression with no FROM clause to a stored value.
func (x *execCtx) evalScalar(e expr, to *sqltype.Type) (any, sqltype.Type, error) {
	c := newCompiler(x)
	ce, err := c.expr(newScope(nil), e)
	if err != nil {
		return nil, sqltype.Type{}, err
	}
	if ce.boolean {
		return nil, sqltype.Type{}, errNonBoolean("SELECT")
	}
	t := ce.t.Type
	if to != nil {
		if ce, err = c.assignConvert(ce, *to); err != nil {
			return nil, t, err
		}
		t = *to
	}
	if ce.lit {
		return ce.val, t, nil
	}
	v, err := x.s.c.queryValue(x.ctx, "SELECT "+ce.sql, c.args...)
	return v, t, err
}

// evalBool evaluates a condition (IF, WHILE).
func (x *execCtx) evalBool(e expr) (bool, error) {
	c := newCompiler(x)
	ce, err := c.expr(newScope(nil), e)
	if err != nil {
		return false, err
	}
	if !ce.boolean {
		return false, errNonBoolean("IF")
	}
	v, err := x.s.c.queryValue(x.ctx, "SELECT CASE WHEN "+ce.sql+" THEN 1 ELSE 0 END", c.args...)
	if err != nil {
		return false, err
	}
	return i64(v) == 1, nil
}
