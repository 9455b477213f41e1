package tsql

import "strings"

// sysView is a catalog view (sys.* or INFORMATION_SCHEMA.*): SQL over the
// catalog tables of a database, with SQL Server's column names and types.
type sysView struct {
	schema string
	name   string
	cols   []outCol
	sql    func(a string) string // a is the quoted database alias plus "."
	server bool                  // server-wide (sys.databases): always master
}

var sysViews = map[string]*sysView{}

// systemView finds the catalog view a name refers to.
func systemView(n objName) *sysView {
	if n.Schema == "" {
		return nil
	}
	v := sysViews[strings.ToLower(n.Schema)+"."+strings.ToLower(n.Name)]
	return v
}

func (c *compiler) systemViewQuery(v *sysView, n objName) (*compiledQuery, error) {
	db := c.x.currentDB()
	if n.DB != "" {
		if db = c.x.s.e.database(n.DB); db == nil {
			return nil, errDatabaseNotFound(n.DB)
		}
	}
	if v.server {
		db = c.x.s.e.dbs[0]
	}
	return &compiledQuery{sql: v.sql(quoteIdent(db.Alias) + "."), cols: v.cols}, nil
}
