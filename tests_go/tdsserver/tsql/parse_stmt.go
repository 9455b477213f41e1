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
	switch strings.ToUpper(t.Text) {
	case "WITH":
		return p.withStatement(line)
	case "SELECT":
		return p.selectStatement(line)
	case "INSERT":
		return p.insertStatement(line)
	case "UPDATE":
		return p.updateStatement(line)
	case "DELETE":
		return p.deleteStatement(line)
	case "CREATE":
		return p.createStatement(line)
	case "ALTER":
		return p.alterStatement(line)
	case "DROP":
		return p.dropStatement(line)
	case "TRUNCATE":
		p.pos++
		if err := p.expect("TABLE"); err != nil {
			return nil, err
		}
		n, err := p.objectName()
		return &truncateStmt{at{line}, n}, err
	case "DECLARE":
		return p.declareStatement(line)
	case "SET":
		return p.setStatement(line)
	case "IF":
		return p.ifStatement(line)
	case "WHILE":
		p.pos++
		cond, err := p.expr()
		if err != nil {
			return nil, err
		}
		body, err := p.statement()
		return &whileStmt{at{line}, cond, body}, err
	case "BEGIN":
		return p.beginStatement(line)
	case "COMMIT", "ROLLBACK", "SAVE":
		return p.tranStatement(line)
	case "RETURN":
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
	case "BREAK":
		p.pos++
		return &breakStmt{at{line}}, nil
	case "CONTINUE":
		p.pos++
		return &continueStmt{at{line}}, nil
	case "GOTO":
		p.pos++
		l, err := p.ident()
		return &gotoStmt{at{line}, l}, err
	case "PRINT":
		p.pos++
		e, err := p.expr()
		return &printStmt{at{line}, e}, err
	case "RAISERROR":
		return p.raiserrorStatement(line)
	case "THROW":
		return p.throwStatement(line)
	case "WAITFOR":
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
	case "EXEC", "EXECUTE":
		p.pos++
		return p.execBody(line)
	case "USE":
		p.pos++
		db, err := p.anyIdent()
		return &useStmt{at{line}, db}, err
	case "DBCC":
		return p.dbccStatement(line)
	}
	return nil, p.unexpected()
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

func (p *parser) raiserrorStatement(line int) (stmt, error) {
	p.pos++
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	args, err := p.exprList()
	if err != nil {
		return nil, err
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if len(args) < 3 {
		return nil, errSyntaxNear(line, ")")
	}
	s := &raiserrorStmt{at: at{line}, Msg: args[0], Severity: args[1], State: args[2], Args: args[3:]}
	if p.accept("WITH") {
		for {
			w, err := p.anyIdent()
			if err != nil {
				return nil, err
			}
			s.With = append(s.With, strings.ToUpper(w))
			if !p.acceptOp(",") {
				break
			}
		}
	}
	return s, nil
}

func (p *parser) throwStatement(line int) (stmt, error) {
	p.pos++
	s := &throwStmt{at: at{line}}
	if !p.startsExpr() {
		return s, nil
	}
	args, err := p.exprList()
	if err != nil {
		return nil, err
	}
	if len(args) != 3 {
		return nil, p.unexpected()
	}
	s.Number, s.Msg, s.State = args[0], args[1], args[2]
	return s, nil
}

func (p *parser) exprList() ([]expr, error) {
	var out []expr
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		if !p.acceptOp(",") {
			return out, nil
		}
	}
}

// execBody parses what follows EXEC: a procedure call or dynamic SQL.
func (p *parser) execBody(line int) (stmt, error) {
	s := &execStmt{at: at{line}}
	if p.peek().isOp("(") {
		p.pos++
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			s.SQL = append(s.SQL, e)
			if !p.acceptOp("+") {
				break
			}
		}
		return s, p.expectOp(")")
	}
	if p.peek().Kind == tVar && p.peekN(1).isOp("=") {
		s.ReturnVar = p.next().Text
		p.pos++
	}
	if p.peek().Kind == tVar {
		s.ProcVar = p.next().Text
	} else {
		n, err := p.objectName()
		if err != nil {
			return nil, err
		}
		s.Proc = n
	}
	if err := p.execArgs(s); err != nil {
		return nil, err
	}
	if p.accept("WITH") {
		for !p.peek().isOp(";") && p.peek().Kind != tEOF && !p.peek().is("RESULT") {
			p.pos++
		}
	}
	return s, nil
}

func (p *parser) execArgs(s *execStmt) error {
	t := p.peek()
	if t.Kind == tEOF || t.isOp(";") || (t.Kind == tIdent && (isReserved(t) || isStatementWord(t)) && !t.is("DEFAULT") && !t.is("NULL")) {
		return nil
	}
	for {
		var a execArg
		if p.peek().Kind == tVar && p.peekN(1).isOp("=") {
			a.Name = p.next().Text
			p.pos++
		}
		if p.accept("DEFAULT") {
			a.Default = true
		} else {
			e, err := p.execArgValue()
			if err != nil {
				return err
			}
			a.X = e
		}
		if p.accept("OUTPUT") || p.accept("OUT") {
			a.Output = true
		}
		s.Args = append(s.Args, a)
		if !p.acceptOp(",") {
			return nil
		}
	}
}

// execArgValue reads a procedure argument: a constant, a variable, or a
// bare word that SQL Server takes as a string.
func (p *parser) execArgValue() (expr, error) {
	t := p.peek()
	if t.Kind == tIdent && !isReserved(t) && !p.peekN(1).isOp("(") && !p.peekN(1).isOp(".") {
		p.pos++
		return &literal{Kind: litNString, Text: t.Text}, nil
	}
	if t.Kind == tQIdent {
		p.pos++
		return &literal{Kind: litNString, Text: t.Text}, nil
	}
	return p.expr()
}

func (p *parser) declareStatement(line int) (stmt, error) {
	p.pos++
	s := &declareStmt{at: at{line}}
	for {
		t := p.peek()
		if t.Kind != tVar {
			return nil, p.unexpected()
		}
		p.pos++
		d := varDecl{Name: t.Text}
		p.accept("AS")
		if p.peek().is("TABLE") {
			p.pos++
			ct := &createTableStmt{at: at{line}, Name: objName{Name: t.Text}}
			if err := p.tableElements(ct); err != nil {
				return nil, err
			}
			d.Table = ct
		} else if p.peek().is("CURSOR") {
			return nil, errNotSupported("CURSOR")
		} else {
			tn, err := p.typeName()
			if err != nil {
				return nil, err
			}
			d.Type = tn
			if p.acceptOp("=") {
				e, err := p.expr()
				if err != nil {
					return nil, err
				}
				d.Init = e
			}
		}
		s.Vars = append(s.Vars, d)
		if !p.acceptOp(",") {
			return s, nil
		}
	}
}

var assignOps = map[string]bool{"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true, "&=": true, "|=": true, "^=": true}

func (p *parser) setStatement(line int) (stmt, error) {
	p.pos++
	t := p.peek()
	if t.Kind == tVar {
		p.pos++
		op := p.next()
		if op.Kind != tOp || !assignOps[op.Text] {
			p.pos--
			return nil, p.unexpected()
		}
		e, err := p.expr()
		return &setVarStmt{at{line}, t.Text, op.Text, e}, err
	}
	s := &setOptionStmt{at: at{line}}
	first, err := p.anyIdent()
	if err != nil {
		return nil, err
	}
	first = strings.ToUpper(first)
	switch first {
	case "TRANSACTION":
		if err := p.expectWords("ISOLATION", "LEVEL"); err != nil {
			return nil, err
		}
		var words []string
		for p.peek().Kind == tIdent && !isStatementStart(p.peek()) {
			words = append(words, strings.ToUpper(p.next().Text))
		}
		s.Options, s.Value = []string{"TRANSACTION ISOLATION LEVEL"}, strings.Join(words, " ")
		return s, nil
	case "IDENTITY_INSERT":
		n, err := p.objectName()
		if err != nil {
			return nil, err
		}
		s.Options, s.Table = []string{first}, n
		v, err := p.anyIdent()
		s.Value = strings.ToUpper(v)
		return s, err
	}
	s.Options = []string{first}
	for p.acceptOp(",") {
		o, err := p.anyIdent()
		if err != nil {
			return nil, err
		}
		s.Options = append(s.Options, strings.ToUpper(o))
	}
	return s, p.setOptionValue(s)
}

func isStatementStart(t token) bool {
	switch strings.ToUpper(t.Text) {
	case "SELECT", "INSERT", "UPDATE", "DELETE", "SET", "IF", "BEGIN", "END", "DECLARE", "EXEC", "EXECUTE",
		"PRINT", "COMMIT", "ROLLBACK", "CREATE", "DROP", "WHILE", "RETURN", "ELSE", "SAVE":
		return true
	}
	return false
}

func (p *parser) setOptionValue(s *setOptionStmt) error {
	t := p.peek()
	switch {
	case t.Kind == tIdent || t.Kind == tQIdent:
		p.pos++
		s.Value = strings.ToUpper(t.Text)
	case t.Kind == tInt || t.isOp("-"):
		v, err := p.intLit()
		if err != nil {
			return err
		}
		s.Value = itoa(v)
	case t.Kind == tString || t.Kind == tNString || t.Kind == tVar:
		p.pos++
		s.Value = t.Text
	default:
		return p.unexpected()
	}
	return nil
}

func (p *parser) dbccStatement(line int) (stmt, error) {
	p.pos++
	cmd, err := p.anyIdent()
	if err != nil {
		return nil, err
	}
	s := &dbccStmt{at: at{line}, Command: strings.ToUpper(cmd)}
	if p.acceptOp("(") {
		for !p.peek().isOp(")") {
			t := p.peek()
			if t.Kind == tIdent && !p.peekN(1).isOp("(") {
				p.pos++
				s.Args = append(s.Args, &literal{Kind: litString, Text: strings.ToUpper(t.Text)})
			} else {
				e, err := p.expr()
				if err != nil {
					return nil, err
				}
				s.Args = append(s.Args, e)
			}
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.accept("WITH") {
		for p.peek().Kind == tIdent && !isStatementStart(p.peek()) || p.peek().isOp(",") {
			p.pos++
		}
	}
	return s, nil
}
