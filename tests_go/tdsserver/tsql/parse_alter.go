package tsql

// Parsing of CREATE INDEX, ALTER TABLE and DROP.

import "strings"

func (p *parser) createIndex(line int) (stmt, error) {
	s := &createIndexStmt{at: at{line}}
	s.Unique = p.accept("UNIQUE")
	if !p.accept("CLUSTERED") {
		p.accept("NONCLUSTERED")
	}
	if err := p.expect("INDEX"); err != nil {
		return nil, err
	}
	var err error
	if s.Name, err = p.anyIdent(); err != nil {
		return nil, err
	}
	if err := p.expect("ON"); err != nil {
		return nil, err
	}
	if s.Table, err = p.objectName(); err != nil {
		return nil, err
	}
	if s.Columns, s.Desc, err = p.parenIdentList(true); err != nil {
		return nil, err
	}
	if p.accept("INCLUDE") {
		if s.Include, _, err = p.parenIdentList(false); err != nil {
			return nil, err
		}
	}
	if p.accept("WHERE") {
		return nil, errNotSupported("filtered index")
	}
	if p.peek().is("WITH") && p.peekN(1).isOp("(") {
		p.pos++
		if err := p.skipParens(); err != nil {
			return nil, err
		}
	}
	if p.accept("ON") {
		_, err = p.anyIdent()
	}
	return s, err
}

func (p *parser) alterTable(line int) (stmt, error) {
	n, err := p.objectName()
	if err != nil {
		return nil, err
	}
	s := &alterTableStmt{at: at{line}, Name: n}
	if p.accept("WITH") {
		if !p.accept("CHECK") && !p.accept("NOCHECK") {
			return nil, p.unexpected()
		}
	}
	switch {
	case p.accept("ADD"):
		return s, p.alterAdd(s)
	case p.accept("DROP"):
		return s, p.alterDrop(s)
	case p.peek().is("ALTER") && p.peekN(1).is("COLUMN"):
		p.pos += 2
		c, err := p.columnDef()
		s.AlterColumn = &c
		return s, err
	case p.accept("NOCHECK") || p.accept("CHECK"):
		if err := p.expect("CONSTRAINT"); err != nil {
			return nil, err
		}
		for p.peek().Kind == tIdent || p.peek().Kind == tQIdent || p.peek().isOp(",") {
			p.pos++
		}
		return s, nil
	}
	return nil, p.unexpected()
}

func (p *parser) alterAdd(s *alterTableStmt) error {
	for {
		if p.isConstraintStart() {
			c, err := p.tableConstraint()
			if err != nil {
				return err
			}
			s.AddConstraints = append(s.AddConstraints, c)
		} else {
			c, err := p.columnDef()
			if err != nil {
				return err
			}
			s.AddColumns = append(s.AddColumns, c)
		}
		if !p.acceptOp(",") {
			return nil
		}
	}
}

func (p *parser) alterDrop(s *alterTableStmt) error {
	for {
		kind := "CONSTRAINT"
		if p.accept("COLUMN") {
			kind = "COLUMN"
		} else {
			p.accept("CONSTRAINT")
		}
		if p.peek().is("IF") && p.peekN(1).is("EXISTS") {
			p.pos += 2
			s.IfExists = true
		}
		n, err := p.anyIdent()
		if err != nil {
			return err
		}
		if kind == "COLUMN" {
			s.DropColumns = append(s.DropColumns, n)
		} else {
			s.DropConstraints = append(s.DropConstraints, n)
		}
		if !p.acceptOp(",") {
			return nil
		}
	}
}

func (p *parser) dropStatement(line int) (stmt, error) {
	p.pos++
	kw := strings.ToUpper(p.next().Text)
	switch kw {
	case "PROC":
		kw = "PROCEDURE"
	case "TABLE", "VIEW", "PROCEDURE", "INDEX", "SCHEMA", "FUNCTION", "TRIGGER", "TYPE", "SEQUENCE", "SYNONYM":
	default:
		p.pos--
		return nil, p.unexpected()
	}
	s := &dropStmt{at: at{line}, Kind: kw}
	if p.peek().is("IF") && p.peekN(1).is("EXISTS") {
		p.pos += 2
		s.IfExists = true
	}
	for {
		n, err := p.objectName()
		if err != nil {
			return nil, err
		}
		s.Names = append(s.Names, n)
		if kw == "INDEX" && p.accept("ON") {
			t, err := p.objectName()
			if err != nil {
				return nil, err
			}
			s.OnTable = append(s.OnTable, t)
		} else if kw == "INDEX" {
			s.OnTable = append(s.OnTable, objName{})
		}
		if !p.acceptOp(",") {
			return s, nil
		}
	}
}
