package tsql

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func (x *execCtx) execDeclare(n *declareStmt) error {
	for _, d := range n.Vars {
		if d.Table != nil {
			if err := x.declareTable(d); err != nil {
				return err
			}
			continue
		}
		t, err := resolveType(d.Type)
		if err != nil {
			return err
		}
		v := &variable{name: d.Name, t: t}
		if d.Init != nil {
			val, _, err := x.evalScalar(d.Init, &t)
			if err != nil {
				return err
			}
			v.val = val
		}
		if err := x.frame.declare(v); err != nil {
			return err
		}
	}
	return nil
}

// declareTable creates a table variable as a TEMP table of its own.
func (x *execCtx) declareTable(d varDecl) error {
	if x.frame.lookup(d.Name) != nil {
		return errVarRedeclared(d.Name)
	}
	x.s.tempSeq++
	ct := *d.Table
	ct.Name = objName{Name: "@" + strings.TrimPrefix(d.Name, "@") + "~" + itoa(int64(x.s.tempSeq))}
	t, err := x.createTable(&ct, true)
	if err != nil {
		return err
	}
	t.name = d.Name
	x.frame.tableVars = append(x.frame.tableVars, t)
	return x.frame.declare(&variable{name: d.Name, table: t})
}

func (x *execCtx) execSetVar(n *setVarStmt) error {
	v := x.frame.lookup(n.Name)
	if v == nil || v.table != nil {
		return errMustDeclare(n.Name)
	}
	val, _, err := x.evalScalar(compoundValue(n.Name, n.Op, n.X), &v.t)
	if err != nil {
		return err
	}
	v.val = val
	return nil
}

func (x *execCtx) execIf(n *ifStmt) error {
	ok, err := x.evalBool(n.Cond)
	if err != nil {
		return err
	}
	if ok {
		return x.exec1(n.Then)
	}
	if n.Else != nil {
		return x.exec1(n.Else)
	}
	return nil
}

func (x *execCtx) execWhile(n *whileStmt) error {
	for {
		ok, err := x.evalBool(n.Cond)
		if err != nil || !ok {
			return err
		}
		err = x.exec1(n.Body)
		switch {
		case errors.As(err, new(breakSignal)):
			return nil
		case errors.As(err, new(continueSignal)):
		case err != nil:
			return err
		}
	}
}

func (x *execCtx) execTry(n *tryStmt) error {
	x.tryDepth++
	x.frame.tryDepth++
	err := x.execList(n.Try)
	x.tryDepth--
	x.frame.tryDepth--
	se, ok := asSQLError(err)
	if !ok {
		return err
	}
	x.frame.caughtErrs = append(x.frame.caughtErrs, se)
	err = x.execList(n.Catch)
	x.frame.caughtErrs = x.frame.caughtErrs[:len(x.frame.caughtErrs)-1]
	return err
}

func (x *execCtx) execPrint(n *printStmt) error {
	v, t, err := x.evalScalar(n.X, nil)
	if err != nil {
		return err
	}
	text, err := printText(v, t)
	if err != nil {
		return err
	}
	return x.info(0, 0, 1, text, n.line)
}

func printText(v any, t sqltype.Type) (string, error) {
	if v == nil {
		return "", nil
	}
	if !isStringKind(t.Kind) && !isBinaryKind(t.Kind) && t.Kind != sqltype.Xml {
		if isDateTimeKind(t.Kind) || isNumericKind(t.Kind) || t.Kind == sqltype.UniqueIdentifier {
			return textOf(v, t, 0)
		}
		return "", newErr(8114, 16, 5, "Error converting data type %s to varchar.", t.Kind).batch()
	}
	return textOf(v, t, 0)
}

func (x *execCtx) execRaiserror(n *raiserrorStmt) error {
	msg, mt, err := x.evalScalar(n.Msg, nil)
	if err != nil {
		return err
	}
	sev, err := x.evalInt(n.Severity)
	if err != nil {
		return err
	}
	state, err := x.evalInt(n.State)
	if err != nil {
		return err
	}
	args := make([]any, len(n.Args))
	for i, a := range n.Args {
		v, _, err := x.evalScalar(a, nil)
		if err != nil {
			return err
		}
		args[i] = v
	}
	number, text := int32(50000), ""
	if isIntKind(mt.Kind) {
		number = int32(i64(msg))
		text = fmt.Sprintf("Error %d, severity %d, state %d was raised, but no message with that error number was found in sys.messages. If error is larger than 50000, make sure the user-defined message is added using sp_addmessage.", number, sev, state)
	} else {
		s, _ := textOf(msg, mt, 0)
		var err error
		if text, err = formatRaiserror(s, args); err != nil {
			return err
		}
	}
	if state < 0 {
		state = 1
	}
	for _, w := range n.With {
		if w == "SETERROR" {
			x.s.lastError = number
		}
	}
	if sev <= 10 {
		return x.info(number, uint8(sev), uint8(state), text, n.line)
	}
	if sev > 18 && !containsString(n.With, "LOG") {
		return newErr(2754, 16, 1, "Error severity levels greater than 18 can only be specified by members of the sysadmin role, using the WITH LOG option.")
	}
	e := newErr(number, uint8(min(sev, 25)), uint8(state), "%s", text)
	return e
}

func (x *execCtx) evalInt(e expr) (int64, error) {
	v, t, err := x.evalScalar(e, nil)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	cv, err := convertValue(v, t, typBigInt, 0)
	if err != nil {
		return 0, err
	}
	return i64(cv), nil
}

// formatRaiserror substitutes printf-style arguments as RAISERROR does
// (%d %i %u %s %x %X %o %c %%, with flags, width and precision).
func formatRaiserror(f string, args []any) (string, error) {
	var sb strings.Builder
	ai := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			sb.WriteByte(f[i])
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("-+ #0123456789.*", f[j]) >= 0 {
			j++
		}
		if j < len(f) && (f[j] == 'l' || f[j] == 'h' || f[j] == 'I') {
			j++
			for j < len(f) && isDigit(f[j]) {
				j++
			}
		}
		if j >= len(f) {
			sb.WriteString(f[i:])
			break
		}
		spec, verb := f[i+1:j], f[j]
		i = j
		if verb == '%' {
			sb.WriteByte('%')
			continue
		}
		if strings.IndexByte("disuxXoc", verb) < 0 {
			return "", newErr(2787, 16, 1, "Invalid format specification: '%%%s%c'.", spec, verb)
		}
		if ai >= len(args) {
			sb.WriteString("(null)")
			continue
		}
		sb.WriteString(formatArg(spec, verb, args[ai]))
		ai++
	}
	return sb.String(), nil
}

func formatArg(spec string, verb byte, arg any) string {
	spec = strings.TrimRight(strings.TrimLeft(spec, "lhI"), "lhI")
	spec = strings.Map(func(r rune) rune {
		if r == 'l' || r == 'h' || r == 'I' {
			return -1
		}
		return r
	}, spec)
	if arg == nil {
		return "(null)"
	}
	switch verb {
	case 'd', 'i', 'u':
		return fmt.Sprintf("%"+spec+"d", i64(arg))
	case 'x', 'X', 'o':
		return fmt.Sprintf("%"+spec+string(verb), i64(arg))
	case 'c':
		return fmt.Sprintf("%c", rune(i64(arg)))
	}
	s := str(arg)
	if b, ok := arg.([]byte); ok {
		s = string(b)
	}
	return fmt.Sprintf("%"+spec+"s", s)
}

func (x *execCtx) execThrow(n *throwStmt) error {
	if n.Number == nil {
		e := x.frame.caught()
		if e == nil {
			return errRethrowOutsideCatch()
		}
		re := *e
		re.level = abortBatch
		return &re
	}
	num, err := x.evalInt(n.Number)
	if err != nil {
		return err
	}
	msg, mt, err := x.evalScalar(n.Msg, nil)
	if err != nil {
		return err
	}
	state, err := x.evalInt(n.State)
	if err != nil {
		return err
	}
	if num < 50000 || num > 2147483647 {
		return errThrowNumber(num)
	}
	text, _ := textOf(msg, mt, 0)
	return newErr(int32(num), 16, uint8(state), "%s", text).batch()
}

func (x *execCtx) execWaitfor(n *waitforStmt) error {
	v, t, err := x.evalScalar(n.Delay, nil)
	if err != nil {
		return err
	}
	s, _ := textOf(v, t, 0)
	d, err := parseDelay(s)
	if err != nil {
		return err
	}
	if n.Time {
		now := time.Now()
		target := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()).Add(d)
		if target.Before(now) {
			target = target.Add(24 * time.Hour)
		}
		d = target.Sub(now)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-x.ctx.Done():
		return x.ctx.Err()
	}
}

// parseDelay reads 'hh:mm[:ss[.mmm]]'.
func parseDelay(s string) (time.Duration, error) {
	bad := newErr(148, 15, 1, "Incorrect time syntax in time string '%s' used with WAITFOR.", s)
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	var d time.Duration
	units := []time.Duration{time.Hour, time.Minute}
	for i := 0; i < 2; i++ {
		n, err := strconv.Atoi(parts[i])
		if err != nil || n < 0 {
			return 0, bad
		}
		d += time.Duration(n) * units[i]
	}
	if len(parts) == 3 {
		f, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || f < 0 {
			return 0, bad
		}
		d += time.Duration(f * float64(time.Second))
	}
	return d, nil
}

func (x *execCtx) execReturn(n *returnStmt) error {
	var status int64
	if n.X != nil {
		v, err := x.evalInt(n.X)
		if err != nil {
			return err
		}
		status = v
	}
	return returnSignal{int32(status)}
}

func (x *execCtx) execTran(n *tranStmt) error {
	name := ""
	if n.Name != nil {
		v, t, err := x.evalScalar(n.Name, nil)
		if err != nil {
			return err
		}
		name, _ = textOf(v, t, 0)
	}
	switch n.Kind {
	case "BEGIN":
		return x.beginTran(name)
	case "COMMIT":
		return x.commitTran()
	case "ROLLBACK":
		return x.rollbackTran(name)
	}
	if name == "" {
		return errSyntaxNear(n.line, "SAVE")
	}
	return x.saveTran(name)
}

func (x *execCtx) execUse(n *useStmt) error {
	db := x.s.e.database(n.DB)
	if db == nil {
		return errDatabaseNotFound(n.DB)
	}
	if db == x.s.db {
		return nil
	}
	old := x.s.db.Name
	x.s.db = db
	if err := x.out.EnvChange(backend.EnvChange{Kind: backend.EnvDatabase, New: db.Name, Old: old}); err != nil {
		return err
	}
	return x.info(5701, 0, 1, fmt.Sprintf("Changed database context to '%s'.", db.Name), n.line)
}
