package core

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/core/rowenc"
	"github.com/mssql-python-go/mssql-python-go/core/tds"
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
			d.HasColumns, d.Columns, d.RowCount = true, cur.cols, cur.fetched
		case resultCount:
			d.RowCount = cur.count
		}
	}
	d.Done = st.req == nil || st.req.ended
	if d.Done && st.req != nil {
		st.describeOutputs(&d)
	}
	return d.Encode(opts)
}

func (st *Statement) describeOutputs(d *rowenc.Description) {
	r := st.req
	if r.proc && r.fatal == nil && r.retStatus != nil {
		status := *r.retStatus
		d.ReturnStatus = &status
	}
	if st.status != nil {
		if v, ok := r.returned(st.status.name).(int64); ok {
			status := int32(v)
			d.ReturnStatus = &status
		}
	}
	if len(st.outs) == 0 {
		return
	}
	d.Outputs = make([]rowenc.Output, len(st.outs))
	for i, b := range st.outs {
		d.Outputs[i] = rowenc.Output{Name: b.name, Value: outputValue(r.returned(b.name)), Kind: b.kind, Scale: b.scale}
	}
}

// returned is the value the server returned for an OUTPUT parameter
// (nil when it sent none).
func (r *request) returned(name string) any {
	for i := range r.returns {
		if strings.EqualFold(strings.TrimPrefix(r.returns[i].Name, "@"), name) {
			return r.returns[i].Value
		}
	}
	return nil
}

// firstReturn is the first value the server returned (a prepared
// handle).
func (r *request) firstReturn() any {
	if len(r.returns) == 0 {
		return nil
	}
	return r.returns[0].Value
}

// outputValue converts a returned value to the Go type its description
// codec takes.
func outputValue(v any) any {
	switch x := v.(type) {
	case tds.Decimal:
		return x.AppendText(nil)
	case tds.DateTime:
		return x.Time()
	case [16]byte:
		return x[:]
	}
	return v
}
