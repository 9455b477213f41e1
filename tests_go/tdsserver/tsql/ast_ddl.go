package tsql

// Syntax tree nodes of DDL statements.

type columnDef struct {
	Name        string
	Type        typeName
	Nullable    *bool
	Identity    bool
	Seed, Inc   string
	Default     expr
	DefaultSrc  string
	DefaultName string
	Computed    expr
	ComputedSrc string
	Collation   string
	Constraints []constraintDef // column-level
	RowGUIDCol  bool
}

type constraintDef struct {
	Name       string
	Kind       string // PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK, DEFAULT
	Columns    []string
	Desc       []bool
	Clustered  *bool
	RefTable   objName
	RefCols    []string
	OnDelete   string
	OnUpdate   string
	Check      expr
	CheckSrc   string
	DefaultFor string
}

type createTableStmt struct {
	at
	Name        objName
	Columns     []columnDef
	Constraints []constraintDef
}

type alterTableStmt struct {
	at
	Name            objName
	AddColumns      []columnDef
	AddConstraints  []constraintDef
	DropColumns     []string
	DropConstraints []string
	AlterColumn     *columnDef
	IfExists        bool
}

type dropStmt struct {
	at
	Kind     string // TABLE, VIEW, PROCEDURE, INDEX, SCHEMA
	IfExists bool
	Names    []objName
	OnTable  []objName // DROP INDEX ix ON t
}

type createIndexStmt struct {
	at
	Name    string
	Unique  bool
	Table   objName
	Columns []string
	Desc    []bool
	Include []string
}

type createViewStmt struct {
	at
	Name    objName
	Columns []string
	Q       *queryExpr
	Text    string
	OrAlter bool
}

type procParam struct {
	Name     string
	Type     typeName
	Default  expr
	Output   bool
	ReadOnly bool
}

type createProcStmt struct {
	at
	Name    objName
	Params  []procParam
	Body    []stmt
	Text    string
	OrAlter bool
	Alter   bool
}

type createSchemaStmt struct {
	at
	Name string
}

type truncateStmt struct {
	at
	Name objName
}

type insertBulkStmt struct {
	at
	Table   objName
	Columns []bulkColumn
	Options []string
}

type bulkColumn struct {
	Name      string
	Type      typeName
	Collation string
	Nullable  *bool
}

type dbccStmt struct {
	at
	Command string
	Args    []expr
}
