package tsql

import (
	"strings"
)

// statements parses statements until the end of the batch (top) or until
// a token that cannot start a statement (END, ELSE inside blocks).
func (p *parser) statements(top bool) ([]stmt, error) {
	var out []stmt
	for {
		for p.acceptOp(";") {
		}
		t := p.peek()
		if t.Kind == tEOF {
			return out, nil
		}
		if !top && (t.is("END") || t.is("ELSE")) {
			return out, nil
		}
		if top && len(out) == 0 && t.Kind == tIdent && !isReserved(t) && !isStatementWord(t) {
			s, err := p.implicitExec()
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			continue
		}
		s, err := p.statement()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
}

func isStatementWord(t token) bool {
	switch strings.ToUpper(t.Text) {
	case "THROW", "WITH", "MERGE":
		return true
	}
	return false
}

// implicitExec parses a batch that starts with a procedure name (EXEC implied).
func (p *parser) implicitExec() (stmt, error) {
	line := p.peek().Line
	return p.execBody(line)
}

// statement parses one statement.
func (p *parser) statement() (stmt, error) {
	t := p.peek()
	line := t.Line
	if t.Kind == tOp && t.Text == "(" {
		return p.selectStatement(line)
	}
	if t.Kind != tIdent {
		return nil, p.unexpected()
	}
	if p.peekN(1).isOp(":") && !isReserved(t) {
		p.pos += 2
		return &labelStmt{at{line}, t.Text}, nil
	}
	if f, ok := statementParsers[strings.ToUpper(t.Text)]; ok {
		return f(p, line)
	}
	switch strings.ToUpper(t.Text) {
	case "MERGE", "GRANT", "REVOKE", "DENY", "OPEN", "FETCH", "CLOSE", "DEALLOCATE", "BACKUP", "RESTORE", "BULK":
		return nil, errNotSupported(strings.ToUpper(t.Text))
	}
	return nil, p.unexpected()
}

// statementParsers parse a statement from its first keyword (still next).
var statementParsers = map[string]func(p *parser, line int) (stmt, error){}

func init() {
	for kw, f := range map[string]func(p *parser, line int) (stmt, error){
		"WITH": (*parser).withStatement, "SELECT": (*parser).selectStatement, "INSERT": (*parser).insertStatement,
		"UPDATE": (*parser).updateStatement, "DELETE": (*parser).deleteStatement, "CREATE": (*parser).createStatement,
		"ALTER": (*parser).alterStatement, "DROP": (*parser).dropStatement, "TRUNCATE": (*parser).truncateStatement,
		"DECLARE": (*parser).declareStatement, "SET": (*parser).setStatement, "IF": (*parser).ifStatement,
		"WHILE": (*parser).whileStatement, "BEGIN": (*parser).beginStatement, "COMMIT": (*parser).tranStatement,
		"ROLLBACK": (*parser).tranStatement, "SAVE": (*parser).tranStatement, "RETURN": (*parser).returnStatement,
		"BREAK": (*parser).breakStatement, "CONTINUE": (*parser).continueStatement, "GOTO": (*parser).gotoStatement,
		"PRINT": (*parser).printStatement, "RAISERROR": (*parser).raiserrorStatement, "THROW": (*parser).throwStatement,
		"WAITFOR": (*parser).waitforStatement, "EXEC": (*parser).execStatement, "EXECUTE": (*parser).execStatement,
		"USE": (*parser).useStatement, "DBCC": (*parser).dbccStatement,
	} {
		statementParsers[kw] = f
	}
}

func (p *parser) truncateStatement(line int) (stmt, error) {
	p.pos++
	if err := p.expect("TABLE"); err != nil {
		return nil, err
	}
	n, err := p.objectName()
	return &truncateStmt{at{line}, n}, err
}

func (p *parser) whileStatement(line int) (stmt, error) {
	p.pos++
	cond, err := p.expr()
	if err != nil {
		return nil, err
	}
	body, err := p.statement()
	return &whileStmt{at{line}, cond, body}, err
}

func (p *parser) returnStatement(line int) (stmt, error) {
	p.pos++
	s := &returnStmt{at: at{line}}
	if p.startsExpr() {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		s.X = e
	}
	return s, nil
}

func (p *parser) breakStatement(line int) (stmt, error) {
	p.pos++
	return &breakStmt{at{line}}, nil
}

func (p *parser) continueStatement(line int) (stmt, error) {
	p.pos++
	return &continueStmt{at{line}}, nil
}

func (p *parser) gotoStatement(line int) (stmt, error) {
	p.pos++
	l, err := p.ident()
	return &gotoStmt{at{line}, l}, err
}

func (p *parser) printStatement(line int) (stmt, error) {
	p.pos++
	e, err := p.expr()
	return &printStmt{at{line}, e}, err
}

func (p *parser) waitforStatement(line int) (stmt, error) {
	p.pos++
	s := &waitforStmt{at: at{line}}
	if p.accept("TIME") {
		s.Time = true
	} else if err := p.expect("DELAY"); err != nil {
		return nil, err
	}
	e, err := p.expr()
	s.Delay = e
	return s, err
}

func (p *parser) execStatement(line int) (stmt, error) {
	p.pos++
	return p.execBody(line)
}

func (p *parser) useStatement(line int) (stmt, error) {
	p.pos++
	db, err := p.anyIdent()
	return &useStmt{at{line}, db}, err
}

// startsExpr reports whether the next token can begin an expression of a
// RETURN statement (RETURN is often followed by the next statement).
func (p *parser) startsExpr() bool {
	t := p.peek()
	switch t.Kind {
	case tEOF:
		return false
	case tOp:
		return t.Text == "(" || t.Text == "-" || t.Text == "+" || t.Text == "~"
	case tIdent:
		if isReserved(t) {
			return t.is("NULL") || t.is("CASE") || t.is("CONVERT") || t.is("COALESCE") || t.is("NULLIF")
		}
		return !isStatementWord(t) && !p.peekN(1).isOp(":")
	}
	return true
}

func (p *parser) selectStatement(line int) (stmt, error) {
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	return &selectStmt{at{line}, q}, nil
}

// withStatement parses WITH ctes followed by SELECT, INSERT, UPDATE or
// DELETE.
func (p *parser) withStatement(line int) (stmt, error) {
	save := p.pos
	p.pos++
	ctes, err := p.ctes()
	if err != nil {
		return nil, err
	}
	switch t := p.peek(); {
	case t.is("INSERT"):
		st, err := p.insertStatement(line)
		if ins, ok := st.(*insertStmt); ok && ins.Query != nil {
			ins.Query.With = append(ctes, ins.Query.With...)
		}
		return st, err
	case t.is("UPDATE"):
		st, err := p.updateStatement(line)
		if u, ok := st.(*updateStmt); ok {
			u.With = ctes
		}
		return st, err
	case t.is("DELETE"):
		st, err := p.deleteStatement(line)
		if d, ok := st.(*deleteStmt); ok {
			d.With = ctes
		}
		return st, err
	}
	p.pos = save
	return p.selectStatement(line)
}

func (p *parser) ifStatement(line int) (stmt, error) {
	p.pos++
	cond, err := p.expr()
	if err != nil {
		return nil, err
	}
	then, err := p.statement()
	if err != nil {
		return nil, err
	}
	s := &ifStmt{at: at{line}, Cond: cond, Then: then}
	for p.peek().isOp(";") && p.peekN(1).is("ELSE") {
		p.pos++
	}
	if p.accept("ELSE") {
		s.Else, err = p.statement()
	}
	return s, err
}

func (p *parser) beginStatement(line int) (stmt, error) {
	switch {
	case p.peekN(1).is("TRAN") || p.peekN(1).is("TRANSACTION"):
		return p.tranStatement(line)
	case p.peekN(1).is("DISTRIBUTED"):
		p.pos++
		return p.tranStatement(line)
	case p.peekN(1).is("TRY"):
		return p.tryStatement(line)
	}
	p.pos++
	body, err := p.statements(false)
	if err != nil {
		return nil, err
	}
	if err := p.expect("END"); err != nil {
		return nil, err
	}
	return &blockStmt{at{line}, body}, nil
}

func (p *parser) tryStatement(line int) (stmt, error) {
	p.pos += 2
	try, err := p.statements(false)
	if err != nil {
		return nil, err
	}
	if err := p.expectWords("END", "TRY", "BEGIN", "CATCH"); err != nil {
		return nil, err
	}
	catch, err := p.statements(false)
	if err != nil {
		return nil, err
	}
	if err := p.expectWords("END", "CATCH"); err != nil {
		return nil, err
	}
	return &tryStmt{at{line}, try, catch}, nil
}

func (p *parser) expectWords(words ...string) error {
	for _, w := range words {
		for p.acceptOp(";") {
		}
		if err := p.expect(w); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) tranStatement(line int) (stmt, error) {
	kw := strings.ToUpper(p.next().Text)
	s := &tranStmt{at: at{line}, Kind: kw}
	if p.accept("WORK") {
		s.Work = true
		return s, nil
	}
	hasTranWord := p.accept("TRAN") || p.accept("TRANSACTION")
	if kw == "BEGIN" && !hasTranWord {
		return nil, p.unexpected()
	}
	t := p.peek()
	if t.Kind == tVar || t.Kind == tQIdent || (t.Kind == tIdent && !isReserved(t) && !isStatementWord(t)) {
		if t.Kind == tVar {
			s.Name = &varRef{t.Text}
		} else {
			s.Name = &literal{Kind: litString, Text: t.Text}
		}
		p.pos++
	}
	if kw == "BEGIN" && p.accept("WITH") {
		if err := p.expect("MARK"); err != nil {
			return nil, err
		}
		if p.peek().Kind == tString || p.peek().Kind == tNString {
			p.pos++
		}
	}
	if kw == "COMMIT" && p.accept("WITH") {
		if err := p.skipParens(); err != nil {
			return nil, err
		}
	}
	return s, nil
}
