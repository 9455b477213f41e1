package core

import (
	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
)

// Describe encodes the current result's description, the messages
// received since the last call (each is returned once) and, once the
// request has ended, the OUTPUT values and the return status.
func (st *Statement) Describe(opts rowenc.Options) []byte {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := rowenc.Description{RowCount: -1, Messages: st.messages}
	st.messages = nil
	if cur := st.cur; cur != nil {
		switch cur.kind {
		case resultRows:
			d.HasColumns, d.Columns, d.RowCount = true, cur.cols, cur.queue.fetched()
		case resultCount:
			d.RowCount = cur.count
		}
	}
	d.Done = st.req == nil || isClosed(st.req.done)
	if d.Done && st.req != nil {
		st.describeOutputs(&d)
	}
	return d.Encode(opts)
}

func (st *Statement) describeOutputs(d *rowenc.Description) {
	if st.proc && st.req.fatal == nil {
		status := int32(st.req.retStatus)
		d.ReturnStatus = &status
	}
	if st.status != nil {
		if v, ok := (*st.status.out).(int64); ok {
			status := int32(v)
			d.ReturnStatus = &status
		}
	}
	if len(st.outs) == 0 {
		return
	}
	d.Outputs = make([]rowenc.Output, len(st.outs))
	for i, b := range st.outs {
		d.Outputs[i] = rowenc.Output{Name: b.name, Value: outputValue(*b.out), Kind: b.kind, Scale: b.scale}
	}
}

// outputValue is what go-mssqldb stored for an OUTPUT parameter: the
// server's value, or still the typed NULL or input value this driver sent
// when no RETURNVALUE arrived (then it reports NULL).
func outputValue(v any) any {
	switch v.(type) {
	case nil, int64, float64, bool, string, []byte:
		return v
	case interface{ IsZero() bool }:
		return v // time.Time
	}
	return nil
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
