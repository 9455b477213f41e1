package tds_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/core/connstr"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Run(m)) }

// configOf translates a connection string for package tds, as core does.
func configOf(t testing.TB, cs string) *tds.Config {
	t.Helper()
	set, err := connstr.Parse(cs)
	require.NoError(t, err)
	c, err := set.Config()
	require.NoError(t, err)
	d := c.Login
	cfg := &tds.Config{Host: d.Host, Port: uint16(d.Port), Instance: d.Instance, User: d.User, Password: d.Password,
		Database: d.Database, AppName: d.AppName, Workstation: d.Workstation, PacketSize: int(d.PacketSize),
		ReadOnlyIntent: d.ReadOnlyIntent, TLS: d.TLSConfig.Clone(), MultiSubnetFailover: c.MultiSubnetFailover}
	cfg.TLS.ServerName = ""
	if d.HostInCertificateProvided {
		cfg.HostInCertificate = d.TLSConfig.ServerName
	}
	switch d.Encryption {
	case connstr.EncryptionOff:
		cfg.Encryption = tds.EncryptOptional
	case connstr.EncryptionStrict:
		cfg.Encryption = tds.EncryptStrict
	}
	return cfg
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// connect opens a connection to the test server (or MSSQL_CONNECTION_STRING).
func connect(t testing.TB) *tds.Conn {
	t.Helper()
	return connectCfg(t, configOf(t, testenv.ConnString(t)))
}

func connectCfg(t testing.TB, cfg *tds.Config) *tds.Conn {
	t.Helper()
	c, err := tds.Connect(ctx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// result is everything a response held, read with tds.Values.
type result struct {
	sets     [][][]any
	cols     [][]tds.Column
	dones    []tds.Done
	messages []tds.Message
	statuses []int32
	returns  []tds.ReturnValue
}

// readAll reads a response to its end.
func readAll(t testing.TB, r *tds.Response) (*result, error) {
	t.Helper()
	res := &result{}
	for {
		tok, err := r.Next()
		switch tok {
		case tds.TokenEnd:
			return res, err
		case tds.TokenColMetadata:
			res.cols = append(res.cols, r.Columns())
			res.sets = append(res.sets, nil)
		case tds.TokenRow:
			v := make(tds.Values, len(r.Columns()))
			require.NoError(t, r.ReadRow(v))
			res.sets[len(res.sets)-1] = append(res.sets[len(res.sets)-1], []any(v))
		case tds.TokenDone:
			res.dones = append(res.dones, r.Done())
		case tds.TokenMessage:
			res.messages = append(res.messages, r.Message())
		case tds.TokenReturnStatus:
			res.statuses = append(res.statuses, r.ReturnStatus())
		case tds.TokenReturnValue:
			res.returns = append(res.returns, *r.ReturnValue())
		}
	}
}

// query runs a batch and reads all of it.
func query(t testing.TB, c *tds.Conn, sql string) *result {
	t.Helper()
	r, err := c.SQLBatch(sql)
	require.NoError(t, err)
	res, err := readAll(t, r)
	require.NoError(t, err)
	return res
}
