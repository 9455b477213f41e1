package tsql

import "strings"

func (p *parser) insertStatement(line int) (stmt, error) {
	p.pos++
	if p.peek().is("BULK") {
		return p.insertBulk(line)
	}
	s := &insertStmt{at: at{line}}
	if p.peek().is("TOP") {
		top, err := p.topClause()
		if err != nil {
			return nil, err
		}
		s.Top = top
	}
	p.accept("INTO")
	target, err := p.dmlTarget()
	if err != nil {
		return nil, err
	}
	s.Target = target
	if err := p.tableHints(); err != nil {
		return nil, err
	}
	if p.peek().isOp("(") && !p.peekN(1).is("SELECT") && !p.peekN(1).is("WITH") {
		cols, _, err := p.parenIdentList(false)
		if err != nil {
			return nil, err
		}
		s.Columns = cols
	}
	if s.Output, err = p.outputClause(); err != nil {
		return nil, err
	}
	return s, p.insertSource(s)
}

func (p *parser) insertSource(s *insertStmt) error {
	var err error
	switch t := p.peek(); {
	case t.is("VALUES"):
		p.pos++
		s.Values, err = p.valuesRows()
	case t.is("DEFAULT"):
		p.pos++
		s.DefaultValues = true
		err = p.expect("VALUES")
	case t.is("EXEC") || t.is("EXECUTE"):
		p.pos++
		var e stmt
		e, err = p.execBody(t.Line)
		if err == nil {
			s.Exec = e.(*execStmt)
		}
	case t.is("SELECT") || t.is("WITH") || t.isOp("("):
		s.Query, err = p.query()
	default:
		err = p.unexpected()
	}
	return err
}

// dmlTarget reads a table name or a table variable.
func (p *parser) dmlTarget() (objName, error) {
	if t := p.peek(); t.Kind == tVar {
		p.pos++
		return objName{Name: t.Text}, nil
	}
	return p.objectName()
}

func (p *parser) outputClause() (*outputClause, error) {
	if !p.accept("OUTPUT") {
		return nil, nil
	}
	items, err := p.selectItems()
	if err != nil {
		return nil, err
	}
	o := &outputClause{Items: items}
	if p.accept("INTO") {
		n, err := p.dmlTarget()
		if err != nil {
			return nil, err
		}
		o.Into = &n
		if p.peek().isOp("(") {
			if o.IntoCols, _, err = p.parenIdentList(false); err != nil {
				return nil, err
			}
		}
		if p.peek().is("OUTPUT") {
			return nil, errNotSupported("OUTPUT INTO followed by OUTPUT")
		}
	}
	return o, nil
}

func (p *parser) updateStatement(line int) (stmt, error) {
	p.pos++
	s := &updateStmt{at: at{line}}
	if p.peek().is("TOP") {
		top, err := p.topClause()
		if err != nil {
			return nil, err
		}
		s.Top = top
	}
	target, err := p.dmlTarget()
	if err != nil {
		return nil, err
	}
	s.Target = target
	if err := p.tableHints(); err != nil {
		return nil, err
	}
	if err := p.expect("SET"); err != nil {
		return nil, err
	}
	if s.Sets, err = p.setClauses(); err != nil {
		return nil, err
	}
	if s.Output, err = p.outputClause(); err != nil {
		return nil, err
	}
	if p.accept("FROM") {
		if s.From, err = p.tableRefs(); err != nil {
			return nil, err
		}
	}
	if p.accept("WHERE") {
		if p.peek().is("CURRENT") {
			return nil, errNotSupported("WHERE CURRENT OF")
		}
		s.Where, err = p.expr()
	}
	if err == nil && p.peek().is("OPTION") {
		p.pos++
		err = p.skipParens()
	}
	return s, err
}

func (p *parser) setClauses() ([]setClause, error) {
	var out []setClause
	for {
		var c setClause
		if t := p.peek(); t.Kind == tVar {
			p.pos++
			c.Var = t.Text
			op := p.next()
			if !assignOps[op.Text] {
				p.pos--
				return nil, p.unexpected()
			}
			c.Op = op.Text
			if p.isIdentNext() && p.peekN(1).isOp("=") {
				c.Column = []string{p.next().Text}
				p.pos++
			}
		} else {
			parts, err := p.nameParts()
			if err != nil {
				return nil, err
			}
			c.Column = parts
			op := p.next()
			if op.Kind != tOp || !assignOps[op.Text] {
				p.pos--
				return nil, p.unexpected()
			}
			c.Op = op.Text
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.X = e
		out = append(out, c)
		if !p.acceptOp(",") {
			return out, nil
		}
	}
}

func (p *parser) deleteStatement(line int) (stmt, error) {
	p.pos++
	s := &deleteStmt{at: at{line}}
	if p.peek().is("TOP") {
		top, err := p.topClause()
		if err != nil {
			return nil, err
		}
		s.Top = top
	}
	p.accept("FROM")
	target, err := p.dmlTarget()
	if err != nil {
		return nil, err
	}
	s.Target = target
	if err := p.tableHints(); err != nil {
		return nil, err
	}
	if s.Output, err = p.outputClause(); err != nil {
		return nil, err
	}
	if p.accept("FROM") {
		if s.From, err = p.tableRefs(); err != nil {
			return nil, err
		}
	}
	if p.accept("WHERE") {
		if p.peek().is("CURRENT") {
			return nil, errNotSupported("WHERE CURRENT OF")
		}
		s.Where, err = p.expr()
	}
	if err == nil && p.peek().is("OPTION") {
		p.pos++
		err = p.skipParens()
	}
	return s, err
}

// insertBulk parses INSERT BULK t (col type [COLLATE c] [NULL], ...) [WITH (...)].
func (p *parser) insertBulk(line int) (stmt, error) {
	p.pos++
	n, err := p.objectName()
	if err != nil {
		return nil, err
	}
	s := &insertBulkStmt{at: at{line}, Table: n}
	if p.acceptOp("(") {
		for {
			var c bulkColumn
			if c.Name, err = p.anyIdent(); err != nil {
				return nil, err
			}
			if c.Type, err = p.typeName(); err != nil {
				return nil, err
			}
			if p.accept("COLLATE") {
				if c.Collation, err = p.anyIdent(); err != nil {
					return nil, err
				}
			}
			if nn := p.nullability(); nn != nil {
				c.Nullable = nn
			}
			s.Columns = append(s.Columns, c)
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.accept("WITH") {
		s.Options, err = p.bulkOptions()
	}
	return s, err
}

func (p *parser) bulkOptions() ([]string, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var opts []string
	for !p.peek().isOp(")") {
		w, err := p.anyIdent()
		if err != nil {
			return nil, err
		}
		opts = append(opts, strings.ToUpper(w))
		switch {
		case p.peek().isOp("("):
			if err := p.skipParens(); err != nil {
				return nil, err
			}
		case p.acceptOp("="):
			p.next()
		}
		if !p.acceptOp(",") {
			break
		}
	}
	return opts, p.expectOp(")")
}

// nullability reads NULL or NOT NULL if present.
func (p *parser) nullability() *bool {
	if p.accept("NULL") {
		v := true
		return &v
	}
	if p.peek().is("NOT") && p.peekN(1).is("NULL") {
		p.pos += 2
		v := false
		return &v
	}
	return nil
}
