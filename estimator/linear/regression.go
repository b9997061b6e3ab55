package linear

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*Regression)(nil)
	_ estimator.WeightedFitter = (*Regression)(nil)
	_ estimator.Validator      = (*Regression)(nil)
	_ estimator.StateMarshaler = (*Regression)(nil)
)

// Regression is ordinary least squares, scikit-learn's LinearRegression:
//
//	minimize over coef, b   Σᵢ wᵢ·(yᵢ − xᵢ·coef − b)²
//
// The intercept is handled by centring X and y on their (weighted) means, as
// scikit-learn does. Rank-deficient X (duplicated or constant columns, more columns
// than rows) gives the minimum-norm solution, as scipy.linalg.lstsq does; singular
// values below max(n, p)·ε·σ_max count as zero (scipy's cutoff is ε·σ_max).
//
// Small problems are solved by Householder QR. Large tall ones (rows×columns ≥ 2¹⁷
// and at least twice as many rows as columns) first try the normal equations on a
// Gram matrix computed in parallel over a fixed partition of the rows, and keep
// that answer only when the equilibrated system is well conditioned (condition
// number ≤ 1e6); otherwise they use a parallel tall-skinny QR (Householder QR of
// every row chunk, then of the stacked R factors). Results do not depend on
// GOMAXPROCS.
//
// The zero value fits an intercept.
type Regression struct {
	// NoIntercept disables fitting b: the data are not centred (scikit-learn
	// fit_intercept=False). The default (false) fits an intercept.
	NoIntercept bool

	fit *linearFit // learned state; nil until Fit succeeds
}

// linearFit is the learned state shared by the linear models (exported fields for
// gob).
type linearFit struct {
	Coef      []float64
	Intercept float64
	NFeatures int
	NIter     int
	Converged bool
	DualGap   float64
}

// Validate reports whether the hyperparameters are usable; Regression has none that
// can be invalid.
func (r *Regression) Validate() error { return nil }

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (r *Regression) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the model with sample weights w (nil means all ones), like
// scikit-learn's fit(X, y, sample_weight=w): weighted means for centring, rows
// scaled by √w. It returns ctx.Err() if ctx is already done, an error wrapping
// ErrInvalidData for NaN/Inf or empty input or negative weights, and ErrShape for
// length mismatches.
func (r *Regression) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return fmt.Errorf("linear.Regression: %w", err)
	}
	coef, b, err := fitLeastSquares(solveLS, x, y, w, 0, !r.NoIntercept)
	if err != nil {
		return fmt.Errorf("linear.Regression: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.fit = &linearFit{Coef: coef, Intercept: b, NFeatures: len(coef), Converged: true}
	return nil
}

// Predict returns X·Coef + Intercept. It returns ErrNotFitted before Fit, ErrShape
// when X's column count differs from the data given to Fit, and ErrInvalidData for
// NaN/Inf or empty X.
func (r *Regression) Predict(X mat.Matrix) ([]float64, error) {
	out, err := r.fit.predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.Regression: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the fitted coefficients (scikit-learn coef_), or nil before
// Fit.
func (r *Regression) Coef() []float64 { return r.fit.coef() }

// Intercept returns the fitted intercept (scikit-learn intercept_), 0 before Fit or
// with NoIntercept.
func (r *Regression) Intercept() float64 { return r.fit.intercept() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *Regression) MarshalState() ([]byte, error) {
	return estimator.EncodeState(regressionStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, a non-finite intercept, or state that contradicts the
// hyperparameters (an intercept with NoIntercept, a negative coefficient with
// Positive) give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (r *Regression) UnmarshalState(b []byte) error {
	return unmarshalLinear("linear.Regression", b, regressionStateVersion, &r.fit, r.NoIntercept, false)
}

// checkRegressionData validates X, y and optional sample weights for a regressor.
func checkRegressionData(X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, err
	}
	if y == nil {
		return nil, fmt.Errorf("y is nil, a regressor needs a target: %w", estimator.ErrInvalidData)
	}
	n, _ := x.Dims()
	if err := checkSampleWeights(w, n); err != nil {
		return nil, err
	}
	return x, nil
}

func (f *linearFit) predict(X mat.Matrix) ([]float64, error) {
	if f == nil {
		return nil, estimator.ErrNotFitted
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, err
	}
	n, p := x.Dims()
	out := make([]float64, n)
	mat.NewVecDense(n, out).MulVec(x, mat.NewVecDense(p, f.Coef)) // f.Coef is only read
	for i := range out {
		out[i] += f.Intercept
	}
	if err := checkOutput(out); err != nil {
		return nil, err
	}
	return out, nil
}

// checkOutput returns an error wrapping estimator.ErrInvalidData when a prediction
// computed from finite X is not finite (a product with the coefficients overflowed).
func checkOutput(v []float64) error {
	// v·0 is 0 for finite v and NaN otherwise: one multiply-add per value.
	var s0, s1 float64
	i := 0
	for ; i+2 <= len(v); i += 2 {
		s0 += v[i] * 0
		s1 += v[i+1] * 0
	}
	if i < len(v) {
		s0 += v[i] * 0
	}
	if s0+s1 == 0 {
		return nil
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("prediction %d is %v: X·Coef overflowed; scale the features: %w", i, x, estimator.ErrInvalidData)
		}
	}
	return nil
}

func (f *linearFit) coef() []float64 {
	if f == nil {
		return nil
	}
	return slices.Clone(f.Coef)
}

func (f *linearFit) intercept() float64 {
	if f == nil {
		return 0
	}
	return f.Intercept
}

func (f *linearFit) nIter() int {
	if f == nil {
		return 0
	}
	return f.NIter
}

func (f *linearFit) converged() bool { return f != nil && f.Converged }
