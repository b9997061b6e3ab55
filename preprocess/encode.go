package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer    = (*OneHotEncoder)(nil)
	_ estimator.FitTransformer = (*OneHotEncoder)(nil)
	_ estimator.Validator      = (*OneHotEncoder)(nil)
	_ estimator.StateMarshaler = (*OneHotEncoder)(nil)
	_ estimator.FeatureNamer   = (*OneHotEncoder)(nil)
	_ StringTransformer        = (*OneHotEncoder)(nil)

	_ estimator.Transformer        = (*OrdinalEncoder)(nil)
	_ estimator.InverseTransformer = (*OrdinalEncoder)(nil)
	_ estimator.Validator          = (*OrdinalEncoder)(nil)
	_ estimator.StateMarshaler     = (*OrdinalEncoder)(nil)
	_ estimator.FeatureNamer       = (*OrdinalEncoder)(nil)
	_ StringTransformer            = (*OrdinalEncoder)(nil)
)

// StringTransformer is implemented by transformers that accept string columns
// (OneHotEncoder, OrdinalEncoder). ColumnTransformer sends the string columns of a
// Frame to them. cols holds one slice per column, all of the same length; the empty
// string marks a missing cell. y may be nil.
type StringTransformer = estimator.StringTransformer

// HandleUnknown says what an encoder does with a category not seen at Fit
// (scikit-learn's handle_unknown).
type HandleUnknown string

const (
	// UnknownError (the zero value, also spelled "error") makes Transform fail.
	UnknownError HandleUnknown = ""
	// UnknownIgnore makes OneHotEncoder encode an unknown category as all zeros.
	UnknownIgnore HandleUnknown = "ignore"
	// UnknownInfrequentIfExist makes OneHotEncoder encode an unknown category as the
	// feature's infrequent category when it has one, and as all zeros otherwise.
	UnknownInfrequentIfExist HandleUnknown = "infrequent_if_exist"
	// UnknownUseEncodedValue makes OrdinalEncoder output UnknownValue.
	UnknownUseEncodedValue HandleUnknown = "use_encoded_value"
)

// DropPolicy says which category OneHotEncoder drops per feature (scikit-learn's drop).
type DropPolicy string

const (
	// DropNone (the zero value) keeps every category.
	DropNone DropPolicy = ""
	// DropFirst drops the first category of every feature.
	DropFirst DropPolicy = "first"
	// DropIfBinary drops the first category of features with exactly two categories.
	DropIfBinary DropPolicy = "if_binary"
)

// encoderFit is the learned state shared by OneHotEncoder and OrdinalEncoder: the
// categories of each input column.
type encoderFit struct {
	NFeatures int
	Names     []string      // input column names
	Kinds     []series.Type // gota type of each column (Float for plain matrices)
	Num       [][]float64   // sorted categories of numeric columns (nil for string columns)
	Str       [][]string    // categories of string columns ("" = missing, sorted last)
	Drop      []int         // OneHotEncoder: index of the dropped slot, or -1
	Width     []int         // OneHotEncoder: output columns per feature
	// Slot maps category k of feature j to its output slot before dropping
	// (OneHotEncoder with infrequent categories); nil when feature j has none, in
	// which case slot k is category k. Infrequent categories share the last slot.
	Slot [][]int
	// Infrequent lists the indices of the infrequent categories of each feature.
	Infrequent [][]int
}

// nSlots returns the number of output slots of feature j before dropping.
func (f *encoderFit) nSlots(j int) int {
	if j < len(f.Infrequent) && len(f.Infrequent[j]) > 0 {
		return f.nCats(j) - len(f.Infrequent[j]) + 1
	}
	return f.nCats(j)
}

// slotLabels returns the printed labels of feature j's slots.
func (f *encoderFit) slotLabels(j int) []string {
	out := make([]string, 0, f.nCats(j))
	var infrequent []int
	if j < len(f.Infrequent) {
		infrequent = f.Infrequent[j]
	}
	for k := range f.nCats(j) {
		if !slices.Contains(infrequent, k) {
			out = append(out, f.label(j, k))
		}
	}
	if len(infrequent) > 0 {
		out = append(out, "infrequent_sklearn")
	}
	return out
}

// encoderCategories learns the categories of every column of t. fixed, when non-nil,
// gives them (scikit-learn's categories=list); with strict set, values outside fixed
// categories are an error.
func encoderCategories(t *frameTable, fixed [][]string, strict bool) (*encoderFit, error) {
	if fixed != nil && len(fixed) != t.p() {
		return nil, fmt.Errorf("Categories has %d entries but X has %d features: %w", len(fixed), t.p(), estimator.ErrShape)
	}
	f := &encoderFit{NFeatures: t.p(), Names: slices.Clone(t.names), Kinds: slices.Clone(t.kinds),
		Num: make([][]float64, t.p()), Str: make([][]string, t.p())}
	for j := range t.p() {
		if fixed != nil && len(fixed[j]) == 0 {
			return nil, fmt.Errorf("Categories[%d] (column %q) is empty: %w", j, t.names[j], estimator.ErrInvalidData)
		}
		if t.str[j] != nil {
			if fixed != nil {
				if u := encoderUniqueStrings(fixed[j]); len(u) != len(fixed[j]) {
					return nil, fmt.Errorf("Categories[%d] (column %q) repeats a category: %w", j, t.names[j], estimator.ErrInvalidData)
				}
				f.Str[j] = slices.Clone(fixed[j])
				if strict {
					known := make(map[string]bool, len(fixed[j]))
					for _, c := range fixed[j] {
						known[c] = true
					}
					for _, v := range t.str[j] {
						if !known[v] {
							return nil, fmt.Errorf("found unknown category %s in column %q during fit: %w", encoderQuote(v), t.names[j], estimator.ErrInvalidData)
						}
					}
				}
				continue
			}
			f.Str[j] = encoderUniqueStrings(t.str[j])
			continue
		}
		if fixed != nil {
			cats := make([]float64, len(fixed[j]))
			for k, s := range fixed[j] {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil || math.IsNaN(v) {
					return nil, fmt.Errorf("category %q of numeric column %q is not a number: %w", s, t.names[j], estimator.ErrInvalidData)
				}
				if k > 0 && !(v > cats[k-1]) {
					return nil, fmt.Errorf("categories of numeric column %q must be sorted and distinct: %w", t.names[j], estimator.ErrInvalidData)
				}
				cats[k] = v
			}
			f.Num[j] = cats
			if strict {
				for _, v := range t.num[j] {
					if encoderSearch(cats, v) < 0 {
						return nil, fmt.Errorf("found unknown category %s in column %q during fit: %w", pyFloat(v), t.names[j], estimator.ErrInvalidData)
					}
				}
			}
			continue
		}
		cats := slices.Clone(t.num[j])
		slices.Sort(cats)
		cats = slices.Compact(cats)
		for k, v := range cats {
			if v == 0 {
				cats[k] = 0 // -0 and 0 are one category, printed "0.0"
			}
		}
		f.Num[j] = cats
	}
	return f, nil
}

// encoderUniqueStrings returns the distinct values of s sorted, with "" (missing)
// last, as scikit-learn sorts np.nan last.
func encoderUniqueStrings(s []string) []string {
	u := slices.Clone(s)
	slices.Sort(u)
	u = slices.Compact(u)
	if len(u) > 0 && u[0] == "" {
		u = append(u[1:], "")
	}
	return u
}

func encoderSearch(cats []float64, v float64) int {
	k := sort.SearchFloat64s(cats, v)
	if k < len(cats) && cats[k] == v {
		return k
	}
	return -1
}

func encoderQuote(s string) string {
	if s == "" {
		return "nan (missing)"
	}
	return strconv.Quote(s)
}

// label returns the printed form of category k of column j, as scikit-learn prints it
// in feature names.
func (f *encoderFit) label(j, k int) string {
	if f.Str[j] != nil {
		if s := f.Str[j][k]; s != "" {
			return s
		}
		return "nan"
	}
	return frameFormatValue(f.Num[j][k], f.Kinds[j])
}

func (f *encoderFit) nCats(j int) int {
	if f.Str[j] != nil {
		return len(f.Str[j])
	}
	return len(f.Num[j])
}

// labels returns the printed categories of every column.
func (f *encoderFit) labels() [][]string {
	out := make([][]string, f.NFeatures)
	for j := range out {
		out[j] = make([]string, f.nCats(j))
		for k := range out[j] {
			out[j][k] = f.label(j, k)
		}
	}
	return out
}

// codes returns the category index of every value of column j of t, -1 for unknown
// values. t's column j must be of the fitted kind.
func (f *encoderFit) codes(t *frameTable, j int) []int {
	out := make([]int, t.n)
	if f.Str[j] != nil {
		index := make(map[string]int, len(f.Str[j]))
		for k, c := range f.Str[j] {
			if _, dup := index[c]; !dup {
				index[c] = k
			}
		}
		for i, v := range t.str[j] {
			k, ok := index[v]
			if !ok {
				k = -1
			}
			out[i] = k
		}
		return out
	}
	for i, v := range t.num[j] {
		out[i] = encoderSearch(f.Num[j], v)
	}
	return out
}

// check verifies that t has the fitted number of columns and kinds.
func (f *encoderFit) check(t *frameTable) error {
	if t.p() != f.NFeatures {
		return fmt.Errorf("X has %d features, but the encoder was fitted with %d: %w", t.p(), f.NFeatures, estimator.ErrShape)
	}
	for j := range t.p() {
		if (t.str[j] != nil) != (f.Str[j] != nil) {
			kind := "numeric"
			if f.Str[j] != nil {
				kind = "string"
			}
			return fmt.Errorf("column %q was %s at fit: %w", t.names[j], kind, estimator.ErrInvalidData)
		}
	}
	return nil
}

// encoderNamesIn returns in, or the names seen at Fit when in is nil or of the wrong
// length.
func encoderNamesIn(f *encoderFit, in []string) []string {
	if len(in) != f.NFeatures {
		return f.Names
	}
	return in
}

// OneHotEncoder encodes categorical features as one-hot columns (scikit-learn:
// preprocessing.OneHotEncoder with sparse_output=False).
//
// The categories of a numeric column are its distinct values, sorted; those of a
// string column (a Frame's string columns, or FitStrings) are its distinct strings,
// sorted lexicographically, with the missing value "" as a last category named "nan",
// as scikit-learn does for np.nan in object columns. NaN in a numeric column is
// rejected (impute it first with SimpleImputer): skgo's contract reserves NaN for
// invalid numeric input.
//
// Output columns follow the features, and within a feature its categories in order,
// minus the dropped one (Drop). FeatureNamesOut names them "<feature>_<category>",
// printing numeric categories as pandas/scikit-learn print the column's dtype: "0"
// for a gota Int column, "True"/"False" for Bool, "0.0" for Float columns and plain
// matrices.
type OneHotEncoder struct {
	// HandleUnknown says what Transform does with categories not seen at Fit: the
	// zero value (UnknownError, "error") fails with an error naming the column and the
	// value; UnknownIgnore encodes them as all zeros; UnknownInfrequentIfExist as the
	// infrequent column when the feature has one, else as zeros. scikit-learn's
	// default is "error".
	HandleUnknown HandleUnknown
	// Drop selects a category to drop per feature: DropNone (zero value, scikit-learn's
	// default None), DropFirst or DropIfBinary.
	Drop DropPolicy
	// Categories, when non-nil, fixes the categories of each feature (scikit-learn's
	// categories=list) instead of learning them; numeric categories are given as
	// strings ("1", "2.5") and must be sorted. nil means "auto".
	Categories [][]string
	// MinFrequency makes categories seen fewer times at Fit infrequent: a value in
	// (0, 1) is a fraction of the rows, a value >= 1 an integral count. Zero (the
	// default, scikit-learn's None) disables it. Infrequent categories of a feature
	// share one output column, named "<feature>_infrequent_sklearn", placed last.
	MinFrequency float64
	// MaxCategories bounds the output columns per feature, counting the infrequent
	// column: the least frequent categories become infrequent (scikit-learn
	// max_categories). Zero (the default, scikit-learn's None) means no bound.
	MaxCategories int

	fit *encoderFit
}

// Validate reports whether the hyperparameters are usable.
func (o *OneHotEncoder) Validate() error {
	switch o.HandleUnknown {
	case UnknownError, "error", UnknownIgnore, UnknownInfrequentIfExist:
	default:
		return &estimator.ParamError{Param: "HandleUnknown", Value: o.HandleUnknown, Reason: `must be "error", "ignore" or "infrequent_if_exist"`}
	}
	if v := o.MinFrequency; !(v >= 0) || math.IsInf(v, 0) || v >= 1 && v != math.Trunc(v) {
		return &estimator.ParamError{Param: "MinFrequency", Value: v, Reason: "must be 0, a fraction in (0, 1) or an integral count >= 1"}
	}
	if o.MaxCategories < 0 {
		return &estimator.ParamError{Param: "MaxCategories", Value: o.MaxCategories, Reason: "must be >= 0"}
	}
	switch o.Drop {
	case DropNone, DropFirst, DropIfBinary:
	default:
		return &estimator.ParamError{Param: "Drop", Value: o.Drop, Reason: `must be "", "first" or "if_binary"`}
	}
	return nil
}

// Fit learns the categories of every column of X, a *Frame (numeric and string
// columns) or a numeric matrix. It returns a *ParamError for bad hyperparameters,
// ErrInvalidData for empty input, NaN or Inf, and values outside fixed Categories
// (when HandleUnknown is "error"), and ErrShape when Categories has the wrong length.
func (o *OneHotEncoder) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := frameReadTable(X, false)
	if err != nil {
		return fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	return o.fitTable(t, y)
}

// FitStrings fits the encoder on string columns (StringTransformer).
func (o *OneHotEncoder) FitStrings(ctx context.Context, cols [][]string, y []float64) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := frameTableFromStrings(cols)
	if err != nil {
		return fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	return o.fitTable(t, y)
}

func (o *OneHotEncoder) fitTable(t *frameTable, y []float64) error {
	if y != nil && len(y) != t.n {
		return fmt.Errorf("preprocess.OneHotEncoder: X has %d rows but y has %d values: %w", t.n, len(y), estimator.ErrShape)
	}
	f, err := encoderCategories(t, o.Categories, o.HandleUnknown == UnknownError || o.HandleUnknown == "error")
	if err != nil {
		return fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	if o.MinFrequency > 0 || o.MaxCategories > 0 {
		o.fitInfrequent(f, t)
	}
	f.Drop = make([]int, f.NFeatures)
	f.Width = make([]int, f.NFeatures)
	for j := range f.Drop {
		k := f.nSlots(j)
		f.Drop[j] = -1
		if o.Drop == DropFirst && k > 0 || o.Drop == DropIfBinary && k == 2 {
			f.Drop[j] = 0
		}
		f.Width[j] = k
		if f.Drop[j] >= 0 {
			f.Width[j]--
		}
	}
	o.fit = f
	return nil
}

// fitInfrequent finds the infrequent categories of every feature, as scikit-learn's
// _identify_infrequent and _fit_infrequent_category_mapping do.
func (o *OneHotEncoder) fitInfrequent(f *encoderFit, t *frameTable) {
	f.Slot = make([][]int, f.NFeatures)
	f.Infrequent = make([][]int, f.NFeatures)
	for j := range f.NFeatures {
		nc := f.nCats(j)
		counts := make([]int, nc)
		for _, k := range f.codes(t, j) {
			if k >= 0 {
				counts[k]++
			}
		}
		infrequent := make([]bool, nc)
		nInf := 0
		if v := o.MinFrequency; v > 0 {
			limit := v
			if v < 1 {
				limit = v * float64(t.n)
			}
			for k, c := range counts {
				if float64(c) < limit {
					infrequent[k] = true
					nInf++
				}
			}
		}
		if m := o.MaxCategories; m > 0 && m < nc-nInf+1 {
			order := make([]int, nc)
			for k := range order {
				order[k] = k
			}
			slices.SortStableFunc(order, func(a, b int) int { return counts[a] - counts[b] })
			// numpy's [:-m+1] is empty for m == 1.
			if m > 1 {
				for _, k := range order[:nc-m+1] {
					infrequent[k] = true
				}
			}
		}
		var idx []int
		for k, inf := range infrequent {
			if inf {
				idx = append(idx, k)
			}
		}
		if len(idx) == 0 {
			continue
		}
		f.Infrequent[j] = idx
		slot := make([]int, nc)
		next, last := 0, nc-len(idx)
		for k, inf := range infrequent {
			if inf {
				slot[k] = last
			} else {
				slot[k] = next
				next++
			}
		}
		f.Slot[j] = slot
	}
}

// FitTransform fits the encoder on X and returns its encoding.
func (o *OneHotEncoder) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := o.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return o.Transform(X)
}

// Transform returns the one-hot encoding of X (a *Frame or a numeric matrix). It
// returns ErrNotFitted before Fit, ErrShape for a wrong column count, and
// ErrInvalidData for NaN, Inf, a column of the wrong kind, or (with HandleUnknown
// "error") a category not seen at Fit, naming the column and the value.
func (o *OneHotEncoder) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := o.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.OneHotEncoder: %w", estimator.ErrNotFitted)
	}
	t, err := frameReadTable(X, false)
	if err != nil {
		return nil, fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	return o.transformTable(f, t)
}

// TransformStrings encodes string columns (StringTransformer).
func (o *OneHotEncoder) TransformStrings(cols [][]string) (*mat.Dense, error) {
	f := o.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.OneHotEncoder: %w", estimator.ErrNotFitted)
	}
	t, err := frameTableFromStrings(cols)
	if err != nil {
		return nil, fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	return o.transformTable(f, t)
}

func (o *OneHotEncoder) transformTable(f *encoderFit, t *frameTable) (*mat.Dense, error) {
	if err := f.check(t); err != nil {
		return nil, fmt.Errorf("preprocess.OneHotEncoder: %w", err)
	}
	width := 0
	for _, w := range f.Width {
		width += w
	}
	if width == 0 {
		return nil, fmt.Errorf("preprocess.OneHotEncoder: every category was dropped, the encoding has no columns: %w", estimator.ErrInvalidData)
	}
	out := mat.NewDense(t.n, width, nil)
	raw := out.RawMatrix()
	off := 0
	for j := range t.p() {
		codes := f.codes(t, j)
		var slot []int
		if j < len(f.Slot) {
			slot = f.Slot[j]
		}
		for i, k := range codes {
			switch {
			case k >= 0 && slot != nil:
				k = slot[k]
			case k < 0 && o.HandleUnknown == UnknownInfrequentIfExist && slot != nil:
				k = f.nSlots(j) - 1
			}
			if k < 0 {
				if o.HandleUnknown == UnknownIgnore || o.HandleUnknown == UnknownInfrequentIfExist {
					continue
				}
				return nil, fmt.Errorf("preprocess.OneHotEncoder: found unknown category %s in column %q during transform: %w",
					o.valueString(t, i, j), t.names[j], estimator.ErrInvalidData)
			}
			if d := f.Drop[j]; d >= 0 {
				if k == d {
					continue
				}
				if k > d {
					k--
				}
			}
			raw.Data[i*raw.Stride+off+k] = 1
		}
		off += f.Width[j]
	}
	return out, nil
}

func (o *OneHotEncoder) valueString(t *frameTable, i, j int) string {
	if t.str[j] != nil {
		return encoderQuote(t.str[j][i])
	}
	return pyFloat(t.num[j][i])
}

// FittedCategories returns the categories of each feature as printed in feature
// names (scikit-learn's categories_), or nil before Fit.
func (o *OneHotEncoder) FittedCategories() [][]string {
	if o.fit == nil {
		return nil
	}
	return o.fit.labels()
}

// DropIdx returns the index of the dropped category of each feature, -1 for none
// (scikit-learn's drop_idx_; with infrequent categories, the index among the
// feature's output columns before dropping), or nil before Fit.
func (o *OneHotEncoder) DropIdx() []int {
	if o.fit == nil {
		return nil
	}
	return slices.Clone(o.fit.Drop)
}

// FeatureNamesOut returns "<feature>_<category>" for every output column. in gives
// the input names; nil means the names seen at Fit ("x0", "x1", ... for plain
// matrices). It returns nil before Fit.
func (o *OneHotEncoder) FeatureNamesOut(in []string) []string {
	f := o.fit
	if f == nil {
		return nil
	}
	names := encoderNamesIn(f, in)
	var out []string
	for j := range f.NFeatures {
		for k, label := range f.slotLabels(j) {
			if k == f.Drop[j] {
				continue
			}
			out = append(out, names[j]+"_"+label)
		}
	}
	return out
}

// InfrequentCategories returns the infrequent categories of each feature (nil for a
// feature without any) as printed in feature names (scikit-learn's
// infrequent_categories_), or nil before Fit or when MinFrequency and MaxCategories
// are unset.
func (o *OneHotEncoder) InfrequentCategories() [][]string {
	f := o.fit
	if f == nil || f.Infrequent == nil {
		return nil
	}
	out := make([][]string, f.NFeatures)
	for j, idx := range f.Infrequent {
		for _, k := range idx {
			out[j] = append(out[j], f.label(j, k))
		}
	}
	return out
}

// MarshalState implements estimator.StateMarshaler.
func (o *OneHotEncoder) MarshalState() ([]byte, error) {
	return estimator.EncodeState(encoderStateVersion, o.fit)
}

// UnmarshalState implements estimator.StateMarshaler.
func (o *OneHotEncoder) UnmarshalState(b []byte) error {
	var f *encoderFit
	if err := estimator.DecodeState(b, encoderStateVersion, &f); err != nil {
		return stateWrap("OneHotEncoder", err)
	}
	if f != nil {
		if err := oneHotCheckState(f); err != nil {
			return stateErr("OneHotEncoder", err)
		}
	}
	o.fit = f
	return nil
}

// oneHotCheckState checks that the one-hot layout is present.
func oneHotCheckState(f *encoderFit) error {
	if f.Drop == nil {
		return fmt.Errorf("the one-hot layout (Drop, Width) is missing")
	}
	return nil
}

// OrdinalEncoder encodes each categorical feature as one column of category codes 0,
// 1, ..., K−1 (scikit-learn: preprocessing.OrdinalEncoder). Categories are learned as
// OneHotEncoder learns them. A missing string ("") seen at Fit encodes as NaN
// (scikit-learn's encoded_missing_value=np.nan); NaN in numeric columns is rejected.
type OrdinalEncoder struct {
	// HandleUnknown is UnknownError (zero value, "error", scikit-learn's default) or
	// UnknownUseEncodedValue, which outputs UnknownValue for unseen categories.
	HandleUnknown HandleUnknown
	// UnknownValue is the code of unseen categories with UnknownUseEncodedValue. It
	// must be an integer that is not a valid code (scikit-learn requires such an
	// integer or NaN; -1 is usual) or NaN. Zero is a valid code, so the zero value is
	// rejected at Fit when HandleUnknown is UnknownUseEncodedValue.
	UnknownValue float64
	// Categories, when non-nil, fixes the categories of each feature (as in
	// OneHotEncoder). nil means "auto".
	Categories [][]string

	fit *encoderFit
}

// Validate reports whether the hyperparameters are usable.
func (o *OrdinalEncoder) Validate() error {
	switch o.HandleUnknown {
	case UnknownError, "error":
	case UnknownUseEncodedValue:
		if v := o.UnknownValue; !math.IsNaN(v) && v != math.Trunc(v) {
			return &estimator.ParamError{Param: "UnknownValue", Value: v, Reason: "must be an integer or NaN"}
		}
	default:
		return &estimator.ParamError{Param: "HandleUnknown", Value: o.HandleUnknown, Reason: `must be "error" or "use_encoded_value"`}
	}
	return nil
}

// Fit learns the categories of every column of X (a *Frame or a numeric matrix). Errors
// are those of OneHotEncoder.Fit; with UnknownUseEncodedValue, an UnknownValue that is
// a valid code of some feature is a *ParamError.
func (o *OrdinalEncoder) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := frameReadTable(X, false)
	if err != nil {
		return fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	return o.fitTable(t, y)
}

// FitStrings fits the encoder on string columns (StringTransformer).
func (o *OrdinalEncoder) FitStrings(ctx context.Context, cols [][]string, y []float64) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := frameTableFromStrings(cols)
	if err != nil {
		return fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	return o.fitTable(t, y)
}

func (o *OrdinalEncoder) fitTable(t *frameTable, y []float64) error {
	if y != nil && len(y) != t.n {
		return fmt.Errorf("preprocess.OrdinalEncoder: X has %d rows but y has %d values: %w", t.n, len(y), estimator.ErrShape)
	}
	f, err := encoderCategories(t, o.Categories, o.HandleUnknown != UnknownUseEncodedValue)
	if err != nil {
		return fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	if o.HandleUnknown == UnknownUseEncodedValue && !math.IsNaN(o.UnknownValue) {
		for j := range f.NFeatures {
			if o.UnknownValue >= 0 && o.UnknownValue < float64(f.nCats(j)) {
				return fmt.Errorf("preprocess.OrdinalEncoder: %w", &estimator.ParamError{Param: "UnknownValue", Value: o.UnknownValue,
					Reason: fmt.Sprintf("is a valid code of feature %q (it has %d categories)", f.Names[j], f.nCats(j))})
			}
		}
	}
	o.fit = f
	return nil
}

// Transform returns the category codes of X. It returns ErrNotFitted before Fit,
// ErrShape for a wrong column count, and ErrInvalidData for NaN, Inf, a column of the
// wrong kind or (with HandleUnknown "error") an unseen category.
func (o *OrdinalEncoder) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := o.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", estimator.ErrNotFitted)
	}
	t, err := frameReadTable(X, false)
	if err != nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	return o.transformTable(f, t)
}

// TransformStrings encodes string columns (StringTransformer).
func (o *OrdinalEncoder) TransformStrings(cols [][]string) (*mat.Dense, error) {
	f := o.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", estimator.ErrNotFitted)
	}
	t, err := frameTableFromStrings(cols)
	if err != nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	return o.transformTable(f, t)
}

func (o *OrdinalEncoder) transformTable(f *encoderFit, t *frameTable) (*mat.Dense, error) {
	if err := f.check(t); err != nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	out := mat.NewDense(t.n, t.p(), nil)
	for j := range t.p() {
		codes := f.codes(t, j)
		for i, k := range codes {
			v := float64(k)
			switch {
			case k < 0 && o.HandleUnknown == UnknownUseEncodedValue:
				v = o.UnknownValue
			case k < 0:
				s := ""
				if t.str[j] != nil {
					s = encoderQuote(t.str[j][i])
				} else {
					s = pyFloat(t.num[j][i])
				}
				return nil, fmt.Errorf("preprocess.OrdinalEncoder: found unknown category %s in column %q during transform: %w",
					s, t.names[j], estimator.ErrInvalidData)
			case f.Str[j] != nil && f.Str[j][k] == "":
				v = math.NaN()
			}
			out.Set(i, j, v)
		}
	}
	return out, nil
}

// InverseTransform maps codes back to the categories' numeric values. It works only
// for encoders fitted on numeric columns and returns ErrInvalidData for a code out of
// range (including UnknownValue) and errors.ErrUnsupported-style ErrInvalidData for
// string columns (use InverseTransformStrings).
func (o *OrdinalEncoder) InverseTransform(X mat.Matrix) (*mat.Dense, error) {
	f := o.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	for j := range c {
		if f.Num[j] == nil {
			return nil, fmt.Errorf("preprocess.OrdinalEncoder: column %q is a string column; use InverseTransformStrings: %w", f.Names[j], estimator.ErrInvalidData)
		}
		for i := range r {
			k := x.At(i, j)
			if k != math.Trunc(k) || k < 0 || k >= float64(len(f.Num[j])) {
				return nil, fmt.Errorf("preprocess.OrdinalEncoder: code %v in column %q is not a category code: %w", k, f.Names[j], estimator.ErrInvalidData)
			}
			out.Set(i, j, f.Num[j][int(k)])
		}
	}
	return out, nil
}

// InverseTransformStrings maps codes back to printed categories, column by column.
// NaN codes, the missing category and UnknownValue (with UnknownUseEncodedValue)
// give "". A value that is not a code gives ErrInvalidData.
func (o *OrdinalEncoder) InverseTransformStrings(X mat.Matrix) ([][]string, error) {
	f := o.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", estimator.ErrNotFitted)
	}
	x, r, c, err := frameAsDense(X)
	if err != nil {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: %w", err)
	}
	if c != f.NFeatures {
		return nil, fmt.Errorf("preprocess.OrdinalEncoder: X has %d features, but the encoder was fitted with %d: %w", c, f.NFeatures, estimator.ErrShape)
	}
	if x == nil { // a *Frame: its numeric values (string cells read as NaN)
		x = X.(*Frame).Dense()
	}
	out := make([][]string, c)
	for j := range c {
		out[j] = make([]string, r)
		for i := range r {
			k := x.At(i, j)
			if math.IsNaN(k) || o.HandleUnknown == UnknownUseEncodedValue && k == o.UnknownValue {
				continue
			}
			if k != math.Trunc(k) || k < 0 || k >= float64(f.nCats(j)) {
				return nil, fmt.Errorf("preprocess.OrdinalEncoder: code %v in column %q is not a category code: %w", k, f.Names[j], estimator.ErrInvalidData)
			}
			if f.Str[j] != nil {
				out[j][i] = f.Str[j][int(k)]
			} else {
				out[j][i] = f.label(j, int(k))
			}
		}
	}
	return out, nil
}

// FittedCategories returns the categories of each feature as strings (scikit-learn's
// categories_; the missing category prints "nan"), or nil before Fit.
func (o *OrdinalEncoder) FittedCategories() [][]string {
	if o.fit == nil {
		return nil
	}
	return o.fit.labels()
}

// FeatureNamesOut returns the input names (one output column per feature): in, or
// the names seen at Fit when in is nil. It returns nil before Fit.
func (o *OrdinalEncoder) FeatureNamesOut(in []string) []string {
	if o.fit == nil {
		return nil
	}
	return slices.Clone(encoderNamesIn(o.fit, in))
}

// MarshalState implements estimator.StateMarshaler.
func (o *OrdinalEncoder) MarshalState() ([]byte, error) {
	return estimator.EncodeState(encoderStateVersion, o.fit)
}

// UnmarshalState implements estimator.StateMarshaler.
func (o *OrdinalEncoder) UnmarshalState(b []byte) error {
	var f *encoderFit
	if err := estimator.DecodeState(b, encoderStateVersion, &f); err != nil {
		return stateWrap("OrdinalEncoder", err)
	}
	if f != nil {
		if err := o.checkState(f); err != nil {
			return stateErr("OrdinalEncoder", err)
		}
	}
	o.fit = f
	return nil
}

// checkState checks that UnknownValue is not a valid code, as Fit does.
func (o *OrdinalEncoder) checkState(f *encoderFit) error {
	if o.HandleUnknown == UnknownUseEncodedValue && !math.IsNaN(o.UnknownValue) {
		for j := range f.NFeatures {
			if o.UnknownValue >= 0 && o.UnknownValue < float64(f.nCats(j)) {
				return fmt.Errorf("UnknownValue %v is a valid code of feature %d", o.UnknownValue, j)
			}
		}
	}
	return nil
}

// LabelEncoder encodes target labels as float codes 0, 1, ..., K−1 in sorted label
// order (scikit-learn: preprocessing.LabelEncoder), so string class labels can be
// given to skgo classifiers, whose y is []float64. It is not an estimator: it works on
// targets, not on X. Labels are strings (FitStrings) or numbers (FitFloats); the
// empty string is an ordinary label here.
type LabelEncoder struct {
	fit *labelEncoderFit
}

type labelEncoderFit struct {
	Str []string  // sorted string classes (string mode)
	Num []float64 // sorted numeric classes (numeric mode)
}

// FitStrings learns the sorted distinct labels. It returns an error wrapping
// estimator.ErrInvalidData for no labels.
func (l *LabelEncoder) FitStrings(labels []string) error {
	if len(labels) == 0 {
		return fmt.Errorf("preprocess.LabelEncoder: no labels: %w", estimator.ErrInvalidData)
	}
	c := slices.Clone(labels)
	slices.Sort(c)
	l.fit = &labelEncoderFit{Str: slices.Compact(c)}
	return nil
}

// FitFloats learns the sorted distinct numeric labels. It returns an error wrapping
// estimator.ErrInvalidData for no labels, NaN or Inf.
func (l *LabelEncoder) FitFloats(labels []float64) error {
	if len(labels) == 0 {
		return fmt.Errorf("preprocess.LabelEncoder: no labels: %w", estimator.ErrInvalidData)
	}
	for i, v := range labels {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("preprocess.LabelEncoder: label %d is %v: %w", i, v, estimator.ErrInvalidData)
		}
	}
	l.fit = &labelEncoderFit{Num: estimator.ClassesOf(labels)}
	return nil
}

// TransformStrings returns the code of each label. It returns ErrNotFitted before
// Fit and an error wrapping ErrInvalidData that names the first label not seen at
// Fit, or when the encoder was fitted on numeric labels.
func (l *LabelEncoder) TransformStrings(labels []string) ([]float64, error) {
	f := l.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: %w", estimator.ErrNotFitted)
	}
	if f.Str == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: fitted on numeric labels, use TransformFloats: %w", estimator.ErrInvalidData)
	}
	out := make([]float64, len(labels))
	for i, s := range labels {
		k, ok := slices.BinarySearch(f.Str, s)
		if !ok {
			return nil, fmt.Errorf("preprocess.LabelEncoder: y contains previously unseen label %q (at %d): %w", s, i, estimator.ErrInvalidData)
		}
		out[i] = float64(k)
	}
	return out, nil
}

// FitTransformStrings is FitStrings then TransformStrings.
func (l *LabelEncoder) FitTransformStrings(labels []string) ([]float64, error) {
	if err := l.FitStrings(labels); err != nil {
		return nil, err
	}
	return l.TransformStrings(labels)
}

// TransformFloats returns the code of each numeric label, with the errors of
// TransformStrings.
func (l *LabelEncoder) TransformFloats(labels []float64) ([]float64, error) {
	f := l.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: %w", estimator.ErrNotFitted)
	}
	if f.Num == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: fitted on string labels, use TransformStrings: %w", estimator.ErrInvalidData)
	}
	out := make([]float64, len(labels))
	for i, v := range labels {
		k := encoderSearch(f.Num, v)
		if k < 0 {
			return nil, fmt.Errorf("preprocess.LabelEncoder: y contains previously unseen label %v (at %d): %w", v, i, estimator.ErrInvalidData)
		}
		out[i] = float64(k)
	}
	return out, nil
}

// InverseTransformStrings maps codes back to labels (numeric labels printed as Python
// prints floats): scikit-learn's inverse_transform. It returns ErrNotFitted before Fit
// and ErrInvalidData for a value that is not a code. (It is not named InverseTransform
// because estimator.InverseTransformer's InverseTransform maps matrices.)
func (l *LabelEncoder) InverseTransformStrings(codes []float64) ([]string, error) {
	f := l.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: %w", estimator.ErrNotFitted)
	}
	k := len(f.Str) + len(f.Num)
	out := make([]string, len(codes))
	for i, c := range codes {
		if c != math.Trunc(c) || c < 0 || c >= float64(k) {
			return nil, fmt.Errorf("preprocess.LabelEncoder: code %v (at %d) is not in [0, %d): %w", c, i, k, estimator.ErrInvalidData)
		}
		if f.Str != nil {
			out[i] = f.Str[int(c)]
		} else {
			out[i] = pyFloat(f.Num[int(c)])
		}
	}
	return out, nil
}

// InverseTransformFloats maps codes back to numeric labels; it needs an encoder fitted
// with FitFloats.
func (l *LabelEncoder) InverseTransformFloats(codes []float64) ([]float64, error) {
	f := l.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: %w", estimator.ErrNotFitted)
	}
	if f.Num == nil {
		return nil, fmt.Errorf("preprocess.LabelEncoder: fitted on string labels, use InverseTransformStrings: %w", estimator.ErrInvalidData)
	}
	out := make([]float64, len(codes))
	for i, c := range codes {
		if c != math.Trunc(c) || c < 0 || c >= float64(len(f.Num)) {
			return nil, fmt.Errorf("preprocess.LabelEncoder: code %v (at %d) is not in [0, %d): %w", c, i, len(f.Num), estimator.ErrInvalidData)
		}
		out[i] = f.Num[int(c)]
	}
	return out, nil
}

// Classes returns the sorted labels seen at Fit as strings (scikit-learn's classes_),
// or nil before Fit.
func (l *LabelEncoder) Classes() []string {
	f := l.fit
	if f == nil {
		return nil
	}
	if f.Str != nil {
		return slices.Clone(f.Str)
	}
	out := make([]string, len(f.Num))
	for i, v := range f.Num {
		out[i] = pyFloat(v)
	}
	return out
}

// MarshalState saves the learned labels.
func (l *LabelEncoder) MarshalState() ([]byte, error) {
	return estimator.EncodeState(labelEncoderStateVersion, l.fit)
}

// UnmarshalState restores labels saved by MarshalState.
func (l *LabelEncoder) UnmarshalState(b []byte) error {
	return stateWrap("LabelEncoder", estimator.DecodeState(b, labelEncoderStateVersion, &l.fit))
}
