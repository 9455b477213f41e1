package tdsserver

import "github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"

// defaultEngine builds the engine used when Config.Engine is nil.
func defaultEngine(cfg *Config) (backend.Engine, error) {
	return nil, errNoEngine
}
