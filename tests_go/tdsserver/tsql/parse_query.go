package tsql

import "strings"

// query parses [WITH ...] set-expression [ORDER BY] [OFFSET/FETCH] [FOR] [OPTION].
func (p *parser) query() (*queryExpr, error) {
	q := &queryExpr{MaxRecursion: -1}
	if p.accept("WITH") {
		ctes, err := p.ctes()
		if err != nil {
			return nil, err
		}
		q.With = ctes
	}
	body, err := p.setExpr()
	if err != nil {
		return nil, err
	}
	q.Body = body
	if p.peek().is("ORDER") {
		p.pos++
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		if q.OrderBy, err = p.orderItems(); err != nil {
			return nil, err
		}
		if err := p.offsetFetch(q); err != nil {
			return nil, err
		}
	}
	if p.peek().is("FOR") && (p.peekN(1).is("XML") || p.peekN(1).is("JSON")) {
		return nil, errNotSupported("FOR " + strings.ToUpper(p.peekN(1).Text))
	}
	if p.peek().is("OPTION") {
		p.pos++
		if err := p.queryHints(q); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// queryHints reads OPTION (...): MAXRECURSION is kept, others are accepted.
func (p *parser) queryHints(q *queryExpr) error {
	if err := p.expectOp("("); err != nil {
		return err
	}
	depth := 1
	for depth > 0 {
		t := p.next()
		switch {
		case t.Kind == tEOF:
			return p.unexpected()
		case t.isOp("("):
			depth++
		case t.isOp(")"):
			depth--
		case t.is("MAXRECURSION") && depth == 1:
			n, err := p.intLit()
			if err != nil {
				return err
			}
			q.MaxRecursion = n
		}
	}
	return nil
}

func (p *parser) offsetFetch(q *queryExpr) error {
	if !p.accept("OFFSET") {
		return nil
	}
	off, err := p.additive()
	if err != nil {
		return err
	}
	q.Offset = off
	if !p.accept("ROWS") && !p.accept("ROW") {
		return p.unexpected()
	}
	if !p.accept("FETCH") {
		return nil
	}
	if !p.accept("NEXT") && !p.accept("FIRST") {
		return p.unexpected()
	}
	n, err := p.additive()
	if err != nil {
		return err
	}
	q.Fetch = n
	if !p.accept("ROWS") && !p.accept("ROW") {
		return p.unexpected()
	}
	return p.expect("ONLY")
}

func (p *parser) ctes() ([]cte, error) {
	var out []cte
	for {
		name, err := p.ident()
		if err != nil {
			return nil, err
		}
		c := cte{Name: name}
		if p.peek().isOp("(") {
			cols, _, err := p.parenIdentList(false)
			if err != nil {
				return nil, err
			}
			c.Columns = cols
		}
		if err := p.expect("AS"); err != nil {
			return nil, err
		}
		if c.Q, err = p.parenQuery(); err != nil {
			return nil, err
		}
		out = append(out, c)
		if !p.acceptOp(",") {
			return out, nil
		}
	}
}

// setExpr parses UNION / EXCEPT (left-assoc) over INTERSECT terms.
func (p *parser) setExpr() (setExpr, error) {
	l, err := p.intersectExpr()
	if err != nil {
		return nil, err
	}
	for p.peek().is("UNION") || p.peek().is("EXCEPT") {
		op := strings.ToUpper(p.next().Text)
		all := op == "UNION" && p.accept("ALL")
		r, err := p.intersectExpr()
		if err != nil {
			return nil, err
		}
		l = &setOp{op, all, l, r}
	}
	return l, nil
}

func (p *parser) intersectExpr() (setExpr, error) {
	l, err := p.setTerm()
	if err != nil {
		return nil, err
	}
	for p.accept("INTERSECT") {
		r, err := p.setTerm()
		if err != nil {
			return nil, err
		}
		l = &setOp{"INTERSECT", false, l, r}
	}
	return l, nil
}

func (p *parser) setTerm() (setExpr, error) {
	if p.peek().isOp("(") {
		return p.parenQuery()
	}
	return p.selectCore()
}

func (p *parser) selectCore() (*selectCore, error) {
	start := p.pos
	if err := p.expect("SELECT"); err != nil {
		return nil, err
	}
	s := &selectCore{srcStart: start}
	if p.accept("DISTINCT") {
		s.Distinct = true
	} else {
		p.accept("ALL")
	}
	if p.peek().is("TOP") {
		top, err := p.topClause()
		if err != nil {
			return nil, err
		}
		s.Top = top
	}
	items, err := p.selectItems()
	if err != nil {
		return nil, err
	}
	s.Items = items
	if p.accept("INTO") {
		n, err := p.objectName()
		if err != nil {
			return nil, err
		}
		s.Into = &n
	}
	return s, p.selectTail(s)
}

func (p *parser) selectTail(s *selectCore) error {
	var err error
	if p.accept("FROM") {
		if s.From, err = p.tableRefs(); err != nil {
			return err
		}
	}
	if p.accept("WHERE") {
		if s.Where, err = p.expr(); err != nil {
			return err
		}
	}
	if p.peek().is("GROUP") {
		p.pos++
		if err := p.expect("BY"); err != nil {
			return err
		}
		if s.GroupBy, err = p.exprList(); err != nil {
			return err
		}
	}
	if p.accept("HAVING") {
		if s.Having, err = p.expr(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) topClause() (*topClause, error) {
	p.pos++
	t := &topClause{}
	if p.peek().isOp("(") {
		p.pos++
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		t.N = e
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	} else {
		tk := p.next()
		if tk.Kind != tInt && tk.Kind != tVar {
			p.pos--
			return nil, p.unexpected()
		}
		if tk.Kind == tVar {
			t.N = &varRef{tk.Text}
		} else {
			t.N = &literal{Kind: litInt, Text: tk.Text}
		}
	}
	if p.accept("PERCENT") {
		t.Percent = true
	}
	if p.peek().is("WITH") && p.peekN(1).is("TIES") {
		p.pos += 2
		t.WithTies = true
	}
	return t, nil
}

func (p *parser) selectItems() ([]selectItem, error) {
	var items []selectItem
	for {
		it, err := p.selectItem()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			return items, nil
		}
	}
}

func (p *parser) selectItem() (selectItem, error) {
	t := p.peek()
	if t.isOp("*") {
		p.pos++
		return selectItem{Star: true}, nil
	}
	if t.Kind == tVar && p.peekN(1).Kind == tOp && assignOps[p.peekN(1).Text] {
		p.pos++
		op := p.next().Text
		e, err := p.expr()
		return selectItem{X: e, AssignVar: t.Text, AssignOp: op}, err
	}
	if q, ok := p.qualifiedStar(); ok {
		return selectItem{Star: true, StarQual: q}, nil
	}
	// alias = expr
	if (t.Kind == tIdent && !isReserved(t) || t.Kind == tQIdent || t.Kind == tString) && p.peekN(1).isOp("=") {
		p.pos += 2
		e, err := p.expr()
		return selectItem{X: e, Alias: t.Text}, err
	}
	e, err := p.expr()
	if err != nil {
		return selectItem{}, err
	}
	it := selectItem{X: e}
	it.Alias, err = p.optAlias()
	return it, err
}

// qualifiedStar recognises t.* and s.t.*.
func (p *parser) qualifiedStar() ([]string, bool) {
	i := p.pos
	var parts []string
	for {
		t := p.toks[i]
		if t.Kind != tIdent && t.Kind != tQIdent {
			return nil, false
		}
		if !p.toks[i+1].isOp(".") {
			return nil, false
		}
		parts = append(parts, t.Text)
		if p.toks[i+2].isOp("*") {
			p.pos = i + 3
			return parts, true
		}
		i += 2
	}
}

// optAlias reads [AS] alias where an alias may follow.
func (p *parser) optAlias() (string, error) {
	if p.accept("AS") {
		t := p.next()
		if t.Kind == tIdent || t.Kind == tQIdent || t.Kind == tString || t.Kind == tNString {
			return t.Text, nil
		}
		p.pos--
		return "", p.unexpected()
	}
	t := p.peek()
	if t.Kind == tQIdent || t.Kind == tString || (t.Kind == tIdent && !isReserved(t) && !isAliasStop(t)) {
		p.pos++
		return t.Text, nil
	}
	return "", nil
}

// isAliasStop lists non-reserved words that end an expression rather than
// name it.
func isAliasStop(t token) bool {
	switch strings.ToUpper(t.Text) {
	case "OUTPUT", "OFFSET", "FETCH", "ROWS", "THROW", "WINDOW", "CROSS", "OUTER", "APPLY", "INNER", "LEFT",
		"RIGHT", "FULL", "JOIN":
		return true
	}
	return false
}
