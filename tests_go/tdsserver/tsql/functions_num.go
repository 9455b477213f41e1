package tsql

import (
	"database/sql/driver"
	"math"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
	"github.com/shopspring/decimal"
	sqlite "modernc.org/sqlite"
)

// Math functions keep the argument's type (decimals stay exact) and
// decimal aggregates sum exactly.

func init() {
	scalarFuncs["tsql_math"] = fnMath
	scalarFuncs["tsql_round"] = fnRound
	scalarFuncs["tsql_fmath"] = fnFloatMath
}

// tsql_math(fn, x, type [, y]): abs, sign, floor, ceiling, power.
func fnMath(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[1] == nil || (len(a) > 3 && a[3] == nil) {
		return nil, nil
	}
	fn, _ := a[0].(string)
	t := decodeType(a[2].(int64))
	if isDecimalKind(t.Kind) {
		d, ok := decFromStorage(a[1])
		if !ok {
			return nil, udfFail(errConvertingType("varchar", "numeric"))
		}
		return decimalMath(fn, d, t, a)
	}
	f, isFloat := a[1].(float64)
	n, _ := a[1].(int64)
	if !isFloat {
		f = float64(n)
	}
	var r float64
	switch fn {
	case "abs":
		if !isFloat {
			if n == math.MinInt64 || (t.Kind == sqltype.Int && n == math.MinInt32) {
				return nil, udfFail(errOverflowExpr(t.Kind.String()))
			}
			if n < 0 {
				return -n, nil
			}
			return n, nil
		}
		r = math.Abs(f)
	case "sign":
		r = float64(sign(f))
		if !isFloat {
			return int64(r), nil
		}
	case "floor":
		r = math.Floor(f)
	case "ceiling":
		r = math.Ceil(f)
	case "power":
		y, _ := decFromStorage(a[3])
		yf, _ := y.Float64()
		r = math.Pow(f, yf)
	}
	if isIntKind(t.Kind) {
		return int64(r), nil
	}
	return r, nil
}

func sign(f float64) int {
	switch {
	case f > 0:
		return 1
	case f < 0:
		return -1
	}
	return 0
}

func decimalMath(fn string, d decimal.Decimal, t sqltype.Type, a []driver.Value) (driver.Value, error) {
	s := typeScale(t)
	var r decimal.Decimal
	switch fn {
	case "abs":
		r = d.Abs()
	case "sign":
		r = decimal.NewFromInt(int64(d.Sign()))
	case "floor":
		r = d.Floor()
	case "ceiling":
		r = d.Ceil()
	case "power":
		y, _ := decFromStorage(a[3])
		f, _ := d.Float64()
		yf, _ := y.Float64()
		r = decimal.NewFromFloat(math.Pow(f, yf))
	}
	return r.Round(int32(s)).StringFixed(int32(s)), nil
}

// tsql_round(x, digits, truncate, type)
func fnRound(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[0] == nil || a[1] == nil {
		return nil, nil
	}
	digits, _ := argInt(a[1])
	trunc, _ := argInt(a[2])
	t := decodeType(a[3].(int64))
	if f, ok := a[0].(float64); ok && isFloatKind(t.Kind) {
		p := math.Pow(10, float64(digits))
		if trunc != 0 {
			return math.Trunc(f*p) / p, nil
		}
		return math.Round(f*p) / p, nil
	}
	d, ok := decFromStorage(a[0])
	if !ok {
		return nil, udfFail(errConvertingType("varchar", "numeric"))
	}
	if trunc != 0 {
		d = d.Truncate(int32(digits))
		if digits < 0 {
			d = d.Div(decimal.New(1, int32(-digits))).Truncate(0).Mul(decimal.New(1, int32(-digits)))
		}
	} else {
		d = d.Round(int32(digits))
	}
	if isIntKind(t.Kind) {
		return d.IntPart(), nil
	}
	s := typeScale(t)
	if p, _ := decPS(t); !decFits(d.Round(int32(s)), p, s) && isDecimalKind(t.Kind) && !isMoney(t.Kind) {
		return nil, udfFail(errOverflowExpr("numeric"))
	}
	return d.Round(int32(s)).StringFixed(int32(s)), nil
}

// tsql_fmath(fn, x [, y]): float functions.
func fnFloatMath(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
	if a[1] == nil {
		return nil, nil
	}
	d, ok := decFromStorage(a[1])
	if !ok {
		return nil, udfFail(errConvertingType("varchar", "float"))
	}
	x, _ := d.Float64()
	var y float64
	if len(a) > 2 {
		yd, _ := decFromStorage(a[2])
		y, _ = yd.Float64()
	}
	fn, _ := a[0].(string)
	var r float64
	switch fn {
	case "sqrt":
		r = math.Sqrt(x)
	case "exp":
		r = math.Exp(x)
	case "log":
		r = math.Log(x)
		if len(a) > 2 {
			r /= math.Log(y)
		}
	case "log10":
		r = math.Log10(x)
	case "sin":
		r = math.Sin(x)
	case "cos":
		r = math.Cos(x)
	case "tan":
		r = math.Tan(x)
	case "cot":
		r = 1 / math.Tan(x)
	case "asin":
		r = math.Asin(x)
	case "acos":
		r = math.Acos(x)
	case "atan":
		r = math.Atan(x)
	case "atn2":
		r = math.Atan2(x, y)
	case "square":
		r = x * x
	case "degrees":
		r = x * 180 / math.Pi
	case "radians":
		r = x * math.Pi / 180
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return nil, udfFail(newErr(3623, 16, 1, "An invalid floating point operation occurred."))
	}
	return r, nil
}

// Aggregates.

func registerAggregates() {
	must(sqlite.RegisterFunction("tsql_dsum", &sqlite.FunctionImpl{NArgs: 2, Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &decAgg{}, nil }}))
	must(sqlite.RegisterFunction("tsql_davg", &sqlite.FunctionImpl{NArgs: 2, Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &decAgg{avg: true}, nil }}))
	must(sqlite.RegisterFunction("tsql_stat", &sqlite.FunctionImpl{NArgs: 3, Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &statAgg{}, nil }}))
}

// decAgg is SUM / AVG over decimals, exact.
type decAgg struct {
	sum   decimal.Decimal
	n     int64
	scale int32
	avg   bool
}

func (d *decAgg) Step(_ *sqlite.FunctionContext, a []driver.Value) error {
	if a[0] == nil {
		return nil
	}
	v, ok := decFromStorage(a[0])
	if !ok {
		return udfFail(errConvertingType("varchar", "numeric"))
	}
	s, _ := argInt(a[1])
	d.scale = int32(s)
	d.sum = d.sum.Add(v)
	d.n++
	return nil
}

func (d *decAgg) WindowInverse(_ *sqlite.FunctionContext, a []driver.Value) error {
	if a[0] == nil {
		return nil
	}
	v, _ := decFromStorage(a[0])
	d.sum = d.sum.Sub(v)
	d.n--
	return nil
}

func (d *decAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if d.n == 0 {
		return nil, nil
	}
	if d.avg {
		q, _ := d.sum.QuoRem(decimal.NewFromInt(d.n), d.scale)
		return q.StringFixed(d.scale), nil
	}
	return d.sum.Round(d.scale).StringFixed(d.scale), nil
}

func (d *decAgg) Final(*sqlite.FunctionContext) {}

// statAgg is STDEV / STDEVP / VAR / VARP (Welford's method).
type statAgg struct {
	n          int64
	mean, m2   float64
	sample, sd bool
}

func (s *statAgg) Step(_ *sqlite.FunctionContext, a []driver.Value) error {
	s.sample, s.sd = a[1] == int64(1), a[2] == int64(1)
	if a[0] == nil {
		return nil
	}
	d, _ := decFromStorage(a[0])
	x, _ := d.Float64()
	s.n++
	delta := x - s.mean
	s.mean += delta / float64(s.n)
	s.m2 += delta * (x - s.mean)
	return nil
}

func (s *statAgg) WindowInverse(*sqlite.FunctionContext, []driver.Value) error { return nil }

func (s *statAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	den := float64(s.n)
	if s.sample {
		den--
	}
	if den <= 0 {
		return nil, nil
	}
	v := s.m2 / den
	if s.sd {
		return math.Sqrt(v), nil
	}
	return v, nil
}

func (s *statAgg) Final(*sqlite.FunctionContext) {}
