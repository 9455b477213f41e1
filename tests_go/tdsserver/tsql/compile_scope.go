package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// colInfo is a column visible in a scope.
type colInfo struct {
	name     string
	t        xtype
	sql      string // how SQLite reaches it
	identity bool
	coll     string // explicit collation (tsql_bin for _CS/_BIN columns)
	table    string // "schema.table" of a base-table column
	seed     int64  // identity seed and increment of an identity column
	inc      int64
}

// source is one FROM item: a table, view, derived table or CTE.
type source struct {
	exposed  string // alias or table name, as T-SQL code refers to it
	schema   string // schema of a named table, for schema.table.column
	db       string
	sqlAlias string // unique alias in the generated SQL
	cols     []*colInfo
	table    *tableDef
}

func (s *source) find(name string) *colInfo {
	for _, c := range s.cols {
		if strings.EqualFold(c.name, name) {
			return c
		}
	}
	return nil
}

// scope is the name space of one query level.
type scope struct {
	parent  *scope
	sources []*source
	ctes    map[string]*cteDef
	// grouped is set while compiling the select list of a grouped query,
	// to check that bare columns are grouped (error 8120).
	grouped  bool
	groupSQL []string
	// outputs lets ORDER BY refer to select-list aliases.
	outputs []outCol
}

// cteDef is a common table expression visible in a scope.
type cteDef struct {
	name string
	cols []outCol
}

func newScope(parent *scope) *scope { return &scope{parent: parent} }

func (sc *scope) lookupCTE(name string) *cteDef {
	for s := sc; s != nil; s = s.parent {
		if d, ok := s.ctes[strings.ToLower(name)]; ok {
			return d
		}
	}
	return nil
}

// resolveColumn finds a column reference, searching outward through
// enclosing scopes (correlated subqueries).
func (c *compiler) resolveColumn(sc *scope, parts []string) (*colInfo, error) {
	name := parts[len(parts)-1]
	if len(parts) == 1 {
		for s := sc; s != nil; s = s.parent {
			col, err := findUnqualified(s, name)
			if col != nil || err != nil {
				return col, err
			}
		}
		if name == "$action" {
			return nil, errNotSupported("$action")
		}
		return nil, errInvalidColumn(name)
	}
	qual := parts[:len(parts)-1]
	for s := sc; s != nil; s = s.parent {
		if src := matchSource(s, qual); src != nil {
			col := src.find(name)
			if col == nil {
				return nil, errInvalidColumn(name)
			}
			return col, nil
		}
	}
	return nil, errMultipartNotBound(strings.Join(parts, "."))
}

func findUnqualified(s *scope, name string) (*colInfo, error) {
	var found *colInfo
	for _, src := range s.sources {
		if col := src.find(name); col != nil {
			if found != nil {
				return nil, errAmbiguousColumn(name)
			}
			found = col
		}
	}
	return found, nil
}

// matchSource finds the source a qualifier (alias, table, schema.table,
// db.schema.table) names.
func matchSource(s *scope, qual []string) *source {
	last := qual[len(qual)-1]
	for _, src := range s.sources {
		if !strings.EqualFold(src.exposed, last) {
			continue
		}
		if len(qual) >= 2 && qual[len(qual)-2] != "" && !strings.EqualFold(src.schema, qual[len(qual)-2]) {
			continue
		}
		if len(qual) >= 3 && qual[len(qual)-3] != "" && !strings.EqualFold(src.db, qual[len(qual)-3]) {
			continue
		}
		return src
	}
	return nil
}

// sqlAlias returns a unique alias for the generated SQL.
func (c *compiler) sqlAlias(name string) string {
	base := strings.ToLower(name)
	if base == "" {
		base = "q"
	}
	n := c.aliases[base]
	c.aliases[base] = n + 1
	if n == 0 {
		return name
	}
	return name + "~" + itoa(int64(n+1))
}

// sourceFromTable makes a scope source for a catalog table.
func (c *compiler) sourceFromTable(t *tableDef, alias string) *source {
	exposed := alias
	if exposed == "" {
		exposed = t.name
	}
	src := &source{exposed: exposed, schema: t.schema, db: t.dbName(), table: t}
	src.sqlAlias = c.sqlAlias(exposed)
	for _, col := range t.cols {
		src.cols = append(src.cols, &colInfo{
			name: col.name, t: xtype{col.typ, col.nullable}, identity: col.identity, coll: col.collation,
			sql: quoteIdent(src.sqlAlias) + "." + quoteIdent(col.name), table: t.twoPartName(), seed: col.seed, inc: col.inc,
		})
	}
	return src
}

// sourceFromOutputs makes a scope source for a derived table or CTE.
func (c *compiler) sourceFromOutputs(exposed string, cols []outCol) *source {
	src := &source{exposed: exposed, sqlAlias: c.sqlAlias(exposed)}
	for _, oc := range cols {
		src.cols = append(src.cols, &colInfo{name: oc.name, t: oc.t, identity: oc.identity, coll: oc.coll,
			sql: quoteIdent(src.sqlAlias) + "." + quoteIdent(oc.name), table: oc.table})
	}
	return src
}

// outCol is one output column of a query.
type outCol struct {
	name     string
	t        xtype
	identity bool
	coll     string
	sql      string // the expression, for ORDER BY by alias
	table    string // "schema.table" of a text/ntext/image column
	seed     int64  // identity seed and increment, for SELECT INTO
	inc      int64
}

// sqlColumns turns output columns into result metadata.
func sqlColumns(cols []outCol) []sqltype.Column {
	out := make([]sqltype.Column, len(cols))
	for i, oc := range cols {
		out[i] = sqltype.Column{Name: oc.name, Type: oc.t.Type, Nullable: oc.t.Nullable, Identity: oc.identity}
		if k := oc.t.Kind; k == sqltype.Text || k == sqltype.NText || k == sqltype.Image {
			out[i].Table = oc.table
		}
	}
	return out
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
