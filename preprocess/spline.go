package preprocess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Transformer    = (*SplineTransformer)(nil)
	_ estimator.FitTransformer = (*SplineTransformer)(nil)
	_ estimator.WeightedFitter = (*SplineTransformer)(nil)
	_ estimator.Validator      = (*SplineTransformer)(nil)
	_ estimator.StateMarshaler = (*SplineTransformer)(nil)
	_ estimator.FeatureNamer   = (*SplineTransformer)(nil)
)

// SplineKnots says where SplineTransformer places the knots of each feature when
// SplineTransformer.KnotPositions is nil.
type SplineKnots string

// Knot placements accepted by SplineTransformer.
const (
	// SplineUniform (the zero value "" or "uniform"): NKnots knots equally spaced
	// from the feature's minimum to its maximum (numpy.linspace).
	SplineUniform SplineKnots = "uniform"
	// SplineQuantile: knots at the 0, 100/(NKnots−1), …, 100 percentiles of the
	// feature (numpy.percentile's linear method; with sample weights, scikit-learn's
	// lower weighted percentile).
	SplineQuantile SplineKnots = "quantile"
)

// SplineExtrapolation says what SplineTransformer does with values outside the
// base interval [first knot, last knot] of a feature.
type SplineExtrapolation string

// Extrapolation modes accepted by SplineTransformer.
const (
	// SplineConstant (the zero value "" or "constant"): beyond the interval, the
	// first (last) Degree basis functions keep their values at the boundary and the
	// others are 0.
	SplineConstant SplineExtrapolation = "constant"
	// SplineLinear: the first and last Degree basis functions (Degree+1 when Degree
	// is 0 or 1) continue linearly with their slope at the boundary.
	SplineLinear SplineExtrapolation = "linear"
	// SplineContinue: the polynomial pieces of the first and last intervals are
	// evaluated as they are (scipy's BSpline(extrapolate=True)).
	SplineContinue SplineExtrapolation = "continue"
	// SplinePeriodic: periodic splines whose period is the length of the base
	// interval; values are mapped into it (x mod period) and the basis has
	// NKnots−1 functions with equal values and derivatives at both ends.
	SplinePeriodic SplineExtrapolation = "periodic"
	// SplineError: Transform fails with ErrInvalidData for a value outside the
	// base interval.
	SplineError SplineExtrapolation = "error"
)

// SplineOrder is scikit-learn's memory-layout option of SplineTransformer's output.
type SplineOrder string

// Orders accepted by SplineTransformer.
const (
	SplineOrderC SplineOrder = "C"
	SplineOrderF SplineOrder = "F"
)

// SplineDegreeZero is the Degree of piecewise-constant splines (scikit-learn
// degree=0): Degree's zero value means scikit-learn's default 3, so degree 0 is
// written −1.
const SplineDegreeZero = -1

// SplineMaxKnots bounds the number of knots of SplineTransformer (NKnots or the rows
// of KnotPositions: 2¹⁶), and SplineMaxDegree its Degree (64): the knot vectors, the
// output width and the O(Degree²) work per value grow with them. Transform also
// refuses an output of more than 2³⁰ values.
const (
	SplineMaxKnots  = 1 << 16
	SplineMaxDegree = 64
)

const splineMaxValues = 1 << 30

// SplineTransformer generates a univariate B-spline basis for each feature
// (scikit-learn: preprocessing.SplineTransformer). Each feature j becomes
// NSplines() columns B₀(xⱼ), …, B_{s−1}(xⱼ): the B-splines of degree k = Degree on
// the knot vector
//
//	t = [b₀ − k·d₀, …, b₀ − d₀, b₀, b₁, …, b_{m−1}, b_{m−1} + d_{m−1}, …, b_{m−1} + k·d_{m−1}]
//
// where b₀ ≤ … ≤ b_{m−1} are the m base knots (uniform, quantile or explicit;
// quantile knots repeat where the data have ties, the others strictly increase),
// d₀ = b₁ − b₀ and d_{m−1} = b_{m−1} − b_{m−2} (scikit-learn continues the spacing of
// the outer knots instead of repeating them), so s = m + k − 1. Periodic splines
// continue the base knots periodically instead and have s = m − 1 functions.
// Inside [b₀, b_{m−1}] the functions of each feature sum to 1; with NoBias the last
// one is dropped, as scikit-learn does with include_bias=False.
//
// Values are computed with the Cox–de Boor recursion exactly as
// scipy.interpolate.BSpline evaluates them (the same interval search, recursion and
// summation order), so Transform agrees with scikit-learn 1.2.1 to rounding (tests
// compare at 1e-10 for every extrapolation mode, degrees 0 to 4 and 6, uniform,
// quantile, weighted-quantile and explicit knots; on those cases the outputs are
// bit for bit equal).
//
// Differences from scikit-learn: a feature whose base knots all coincide (a
// constant feature with uniform or quantile knots) is an error wrapping
// ErrInvalidData (scikit-learn silently returns zeros); with Degree
// SplineDegreeZero and constant extrapolation, values above the last knot give
// zeros (scikit-learn 1.2.1 fails with a broadcasting error there); with linear
// extrapolation and Degree 1 or SplineDegreeZero, scikit-learn 1.2.1 increments its
// degree inside the loop over features, so it extrapolates every feature after the
// first with the wrong boundary knots, while skgo extrapolates every feature as
// scikit-learn does the first (the tests compare with one single-feature
// scikit-learn fit per column there); the output is
// always a row-major *mat.Dense, so Order is accepted for compatibility but does
// not change the result.
type SplineTransformer struct {
	// NKnots is the number of base knots per feature when KnotPositions is nil;
	// 0 means 5 (scikit-learn's default). It must be in [2, SplineMaxKnots].
	NKnots int
	// Degree is the polynomial degree of the splines; 0 means 3 (scikit-learn's
	// default) and SplineDegreeZero (−1) means degree 0 (piecewise constant). Values
	// below −1 or above SplineMaxDegree are invalid.
	Degree int
	// Knots places the base knots: "uniform" (the zero value) or "quantile". It must
	// be left empty when KnotPositions is set.
	Knots SplineKnots
	// KnotPositions, when non-nil, gives the base knots explicitly (scikit-learn's
	// array form of knots): one row per knot, one column per feature, each column
	// finite and strictly increasing, at least 2 and at most SplineMaxKnots rows.
	// NKnots and Knots are then ignored (NKnots must still be valid).
	KnotPositions [][]float64
	// Extrapolation is "constant" (the zero value), "linear", "continue",
	// "periodic" or "error". Periodic splines need more knots than Degree.
	Extrapolation SplineExtrapolation
	// NoBias drops the last spline of each feature (scikit-learn
	// include_bias=False).
	NoBias bool
	// Order is "C" (the zero value) or "F"; see the type's documentation.
	Order SplineOrder

	fit *splineFit
}

type splineFit struct {
	// InNames are the column names of the training matrix when it has them
	// (estimator.Columns, such as a Frame); nil otherwise.
	InNames   []string
	NFeatures int
	// Degree is the resolved polynomial degree k (0 for SplineDegreeZero).
	Degree int
	// Periodic records periodic extrapolation: NSplines is then len(t) − 2k − 1.
	Periodic bool
	// T holds each feature's full knot vector (NKnots + 2·Degree values,
	// non-decreasing, with t[k] < t[len−k−1]).
	T [][]float64
	// NSplines is the number of basis functions per feature before NoBias.
	NSplines int
}

func (s *SplineTransformer) nKnots() int {
	if s.NKnots == 0 {
		return 5
	}
	return s.NKnots
}

func (s *SplineTransformer) degree() int {
	switch s.Degree {
	case 0:
		return 3
	case SplineDegreeZero:
		return 0
	}
	return s.Degree
}

func (s *SplineTransformer) extrapolation() SplineExtrapolation {
	if s.Extrapolation == "" {
		return SplineConstant
	}
	return s.Extrapolation
}

// Validate checks the hyperparameters.
func (s *SplineTransformer) Validate() error {
	if s.NKnots != 0 && (s.NKnots < 2 || s.NKnots > SplineMaxKnots) {
		return &estimator.ParamError{Param: "NKnots", Value: s.NKnots, Reason: fmt.Sprintf("must be in [2, %d] (0 means 5)", SplineMaxKnots)}
	}
	if s.Degree < SplineDegreeZero || s.Degree > SplineMaxDegree {
		return &estimator.ParamError{Param: "Degree", Value: s.Degree,
			Reason: fmt.Sprintf("must be in [1, %d], 0 (meaning 3) or SplineDegreeZero (-1, meaning degree 0)", SplineMaxDegree)}
	}
	switch s.Knots {
	case "", SplineUniform, SplineQuantile:
	default:
		return &estimator.ParamError{Param: "Knots", Value: s.Knots, Reason: `must be "uniform" or "quantile"`}
	}
	switch s.Extrapolation {
	case "", SplineConstant, SplineLinear, SplineContinue, SplinePeriodic, SplineError:
	default:
		return &estimator.ParamError{Param: "Extrapolation", Value: s.Extrapolation,
			Reason: `must be "constant", "linear", "continue", "periodic" or "error"`}
	}
	switch s.Order {
	case "", SplineOrderC, SplineOrderF:
	default:
		return &estimator.ParamError{Param: "Order", Value: s.Order, Reason: `must be "C" or "F"`}
	}
	if s.KnotPositions != nil {
		if s.Knots != "" {
			return &estimator.ParamError{Param: "Knots", Value: s.Knots, Reason: "must be empty when KnotPositions is set"}
		}
		if err := splineCheckPositions(s.KnotPositions); err != nil {
			return &estimator.ParamError{Param: "KnotPositions", Value: "[...]", Reason: err.Error()}
		}
	}
	m := s.nKnots()
	if s.KnotPositions != nil {
		m = len(s.KnotPositions)
	}
	if s.extrapolation() == SplinePeriodic && m <= s.degree() {
		return &estimator.ParamError{Param: "Degree", Value: s.Degree,
			Reason: fmt.Sprintf("periodic splines require degree < number of knots; got %d knots and degree %d", m, s.degree())}
	}
	return nil
}

// splineCheckPositions checks explicit knots: 2..SplineMaxKnots rows of equal,
// non-zero length, finite, strictly increasing down each column.
func splineCheckPositions(k [][]float64) error {
	if len(k) < 2 || len(k) > SplineMaxKnots {
		return fmt.Errorf("must have between 2 and %d rows (knots), got %d", SplineMaxKnots, len(k))
	}
	p := len(k[0])
	if p == 0 || p > MaxStateFeatures {
		return fmt.Errorf("rows must have between 1 and %d columns (features), got %d", MaxStateFeatures, p)
	}
	for i, row := range k {
		if len(row) != p {
			return fmt.Errorf("row %d has %d columns, row 0 has %d", i, len(row), p)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("knot [%d][%d] is %v", i, j, v)
			}
			if i > 0 && !(v > k[i-1][j]) {
				return fmt.Errorf("knots must be sorted without duplicates: column %d is not strictly increasing at row %d", j, i)
			}
		}
	}
	return nil
}

// Fit computes the knot vectors of every feature. y is ignored (nil allowed). It
// returns ErrInvalidData for fewer than 2 rows, a feature whose base knots coincide
// (constant data) or knots that leave float64, and ErrShape when KnotPositions has
// a different number of columns than X.
func (s *SplineTransformer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (scikit-learn's sample_weight; nil
// means all ones). Weights must be finite and >= 0 with a positive sum: they weight
// the percentiles of quantile knots (scikit-learn's lower weighted percentile), and
// rows of zero weight are ignored for the minimum and maximum of uniform knots.
// Explicit KnotPositions ignore them. A wrong length gives ErrShape.
func (s *SplineTransformer) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	_, err := s.fitWeighted(ctx, X, y, w, false)
	return err
}

// FitTransform fits on X and returns its spline features.
func (s *SplineTransformer) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	return s.fitWeighted(ctx, X, y, nil, true)
}

func (s *SplineTransformer) fitWeighted(ctx context.Context, X mat.Matrix, y, w []float64, transform bool) (*mat.Dense, error) {
	x, err := scaleCheckFit(ctx, "SplineTransformer", s, X, y)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	if n < 2 {
		return nil, fmt.Errorf("preprocess.SplineTransformer: Fit needs at least 2 rows, got %d: %w", n, estimator.ErrInvalidData)
	}
	if w != nil {
		if err := splineCheckWeights(w, n); err != nil {
			return nil, fmt.Errorf("preprocess.SplineTransformer: %w", err)
		}
	}
	f, err := s.compute(ctx, x, w)
	if err != nil {
		return nil, err
	}
	f.InNames = scaleInputNames(X)
	if err := fitCheck("SplineTransformer", f); err != nil {
		return nil, err
	}
	var out *mat.Dense
	if transform {
		if out, err = s.apply(f, x); err != nil {
			return nil, err
		}
	}
	s.fit = f
	return out, nil
}

func splineCheckWeights(w []float64, n int) error {
	if len(w) != n {
		return fmt.Errorf("X has %d rows but w has %d weights: %w", n, len(w), estimator.ErrShape)
	}
	sum := 0.0
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("w[%d] is %v, want a finite weight >= 0: %w", i, v, estimator.ErrInvalidData)
		}
		sum += v
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return fmt.Errorf("the weights sum to %v, want a finite positive sum: %w", sum, estimator.ErrInvalidData)
	}
	return nil
}

// compute builds the knot vectors (scikit-learn's fit).
func (s *SplineTransformer) compute(ctx context.Context, x *mat.Dense, w []float64) (*splineFit, error) {
	n, p := x.Dims()
	k := s.degree()
	var base [][]float64 // base[j] = the m base knots of feature j
	if s.KnotPositions != nil {
		if len(s.KnotPositions[0]) != p {
			return nil, fmt.Errorf("preprocess.SplineTransformer: KnotPositions has %d columns, X has %d features: %w",
				len(s.KnotPositions[0]), p, estimator.ErrShape)
		}
		base = make([][]float64, p)
		for j := range base {
			base[j] = make([]float64, len(s.KnotPositions))
			for i, row := range s.KnotPositions {
				base[j][i] = row[j]
			}
		}
	} else {
		m := s.nKnots()
		base = make([][]float64, p)
		col := make([]float64, n)
		if s.Knots == SplineQuantile {
			pct := splineLinspace([]float64{0}, []float64{1}, m)
			for j := 0; j < p; j++ {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				for i := range col {
					col[i] = x.At(i, j)
				}
				base[j] = make([]float64, m)
				if w == nil {
					sorted := slices.Clone(col)
					slices.Sort(sorted)
					for i, q := range pct {
						base[j][i] = scalePercentile(sorted, 100*q[0])
					}
				} else {
					splineWeightedPercentiles(col, w, pct, base[j])
				}
			}
		} else {
			lo := make([]float64, p)
			hi := make([]float64, p)
			for j := 0; j < p; j++ {
				lo[j], hi[j] = math.Inf(1), math.Inf(-1)
				for i := 0; i < n; i++ {
					if w != nil && !(w[i] > 0) {
						continue
					}
					v := x.At(i, j)
					lo[j] = math.Min(lo[j], v)
					hi[j] = math.Max(hi[j], v)
				}
			}
			lin := splineLinspace(lo, hi, m)
			for j := range base {
				base[j] = make([]float64, m)
				for i := range lin {
					base[j][i] = lin[i][j]
				}
			}
		}
	}
	m := len(base[0])
	for j, b := range base {
		if !(b[m-1] > b[0]) {
			return nil, fmt.Errorf("preprocess.SplineTransformer: feature %d has all its knots at %v (is it constant?): %w", j, b[0], estimator.ErrInvalidData)
		}
	}
	periodic := s.extrapolation() == SplinePeriodic
	if periodic && m <= k {
		return nil, fmt.Errorf("preprocess.SplineTransformer: periodic splines require degree < number of knots; got %d knots and degree %d: %w",
			m, k, estimator.ErrInvalidParam)
	}
	f := &splineFit{NFeatures: p, Degree: k, Periodic: periodic, T: make([][]float64, p)}
	if periodic {
		f.NSplines = m - 1
		for j, b := range base {
			period := b[m-1] - b[0]
			t := make([]float64, 0, m+2*k)
			for _, v := range b[m-1-k : m-1] {
				t = append(t, v-period)
			}
			t = append(t, b...)
			for _, v := range b[1 : k+1] {
				t = append(t, v+period)
			}
			f.T[j] = t
		}
		return f, nil
	}
	f.NSplines = m + k - 1
	// The outer knots continue the spacing of the first and last base knots; numpy's
	// linspace is called on all features at once, so its zero-step special case
	// applies to every feature as soon as one needs it.
	loStart, loStop := make([]float64, p), make([]float64, p)
	hiStart, hiStop := make([]float64, p), make([]float64, p)
	for j, b := range base {
		dMin, dMax := b[1]-b[0], b[m-1]-b[m-2]
		loStart[j], loStop[j] = b[0]-float64(k)*dMin, b[0]-dMin
		hiStart[j], hiStop[j] = b[m-1]+dMax, b[m-1]+float64(k)*dMax
	}
	lower := splineLinspace(loStart, loStop, k)
	upper := splineLinspace(hiStart, hiStop, k)
	for j, b := range base {
		t := make([]float64, 0, m+2*k)
		for i := range lower {
			t = append(t, lower[i][j])
		}
		t = append(t, b...)
		for i := range upper {
			t = append(t, upper[i][j])
		}
		f.T[j] = t
	}
	return f, nil
}

// splineLinspace is numpy.linspace(start, stop, num) for arrays start and stop of
// equal length (endpoint included): out[i][j] is the i-th point of feature j. As in
// numpy, when any feature's step is zero every feature is computed as i/div·delta.
func splineLinspace(start, stop []float64, num int) [][]float64 {
	out := make([][]float64, num)
	for i := range out {
		out[i] = make([]float64, len(start))
	}
	div := num - 1
	if num == 0 {
		return out
	}
	if div == 0 {
		for j := range start {
			out[0][j] = 0*(stop[j]-start[j]) + start[j]
		}
		return out
	}
	step := make([]float64, len(start))
	anyZero := false
	for j := range start {
		step[j] = (stop[j] - start[j]) / float64(div)
		anyZero = anyZero || step[j] == 0
	}
	for i := range out {
		for j := range start {
			if anyZero {
				out[i][j] = float64(i)/float64(div)*(stop[j]-start[j]) + start[j]
			} else {
				out[i][j] = float64(i)*step[j] + start[j]
			}
		}
	}
	copy(out[num-1], stop)
	return out
}

// splineWeightedPercentiles fills dst[i] with scikit-learn's _weighted_percentile of
// col at percentile 100·pct[i][0]: the smallest value whose cumulative weight (in
// sorted order) reaches p/100 of the total, where a zero target is raised to the
// smallest positive float so that leading zero-weight values are skipped.
func splineWeightedPercentiles(col, w []float64, pct [][]float64, dst []float64) {
	idx := make([]int, len(col))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return col[idx[a]] < col[idx[b]] })
	cdf := make([]float64, len(col))
	acc := 0.0
	for i, r := range idx {
		acc += w[r]
		cdf[i] = acc
	}
	total := cdf[len(cdf)-1]
	for i, q := range pct {
		adj := 100 * q[0] / 100 * total
		if adj == 0 {
			adj = math.Nextafter(0, 1)
		}
		pos := sort.SearchFloat64s(cdf, adj) // first cdf >= adj (numpy searchsorted, side="left")
		pos = min(pos, len(col)-1)
		dst[i] = col[idx[pos]]
	}
}

// splineInterval returns scipy's find_interval: the l in [k, n−1] with
// t[l] <= x < t[l+1] (n = len(t) − k − 1), the last interval being closed on the
// right and the outer ones extended when extrapolating; −1 for x outside
// [t[k], t[n]] without extrapolation.
func splineInterval(t []float64, k int, x float64, extrapolate bool) int {
	n := len(t) - k - 1
	if !extrapolate && (x < t[k] || x > t[n]) {
		return -1
	}
	// The first index with t[i] > x, searched among t[k+1 .. n].
	l := k + 1 + sort.Search(n-k-1, func(i int) bool { return t[k+1+i] > x })
	return l - 1
}

// splineDeBoor stores in h[0..k] the values (m = 0) or first derivatives (m = 1) of
// the k+1 B-splines of degree k that are non-zero on [t[ell], t[ell+1]), at x: the
// recursion of scipy's _deBoor_D, step for step. hh is scratch of length k+1.
func splineDeBoor(t []float64, x float64, k, ell, m int, h, hh []float64) {
	h[0] = 1
	for j := 1; j <= k-m; j++ {
		copy(hh[:j], h[:j])
		h[0] = 0
		for n := 1; n <= j; n++ {
			xb, xa := t[ell+n], t[ell+n-j]
			if xb == xa {
				h[n] = 0
				continue
			}
			w := hh[n-1] / (xb - xa)
			h[n-1] += w * (xb - x)
			h[n] = w * (x - xa)
		}
	}
	for j := k - m + 1; j <= k; j++ {
		copy(hh[:j], h[:j])
		h[0] = 0
		for n := 1; n <= j; n++ {
			xb, xa := t[ell+n], t[ell+n-j]
			if xb == xa {
				h[m] = 0
				continue
			}
			w := float64(j) * hh[n-1] / (xb - xa)
			h[n-1] -= w
			h[n] = w
		}
	}
}

// splineEval writes into dst (length ns, zeroed by the caller) the basis functions
// of one feature at x, as scipy's BSpline(t, c, k)(x, nu) with c the identity
// (periodic: the identity followed by its first k rows); it returns false where
// scipy returns NaN (x outside the base interval without extrapolation).
func splineEval(t []float64, k, ns int, x float64, nu int, extrapolate bool, dst, h, hh []float64) bool {
	ell := splineInterval(t, k, x, extrapolate)
	if ell < 0 {
		return false
	}
	splineDeBoor(t, x, k, ell, nu, h, hh)
	for a := 0; a <= k; a++ {
		dst[(ell+a-k)%ns] += h[a]
	}
	return true
}

// splinePyMod is numpy's floating-point remainder (the sign of the divisor).
func splinePyMod(a, b float64) float64 {
	mod := math.Mod(a, b)
	if mod != 0 {
		if (b < 0) != (mod < 0) {
			mod += b
		}
	} else {
		mod = math.Copysign(0, b)
	}
	return mod
}

func (s *SplineTransformer) nf() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NFeatures
}

// Transform returns the n×NOutputFeatures() spline basis of X: for each feature in
// turn, NSplines() columns (one fewer with NoBias). It returns ErrNotFitted before
// Fit, ErrShape on a wrong feature count and ErrInvalidData for empty or non-finite
// X, for a value outside the knots with "error" extrapolation, and for an output of
// more than 2³⁰ values.
func (s *SplineTransformer) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := s.fit
	x, err := scaleCheckTransform("SplineTransformer", f != nil, X, s.nf())
	if err != nil {
		return nil, err
	}
	return s.apply(f, x)
}

// splineGrain is the number of rows per parallel chunk.
const splineGrain = 256

func (s *SplineTransformer) apply(f *splineFit, x *mat.Dense) (*mat.Dense, error) {
	n, p := x.Dims()
	ns := f.NSplines
	width := p * ns
	if width > splineMaxValues/n {
		return nil, fmt.Errorf("preprocess.SplineTransformer: an output of %d×%d is more than %d values: %w",
			n, width, splineMaxValues, estimator.ErrInvalidData)
	}
	k := f.Degree
	mode := s.extrapolation()
	full := mat.NewDense(n, width, nil)
	raw := full.RawMatrix().Data
	bad := make([]int, parallel.NumChunks(n, splineGrain)) // first row beyond the knots per chunk, +1
	// Boundary values and slopes for constant and linear extrapolation.
	fMin, fMax := make([][]float64, p), make([][]float64, p)
	fpMin, fpMax := make([][]float64, p), make([][]float64, p)
	h, hh := make([]float64, k+1), make([]float64, k+1)
	if mode == SplineConstant || mode == SplineLinear {
		for j, t := range f.T {
			xmin, xmax := t[k], t[len(t)-k-1]
			fMin[j], fMax[j] = make([]float64, ns), make([]float64, ns)
			splineEval(t, k, ns, xmin, 0, false, fMin[j], h, hh)
			splineEval(t, k, ns, xmax, 0, false, fMax[j], h, hh)
			if mode == SplineLinear {
				fpMin[j], fpMax[j] = make([]float64, ns), make([]float64, ns)
				splineEval(t, k, ns, xmin, 1, false, fpMin[j], h, hh)
				splineEval(t, k, ns, xmax, 1, false, fpMax[j], h, hh)
			}
		}
	}
	body := func(c, lo, hi int) {
		h, hh := make([]float64, k+1), make([]float64, k+1)
		for i := lo; i < hi; i++ {
			row := x.RawRowView(i)
			for j, t := range f.T {
				dst := raw[i*width+j*ns : i*width+(j+1)*ns]
				v := row[j]
				xmin, xmax := t[k], t[len(t)-k-1]
				switch mode {
				case SplineContinue:
					splineEval(t, k, ns, v, 0, true, dst, h, hh)
				case SplinePeriodic:
					v = xmin + splinePyMod(v-xmin, xmax-xmin)
					splineEval(t, k, ns, v, 0, true, dst, h, hh)
				case SplineError:
					if !splineEval(t, k, ns, v, 0, false, dst, h, hh) && bad[c] == 0 {
						bad[c] = i + 1
					}
				default:
					if xmin <= v && v <= xmax {
						splineEval(t, k, ns, v, 0, false, dst, h, hh)
						continue
					}
					if mode == SplineConstant {
						if v < xmin {
							copy(dst[:k], fMin[j][:k])
						} else if k > 0 {
							copy(dst[ns-k:], fMax[j][ns-k:])
						}
						continue
					}
					deg := k
					if deg <= 1 {
						deg++
					}
					for a := 0; a < deg; a++ {
						if v < xmin {
							dst[a] = fMin[j][a] + (v-xmin)*fpMin[j][a]
						} else {
							b := ns - 1 - a
							dst[b] = fMax[j][b] + (v-xmax)*fpMax[j][b]
						}
					}
				}
			}
		}
	}
	if n <= splineGrain {
		body(0, 0, n)
	} else if err := parallel.Chunks(n, splineGrain, body); err != nil {
		return nil, fmt.Errorf("preprocess.SplineTransformer: %w", err)
	}
	for _, b := range bad {
		if b > 0 {
			return nil, fmt.Errorf("preprocess.SplineTransformer: X row %d contains values beyond the limits of the knots (Extrapolation is \"error\"): %w",
				b-1, estimator.ErrInvalidData)
		}
	}
	if !s.NoBias {
		return full, nil
	}
	out := mat.NewDense(n, p*(ns-1), nil)
	for i := 0; i < n; i++ {
		src, dst := full.RawRowView(i), out.RawRowView(i)
		for j := 0; j < p; j++ {
			copy(dst[j*(ns-1):(j+1)*(ns-1)], src[j*ns:(j+1)*ns-1])
		}
	}
	return out, nil
}

// NSplines returns the number of basis functions per feature before NoBias
// (NKnots + Degree − 1, or NKnots − 1 for periodic splines), or 0 before Fit.
func (s *SplineTransformer) NSplines() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NSplines
}

// NOutputFeatures returns the number of output columns (n_features_out_), or 0
// before Fit.
func (s *SplineTransformer) NOutputFeatures() int {
	if s.fit == nil {
		return 0
	}
	ns := s.fit.NSplines
	if s.NoBias {
		ns--
	}
	return s.fit.NFeatures * ns
}

// KnotVectors returns a copy of each feature's full knot vector (scikit-learn's
// bsplines_[j].t), or nil before Fit.
func (s *SplineTransformer) KnotVectors() [][]float64 {
	if s.fit == nil {
		return nil
	}
	out := make([][]float64, len(s.fit.T))
	for j, t := range s.fit.T {
		out[j] = slices.Clone(t)
	}
	return out
}

// FeatureNamesOut returns scikit-learn's names "x0_sp_0", "x0_sp_1", … (with in's
// names, or the training matrix's, instead of x0, x1 when given). It returns nil
// before Fit or when len(in) differs from the number of features.
func (s *SplineTransformer) FeatureNamesOut(in []string) []string {
	if s.fit == nil || (in != nil && len(in) != s.fit.NFeatures) {
		return nil
	}
	names := scaleNames(scaleDefaultNames(in, s.fit.InNames), s.fit.NFeatures)
	per := s.fit.NSplines
	if s.NoBias {
		per--
	}
	out := make([]string, 0, len(names)*per)
	for _, name := range names {
		for b := 0; b < per; b++ {
			out = append(out, fmt.Sprintf("%s_sp_%d", name, b))
		}
	}
	return out
}

// MarshalState encodes the learned state (nil before Fit).
func (s *SplineTransformer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(splineStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState, checking it against the
// hyperparameters (degree, periodicity, number of knots).
func (s *SplineTransformer) UnmarshalState(b []byte) error {
	var f *splineFit
	if err := estimator.DecodeState(b, splineStateVersion, &f); err != nil {
		return stateWrap("SplineTransformer", err)
	}
	if f != nil {
		if err := s.checkState(f); err != nil {
			return stateErr("SplineTransformer", err)
		}
	}
	s.fit = f
	return nil
}

func (s *SplineTransformer) checkState(f *splineFit) error {
	if f.Degree != s.degree() {
		return fmt.Errorf("Degree %d saved, the hyperparameters give %d", f.Degree, s.degree())
	}
	if f.Periodic != (s.extrapolation() == SplinePeriodic) {
		return fmt.Errorf("the saved periodicity does not match Extrapolation %q", s.extrapolation())
	}
	m := s.nKnots()
	if s.KnotPositions != nil {
		m = len(s.KnotPositions)
		if len(s.KnotPositions[0]) != f.NFeatures {
			return fmt.Errorf("%d features saved, KnotPositions has %d columns", f.NFeatures, len(s.KnotPositions[0]))
		}
	}
	if len(f.T[0]) != m+2*f.Degree {
		return fmt.Errorf("knot vectors of length %d saved, the hyperparameters give %d", len(f.T[0]), m+2*f.Degree)
	}
	return nil
}

const splineStateVersion = 1

// Check validates a decoded splineFit: NFeatures knot vectors of one length, finite
// and non-decreasing, with a non-empty base interval, and NSplines consistent with
// the degree and periodicity.
func (f *splineFit) Check() error {
	if err := estimator.FirstError(
		checkNFeatures(f.NFeatures),
		checkNames("InNames", f.InNames, f.NFeatures),
		estimator.CheckCount("Degree", f.Degree, 0, SplineMaxDegree),
		estimator.CheckLen("T", len(f.T), f.NFeatures),
	); err != nil {
		return err
	}
	k := f.Degree
	m := len(f.T[0]) - 2*k // the number of base knots
	if err := estimator.CheckCount("number of base knots", m, 2, SplineMaxKnots); err != nil {
		return err
	}
	want := m + k - 1
	if f.Periodic {
		want = m - 1
		if m <= k {
			return fmt.Errorf("periodic splines with %d knots and degree %d", m, k)
		}
	}
	if f.NSplines != want {
		return fmt.Errorf("NSplines is %d, want %d", f.NSplines, want)
	}
	for j, t := range f.T {
		name := fmt.Sprintf("T[%d]", j)
		if err := estimator.FirstError(
			estimator.CheckLen("len("+name+")", len(t), m+2*k),
			estimator.CheckFinite(name, t...),
		); err != nil {
			return err
		}
		for i := 1; i < len(t); i++ {
			if t[i] < t[i-1] {
				return fmt.Errorf("%s decreases at %d", name, i)
			}
		}
		if !(t[len(t)-k-1] > t[k]) || math.IsInf(t[len(t)-k-1]-t[k], 0) {
			return fmt.Errorf("%s has an empty or unbounded base interval", name)
		}
	}
	return nil
}

// String prints the settings (estimator.Format), like scikit-learn's repr.
func (s *SplineTransformer) String() string { return estimator.Format(s) }
