package tsql

// Parsing of FROM clauses: tables, joins, derived tables, VALUES, functions.

import "strings"

func (p *parser) tableRefs() ([]tableRef, error) {
	var refs []tableRef
	for {
		r, err := p.tableRef()
		if err != nil {
			return nil, err
		}
		refs = append(refs, r)
		if !p.acceptOp(",") {
			return refs, nil
		}
	}
}

func (p *parser) tableRef() (tableRef, error) {
	l, err := p.tablePrimary()
	if err != nil {
		return nil, err
	}
	for {
		kind, ok := p.joinKind()
		if !ok {
			return l, nil
		}
		r, err := p.tablePrimary()
		if err != nil {
			return nil, err
		}
		j := &joinExpr{Kind: kind, L: l, R: r}
		if kind != "CROSS" {
			if err := p.expect("ON"); err != nil {
				return nil, err
			}
			if j.On, err = p.expr(); err != nil {
				return nil, err
			}
		}
		l = j
	}
}

func (p *parser) joinKind() (string, bool) {
	t := p.peek()
	switch {
	case t.is("JOIN"):
		p.pos++
		return "INNER", true
	case t.is("INNER") && p.peekN(1).is("JOIN"):
		p.pos += 2
		return "INNER", true
	case t.is("CROSS") && p.peekN(1).is("JOIN"):
		p.pos += 2
		return "CROSS", true
	case t.is("LEFT") || t.is("RIGHT") || t.is("FULL"):
		n := 1
		if p.peekN(1).is("OUTER") {
			n = 2
		}
		if p.peekN(n).is("JOIN") {
			p.pos += n + 1
			return strings.ToUpper(t.Text), true
		}
	}
	return "", false
}

func (p *parser) tablePrimary() (tableRef, error) {
	t := p.peek()
	if t.is("CROSS") || t.is("OUTER") {
		return nil, errNotSupported("APPLY")
	}
	if t.isOp("(") {
		return p.parenTable()
	}
	if t.Kind == tVar {
		p.pos++
		nt := &namedTable{Name: objName{Name: t.Text}}
		alias, err := p.optAlias()
		nt.Alias = alias
		return nt, err
	}
	parts, err := p.nameParts()
	if err != nil {
		return nil, err
	}
	if p.peek().isOp("(") && len(parts) <= 2 {
		return p.funcTable(strings.ToUpper(parts[len(parts)-1]))
	}
	name, err := partsToName(parts, p)
	if err != nil {
		return nil, err
	}
	nt := &namedTable{Name: name}
	if nt.Alias, err = p.optAlias(); err != nil {
		return nil, err
	}
	return nt, p.tableHints()
}

// tableHints skips WITH (NOLOCK) and similar hints.
func (p *parser) tableHints() error {
	if p.peek().is("WITH") && p.peekN(1).isOp("(") {
		p.pos++
		return p.skipParens()
	}
	if p.peek().isOp("(") && p.peekN(1).Kind == tIdent && hintWords[strings.ToUpper(p.peekN(1).Text)] {
		return p.skipParens()
	}
	return nil
}

var hintWords = map[string]bool{"NOLOCK": true, "READUNCOMMITTED": true, "UPDLOCK": true, "HOLDLOCK": true,
	"ROWLOCK": true, "TABLOCK": true, "TABLOCKX": true, "READPAST": true, "XLOCK": true, "PAGLOCK": true,
	"SERIALIZABLE": true, "READCOMMITTED": true, "REPEATABLEREAD": true, "NOWAIT": true}

func (p *parser) parenTable() (tableRef, error) {
	if p.peekN(1).is("VALUES") {
		p.pos += 2
		rows, err := p.valuesRows()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		vt := &valuesTable{Rows: rows}
		vt.Alias, vt.Columns, err = p.aliasWithColumns()
		return vt, err
	}
	if p.peekN(1).is("SELECT") || p.peekN(1).is("WITH") || p.peekN(1).isOp("(") {
		save := p.pos
		q, err := p.parenQuery()
		if err == nil {
			dt := &derivedTable{Q: q}
			dt.Alias, dt.Columns, err = p.aliasWithColumns()
			return dt, err
		}
		if !p.peekN(1).isOp("(") {
			return nil, err
		}
		p.pos = save
	}
	p.pos++
	r, err := p.tableRef()
	if err != nil {
		return nil, err
	}
	return r, p.expectOp(")")
}

func (p *parser) aliasWithColumns() (string, []string, error) {
	alias, err := p.optAlias()
	if err != nil || alias == "" {
		if err == nil {
			err = p.unexpected()
		}
		return "", nil, err
	}
	if !p.peek().isOp("(") {
		return alias, nil, nil
	}
	cols, _, err := p.parenIdentList(false)
	return alias, cols, err
}

func (p *parser) funcTable(name string) (tableRef, error) {
	p.pos++
	ft := &funcTable{Name: name}
	if !p.peek().isOp(")") {
		args, err := p.exprList()
		if err != nil {
			return nil, err
		}
		ft.Args = args
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	alias, err := p.optAlias()
	if err != nil {
		return nil, err
	}
	ft.Alias = alias
	if alias != "" && p.peek().isOp("(") {
		ft.Columns, _, err = p.parenIdentList(false)
	}
	return ft, err
}

func (p *parser) valuesRows() ([][]expr, error) {
	var rows [][]expr
	for {
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		row, err := p.exprList()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		rows = append(rows, row)
		if !p.acceptOp(",") {
			return rows, nil
		}
	}
}
