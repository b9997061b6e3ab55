package linear

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*Lasso)(nil)
	_ estimator.WeightedFitter = (*Lasso)(nil)
	_ estimator.Validator      = (*Lasso)(nil)
	_ estimator.StateMarshaler = (*Lasso)(nil)
	_ estimator.Iterative      = (*Lasso)(nil)
)

// Lasso is linear regression with an L1 penalty, scikit-learn's Lasso, with exactly
// its objective:
//
//	minimize over coef, b   1/(2n)·‖y − X·coef − b‖² + Alpha·‖coef‖₁
//
// It is ElasticNet with L1Ratio = 1, solved by the same coordinate descent with the
// duality-gap stopping rule (see ElasticNet).
//
// The zero value (Alpha 0) is least squares by coordinate descent, which converges
// slowly; use Regression for that.
type Lasso struct {
	// Alpha multiplies the L1 penalty; finite and >= 0. Zero is allowed (no
	// penalty); scikit-learn's default is 1.0.
	Alpha float64
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
func (l *Lasso) Validate() error { return validateCD(l.Alpha, l.MaxIter, l.Tol, l.Selection) }

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (l *Lasso) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return l.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the model with sample weights w (nil means all ones), as
// ElasticNet.FitWeighted does.
func (l *Lasso) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return fmt.Errorf("linear.Lasso: %w", err)
	}
	f, err := fitCD(ctx, X, y, w, cdParams{
		alpha: l.Alpha, l1Ratio: 1, maxIter: l.MaxIter, tol: l.Tol,
		fitIntercept: !l.NoIntercept, selection: l.Selection, seed: l.Seed, positive: l.Positive,
	})
	if err != nil {
		return wrapCD("linear.Lasso", err)
	}
	l.fit = f
	return nil
}

// Predict returns X·Coef + Intercept. It returns ErrNotFitted before Fit, ErrShape
// when X's column count differs from the data given to Fit, and ErrInvalidData for
// NaN/Inf or empty X.
func (l *Lasso) Predict(X mat.Matrix) ([]float64, error) {
	out, err := l.fit.predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.Lasso: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the fitted coefficients (scikit-learn coef_), or nil before
// Fit.
func (l *Lasso) Coef() []float64 { return l.fit.coef() }

// Intercept returns the fitted intercept (scikit-learn intercept_), 0 before Fit or
// with NoIntercept.
func (l *Lasso) Intercept() float64 { return l.fit.intercept() }

// NIter returns the number of coordinate-descent sweeps run (scikit-learn n_iter_),
// 0 before Fit.
func (l *Lasso) NIter() int { return l.fit.nIter() }

// Converged reports whether the last Fit met the tolerance before MaxIter.
func (l *Lasso) Converged() bool { return l.fit.converged() }

// DualGap returns the duality gap at the end of the last Fit, divided by the number
// of samples (scikit-learn dual_gap_), 0 before Fit.
func (l *Lasso) DualGap() float64 { return l.fit.dualGap() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (l *Lasso) MarshalState() ([]byte, error) {
	return estimator.EncodeState(lassoStateVersion, l.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, a non-finite intercept, or state that contradicts the
// hyperparameters (an intercept with NoIntercept, a negative coefficient with
// Positive) give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (l *Lasso) UnmarshalState(b []byte) error {
	return unmarshalLinear("linear.Lasso", b, lassoStateVersion, &l.fit, l.NoIntercept, l.Positive)
}
