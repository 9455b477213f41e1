package tsql

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// execCreateView runs CREATE [OR ALTER] VIEW / ALTER VIEW: the query is
// compiled to check it and to record its column types; references to the
// view inline its query.
func (x *execCtx) execCreateView(n *createViewStmt) error {
	cs, err := x.resolveSchema(n.Name)
	if err != nil {
		return err
	}
	c := newCompiler(x)
	c.static = true
	q, err := c.query(newScope(nil), n.Q, false)
	if err != nil {
		return err
	}
	cols := q.cols
	if len(n.Columns) > 0 {
		if len(n.Columns) != len(cols) {
			return newErr(8159, 16, 1, "'%s' has fewer columns than were specified in the column list.", n.Name.Name).compiled()
		}
		for i := range cols {
			cols[i].name = n.Columns[i]
		}
	}
	for i, oc := range cols {
		if oc.name == "" {
			return newErr(4511, 16, 1, "Create View or Function failed because no column name was specified for column %d.", i+1).compiled()
		}
	}
	finish, err := x.writeScope(false)
	if err != nil {
		return err
	}
	return finish(x.writeModule(cs, n.Name.Name, "V", n.Text, n.OrAlter, n.stmtLine(), func(id int64) error {
		return x.writeViewColumns(cs, id, cols)
	}))
}

func (x *execCtx) writeViewColumns(cs catalogSchema, id int64, cols []outCol) error {
	a := quoteIdent(cs.alias) + "."
	for i, oc := range cols {
		c := &colSpec{colDef: colDef{id: i + 1, name: oc.name, typ: oc.t.Type, nullable: oc.t.Nullable, identity: oc.identity}}
		if err := x.s.writeColumn(x.ctx, a, id, c); err != nil {
			return err
		}
	}
	return nil
}

// writeModule stores a view or procedure, replacing it for ALTER.
func (x *execCtx) writeModule(cs catalogSchema, name, typ, text string, orAlter bool, line int, extra func(int64) error) error {
	if cs.alias != "temp" {
		if _, ok, err := x.schemaID(cs.db, cs.schema); err != nil || !ok {
			if err != nil {
				return err
			}
			return errSchemaNotFound(cs.schema)
		}
	}
	_, id, oldType, _, err := x.moduleInfo(objName{Schema: cs.schema, Name: name, DB: dbNameOf(cs)}, "UVP")
	if err != nil {
		return err
	}
	alter := strings.HasPrefix(strings.ToUpper(strings.TrimSpace(text)), "ALTER")
	switch {
	case id != 0 && oldType != typ:
		return errObjectExists(name)
	case id != 0 && !orAlter && !alter:
		return errObjectExists(name)
	case id == 0 && alter:
		return newErr(208, 16, 3, "Invalid object name '%s'.", name)
	}
	created := catalogNow()
	if id != 0 {
		v, err := x.s.c.queryValue(x.ctx, "SELECT create_date FROM "+quoteIdent(cs.alias)+".__tsql_objects WHERE object_id = ?", id)
		if err != nil {
			return err
		}
		created = str(v)
		if err := x.s.deleteObjectCatalog(x.ctx, cs.alias, id); err != nil {
			return err
		}
	} else if id, err = x.s.newObjectID(x.ctx, cs.alias); err != nil {
		return err
	}
	schemaID, _, err := x.schemaID(x.dbOf(cs), cs.schema)
	if err != nil {
		return err
	}
	if _, err := x.s.c.exec(x.ctx, "INSERT INTO "+quoteIdent(cs.alias)+".__tsql_objects VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
		id, name, schemaID, typ, created, catalogNow(), text, itoa(int64(line-1))); err != nil {
		return err
	}
	x.noteDDL()
	return extra(id)
}

func dbNameOf(cs catalogSchema) string {
	if cs.db == nil {
		return ""
	}
	return cs.db.Name
}

func (x *execCtx) dbOf(cs catalogSchema) *database {
	if cs.db != nil {
		return cs.db
	}
	return x.s.e.database("tempdb")
}

// execCreateProc runs CREATE [OR ALTER] PROCEDURE / ALTER PROCEDURE.
func (x *execCtx) execCreateProc(n *createProcStmt) error {
	cs, err := x.resolveSchema(n.Name)
	if err != nil {
		return err
	}
	params := make([]procParamDef, len(n.Params))
	for i, p := range n.Params {
		t, err := resolveType(p.Type)
		if err != nil {
			return err
		}
		params[i] = procParamDef{name: p.Name, t: t, output: p.Output}
		if p.Default != nil {
			v, err := x.constantDefault(p.Default, t)
			if err != nil {
				return err
			}
			params[i].hasDefault, params[i].def = true, v
		}
	}
	finish, err := x.writeScope(isTempName(n.Name.Name))
	if err != nil {
		return err
	}
	return finish(x.writeModule(cs, n.Name.Name, "P", n.Text, n.OrAlter, n.stmtLine(), func(id int64) error {
		return x.writeParams(cs, id, params)
	}))
}

// procParamDef is a procedure parameter as stored.
type procParamDef struct {
	name       string
	t          sqltype.Type
	output     bool
	hasDefault bool
	def        any // stored value of the default
}

// constantDefault evaluates a parameter default (a constant or NULL).
func (x *execCtx) constantDefault(e expr, t sqltype.Type) (any, error) {
	c := newCompiler(x)
	c.static = true
	ce, err := c.expr(newScope(nil), e)
	if err != nil {
		return nil, err
	}
	if ce.null {
		return nil, nil
	}
	if !ce.lit {
		return nil, newErr(2741, 16, 1, "Default values for parameters must be constants.").compiled()
	}
	return convertValue(ce.val, ce.t.Type, t, 0)
}

func (x *execCtx) writeParams(cs catalogSchema, id int64, params []procParamDef) error {
	for i, p := range params {
		def := any(nil)
		if p.hasDefault && p.def != nil {
			s, _ := textOf(p.def, p.t, 0)
			def = s
		}
		if _, err := x.s.c.exec(x.ctx, "INSERT INTO "+quoteIdent(cs.alias)+".__tsql_parameters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			id, i+1, p.name, p.t.Kind.String(), maxLengthBytes(p.t), typePrecision(p.t), typeScale(p.t),
			boolInt64(p.output), boolInt64(p.hasDefault), def); err != nil {
			return err
		}
	}
	return nil
}
