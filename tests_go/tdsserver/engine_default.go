package tdsserver

import (
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/tsql"
)

// defaultEngine builds the engine used when Config.Engine is nil: the T-SQL
// engine over SQLite, in a temporary directory unless DBDir is set.
func defaultEngine(cfg *Config) (backend.Engine, error) {
	return tsql.New(tsql.Config{Dir: cfg.DBDir, Databases: cfg.Databases, ServerName: cfg.ServerName})
}
