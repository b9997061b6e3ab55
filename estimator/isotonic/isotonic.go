package isotonic

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*IsotonicRegression)(nil)
	_ estimator.Transformer    = (*IsotonicRegression)(nil)
	_ estimator.WeightedFitter = (*IsotonicRegression)(nil)
	_ estimator.Validator      = (*IsotonicRegression)(nil)
	_ estimator.StateMarshaler = (*IsotonicRegression)(nil)
	_ estimator.FeatureNamer   = (*IsotonicRegression)(nil)
)

// Direction says whether the fitted function increases or decreases with x
// (scikit-learn's increasing: True, False or "auto").
type Direction string

const (
	// IncreasingDefault (the zero value) is IncreasingTrue, scikit-learn's default.
	IncreasingDefault Direction = ""
	// IncreasingTrue fits a non-decreasing function (increasing=True).
	IncreasingTrue Direction = "true"
	// IncreasingFalse fits a non-increasing function (increasing=False).
	IncreasingFalse Direction = "false"
	// IncreasingAuto picks the direction from the sign of Spearman's rank correlation
	// of x and y over all the training rows, zero-weight rows included: increasing
	// when ρ ≥ 0, decreasing when ρ < 0 or undefined (constant x or y), as
	// scikit-learn's check_increasing does (its Fisher-interval warning is not
	// reproduced; skgo has no warnings).
	IncreasingAuto Direction = "auto"
)

// OutOfBounds says what prediction does with x outside [XMin(), XMax()]
// (scikit-learn's out_of_bounds).
type OutOfBounds string

const (
	// OutOfBoundsDefault (the zero value) is OutOfBoundsNaN, scikit-learn's default.
	OutOfBoundsDefault OutOfBounds = ""
	// OutOfBoundsNaN predicts NaN outside the training range.
	OutOfBoundsNaN OutOfBounds = "nan"
	// OutOfBoundsClip predicts the value at the nearest end of the training range.
	OutOfBoundsClip OutOfBounds = "clip"
	// OutOfBoundsRaise makes Predict and Transform return an error wrapping
	// estimator.ErrInvalidData.
	OutOfBoundsRaise OutOfBounds = "raise"
)

// IsotonicRegression fits a monotone step-free function of one variable
// (scikit-learn: isotonic.IsotonicRegression): with the training pairs (xᵢ, yᵢ) and
// weights wᵢ it solves
//
//	minimize Σᵢ wᵢ (ŷᵢ − yᵢ)²   subject to ŷᵢ ≤ ŷⱼ whenever xᵢ < xⱼ
//
// (≥ for a decreasing fit), then clips ŷ to [YMin, YMax]. Like scikit-learn 1.2.1 it
// drops rows of zero weight, sorts the rest by (x, y), merges runs of x values that
// lie within 1e-15 of the run's first value into one point (numpy's float64
// resolution) whose y is the weighted mean of the run and whose weight is the sum,
// solves the problem on the merged points by pool adjacent violators, and keeps as
// thresholds the merged points except those whose fitted value equals both
// neighbours'. Prediction interpolates linearly between the thresholds (scipy's
// interp1d, the same floating-point formula), so predictions match scikit-learn's to
// rounding.
//
// X must have exactly one column (FitXY takes plain slices). Transform returns
// Predict's values as an n×1 matrix, so the model can be a pipeline step.
//
// The zero value is scikit-learn's default IsotonicRegression().
type IsotonicRegression struct {
	// YMin is a lower bound on the fitted values (scikit-learn's y_min); nil means no
	// bound (None, the default). A pointer because every float, zero included, is a
	// meaningful bound. It must not be NaN, nor above YMax.
	YMin *float64
	// YMax is an upper bound on the fitted values (y_max); nil means no bound.
	YMax *float64
	// Increasing is the direction of the fit; the zero value is IncreasingTrue.
	Increasing Direction
	// OutOfBounds says how Predict treats x outside the training range; the zero
	// value is OutOfBoundsNaN.
	OutOfBounds OutOfBounds

	fit *isoFit // nil until Fit succeeds
}

// isoFit is the learned state; fields are exported for gob.
type isoFit struct {
	XThresholds []float64 // strictly increasing
	YThresholds []float64 // monotone in the direction of Increasing
	XMin, XMax  float64
	Increasing  bool
}

const isoStateVersion = 1

// Check validates decoded state.
func (f *isoFit) Check() error {
	m := len(f.XThresholds)
	if err := estimator.FirstError(
		estimator.CheckCount("thresholds", m, 1, math.MaxInt32),
		estimator.CheckLen("YThresholds", len(f.YThresholds), m),
		estimator.CheckIncreasing("XThresholds", f.XThresholds),
		estimator.CheckFinite("YThresholds", f.YThresholds...),
	); err != nil {
		return err
	}
	if f.XMin != f.XThresholds[0] || f.XMax != f.XThresholds[m-1] {
		return fmt.Errorf("XMin, XMax = %v, %v are not the ends of XThresholds (%v, %v)", f.XMin, f.XMax, f.XThresholds[0], f.XThresholds[m-1])
	}
	for i := 1; i < m; i++ {
		a, b := f.YThresholds[i-1], f.YThresholds[i]
		if (f.Increasing && b < a) || (!f.Increasing && b > a) {
			return fmt.Errorf("YThresholds is not monotone (Increasing %v) at %d: %v after %v", f.Increasing, i, b, a)
		}
	}
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (r *IsotonicRegression) Validate() error {
	if r.YMin != nil && math.IsNaN(*r.YMin) {
		return &estimator.ParamError{Param: "YMin", Value: *r.YMin, Reason: "must not be NaN (nil means no bound)"}
	}
	if r.YMax != nil && math.IsNaN(*r.YMax) {
		return &estimator.ParamError{Param: "YMax", Value: *r.YMax, Reason: "must not be NaN (nil means no bound)"}
	}
	if r.YMin != nil && r.YMax != nil && *r.YMin > *r.YMax {
		return &estimator.ParamError{Param: "YMin", Value: *r.YMin, Reason: fmt.Sprintf("is above YMax = %v", *r.YMax)}
	}
	switch r.Increasing {
	case IncreasingDefault, IncreasingTrue, IncreasingFalse, IncreasingAuto:
	default:
		return &estimator.ParamError{Param: "Increasing", Value: r.Increasing, Reason: `must be "true", "false" or "auto" ("" means "true")`}
	}
	switch r.OutOfBounds {
	case OutOfBoundsDefault, OutOfBoundsNaN, OutOfBoundsClip, OutOfBoundsRaise:
	default:
		return &estimator.ParamError{Param: "OutOfBounds", Value: r.OutOfBounds, Reason: `must be "nan", "clip" or "raise" ("" means "nan")`}
	}
	return nil
}

// Fit fits the model to the single column of X and targets y. It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrShape when X has more than one column or len(y) differs from its
// rows, estimator.ErrInvalidData for empty or non-finite input or a fit that
// float64 cannot represent, and ctx.Err() when ctx is done. On error the previous
// model, if any, is kept.
func (r *IsotonicRegression) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0 and at least one must be > 0;
// rows of zero weight are ignored (but count for IncreasingAuto, as in
// scikit-learn). scikit-learn silently drops negative weights; here they are an
// error wrapping estimator.ErrInvalidData. A wrong length gives estimator.ErrShape.
func (r *IsotonicRegression) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("isotonic.IsotonicRegression: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("isotonic.IsotonicRegression: %w", err)
	}
	if y == nil {
		return fmt.Errorf("isotonic.IsotonicRegression: y is nil, a regressor needs targets: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if p != 1 {
		return fmt.Errorf("isotonic.IsotonicRegression: X has %d columns, isotonic regression needs exactly 1: %w", p, estimator.ErrShape)
	}
	xs := make([]float64, n)
	mat.Col(xs, 0, x)
	return r.fitSlices(ctx, xs, y, w)
}

// FitXY fits the model to the pairs (x[i], y[i]), as Fit with X the column x.
func (r *IsotonicRegression) FitXY(ctx context.Context, x, y []float64) error {
	return r.FitXYWeighted(ctx, x, y, nil)
}

// FitXYWeighted is FitXY with sample weights w, as FitWeighted.
func (r *IsotonicRegression) FitXYWeighted(ctx context.Context, x, y, w []float64) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("isotonic.IsotonicRegression: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(x) == 0 {
		return fmt.Errorf("isotonic.IsotonicRegression: x is empty: %w", estimator.ErrInvalidData)
	}
	if len(y) != len(x) {
		return fmt.Errorf("isotonic.IsotonicRegression: x has %d values but y has %d: %w", len(x), len(y), estimator.ErrShape)
	}
	if err := checkFinite("x", x); err != nil {
		return err
	}
	if err := checkFinite("y", y); err != nil {
		return err
	}
	return r.fitSlices(ctx, x, y, w)
}

func checkFinite(name string, v []float64) error {
	for i, a := range v {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return fmt.Errorf("isotonic.IsotonicRegression: %s[%d] is %v: %w", name, i, a, estimator.ErrInvalidData)
		}
	}
	return nil
}

// fitSlices fits finite x, y of equal, non-zero length.
func (r *IsotonicRegression) fitSlices(ctx context.Context, x, y, w []float64) error {
	const typ = "isotonic.IsotonicRegression"
	n := len(x)
	if w != nil {
		if len(w) != n {
			return fmt.Errorf("%s: %d sample weights for %d rows: %w", typ, len(w), n, estimator.ErrShape)
		}
		for i, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("%s: sample weight %d is %v, weights must be finite and >= 0: %w", typ, i, v, estimator.ErrInvalidData)
			}
		}
	}
	increasing := true
	switch r.Increasing {
	case IncreasingFalse:
		increasing = false
	case IncreasingAuto:
		increasing = CheckIncreasing(x, y)
	}
	// Rows of positive weight, sorted by (x, y) and, as numpy's stable lexsort,
	// by row among equal pairs.
	rows := make([]sortRow, 0, n)
	for i := 0; i < n; i++ {
		if w == nil || w[i] > 0 {
			rows = append(rows, sortRow{x[i], y[i], i})
		}
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: every sample weight is zero: %w", typ, estimator.ErrInvalidData)
	}
	slices.SortFunc(rows, func(a, b sortRow) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		}
		return a.i - b.i
	})
	idx := make([]int, len(rows))
	for k, r := range rows {
		idx[k] = r.i
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ux, uy, uw := makeUnique(x, y, w, idx)
	yMin, yMax := math.Inf(-1), math.Inf(1)
	if r.YMin != nil {
		yMin = *r.YMin
	}
	if r.YMax != nil {
		yMax = *r.YMax
	}
	fitted := Regression(uy, uw, yMin, yMax, increasing)
	f := &isoFit{XMin: ux[0], XMax: ux[len(ux)-1], Increasing: increasing}
	f.XThresholds, f.YThresholds = trim(ux, fitted)
	if err := f.Check(); err != nil {
		return fmt.Errorf("%s: the fitted function is unusable (%v; data too extreme for float64?): %w", typ, err, estimator.ErrInvalidData)
	}
	r.fit = f
	return nil
}

type sortRow struct {
	x, y float64
	i    int
}

// makeUnique is scikit-learn's _make_unique over the rows idx (sorted by x): runs of
// x within numpy's float64 resolution (1e-15) of the run's first x become one point
// with the weighted mean of their y and the sum of their weights.
func makeUnique(x, y, w []float64, idx []int) (ux, uy, uw []float64) {
	const eps = 1e-15 // np.finfo(np.float64).resolution
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	curX := x[idx[0]]
	var curY, curW float64
	for _, i := range idx {
		if x[i]-curX >= eps {
			ux = append(ux, curX)
			uw = append(uw, curW)
			uy = append(uy, curY/curW)
			curX = x[i]
			curW = weight(i)
			curY = y[i] * weight(i)
		} else {
			curW += weight(i)
			curY += y[i] * weight(i)
		}
	}
	ux = append(ux, curX)
	uw = append(uw, curW)
	uy = append(uy, curY/curW)
	return ux, uy, uw
}

// Regression returns the isotonic fit of y with weights w (nil means all ones) in
// the order given, clipped to [yMin, yMax] (scikit-learn's isotonic_regression with
// pool adjacent violators, the same floating-point operations): the non-decreasing
// (increasing) or non-increasing sequence ŷ minimizing Σ wᵢ(ŷᵢ − yᵢ)². Pass ±Inf for
// no bound. y and w are not modified. Weights must be > 0; Regression panics if
// len(w) != len(y) for non-nil w.
func Regression(y, w []float64, yMin, yMax float64, increasing bool) []float64 {
	n := len(y)
	if w != nil && len(w) != n {
		panic("isotonic: length mismatch")
	}
	ys := make([]float64, n)
	ws := make([]float64, n)
	for i := 0; i < n; i++ {
		j := i
		if !increasing {
			j = n - 1 - i
		}
		ys[i] = y[j]
		ws[i] = 1
		if w != nil {
			ws[i] = w[j]
		}
	}
	pava(ys, ws)
	for i, v := range ys {
		ys[i] = min(max(v, yMin), yMax) // np.clip
	}
	if !increasing {
		slices.Reverse(ys)
	}
	return ys
}

// pava is scikit-learn's _inplace_contiguous_isotonic_regression: y becomes its
// non-decreasing weighted least-squares fit; w is overwritten.
func pava(y, w []float64) {
	n := len(y)
	if n == 0 {
		return
	}
	// target describes the blocks: if [i..j] is a block, target[i] = j and
	// target[j] = i. Block starts hold the block's mean in y and weight in w.
	target := make([]int, n)
	for i := range target {
		target[i] = i
	}
	i := 0
	for i < n {
		k := target[i] + 1
		if k == n {
			break
		}
		if y[i] < y[k] {
			i = k
			continue
		}
		sumWY := w[i] * y[i]
		sumW := w[i]
		for {
			prevY := y[k]
			sumWY += w[k] * y[k]
			sumW += w[k]
			k = target[k] + 1
			if k == n || prevY < y[k] {
				y[i] = sumWY / sumW
				w[i] = sumW
				target[i] = k - 1
				target[k-1] = i
				if i > 0 {
					i = target[i-1] // backtrack
				}
				break
			}
		}
	}
	for i := 0; i < n; {
		k := target[i] + 1
		for j := i + 1; j < k; j++ {
			y[j] = y[i]
		}
		i = k
	}
}

// trim keeps the first and last points and every point whose y differs from the
// previous or the next point's (scikit-learn's trim_duplicates).
func trim(x, y []float64) ([]float64, []float64) {
	n := len(y)
	var tx, ty []float64
	for i := 0; i < n; i++ {
		if i == 0 || i == n-1 || y[i] != y[i-1] || y[i] != y[i+1] {
			tx = append(tx, x[i])
			ty = append(ty, y[i])
		}
	}
	return tx, ty
}

// CheckIncreasing reports whether y increases with x by the sign of Spearman's rank
// correlation (scikit-learn's check_increasing): true when ρ ≥ 0, false when ρ < 0
// or undefined (x or y constant, or fewer than two values). Ranks average ties. It
// panics if the lengths differ.
func CheckIncreasing(x, y []float64) bool {
	if len(x) != len(y) {
		panic("isotonic: length mismatch")
	}
	rx, ry := ranks(x), ranks(y)
	n := len(x)
	mean := float64(n+1) / 2 // ranks are multiples of ½: these sums are exact
	var sxy, sxx, syy float64
	for i := range rx {
		a, b := rx[i]-mean, ry[i]-mean
		sxy += a * b
		sxx += a * a
		syy += b * b
	}
	if sxx == 0 || syy == 0 {
		return false // ρ is NaN, and NaN >= 0 is false in scikit-learn too
	}
	return sxy >= 0
}

// ranks returns the 1-based ranks of v, ties getting their average rank
// (scipy.stats.rankdata's "average").
func ranks(v []float64) []float64 {
	n := len(v)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	out := make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && v[idx[j]] == v[idx[i]] {
			j++
		}
		r := float64(i+1+j) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			out[idx[k]] = r
		}
		i = j
	}
	return out
}

// Predict returns the fitted function at the single column of X: linear
// interpolation between the thresholds, with x outside [XMin(), XMax()] treated as
// OutOfBounds says (NaN by default). A model with a single threshold predicts its
// value everywhere, as scikit-learn does. It returns estimator.ErrNotFitted before
// Fit, estimator.ErrShape when X has more than one column, and
// estimator.ErrInvalidData for empty or non-finite X or, with OutOfBoundsRaise, an x
// outside the training range.
func (r *IsotonicRegression) Predict(X mat.Matrix) ([]float64, error) {
	if r.fit == nil {
		return nil, fmt.Errorf("isotonic.IsotonicRegression: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, 1)
	if err != nil {
		return nil, fmt.Errorf("isotonic.IsotonicRegression: %w", err)
	}
	n, _ := x.Dims()
	xs := make([]float64, n)
	mat.Col(xs, 0, x)
	return r.predict(xs)
}

// PredictSlice is Predict for a plain slice of x values. Errors as for Predict.
func (r *IsotonicRegression) PredictSlice(x []float64) ([]float64, error) {
	if r.fit == nil {
		return nil, fmt.Errorf("isotonic.IsotonicRegression: %w", estimator.ErrNotFitted)
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("isotonic.IsotonicRegression: x is empty: %w", estimator.ErrInvalidData)
	}
	if err := checkFinite("x", x); err != nil {
		return nil, err
	}
	return r.predict(x)
}

func (r *IsotonicRegression) predict(x []float64) ([]float64, error) {
	f := r.fit
	out := make([]float64, len(x))
	switch r.OutOfBounds {
	case OutOfBoundsRaise:
		if len(f.XThresholds) > 1 {
			for i, t := range x {
				if t < f.XMin || t > f.XMax {
					return nil, fmt.Errorf("isotonic.IsotonicRegression: x[%d] = %v is outside the training range [%v, %v] (OutOfBounds is \"raise\"): %w",
						i, t, f.XMin, f.XMax, estimator.ErrInvalidData)
				}
			}
		}
	case OutOfBoundsClip:
		for i, t := range x {
			out[i] = interp(f.XThresholds, f.YThresholds, min(max(t, f.XMin), f.XMax))
		}
		return out, nil
	}
	for i, t := range x {
		out[i] = interp(f.XThresholds, f.YThresholds, t)
	}
	return out, nil
}

// interp is scipy's interp1d(xs, ys, kind="linear") at t with NaN outside the range,
// and the constant ys[0] when there is one point.
func interp(xs, ys []float64, t float64) float64 {
	m := len(xs)
	if m == 1 {
		return ys[0]
	}
	if t < xs[0] || t > xs[m-1] {
		return math.NaN()
	}
	hi := sort.SearchFloat64s(xs, t) // numpy searchsorted, side "left"
	hi = min(max(hi, 1), m-1)
	lo := hi - 1
	slope := (ys[hi] - ys[lo]) / (xs[hi] - xs[lo])
	return float64(slope*(t-xs[lo])) + ys[lo] // no fused multiply-add, as numpy
}

// Transform returns Predict(X) as an n×1 matrix (scikit-learn's transform). Errors
// as for Predict.
func (r *IsotonicRegression) Transform(X mat.Matrix) (*mat.Dense, error) {
	p, err := r.Predict(X)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(len(p), 1, p), nil
}

// FeatureNamesOut returns ["isotonicregression0"] (scikit-learn's
// get_feature_names_out; in is ignored), or nil before Fit.
func (r *IsotonicRegression) FeatureNamesOut(in []string) []string {
	if r.fit == nil {
		return nil
	}
	return []string{"isotonicregression0"}
}

// XThresholds returns a copy of the distinct, ascending x values the fitted function
// interpolates between (scikit-learn's X_thresholds_), or nil before Fit.
func (r *IsotonicRegression) XThresholds() []float64 {
	if r.fit == nil {
		return nil
	}
	return slices.Clone(r.fit.XThresholds)
}

// YThresholds returns a copy of the fitted values at XThresholds (scikit-learn's
// y_thresholds_), or nil before Fit.
func (r *IsotonicRegression) YThresholds() []float64 {
	if r.fit == nil {
		return nil
	}
	return slices.Clone(r.fit.YThresholds)
}

// XMin returns the smallest training x of positive weight (X_min_), or NaN before Fit.
func (r *IsotonicRegression) XMin() float64 {
	if r.fit == nil {
		return math.NaN()
	}
	return r.fit.XMin
}

// XMax returns the largest training x of positive weight (X_max_), or NaN before Fit.
func (r *IsotonicRegression) XMax() float64 {
	if r.fit == nil {
		return math.NaN()
	}
	return r.fit.XMax
}

// FittedIncreasing reports the direction of the fitted function (scikit-learn's
// increasing_, which IncreasingAuto decides at Fit); false before Fit.
func (r *IsotonicRegression) FittedIncreasing() bool {
	return r.fit != nil && r.fit.Increasing
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *IsotonicRegression) MarshalState() ([]byte, error) {
	return estimator.EncodeState(isoStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Thresholds that are empty, of different lengths, non-finite, x
// not strictly increasing, y not monotone in the saved direction, or XMin/XMax not
// the ends of the x thresholds give an error wrapping estimator.ErrState, and the
// receiver is unchanged.
func (r *IsotonicRegression) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, isoStateVersion, &r.fit); err != nil {
		return fmt.Errorf("isotonic.IsotonicRegression: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (r *IsotonicRegression) String() string { return estimator.Format(r) }
