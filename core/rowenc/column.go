package rowenc

import "strings"

// Kind selects the codec of a column.
type Kind uint8

// Column kinds, by the Go value a generic row holds and the Python value
// they become.
const (
	KindInt            Kind = iota // int64 → int
	KindBit                        // bool → bool
	KindFloat                      // float64 → float
	KindDecimal                    // exact text []byte → Decimal
	KindText                       // string → str
	KindBinary                     // []byte → bytes
	KindDate                       // time.Time → date
	KindTime                       // time.Time → time
	KindDateTime                   // time.Time → naive datetime
	KindDateTimeOffset             // time.Time → aware datetime
	KindGUID                       // []byte, SQL Server wire order → UUID or str
	KindVariant                    // any of the above, by Go type
	numKinds
)

// ODBC SQL type codes reported as type_code (what a SQL Server ODBC driver
// reports for the column).
const (
	SQLChar           = 1
	SQLNumeric        = 2
	SQLDecimal        = 3
	SQLInteger        = 4
	SQLSmallInt       = 5
	SQLFloat          = 6
	SQLReal           = 7
	SQLVarChar        = 12
	SQLTypeDate       = 91
	SQLTypeTimestamp  = 93
	SQLLongVarChar    = -1
	SQLBinary         = -2
	SQLVarBinary      = -3
	SQLLongVarBinary  = -4
	SQLBigInt         = -5
	SQLTinyInt        = -6
	SQLBit            = -7
	SQLWChar          = -8
	SQLWVarChar       = -9
	SQLWLongVarChar   = -10
	SQLGUID           = -11
	SQLSSVariant      = -150
	SQLSSUDT          = -151
	SQLSSXML          = -152
	SQLSSTime2        = -154
	SQLSSTimestampOff = -155
)

// Column describes one result column as the description reports it.
type Column struct {
	Name         string
	Kind         Kind
	TypeName     string // SQL Server's name, lower case: "nvarchar", "decimal", ...
	TypeCode     int32  // ODBC SQL type
	DisplaySize  int64
	InternalSize int64 // ODBC column size: characters, bytes or digits; 0 for MAX types
	Precision    int32
	Scale        int32
	Nullable     bool
}

// Meta is what the driver knows of a column.
type Meta struct {
	Name         string
	DatabaseType string // the type's upper-case name, e.g. "NVARCHAR"
	Length       int64
	HasLength    bool
	Precision    int64
	Scale        int64
	HasPrecision bool
	Nullable     bool
}

// typeInfo is the static part of each SQL Server type.
type typeInfo struct {
	kind    Kind
	code    int32
	size    int64 // fixed column size, or -1: from the length
	display int64 // fixed display size, or -1: derived
}

var types = map[string]typeInfo{
	"bit":              {KindBit, SQLBit, 1, 1},
	"tinyint":          {KindInt, SQLTinyInt, 3, 3},
	"smallint":         {KindInt, SQLSmallInt, 5, 6},
	"int":              {KindInt, SQLInteger, 10, 11},
	"bigint":           {KindInt, SQLBigInt, 19, 20},
	"real":             {KindFloat, SQLReal, 24, 14},
	"float":            {KindFloat, SQLFloat, 53, 24},
	"decimal":          {KindDecimal, SQLDecimal, -1, -1},
	"money":            {KindDecimal, SQLDecimal, 19, 21},
	"smallmoney":       {KindDecimal, SQLDecimal, 10, 12},
	"char":             {KindText, SQLChar, -1, -1},
	"varchar":          {KindText, SQLVarChar, -1, -1},
	"text":             {KindText, SQLLongVarChar, -1, -1},
	"nchar":            {KindText, SQLWChar, -1, -1},
	"nvarchar":         {KindText, SQLWVarChar, -1, -1},
	"ntext":            {KindText, SQLWLongVarChar, -1, -1},
	"xml":              {KindText, SQLSSXML, 0, 0},
	"binary":           {KindBinary, SQLBinary, -1, -1},
	"varbinary":        {KindBinary, SQLVarBinary, -1, -1},
	"image":            {KindBinary, SQLLongVarBinary, -1, -1},
	"date":             {KindDate, SQLTypeDate, 10, 10},
	"time":             {KindTime, SQLSSTime2, -1, -1},
	"smalldatetime":    {KindDateTime, SQLTypeTimestamp, 16, 16},
	"datetime":         {KindDateTime, SQLTypeTimestamp, 23, 23},
	"datetime2":        {KindDateTime, SQLTypeTimestamp, -1, -1},
	"datetimeoffset":   {KindDateTimeOffset, SQLSSTimestampOff, -1, -1},
	"uniqueidentifier": {KindGUID, SQLGUID, 36, 36},
	"sql_variant":      {KindVariant, SQLSSVariant, 8000, 8000},
}

// isUnlimited recognises the lengths reported for MAX and LOB types.
func isUnlimited(n int64) bool {
	return n == 2147483645 || n == 1073741822 || n == 2147483647 || n == 1073741823
}

// NewColumn derives a column's codec and description from its metadata.
// Unknown types (CLR UDTs) are described as varbinary and fetched as bytes.
func NewColumn(m Meta) Column {
	name := strings.ToLower(m.DatabaseType)
	info, ok := types[name]
	if !ok {
		info = typeInfo{KindBinary, SQLSSUDT, -1, -1}
	}
	c := Column{Name: m.Name, Kind: info.kind, TypeName: name, TypeCode: info.code, Nullable: m.Nullable}
	c.InternalSize, c.DisplaySize = info.size, info.display
	if info.size < 0 {
		c.InternalSize = variableSize(name, m)
	}
	if info.display < 0 {
		c.DisplaySize = c.InternalSize
		if info.kind == KindBinary {
			c.DisplaySize = 2 * c.InternalSize
		}
	}
	c.Precision, c.Scale = precisionScale(name, m, c.InternalSize)
	if name == "decimal" {
		c.DisplaySize = c.InternalSize + 2
	}
	return c
}

// variableSize is the ODBC column size of a sized type.
func variableSize(name string, m Meta) int64 {
	switch name {
	case "decimal":
		return m.Precision
	case "time":
		return temporalSize(8, m.Scale)
	case "datetime2":
		return temporalSize(19, m.Scale)
	case "datetimeoffset":
		return temporalSize(26, m.Scale)
	}
	if !m.HasLength {
		return 0
	}
	if isUnlimited(m.Length) && name != "text" && name != "ntext" && name != "image" {
		return 0 // (n)varchar(max), varbinary(max): ODBC reports 0
	}
	return m.Length
}

// temporalSize adds the fractional seconds digits and their point.
func temporalSize(base, scale int64) int64 {
	if scale > 0 {
		return base + 1 + scale
	}
	return base
}

func precisionScale(name string, m Meta, size int64) (int32, int32) {
	switch name {
	case "decimal":
		return int32(m.Precision), int32(m.Scale)
	case "money", "smallmoney":
		return int32(size), 4
	case "datetime":
		return int32(size), 3
	case "time", "datetime2", "datetimeoffset":
		return int32(size), int32(m.Scale)
	}
	return int32(size), 0
}
