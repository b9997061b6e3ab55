package preprocess

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer    = (*SimpleImputer)(nil)
	_ estimator.FitTransformer = (*SimpleImputer)(nil)
	_ estimator.Validator      = (*SimpleImputer)(nil)
	_ estimator.StateMarshaler = (*SimpleImputer)(nil)
	_ estimator.FeatureNamer   = (*SimpleImputer)(nil)

	_ estimator.Transformer    = (*MissingIndicator)(nil)
	_ estimator.Validator      = (*MissingIndicator)(nil)
	_ estimator.StateMarshaler = (*MissingIndicator)(nil)
	_ estimator.FeatureNamer   = (*MissingIndicator)(nil)
)

// ImputeStrategy selects the statistic SimpleImputer fills missing values with.
type ImputeStrategy string

const (
	// StrategyMean (the zero value, also spelled "mean") fills with the column mean.
	StrategyMean ImputeStrategy = ""
	// StrategyMedian fills with the column median.
	StrategyMedian ImputeStrategy = "median"
	// StrategyMostFrequent fills with the most frequent value (the smallest on ties).
	StrategyMostFrequent ImputeStrategy = "most_frequent"
	// StrategyConstant fills with FillValue.
	StrategyConstant ImputeStrategy = "constant"
)

// SimpleImputer replaces missing values by a per-column statistic (scikit-learn:
// impute.SimpleImputer with missing_values=np.nan).
//
// Missing values are NaN in numeric columns and "" in string columns (see Frame).
// Unlike other skgo transformers, SimpleImputer accepts NaN in X; it still rejects
// ±Inf and empty input. String columns (of a Frame, or given to FitStrings) take the
// "most_frequent" and "constant" strategies only; since a *mat.Dense cannot hold
// strings, impute them with TransformFrame or ImputeStrings.
//
// As in scikit-learn 1.2, a column with no observed value at Fit is dropped from the
// output by the "mean", "median" and "most_frequent" strategies (scikit-learn also
// warns); Statistics reports NaN for it and FeatureNamesOut leaves it out. The
// "constant" strategy keeps every column. Transform accepts missing values in
// columns that had none at Fit.
type SimpleImputer struct {
	// Strategy is StrategyMean (zero value, scikit-learn's default "mean"),
	// StrategyMedian, StrategyMostFrequent or StrategyConstant.
	Strategy ImputeStrategy
	// FillValue is the constant of StrategyConstant: a number for numeric columns, a
	// string for string columns (a number is printed as Python prints it). nil means 0
	// for numeric columns and "missing_value" for string columns, as in scikit-learn.
	FillValue any
	// AddIndicator appends MissingIndicator columns for the features that had missing
	// values at Fit (scikit-learn add_indicator; default false).
	AddIndicator bool

	fit *simpleImputerFit
}

type simpleImputerFit struct {
	NFeatures int
	Names     []string
	Kinds     []series.Type
	IsStr     []bool
	Num       []float64 // statistic of numeric columns (NaN: dropped or string column)
	Str       []string  // statistic of string columns
	Valid     []bool    // false: the column is dropped (no observed value)
	Indicator []int     // features that had missing values at Fit (AddIndicator)
}

// Validate reports whether the hyperparameters are usable.
func (s *SimpleImputer) Validate() error {
	switch s.Strategy {
	case StrategyMean, "mean", StrategyMedian, StrategyMostFrequent, StrategyConstant:
	default:
		return &estimator.ParamError{Param: "Strategy", Value: s.Strategy, Reason: `must be "mean", "median", "most_frequent" or "constant"`}
	}
	if s.FillValue != nil {
		if _, ok := s.FillValue.(string); !ok {
			v, ok := imputerNumber(s.FillValue)
			if !ok {
				return &estimator.ParamError{Param: "FillValue", Value: s.FillValue, Reason: "must be nil, a number or a string"}
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &estimator.ParamError{Param: "FillValue", Value: s.FillValue, Reason: "must be finite"}
			}
		}
	}
	return nil
}

// imputerNumber converts a numeric value of any Go numeric kind to float64.
func imputerNumber(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanFloat():
		return rv.Float(), true
	case rv.CanInt():
		return float64(rv.Int()), true
	case rv.CanUint():
		return float64(rv.Uint()), true
	}
	return 0, false
}

// Fit learns the statistic of every column of X, a *Frame or a numeric matrix in
// which NaN marks missing values. It returns a *ParamError for bad hyperparameters
// (including a string FillValue for a numeric column), and ErrInvalidData for empty
// input, ±Inf, or "mean"/"median" on a string column.
func (s *SimpleImputer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	_, err := s.fitX(ctx, X, y)
	return err
}

func (s *SimpleImputer) fitX(ctx context.Context, X mat.Matrix, y []float64) (*frameTable, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if d, ok := X.(*mat.Dense); ok && d != nil && !d.IsEmpty() && (s.Strategy == StrategyMean || s.Strategy == StrategyConstant) {
		return nil, s.fitDense(d, y)
	}
	t, err := frameReadTable(X, true)
	if err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	return t, s.fitTable(t, y)
}

// fitDense is fitTable for a plain numeric matrix with the mean or constant
// strategy, in one row-major pass without building column tables (the common case
// of an imputer at the head of a numeric pipeline). It computes the same fit.
func (s *SimpleImputer) fitDense(x *mat.Dense, y []float64) error {
	n, p := x.Dims()
	if y != nil && len(y) != n {
		return fmt.Errorf("preprocess.SimpleImputer: X has %d rows but y has %d values: %w", n, len(y), estimator.ErrShape)
	}
	sum := make([]float64, p)
	missing := make([]int, p)
	for i := range n {
		row := x.RawRowView(i)[:p]
		if imputerRowFinite(row) { // the common case: nothing to skip
			for j, v := range row {
				sum[j] += v
			}
			continue
		}
		for j, v := range row {
			if math.IsNaN(v) {
				missing[j]++
				continue
			}
			if math.IsInf(v, 0) {
				return fmt.Errorf("preprocess.SimpleImputer: X[%d, \"x%d\"] is %v: %w", i, j, v, estimator.ErrInvalidData)
			}
			sum[j] += v
		}
	}
	cnt := make([]int, p)
	for j := range cnt {
		cnt[j] = n - missing[j]
	}
	fill := 0.0
	if s.Strategy == StrategyConstant && s.FillValue != nil {
		v, ok := imputerNumber(s.FillValue)
		if !ok {
			return fmt.Errorf("preprocess.SimpleImputer: %w", &estimator.ParamError{Param: "FillValue", Value: s.FillValue,
				Reason: "a number is needed to impute numeric column \"x0\""})
		}
		fill = v
	}
	f := &simpleImputerFit{NFeatures: p, Names: frameDefaultNames(p), Kinds: make([]series.Type, p),
		IsStr: make([]bool, p), Num: make([]float64, p), Str: make([]string, p), Valid: make([]bool, p)}
	for j := range p {
		f.Kinds[j] = series.Float
		stat := fill
		if s.Strategy != StrategyConstant {
			stat = math.NaN()
			if cnt[j] > 0 {
				stat = sum[j] / float64(cnt[j])
			}
		}
		f.Num[j], f.Valid[j] = stat, !math.IsNaN(stat)
		if cnt[j] < n && s.AddIndicator {
			f.Indicator = append(f.Indicator, j)
		}
	}
	s.fit = f
	return nil
}

// FitStrings fits the imputer on string columns ("" is missing); only the
// "most_frequent" and "constant" strategies apply. Impute with ImputeStrings.
func (s *SimpleImputer) FitStrings(ctx context.Context, cols [][]string, y []float64) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := frameTableFromStrings(cols)
	if err != nil {
		return fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	return s.fitTable(t, y)
}

func (s *SimpleImputer) fitTable(t *frameTable, y []float64) error {
	if y != nil && len(y) != t.n {
		return fmt.Errorf("preprocess.SimpleImputer: X has %d rows but y has %d values: %w", t.n, len(y), estimator.ErrShape)
	}
	p := t.p()
	f := &simpleImputerFit{NFeatures: p, Names: slices.Clone(t.names), Kinds: slices.Clone(t.kinds),
		IsStr: make([]bool, p), Num: make([]float64, p), Str: make([]string, p), Valid: make([]bool, p)}
	for j := range p {
		missing := false
		if t.str[j] != nil {
			f.IsStr[j] = true
			f.Num[j] = math.NaN()
			var obs []string
			for _, v := range t.str[j] {
				if v == "" {
					missing = true
				} else {
					obs = append(obs, v)
				}
			}
			switch s.Strategy {
			case StrategyConstant:
				f.Str[j], f.Valid[j] = "missing_value", true
				switch v := s.FillValue.(type) {
				case nil:
				case string:
					f.Str[j] = v
				default:
					x, _ := imputerNumber(v)
					f.Str[j] = pyFloat(x)
				}
			case StrategyMostFrequent:
				if len(obs) > 0 {
					f.Str[j], f.Valid[j] = imputerMostFrequentString(obs), true
				}
			default:
				return fmt.Errorf("preprocess.SimpleImputer: strategy %q needs numeric data, column %q holds strings (use \"most_frequent\" or \"constant\"): %w",
					s.strategyName(), t.names[j], estimator.ErrInvalidData)
			}
		} else {
			var obs []float64
			var sum float64
			nobs := 0
			for _, v := range t.num[j] {
				if math.IsNaN(v) {
					missing = true
					continue
				}
				// The mean needs only the sum; the other strategies keep the values.
				if s.Strategy == StrategyMedian || s.Strategy == StrategyMostFrequent {
					obs = append(obs, v)
				}
				sum += v
				nobs++
			}
			stat := math.NaN()
			switch s.Strategy {
			case StrategyConstant:
				stat = 0
				if s.FillValue != nil {
					v, ok := imputerNumber(s.FillValue)
					if !ok {
						return fmt.Errorf("preprocess.SimpleImputer: %w", &estimator.ParamError{Param: "FillValue", Value: s.FillValue,
							Reason: fmt.Sprintf("a number is needed to impute numeric column %q", t.names[j])})
					}
					stat = v
				}
			case StrategyMedian:
				if len(obs) > 0 {
					slices.Sort(obs)
					m := len(obs) / 2
					stat = obs[m]
					if len(obs)%2 == 0 {
						stat = (obs[m-1] + obs[m]) / 2
					}
				}
			case StrategyMostFrequent:
				if len(obs) > 0 {
					stat = imputerMostFrequentFloat(obs)
				}
			default: // mean
				if nobs > 0 {
					stat = sum / float64(nobs)
				}
			}
			f.Num[j] = stat
			f.Valid[j] = !math.IsNaN(stat)
		}
		if missing && s.AddIndicator {
			f.Indicator = append(f.Indicator, j)
		}
	}
	s.fit = f
	return nil
}

func (s *SimpleImputer) strategyName() string {
	if s.Strategy == StrategyMean {
		return "mean"
	}
	return string(s.Strategy)
}

// imputerMostFrequentFloat returns the most frequent value of v, the smallest on ties
// (scipy.stats.mode).
func imputerMostFrequentFloat(v []float64) float64 {
	c := slices.Clone(v)
	slices.Sort(c)
	best, bestN := c[0], 0
	for i := 0; i < len(c); {
		k := i
		for k < len(c) && c[k] == c[i] {
			k++
		}
		if k-i > bestN {
			best, bestN = c[i], k-i
		}
		i = k
	}
	return best
}

func imputerMostFrequentString(v []string) string {
	c := slices.Clone(v)
	slices.Sort(c)
	best, bestN := c[0], 0
	for i := 0; i < len(c); {
		k := i
		for k < len(c) && c[k] == c[i] {
			k++
		}
		if k-i > bestN {
			best, bestN = c[i], k-i
		}
		i = k
	}
	return best
}

// FitTransform fits the imputer on X and returns the imputed X.
func (s *SimpleImputer) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	t, err := s.fitX(ctx, X, y) // read X once for both
	if err != nil {
		return nil, err
	}
	if t == nil {
		return s.Transform(X)
	}
	return s.fit.transformTable(t)
}

// checkTable verifies that t matches the fitted columns.
func (f *simpleImputerFit) checkTable(t *frameTable) error {
	if t.p() != f.NFeatures {
		return fmt.Errorf("X has %d features, but the imputer was fitted with %d: %w", t.p(), f.NFeatures, estimator.ErrShape)
	}
	for j := range t.p() {
		if (t.str[j] != nil) != f.IsStr[j] {
			return fmt.Errorf("column %q changed kind (string vs numeric) since fit: %w", t.names[j], estimator.ErrInvalidData)
		}
	}
	return nil
}

// Transform returns X with missing values imputed, the dropped all-missing columns
// left out, followed by the indicator columns when AddIndicator is set. It returns
// ErrNotFitted before Fit, ErrShape for a wrong column count, and ErrInvalidData for
// ±Inf, or when a kept column holds strings (use TransformFrame for those).
func (s *SimpleImputer) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", estimator.ErrNotFitted)
	}
	if d, ok := X.(*mat.Dense); ok && d != nil && !d.IsEmpty() && f.allNumeric() {
		return f.transformDense(d)
	}
	t, err := frameReadTable(X, true)
	if err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	return f.transformTable(t)
}

// imputerRowFinite reports whether row holds no NaN or ±Inf: v·0 is 0 for finite v
// and NaN otherwise.
func imputerRowFinite(row []float64) bool {
	var p0, p1 float64
	j := 0
	for ; j+2 <= len(row); j += 2 {
		p0 += row[j] * 0
		p1 += row[j+1] * 0
	}
	if j < len(row) {
		p0 += row[j] * 0
	}
	return p0+p1 == 0
}

func (f *simpleImputerFit) allNumeric() bool {
	for _, isStr := range f.IsStr {
		if isStr {
			return false
		}
	}
	return true
}

// transformDense is transformTable for a plain numeric matrix, row by row.
func (f *simpleImputerFit) transformDense(x *mat.Dense) (*mat.Dense, error) {
	n, p := x.Dims()
	if p != f.NFeatures {
		return nil, fmt.Errorf("preprocess.SimpleImputer: X has %d features, but the imputer was fitted with %d: %w", p, f.NFeatures, estimator.ErrShape)
	}
	keep := make([]int, 0, p)
	for j := range p {
		if f.Valid[j] {
			keep = append(keep, j)
		}
	}
	width := len(keep) + len(f.Indicator)
	if width == 0 {
		return nil, fmt.Errorf("preprocess.SimpleImputer: every column was dropped (no observed values at fit): %w", estimator.ErrInvalidData)
	}
	out := mat.NewDense(n, width, nil)
	for i := range n {
		row, dst := x.RawRowView(i), out.RawRowView(i)
		if len(keep) == p && len(f.Indicator) == 0 && imputerRowFinite(row[:p]) {
			copy(dst, row[:p]) // nothing to impute in this row
			continue
		}
		for k, j := range keep {
			v := row[j]
			if math.IsNaN(v) {
				v = f.Num[j]
			} else if math.IsInf(v, 0) {
				return nil, fmt.Errorf("preprocess.SimpleImputer: X[%d, %q] is %v: %w", i, f.Names[j], v, estimator.ErrInvalidData)
			}
			dst[k] = v
		}
		for k, j := range f.Indicator {
			if math.IsNaN(row[j]) {
				dst[len(keep)+k] = 1
			}
		}
	}
	return out, nil
}

func (f *simpleImputerFit) transformTable(t *frameTable) (*mat.Dense, error) {
	if err := f.checkTable(t); err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	var keep []int
	for j := range t.p() {
		if !f.Valid[j] {
			continue
		}
		if f.IsStr[j] {
			return nil, fmt.Errorf("preprocess.SimpleImputer: column %q holds strings, which a matrix cannot hold; use TransformFrame or ImputeStrings: %w",
				t.names[j], estimator.ErrInvalidData)
		}
		keep = append(keep, j)
	}
	width := len(keep) + len(f.Indicator)
	if width == 0 {
		return nil, fmt.Errorf("preprocess.SimpleImputer: every column was dropped (no observed values at fit): %w", estimator.ErrInvalidData)
	}
	out := mat.NewDense(t.n, width, nil)
	raw := out.RawMatrix()
	for k, j := range keep {
		stat := f.Num[j]
		for i, v := range t.num[j] {
			if math.IsNaN(v) {
				v = stat
			}
			raw.Data[i*raw.Stride+k] = v
		}
	}
	for k, j := range f.Indicator {
		for i := range t.n {
			if imputerIsMissing(t, i, j) {
				raw.Data[i*raw.Stride+len(keep)+k] = 1
			}
		}
	}
	return out, nil
}

func imputerIsMissing(t *frameTable, i, j int) bool {
	if t.str[j] != nil {
		return t.str[j][i] == ""
	}
	return math.IsNaN(t.num[j][i])
}

// TransformFrame returns X (a *Frame or a numeric matrix) imputed as a new Frame:
// numeric columns become Float columns, string columns stay string columns, dropped
// columns are left out, and the indicator columns (AddIndicator) are appended as Float
// columns named "missingindicator_<name>". The result can be given to OneHotEncoder
// or ColumnTransformer. Errors are those of Transform.
func (s *SimpleImputer) TransformFrame(X mat.Matrix) (*Frame, error) {
	f := s.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", estimator.ErrNotFitted)
	}
	t, err := frameReadTable(X, true)
	if err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	if err := f.checkTable(t); err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	out := &Frame{n: t.n}
	for j := range t.p() {
		if !f.Valid[j] {
			continue
		}
		col := &frameColumn{name: t.names[j]}
		if f.IsStr[j] {
			col.kind = series.String
			col.str = slices.Clone(t.str[j])
			for i, v := range col.str {
				if v == "" {
					col.str[i] = f.Str[j]
				}
			}
		} else {
			col.kind = series.Float
			col.num = slices.Clone(t.num[j])
			for i, v := range col.num {
				if math.IsNaN(v) {
					col.num[i] = f.Num[j]
				}
			}
		}
		out.cols = append(out.cols, col)
	}
	for _, j := range f.Indicator {
		col := &frameColumn{name: "missingindicator_" + t.names[j], kind: series.Float, num: make([]float64, t.n)}
		for i := range t.n {
			if imputerIsMissing(t, i, j) {
				col.num[i] = 1
			}
		}
		out.cols = append(out.cols, col)
	}
	if len(out.cols) == 0 {
		return nil, fmt.Errorf("preprocess.SimpleImputer: every column was dropped (no observed values at fit): %w", estimator.ErrInvalidData)
	}
	return out, nil
}

// ImputeStrings returns string columns imputed (the columns kept at Fit, without
// indicator columns), for an imputer fitted with FitStrings or on a Frame whose
// columns are all strings.
func (s *SimpleImputer) ImputeStrings(cols [][]string) ([][]string, error) {
	f := s.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", estimator.ErrNotFitted)
	}
	t, err := frameTableFromStrings(cols)
	if err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	if err := f.checkTable(t); err != nil {
		return nil, fmt.Errorf("preprocess.SimpleImputer: %w", err)
	}
	var out [][]string
	for j := range t.p() {
		if !f.Valid[j] {
			continue
		}
		c := slices.Clone(t.str[j])
		for i, v := range c {
			if v == "" {
				c[i] = f.Str[j]
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// MapStrings is ImputeStrings: it makes SimpleImputer an estimator.StringMapper, so a
// pipeline of SimpleImputer and OneHotEncoder can encode string columns in a
// ColumnTransformer branch (scikit-learn's make_pipeline(SimpleImputer(
// strategy="most_frequent"), OneHotEncoder())).
func (s *SimpleImputer) MapStrings(cols [][]string) ([][]string, error) { return s.ImputeStrings(cols) }

// Statistics returns the fill value of each input column (scikit-learn's
// statistics_): NaN for string columns (see StringStatistics) and for columns dropped
// because they had no observed value. It returns nil before Fit.
func (s *SimpleImputer) Statistics() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Num)
}

// StringStatistics returns the fill value of each string column ("" for numeric and
// dropped columns), or nil before Fit.
func (s *SimpleImputer) StringStatistics() []string {
	if s.fit == nil {
		return nil
	}
	out := slices.Clone(s.fit.Str)
	for j, ok := range s.fit.Valid {
		if !ok {
			out[j] = ""
		}
	}
	return out
}

// FeatureNamesOut returns the names of the kept columns followed by
// "missingindicator_<name>" for the indicator columns. in gives the input names; nil
// means the names seen at Fit. It returns nil before Fit.
func (s *SimpleImputer) FeatureNamesOut(in []string) []string {
	f := s.fit
	if f == nil {
		return nil
	}
	if len(in) != f.NFeatures {
		in = f.Names // nil (or mismatched) input names: the names seen at Fit
	}
	var out []string
	for j, ok := range f.Valid {
		if ok {
			out = append(out, in[j])
		}
	}
	for _, j := range f.Indicator {
		out = append(out, "missingindicator_"+in[j])
	}
	return out
}

// MarshalState implements estimator.StateMarshaler.
func (s *SimpleImputer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(simpleImputerStateVersion, s.fit)
}

// UnmarshalState implements estimator.StateMarshaler.
func (s *SimpleImputer) UnmarshalState(b []byte) error {
	return stateWrap("SimpleImputer", estimator.DecodeState(b, simpleImputerStateVersion, &s.fit))
}

// MissingFeatures selects the features MissingIndicator reports.
type MissingFeatures string

const (
	// MissingOnly (the zero value, also spelled "missing-only") reports the features
	// that had missing values at Fit.
	MissingOnly MissingFeatures = ""
	// MissingAll reports every feature.
	MissingAll MissingFeatures = "all"
)

// MissingIndicator outputs 1 where a value is missing and 0 elsewhere (scikit-learn:
// impute.MissingIndicator with missing_values=np.nan, dense output). Missing values
// are NaN in numeric columns and "" in a Frame's string columns; NaN is valid input,
// ±Inf is not.
type MissingIndicator struct {
	// Features is MissingOnly (zero value, scikit-learn's default "missing-only") or
	// MissingAll.
	Features MissingFeatures
	// NoErrorOnNew lets Transform accept missing values in features that had none at
	// Fit with MissingOnly (scikit-learn error_on_new=False; the default fails).
	NoErrorOnNew bool

	fit *missingIndicatorFit
}

type missingIndicatorFit struct {
	NFeatures int
	Names     []string
	IsStr     []bool
	Features  []int
}

// Validate reports whether the hyperparameters are usable.
func (m *MissingIndicator) Validate() error {
	switch m.Features {
	case MissingOnly, "missing-only", MissingAll:
		return nil
	}
	return &estimator.ParamError{Param: "Features", Value: m.Features, Reason: `must be "missing-only" or "all"`}
}

// Fit records which features have missing values. It returns a *ParamError for bad
// hyperparameters and ErrInvalidData for empty input or ±Inf.
func (m *MissingIndicator) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("preprocess.MissingIndicator: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := frameReadTable(X, true)
	if err != nil {
		return fmt.Errorf("preprocess.MissingIndicator: %w", err)
	}
	if y != nil && len(y) != t.n {
		return fmt.Errorf("preprocess.MissingIndicator: X has %d rows but y has %d values: %w", t.n, len(y), estimator.ErrShape)
	}
	f := &missingIndicatorFit{NFeatures: t.p(), Names: slices.Clone(t.names), IsStr: make([]bool, t.p())}
	for j := range t.p() {
		f.IsStr[j] = t.str[j] != nil
		if m.Features == MissingAll || missingIndicatorAny(t, j) {
			f.Features = append(f.Features, j)
		}
	}
	m.fit = f
	return nil
}

func missingIndicatorAny(t *frameTable, j int) bool {
	for i := range t.n {
		if imputerIsMissing(t, i, j) {
			return true
		}
	}
	return false
}

// Transform returns the n×len(Features()) indicator matrix (an empty *mat.Dense when
// no feature is reported). It returns ErrNotFitted before Fit, ErrShape for a wrong
// column count, and ErrInvalidData for ±Inf or, with MissingOnly and without
// NoErrorOnNew, missing values in features that had none at Fit.
func (m *MissingIndicator) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := m.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.MissingIndicator: %w", estimator.ErrNotFitted)
	}
	t, err := frameReadTable(X, true)
	if err != nil {
		return nil, fmt.Errorf("preprocess.MissingIndicator: %w", err)
	}
	if t.p() != f.NFeatures {
		return nil, fmt.Errorf("preprocess.MissingIndicator: X has %d features, but the indicator was fitted with %d: %w", t.p(), f.NFeatures, estimator.ErrShape)
	}
	if m.Features != MissingAll && !m.NoErrorOnNew {
		var bad []string
		for j := range t.p() {
			if !slices.Contains(f.Features, j) && missingIndicatorAny(t, j) {
				bad = append(bad, t.names[j])
			}
		}
		if bad != nil {
			return nil, fmt.Errorf("preprocess.MissingIndicator: the features %q have missing values in transform but had none in fit: %w", bad, estimator.ErrInvalidData)
		}
	}
	if len(f.Features) == 0 {
		return &mat.Dense{}, nil
	}
	out := mat.NewDense(t.n, len(f.Features), nil)
	for k, j := range f.Features {
		for i := range t.n {
			if imputerIsMissing(t, i, j) {
				out.Set(i, k, 1)
			}
		}
	}
	return out, nil
}

// FeatureIndices returns the indices of the reported features (scikit-learn's features_),
// or nil before Fit.
func (m *MissingIndicator) FeatureIndices() []int {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.Features)
}

// FeatureNamesOut returns "missingindicator_<name>" for each reported feature. in
// gives the input names; nil means the names seen at Fit. It returns nil before Fit.
func (m *MissingIndicator) FeatureNamesOut(in []string) []string {
	f := m.fit
	if f == nil {
		return nil
	}
	if len(in) != f.NFeatures {
		in = f.Names // nil (or mismatched) input names: the names seen at Fit
	}
	out := make([]string, len(f.Features))
	for k, j := range f.Features {
		out[k] = "missingindicator_" + in[j]
	}
	return out
}

// MarshalState implements estimator.StateMarshaler.
func (m *MissingIndicator) MarshalState() ([]byte, error) {
	return estimator.EncodeState(missingIndicatorStateVersion, m.fit)
}

// UnmarshalState implements estimator.StateMarshaler.
func (m *MissingIndicator) UnmarshalState(b []byte) error {
	return stateWrap("MissingIndicator", estimator.DecodeState(b, missingIndicatorStateVersion, &m.fit))
}
