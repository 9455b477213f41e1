package session_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mssql-python-go/mssql-python-go/tests_go/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Run(m)) }

func TestSmokeSelect(t *testing.T) {
	s := open(t, testenv.ConnString(t))
	st := s.NewStatement()
	ok, err := st.Execute(ctx(t), "SELECT 1 AS one, N'x' AS two", nil, 0)
	require.NoError(t, err)
	require.True(t, ok)
	got, err := fetchAll(t, st)
	require.NoError(t, err)
	assert.Equal(t, [][]any{{int64(1), "x"}}, got)
}
