package tsql

// Parsing of DECLARE, SET, EXEC, RAISERROR, THROW and DBCC.

import (
	"strings"
)

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
