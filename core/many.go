package core

import (
	"context"
	"database/sql/driver"
	"strings"
	"unicode"

	"github.com/mssql-python-go/mssql-python-go/core/params"
	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
)

// rowsPerRequest bounds the statement copies one executemany request
// carries (SQL Server takes at most 2100 parameters per request).
func rowsPerRequest(ncols int) int {
	if ncols == 0 {
		return 1
	}
	return max(1, min(1000, params.MaxColumns/ncols))
}

// executeMany runs a statement once per parameter row in as few requests
// as SQL Server's 2100-parameter limit allows: each request holds one copy
// of the statement per row, with its own parameter names. The statement is
// positioned on one row count, the sum of every count; the first error
// stops the rows that follow its request.
func (st *Statement) executeMany(ctx context.Context, sql string, set *params.Set, flags ExecFlags) (bool, error) {
	perRequest := rowsPerRequest(len(set.Columns))
	bd := newBinder(set)
	if flags&ExecProc != 0 || hasNamed(set) {
		perRequest = 1
	}
	var total int64
	for first := 0; first < set.Rows; first += perRequest {
		n := min(perRequest, set.Rows-first)
		query, args, proc, err := st.bindRows(bd, sql, set, first, n, flags)
		if err != nil {
			return false, err
		}
		count, err := st.runToEnd(ctx, query, args, proc)
		total += count
		if err != nil {
			return false, err
		}
	}
	st.mu.Lock()
	st.cur = &result{kind: resultCount, count: total}
	st.mu.Unlock()
	return true, nil
}

func hasNamed(set *params.Set) bool {
	for i := range set.Columns {
		if set.Columns[i].Name != "" {
			return true
		}
	}
	return false
}

// bindRows builds one request for rows [first, first+n).
func (st *Statement) bindRows(bd *binder, sql string, set *params.Set, first, n int, flags ExecFlags) (string, []driver.NamedValue, bool, error) {
	if n == 1 {
		return st.bind(bd, sql, set, first, flags)
	}
	ncols := len(set.Columns)
	var text strings.Builder
	var decls []string
	var args []driver.NamedValue
	for k := 0; k < n; k++ {
		base := k * ncols
		part, count := sqltext.RewriteFrom(sql, base)
		if count != ncols {
			return "", nil, false, Errorf(ClassProgramming, "The SQL contains %d parameter markers, but %d parameters were supplied", count, ncols)
		}
		text.WriteString(part)
		text.WriteString("\n;\n")
		bs := bd.row(first+k, func(i int) string { return sqltext.ParamName(base + i) })
		decls = append(decls, declarations(bs))
		args = append(args, namedValues(bs, 2+base)...)
	}
	head := []driver.NamedValue{{Ordinal: 1, Value: text.String()}, {Ordinal: 2, Value: strings.Join(decls, ",")}}
	return "sp_executesql", append(head, args...), false, nil
}

// runToEnd runs one request and reads all of it: the sum of its row
// counts and its first error.
func (st *Statement) runToEnd(ctx context.Context, query string, args []driver.NamedValue, proc bool) (int64, error) {
	r, err := st.sess.start(st, query, args, proc)
	if err != nil {
		return 0, err
	}
	st.mu.Lock()
	st.req = r
	st.mu.Unlock()
	var total int64
	var first error
	for {
		stop := st.arm(r)
		res, err := r.next(ctx)
		stop()
		if err != nil || res == nil {
			st.addMessages(r.tail)
			return total, firstOf(first, err)
		}
		st.addMessages(res.msgs)
		switch res.kind {
		case resultCount:
			total += res.count
		case resultError:
			first = firstOf(first, res.err)
		case resultRows:
			close(res.skip)
			if _, err := res.drain(ctx, r); err != nil {
				first = firstOf(first, err)
			}
			st.addMessages(res.queue.trailing())
		}
	}
}

// validProcName accepts a (multi-part) procedure name: parts of letters,
// digits, _, @, #, $ or [bracketed] text, separated by dots. go-mssqldb
// calls such text as a procedure; anything else it would send as SQL.
func validProcName(s string) bool {
	if s == "" || len(s) > 1024 {
		return false
	}
	parts := splitName(s)
	for i, part := range parts {
		if part == "" && i < len(parts)-1 {
			continue // db..proc: the default schema
		}
		if !validNamePart(part) {
			return false
		}
	}
	return true
}

func splitName(s string) []string {
	var parts []string
	start, inBracket := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '[':
			inBracket = true
		case s[i] == ']' && inBracket:
			if i+1 < len(s) && s[i+1] == ']' {
				i++
				continue
			}
			inBracket = false
		case s[i] == '.' && !inBracket:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func validNamePart(p string) bool {
	if strings.HasPrefix(p, "[") {
		return len(p) >= 3 && strings.HasSuffix(p, "]") && !strings.ContainsAny(p, "\r\n")
	}
	if p == "" {
		return false
	}
	for i, r := range p {
		ok := r == '_' || r == '#' || r == '@' || r == '$' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))
		if !ok {
			return false
		}
	}
	return true
}
