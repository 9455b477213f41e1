package tsql

import (
	"sort"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

func spStoredProcedures(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_stored_procedures", []string{"sp_name", "sp_owner", "sp_qualifier", "fUsePattern"}, args)
	if err != nil {
		return 0, err
	}
	db, err := x.catalogDB(m, "sp_qualifier")
	if err != nil {
		return 0, err
	}
	use := argNum(m, "fUsePattern", 1) == 1
	name, owner := newMatcher(m, "sp_name", use), newMatcher(m, "sp_owner", use)
	objs, err := x.objects(db, "P")
	if err != nil {
		return 0, err
	}
	var rows [][]any
	for _, o := range objs {
		if name.match(o.name) && owner.match(o.schema) {
			rows = append(rows, []any{db.Name, o.schema, o.name + ";1", int64(-1), int64(-1), int64(-1), nil, int64(2)})
		}
	}
	sortRows(rows, 1, 2)
	return 0, x.emit(vcols("PROCEDURE_QUALIFIER sysname?, PROCEDURE_OWNER sysname?, PROCEDURE_NAME nvarchar134?, NUM_INPUT_PARAMS int?, NUM_OUTPUT_PARAMS int?, NUM_RESULT_SETS int?, REMARKS varchar254?, PROCEDURE_TYPE smallint?"), rows)
}

func spSprocColumns(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_sproc_columns", []string{"procedure_name", "procedure_owner", "procedure_qualifier", "column_name", "ODBCVer", "fUsePattern"}, args)
	if err != nil {
		return 0, err
	}
	db, err := x.catalogDB(m, "procedure_qualifier")
	if err != nil {
		return 0, err
	}
	ver := argNum(m, "ODBCVer", 2)
	use := argNum(m, "fUsePattern", 1) == 1
	pname, _ := argText(m, "procedure_name")
	name := matcher{pattern: strings.TrimSuffix(pname, ";1"), set: pname != "", pat: use}
	owner := newMatcher(m, "procedure_owner", use)
	colMatch := newMatcher(m, "column_name", use)
	objs, err := x.objects(db, "P")
	if err != nil {
		return 0, err
	}
	var rows [][]any
	for _, o := range objs {
		if !name.match(o.name) || !owner.match(o.schema) {
			continue
		}
		p, err := x.loadProc(objName{DB: db.Name, Schema: o.schema, Name: o.name})
		if err != nil || p == nil {
			return 0, err
		}
		if colMatch.match("@RETURN_VALUE") {
			rows = append(rows, procColumnRow(db, o, "@RETURN_VALUE", 5, typInt, 0, ver, false))
		}
		for i, prm := range p.params {
			if !colMatch.match(prm.name) {
				continue
			}
			kind := int64(1)
			if prm.output {
				kind = 2
			}
			rows = append(rows, procColumnRow(db, o, prm.name, kind, prm.t, i+1, ver, true))
		}
	}
	return 0, x.emit(vcols("PROCEDURE_QUALIFIER sysname?, PROCEDURE_OWNER sysname?, PROCEDURE_NAME nvarchar134?, COLUMN_NAME sysname?, COLUMN_TYPE smallint?, DATA_TYPE smallint?, TYPE_NAME sysname?, PRECISION int?, LENGTH int?, SCALE smallint?, RADIX smallint?, NULLABLE smallint?, REMARKS varchar254?, COLUMN_DEF nvarchar4000?, SQL_DATA_TYPE smallint?, SQL_DATETIME_SUB smallint?, CHAR_OCTET_LENGTH int?, ORDINAL_POSITION int?, IS_NULLABLE varchar254?, SS_DATA_TYPE tinyint?"), rows)
}

func procColumnRow(db *database, o catalogObject, name string, kind int64, t sqltype.Type, ordinal int, ver int64, nullable bool) []any {
	ot := odbcTypes[t.Kind]
	n, isn := int64(0), "NO"
	if nullable {
		n, isn = 1, "YES"
	}
	var octet any
	if isStringKind(t.Kind) || isBinaryKind(t.Kind) {
		octet = odbcLength(t)
	}
	return []any{db.Name, o.schema, o.name + ";1", name, kind, odbcDataType(t, ver), odbcTypeName(t, false),
		odbcPrecision(t), odbcLength(t), odbcScale(t), ot.radix, n, nil, nil, odbcSQLDataType(t, ver), odbcDateSub(t),
		octet, int64(ordinal), isn, ot.ssType}
}

// datatypeRow is one row of sp_datatype_info.
type datatypeRow struct {
	name     string
	t        sqltype.Type
	identity bool
}

func datatypeRows() []datatypeRow {
	var out []datatypeRow
	for _, bt := range builtinTypes {
		if bt.name == "sysname" || bt.name == "timestamp" {
			continue
		}
		k, _ := sqltype.KindByName(bt.name)
		t := typeFromCatalog(bt.name, bt.maxLen, bt.precision, bt.scale)
		if isStringKind(k) || isBinaryKind(k) {
			t.Length = 8000
			if isUnicodeKind(k) {
				t.Length = 4000
			}
			if k == sqltype.Text || k == sqltype.NText || k == sqltype.Image {
				t.Length = 0
			}
		}
		out = append(out, datatypeRow{name: bt.name, t: t})
		if isIntKind(k) || k == sqltype.Decimal || k == sqltype.Numeric {
			out = append(out, datatypeRow{name: bt.name + " identity", t: t, identity: true})
		}
	}
	return out
}

func spDatatypeInfo(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_datatype_info", []string{"data_type", "ODBCVer"}, args)
	if err != nil {
		return 0, err
	}
	ver := argNum(m, "ODBCVer", 2)
	want := argNum(m, "data_type", 0)
	var rows [][]any
	for _, d := range datatypeRows() {
		dt := odbcDataType(d.t, ver)
		if want != 0 && dt != want {
			continue
		}
		rows = append(rows, typeInfoRow(d, dt, ver))
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if a, b := rows[i][1].(int64), rows[j][1].(int64); a != b {
			return a < b
		}
		return str(rows[i][0]) < str(rows[j][0])
	})
	return 0, x.emit(vcols("TYPE_NAME sysname?, DATA_TYPE smallint?, PRECISION int?, LITERAL_PREFIX varchar32?, LITERAL_SUFFIX varchar32?, CREATE_PARAMS varchar32?, NULLABLE smallint?, CASE_SENSITIVE smallint?, SEARCHABLE smallint?, UNSIGNED_ATTRIBUTE smallint?, MONEY smallint?, AUTO_INCREMENT smallint?, LOCAL_TYPE_NAME sysname?, MINIMUM_SCALE smallint?, MAXIMUM_SCALE smallint?, SQL_DATA_TYPE smallint?, SQL_DATETIME_SUB smallint?, NUM_PREC_RADIX int?, INTERVAL_PRECISION smallint?, USERTYPE smallint?"), rows)
}

func typeInfoRow(d datatypeRow, dt, ver int64) []any {
	o := odbcTypes[d.t.Kind]
	nullable, auto := int64(1), any(nil)
	if d.identity {
		nullable, auto = 0, int64(1)
	} else if isNumericKind(d.t.Kind) && d.t.Kind != sqltype.Bit {
		auto = int64(0)
	}
	var minScale, maxScale any
	switch k := d.t.Kind; {
	case k == sqltype.Decimal || k == sqltype.Numeric:
		minScale, maxScale = int64(0), int64(38)
	case isIntKind(k) || k == sqltype.Bit:
		minScale, maxScale = int64(0), int64(0)
	case isMoney(k):
		minScale, maxScale = int64(4), int64(4)
	case k == sqltype.Time || k == sqltype.DateTime2 || k == sqltype.DateTimeOffset:
		minScale, maxScale = int64(0), int64(7)
	case k == sqltype.DateTime:
		minScale, maxScale = int64(3), int64(3)
	}
	createParams := o.createParams
	if d.identity {
		createParams = nil
	}
	prec := odbcPrecision(d.t)
	if d.t.Kind == sqltype.Decimal || d.t.Kind == sqltype.Numeric {
		prec = 38
	}
	return []any{d.name, dt, prec, o.prefix, o.suffix, createParams, nullable, o.caseSensitive, o.searchable,
		o.unsigned, o.money, auto, d.name, minScale, maxScale, odbcSQLDataType(d.t, ver), odbcDateSub(d.t), o.radix, nil, int64(0)}
}

// spDescribeFirstResultSet describes the first result set of a batch
// without running it.
func spDescribeFirstResultSet(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_describe_first_result_set", []string{"tsql", "params", "browse_information_mode"}, args)
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
	f := newFrame(x.frame)
	for _, d := range declared {
		f.vars[strings.ToLower(d.name)] = &variable{name: d.name, t: d.t}
	}
	saved := x.frame
	x.frame = f
	defer func() { x.frame = saved }()
	var cols []outCol
	for _, st := range stmts {
		if sel, ok := st.(*selectStmt); ok {
			q, err := newCompiler(x).query(newScope(nil), sel.Q, true)
			if err != nil {
				return 0, err
			}
			cols = q.cols
			break
		}
	}
	rows := make([][]any, len(cols))
	for i, oc := range cols {
		var name, coll any
		if oc.name != "" {
			name = oc.name
		}
		if isStringKind(oc.t.Kind) {
			coll = defaultCollation
		}
		rows[i] = []any{int64(0), int64(i + 1), name, boolToInt(oc.t.Nullable), int64(systemTypeID[oc.t.Kind]), oc.t.String(),
			int64(maxLengthBytes(oc.t.Type)), int64(typePrecision(oc.t.Type)), int64(typeScale(oc.t.Type)), coll,
			boolToInt(oc.identity)}
	}
	return 0, x.emit(vcols("is_hidden bit, column_ordinal int, name sysname?, is_nullable bit, system_type_id int, system_type_name nvarchar256?, max_length smallint, precision tinyint, scale tinyint, collation_name sysname?, is_identity_column bit?"), rows)
}
