package tsql

import (
	"strconv"
	"strings"
)

// execSetOption runs SET <option> ...: the options with an effect here are
// applied, the others are accepted as SQL Server accepts them.
func (x *execCtx) execSetOption(n *setOptionStmt) error {
	o := &x.s.opts
	if n.Options[0] == "IDENTITY_INSERT" {
		return x.setIdentityInsert(n)
	}
	if n.Options[0] == "TRANSACTION ISOLATION LEVEL" {
		return setIsolationName(o, n.Value)
	}
	for _, name := range n.Options {
		if err := x.setOne(o, name, n.Value); err != nil {
			return err
		}
	}
	return nil
}

var onOffOptions = map[string]bool{
	"NOCOUNT": true, "IMPLICIT_TRANSACTIONS": true, "XACT_ABORT": true, "FMTONLY": true, "QUOTED_IDENTIFIER": true,
	"ANSI_NULLS": true, "ANSI_WARNINGS": true, "ANSI_PADDING": true, "ARITHABORT": true,
	"CONCAT_NULL_YIELDS_NULL": true, "ANSI_NULL_DFLT_ON": true, "ANSI_NULL_DFLT_OFF": true, "ANSI_DEFAULTS": true,
	"CURSOR_CLOSE_ON_COMMIT": true, "NUMERIC_ROUNDABORT": true, "ARITHIGNORE": true, "NOEXEC": true,
	"PARSEONLY": true, "SHOWPLAN_ALL": true, "SHOWPLAN_TEXT": true, "SHOWPLAN_XML": true,
	"STATISTICS": true, "FORCEPLAN": true, "REMOTE_PROC_TRANSACTIONS": true, "XML": true,
	"NO_BROWSETABLE": true,
}

func (x *execCtx) setOne(o *options, name, value string) error {
	if onOffOptions[name] {
		if value != "ON" && value != "OFF" {
			return errSyntaxNear(0, value)
		}
		return applyOnOff(o, name, value == "ON")
	}
	switch name {
	case "LOCK_TIMEOUT":
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return errSyntaxNear(0, value)
		}
		o.lockTimeout = n
	case "TEXTSIZE":
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return errSyntaxNear(0, value)
		}
		if n == 0 {
			n = 4096
		}
		o.textSize = n
	case "ROWCOUNT":
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return errSyntaxNear(0, value)
		}
		o.rowcountLimit = n
	case "DATEFORMAT":
		o.dateFormat = strings.ToLower(value)
	case "LANGUAGE":
		o.language = strings.ToLower(value)
		if o.language == "english" {
			o.language = "us_english"
		}
	case "DATEFIRST", "DEADLOCK_PRIORITY", "QUERY_GOVERNOR_COST_LIMIT", "CONTEXT_INFO":
	default:
		return newErr(195, 15, 10, "'%s' is not a recognized SET option.", strings.ToLower(name)).compiled()
	}
	return nil
}

func applyOnOff(o *options, name string, on bool) error {
	switch name {
	case "NOCOUNT":
		o.nocount = on
	case "IMPLICIT_TRANSACTIONS":
		o.implicitTx = on
	case "XACT_ABORT":
		o.xactAbort = on
	case "FMTONLY":
		o.fmtOnly = on
	case "QUOTED_IDENTIFIER":
		o.quotedIdent = on
	case "ANSI_NULLS":
		o.ansiNulls = on
	case "ANSI_WARNINGS":
		o.ansiWarnings = on
	case "ANSI_PADDING":
		o.ansiPadding = on
	case "ARITHABORT":
		o.arithAbort = on
	case "CONCAT_NULL_YIELDS_NULL":
		o.concatNull = on
	case "ANSI_NULL_DFLT_ON":
		o.ansiNullDflt = on
	case "ANSI_NULL_DFLT_OFF":
		o.ansiNullDflt = !on
	case "ANSI_DEFAULTS":
		o.ansiNulls, o.ansiWarnings, o.ansiPadding, o.quotedIdent, o.ansiNullDflt = on, on, on, on, on
		o.implicitTx = on
	}
	return nil
}

func setIsolationName(o *options, v string) error {
	switch v {
	case "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE", "SNAPSHOT":
		o.isolation = v
		return nil
	}
	return errSyntaxNear(0, v)
}

// setIdentityInsert runs SET IDENTITY_INSERT t ON|OFF; one table per
// session may have it on.
func (x *execCtx) setIdentityInsert(n *setOptionStmt) error {
	t, err := x.lookupTable(n.Table)
	if err != nil {
		return err
	}
	if t == nil {
		return errInvalidObject(n.Table.String())
	}
	if t.identityColumn() == nil {
		return errNoIdentityColumn(t.twoPartName())
	}
	cur := x.s.identityInsert
	switch n.Value {
	case "ON":
		if cur != nil && !sameTable(cur, t) {
			return errIdentityInsertOtherTable(cur.fullName(), t.twoPartName())
		}
		x.s.identityInsert = t
	case "OFF":
		if cur != nil && sameTable(cur, t) {
			x.s.identityInsert = nil
		}
	default:
		return errSyntaxNear(n.line, n.Value)
	}
	return nil
}

func sameTable(a, b *tableDef) bool { return a.alias == b.alias && a.id == b.id }
