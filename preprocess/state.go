package preprocess

import (
	"fmt"
	"math"
	"slices"

	"github.com/go-gota/gota/series"

	"github.com/skgo/skgo/estimator"
)

// Learned state on disk. Every MarshalState in this package writes its private fit
// struct with estimator.EncodeState behind a per-type version, and every
// UnmarshalState reads it with estimator.DecodeState, which runs the struct's Check
// method: a model file is untrusted input, so lengths are compared with NFeatures,
// indices with their ranges, categories and bin edges must be sorted, statistics
// finite and scales positive. Checks that need the hyperparameters (restored by
// estimator.Load before any state) run in UnmarshalState after decoding; on any
// failure the receiver keeps its previous state and the error wraps estimator.ErrState.
//
// Bump a type's version whenever its fit struct changes meaning or field names.
const (
	standardScalerStateVersion   = 1
	minMaxScalerStateVersion     = 1
	maxAbsScalerStateVersion     = 1
	robustScalerStateVersion     = 1
	normalizerStateVersion       = 1
	encoderStateVersion          = 1 // OneHotEncoder and OrdinalEncoder
	labelEncoderStateVersion     = 1
	simpleImputerStateVersion    = 1
	missingIndicatorStateVersion = 1
	kbinsStateVersion            = 1
	pcaStateVersion              = 1 // PCA and TruncatedSVD
	polyStateVersion             = 1
	selectStateVersion           = 1 // VarianceThreshold and SelectKBest
	functionStateVersion         = 1
	columnStateVersion           = 1
)

// MaxStateFeatures bounds the number of input features a saved model of this package
// may declare (2²⁴): a forged NFeatures must not make FeatureNamesOut or Transform
// allocate without bound.
const MaxStateFeatures = 1 << 24

// stateErr wraps a failed check of decoded or restored state in estimator.ErrState
// with the "preprocess.Type: " prefix.
func stateErr(name string, err error) error {
	return fmt.Errorf("preprocess.%s: %w: %w", name, err, estimator.ErrState)
}

// stateWrap adds the "preprocess.Type: " prefix to a DecodeState error (which already
// wraps estimator.ErrState).
func stateWrap(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("preprocess.%s: %w", name, err)
}

// fitCheck runs a freshly fitted state's Check before Fit stores it, so Fit never
// keeps statistics that overflowed float64 (data near ±1e308) or a state that Load
// would refuse: it reports them as an error wrapping estimator.ErrInvalidData.
func fitCheck(name string, f interface{ Check() error }) error {
	if err := f.Check(); err != nil {
		return fmt.Errorf("preprocess.%s: the fitted statistics are unusable (are X's values too extreme for float64?): %v: %w",
			name, err, estimator.ErrInvalidData)
	}
	return nil
}

func checkNFeatures(n int) error {
	return estimator.CheckCount("NFeatures", n, 1, MaxStateFeatures)
}

// checkNames checks optional column names: nil, or one per feature.
func checkNames(name string, names []string, n int) error {
	if names == nil {
		return nil
	}
	return estimator.CheckLen(name, len(names), n)
}

// checkOptLen checks that v is nil or has n values.
func checkOptLen(name string, got int, isNil bool, n int) error {
	if isNil {
		return nil
	}
	return estimator.CheckLen(name, got, n)
}

// checkNonNegative reports whether every value is finite and >= 0.
func checkNonNegative(name string, v []float64) error {
	for i, x := range v {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v, want a finite value >= 0", name, i, x)
		}
	}
	return nil
}

// checkStrictIndices reports whether idx is strictly increasing within [0, n).
func checkStrictIndices(name string, idx []int, n int) error {
	if err := estimator.CheckIndex(name, idx, n); err != nil {
		return err
	}
	for i := 1; i < len(idx); i++ {
		if idx[i] <= idx[i-1] {
			return fmt.Errorf("%s is not strictly increasing at %d", name, i)
		}
	}
	return nil
}

// Check validates a decoded standardScalerFit.
func (f *standardScalerFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckCount("NSamples", f.NSamples, 1, math.MaxInt),
		checkNames("InNames", f.InNames, f.NFeatures),
		checkOptLen("Mean", len(f.Mean), f.Mean == nil, f.NFeatures),
		checkOptLen("Var", len(f.Var), f.Var == nil, f.NFeatures),
		checkOptLen("Scale", len(f.Scale), f.Scale == nil, f.NFeatures),
		estimator.CheckFinite("Mean", f.Mean...),
		checkNonNegative("Var", f.Var),
		estimator.CheckPositive("Scale", f.Scale...),
	); err != nil {
		return err
	}
	if (f.Var == nil) != (f.Scale == nil) {
		return fmt.Errorf("Var and Scale must be both set or both absent")
	}
	if f.Scale != nil && f.Mean == nil {
		return fmt.Errorf("Scale is set but Mean is not")
	}
	return nil
}

// Check validates a decoded minMaxScalerFit.
func (f *minMaxScalerFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckLen("DataMin", len(f.DataMin), f.NFeatures),
		estimator.CheckLen("DataMax", len(f.DataMax), f.NFeatures),
		estimator.CheckLen("DataRange", len(f.DataRange), f.NFeatures),
		estimator.CheckLen("Scale", len(f.Scale), f.NFeatures),
		estimator.CheckLen("Min", len(f.Min), f.NFeatures),
		estimator.CheckFinite("DataMin", f.DataMin...),
		estimator.CheckFinite("DataMax", f.DataMax...),
		checkNonNegative("DataRange", f.DataRange),
		estimator.CheckPositive("Scale", f.Scale...),
		estimator.CheckFinite("Min", f.Min...),
	); err != nil {
		return err
	}
	for j := range f.DataMin {
		if f.DataMin[j] > f.DataMax[j] {
			return fmt.Errorf("DataMin[%d] = %v exceeds DataMax[%d] = %v", j, f.DataMin[j], j, f.DataMax[j])
		}
	}
	return nil
}

// Check validates a decoded maxAbsScalerFit.
func (f *maxAbsScalerFit) Check() error {
	return estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckLen("MaxAbs", len(f.MaxAbs), f.NFeatures),
		estimator.CheckLen("Scale", len(f.Scale), f.NFeatures),
		checkNonNegative("MaxAbs", f.MaxAbs),
		estimator.CheckPositive("Scale", f.Scale...),
	)
}

// Check validates a decoded robustScalerFit.
func (f *robustScalerFit) Check() error {
	return estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		checkOptLen("Center", len(f.Center), f.Center == nil, f.NFeatures),
		checkOptLen("Scale", len(f.Scale), f.Scale == nil, f.NFeatures),
		estimator.CheckFinite("Center", f.Center...),
		estimator.CheckPositive("Scale", f.Scale...),
	)
}

// Check validates a decoded normalizerFit.
func (f *normalizerFit) Check() error {
	return estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
	)
}

// Check validates a decoded functionFit.
func (f *functionFit) Check() error { return checkNFeatures(f.NFeatures) }

// Check validates a decoded encoderFit: one entry per feature everywhere, numeric
// categories finite, sorted and distinct, string categories distinct, and the
// one-hot layout (Drop, Width, Slot, Infrequent) consistent with the categories.
func (f *encoderFit) Check() error {
	p := f.NFeatures
	if err := estimator.FirstError(
		checkNFeatures(p),
		estimator.CheckLen("Names", len(f.Names), p),
		estimator.CheckLen("Kinds", len(f.Kinds), p),
		estimator.CheckLen("Num", len(f.Num), p),
		estimator.CheckLen("Str", len(f.Str), p),
		checkOptLen("Drop", len(f.Drop), f.Drop == nil, p),
		checkOptLen("Width", len(f.Width), f.Width == nil, p),
		checkOptLen("Slot", len(f.Slot), f.Slot == nil, p),
		checkOptLen("Infrequent", len(f.Infrequent), f.Infrequent == nil, p),
	); err != nil {
		return err
	}
	if (f.Drop == nil) != (f.Width == nil) {
		return fmt.Errorf("Drop and Width must be both set or both absent")
	}
	if (f.Slot == nil) != (f.Infrequent == nil) {
		return fmt.Errorf("Slot and Infrequent must be both set or both absent")
	}
	for j := range p {
		switch f.Kinds[j] {
		case series.String:
			if f.Num[j] != nil {
				return fmt.Errorf("string feature %d has numeric categories", j)
			}
			if len(f.Str[j]) == 0 {
				return fmt.Errorf("Str[%d] has no category", j)
			}
			seen := make(map[string]bool, len(f.Str[j]))
			for _, s := range f.Str[j] {
				if seen[s] {
					return fmt.Errorf("Str[%d] repeats category %q", j, s)
				}
				seen[s] = true
			}
		case series.Float, series.Int, series.Bool:
			if f.Str[j] != nil {
				return fmt.Errorf("numeric feature %d has string categories", j)
			}
			if len(f.Num[j]) == 0 {
				return fmt.Errorf("Num[%d] has no category", j)
			}
			if err := estimator.CheckIncreasing(fmt.Sprintf("Num[%d]", j), f.Num[j]); err != nil {
				return err
			}
		default:
			return fmt.Errorf("Kinds[%d] is %q", j, f.Kinds[j])
		}
		nc := f.nCats(j)
		if f.Infrequent != nil {
			inf := f.Infrequent[j]
			if err := checkStrictIndices(fmt.Sprintf("Infrequent[%d]", j), inf, nc); err != nil {
				return err
			}
			if len(inf) == 0 && f.Slot[j] != nil || len(inf) > 0 && f.Slot[j] == nil {
				return fmt.Errorf("Slot[%d] does not match Infrequent[%d]", j, j)
			}
			if len(inf) > 0 {
				// The frequent categories take the slots in order, the infrequent ones
				// share the last: exactly what fitInfrequent builds.
				if err := estimator.CheckLen(fmt.Sprintf("Slot[%d]", j), len(f.Slot[j]), nc); err != nil {
					return err
				}
				next, last := 0, nc-len(inf)
				for k, s := range f.Slot[j] {
					want := next
					if slices.Contains(inf, k) {
						want = last
					} else {
						next++
					}
					if s != want {
						return fmt.Errorf("Slot[%d][%d] is %d, want %d", j, k, s, want)
					}
				}
			}
		}
		if f.Drop != nil {
			ns := f.nSlots(j)
			d := f.Drop[j]
			if d < -1 || d >= ns {
				return fmt.Errorf("Drop[%d] is %d, want -1 or an index in [0, %d)", j, d, ns)
			}
			want := ns
			if d >= 0 {
				want--
			}
			if f.Width[j] != want {
				return fmt.Errorf("Width[%d] is %d, want %d", j, f.Width[j], want)
			}
		}
	}
	return nil
}

// Check validates a decoded labelEncoderFit: one kind of labels, sorted and
// distinct.
func (f *labelEncoderFit) Check() error {
	if (len(f.Str) == 0) == (len(f.Num) == 0) {
		return fmt.Errorf("exactly one of Str and Num must hold labels")
	}
	for i := 1; i < len(f.Str); i++ {
		if !(f.Str[i] > f.Str[i-1]) {
			return fmt.Errorf("Str is not sorted and distinct at %d", i)
		}
	}
	return estimator.CheckIncreasing("Num", f.Num)
}

// Check validates a decoded simpleImputerFit.
func (f *simpleImputerFit) Check() error {
	p := f.NFeatures
	if err := estimator.FirstError(
		checkNFeatures(p),
		estimator.CheckLen("Names", len(f.Names), p),
		estimator.CheckLen("Kinds", len(f.Kinds), p),
		estimator.CheckLen("IsStr", len(f.IsStr), p),
		estimator.CheckLen("Num", len(f.Num), p),
		estimator.CheckLen("Str", len(f.Str), p),
		estimator.CheckLen("Valid", len(f.Valid), p),
		checkStrictIndices("Indicator", f.Indicator, p),
	); err != nil {
		return err
	}
	for j := range p {
		if f.IsStr[j] != (f.Kinds[j] == series.String) {
			return fmt.Errorf("IsStr[%d] does not match Kinds[%d] = %q", j, j, f.Kinds[j])
		}
		switch f.Kinds[j] {
		case series.String, series.Float, series.Int, series.Bool:
		default:
			return fmt.Errorf("Kinds[%d] is %q", j, f.Kinds[j])
		}
		if !f.IsStr[j] && f.Valid[j] {
			if err := estimator.CheckFinite(fmt.Sprintf("Num[%d]", j), f.Num[j]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Check validates a decoded missingIndicatorFit.
func (f *missingIndicatorFit) Check() error {
	return estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckLen("Names", len(f.Names), f.NFeatures),
		estimator.CheckLen("IsStr", len(f.IsStr), f.NFeatures),
		checkStrictIndices("Features", f.Features, f.NFeatures),
	)
}

// Check validates a decoded kbinsFit: every feature has between 1 and
// kbinsMaxBins bins whose edges strictly increase (the outer edges of a constant
// feature are ±Inf; every other edge is finite).
func (f *kbinsFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckLen("Edges", len(f.Edges), f.NFeatures),
	); err != nil {
		return err
	}
	for j, e := range f.Edges {
		name := fmt.Sprintf("Edges[%d]", j)
		if err := estimator.CheckCount("len("+name+")", len(e), 2, kbinsMaxBins+1); err != nil {
			return err
		}
		inner := e
		if len(e) == 2 && math.IsInf(e[0], -1) && math.IsInf(e[1], 1) {
			continue // a constant feature's single bin
		}
		if err := estimator.CheckIncreasing(name, inner); err != nil {
			return err
		}
	}
	return nil
}

// Check validates a decoded pcaFit (PCA and TruncatedSVD).
func (f *pcaFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckCount("NSamples", f.NSamples, 1, math.MaxInt),
		estimator.CheckCount("K", f.K, 1, min(f.NFeatures, f.NSamples)),
	); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckLen("Components", len(f.Components), f.K*f.NFeatures),
		estimator.CheckFinite("Components", f.Components...),
		checkOptLen("Mean", len(f.Mean), f.Mean == nil, f.NFeatures),
		estimator.CheckFinite("Mean", f.Mean...),
		estimator.CheckLen("ExplVar", len(f.ExplVar), f.K),
		checkNonNegative("ExplVar", f.ExplVar),
		estimator.CheckLen("ExplRatio", len(f.ExplRatio), f.K),
		checkNonNegative("ExplRatio", f.ExplRatio),
		estimator.CheckLen("Singular", len(f.Singular), f.K),
		checkNonNegative("Singular", f.Singular),
		checkNonNegative("NoiseVar", []float64{f.NoiseVar}),
	)
}

// Check validates a decoded polyFit: every combination lists input features in
// non-decreasing order, and the columns form the evaluation plan Transform follows
// (the bias and the degree-1 columns first, then products whose tail monomial is an
// earlier column).
func (f *polyFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckCount("len(Combos)", len(f.Combos), 1, polyMaxOutput),
	); err != nil {
		return err
	}
	index := make(map[string]int, len(f.Combos))
	products := false
	for k, c := range f.Combos {
		for i, v := range c { // the name is formatted only on failure
			if v < 0 || v >= f.NFeatures {
				return fmt.Errorf("Combos[%d][%d] is %d, want an index in [0, %d)", k, i, v, f.NFeatures)
			}
		}
		for i := 1; i < len(c); i++ {
			if c[i] < c[i-1] {
				return fmt.Errorf("Combos[%d] is not sorted", k)
			}
		}
		key := polyKey(c)
		if _, dup := index[key]; dup {
			return fmt.Errorf("Combos[%d] repeats an earlier column", k)
		}
		if len(c) >= 2 {
			if _, ok := index[polyKey(c[1:])]; !ok {
				return fmt.Errorf("Combos[%d]: its tail monomial is not an earlier column", k)
			}
			products = true
		} else if products {
			return fmt.Errorf("Combos[%d]: a degree-%d column after a product", k, len(c))
		}
		index[key] = k
	}
	return nil
}

// Check validates a decoded selectFit.
func (f *selectFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckLen("Support", len(f.Support), f.NFeatures),
		estimator.CheckLen("Scores", len(f.Scores), f.NFeatures),
		checkOptLen("PValues", len(f.PValues), f.PValues == nil, f.NFeatures),
	); err != nil {
		return err
	}
	if selectCount(f.Support) == 0 {
		return fmt.Errorf("Support selects no feature")
	}
	return nil
}

func selectCount(support []bool) int {
	n := 0
	for _, s := range support {
		if s {
			n++
		}
	}
	return n
}

// Check validates a decoded columnTransformerFit; UnmarshalState then matches the
// branches against the ColumnTransformer's Columns and Remainder.
func (f *columnTransformerFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		estimator.CheckLen("Names", len(f.Names), f.NFeatures),
		estimator.CheckLen("IsStr", len(f.IsStr), f.NFeatures),
	); err != nil {
		return err
	}
	for bi, b := range f.Branches {
		name := fmt.Sprintf("Branches[%d]", bi)
		if b.Name == "" {
			return fmt.Errorf("%s has no name", name)
		}
		if err := estimator.FirstError(
			estimator.CheckCount(name+".Mode", b.Mode, columnModeEstimator, columnModeDrop),
			estimator.CheckIndex(name+".Cols", b.Cols, f.NFeatures),
		); err != nil {
			return err
		}
		if b.Mode == columnModeDrop {
			continue
		}
		if err := estimator.FirstError(
			estimator.CheckCount(name+".NOut", b.NOut, 0, math.MaxInt32),
			estimator.CheckLen(name+".NamesOut", len(b.NamesOut), b.NOut),
		); err != nil {
			return err
		}
		if b.Mode == columnModePassthrough && b.NOut != len(b.Cols) {
			return fmt.Errorf("%s passes %d columns through but declares %d outputs", name, len(b.Cols), b.NOut)
		}
	}
	return nil
}
