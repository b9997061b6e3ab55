package linear

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*QuantileRegressor)(nil)
	_ estimator.Validator      = (*QuantileRegressor)(nil)
	_ estimator.StateMarshaler = (*QuantileRegressor)(nil)
	_ estimator.WeightedFitter = (*QuantileRegressor)(nil)
)

// QuantileSolver names the linear-programming method of [QuantileRegressor]
// (scikit-learn's solver).
type QuantileSolver string

// QuantileHighs (the zero value "", or "highs", "highs-ds", "highs-ipm") solves the
// linear program exactly and returns a vertex solution, as scipy's HiGHS methods do.
// scikit-learn 1.2.1's default, the deprecated "interior-point", which returns the
// centre of the optimal face when the optimum is not unique, is not provided.
const QuantileHighs QuantileSolver = "highs"

// quantileMaxFeatures bounds the number of features: the simplex method keeps a
// (p+1)×(p+1) basis inverse.
const quantileMaxFeatures = 4096

// QuantileRegressor is linear regression of a conditional quantile with an L1
// penalty (scikit-learn: linear_model.QuantileRegressor). It minimises
//
//	1/S · Σᵢ sᵢ·ρ_q(yᵢ − b − xᵢ·w) + Alpha·‖w‖₁,   ρ_q(r) = max(q·r, (q−1)·r)
//
// with q = Quantile, sample weights sᵢ (ones unless FitWeighted is used) and
// S = Σᵢ sᵢ; the intercept b is not penalised. Quantile 0.5 gives least absolute
// deviations. The problem is a linear program, solved exactly by a bounded-variable
// simplex method on its dual (see quantile_lp.go): the solution is a vertex, where
// as many residuals as there are fitted parameters (less the zero coefficients) are
// exactly zero, like the solution of scikit-learn's "highs" solver; when the optimum
// is unique both are the same point. The method stores X, the problem's 2n + p
// bounds and a (p+1)² basis inverse (at most 4096 features), and prices all n + p
// columns at each of its iterations, whose number grows roughly linearly with n; it
// suits up to tens of thousands of rows.
//
// The zero value is scikit-learn's QuantileRegressor(solver="highs"): the median,
// Alpha 1.0, with an intercept.
type QuantileRegressor struct {
	// Quantile is the quantile to predict, in (0, 1); zero means 0.5, the default.
	Quantile float64
	// Alpha multiplies the L1 penalty; zero means 1.0, the default. Set NoPenalty for
	// alpha = 0. It must be finite and >= 0.
	Alpha float64
	// NoPenalty fits without the penalty (scikit-learn alpha=0); Alpha is ignored.
	NoPenalty bool
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// Solver is "" or one of scikit-learn's HiGHS names, which all mean the exact
	// simplex method here.
	Solver QuantileSolver

	fit *quantileFit // nil until Fit succeeds
}

// quantileFit is the learned state; fields are exported for gob.
type quantileFit struct {
	NFeatures int
	Coef      []float64
	Intercept float64
	NIter     int
}

const quantileStateVersion = 1

// Check validates decoded state.
func (f *quantileFit) Check() error {
	return estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt),
	)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (q *QuantileRegressor) Validate() error {
	switch {
	case math.IsNaN(q.Quantile) || q.Quantile < 0 || q.Quantile >= 1:
		return &estimator.ParamError{Param: "Quantile", Value: q.Quantile, Reason: "must be in (0, 1) (0 means the default 0.5)"}
	case !sgdFinite(q.Alpha) || q.Alpha < 0:
		return &estimator.ParamError{Param: "Alpha", Value: q.Alpha, Reason: "must be finite and >= 0 (0 means the default 1.0)"}
	}
	switch q.Solver {
	case "", QuantileHighs, "highs-ds", "highs-ipm":
	default:
		return &estimator.ParamError{Param: "Solver", Value: q.Solver, Reason: `must be "highs", "highs-ds" or "highs-ipm" (all the exact simplex method)`}
	}
	return nil
}

// Fit fits the model to X (n×p) and y. It returns ctx.Err() when ctx is done
// (checked every 64 simplex iterations), a *estimator.ParamError for bad
// hyperparameters, an error wrapping estimator.ErrInvalidData for empty input,
// NaN/Inf or more than 4096 features, estimator.ErrShape for length mismatches, and
// an error wrapping estimator.ErrConvergence if the simplex method fails (its
// iteration limit, 50 × (n + 2p + 1), or a singular basis). On error the previous
// model is kept.
func (q *QuantileRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return q.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight), which must be finite and >= 0 with a positive sum. Rows of zero
// weight do not affect the fit.
func (q *QuantileRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := q.Validate(); err != nil {
		return fmt.Errorf("linear.QuantileRegressor: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return fmt.Errorf("linear.QuantileRegressor: %w", err)
	}
	raw := x.RawMatrix()
	n, p := raw.Rows, raw.Cols
	if p > quantileMaxFeatures {
		return fmt.Errorf("linear.QuantileRegressor: X has %d features, the simplex method supports at most %d: %w", p, quantileMaxFeatures, estimator.ErrInvalidData)
	}
	tau := q.Quantile
	if tau == 0 {
		tau = 0.5
	}
	alpha := q.Alpha
	if alpha == 0 {
		alpha = 1
	}
	if q.NoPenalty {
		alpha = 0
	}
	sum := float64(n)
	if w != nil {
		sum = 0
		for _, v := range w {
			sum += v
		}
	}
	lambda := alpha * sum // scikit-learn rescales the penalty by Σ sᵢ
	b, coef, nIter, err := solveQuantileLP(ctx, raw.Data, raw.Stride, n, p, y, w, tau, lambda, !q.NoIntercept)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return fmt.Errorf("linear.QuantileRegressor: %w: %w", err, estimator.ErrConvergence)
	}
	f := &quantileFit{NFeatures: p, Coef: coef, Intercept: b, NIter: nIter}
	if err := f.Check(); err != nil {
		return fmt.Errorf("linear.QuantileRegressor: the solution is unusable (%v); scale the data: %w", err, estimator.ErrConvergence)
	}
	q.fit = f
	return nil
}

// Predict returns x·Coef + Intercept for each row of X. It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// and estimator.ErrInvalidData for empty or non-finite X or a prediction that
// overflows.
func (q *QuantileRegressor) Predict(X mat.Matrix) ([]float64, error) {
	if q.fit == nil {
		return nil, fmt.Errorf("linear.QuantileRegressor: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, q.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("linear.QuantileRegressor: %w", err)
	}
	out := sgdDecision(x, q.fit.Coef, []float64{q.fit.Intercept}, 1, q.fit.NFeatures).RawMatrix().Data
	if err := checkOutput(out); err != nil {
		return nil, fmt.Errorf("linear.QuantileRegressor: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the coefficients (scikit-learn's coef_), or nil before Fit.
func (q *QuantileRegressor) Coef() []float64 {
	if q.fit == nil {
		return nil
	}
	return slices.Clone(q.fit.Coef)
}

// Intercept returns the intercept (scikit-learn's intercept_), or 0 before Fit.
func (q *QuantileRegressor) Intercept() float64 {
	if q.fit == nil {
		return 0
	}
	return q.fit.Intercept
}

// NIter returns the simplex iterations of the last Fit (phases 1 and 2), or 0 before
// Fit.
func (q *QuantileRegressor) NIter() int {
	if q.fit == nil {
		return 0
	}
	return q.fit.NIter
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (q *QuantileRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(quantileStateVersion, q.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, a coefficient count other than
// NFeatures, non-finite values or an intercept with NoIntercept give an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (q *QuantileRegressor) UnmarshalState(b []byte) error {
	var f *quantileFit
	if err := estimator.DecodeState(b, quantileStateVersion, &f); err != nil {
		return fmt.Errorf("linear.QuantileRegressor: %w", err)
	}
	if f != nil && q.NoIntercept && f.Intercept != 0 {
		return fmt.Errorf("linear.QuantileRegressor: Intercept is %v but NoIntercept is set: %w", f.Intercept, estimator.ErrState)
	}
	q.fit = f
	return nil
}

// String returns the settings of q, as estimator.Format prints them.
func (q *QuantileRegressor) String() string { return estimator.Format(q) }
