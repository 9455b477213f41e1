package tsql

import (
	"strings"
)

// expr parses an expression (including predicates).
func (p *parser) expr() (expr, error) { return p.orExpr() }

func (p *parser) orExpr() (expr, error) {
	l, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for p.accept("OR") {
		r, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		l = &binaryExpr{"OR", l, r}
	}
	return l, nil
}

func (p *parser) andExpr() (expr, error) {
	l, err := p.notExpr()
	if err != nil {
		return nil, err
	}
	for p.accept("AND") {
		r, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		l = &binaryExpr{"AND", l, r}
	}
	return l, nil
}

func (p *parser) notExpr() (expr, error) {
	if p.accept("NOT") {
		x, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		return &unaryExpr{"NOT", x}, nil
	}
	return p.predicate()
}

var compareOps = map[string]string{"=": "=", "<>": "<>", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "!<": ">=", "!>": "<="}

// predicate parses comparisons, IS NULL, IN, BETWEEN, LIKE and EXISTS.
func (p *parser) predicate() (expr, error) {
	if p.peek().is("EXISTS") {
		p.pos++
		q, err := p.parenQuery()
		if err != nil {
			return nil, err
		}
		return &existsExpr{q}, nil
	}
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.Kind == tOp {
		if op, ok := compareOps[t.Text]; ok {
			p.pos++
			if p.peek().is("ALL") || p.peek().is("ANY") || p.peek().is("SOME") {
				return nil, errNotSupported(strings.ToUpper(p.peek().Text) + " subquery")
			}
			r, err := p.additive()
			if err != nil {
				return nil, err
			}
			return &binaryExpr{op, l, r}, nil
		}
		return l, nil
	}
	not := false
	if t.is("NOT") && (p.peekN(1).is("IN") || p.peekN(1).is("BETWEEN") || p.peekN(1).is("LIKE")) {
		p.pos++
		not = true
	}
	switch {
	case p.accept("IS"):
		n := p.accept("NOT")
		if err := p.expect("NULL"); err != nil {
			return nil, err
		}
		return &isNullExpr{l, n}, nil
	case p.accept("IN"):
		return p.inRest(l, not)
	case p.accept("BETWEEN"):
		lo, err := p.additive()
		if err != nil {
			return nil, err
		}
		if err := p.expect("AND"); err != nil {
			return nil, err
		}
		hi, err := p.additive()
		return &betweenExpr{l, lo, hi, not}, err
	case p.accept("LIKE"):
		pat, err := p.additive()
		if err != nil {
			return nil, err
		}
		le := &likeExpr{X: l, Pattern: pat, Not: not}
		if p.accept("ESCAPE") {
			le.Escape, err = p.additive()
		}
		return le, err
	}
	return l, nil
}

func (p *parser) inRest(l expr, not bool) (expr, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	if p.peek().is("SELECT") || p.peek().is("WITH") {
		q, err := p.query()
		if err != nil {
			return nil, err
		}
		return &inExpr{X: l, Q: q, Not: not}, p.expectOp(")")
	}
	list, err := p.exprList()
	if err != nil {
		return nil, err
	}
	return &inExpr{X: l, List: list, Not: not}, p.expectOp(")")
}

func (p *parser) additive() (expr, error) {
	l, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.Kind != tOp || (t.Text != "+" && t.Text != "-" && t.Text != "&" && t.Text != "|" && t.Text != "^") {
			return l, nil
		}
		p.pos++
		r, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		l = &binaryExpr{t.Text, l, r}
	}
}

func (p *parser) multiplicative() (expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.Kind != tOp || (t.Text != "*" && t.Text != "/" && t.Text != "%") {
			return l, nil
		}
		p.pos++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &binaryExpr{t.Text, l, r}
	}
}

func (p *parser) unary() (expr, error) {
	t := p.peek()
	if t.Kind == tOp && (t.Text == "-" || t.Text == "+" || t.Text == "~") {
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if lit, ok := x.(*literal); ok && t.Text == "-" && isNumericLit(lit.Kind) && !strings.HasPrefix(lit.Text, "-") {
			return &literal{lit.Kind, "-" + lit.Text}, nil
		}
		if t.Text == "+" {
			return x, nil
		}
		return &unaryExpr{t.Text, x}, nil
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for p.peek().is("COLLATE") {
		p.pos++
		c, err := p.anyIdent()
		if err != nil {
			return nil, err
		}
		x = &collateExpr{x, c}
	}
	return x, nil
}

func isNumericLit(k litKind) bool {
	return k == litInt || k == litDecimal || k == litFloat || k == litMoney
}

var litKinds = map[tokKind]litKind{tInt: litInt, tDecimal: litDecimal, tFloat: litFloat, tMoney: litMoney,
	tString: litString, tNString: litNString, tBinary: litBinary}

func (p *parser) primary() (expr, error) {
	t := p.peek()
	if k, ok := litKinds[t.Kind]; ok {
		p.pos++
		return &literal{k, t.Text}, nil
	}
	switch t.Kind {
	case tVar:
		p.pos++
		return &varRef{t.Text}, nil
	case tOp:
		if t.Text == "(" {
			return p.parenExpr()
		}
		return nil, p.unexpected()
	case tQIdent:
		return p.nameExpr()
	case tEOF:
		return nil, p.unexpected()
	}
	switch strings.ToUpper(t.Text) {
	case "NULL":
		p.pos++
		return &literal{Kind: litNull}, nil
	case "DEFAULT":
		p.pos++
		return &defaultExpr{}, nil
	case "CASE":
		return p.caseExpr()
	case "CAST", "TRY_CAST":
		if p.peekN(1).isOp("(") {
			return p.castExpr()
		}
	case "CONVERT", "TRY_CONVERT":
		return p.convertExpr()
	case "CURRENT_TIMESTAMP":
		p.pos++
		return &funcCall{Name: "GETDATE"}, nil
	case "CURRENT_USER", "SESSION_USER", "USER":
		if !p.peekN(1).isOp("(") {
			p.pos++
			return &funcCall{Name: "USER_NAME"}, nil
		}
	case "SYSTEM_USER":
		p.pos++
		return &funcCall{Name: "SUSER_SNAME"}, nil
	case "NEXT":
		if p.peekN(1).is("VALUE") {
			return nil, errNotSupported("NEXT VALUE FOR")
		}
	}
	if isReserved(t) && !p.peekN(1).isOp("(") {
		return nil, p.unexpected()
	}
	return p.nameExpr()
}

func (p *parser) parenExpr() (expr, error) {
	if p.peekN(1).is("SELECT") || p.peekN(1).is("WITH") {
		q, err := p.parenQuery()
		if err != nil {
			return nil, err
		}
		return &subqueryExpr{q}, nil
	}
	p.pos++
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return e, p.expectOp(")")
}

// parenQuery parses "( query )".
func (p *parser) parenQuery() (*queryExpr, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	return q, p.expectOp(")")
}

// nameExpr parses a column reference or a function call.
func (p *parser) nameExpr() (expr, error) {
	parts, err := p.nameParts()
	if err != nil {
		return nil, err
	}
	if p.peek().isOp("(") {
		fc := &funcCall{Name: strings.ToUpper(parts[len(parts)-1])}
		if len(parts) > 1 {
			fc.Schema = parts[len(parts)-2]
		}
		return p.funcArgs(fc)
	}
	return &columnRef{parts}, nil
}

var datePartFuncs = map[string]bool{"DATEADD": true, "DATEDIFF": true, "DATEDIFF_BIG": true, "DATEPART": true,
	"DATENAME": true, "DATETRUNC": true, "DATE_BUCKET": true}

func (p *parser) funcArgs(fc *funcCall) (expr, error) {
	p.pos++ // (
	if datePartFuncs[fc.Name] {
		dp, err := p.anyIdent()
		if err != nil {
			return nil, err
		}
		fc.DatePart = strings.ToLower(dp)
		if !p.peek().isOp(")") {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
	}
	switch {
	case p.peek().isOp("*"):
		p.pos++
		fc.Star = true
	case p.peek().isOp(")"):
	default:
		if p.accept("DISTINCT") {
			fc.Distinct = true
		} else {
			p.accept("ALL")
		}
		args, err := p.exprList()
		if err != nil {
			return nil, err
		}
		fc.Args = args
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if p.peek().is("WITHIN") {
		p.pos++
		if err := p.expect("GROUP"); err != nil {
			return nil, err
		}
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		if err := p.expectWords("ORDER", "BY"); err != nil {
			return nil, err
		}
		items, err := p.orderItems()
		if err != nil {
			return nil, err
		}
		fc.Over = &overClause{Order: items, Frame: "WITHIN GROUP"}
		return fc, p.expectOp(")")
	}
	if p.accept("OVER") {
		o, err := p.overClause()
		fc.Over = o
		return fc, err
	}
	return fc, nil
}

func (p *parser) overClause() (*overClause, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	o := &overClause{}
	if p.accept("PARTITION") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		list, err := p.exprList()
		if err != nil {
			return nil, err
		}
		o.Partition = list
	}
	if p.accept("ORDER") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		items, err := p.orderItems()
		if err != nil {
			return nil, err
		}
		o.Order = items
	}
	if p.peek().is("ROWS") || p.peek().is("RANGE") {
		start := p.pos
		for !p.peek().isOp(")") && p.peek().Kind != tEOF {
			p.pos++
		}
		o.Frame = p.textFrom(start)
	}
	return o, p.expectOp(")")
}

func (p *parser) orderItems() ([]orderItem, error) {
	var items []orderItem
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		it := orderItem{X: e}
		if p.accept("DESC") {
			it.Desc = true
		} else {
			p.accept("ASC")
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			return items, nil
		}
	}
}

func (p *parser) caseExpr() (expr, error) {
	p.pos++
	c := &caseExpr{}
	if !p.peek().is("WHEN") {
		op, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.Operand = op
	}
	for p.accept("WHEN") {
		cond, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect("THEN"); err != nil {
			return nil, err
		}
		then, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, caseWhen{cond, then})
	}
	if len(c.Whens) == 0 {
		return nil, p.unexpected()
	}
	if p.accept("ELSE") {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		c.Else = e
	}
	return c, p.expect("END")
}

func (p *parser) castExpr() (expr, error) {
	try := p.next().is("TRY_CAST")
	p.pos++
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect("AS"); err != nil {
		return nil, err
	}
	tn, err := p.typeName()
	if err != nil {
		return nil, err
	}
	return &castExpr{X: x, Type: tn, Try: try}, p.expectOp(")")
}

func (p *parser) convertExpr() (expr, error) {
	try := p.next().is("TRY_CONVERT")
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	tn, err := p.typeName()
	if err != nil {
		return nil, err
	}
	if err := p.expectOp(","); err != nil {
		return nil, err
	}
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	c := &castExpr{X: x, Type: tn, Try: try, Conv: true}
	if p.acceptOp(",") {
		c.Style, err = p.expr()
		if err != nil {
			return nil, err
		}
	}
	return c, p.expectOp(")")
}
