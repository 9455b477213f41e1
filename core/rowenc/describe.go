package rowenc

// Message is one server message (PRINT, warning or error) as described.
type Message struct {
	Number, State, Severity, Line int32
	Message, Server, Procedure    string
}

// Output is the value of an OUTPUT parameter; Kind and Scale say how to
// encode it.
type Output struct {
	Name  string
	Value any
	Kind  Kind
	Scale int32
}

// Description is the state of a statement's current result
// (docs/formats.md §2).
type Description struct {
	HasColumns   bool
	Columns      []Column
	RowCount     int64
	Messages     []Message
	Done         bool
	ReturnStatus *int32
	Outputs      []Output // nil until the statement has ended
}

// Encode writes the description in o.Format.
func (d *Description) Encode(o Options) []byte {
	if o.Format == FormatPlain {
		return d.plain()
	}
	var p Pickler
	p.Reset()
	p.EmptyDict()
	p.Mark()
	p.Str("columns")
	d.pickleColumns(&p)
	p.Str("rowcount")
	p.Int(d.RowCount)
	p.Str("messages")
	pickleMessages(&p, d.Messages)
	p.Str("done")
	p.Bool(d.Done)
	p.Str("return_status")
	if d.ReturnStatus == nil {
		p.None()
	} else {
		p.Int(int64(*d.ReturnStatus))
	}
	p.Str("outputs")
	d.pickleOutputs(&p, &o)
	p.SetItems()
	return p.Finish()
}

func (d *Description) pickleColumns(p *Pickler) {
	if !d.HasColumns {
		p.None()
		return
	}
	p.EmptyList()
	p.Mark()
	for _, c := range d.Columns {
		p.Mark()
		p.Text(c.Name)
		p.Int(int64(c.TypeCode))
		p.Int(c.DisplaySize)
		p.Int(c.InternalSize)
		p.Int(int64(c.Precision))
		p.Int(int64(c.Scale))
		p.Bool(c.Nullable)
		p.Str(c.TypeName)
		p.Tuple(8)
	}
	p.Appends()
}

func pickleMessages(p *Pickler, msgs []Message) {
	p.EmptyList()
	p.Mark()
	for _, m := range msgs {
		p.Mark()
		p.Int(int64(m.Number))
		p.Int(int64(m.State))
		p.Int(int64(m.Severity))
		p.Int(int64(m.Line))
		p.Text(m.Message)
		p.Text(m.Server)
		p.Text(m.Procedure)
		p.Tuple(7)
	}
	p.Appends()
}

func (d *Description) pickleOutputs(p *Pickler, o *Options) {
	if d.Outputs == nil {
		p.None()
		return
	}
	p.EmptyDict()
	p.Mark()
	for _, out := range d.Outputs {
		p.Text(out.Name)
		if out.Value == nil {
			p.None()
		} else {
			pickleCodecs[out.Kind](p, out.Value, o)
		}
	}
	p.SetItems()
}

func (d *Description) plain() []byte {
	w := &PlainWriter{}
	if !d.HasColumns {
		w.U32(0xFFFFFFFF)
	} else {
		w.U32(uint32(len(d.Columns)))
		for _, c := range d.Columns {
			w.Text(c.Name)
			w.I32(c.TypeCode)
			w.I64(c.InternalSize)
			w.I32(c.Precision)
			w.I32(c.Scale)
			w.U8(boolByte(c.Nullable))
			w.Text(c.TypeName)
		}
	}
	w.I64(d.RowCount)
	w.U32(uint32(len(d.Messages)))
	for _, m := range d.Messages {
		w.I32(m.Number)
		w.I32(m.State)
		w.I32(m.Severity)
		w.I32(m.Line)
		w.Text(m.Message)
		w.Text(m.Server)
		w.Text(m.Procedure)
	}
	d.plainTail(w)
	return w.Bytes()
}

func (d *Description) plainTail(w *PlainWriter) {
	w.U8(boolByte(d.Done))
	w.U8(boolByte(d.ReturnStatus != nil))
	if d.ReturnStatus != nil {
		w.I32(*d.ReturnStatus)
	} else {
		w.I32(0)
	}
	w.U32(uint32(len(d.Outputs)))
	for _, out := range d.Outputs {
		w.Text(out.Name)
		w.Cell(out.Value, out.Kind, int(out.Scale))
	}
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// Field is one key and value of a pickled dict.
type Field struct {
	Key   string
	Value any // nil, bool, int64, int, float64, string or []byte
}

// PickleDict writes a dict of plain values (conn_info).
func PickleDict(fields []Field) []byte {
	var p Pickler
	p.Reset()
	p.EmptyDict()
	p.Mark()
	for _, f := range fields {
		p.Str(f.Key)
		pickleAny(&p, f.Value, &Options{})
	}
	p.SetItems()
	return p.Finish()
}

// PickleTuples writes a list of tuples of plain values (log events).
func PickleTuples(rows [][]any) []byte {
	var p Pickler
	p.Reset()
	p.EmptyList()
	p.Mark()
	for _, r := range rows {
		p.Mark()
		for _, v := range r {
			pickleAny(&p, v, &Options{})
		}
		p.MarkTuple()
	}
	p.Appends()
	return p.Finish()
}
