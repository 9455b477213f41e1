package tsql

// The syntax tree of a T-SQL batch. Statements carry their first line for
// error messages; expressions are plain values.

// stmt is one statement.
type stmt interface{ stmtLine() int }

// at is embedded by statements for their line number.
type at struct{ line int }

func (a at) stmtLine() int { return a.line }

// objName is a one- to four-part object name; empty parts were omitted.
type objName struct {
	Server, DB, Schema, Name string
}

// String renders the name as written, without brackets.
func (n objName) String() string {
	s := n.Name
	if n.Schema != "" || n.DB != "" {
		s = n.Schema + "." + s
	}
	if n.DB != "" {
		s = n.DB + "." + s
	}
	return s
}

// typeName is a data type as written: name and arguments (-1 for MAX).
type typeName struct {
	Name string
	Args []int
}

// Expressions.

type expr interface{}

type litKind uint8

const (
	litNull litKind = iota
	litInt
	litDecimal
	litFloat
	litMoney
	litString
	litNString
	litBinary
)

type literal struct {
	Kind litKind
	Text string // digits, unescaped string, or hex digits
}

type columnRef struct{ Parts []string } // [db.][schema.]table.column, last is the column

type varRef struct{ Name string } // @x or @@x, as written

type unaryExpr struct {
	Op string // "-", "+", "~", "NOT"
	X  expr
}

type binaryExpr struct {
	Op   string // + - * / % & | ^ = <> < > <= >= AND OR
	L, R expr
}

type funcCall struct {
	Schema   string
	Name     string // upper case
	Args     []expr
	Star     bool // COUNT(*)
	Distinct bool
	Over     *overClause
	DatePart string // first argument of DATEADD/DATEDIFF/DATEPART/DATENAME
}

type overClause struct {
	Partition []expr
	Order     []orderItem
	Frame     string // the ROWS/RANGE clause, passed through
}

type castExpr struct {
	X     expr
	Type  typeName
	Try   bool
	Style expr // CONVERT style, or nil
	Conv  bool // written as CONVERT
}

type caseExpr struct {
	Operand expr // simple CASE, or nil
	Whens   []caseWhen
	Else    expr
}

type caseWhen struct{ Cond, Then expr }

type subqueryExpr struct{ Q *queryExpr }

type existsExpr struct{ Q *queryExpr }

type inExpr struct {
	X    expr
	List []expr
	Q    *queryExpr
	Not  bool
}

type betweenExpr struct {
	X, Lo, Hi expr
	Not       bool
}

type likeExpr struct {
	X, Pattern, Escape expr
	Not                bool
}

type isNullExpr struct {
	X   expr
	Not bool
}

type collateExpr struct {
	X         expr
	Collation string
}

type defaultExpr struct{} // DEFAULT in a VALUES list

type nextValueExpr struct{ Seq objName }

// Queries.

type queryExpr struct {
	With    []cte
	Body    setExpr
	OrderBy []orderItem
	Offset  expr
	Fetch   expr
	ForXML  bool
	// MaxRecursion is OPTION (MAXRECURSION n); -1 when not given.
	MaxRecursion int64
}

type cte struct {
	Name    string
	Columns []string
	Q       *queryExpr
}

// setExpr is a *selectCore, a *setOp or a parenthesised *queryExpr.
type setExpr interface{}

type setOp struct {
	Op   string // UNION, EXCEPT, INTERSECT
	All  bool
	L, R setExpr
}

type selectCore struct {
	Distinct bool
	Top      *topClause
	Items    []selectItem
	Into     *objName
	From     []tableRef
	Where    expr
	GroupBy  []expr
	Having   expr
	srcStart int // byte offsets of the select text, for views
}

type topClause struct {
	N        expr
	Percent  bool
	WithTies bool
}

type selectItem struct {
	X         expr
	Alias     string
	Star      bool
	StarQual  []string // t.* or s.t.*
	AssignVar string   // SELECT @v = expr
	AssignOp  string   // "=", "+=", ...
}

type orderItem struct {
	X    expr
	Desc bool
}

// tableRef is a *namedTable, *derivedTable, *joinExpr, *funcTable or *valuesTable.
type tableRef interface{}

type namedTable struct {
	Name  objName
	Alias string
}

type derivedTable struct {
	Q       *queryExpr
	Alias   string
	Columns []string
}

type joinExpr struct {
	Kind string // INNER, LEFT, RIGHT, FULL, CROSS
	L, R tableRef
	On   expr
}

type funcTable struct {
	Name    string // upper case
	Args    []expr
	Alias   string
	Columns []string
}

type valuesTable struct {
	Rows    [][]expr
	Alias   string
	Columns []string
}

// Statements.

type selectStmt struct {
	at
	Q *queryExpr
}

type outputClause struct {
	Items    []selectItem // columns refer to INSERTED / DELETED
	Into     *objName     // OUTPUT ... INTO table or @tablevar
	IntoCols []string
}

type insertStmt struct {
	at
	Top           *topClause
	Target        objName
	Columns       []string
	Output        *outputClause
	Values        [][]expr
	Query         *queryExpr
	DefaultValues bool
	Exec          *execStmt
}

type setClause struct {
	Column []string // possibly qualified
	Var    string   // SET @v = col = expr
	Op     string   // "=", "+=", ...
	X      expr
}

type updateStmt struct {
	at
	With   []cte
	Top    *topClause
	Target objName
	Alias  string
	Sets   []setClause
	Output *outputClause
	From   []tableRef
	Where  expr
}

type deleteStmt struct {
	at
	With   []cte
	Top    *topClause
	Target objName
	Output *outputClause
	From   []tableRef
	Where  expr
}

type varDecl struct {
	Name  string
	Type  typeName
	Init  expr
	Table *createTableStmt // DECLARE @t TABLE (...)
}

type declareStmt struct {
	at
	Vars []varDecl
}

type setVarStmt struct {
	at
	Name string
	Op   string
	X    expr
}

type setOptionStmt struct {
	at
	Options []string // upper case option names
	Value   string   // ON, OFF, a number, a name
	Table   objName  // IDENTITY_INSERT table
}

type ifStmt struct {
	at
	Cond expr
	Then stmt
	Else stmt
}

type whileStmt struct {
	at
	Cond expr
	Body stmt
}

type blockStmt struct {
	at
	Body []stmt
}

type tryStmt struct {
	at
	Try, Catch []stmt
}

type returnStmt struct {
	at
	X expr
}

type breakStmt struct{ at }
type continueStmt struct{ at }

type printStmt struct {
	at
	X expr
}

type raiserrorStmt struct {
	at
	Msg      expr
	Severity expr
	State    expr
	Args     []expr
	With     []string
}

type throwStmt struct {
	at
	Number, Msg, State expr // all nil for a rethrow
}

type waitforStmt struct {
	at
	Delay expr
	Time  bool // WAITFOR TIME
}

type execArg struct {
	Name    string
	X       expr
	Output  bool
	Default bool
}

type execStmt struct {
	at
	ReturnVar string
	Proc      objName
	ProcVar   string // EXEC @procname
	Args      []execArg
	SQL       []expr // EXEC ('...' + @x)
}

type useStmt struct {
	at
	DB string
}

type tranStmt struct {
	at
	Kind string // BEGIN, COMMIT, ROLLBACK, SAVE
	Name expr   // name or @var, or nil
	Work bool   // COMMIT WORK / ROLLBACK WORK
}

type emptyStmt struct{ at }

type gotoStmt struct {
	at
	Label string
}

type labelStmt struct {
	at
	Label string
}
