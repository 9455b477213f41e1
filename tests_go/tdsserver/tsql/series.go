package tsql

import (
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"modernc.org/sqlite/vtab"
)

// GENERATE_SERIES runs as a Go virtual table (a recursive CTE costs about
// four times as much per row): each session has a TEMP table "~series"
// whose hidden columns start, stop and step take the arguments.

const seriesTable = `temp."~series"`

type seriesModule struct{}

func (seriesModule) Create(ctx vtab.Context, _ []string) (vtab.Table, error) {
	return declareSeries(ctx)
}

func (seriesModule) Connect(ctx vtab.Context, _ []string) (vtab.Table, error) {
	return declareSeries(ctx)
}

func declareSeries(ctx vtab.Context) (vtab.Table, error) {
	if err := ctx.Declare("CREATE TABLE x(value INTEGER, start HIDDEN, stop HIDDEN, step HIDDEN)"); err != nil {
		return nil, err
	}
	return seriesTableImpl{}, nil
}

type seriesTableImpl struct{}

// BestIndex takes the equality constraints on start, stop and step; the
// plan number records which were given (bits 1, 2, 4).
func (seriesTableImpl) BestIndex(info *vtab.IndexInfo) error {
	next := 0
	for _, col := range []int{1, 2, 3} {
		for i := range info.Constraints {
			c := &info.Constraints[i]
			if c.Column == col && c.Op == vtab.OpEQ && c.Usable {
				c.ArgIndex, c.Omit = next, true
				info.IdxNum |= 1 << (col - 1)
				next++
				break
			}
		}
	}
	info.EstimatedCost = 1
	if info.IdxNum&3 != 3 {
		info.EstimatedCost = 1e12
	}
	if len(info.OrderBy) == 1 && info.OrderBy[0].Column == 0 && !info.OrderBy[0].Desc {
		info.OrderByConsumed = false
	}
	return nil
}

func (seriesTableImpl) Open() (vtab.Cursor, error) { return &seriesCursor{}, nil }
func (seriesTableImpl) Disconnect() error          { return nil }
func (seriesTableImpl) Destroy() error             { return nil }

type seriesCursor struct {
	cur, stop, step int64
	done            bool
}

func (c *seriesCursor) Filter(idxNum int, _ string, vals []vtab.Value) error {
	args := [3]int64{}
	have := [3]bool{}
	j := 0
	for bit := 0; bit < 3; bit++ {
		if idxNum&(1<<bit) != 0 && j < len(vals) {
			if vals[j] == nil {
				c.done = true
				return nil
			}
			args[bit], have[bit] = i64(vals[j]), true
			j++
		}
	}
	c.cur, c.stop, c.step, c.done = args[0], args[1], args[2], !have[0] || !have[1]
	if !have[2] {
		c.step = 1
		if c.cur > c.stop {
			c.step = -1
		}
	}
	if c.step == 0 {
		c.done = true
	}
	return nil
}

func (c *seriesCursor) Next() error {
	next := c.cur + c.step
	if (c.step > 0 && next < c.cur) || (c.step < 0 && next > c.cur) {
		c.done = true // overflow
	}
	c.cur = next
	return nil
}

func (c *seriesCursor) Eof() bool {
	return c.done || (c.step > 0 && c.cur > c.stop) || (c.step < 0 && c.cur < c.stop)
}

func (c *seriesCursor) Column(int) (vtab.Value, error) { return c.cur, nil }
func (c *seriesCursor) Rowid() (int64, error)          { return c.cur, nil }
func (c *seriesCursor) Close() error                   { return nil }

// seriesSQL is the FROM item of GENERATE_SERIES over integer arguments.
func seriesSQL(start, stop, step string) string {
	where := " WHERE start = " + start + " AND stop = " + stop
	if step != "" {
		where += " AND step = " + step
	}
	return "(SELECT value FROM " + seriesTable + where + ")"
}

// seriesType is the column type for integer series arguments.
func seriesType(t sqltype.Type) bool { return isIntKind(t.Kind) }
