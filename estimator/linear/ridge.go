package linear

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/fastpath"
)

var (
	_ fastpath.Preparer        = (*Ridge)(nil)
	_ estimator.Predictor      = (*Ridge)(nil)
	_ estimator.WeightedFitter = (*Ridge)(nil)
	_ estimator.Validator      = (*Ridge)(nil)
	_ estimator.StateMarshaler = (*Ridge)(nil)
)

// RidgeSolver selects the algorithm Ridge uses (scikit-learn's solver parameter).
// The zero value, RidgeAuto, chooses one.
type RidgeSolver string

// Ridge solvers.
const (
	// RidgeAuto solves the augmented least-squares problem [X; √α·I] by Householder
	// QR (SVD when rank deficient), after trying the parallel normal equations for
	// large, well-conditioned problems. It is the most accurate choice.
	RidgeAuto RidgeSolver = ""
	// RidgeCholesky solves the normal equations (XᵀX + αI)·coef = Xᵀy by Cholesky,
	// as scikit-learn's "cholesky" (its "auto" for dense data) does, falling back to
	// RidgeSVD when the matrix is not positive definite.
	RidgeCholesky RidgeSolver = "cholesky"
	// RidgeSVD uses the SVD of X: coef = V·diag(s/(s²+α))·Uᵀy, ignoring singular
	// values ≤ 1e-15, as scikit-learn's "svd".
	RidgeSVD RidgeSolver = "svd"
)

func (s RidgeSolver) validate() error {
	switch s {
	case RidgeAuto, RidgeCholesky, RidgeSVD:
		return nil
	}
	return &estimator.ParamError{Param: "Solver", Value: string(s), Reason: `must be "", "cholesky" or "svd"`}
}

// Ridge is linear least squares with an L2 penalty, scikit-learn's Ridge:
//
//	minimize over coef, b   Σᵢ wᵢ·(yᵢ − xᵢ·coef − b)² + Alpha·‖coef‖²
//
// Note the scaling: the squared error is summed, not averaged, as in scikit-learn.
// The intercept is not penalized; it is handled by centring X and y on their
// (weighted) means. The zero value is ordinary least squares with an intercept.
type Ridge struct {
	// Alpha is the L2 penalty, finite and >= 0. Zero is allowed (ordinary least
	// squares); scikit-learn's default is 1.0.
	Alpha float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// Solver selects the algorithm; the zero value (RidgeAuto) chooses one.
	Solver RidgeSolver

	fit *linearFit // learned state; nil until Fit succeeds
}

// Validate reports whether the hyperparameters are usable. It returns a
// *estimator.ParamError for a negative, NaN or infinite Alpha or an unknown Solver.
func (r *Ridge) Validate() error {
	if !(r.Alpha >= 0) || math.IsInf(r.Alpha, 1) {
		return &estimator.ParamError{Param: "Alpha", Value: r.Alpha, Reason: "must be finite and >= 0"}
	}
	return r.Solver.validate()
}

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (r *Ridge) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the model with sample weights w (nil means all ones), like
// scikit-learn's fit(X, y, sample_weight=w). It returns ctx.Err() if ctx is already
// done, a *estimator.ParamError for bad hyperparameters, an error wrapping
// ErrInvalidData for NaN/Inf or empty input or negative weights, and ErrShape for
// length mismatches.
func (r *Ridge) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("linear.Ridge: %w", err)
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return fmt.Errorf("linear.Ridge: %w", err)
	}
	solve := solveLS
	switch r.Solver {
	case RidgeCholesky:
		solve = solveRidgeCholesky
	case RidgeSVD:
		solve = solveRidgeSVD
	}
	coef, b, err := fitLeastSquares(solve, x, y, w, r.Alpha, !r.NoIntercept)
	if err != nil {
		return fmt.Errorf("linear.Ridge: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.fit = &linearFit{Coef: coef, Intercept: b, NFeatures: len(coef), Converged: true}
	return nil
}

// ridgePrepared holds what Prepare computes once for many fits with other Alphas:
// the checked data, and for the default solver on tall data the centring and the
// centred Gram matrix (read-only, so concurrent fits may share it).
type ridgePrepared struct {
	x            *mat.Dense
	y            []float64
	fitIntercept bool
	solver       RidgeSolver
	c            centering
	gram         *mat.SymDense // nil when the Gram path does not apply
}

// PrepareKey names the hyperparameters Prepare depends on (fastpath.Preparer).
func (r *Ridge) PrepareKey() string {
	return fmt.Sprintf("intercept=%t solver=%s", !r.NoIntercept, r.Solver)
}

// Prepare checks X and y and, for the default solver on tall data, computes the
// centred Gram matrix, so that FitPrepared can fit any Alpha without another pass
// over the data (fastpath.Preparer; tuning.Search uses it for grids over Alpha).
func (r *Ridge) Prepare(X mat.Matrix, y []float64) (any, error) {
	x, err := checkRegressionData(X, y, nil)
	if err != nil {
		return nil, fmt.Errorf("linear.Ridge: %w", err)
	}
	p := &ridgePrepared{x: x, y: y, fitIntercept: !r.NoIntercept, solver: r.Solver}
	if n, nf := x.Dims(); r.Solver == RidgeAuto && n >= 2*nf {
		if p.c, err = weightedOffsets(x, y, nil, p.fitIntercept); err == nil {
			p.gram, err = gramAugmented(x, y, nil, p.c)
		}
		if err != nil {
			return nil, fmt.Errorf("linear.Ridge: %w", err)
		}
		if usable, err := gramUsable(p.gram); !usable || err != nil {
			p.gram = nil // extreme magnitudes: FitPrepared calls Fit, which rescales
		}
	}
	return p, nil
}

// FitPrepared fits from what Prepare returned for an estimator with the same
// PrepareKey; the result is exactly that of Fit on the same data.
func (r *Ridge) FitPrepared(ctx context.Context, prepared any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("linear.Ridge: %w", err)
	}
	p, ok := prepared.(*ridgePrepared)
	if !ok || p.fitIntercept != !r.NoIntercept || p.solver != r.Solver {
		return fmt.Errorf("linear.Ridge: prepared data of %T with another PrepareKey: %w", prepared, estimator.ErrInvalidParam)
	}
	if p.gram != nil {
		// As solveLS: the conditioning check guards only OLS.
		maxCond := gramMaxCond
		if r.Alpha > 0 {
			maxCond = math.Inf(1)
		}
		if coef, ok := solveGram(p.gram, r.Alpha, maxCond); ok {
			if b := p.c.intercept(coef); allFinite(coef) && allFinite([]float64{b}) {
				r.fit = &linearFit{Coef: coef, Intercept: b, NFeatures: len(coef), Converged: true}
				return nil
			}
		}
	}
	return r.Fit(ctx, p.x, p.y)
}

// Predict returns X·Coef + Intercept. It returns ErrNotFitted before Fit, ErrShape
// when X's column count differs from the data given to Fit, and ErrInvalidData for
// NaN/Inf or empty X.
func (r *Ridge) Predict(X mat.Matrix) ([]float64, error) {
	out, err := r.fit.predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.Ridge: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the fitted coefficients (scikit-learn coef_), or nil before
// Fit.
func (r *Ridge) Coef() []float64 { return r.fit.coef() }

// Intercept returns the fitted intercept (scikit-learn intercept_), 0 before Fit or
// with NoIntercept.
func (r *Ridge) Intercept() float64 { return r.fit.intercept() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *Ridge) MarshalState() ([]byte, error) {
	return estimator.EncodeState(ridgeStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, a non-finite intercept, or state that contradicts the
// hyperparameters (an intercept with NoIntercept, a negative coefficient with
// Positive) give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (r *Ridge) UnmarshalState(b []byte) error {
	return unmarshalLinear("linear.Ridge", b, ridgeStateVersion, &r.fit, r.NoIntercept, false)
}

// solveRidgeCholesky solves the normal equations, falling back to the SVD when they
// are not positive definite (as scikit-learn does on LinAlgError).
func solveRidgeCholesky(x *mat.Dense, y, w []float64, alpha float64, fitIntercept bool) ([]float64, centering, error) {
	c, err := weightedOffsets(x, y, w, fitIntercept)
	if err != nil {
		return nil, c, err
	}
	g, err := gramAugmented(x, y, w, c)
	if err != nil {
		return nil, c, err
	}
	usable, err := gramUsable(g)
	if err != nil {
		return nil, c, err
	}
	if usable {
		if coef, ok := solveGram(g, alpha, math.Inf(1)); ok {
			return coef, c, nil
		}
	}
	return solveRidgeSVD(x, y, w, alpha, fitIntercept)
}

// solveRidgeSVD is scikit-learn's _solve_svd on the centred, √w-scaled data.
func solveRidgeSVD(x *mat.Dense, y, w []float64, alpha float64, fitIntercept bool) ([]float64, centering, error) {
	if extremeData(x, y, w) {
		return nil, centering{}, errExtremeScale
	}
	c, err := weightedOffsets(x, y, w, fitIntercept)
	if err != nil {
		return nil, c, err
	}
	xc, yc, err := centeredCopy(x, y, w, c)
	if err != nil {
		return nil, c, err
	}
	_, p := xc.Dims()
	var svd mat.SVD
	if !svd.Factorize(xc, mat.SVDThin) {
		return nil, c, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	s := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	var uty mat.VecDense
	uty.MulVec(u.T(), mat.NewVecDense(len(yc), yc))
	for i, si := range s {
		d := 0.0
		if si > 1e-15 {
			d = si / (si*si + alpha)
		}
		uty.SetVec(i, d*uty.AtVec(i))
	}
	var coef mat.VecDense
	coef.MulVec(&v, &uty)
	out := make([]float64, p)
	for j := range p {
		out[j] = coef.AtVec(j)
	}
	return out, c, nil
}
