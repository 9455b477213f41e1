package errors_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mssql-python-go/mssql-python-go/core"
)

func TestClassByNumber(t *testing.T) {
	cases := map[core.Class][]int32{
		core.ClassIntegrity:   {2627, 2601, 547, 515},
		core.ClassData:        {8152, 2628, 8134, 245, 8114, 8115, 220, 232, 241, 242, 296, 517, 8169, 9809},
		core.ClassProgramming: {102, 105, 156, 170, 137, 201, 207, 208, 209, 213, 229, 2714, 2812, 3701, 4104, 8144, 8178},
		core.ClassOperational: {1205, 3960, 1222, 3902, 3903, 4060, 18456, 18452, 18486, 18487, 18488, 233, 701, 40613, 40197, 40501, 10928, 10929},
	}
	for class, numbers := range cases {
		for _, n := range numbers {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				// whatever the severity, the number decides
				for _, sev := range []uint8{11, 14, 16, 20} {
					assert.Equal(t, class, core.ClassifyServer(n, sev), "number %d severity %d", n, sev)
				}
				err := &core.ServerError{Number: n, Class: 16, Message: "m"}
				assert.Equal(t, class, core.ClassOf(err))
				assert.Equal(t, class, core.ClassOf(fmt.Errorf("wrapped: %w", err)))
			})
		}
	}
}

func TestClassBySeverityFallback(t *testing.T) {
	cases := []struct {
		severity uint8
		class    core.Class
	}{
		{0, core.ClassDatabase}, {10, core.ClassDatabase},
		{11, core.ClassProgramming}, {16, core.ClassProgramming},
		{17, core.ClassOperational}, {19, core.ClassOperational}, {20, core.ClassOperational}, {25, core.ClassOperational},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.class, core.ClassifyServer(50000, tc.severity), "severity %d", tc.severity)
	}
}

func TestDriverErrorsWrapAndCarryFlags(t *testing.T) {
	cause := io.ErrUnexpectedEOF
	err := &core.Error{Class: core.ClassOperational, Flags: core.FlagBadConn | core.FlagSafeToRetry, Msg: "broken", Err: cause}
	wrapped := fmt.Errorf("outer: %w", err)
	assert.True(t, core.IsBadConn(wrapped))
	assert.True(t, core.SafeToRetry(wrapped))
	assert.False(t, core.Timeout(wrapped))
	assert.False(t, core.Cancelled(wrapped))
	assert.True(t, errors.Is(wrapped, io.ErrUnexpectedEOF))
	assert.Equal(t, core.ClassOperational, core.ClassOf(wrapped))
	assert.Equal(t, "broken: unexpected EOF", err.Error())

	timeout := &core.Error{Class: core.ClassOperational, Flags: core.FlagTimeout, Msg: "Query timeout expired"}
	assert.True(t, core.Timeout(timeout))
	assert.Equal(t, core.FlagTimeout, core.Flags(timeout))

	// a driver error without its own class takes its cause's
	chain := &core.ServerError{Number: 2627, Class: 14, Message: "dup", All: []core.ServerError{{Number: 2627}, {Number: 3621}}}
	classless := &core.Error{Flags: core.FlagSafeToRetry, Err: chain}
	assert.Equal(t, core.ClassIntegrity, core.ClassOf(classless))
	assert.Equal(t, core.ClassDatabase, core.ClassOf(context.Canceled))
}

func TestServerErrorText(t *testing.T) {
	err := &core.ServerError{Number: 208, Class: 16, State: 1, Message: "Invalid object name 'x'."}
	assert.Equal(t, "Invalid object name 'x'. (SQL Server error 208, severity 16, state 1)", err.Error())
}
