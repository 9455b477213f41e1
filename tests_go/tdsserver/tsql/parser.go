package tsql

import (
	"strconv"
	"strings"
)

// parser is a recursive-descent parser over the tokens of one batch.
type parser struct {
	src  string
	toks []token
	pos  int
}

// parseBatch parses a whole batch; a syntax error rejects all of it, as
// SQL Server does.
func parseBatch(src string, quotedIdent bool) ([]stmt, error) {
	toks, err := lex(src, quotedIdent)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	return p.statements(true)
}

// parseExprText parses a standalone expression (a stored default or check).
func parseExprText(src string) (expr, error) {
	toks, err := lex(src, true)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.peek().Kind != tEOF {
		return nil, p.unexpected()
	}
	return e, nil
}

// reserved are T-SQL reserved keywords plus the words that may not be a
// column or table alias here.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ADD ALL ALTER AND ANY AS ASC AUTHORIZATION BACKUP BEGIN BETWEEN BREAK
	BROWSE BULK BY CASCADE CASE CHECK CHECKPOINT CLOSE CLUSTERED COALESCE COLLATE COLUMN COMMIT COMPUTE
	CONSTRAINT CONTAINS CONTINUE CONVERT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME
	CURRENT_TIMESTAMP CURRENT_USER CURSOR DATABASE DBCC DEALLOCATE DECLARE DEFAULT DELETE DENY DESC
	DISK DISTINCT DISTRIBUTED DOUBLE DROP DUMP ELSE END ERRLVL ESCAPE EXCEPT EXEC EXECUTE EXISTS EXIT
	EXTERNAL FETCH FILE FILLFACTOR FOR FOREIGN FREETEXT FROM FULL FUNCTION GOTO GRANT GROUP HAVING
	HOLDLOCK IDENTITY IDENTITY_INSERT IDENTITYCOL IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY
	KILL LEFT LIKE LINENO LOAD MERGE NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF OFF OFFSETS ON
	OPEN OPENDATASOURCE OPENQUERY OPENROWSET OPENXML OPTION OR ORDER OUTER OVER PERCENT PIVOT PLAN
	PRECISION PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ READTEXT RECONFIGURE REFERENCES
	REPLICATION RESTORE RESTRICT RETURN REVERT REVOKE RIGHT ROLLBACK ROWCOUNT ROWGUIDCOL RULE SAVE
	SCHEMA SECURITYAUDIT SELECT SESSION_USER SET SETUSER SHUTDOWN SOME STATISTICS SYSTEM_USER TABLE
	TABLESAMPLE TEXTSIZE THEN TO TOP TRAN TRANSACTION TRIGGER TRUNCATE TRY_CONVERT TSEQUAL UNION UNIQUE
	UNPIVOT UPDATE UPDATETEXT USE USER VALUES VARYING VIEW WAITFOR WHEN WHERE WHILE WITH WRITETEXT`) {
		reserved[w] = true
	}
}

func isReserved(t token) bool {
	return t.Kind == tIdent && reserved[strings.ToUpper(t.Text)]
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) peekN(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.Kind != tEOF {
		p.pos++
	}
	return t
}

// accept consumes the keyword kw if it is next.
func (p *parser) accept(kw string) bool {
	if p.peek().is(kw) {
		p.pos++
		return true
	}
	return false
}

// acceptOp consumes the operator op if it is next.
func (p *parser) acceptOp(op string) bool {
	if p.peek().isOp(op) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(kw string) error {
	if !p.accept(kw) {
		return p.unexpected()
	}
	return nil
}

func (p *parser) expectOp(op string) error {
	if !p.acceptOp(op) {
		return p.unexpected()
	}
	return nil
}

// unexpected reports a syntax error at the next token, worded as SQL
// Server words it.
func (p *parser) unexpected() error {
	t := p.peek()
	if t.Kind == tEOF {
		prev := t
		if p.pos > 0 {
			prev = p.toks[p.pos-1]
		}
		return errSyntaxNear(prev.Line, p.src[prev.Pos:prev.End])
	}
	if isReserved(t) {
		return errSyntaxKeyword(t.Line, strings.ToLower(t.Text))
	}
	return errSyntaxNear(t.Line, p.src[t.Pos:t.End])
}

// ident reads a plain or quoted identifier (not a reserved keyword).
func (p *parser) ident() (string, error) {
	t := p.peek()
	if t.Kind == tQIdent || (t.Kind == tIdent && !isReserved(t)) {
		p.pos++
		return t.Text, nil
	}
	return "", p.unexpected()
}

// anyIdent reads an identifier, reserved words included.
func (p *parser) anyIdent() (string, error) {
	t := p.peek()
	if t.Kind == tQIdent || t.Kind == tIdent {
		p.pos++
		return t.Text, nil
	}
	return "", p.unexpected()
}

func (p *parser) isIdentNext() bool {
	t := p.peek()
	return t.Kind == tQIdent || (t.Kind == tIdent && !isReserved(t))
}

// objectName reads a name of up to four parts; db..t leaves the schema empty.
func (p *parser) objectName() (objName, error) {
	parts, err := p.nameParts()
	if err != nil {
		return objName{}, err
	}
	return partsToName(parts, p)
}

func partsToName(parts []string, p *parser) (objName, error) {
	var n objName
	switch len(parts) {
	case 1:
		n.Name = parts[0]
	case 2:
		n.Schema, n.Name = parts[0], parts[1]
	case 3:
		n.DB, n.Schema, n.Name = parts[0], parts[1], parts[2]
	case 4:
		n.Server, n.DB, n.Schema, n.Name = parts[0], parts[1], parts[2], parts[3]
	default:
		return n, p.unexpected()
	}
	if n.Name == "" {
		return n, p.unexpected()
	}
	return n, nil
}

// nameParts reads a dotted name where parts may be empty (db..t).
func (p *parser) nameParts() ([]string, error) {
	first, err := p.anyIdent()
	if err != nil {
		return nil, err
	}
	parts := []string{first}
	for p.peek().isOp(".") {
		p.pos++
		if p.peek().isOp(".") {
			parts = append(parts, "")
			continue
		}
		n, err := p.anyIdent()
		if err != nil {
			return nil, err
		}
		parts = append(parts, n)
	}
	return parts, nil
}

// intLit reads an optionally signed integer literal.
func (p *parser) intLit() (int64, error) {
	neg := p.acceptOp("-")
	if !neg {
		p.acceptOp("+")
	}
	t := p.peek()
	if t.Kind != tInt {
		return 0, p.unexpected()
	}
	p.pos++
	v, err := strconv.ParseInt(t.Text, 10, 64)
	if err != nil {
		return 0, errSyntaxNear(t.Line, t.Text)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// numberText reads an optionally signed numeric literal as text.
func (p *parser) numberText() (string, error) {
	sign := ""
	if p.acceptOp("-") {
		sign = "-"
	} else {
		p.acceptOp("+")
	}
	t := p.peek()
	if t.Kind != tInt && t.Kind != tDecimal {
		return "", p.unexpected()
	}
	p.pos++
	return sign + t.Text, nil
}

// parenIdentList reads "(a, b, ...)" with optional ASC/DESC per name.
func (p *parser) parenIdentList(withOrder bool) ([]string, []bool, error) {
	if err := p.expectOp("("); err != nil {
		return nil, nil, err
	}
	var names []string
	var desc []bool
	for {
		n, err := p.anyIdent()
		if err != nil {
			return nil, nil, err
		}
		names = append(names, n)
		d := false
		if withOrder {
			if p.accept("DESC") {
				d = true
			} else {
				p.accept("ASC")
			}
		}
		desc = append(desc, d)
		if !p.acceptOp(",") {
			break
		}
	}
	return names, desc, p.expectOp(")")
}

// typeName reads a data type: name [(n [, m]) | (max)].
func (p *parser) typeName() (typeName, error) {
	parts, err := p.nameParts()
	if err != nil {
		return typeName{}, err
	}
	name := strings.ToLower(parts[len(parts)-1])
	switch {
	case name == "double" && p.accept("PRECISION"):
		name = "float"
	case (name == "char" || name == "character" || name == "nchar" || name == "national") && p.peek().is("VARYING"):
		p.pos++
		name = map[string]string{"char": "varchar", "character": "varchar", "nchar": "nvarchar", "national": "nvarchar"}[name]
	}
	tn := typeName{Name: name}
	if !p.peek().isOp("(") {
		return tn, nil
	}
	p.pos++
	for {
		if p.accept("MAX") {
			tn.Args = append(tn.Args, -1)
		} else {
			v, err := p.intLit()
			if err != nil {
				return tn, err
			}
			tn.Args = append(tn.Args, int(v))
		}
		if !p.acceptOp(",") {
			break
		}
	}
	return tn, p.expectOp(")")
}

// textFrom returns the source text from token index i up to the current
// position.
func (p *parser) textFrom(i int) string {
	if p.pos == 0 || i >= p.pos {
		return ""
	}
	return p.src[p.toks[i].Pos:p.toks[p.pos-1].End]
}

// skipParens skips a balanced parenthesised group starting at "(".
func (p *parser) skipParens() error {
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
		}
	}
	return nil
}
