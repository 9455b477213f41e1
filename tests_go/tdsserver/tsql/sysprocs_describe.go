package tsql

// sp_describe_undeclared_parameters: the types a batch uses its
// undeclared @parameters as (what ODBC's SQLDescribeParam asks for).

import (
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func init() {
	systemProcs["sp_describe_undeclared_parameters"] = spDescribeUndeclared
}

// tdsTypeIDs are the TDS type bytes SQL Server suggests per kind.
var tdsTypeIDs = map[sqltype.Kind]int64{
	sqltype.TinyInt: 38, sqltype.SmallInt: 38, sqltype.Int: 38, sqltype.BigInt: 38, sqltype.Bit: 104,
	sqltype.Decimal: 106, sqltype.Numeric: 108, sqltype.Money: 110, sqltype.SmallMoney: 110, sqltype.Real: 109,
	sqltype.Float: 109, sqltype.Char: 175, sqltype.VarChar: 167, sqltype.Text: 35, sqltype.NChar: 239,
	sqltype.NVarChar: 231, sqltype.NText: 99, sqltype.Binary: 173, sqltype.VarBinary: 165, sqltype.Image: 34,
	sqltype.Date: 40, sqltype.Time: 41, sqltype.DateTime: 111, sqltype.SmallDateTime: 111, sqltype.DateTime2: 42,
	sqltype.DateTimeOffset: 43, sqltype.UniqueIdentifier: 36, sqltype.Xml: 241, sqltype.SQLVariant: 98,
}

func spDescribeUndeclared(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_describe_undeclared_parameters", []string{"tsql", "params"}, args)
	if err != nil {
		return 0, err
	}
	text, _ := argText(m, "tsql")
	decl, _ := argText(m, "params")
	declared, err := parseParamDecl(decl)
	if err != nil {
		return 0, err
	}
	stmts, err := parseBatch(text, x.s.opts.quotedIdent)
	if err != nil {
		return 0, err
	}
	names, err := undeclaredNames(text, declared, stmts)
	if err != nil {
		return 0, err
	}
	probes, err := x.probeParameters(stmts, declared, names)
	if err != nil {
		return 0, err
	}
	rows := make([][]any, len(names))
	for i, v := range probes {
		rows[i] = undeclaredRow(i+1, v.name, v.t)
	}
	return 0, x.emit(vcols("parameter_ordinal int, name sysname, suggested_system_type_id int, suggested_system_type_name nvarchar256?, suggested_max_length smallint, suggested_precision tinyint, suggested_scale tinyint, suggested_user_type_id int?, suggested_user_type_database sysname?, suggested_user_type_schema sysname?, suggested_user_type_name sysname?, suggested_assembly_qualified_type_name nvarchar4000?, suggested_xml_collection_id int?, suggested_xml_collection_database sysname?, suggested_xml_collection_schema sysname?, suggested_xml_collection_name sysname?, suggested_is_xml_document bit, suggested_is_case_sensitive bit, suggested_is_fixed_length_clr_type bit, suggested_is_input bit, suggested_is_output bit, formal_parameter_name sysname?, suggested_tds_type_id int, suggested_tds_length int"), rows)
}

func undeclaredRow(ordinal int, name string, t sqltype.Type) []any {
	length := int64(maxLengthBytes(t))
	tds := length
	if t.IsMax() {
		tds = 65535
	}
	id := int64(systemTypeID[t.Kind])
	return []any{int64(ordinal), name, id, t.String(), length, int64(typePrecision(t)), int64(typeScale(t)), id,
		nil, nil, nil, nil, nil, nil, nil, nil, int64(0), int64(0), int64(0), int64(1), int64(0), nil, tdsTypeIDs[t.Kind], tds}
}

// undeclaredNames lists, in order of first use, the @names a batch uses
// that neither @params nor a DECLARE in the batch declares.
func undeclaredNames(text string, declared []procParamDef, stmts []stmt) ([]string, error) {
	toks, err := lex(text, true)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, d := range declared {
		known[strings.ToLower(d.name)] = true
	}
	for _, st := range stmts {
		if d, ok := st.(*declareStmt); ok {
			for _, v := range d.Vars {
				known[strings.ToLower(v.Name)] = true
			}
		}
	}
	var out []string
	for _, t := range toks {
		if t.Kind != tVar || strings.HasPrefix(t.Text, "@@") || known[strings.ToLower(t.Text)] {
			continue
		}
		known[strings.ToLower(t.Text)] = true
		out = append(out, t.Text)
	}
	return out, nil
}

// probeParameters compiles the statements (without running them) with the
// undeclared names as probes, and returns each one typed by its first use
// (nvarchar(4000) when nothing says otherwise).
func (x *execCtx) probeParameters(stmts []stmt, declared []procParamDef, names []string) ([]*variable, error) {
	f := newFrame(x.frame)
	for _, d := range declared {
		f.vars[strings.ToLower(d.name)] = &variable{name: d.name, t: d.t}
	}
	probes := make([]*variable, len(names))
	for i, n := range names {
		probes[i] = &variable{name: n, probe: true}
		f.vars[strings.ToLower(n)] = probes[i]
	}
	saved := x.frame
	x.frame = f
	defer func() { x.frame = saved }()
	c := newCompiler(x)
	c.probes = map[*variable]sqltype.Type{}
	for _, st := range stmts {
		if err := x.describeStmt(c, st); err != nil {
			return nil, err
		}
	}
	for _, v := range probes {
		v.t = strType(sqltype.NVarChar, 4000)
		if t, ok := c.probes[v]; ok {
			v.t = t
		}
	}
	return probes, nil
}

// describeStmt compiles one statement for its parameter uses.
func (x *execCtx) describeStmt(c *compiler, st stmt) error {
	switch n := st.(type) {
	case *selectStmt:
		_, err := c.query(newScope(nil), n.Q, true)
		return err
	case *insertStmt:
		t, err := x.dmlTarget(n.Target)
		if err != nil || n.Exec != nil {
			return err
		}
		p, err := c.compileInsert(n, t)
		if p != nil {
			unregisterGen(p.gen)
		}
		return err
	case *updateStmt:
		t, sc, _, _, _, err := c.dmlSources(n.Target, n.From, n.With)
		if err == nil {
			_, err = c.updateSets(n, t, sc)
		}
		if err == nil {
			_, err = c.condition(sc, n.Where, "WHERE")
		}
		return err
	case *deleteStmt:
		_, sc, _, _, _, err := c.dmlSources(n.Target, n.From, n.With)
		if err == nil {
			_, err = c.condition(sc, n.Where, "WHERE")
		}
		return err
	case *setVarStmt:
		v := x.frame.lookup(n.Name)
		e, err := c.expr(newScope(nil), n.X)
		if err == nil && v != nil && !v.probe {
			c.suggest(e, v.t)
		}
		return err
	}
	return nil
}
