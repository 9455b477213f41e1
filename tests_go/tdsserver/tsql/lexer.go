package tsql

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a lexical token.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tIdent           // plain identifier or keyword, #temp, ##global
	tQIdent          // [bracketed] or "quoted" identifier
	tVar             // @name or @@name
	tString          // 'text'
	tNString         // N'text'
	tInt             // 123
	tDecimal         // 1.5
	tFloat           // 1e5, 1.5E-3
	tMoney           // $12.50
	tBinary          // 0xABCD
	tOp              // punctuation and operators
)

// token is one lexical token. Text holds the identifier, the unescaped
// string, the digits or the operator; Pos is its byte offset in the batch.
type token struct {
	Kind tokKind
	Text string
	Pos  int // byte offset of the first character
	End  int // byte offset after the last character
	Line int
}

// is reports whether t is the keyword kw (upper case) as a plain identifier.
func (t token) is(kw string) bool {
	return t.Kind == tIdent && len(t.Text) == len(kw) && strings.EqualFold(t.Text, kw)
}

// isOp reports whether t is the operator op.
func (t token) isOp(op string) bool { return t.Kind == tOp && t.Text == op }

// lexer splits a batch into tokens.
type lexer struct {
	src         string
	pos, line   int
	quotedIdent bool // QUOTED_IDENTIFIER ON: "x" is a name
}

// lex returns all tokens of src, ending with tEOF, or a syntax error.
func lex(src string, quotedIdent bool) ([]token, error) {
	lx := &lexer{src: src, line: 1, quotedIdent: quotedIdent}
	toks := make([]token, 0, len(src)/4+2)
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		t.End = lx.pos
		toks = append(toks, t)
		if t.Kind == tEOF {
			return toks, nil
		}
	}
}

func (lx *lexer) next() (token, error) {
	if err := lx.skipSpace(); err != nil {
		return token{}, err
	}
	start, line := lx.pos, lx.line
	mk := func(k tokKind, text string) (token, error) {
		return token{Kind: k, Text: text, Pos: start, Line: line}, nil
	}
	if lx.pos >= len(lx.src) {
		return mk(tEOF, "")
	}
	c := lx.src[lx.pos]
	switch {
	case (c == 'N' || c == 'n') && lx.peekAt(1) == '\'':
		lx.pos++
		s, err := lx.quoted('\'')
		if err != nil {
			return token{}, err
		}
		return mk(tNString, s)
	case c == '\'':
		s, err := lx.quoted('\'')
		if err != nil {
			return token{}, err
		}
		return mk(tString, s)
	case c == '[':
		s, err := lx.bracketed()
		if err != nil {
			return token{}, err
		}
		return mk(tQIdent, s)
	case c == '"':
		s, err := lx.quoted('"')
		if err != nil {
			return token{}, err
		}
		if lx.quotedIdent {
			return mk(tQIdent, s)
		}
		return mk(tString, s)
	case c == '0' && (lx.peekAt(1) == 'x' || lx.peekAt(1) == 'X'):
		lx.pos += 2
		b := lx.pos
		for lx.pos < len(lx.src) && isHex(lx.src[lx.pos]) {
			lx.pos++
		}
		return mk(tBinary, lx.src[b:lx.pos])
	case isDigit(c) || (c == '.' && isDigit(lx.peekAt(1))):
		return lx.number(start, line)
	case c == '$' && (isDigit(lx.peekAt(1)) || lx.peekAt(1) == '.'):
		lx.pos++
		t, _ := lx.number(start, line)
		return mk(tMoney, t.Text)
	case c == '@':
		lx.pos++
		if lx.peekAt(0) == '@' {
			lx.pos++
		}
		lx.identRest()
		return mk(tVar, lx.src[start:lx.pos])
	case c == '#' || c == '_' || isLetterAt(lx.src, lx.pos):
		lx.identRest()
		return mk(tIdent, lx.src[start:lx.pos])
	}
	return lx.operator(start, line)
}

func (lx *lexer) peekAt(n int) byte {
	if lx.pos+n < len(lx.src) {
		return lx.src[lx.pos+n]
	}
	return 0
}

func (lx *lexer) skipSpace() error {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == '\n':
			lx.line++
			lx.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.pos++
		case c == '-' && lx.peekAt(1) == '-':
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.pos++
			}
		case c == '/' && lx.peekAt(1) == '*':
			if err := lx.blockComment(); err != nil {
				return err
			}
		default:
			if c >= 0x80 {
				r, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
				if unicode.IsSpace(r) {
					lx.pos += n
					continue
				}
			}
			return nil
		}
	}
	return nil
}

// blockComment skips a /* */ comment; T-SQL comments nest.
func (lx *lexer) blockComment() error {
	depth := 0
	for lx.pos < len(lx.src) {
		switch {
		case lx.src[lx.pos] == '/' && lx.peekAt(1) == '*':
			depth++
			lx.pos += 2
		case lx.src[lx.pos] == '*' && lx.peekAt(1) == '/':
			depth--
			lx.pos += 2
			if depth == 0 {
				return nil
			}
		default:
			if lx.src[lx.pos] == '\n' {
				lx.line++
			}
			lx.pos++
		}
	}
	return errMissingEndComment(lx.line)
}

// quoted reads a string delimited by q, where a doubled q is one q.
func (lx *lexer) quoted(q byte) (string, error) {
	line := lx.line
	lx.pos++ // opening quote
	var sb strings.Builder
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == q {
			if lx.peekAt(1) == q {
				sb.WriteByte(q)
				lx.pos += 2
				continue
			}
			lx.pos++
			return sb.String(), nil
		}
		if c == '\n' {
			lx.line++
		}
		sb.WriteByte(c)
		lx.pos++
	}
	return "", errUnclosedQuote(line, sb.String())
}

func (lx *lexer) bracketed() (string, error) {
	line := lx.line
	lx.pos++
	var sb strings.Builder
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == ']' {
			if lx.peekAt(1) == ']' {
				sb.WriteByte(']')
				lx.pos += 2
				continue
			}
			lx.pos++
			return sb.String(), nil
		}
		if c == '\n' {
			lx.line++
		}
		sb.WriteByte(c)
		lx.pos++
	}
	return "", errUnclosedQuote(line, sb.String())
}

func (lx *lexer) identRest() {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == '_' || c == '#' || c == '@' || c == '$' || isDigit(c) || isLetterAt(lx.src, lx.pos) {
			if c >= 0x80 {
				_, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
				lx.pos += n
				continue
			}
			lx.pos++
			continue
		}
		return
	}
}

func (lx *lexer) number(start, line int) (token, error) {
	kind := tInt
	for lx.pos < len(lx.src) && isDigit(lx.src[lx.pos]) {
		lx.pos++
	}
	if lx.peekAt(0) == '.' {
		kind = tDecimal
		lx.pos++
		for lx.pos < len(lx.src) && isDigit(lx.src[lx.pos]) {
			lx.pos++
		}
	}
	if c := lx.peekAt(0); c == 'e' || c == 'E' {
		save := lx.pos
		lx.pos++
		if c := lx.peekAt(0); c == '+' || c == '-' {
			lx.pos++
		}
		if isDigit(lx.peekAt(0)) {
			kind = tFloat
			for lx.pos < len(lx.src) && isDigit(lx.src[lx.pos]) {
				lx.pos++
			}
		} else {
			lx.pos = save
		}
	}
	text := lx.src[start:lx.pos]
	if text[0] == '$' {
		text = text[1:]
	}
	return token{Kind: kind, Text: text, Pos: start, Line: line}, nil
}

var twoCharOps = []string{"<>", "!=", ">=", "<=", "!<", "!>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "::"}

func (lx *lexer) operator(start, line int) (token, error) {
	rest := lx.src[lx.pos:]
	for _, op := range twoCharOps {
		if strings.HasPrefix(rest, op) {
			lx.pos += 2
			return token{Kind: tOp, Text: op, Pos: start, Line: line}, nil
		}
	}
	c := lx.src[lx.pos]
	if strings.IndexByte("+-*/%=<>(),.;&|^~!:", c) < 0 {
		return token{}, errSyntaxNear(line, string(c))
	}
	lx.pos++
	return token{Kind: tOp, Text: string(c), Pos: start, Line: line}, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isLetterAt(s string, i int) bool {
	c := s[i]
	if c < 0x80 {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}
