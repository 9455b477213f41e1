package tsql

import "strings"

func (p *parser) createStatement(line int) (stmt, error) {
	start := p.pos
	p.pos++
	orAlter := false
	if p.peek().is("OR") {
		p.pos++
		if err := p.expect("ALTER"); err != nil {
			return nil, err
		}
		orAlter = true
	}
	switch t := p.peek(); {
	case t.is("TABLE"):
		p.pos++
		return p.createTable(line)
	case t.is("VIEW"):
		return p.createView(line, start, orAlter)
	case t.is("PROC") || t.is("PROCEDURE"):
		return p.createProc(line, start, orAlter, false)
	case t.is("SCHEMA"):
		p.pos++
		n, err := p.ident()
		if err != nil {
			return nil, err
		}
		if p.accept("AUTHORIZATION") {
			if _, err := p.anyIdent(); err != nil {
				return nil, err
			}
		}
		return &createSchemaStmt{at{line}, n}, nil
	case t.is("UNIQUE") || t.is("INDEX") || t.is("CLUSTERED") || t.is("NONCLUSTERED"):
		return p.createIndex(line)
	case t.is("FUNCTION") || t.is("TRIGGER") || t.is("TYPE") || t.is("SEQUENCE") || t.is("SYNONYM") ||
		t.is("DATABASE") || t.is("LOGIN") || t.is("USER") || t.is("ROLE"):
		return nil, errNotSupported("CREATE " + strings.ToUpper(t.Text))
	}
	return nil, p.unexpected()
}

func (p *parser) alterStatement(line int) (stmt, error) {
	start := p.pos
	p.pos++
	switch t := p.peek(); {
	case t.is("TABLE"):
		p.pos++
		return p.alterTable(line)
	case t.is("PROC") || t.is("PROCEDURE"):
		return p.createProc(line, start, false, true)
	case t.is("VIEW"):
		s, err := p.createView(line, start, true)
		return s, err
	}
	return nil, p.unexpected()
}

func (p *parser) createTable(line int) (stmt, error) {
	n, err := p.objectName()
	if err != nil {
		return nil, err
	}
	s := &createTableStmt{at: at{line}, Name: n}
	if err := p.tableElements(s); err != nil {
		return nil, err
	}
	// storage clauses: ON [PRIMARY], TEXTIMAGE_ON x, WITH (...)
	for {
		switch {
		case p.accept("ON") || p.accept("TEXTIMAGE_ON"):
			if _, err := p.anyIdent(); err != nil {
				return nil, err
			}
		case p.peek().is("WITH") && p.peekN(1).isOp("("):
			p.pos++
			if err := p.skipParens(); err != nil {
				return nil, err
			}
		default:
			return s, nil
		}
	}
}

// tableElements parses "(column or constraint, ...)".
func (p *parser) tableElements(s *createTableStmt) error {
	if err := p.expectOp("("); err != nil {
		return err
	}
	for {
		if p.isConstraintStart() {
			c, err := p.tableConstraint()
			if err != nil {
				return err
			}
			s.Constraints = append(s.Constraints, c)
		} else if p.peek().is("INDEX") {
			if err := p.skipInlineIndex(); err != nil {
				return err
			}
		} else {
			c, err := p.columnDef()
			if err != nil {
				return err
			}
			s.Columns = append(s.Columns, c)
		}
		if !p.acceptOp(",") {
			break
		}
		if p.peek().isOp(")") { // trailing comma is accepted by SQL Server
			break
		}
	}
	return p.expectOp(")")
}

func (p *parser) skipInlineIndex() error {
	for !p.peek().isOp(",") && !p.peek().isOp(")") {
		if p.peek().isOp("(") {
			if err := p.skipParens(); err != nil {
				return err
			}
			continue
		}
		if p.next().Kind == tEOF {
			return p.unexpected()
		}
	}
	return nil
}

func (p *parser) isConstraintStart() bool {
	t := p.peek()
	return t.is("CONSTRAINT") || t.is("PRIMARY") || t.is("UNIQUE") || t.is("FOREIGN") || t.is("CHECK")
}

func (p *parser) columnDef() (columnDef, error) {
	name, err := p.anyIdent()
	if err != nil {
		return columnDef{}, err
	}
	c := columnDef{Name: name}
	if p.accept("AS") {
		start := p.pos
		c.Computed, err = p.expr()
		c.ComputedSrc = p.textFrom(start)
		p.accept("PERSISTED")
		if nn := p.nullability(); nn != nil {
			c.Nullable = nn
		}
		return c, err
	}
	if c.Type, err = p.typeName(); err != nil {
		return c, err
	}
	for {
		done, err := p.columnOption(&c)
		if err != nil || done {
			return c, err
		}
	}
}

// columnOption parses one option of a column definition; done is true when
// none follows.
func (p *parser) columnOption(c *columnDef) (bool, error) {
	t := p.peek()
	switch {
	case t.is("NULL") || (t.is("NOT") && p.peekN(1).is("NULL")):
		c.Nullable = p.nullability()
	case t.is("IDENTITY"):
		p.pos++
		c.Identity, c.Seed, c.Inc = true, "1", "1"
		if p.acceptOp("(") {
			var err error
			if c.Seed, err = p.numberText(); err != nil {
				return false, err
			}
			if err := p.expectOp(","); err != nil {
				return false, err
			}
			if c.Inc, err = p.numberText(); err != nil {
				return false, err
			}
			if err := p.expectOp(")"); err != nil {
				return false, err
			}
		}
	case t.is("COLLATE"):
		p.pos++
		coll, err := p.anyIdent()
		c.Collation = coll
		return false, err
	case t.is("ROWGUIDCOL"):
		p.pos++
		c.RowGUIDCol = true
	case t.is("SPARSE") || t.is("FILESTREAM") || t.is("PERSISTED"):
		p.pos++
	case t.is("CONSTRAINT") || t.is("PRIMARY") || t.is("UNIQUE") || t.is("CHECK") || t.is("DEFAULT") ||
		t.is("REFERENCES") || t.is("FOREIGN"):
		return false, p.columnConstraint(c)
	default:
		return true, nil
	}
	return false, nil
}

func (p *parser) columnConstraint(c *columnDef) error {
	name := ""
	if p.accept("CONSTRAINT") {
		n, err := p.anyIdent()
		if err != nil {
			return err
		}
		name = n
	}
	if p.peek().is("DEFAULT") {
		p.pos++
		start := p.pos
		e, err := p.defaultValue()
		if err != nil {
			return err
		}
		c.Default, c.DefaultSrc, c.DefaultName = e, p.textFrom(start), name
		p.accept("WITH")
		p.accept("VALUES")
		return nil
	}
	if p.peek().is("NULL") || p.peek().is("NOT") {
		c.Nullable = p.nullability()
		return nil
	}
	k, err := p.constraintBody(name, true)
	if err != nil {
		return err
	}
	if len(k.Columns) == 0 {
		k.Columns = []string{c.Name}
	}
	c.Constraints = append(c.Constraints, k)
	return nil
}

// defaultValue parses a DEFAULT expression: a constant, a function call or
// a parenthesised expression.
func (p *parser) defaultValue() (expr, error) { return p.unary() }

func (p *parser) tableConstraint() (constraintDef, error) {
	name := ""
	if p.accept("CONSTRAINT") {
		n, err := p.anyIdent()
		if err != nil {
			return constraintDef{}, err
		}
		name = n
	}
	if p.accept("DEFAULT") {
		start := p.pos
		e, err := p.defaultValue()
		if err != nil {
			return constraintDef{}, err
		}
		c := constraintDef{Name: name, Kind: "DEFAULT", Check: e, CheckSrc: p.textFrom(start)}
		if err := p.expect("FOR"); err != nil {
			return c, err
		}
		c.DefaultFor, err = p.anyIdent()
		return c, err
	}
	return p.constraintBody(name, false)
}

// constraintBody parses PRIMARY KEY / UNIQUE / FOREIGN KEY / REFERENCES / CHECK.
func (p *parser) constraintBody(name string, column bool) (constraintDef, error) {
	c := constraintDef{Name: name}
	var err error
	switch t := p.next(); {
	case t.is("PRIMARY") || t.is("UNIQUE"):
		c.Kind = "UNIQUE"
		if t.is("PRIMARY") {
			c.Kind = "PRIMARY KEY"
			if err := p.expect("KEY"); err != nil {
				return c, err
			}
		}
		if p.accept("CLUSTERED") {
			v := true
			c.Clustered = &v
		} else if p.accept("NONCLUSTERED") {
			v := false
			c.Clustered = &v
		}
		if p.peek().isOp("(") {
			c.Columns, c.Desc, err = p.parenIdentList(true)
		} else if !column {
			return c, p.unexpected()
		}
		if err == nil && p.peek().is("WITH") && p.peekN(1).isOp("(") {
			p.pos++
			err = p.skipParens()
		}
		if err == nil && p.accept("ON") {
			_, err = p.anyIdent()
		}
	case t.is("FOREIGN"):
		if err := p.expect("KEY"); err != nil {
			return c, err
		}
		if p.peek().isOp("(") {
			if c.Columns, _, err = p.parenIdentList(false); err != nil {
				return c, err
			}
		}
		if err := p.expect("REFERENCES"); err != nil {
			return c, err
		}
		err = p.references(&c)
	case t.is("REFERENCES"):
		err = p.references(&c)
	case t.is("CHECK"):
		c.Kind = "CHECK"
		p.accept("NOT")
		p.accept("FOR")
		p.accept("REPLICATION")
		if err := p.expectOp("("); err != nil {
			return c, err
		}
		start := p.pos
		if c.Check, err = p.expr(); err != nil {
			return c, err
		}
		c.CheckSrc = "(" + p.textFrom(start) + ")"
		err = p.expectOp(")")
	default:
		p.pos--
		return c, p.unexpected()
	}
	return c, err
}

func (p *parser) references(c *constraintDef) error {
	c.Kind = "FOREIGN KEY"
	n, err := p.objectName()
	if err != nil {
		return err
	}
	c.RefTable = n
	if p.peek().isOp("(") {
		if c.RefCols, _, err = p.parenIdentList(false); err != nil {
			return err
		}
	}
	for p.peek().is("ON") && (p.peekN(1).is("DELETE") || p.peekN(1).is("UPDATE")) {
		p.pos++
		which := strings.ToUpper(p.next().Text)
		var action string
		switch {
		case p.accept("CASCADE"):
			action = "CASCADE"
		case p.peek().is("NO") && p.peekN(1).is("ACTION"):
			p.pos += 2
			action = "NO ACTION"
		case p.peek().is("SET") && (p.peekN(1).is("NULL") || p.peekN(1).is("DEFAULT")):
			action = "SET " + strings.ToUpper(p.peekN(1).Text)
			p.pos += 2
		default:
			return p.unexpected()
		}
		if which == "DELETE" {
			c.OnDelete = action
		} else {
			c.OnUpdate = action
		}
	}
	p.accept("NOT")
	p.accept("FOR")
	p.accept("REPLICATION")
	return nil
}

func (p *parser) createView(line, start int, orAlter bool) (stmt, error) {
	p.pos++ // VIEW
	n, err := p.objectName()
	if err != nil {
		return nil, err
	}
	s := &createViewStmt{at: at{line}, Name: n, OrAlter: orAlter}
	if p.peek().isOp("(") {
		if s.Columns, _, err = p.parenIdentList(false); err != nil {
			return nil, err
		}
	}
	if p.accept("WITH") {
		for p.peek().Kind == tIdent && !p.peek().is("AS") || p.peek().isOp(",") {
			p.pos++
		}
	}
	if err := p.expect("AS"); err != nil {
		return nil, err
	}
	if s.Q, err = p.query(); err != nil {
		return nil, err
	}
	if p.peek().is("WITH") && p.peekN(1).is("CHECK") {
		p.pos += 3
	}
	s.Text = p.textFrom(start)
	return s, nil
}

func (p *parser) createProc(line, start int, orAlter, alter bool) (stmt, error) {
	p.pos++ // PROC
	n, err := p.objectName()
	if err != nil {
		return nil, err
	}
	s := &createProcStmt{at: at{line}, Name: n, OrAlter: orAlter, Alter: alter}
	if p.acceptOp(";") {
		p.intLit() // numbered procedures: ignore the number
	}
	paren := p.acceptOp("(")
	for p.peek().Kind == tVar {
		prm, err := p.procParam()
		if err != nil {
			return nil, err
		}
		s.Params = append(s.Params, prm)
		if !p.acceptOp(",") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.accept("WITH") {
		for p.peek().Kind == tIdent && !p.peek().is("AS") || p.peek().isOp(",") {
			p.pos++
		}
	}
	if p.accept("FOR") {
		p.accept("REPLICATION")
	}
	if err := p.expect("AS"); err != nil {
		return nil, err
	}
	if s.Body, err = p.statements(true); err != nil {
		return nil, err
	}
	s.Text = p.src[p.toks[start].Pos:]
	return s, nil
}

func (p *parser) procParam() (procParam, error) {
	prm := procParam{Name: p.next().Text}
	p.accept("AS")
	tn, err := p.typeName()
	if err != nil {
		return prm, err
	}
	prm.Type = tn
	p.accept("VARYING")
	if p.acceptOp("=") {
		if prm.Default, err = p.execArgValue(); err != nil {
			return prm, err
		}
	}
	for {
		switch {
		case p.accept("OUTPUT") || p.accept("OUT"):
			prm.Output = true
		case p.accept("READONLY"):
			prm.ReadOnly = true
		default:
			return prm, nil
		}
	}
}
