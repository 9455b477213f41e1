package sqltext_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mssql-python-go/mssql-python-go/core/sqltext"
)

func TestRewrite(t *testing.T) {
	cases := []struct {
		in, out string
		n       int
	}{
		{"SELECT 1", "SELECT 1", 0},
		{"SELECT ?", "SELECT @p1", 1},
		{"SELECT ?,?", "SELECT @p1,@p2", 2},
		{"INSERT t VALUES (?, ?, ?)", "INSERT t VALUES (@p1, @p2, @p3)", 3},
		{"SELECT '?'", "SELECT '?'", 0},
		{"SELECT N'?', ?", "SELECT N'?', @p1", 1},
		{"SELECT 'it''s ?', ?", "SELECT 'it''s ?', @p1", 1},
		{"SELECT '''?'''", "SELECT '''?'''", 0},
		{`SELECT "a?b" FROM t WHERE c = ?`, `SELECT "a?b" FROM t WHERE c = @p1`, 1},
		{`SELECT "a""?" , ?`, `SELECT "a""?" , @p1`, 1},
		{"SELECT [a?b], ?", "SELECT [a?b], @p1", 1},
		{"SELECT [a]]?], ?", "SELECT [a]]?], @p1", 1},
		{"SELECT ? -- what?\n, ?", "SELECT @p1 -- what?\n, @p2", 2},
		{"SELECT ? -- what?", "SELECT @p1 -- what?", 1},
		{"SELECT /* ? */ ?", "SELECT /* ? */ @p1", 1},
		{"SELECT /* /* ? */ ? */ ?", "SELECT /* /* ? */ ? */ @p1", 1},
		{"SELECT /* unterminated ?", "SELECT /* unterminated ?", 0},
		{"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
		{"SELECT [unterminated ?", "SELECT [unterminated ?", 0},
		{"SELECT 1-?", "SELECT 1-@p1", 1},
		{"SELECT 4/?", "SELECT 4/@p1", 1},
		{"SELECT ?--c", "SELECT @p1--c", 1},
		{"SELECT ?/**/", "SELECT @p1/**/", 1},
		{"SELECT 'é?', ?, 'ü'", "SELECT 'é?', @p1, 'ü'", 1},
		{"SELECT '日本' + ?", "SELECT '日本' + @p1", 1},
		{"??", "@p1@p2", 2},
		{"", "", 0},
		{"?", "@p1", 1},
		{"SELECT */ ?", "SELECT */ @p1", 1},
		{"SELECT ] ?", "SELECT ] @p1", 1},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			out, n := sqltext.Rewrite(tc.in)
			assert.Equal(t, tc.out, out)
			assert.Equal(t, tc.n, n)
			assert.Equal(t, tc.n, sqltext.Count(tc.in))
		})
	}
}

func TestRewriteManyPlaceholders(t *testing.T) {
	in := ""
	for i := 0; i < 2100; i++ {
		in += "?,"
	}
	out, n := sqltext.Rewrite(in)
	assert.Equal(t, 2100, n)
	assert.Contains(t, out, "@p2100,")
}

func FuzzRewrite(f *testing.F) {
	for _, s := range []string{"SELECT ?", "'?'", "[?]", "/*?*/?", "--?\n?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, n := sqltext.Rewrite(s)
		if n == 0 && out != s {
			t.Fatalf("text changed without placeholders")
		}
		if n != sqltext.Count(s) {
			t.Fatalf("Rewrite and Count disagree")
		}
	})
}
