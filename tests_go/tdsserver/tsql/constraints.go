package tsql

import (
	"errors"
	"sort"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// mapConstraint turns a SQLite constraint failure of a statement on table
// t into SQL Server's error: 2627 / 2601 (duplicate key), 515 (NULL), 547
// (CHECK, FOREIGN KEY, REFERENCE).
func (x *execCtx) mapConstraint(err error, verb string, t *tableDef, p *insertPlan) error {
	var ce *constraintError
	if !errors.As(err, &ce) {
		return err
	}
	msg := ce.msg
	switch {
	case strings.Contains(msg, "NOT NULL constraint failed"):
		col := lastPart(afterColon(msg, "NOT NULL constraint failed"))
		return errNullInsert(col, t.fullName(), verb)
	case strings.Contains(msg, "UNIQUE constraint failed"), strings.Contains(msg, "PRIMARY KEY constraint failed"):
		return x.uniqueViolation(msg, t, p)
	case strings.Contains(msg, "CHECK constraint failed"):
		return x.checkViolation(afterColon(msg, "CHECK constraint failed"), verb, t)
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return x.fkViolation(verb, t)
	}
	return newErr(8624, 16, 1, "Internal Query Processor Error: %s", msg)
}

func afterColon(msg, marker string) string {
	i := strings.Index(msg, marker)
	rest := strings.TrimPrefix(msg[i+len(marker):], ":")
	if j := strings.LastIndex(rest, " ("); j >= 0 && strings.HasSuffix(rest, ")") {
		rest = rest[:j]
	}
	return strings.TrimSpace(rest)
}

func lastPart(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i+1:]
	}
	return s
}

// keyInfo is a PRIMARY KEY, UNIQUE constraint or unique index.
type keyInfo struct {
	name       string
	primary    bool
	constraint bool
	cols       []string
}

func (x *execCtx) tableKeys(t *tableDef) ([]keyInfo, error) {
	a := quoteIdent(t.alias) + "."
	rows, err := x.s.c.queryAll(x.ctx, `SELECT i.index_id, i.name, i.is_primary_key, i.is_unique_constraint, c.name
		FROM `+a+`__tsql_indexes i JOIN `+a+`__tsql_index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
		JOIN `+a+`__tsql_columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
		WHERE i.object_id = ? AND i.is_unique = 1 AND ic.is_included_column = 0 ORDER BY i.index_id, ic.key_ordinal`, t.id)
	if err != nil {
		return nil, err
	}
	var keys []keyInfo
	last := int64(-1)
	for _, r := range rows {
		if i64(r[0]) != last {
			last = i64(r[0])
			keys = append(keys, keyInfo{name: str(r[1]), primary: i64(r[2]) == 1, constraint: i64(r[2]) == 1 || i64(r[3]) == 1})
		}
		k := &keys[len(keys)-1]
		k.cols = append(k.cols, str(r[4]))
	}
	return keys, nil
}

func (x *execCtx) uniqueViolation(msg string, t *tableDef, p *insertPlan) error {
	var failed []string
	if strings.Contains(msg, "index '") {
		failed = nil
	} else {
		for _, part := range strings.Split(afterColon(msg, "constraint failed"), ",") {
			failed = append(failed, lastPart(strings.TrimSpace(part)))
		}
	}
	keys, err := x.tableKeys(t)
	if err != nil {
		return err
	}
	key := matchKey(keys, failed)
	value := x.duplicateValue(t, key.cols, p)
	if key.constraint {
		kind := "UNIQUE KEY"
		if key.primary {
			kind = "PRIMARY KEY"
		}
		return errDuplicateKey(kind, key.name, t.twoPartName(), value)
	}
	return errDuplicateIndexKey(t.twoPartName(), key.name, value)
}

func matchKey(keys []keyInfo, cols []string) keyInfo {
	want := sortedLower(cols)
	for _, k := range keys {
		if strings.Join(sortedLower(k.cols), ",") == strings.Join(want, ",") {
			return k
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return keyInfo{name: "?", constraint: true, cols: cols}
}

func sortedLower(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	sort.Strings(out)
	return out
}

// duplicateValue finds the key value that collided: the first new row whose
// key exists in the table or repeats an earlier new row.
func (x *execCtx) duplicateValue(t *tableDef, cols []string, p *insertPlan) string {
	types := make([]sqltype.Type, len(cols))
	for i, c := range cols {
		if col := t.column(c); col != nil {
			types[i] = col.typ
		}
	}
	if p == nil || p.keyRows == "" {
		return "(...)"
	}
	rows, err := x.s.c.queryAll(x.ctx, "SELECT * FROM ("+p.keyRows+")", p.args...)
	if err != nil {
		return "(...)"
	}
	seen := map[string]bool{}
	for _, r := range rows {
		vals := pickKey(r, cols, p.cols)
		k := keyValueText(vals, types)
		if seen[strings.ToLower(k)] || x.keyExists(t, cols, vals) {
			return k
		}
		seen[strings.ToLower(k)] = true
	}
	return "(...)"
}

// pickKey extracts the key columns from a row of the insert's values, in
// the order of the insert's column list.
func pickKey(row []any, cols []string, insertCols []*colDef) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		for j, ic := range insertCols {
			if strings.EqualFold(ic.name, c) && j < len(row) {
				out[i] = row[j]
			}
		}
	}
	return out
}

func (x *execCtx) keyExists(t *tableDef, cols []string, vals []any) bool {
	conds := make([]string, len(cols))
	for i, c := range cols {
		conds[i] = quoteIdent(c) + " = ?" + itoa(int64(i+1))
	}
	v, err := x.s.c.queryValue(x.ctx, "SELECT count(*) FROM "+t.sqlName()+" WHERE "+strings.Join(conds, " AND "), vals...)
	return err == nil && i64(v) > 0
}

func (x *execCtx) checkViolation(name, verb string, t *tableDef) error {
	a := quoteIdent(t.alias) + "."
	col := ""
	def, err := x.s.c.queryValue(x.ctx, "SELECT definition FROM "+a+"__tsql_objects WHERE name = ? AND parent_object_id = ? AND type = 'C'", name, t.id)
	if err == nil && def != nil {
		col = singleColumnOf(str(def), t)
	}
	return errConstraintConflict(verb, "CHECK", name, t.dbName(), t.twoPartName(), col)
}

// singleColumnOf names the column a CHECK uses when it uses exactly one.
func singleColumnOf(def string, t *tableDef) string {
	found := ""
	lower := strings.ToLower(def)
	for _, c := range t.cols {
		n := strings.ToLower(c.name)
		if strings.Contains(lower, "["+n+"]") || containsWord(lower, n) {
			if found != "" {
				return ""
			}
			found = c.name
		}
	}
	return found
}

func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordChar(s[j-1])
		after := j+len(w) >= len(s) || !isWordChar(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordChar(c byte) bool { return c == '_' || isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') }

// fkViolation names the foreign key a change broke: one of t's own keys
// for INSERT/UPDATE, or one referencing t for DELETE/UPDATE.
func (x *execCtx) fkViolation(verb string, t *tableDef) error {
	a := quoteIdent(t.alias) + "."
	q := `SELECT o.name, rt.name, rs.name, rc.name, pt.name, ps.name, pc.name, f.parent_object_id
		FROM ` + a + `__tsql_foreign_keys f JOIN ` + a + `__tsql_objects o ON o.object_id = f.object_id
		JOIN ` + a + `__tsql_objects rt ON rt.object_id = f.referenced_object_id JOIN ` + a + `__tsql_schemas rs ON rs.schema_id = rt.schema_id
		JOIN ` + a + `__tsql_objects pt ON pt.object_id = f.parent_object_id JOIN ` + a + `__tsql_schemas ps ON ps.schema_id = pt.schema_id
		JOIN ` + a + `__tsql_fk_columns fc ON fc.constraint_object_id = f.object_id AND fc.constraint_column_id = 1
		JOIN ` + a + `__tsql_columns rc ON rc.object_id = f.referenced_object_id AND rc.column_id = fc.referenced_column_id
		JOIN ` + a + `__tsql_columns pc ON pc.object_id = f.parent_object_id AND pc.column_id = fc.parent_column_id
		WHERE `
	if verb != "DELETE" {
		if rows, err := x.s.c.queryAll(x.ctx, q+"f.parent_object_id = ?", t.id); err == nil && len(rows) > 0 {
			r := rows[0]
			return errConstraintConflict(verb, "FOREIGN KEY", str(r[0]), t.dbName(), str(r[2])+"."+str(r[1]), str(r[3]))
		}
	}
	rows, err := x.s.c.queryAll(x.ctx, q+"f.referenced_object_id = ?", t.id)
	if err != nil || len(rows) == 0 {
		return errConstraintConflict(verb, "FOREIGN KEY", "?", t.dbName(), t.twoPartName(), "")
	}
	r := rows[0]
	return errConstraintConflict(verb, "REFERENCE", str(r[0]), t.dbName(), str(r[5])+"."+str(r[4]), str(r[6]))
}
