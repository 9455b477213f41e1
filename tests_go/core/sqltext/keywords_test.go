package sqltext_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
)

func TestHasKeyword(t *testing.T) {
	cases := []struct {
		sql  string
		want bool
	}{
		{"INSERT INTO t (v) OUTPUT inserted.v VALUES (?)", true},
		{"insert into t (v) output inserted.v values (?)", true},
		{"SELECT ?", true},
		{"INSERT INTO t VALUES (?)", false},
		{"INSERT INTO t VALUES ('SELECT')", false},         // a literal
		{"INSERT INTO [select] VALUES (?)", false},         // a quoted identifier
		{"INSERT INTO t VALUES (?) -- SELECT", false},      // a comment
		{"INSERT INTO t VALUES (?) /* OUTPUT */", false},   // a block comment
		{"UPDATE t SET selected = ?, output_v = ?", false}, // parts of words
		{"UPDATE t SET v = 1 WHERE id = @selectid", false}, // a variable
		{"UPDATE t SET v = (SELECT 1) WHERE id = ?", true},
		{"", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, sqltext.HasKeyword(c.sql, "OUTPUT", "SELECT"), c.sql)
	}
}
