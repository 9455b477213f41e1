package core

import (
	"context"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

// Connector hands out sessions and takes them back. Direct connections
// (MSSQL_OPEN_NO_POOL) use NewDirectConnector; the pool package provides
// a pooling Connector with the same contract.
type Connector interface {
	// Connect returns a session in the state a new connection has
	// (autocommit as the options say, no open transaction).
	Connect(ctx context.Context) (*Session, error)
	// Release takes back a session its user is done with: a pool resets
	// and keeps it, a direct connector closes it.
	Release(s *Session) error
}

// NewDirectConnector opens a new connection on every Connect and closes
// it on Release.
func NewDirectConnector(cfg *connstr.Config, opts OpenOptions) Connector {
	return &directConnector{cfg: cfg, opts: opts}
}

type directConnector struct {
	cfg  *connstr.Config
	opts OpenOptions
}

func (d *directConnector) Connect(ctx context.Context) (*Session, error) {
	return Open(ctx, d.cfg, d.opts)
}

func (d *directConnector) Release(s *Session) error { return s.Close() }
