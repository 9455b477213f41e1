package pool

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/mssql-python-go/mssql-python-go/core"
	"github.com/mssql-python-go/mssql-python-go/core/connstr"
)

// poolKey names the pool of a login: the normalised connection string
// (keyword order, case and synonyms do not matter), plus, for a token
// login, a hash of the token, so that two identities never share
// sessions. The key holds the password: it is never shown.
func poolKey(cfg *connstr.Config, opts core.OpenOptions) string {
	key := cfg.Settings.Normalized()
	if opts.AccessToken != "" {
		key += "\x00token:" + tokenHash(opts.AccessToken)
	}
	return key
}

// poolLabel is the pool's name in logs and stats: the redacted string,
// and for a token login the start of the token's hash (never the token).
func poolLabel(cfg *connstr.Config, opts core.OpenOptions) string {
	label := cfg.Settings.Redacted()
	if opts.AccessToken != "" {
		label += ";AccessToken=sha256:" + tokenHash(opts.AccessToken)[:12]
	}
	return label
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
