package tsql

import (
	"sort"
	"strings"
)

// sortRows orders catalog rows by the given columns (text compare, NULL first).
func sortRows(rows [][]any, keys ...int) {
	sort.SliceStable(rows, func(i, j int) bool {
		for _, k := range keys {
			a, b := rows[i][k], rows[j][k]
			if a == nil || b == nil {
				if a == nil && b != nil {
					return true
				}
				continue
			}
			if ai, ok := a.(int64); ok {
				if bi := b.(int64); ai != bi {
					return ai < bi
				}
				continue
			}
			if c := strings.Compare(strings.ToLower(str(a)), strings.ToLower(str(b))); c != 0 {
				return c < 0
			}
		}
		return false
	})
}

// tableOf loads a catalog object's definition.
func (x *execCtx) tableOf(db *database, o catalogObject) (*tableDef, error) {
	cs := catalogSchema{alias: db.Alias, db: db, schema: o.schema}
	if strings.HasPrefix(o.name, "#") {
		cs = catalogSchema{alias: "temp", schema: "dbo"}
	}
	return x.s.readTable(x.ctx, cs, o.name)
}

// matchingTables lists the tables (and views) a catalog procedure names.
func (x *execCtx) matchingTables(m map[string]any, types string, use bool) (*database, []*tableDef, error) {
	db, err := x.catalogDB(m, "table_qualifier")
	if err != nil {
		return nil, nil, err
	}
	if n, _ := argText(m, "table_name"); strings.HasPrefix(n, "#") {
		db = x.s.e.database("tempdb")
	}
	name, owner := newMatcher(m, "table_name", use), newMatcher(m, "table_owner", use)
	objs, err := x.objects(db, types)
	if err != nil {
		return nil, nil, err
	}
	var out []*tableDef
	for _, o := range objs {
		if !name.match(o.name) || !owner.match(o.schema) {
			continue
		}
		t, err := x.tableOf(db, o)
		if err != nil {
			return nil, nil, err
		}
		if t != nil {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].schema != out[j].schema {
			return strings.ToLower(out[i].schema) < strings.ToLower(out[j].schema)
		}
		return strings.ToLower(out[i].name) < strings.ToLower(out[j].name)
	})
	return db, out, nil
}

const columnsShape = "TABLE_QUALIFIER sysname?, TABLE_OWNER sysname?, TABLE_NAME sysname?, COLUMN_NAME sysname?, DATA_TYPE smallint?, TYPE_NAME sysname?, PRECISION int?, LENGTH int?, SCALE smallint?, RADIX smallint?, NULLABLE smallint?, REMARKS varchar254?, COLUMN_DEF nvarchar4000?, SQL_DATA_TYPE smallint?, SQL_DATETIME_SUB smallint?, CHAR_OCTET_LENGTH int?, ORDINAL_POSITION int?, IS_NULLABLE varchar254?, SS_DATA_TYPE tinyint?"

func spColumns(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_columns", []string{"table_name", "table_owner", "table_qualifier", "column_name", "ODBCVer", "fUsePattern"}, args)
	if err != nil {
		return 0, err
	}
	if _, ok := m["table_name"]; !ok {
		return 0, errParamNotSupplied("sp_columns", "@table_name")
	}
	ver := argNum(m, "ODBCVer", 2)
	db, tables, err := x.matchingTables(m, "UV", argNum(m, "fUsePattern", 1) == 1)
	if err != nil {
		return 0, err
	}
	colMatch := newMatcher(m, "column_name", true)
	var rows [][]any
	for _, t := range tables {
		for _, c := range t.cols {
			if colMatch.match(c.name) {
				rows = append(rows, columnRow(db, t, c, ver))
			}
		}
	}
	return 0, x.emit(vcols(columnsShape), rows)
}

func columnRow(db *database, t *tableDef, c *colDef, ver int64) []any {
	o := odbcTypes[c.typ.Kind]
	nullable, isNullable := int64(0), "NO"
	if c.nullable {
		nullable, isNullable = 1, "YES"
	}
	var def any
	if c.defaultSQL != "" {
		def = c.defaultSQL
	}
	var octet any
	if isStringKind(c.typ.Kind) || isBinaryKind(c.typ.Kind) {
		octet = odbcLength(c.typ)
	}
	return []any{db.Name, t.schema, t.name, c.name, odbcDataType(c.typ, ver), odbcTypeName(c.typ, c.identity),
		odbcPrecision(c.typ), odbcLength(c.typ), odbcScale(c.typ), o.radix, nullable, nil, def,
		odbcSQLDataType(c.typ, ver), odbcDateSub(c.typ), octet, int64(c.id), isNullable, o.ssType}
}

func spPkeys(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_pkeys", []string{"table_name", "table_owner", "table_qualifier"}, args)
	if err != nil {
		return 0, err
	}
	db, tables, err := x.matchingTables(m, "U", false)
	if err != nil {
		return 0, err
	}
	var rows [][]any
	for _, t := range tables {
		keys, err := x.tableKeys(t)
		if err != nil {
			return 0, err
		}
		for _, k := range keys {
			if !k.primary {
				continue
			}
			for i, c := range k.cols {
				rows = append(rows, []any{db.Name, t.schema, t.name, c, int64(i + 1), k.name})
			}
		}
	}
	return 0, x.emit(vcols("TABLE_QUALIFIER sysname?, TABLE_OWNER sysname?, TABLE_NAME sysname?, COLUMN_NAME sysname?, KEY_SEQ smallint?, PK_NAME sysname?"), rows)
}

func spFkeys(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_fkeys", []string{"pktable_name", "pktable_owner", "pktable_qualifier", "fktable_name", "fktable_owner", "fktable_qualifier"}, args)
	if err != nil {
		return 0, err
	}
	_, hasPK := argText(m, "pktable_name")
	_, hasFK := argText(m, "fktable_name")
	if !hasPK && !hasFK {
		return 0, newErr(15252, 16, 1, "The primary key or foreign key table name must be given.")
	}
	db := x.s.db
	a := quoteIdent(db.Alias) + "."
	rows, err := x.s.c.queryAll(x.ctx, `SELECT rs.name, rt.name, rc.name, ps.name, pt.name, pc.name, fc.constraint_column_id,
		f.update_action, f.delete_action, k.name,
		(SELECT name FROM `+a+`__tsql_objects WHERE parent_object_id = f.referenced_object_id AND type = 'PK')
		FROM `+a+`__tsql_foreign_keys f JOIN `+a+`__tsql_objects k ON k.object_id = f.object_id
		JOIN `+a+`__tsql_objects rt ON rt.object_id = f.referenced_object_id JOIN `+a+`__tsql_schemas rs ON rs.schema_id = rt.schema_id
		JOIN `+a+`__tsql_objects pt ON pt.object_id = f.parent_object_id JOIN `+a+`__tsql_schemas ps ON ps.schema_id = pt.schema_id
		JOIN `+a+`__tsql_fk_columns fc ON fc.constraint_object_id = f.object_id
		JOIN `+a+`__tsql_columns rc ON rc.object_id = f.referenced_object_id AND rc.column_id = fc.referenced_column_id
		JOIN `+a+`__tsql_columns pc ON pc.object_id = f.parent_object_id AND pc.column_id = fc.parent_column_id`)
	if err != nil {
		return 0, err
	}
	pkName, pkOwner := newMatcher(m, "pktable_name", false), newMatcher(m, "pktable_owner", false)
	fkName, fkOwner := newMatcher(m, "fktable_name", false), newMatcher(m, "fktable_owner", false)
	rule := map[int64]int64{0: 1, 1: 0, 2: 2, 3: 4}
	var out [][]any
	for _, r := range rows {
		if !pkName.match(str(r[1])) || !pkOwner.match(str(r[0])) || !fkName.match(str(r[4])) || !fkOwner.match(str(r[3])) {
			continue
		}
		out = append(out, []any{db.Name, r[0], r[1], r[2], db.Name, r[3], r[4], r[5], r[6],
			rule[i64(r[7])], rule[i64(r[8])], r[9], r[10], int64(7)})
	}
	sortRows(out, 5, 6, 11, 8)
	return 0, x.emit(vcols("PKTABLE_QUALIFIER sysname?, PKTABLE_OWNER sysname?, PKTABLE_NAME sysname?, PKCOLUMN_NAME sysname?, FKTABLE_QUALIFIER sysname?, FKTABLE_OWNER sysname?, FKTABLE_NAME sysname?, FKCOLUMN_NAME sysname?, KEY_SEQ smallint?, UPDATE_RULE smallint?, DELETE_RULE smallint?, FK_NAME sysname?, PK_NAME sysname?, DEFERRABILITY smallint?"), out)
}

func spStatistics(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_statistics", []string{"table_name", "table_owner", "table_qualifier", "index_name", "is_unique", "accuracy"}, args)
	if err != nil {
		return 0, err
	}
	db, tables, err := x.matchingTables(m, "U", false)
	if err != nil {
		return 0, err
	}
	uniqueOnly := strings.EqualFold(strOr(m, "is_unique", "N"), "Y")
	idxMatch := newMatcher(m, "index_name", true)
	var rows [][]any
	for _, t := range tables {
		count, err := x.s.c.queryValue(x.ctx, "SELECT count(*) FROM "+t.sqlName())
		if err != nil {
			return 0, err
		}
		rows = append(rows, []any{db.Name, t.schema, t.name, nil, nil, nil, int64(0), nil, nil, nil, count, int64(0), nil})
		a := quoteIdent(t.alias) + "."
		idx, err := x.s.c.queryAll(x.ctx, `SELECT i.name, i.type, i.is_unique, ic.key_ordinal, c.name, ic.is_descending_key
			FROM `+a+`__tsql_indexes i JOIN `+a+`__tsql_index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
			JOIN `+a+`__tsql_columns c ON c.object_id = i.object_id AND c.column_id = ic.column_id
			WHERE i.object_id = ? AND i.index_id > 0 AND ic.is_included_column = 0 ORDER BY i.is_unique DESC, i.type, i.name, ic.key_ordinal`, t.id)
		if err != nil {
			return 0, err
		}
		for _, r := range idx {
			if (uniqueOnly && i64(r[2]) == 0) || !idxMatch.match(str(r[0])) {
				continue
			}
			typ, asc := int64(3), "A"
			if i64(r[1]) == 1 {
				typ = 1
			}
			if i64(r[5]) == 1 {
				asc = "D"
			}
			rows = append(rows, []any{db.Name, t.schema, t.name, 1 - i64(r[2]), t.name, r[0], typ, r[3], r[4], asc, count, int64(0), nil})
		}
	}
	return 0, x.emit(vcols("TABLE_QUALIFIER sysname?, TABLE_OWNER sysname?, TABLE_NAME sysname?, NON_UNIQUE smallint?, INDEX_QUALIFIER sysname?, INDEX_NAME sysname?, TYPE smallint?, SEQ_IN_INDEX smallint?, COLUMN_NAME sysname?, COLLATION char1?, CARDINALITY int?, PAGES int?, FILTER_CONDITION varchar128?"), rows)
}

func strOr(m map[string]any, name, def string) string {
	if s, ok := argText(m, name); ok {
		return s
	}
	return def
}

func spSpecialColumns(x *execCtx, args []callArg) (int32, error) {
	m, err := spArgs("sp_special_columns", []string{"table_name", "table_owner", "table_qualifier", "col_type", "scope", "nullable", "ODBCVer"}, args)
	if err != nil {
		return 0, err
	}
	ver := argNum(m, "ODBCVer", 2)
	_, tables, err := x.matchingTables(m, "U", false)
	if err != nil {
		return 0, err
	}
	var rows [][]any
	if strings.EqualFold(strOr(m, "col_type", "R"), "R") && len(tables) > 0 {
		t := tables[0]
		keys, err := x.tableKeys(t)
		if err != nil {
			return 0, err
		}
		if best := bestRowKey(t, keys, strings.EqualFold(strOr(m, "nullable", "U"), "U")); best != nil {
			for _, name := range best.cols {
				c := t.column(name)
				rows = append(rows, []any{int64(1), c.name, odbcDataType(c.typ, ver), odbcTypeName(c.typ, c.identity),
					odbcPrecision(c.typ), odbcLength(c.typ), odbcScale(c.typ), int64(1)})
			}
		}
	}
	return 0, x.emit(vcols("SCOPE smallint?, COLUMN_NAME sysname?, DATA_TYPE smallint?, TYPE_NAME sysname?, PRECISION int?, LENGTH int?, SCALE smallint?, PSEUDO_COLUMN smallint?"), rows)
}

// bestRowKey picks the primary key, else a unique key (on non-null columns
// unless nullable ones are allowed).
func bestRowKey(t *tableDef, keys []keyInfo, allowNull bool) *keyInfo {
	for i := range keys {
		if keys[i].primary {
			return &keys[i]
		}
	}
	for i := range keys {
		ok := true
		for _, c := range keys[i].cols {
			if col := t.column(c); col == nil || (col.nullable && !allowNull) {
				ok = false
			}
		}
		if ok {
			return &keys[i]
		}
	}
	return nil
}
