package tsql

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// tableSpec is a table's full definition: what CREATE TABLE said, what the
// catalog stores, and what the SQLite DDL is generated from.
type tableSpec struct {
	cs     catalogSchema
	name   string
	id     int64
	sqlite string
	cols   []*colSpec
	keys   []*keySpec
	fks    []*fkSpec
	checks []*checkSpec
}

type colSpec struct {
	colDef
	defaultName string
	defaultID   int64
	computedSrc string
	computedSQL string // compiled SQLite expression
	collName    string // declared collation
}

type keySpec struct {
	name      string
	id        int64
	primary   bool
	cols      []string
	desc      []bool
	clustered bool
	indexID   int
}

type fkSpec struct {
	name               string
	id                 int64
	cols               []string
	refID              int64
	refSQLite, refName string
	refSchema          string
	refCols            []string
	onDelete, onUpdate string
}

type checkSpec struct {
	name   string
	id     int64
	column string
	src    string // T-SQL text, parenthesised
	sql    string // compiled SQLite expression
}

func (t *tableSpec) col(name string) *colSpec {
	for _, c := range t.cols {
		if strings.EqualFold(c.name, name) {
			return c
		}
	}
	return nil
}

func (t *tableSpec) primaryKey() *keySpec {
	for _, k := range t.keys {
		if k.primary {
			return k
		}
	}
	return nil
}

// asTableDef gives the compiler's view of the spec.
func (t *tableSpec) asTableDef() *tableDef {
	td := &tableDef{db: t.cs.db, alias: t.cs.alias, id: t.id, schema: t.cs.schema, name: t.name, kind: "U", sqlite: t.sqlite}
	for _, c := range t.cols {
		cd := c.colDef
		td.cols = append(td.cols, &cd)
	}
	return td
}

func randomHex(n int) string {
	b := make([]byte, n/2)
	rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

func truncName(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// constraintName makes SQL Server's system name for an unnamed constraint.
func constraintName(prefix, table, column string) string {
	table = strings.TrimLeft(table, "#")
	switch prefix {
	case "PK", "UQ":
		return prefix + "__" + truncName(table, 8) + "__" + randomHex(16)
	}
	return prefix + "__" + truncName(table, 8) + "__" + truncName(column, 8) + "__" + randomHex(8)
}

// specFromCreate builds a spec from CREATE TABLE (or DECLARE @t TABLE).
func (x *execCtx) specFromCreate(ct *createTableStmt, cs catalogSchema) (*tableSpec, error) {
	t := &tableSpec{cs: cs, name: ct.Name.Name}
	t.sqlite = cs.schema + "." + t.name
	if cs.alias == "temp" {
		t.sqlite = t.name
	}
	for _, cd := range ct.Columns {
		if t.col(cd.Name) != nil {
			return nil, errDuplicateColumn(cd.Name, t.name)
		}
		c, err := x.colFromDef(t, cd)
		if err != nil {
			return nil, err
		}
		t.cols = append(t.cols, c)
	}
	for _, cd := range ct.Columns {
		for _, k := range cd.Constraints {
			if err := x.addConstraint(t, k, cd.Name); err != nil {
				return nil, err
			}
		}
	}
	for _, k := range ct.Constraints {
		if err := x.addConstraint(t, k, ""); err != nil {
			return nil, err
		}
	}
	for _, c := range t.cols {
		if c.computed {
			continue
		}
		if pk := t.primaryKey(); pk != nil && containsFold(pk.cols, c.name) {
			c.nullable = false
		}
	}
	return t, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func (x *execCtx) colFromDef(t *tableSpec, cd columnDef) (*colSpec, error) {
	c := &colSpec{colDef: colDef{id: len(t.cols) + 1, name: cd.Name, nullable: true}}
	if cd.Computed != nil {
		return x.computedColumn(t, c, cd)
	}
	typ, err := resolveType(cd.Type)
	if err != nil {
		return nil, err
	}
	c.typ = typ
	if strings.EqualFold(cd.Type.Name, "sysname") {
		c.nullable = false // sysname is NOT NULL unless declared NULL
	}
	if cd.Nullable != nil {
		c.nullable = *cd.Nullable
	}
	if cd.Collation != "" {
		c.collName, c.collation = cd.Collation, collationIfBinary(cd.Collation)
	}
	if cd.Identity {
		if !isIntKind(typ.Kind) && !(isDecimalKind(typ.Kind) && typ.Scale == 0 && !isMoney(typ.Kind)) {
			return nil, newErr(2749, 16, 2, "Identity column '%s' must be of data type int, bigint, smallint, tinyint, or decimal or numeric with a scale of 0, and constrained to be nonnullable.", cd.Name).compiled()
		}
		c.identity, c.nullable = true, false
		c.seed, _ = argInt(cd.Seed)
		c.inc, _ = argInt(cd.Inc)
		if c.inc == 0 {
			return nil, newErr(2726, 16, 1, "Identity column '%s' has an invalid increment.", cd.Name).compiled()
		}
	}
	if cd.Default != nil {
		c.defaultSQL = defaultDefinition(cd.DefaultSrc)
		c.defaultName = cd.DefaultName
		if c.defaultName == "" {
			c.defaultName = constraintName("DF", t.name, cd.Name)
		}
		if err := x.checkDefault(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// defaultDefinition stores a default as SQL Server shows it: ((0)), ('x').
func defaultDefinition(src string) string {
	src = strings.TrimSpace(src)
	if _, err := parseExprText(src); err == nil {
		if lit, err := parseExprText(src); err == nil {
			if l, ok := lit.(*literal); ok && isNumericLit(l.Kind) {
				return "((" + src + "))"
			}
		}
	}
	if strings.HasPrefix(src, "(") && strings.HasSuffix(src, ")") {
		return "(" + src + ")"
	}
	return "(" + src + ")"
}

// checkDefault compiles a default once to reject invalid ones early.
func (x *execCtx) checkDefault(c *colSpec) error {
	e, err := parseExprText(c.defaultSQL)
	if err != nil {
		return err
	}
	comp := newCompiler(x)
	comp.static = true
	_, err = comp.expr(newScope(nil), e)
	if err != nil {
		if se, ok := asSQLError(err); ok && se.msg.Number == 207 {
			return newErr(128, 15, 1, "The name \"%s\" is not permitted in this context. Valid expressions are constants, constant expressions, and (in some contexts) variables. Column names are not permitted.", strings.Trim(c.defaultSQL, "()")).compiled()
		}
	}
	return err
}

func (x *execCtx) computedColumn(t *tableSpec, c *colSpec, cd columnDef) (*colSpec, error) {
	comp := newCompiler(x)
	comp.static = true
	ce, err := comp.expr(t.columnScope(), cd.Computed)
	if err != nil {
		return nil, err
	}
	c.computed, c.typ, c.nullable = true, ce.t.Type, true
	c.computedSQL = ce.sql
	c.computedSrc = "(" + cd.ComputedSrc + ")"
	return c, nil
}

// columnScope is a scope whose columns are the table's, referenced bare
// (as SQLite CHECK constraints and generated columns need).
func (t *tableSpec) columnScope() *scope {
	src := &source{exposed: t.name, schema: t.cs.schema}
	for _, c := range t.cols {
		src.cols = append(src.cols, &colInfo{name: c.name, t: xtype{c.typ, c.nullable}, sql: quoteIdent(c.name), coll: c.collation})
	}
	return &scope{sources: []*source{src}}
}

// addConstraint adds a PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or DEFAULT.
func (x *execCtx) addConstraint(t *tableSpec, k constraintDef, column string) error {
	for _, name := range k.Columns {
		if t.col(name) == nil {
			return newErr(1911, 16, 1, "Column name '%s' does not exist in the target table or view.", name).compiled()
		}
	}
	switch k.Kind {
	case "PRIMARY KEY", "UNIQUE":
		return t.addKey(k)
	case "FOREIGN KEY":
		return x.addFK(t, k, column)
	case "CHECK":
		return x.addCheck(t, k, column)
	case "DEFAULT":
		c := t.col(k.DefaultFor)
		if c == nil {
			return newErr(1911, 16, 1, "Column name '%s' does not exist in the target table or view.", k.DefaultFor).compiled()
		}
		c.defaultSQL, c.defaultName = defaultDefinition(k.CheckSrc), k.Name
		if c.defaultName == "" {
			c.defaultName = constraintName("DF", t.name, c.name)
		}
		return x.checkDefault(c)
	}
	return errNotSupported(k.Kind)
}

func (t *tableSpec) addKey(k constraintDef) error {
	primary := k.Kind == "PRIMARY KEY"
	if primary && t.primaryKey() != nil {
		return newErr(8110, 16, 0, "Cannot add multiple PRIMARY KEY constraints to table '%s'.", t.name).compiled()
	}
	ks := &keySpec{name: k.Name, primary: primary, cols: k.Columns, desc: k.Desc, clustered: primary}
	if k.Clustered != nil {
		ks.clustered = *k.Clustered
	}
	for _, o := range t.keys {
		if o.clustered && ks.clustered {
			ks.clustered = false
		}
	}
	if ks.name == "" {
		prefix := "UQ"
		if primary {
			prefix = "PK"
		}
		ks.name = constraintName(prefix, t.name, "")
	}
	for _, name := range ks.cols {
		c := t.col(name)
		if primary && c.nullable && c.colDef.nullable {
			c.nullable = false
		}
		if c.typ.IsMax() || c.typ.Kind == sqltype.Text || c.typ.Kind == sqltype.NText || c.typ.Kind == sqltype.Image {
			return newErr(1919, 16, 1, "Column '%s' in table '%s' is of a type that is invalid for use as a key column in an index.", c.name, t.name).compiled()
		}
	}
	t.keys = append(t.keys, ks)
	return nil
}

func (x *execCtx) addFK(t *tableSpec, k constraintDef, column string) error {
	fk := &fkSpec{name: k.Name, cols: k.Columns, refCols: k.RefCols, onDelete: k.OnDelete, onUpdate: k.OnUpdate}
	if len(fk.cols) == 0 && column != "" {
		fk.cols = []string{column}
	}
	if fk.name == "" {
		fk.name = constraintName("FK", t.name, fk.cols[0])
	}
	if t.cs.alias == "temp" {
		return x.info(1750, 10, 1, "Skipping FOREIGN KEY constraint '"+fk.name+"' definition for temporary table. FOREIGN KEY constraints are not enforced on local or global temporary tables.", 0)
	}
	if err := x.resolveFKTarget(t, fk, k.RefTable); err != nil {
		return err
	}
	if len(fk.refCols) != len(fk.cols) {
		return newErr(8140, 16, 0, "More than one key specified in column level FOREIGN KEY constraint, table '%s'.", t.name).compiled()
	}
	t.fks = append(t.fks, fk)
	return nil
}

func (x *execCtx) resolveFKTarget(t *tableSpec, fk *fkSpec, ref objName) error {
	if strings.EqualFold(ref.Name, t.name) && (ref.Schema == "" || strings.EqualFold(ref.Schema, t.cs.schema)) {
		fk.refSQLite, fk.refName, fk.refSchema, fk.refID = t.sqlite, t.name, t.cs.schema, -1
		if len(fk.refCols) == 0 {
			if pk := t.primaryKey(); pk != nil {
				fk.refCols = pk.cols
			}
		}
		return nil
	}
	rt, err := x.lookupTable(ref)
	if err != nil {
		return err
	}
	if rt == nil || rt.kind != "U" {
		return newErr(1767, 16, 0, "Foreign key '%s' references invalid table '%s'.", fk.name, ref.String()).compiled()
	}
	if rt.alias != t.cs.alias {
		return newErr(1763, 16, 0, "Cross-database foreign key references are not supported. Foreign key '%s'.", ref.String()).compiled()
	}
	fk.refSQLite, fk.refName, fk.refSchema, fk.refID = rt.sqlite, rt.name, rt.schema, rt.id
	if len(fk.refCols) == 0 {
		pk, err := x.s.primaryKeyColumns(x.ctx, rt)
		if err != nil {
			return err
		}
		fk.refCols = pk
	}
	for _, c := range fk.refCols {
		if rt.column(c) == nil {
			return newErr(1770, 16, 0, "Foreign key '%s' references invalid column '%s' in referenced table '%s'.", fk.name, c, rt.name).compiled()
		}
	}
	return nil
}

func (x *execCtx) addCheck(t *tableSpec, k constraintDef, column string) error {
	ck := &checkSpec{name: k.Name, column: column, src: k.CheckSrc}
	if ck.name == "" {
		ck.name = constraintName("CK", t.name, column)
	}
	if err := x.compileCheck(t, ck); err != nil {
		return err
	}
	t.checks = append(t.checks, ck)
	return nil
}

func (x *execCtx) compileCheck(t *tableSpec, ck *checkSpec) error {
	e, err := parseExprText(ck.src)
	if err != nil {
		return err
	}
	comp := newCompiler(x)
	comp.static = true
	ce, err := comp.expr(t.columnScope(), e)
	if err != nil {
		return err
	}
	if !ce.boolean {
		return errNonBoolean("CHECK")
	}
	ck.sql = ce.sql
	return nil
}
