package linear

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*ElasticNet)(nil)
	_ estimator.WeightedFitter = (*ElasticNet)(nil)
	_ estimator.Validator      = (*ElasticNet)(nil)
	_ estimator.StateMarshaler = (*ElasticNet)(nil)
	_ estimator.Iterative      = (*ElasticNet)(nil)
)

// Selection is the order in which coordinate descent updates the coefficients
// (scikit-learn's selection parameter). The zero value means SelectionCyclic.
type Selection string

// Coordinate orders.
const (
	// SelectionCyclic updates the coefficients in order 0, 1, …, p−1 in every sweep
	// (scikit-learn's default, "cyclic"). The empty string means the same.
	SelectionCyclic Selection = "cyclic"
	// SelectionRandom updates p coefficients drawn uniformly with replacement in
	// every sweep, from a generator seeded by the model's Seed ("random"). The
	// sequence differs from scikit-learn's, so results agree only to within the
	// tolerance.
	SelectionRandom Selection = "random"
)

func (s Selection) validate() error {
	switch s {
	case "", SelectionCyclic, SelectionRandom:
		return nil
	}
	return &estimator.ParamError{Param: "Selection", Value: string(s), Reason: `must be "", "cyclic" or "random"`}
}

// Default iteration limits of Lasso and ElasticNet (scikit-learn's defaults).
const (
	defaultMaxIter = 1000
	defaultTol     = 1e-4
)

// ElasticNet is linear regression with combined L1 and L2 penalties, scikit-learn's
// ElasticNet, with exactly its objective:
//
//	minimize over coef, b   1/(2n)·‖y − X·coef − b‖²
//	                        + Alpha·L1Ratio·‖coef‖₁ + Alpha·(1−L1Ratio)/2·‖coef‖²
//
// With sample weights the squared error becomes 1/(2·Σw)·Σᵢ wᵢ·(yᵢ − xᵢ·coef − b)².
// It is solved by the coordinate descent of scikit-learn's
// cd_fast.enet_coordinate_descent: sweeps over the coefficients with soft
// thresholding, until the largest coefficient change in a sweep is below Tol times
// the largest coefficient and the duality gap is below Tol·‖y − ȳ‖², or MaxIter
// sweeps. The intercept is handled by centring X and y on their (weighted) means.
//
// The zero value (Alpha 0) is least squares by coordinate descent, which converges
// slowly; use Regression for that.
type ElasticNet struct {
	// Alpha multiplies the penalty terms; finite and >= 0. Zero is allowed (no
	// penalty); scikit-learn's default is 1.0.
	Alpha float64
	// L1Ratio is the share of L1 in the penalty, in [0, 1]: 1 is the lasso, 0 a
	// ridge penalty. Zero is literal; scikit-learn's default is 0.5.
	L1Ratio float64
	// MaxIter bounds the coordinate-descent sweeps; 0 means 1000.
	MaxIter int
	// Tol is the convergence tolerance, on the coefficient updates relative to the
	// largest coefficient and on the duality gap relative to ‖y − ȳ‖²; 0 means 1e-4.
	Tol float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// Selection picks the coordinate order; the zero value is SelectionCyclic.
	Selection Selection
	// Seed seeds the coordinate draws when Selection is SelectionRandom.
	Seed uint64
	// Positive constrains the coefficients to be >= 0 (scikit-learn positive=True).
	Positive bool

	fit *linearFit // learned state; nil until Fit succeeds
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError otherwise.
func (e *ElasticNet) Validate() error {
	if err := validateCD(e.Alpha, e.MaxIter, e.Tol, e.Selection); err != nil {
		return err
	}
	if !(e.L1Ratio >= 0 && e.L1Ratio <= 1) {
		return &estimator.ParamError{Param: "L1Ratio", Value: e.L1Ratio, Reason: "must be in [0, 1]"}
	}
	return nil
}

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (e *ElasticNet) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return e.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the model with sample weights w (nil means all ones), like
// scikit-learn's fit(X, y, sample_weight=w): the weights are rescaled to sum to n,
// the data are centred on weighted means and rows are scaled by √w. It returns
// ctx.Err() if ctx is done before or during the sweeps, a *estimator.ParamError
// for bad hyperparameters, an error wrapping ErrInvalidData for NaN/Inf or empty
// input or negative weights, and ErrShape for length mismatches. Reaching MaxIter
// is not an error: check Converged.
func (e *ElasticNet) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return fmt.Errorf("linear.ElasticNet: %w", err)
	}
	f, err := fitCD(ctx, X, y, w, cdParams{
		alpha: e.Alpha, l1Ratio: e.L1Ratio, maxIter: e.MaxIter, tol: e.Tol,
		fitIntercept: !e.NoIntercept, selection: e.Selection, seed: e.Seed, positive: e.Positive,
	})
	if err != nil {
		return wrapCD("linear.ElasticNet", err)
	}
	e.fit = f
	return nil
}

// Predict returns X·Coef + Intercept. It returns ErrNotFitted before Fit, ErrShape
// when X's column count differs from the data given to Fit, and ErrInvalidData for
// NaN/Inf or empty X.
func (e *ElasticNet) Predict(X mat.Matrix) ([]float64, error) {
	out, err := e.fit.predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.ElasticNet: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the fitted coefficients (scikit-learn coef_), or nil before
// Fit.
func (e *ElasticNet) Coef() []float64 { return e.fit.coef() }

// Intercept returns the fitted intercept (scikit-learn intercept_), 0 before Fit or
// with NoIntercept.
func (e *ElasticNet) Intercept() float64 { return e.fit.intercept() }

// NIter returns the number of coordinate-descent sweeps run (scikit-learn n_iter_),
// 0 before Fit.
func (e *ElasticNet) NIter() int { return e.fit.nIter() }

// Converged reports whether the last Fit met the tolerance before MaxIter.
func (e *ElasticNet) Converged() bool { return e.fit.converged() }

// DualGap returns the duality gap at the end of the last Fit, divided by the number
// of samples (scikit-learn dual_gap_), 0 before Fit.
func (e *ElasticNet) DualGap() float64 { return e.fit.dualGap() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (e *ElasticNet) MarshalState() ([]byte, error) {
	return estimator.EncodeState(elasticNetStateVersion, e.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, a non-finite intercept, or state that contradicts the
// hyperparameters (an intercept with NoIntercept, a negative coefficient with
// Positive) give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (e *ElasticNet) UnmarshalState(b []byte) error {
	return unmarshalLinear("linear.ElasticNet", b, elasticNetStateVersion, &e.fit, e.NoIntercept, e.Positive)
}

func (f *linearFit) dualGap() float64 {
	if f == nil {
		return 0
	}
	return f.DualGap
}

// validateCD checks the hyperparameters shared by Lasso and ElasticNet.
func validateCD(alpha float64, maxIter int, tol float64, sel Selection) error {
	if !(alpha >= 0) || math.IsInf(alpha, 1) {
		return &estimator.ParamError{Param: "Alpha", Value: alpha, Reason: "must be finite and >= 0"}
	}
	if maxIter < 0 {
		return &estimator.ParamError{Param: "MaxIter", Value: maxIter, Reason: "must be >= 0 (0 means 1000)"}
	}
	if !(tol >= 0) || math.IsInf(tol, 1) {
		return &estimator.ParamError{Param: "Tol", Value: tol, Reason: "must be finite and >= 0 (0 means 1e-4)"}
	}
	return sel.validate()
}

// wrapCD prefixes errors other than the context's own.
func wrapCD(name string, err error) error {
	if err == context.Canceled || err == context.DeadlineExceeded {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

type cdParams struct {
	alpha, l1Ratio float64
	maxIter        int
	tol            float64
	fitIntercept   bool
	selection      Selection
	seed           uint64
	positive       bool
}

// fitCD prepares the data as scikit-learn's ElasticNet.fit does (weights rescaled
// to sum to n, weighted centring, rows scaled by √w, columns stored contiguously)
// and runs coordinate descent. Data with magnitudes outside [scaleLo, scaleHi] are
// first scaled by powers of two (X/2^ex, y/2^ey, the L1 penalty by 2^−(ex+ey) and the
// L2 penalty by 4^−ex: the same problem exactly) and the solution mapped back.
func fitCD(ctx context.Context, X mat.Matrix, y, w []float64, prm cdParams) (*linearFit, error) {
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return nil, err
	}
	var ex, ey int
	if extremeData(x, y, nil) { // the weights are normalised to sum to n below
		x, y, ex, ey = scaledCopy(x, y)
	}
	n, p := x.Dims()
	if w != nil {
		w = append([]float64(nil), w...)
		s := float64(n) / floats.Sum(w)
		if math.IsInf(s, 0) || s == 0 { // the sum overflowed or is subnormal: scale first (exact)
			_, e := math.Frexp(maxAbs(w))
			for i, v := range w {
				w[i] = math.Ldexp(v, -e)
			}
			s = float64(n) / floats.Sum(w)
		}
		floats.Scale(s, w)
	}
	c, err := weightedOffsets(x, y, w, prm.fitIntercept)
	if err != nil {
		return nil, err
	}
	cols := make([]float64, n*p) // column j is cols[j*n : (j+1)*n]
	yc := make([]float64, n)
	for i := range n {
		s := 1.0
		if w != nil {
			s = math.Sqrt(w[i])
		}
		for j, v := range x.RawRowView(i) {
			cols[j*n+i] = (v - c.xOff[j]) * s
		}
		yc[i] = (y[i] - c.yOff) * s
	}
	maxIter, tol := prm.maxIter, prm.tol
	if maxIter == 0 {
		maxIter = defaultMaxIter
	}
	if tol == 0 {
		tol = defaultTol
	}
	var rng *rand.Rand
	if prm.selection == SelectionRandom {
		rng = rand.New(rand.NewPCG(prm.seed, prm.seed))
	}
	// The caps keep a penalty that scaling made huge finite (it then zeroes every
	// coefficient, as the unscaled penalty does).
	l1 := min(math.Ldexp(prm.alpha*prm.l1Ratio*float64(n), -ex-ey), maxPenalty)
	l2 := min(math.Ldexp(prm.alpha*(1-prm.l1Ratio)*float64(n), -2*ex), maxPenalty)
	res, err := coordinateDescent(ctx, cols, n, p, yc, l1, l2, maxIter, tol, rng, prm.positive)
	if err != nil {
		return nil, err
	}
	b := math.Ldexp(c.intercept(res.coef), ey)
	if err := unscale(res.coef, ey-ex); err != nil {
		return nil, err
	}
	gap := min(math.Ldexp(res.gap/float64(n), 2*ey), math.MaxFloat64) // saturates for huge y
	if !allFinite(append([]float64{b, gap}, res.coef...)) {
		return nil, fmt.Errorf("coordinate descent produced non-finite coefficients; scale the data first: %w", estimator.ErrConvergence)
	}
	return &linearFit{Coef: res.coef, Intercept: b, NFeatures: p, NIter: res.nIter,
		Converged: res.converged, DualGap: gap}, nil
}

type cdResult struct {
	coef      []float64
	gap       float64
	nIter     int
	converged bool
}

// coordinateDescent minimizes
//
//	½‖y − X·w‖² + l1·‖w‖₁ + ½·l2·‖w‖²
//
// from w = 0, following scikit-learn's cd_fast.enet_coordinate_descent step for
// step: X is given column by column (cols, n rows, p columns). After a sweep whose
// largest update is below tol times the largest |w| (or whose coefficients are all
// zero, or the last allowed sweep) it computes the duality gap and stops when the
// gap is below tol·‖y‖². rng is nil for cyclic order. ctx is checked every sweep.
func coordinateDescent(ctx context.Context, cols []float64, n, p int, y []float64, l1, l2 float64,
	maxIter int, tol float64, rng *rand.Rand, positive bool) (cdResult, error) {
	return cdWarm(ctx, cols, n, p, y, l1, l2, make([]float64, p), maxIter, tol, rng, positive)
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
