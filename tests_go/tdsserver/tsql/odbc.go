package tsql

import (
	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// ODBC type descriptions, as SQL Server's catalog procedures report them.

// odbcType is how one SQL Server type appears in sp_columns,
// sp_sproc_columns, sp_special_columns and sp_datatype_info.
type odbcType struct {
	dataType3, dataType2 int64 // DATA_TYPE for ODBCVer 3 and 2
	sqlDataType, dateSub int64 // SQL_DATA_TYPE, SQL_DATETIME_SUB (ODBC 3)
	radix                any   // 10, 2 or nil
	ssType               int64 // SS_DATA_TYPE
	prefix, suffix       any   // literal prefix and suffix
	createParams         any
	caseSensitive        int64
	searchable           int64
	unsigned             any
	money                int64
}

var odbcTypes = map[sqltype.Kind]odbcType{
	sqltype.Bit:              {dataType3: -7, dataType2: -7, sqlDataType: -7, radix: nil, ssType: 50, searchable: 2, unsigned: nil},
	sqltype.TinyInt:          {dataType3: -6, dataType2: -6, sqlDataType: -6, radix: int64(10), ssType: 38, searchable: 2, unsigned: int64(1)},
	sqltype.SmallInt:         {dataType3: 5, dataType2: 5, sqlDataType: 5, radix: int64(10), ssType: 38, searchable: 2, unsigned: int64(0)},
	sqltype.Int:              {dataType3: 4, dataType2: 4, sqlDataType: 4, radix: int64(10), ssType: 38, searchable: 2, unsigned: int64(0)},
	sqltype.BigInt:           {dataType3: -5, dataType2: -5, sqlDataType: -5, radix: int64(10), ssType: 108, searchable: 2, unsigned: int64(0)},
	sqltype.Decimal:          {dataType3: 3, dataType2: 3, sqlDataType: 3, radix: int64(10), ssType: 106, searchable: 2, unsigned: int64(0), createParams: "precision,scale"},
	sqltype.Numeric:          {dataType3: 2, dataType2: 2, sqlDataType: 2, radix: int64(10), ssType: 108, searchable: 2, unsigned: int64(0), createParams: "precision,scale"},
	sqltype.Money:            {dataType3: 3, dataType2: 3, sqlDataType: 3, radix: int64(10), ssType: 110, searchable: 2, unsigned: int64(0), prefix: "$", money: 1},
	sqltype.SmallMoney:       {dataType3: 3, dataType2: 3, sqlDataType: 3, radix: int64(10), ssType: 110, searchable: 2, unsigned: int64(0), prefix: "$", money: 1},
	sqltype.Real:             {dataType3: 7, dataType2: 7, sqlDataType: 7, radix: int64(2), ssType: 109, searchable: 2, unsigned: int64(0)},
	sqltype.Float:            {dataType3: 6, dataType2: 6, sqlDataType: 6, radix: int64(2), ssType: 109, searchable: 2, unsigned: int64(0)},
	sqltype.Char:             {dataType3: 1, dataType2: 1, sqlDataType: 1, ssType: 47, prefix: "'", suffix: "'", createParams: "length", searchable: 3},
	sqltype.VarChar:          {dataType3: 12, dataType2: 12, sqlDataType: 12, ssType: 39, prefix: "'", suffix: "'", createParams: "max length", searchable: 3},
	sqltype.Text:             {dataType3: -1, dataType2: -1, sqlDataType: -1, ssType: 35, prefix: "'", suffix: "'", searchable: 1},
	sqltype.NChar:            {dataType3: -8, dataType2: -8, sqlDataType: -8, ssType: 39, prefix: "N'", suffix: "'", createParams: "length", searchable: 3},
	sqltype.NVarChar:         {dataType3: -9, dataType2: -9, sqlDataType: -9, ssType: 39, prefix: "N'", suffix: "'", createParams: "max length", searchable: 3},
	sqltype.NText:            {dataType3: -10, dataType2: -10, sqlDataType: -10, ssType: 35, prefix: "N'", suffix: "'", searchable: 1},
	sqltype.Binary:           {dataType3: -2, dataType2: -2, sqlDataType: -2, ssType: 45, prefix: "0x", createParams: "length", searchable: 2},
	sqltype.VarBinary:        {dataType3: -3, dataType2: -3, sqlDataType: -3, ssType: 37, prefix: "0x", createParams: "max length", searchable: 2},
	sqltype.Image:            {dataType3: -4, dataType2: -4, sqlDataType: -4, ssType: 34, prefix: "0x", searchable: 0},
	sqltype.Date:             {dataType3: 91, dataType2: -9, sqlDataType: 9, dateSub: 1, ssType: 0, prefix: "'", suffix: "'", searchable: 2},
	sqltype.Time:             {dataType3: -154, dataType2: -9, sqlDataType: -154, dateSub: 0, ssType: 0, prefix: "'", suffix: "'", createParams: "scale", searchable: 2},
	sqltype.DateTime:         {dataType3: 93, dataType2: 11, sqlDataType: 9, dateSub: 3, ssType: 111, prefix: "'", suffix: "'", searchable: 2},
	sqltype.SmallDateTime:    {dataType3: 93, dataType2: 11, sqlDataType: 9, dateSub: 3, ssType: 111, prefix: "'", suffix: "'", searchable: 2},
	sqltype.DateTime2:        {dataType3: 93, dataType2: -9, sqlDataType: 9, dateSub: 3, ssType: 0, prefix: "'", suffix: "'", createParams: "scale", searchable: 2},
	sqltype.DateTimeOffset:   {dataType3: -155, dataType2: -9, sqlDataType: -155, dateSub: 0, ssType: 0, prefix: "'", suffix: "'", createParams: "scale", searchable: 2},
	sqltype.UniqueIdentifier: {dataType3: -11, dataType2: -11, sqlDataType: -11, ssType: 37, prefix: "'", suffix: "'", searchable: 2},
	sqltype.Xml:              {dataType3: -152, dataType2: -10, sqlDataType: -152, ssType: 0, prefix: "N'", suffix: "'", searchable: 0},
	sqltype.SQLVariant:       {dataType3: -150, dataType2: 12, sqlDataType: -150, ssType: 39, searchable: 2},
}

// odbcPrecision is PRECISION (COLUMN_SIZE) of a type.
func odbcPrecision(t sqltype.Type) int64 {
	switch k := t.Kind; {
	case isStringKind(k) || isBinaryKind(k):
		switch {
		case k == sqltype.Text || k == sqltype.Image:
			return 2147483647
		case k == sqltype.NText:
			return 1073741823
		case t.Length == sqltype.Max && isUnicodeKind(k):
			return 1073741823
		case t.Length == sqltype.Max:
			return 2147483647
		}
		return int64(t.Length)
	case k == sqltype.Float:
		return 15
	case k == sqltype.Real:
		return 7
	case k == sqltype.UniqueIdentifier:
		return 36
	case k == sqltype.Xml:
		return 1073741823
	case k == sqltype.SQLVariant:
		return 8000
	case k == sqltype.Time:
		return int64(8 + int(t.Scale) + boolInt(t.Scale > 0))
	}
	return int64(typePrecision(t))
}

// odbcLength is LENGTH (BUFFER_LENGTH), the transfer size in bytes.
func odbcLength(t sqltype.Type) int64 {
	switch k := t.Kind; {
	case isStringKind(k) || isBinaryKind(k):
		p := odbcPrecision(t)
		if isUnicodeKind(k) && p < 1073741823 {
			return 2 * p
		}
		return p
	case k == sqltype.Decimal || k == sqltype.Numeric:
		return int64(t.Precision) + 2
	case k == sqltype.Money:
		return 21
	case k == sqltype.SmallMoney:
		return 12
	case k == sqltype.Date:
		return 6
	case k == sqltype.Time:
		return 12
	case k == sqltype.DateTime, k == sqltype.SmallDateTime, k == sqltype.DateTime2:
		return 16
	case k == sqltype.DateTimeOffset:
		return 20
	case k == sqltype.Xml:
		return 2147483646
	case k == sqltype.SQLVariant:
		return 8000
	}
	return int64(maxLengthBytes(t))
}

// odbcScale is SCALE (DECIMAL_DIGITS), nil where it does not apply.
func odbcScale(t sqltype.Type) any {
	switch k := t.Kind; {
	case isIntKind(k) || k == sqltype.Bit:
		return int64(0)
	case isDecimalKind(k), k == sqltype.Time, k == sqltype.DateTime2, k == sqltype.DateTimeOffset, k == sqltype.DateTime:
		return int64(typeScale(t))
	case k == sqltype.SmallDateTime:
		return int64(0)
	}
	return nil
}

// odbcDataType is DATA_TYPE for an ODBC version.
func odbcDataType(t sqltype.Type, ver int64) int64 {
	o := odbcTypes[t.Kind]
	if ver >= 3 {
		if t.Length == sqltype.Max {
			switch t.Kind {
			case sqltype.VarChar:
				return -1
			case sqltype.NVarChar:
				return -10
			case sqltype.VarBinary:
				return -4
			}
		}
		return o.dataType3
	}
	return o.dataType2
}

func odbcSQLDataType(t sqltype.Type, ver int64) int64 {
	if ver >= 3 {
		if t.Length == sqltype.Max {
			return odbcDataType(t, ver)
		}
		return odbcTypes[t.Kind].sqlDataType
	}
	return odbcDataType(t, ver)
}

func odbcDateSub(t sqltype.Type) any {
	o := odbcTypes[t.Kind]
	if o.dateSub == 0 {
		return nil
	}
	return o.dateSub
}

// odbcTypeName is TYPE_NAME ("int identity" for identity columns).
func odbcTypeName(t sqltype.Type, identity bool) string {
	name := t.Kind.String()
	if identity {
		name += " identity"
	}
	return name
}
