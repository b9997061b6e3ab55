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
	_ estimator.Predictor      = (*BayesianRidge)(nil)
	_ estimator.WeightedFitter = (*BayesianRidge)(nil)
	_ estimator.Validator      = (*BayesianRidge)(nil)
	_ estimator.StateMarshaler = (*BayesianRidge)(nil)
	_ estimator.Iterative      = (*BayesianRidge)(nil)
)

// Defaults of BayesianRidge (scikit-learn 1.2.1).
const (
	bayesDefaultMaxIter = 300
	bayesDefaultTol     = 1e-3
	bayesDefaultPrior   = 1e-6
	// bayesMaxIter bounds MaxIter so that no accepted setting runs unboundedly.
	bayesMaxIter = 1_000_000
)

// BayesianRidge is Bayesian ridge regression, scikit-learn's BayesianRidge: the
// linear model y = X·coef + b + ε with Gaussian noise ε ~ N(0, 1/α), the prior
// coef ~ N(0, I/λ), and Gamma hyperpriors α ~ Γ(Alpha1, Alpha2), λ ~ Γ(Lambda1,
// Lambda2) (shape, rate). α and λ are estimated by maximising the marginal
// likelihood with MacKay's fixed-point updates, exactly as scikit-learn does: with
// the SVD of the centred (and √w-scaled) X, singular values sₖ, and n rows,
//
//	coef = (XᵀX + λ/α·I)⁻¹·Xᵀy,   γ = Σₖ α·sₖ² / (λ + α·sₖ²)
//	λ ← (γ + 2·Lambda1) / (‖coef‖² + 2·Lambda2)
//	α ← (n − γ + 2·Alpha1) / (‖y − X·coef‖² + 2·Alpha2)
//
// starting from α = AlphaInit (default 1/(Var(y) + ε)) and λ = LambdaInit (default
// 1), until the coefficients move by less than Tol in L1 norm between two iterations
// (from the second on) or after MaxIter iterations. The final coefficients are those
// of the final α and λ, and the posterior covariance is Sigma = (α·XᵀX + λ·I)⁻¹
// restricted, as in scikit-learn, to the span of the right singular vectors of X.
// The intercept is handled by centring X and y on their (weighted) means. Sigma
// leaves out singular values at rounding level (below max(n, p)·ε·s_max), whose
// singular vectors are arbitrary: centred X with fewer rows than columns has such a
// direction, and there scikit-learn's sigma_ (and its predictive standard deviation)
// depend on which null vector LAPACK returns.
//
// The zero value is scikit-learn's default BayesianRidge().
type BayesianRidge struct {
	// MaxIter bounds the iterations (scikit-learn n_iter); 0 means 300, at most 10⁶.
	MaxIter int
	// Tol stops the iterations when Σ|coef − coef_previous| < Tol; 0 means 1e-3.
	Tol float64
	// Alpha1 and Alpha2 are the shape and rate of the Gamma prior on α; Lambda1 and
	// Lambda2 those of the prior on λ. Each must be finite and >= 0; 0 means 1e-6
	// (scikit-learn's default), so an exactly zero prior parameter is not expressible
	// (use a tiny value such as 1e-300, which changes nothing in practice).
	Alpha1, Alpha2, Lambda1, Lambda2 float64
	// AlphaInit is the initial noise precision; 0 means 1/(Var(y) + ε) of the
	// centred (√w-scaled) targets. Finite and >= 0.
	AlphaInit float64
	// LambdaInit is the initial weight precision; 0 means 1. Finite and >= 0.
	LambdaInit float64
	// ComputeScore records the log marginal likelihood at every iteration (Scores).
	ComputeScore bool
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool

	fit *bayesFit // learned state; nil until Fit succeeds
}

// bayesFit is the learned state of BayesianRidge (exported fields for gob).
type bayesFit struct {
	Coef      []float64
	Intercept float64
	NFeatures int
	Alpha     float64
	Lambda    float64
	Sigma     []float64 // NFeatures × NFeatures, row-major
	Scores    []float64
	NIter     int
	Converged bool
}

// Check validates a decoded bayesFit.
func (f *bayesFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, max(1, len(f.Coef))),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
	); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckPositive("Alpha", f.Alpha),
		estimator.CheckPositive("Lambda", f.Lambda),
		estimator.CheckLen("Sigma", len(f.Sigma), f.NFeatures*f.NFeatures),
		estimator.CheckFinite("Sigma", f.Sigma...),
		estimator.CheckFinite("Scores", f.Scores...),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt),
	)
}

// validateNonNeg checks a finite, non-negative hyperparameter.
func validateNonNeg(name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 1) {
		return &estimator.ParamError{Param: name, Value: v, Reason: "must be finite and >= 0"}
	}
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError for a negative or too large MaxIter and for negative, NaN or
// infinite Tol, priors or initial values.
func (b *BayesianRidge) Validate() error {
	if b.MaxIter < 0 || b.MaxIter > bayesMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: b.MaxIter, Reason: "must be in [0, 1e6] (0 means 300)"}
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"Tol", b.Tol}, {"Alpha1", b.Alpha1}, {"Alpha2", b.Alpha2}, {"Lambda1", b.Lambda1}, {"Lambda2", b.Lambda2},
		{"AlphaInit", b.AlphaInit}, {"LambdaInit", b.LambdaInit}} {
		if err := validateNonNeg(p.name, p.v); err != nil {
			return err
		}
	}
	return nil
}

// orDefault returns v, or def when v is zero.
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (b *BayesianRidge) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return b.FitWeighted(ctx, X, y, nil)
}

// FitWeighted fits the model with sample weights w (nil means all ones), like
// scikit-learn's fit(X, y, sample_weight=w): weighted centring, rows scaled by √w.
// It returns ctx.Err() when ctx is done (checked every iteration), a
// *estimator.ParamError for bad hyperparameters, an error wrapping ErrInvalidData for
// NaN/Inf or empty input or negative weights, ErrShape for length mismatches, and an
// error wrapping ErrConvergence when the SVD fails or the updates leave the finite
// range. Reaching MaxIter is not an error: check Converged.
func (b *BayesianRidge) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return fmt.Errorf("linear.BayesianRidge: %w", err)
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return fmt.Errorf("linear.BayesianRidge: %w", err)
	}
	f, err := b.solve(ctx, x, y, w)
	if err != nil {
		return wrapCD("linear.BayesianRidge", err)
	}
	b.fit = f
	return nil
}

func (b *BayesianRidge) solve(ctx context.Context, x *mat.Dense, y, w []float64) (*bayesFit, error) {
	if extremeData(x, y, w) {
		return nil, fmt.Errorf("X, y or the weights hold magnitudes beyond 2^±400; scale them first: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	c, err := weightedOffsets(x, y, w, !b.NoIntercept)
	if err != nil {
		return nil, err
	}
	xc, yc, err := centeredCopy(x, y, w, c)
	if err != nil {
		return nil, err
	}
	maxIter := b.MaxIter
	if maxIter == 0 {
		maxIter = bayesDefaultMaxIter
	}
	tol := orDefault(b.Tol, bayesDefaultTol)
	a1, a2 := orDefault(b.Alpha1, bayesDefaultPrior), orDefault(b.Alpha2, bayesDefaultPrior)
	l1, l2 := orDefault(b.Lambda1, bayesDefaultPrior), orDefault(b.Lambda2, bayesDefaultPrior)
	alpha, lambda := b.AlphaInit, orDefault(b.LambdaInit, 1)
	if alpha == 0 {
		var mean, v float64
		for _, t := range yc {
			mean += t
		}
		mean /= float64(n)
		for _, t := range yc {
			v += (t - mean) * (t - mean)
		}
		alpha = 1 / (v/float64(n) + machEps)
	}
	var svd mat.SVD
	if !svd.Factorize(xc, mat.SVDThin) {
		return nil, fmt.Errorf("SVD did not converge: %w", estimator.ErrConvergence)
	}
	s := svd.Values(nil)
	r := len(s)
	eig := make([]float64, r)
	for k, v := range s {
		eig[k] = v * v
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v) // p×r: the rows of scikit-learn's Vh are its columns
	// uty = Uᵀy (r), the only projection of y the updates need: for n > p scikit-learn
	// computes Vh·Xᵀy = diag(s)·Uᵀy, the same vector.
	uty := make([]float64, r)
	for i := range n {
		urow := u.RawRowView(i)[:r]
		for k, uv := range urow {
			uty[k] += uv * yc[i]
		}
	}
	coefOf := func(alpha, lambda float64) ([]float64, float64) {
		t := make([]float64, r)
		for k := range r {
			t[k] = s[k] * uty[k] / (eig[k] + lambda/alpha)
		}
		coef := make([]float64, p)
		for j := range p {
			row := v.RawRowView(j)[:r]
			var sum float64
			for k, vv := range row {
				sum += vv * t[k]
			}
			coef[j] = sum
		}
		var rmse float64
		for i := range n {
			row := xc.RawRowView(i)
			var pred float64
			for j, xv := range row {
				pred += xv * coef[j]
			}
			d := yc[i] - pred
			rmse += d * d
		}
		return coef, rmse
	}
	score := func(alpha, lambda float64, coef []float64, rmse float64) float64 {
		var logdet float64
		if n > p {
			for _, e := range eig {
				logdet -= math.Log(lambda + alpha*e)
			}
		} else {
			for k := range p {
				d := lambda
				if k < n && k < r {
					d += alpha * eig[k]
				}
				logdet -= math.Log(d)
			}
		}
		var cc float64
		for _, cv := range coef {
			cc += cv * cv
		}
		sc := l1*math.Log(lambda) - l2*lambda + a1*math.Log(alpha) - a2*alpha
		sc += 0.5 * (float64(p)*math.Log(lambda) + float64(n)*math.Log(alpha) - alpha*rmse - lambda*cc +
			logdet - float64(n)*math.Log(2*math.Pi))
		return sc
	}
	f := &bayesFit{NFeatures: p}
	var coef, coefOld []float64
	var rmse float64
	it := 0
	for it = 0; it < maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		coef, rmse = coefOf(alpha, lambda)
		if b.ComputeScore {
			f.Scores = append(f.Scores, score(alpha, lambda, coef, rmse))
		}
		var gamma, cc float64
		for _, e := range eig {
			gamma += alpha * e / (lambda + alpha*e)
		}
		for _, cv := range coef {
			cc += cv * cv
		}
		lambda = (gamma + 2*l1) / (cc + 2*l2)
		alpha = (float64(n) - gamma + 2*a1) / (rmse + 2*a2)
		if !(alpha > 0) || !(lambda > 0) || math.IsInf(alpha, 0) || math.IsInf(lambda, 0) {
			return nil, fmt.Errorf("the precision updates left the finite range (alpha %v, lambda %v); scale the data: %w",
				alpha, lambda, estimator.ErrConvergence)
		}
		if it != 0 {
			var d float64
			for j := range coef {
				d += math.Abs(coefOld[j] - coef[j])
			}
			if d < tol {
				f.Converged = true
				break
			}
		}
		coefOld = coef
	}
	f.NIter = min(it+1, maxIter)
	f.Alpha, f.Lambda = alpha, lambda
	final, rmseFinal := coefOf(alpha, lambda)
	if b.ComputeScore {
		// As scikit-learn: the last score pairs the final alpha, lambda and residual
		// with the coefficients of the last iteration.
		f.Scores = append(f.Scores, score(alpha, lambda, coef, rmseFinal))
	}
	f.Coef = final
	f.Intercept = c.intercept(final)
	// Singular values at rounding level (X centred with fewer rows than columns has
	// rank ≤ n−1) have arbitrary singular vectors; scikit-learn keeps them, so its
	// sigma_ then depends on LAPACK's choice. They are left out here.
	rank := r
	for rank > 0 && s[rank-1] <= float64(max(n, p))*machEps*s[0] {
		rank--
	}
	sigma := make([]float64, p*p)
	for i := range p {
		vi := v.RawRowView(i)[:r]
		for j := range p {
			vj := v.RawRowView(j)[:r]
			var sum float64
			for k := range rank {
				sum += vi[k] * vj[k] / (eig[k] + lambda/alpha)
			}
			sigma[i*p+j] = sum / alpha
		}
	}
	f.Sigma = sigma
	if err := f.Check(); err != nil {
		return nil, fmt.Errorf("the fitted model is not finite (%v); scale the data: %w", err, estimator.ErrConvergence)
	}
	return f, nil
}

func (f *bayesFit) linear() *linearFit {
	if f == nil {
		return nil
	}
	return &linearFit{Coef: f.Coef, Intercept: f.Intercept, NFeatures: f.NFeatures, NIter: f.NIter, Converged: f.Converged}
}

// Predict returns the posterior mean X·Coef + Intercept. It returns ErrNotFitted
// before Fit, ErrShape when X's column count differs from the data given to Fit, and
// ErrInvalidData for NaN/Inf or empty X.
func (b *BayesianRidge) Predict(X mat.Matrix) ([]float64, error) {
	out, err := b.fit.linear().predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.BayesianRidge: %w", err)
	}
	return out, nil
}

// PredictWithStd returns the posterior mean and the standard deviation of the
// predictive distribution, √(xᵢ·Sigma·xᵢ + 1/α), of every row of X (scikit-learn's
// predict(X, return_std=True), which also uses the uncentred rows xᵢ). Errors as for
// Predict.
func (b *BayesianRidge) PredictWithStd(X mat.Matrix) (mean, std []float64, err error) {
	return predictWithStd("linear.BayesianRidge", b.fit.linear(), X, func() ([]float64, float64) {
		return b.fit.Sigma, b.fit.Alpha
	})
}

// predictWithStd computes the mean and √(x·Σ·x + 1/α) for the Bayesian models.
func predictWithStd(name string, lf *linearFit, X mat.Matrix, sig func() ([]float64, float64)) ([]float64, []float64, error) {
	mean, err := lf.predict(X)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	x, err := estimator.CheckPredict(X, lf.NFeatures)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	sigma, alpha := sig()
	n, p := x.Dims()
	S := mat.NewDense(p, p, sigma)
	var xs mat.Dense
	xs.Mul(x, S)
	std := make([]float64, n)
	for i := range n {
		var s float64
		for j, v := range xs.RawRowView(i) {
			s += v * x.At(i, j)
		}
		std[i] = math.Sqrt(s + 1/alpha)
	}
	if err := checkOutput(std); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return mean, std, nil
}

// Coef returns a copy of the posterior mean of the coefficients (scikit-learn coef_),
// or nil before Fit.
func (b *BayesianRidge) Coef() []float64 { return b.fit.linear().coef() }

// Intercept returns the fitted intercept (scikit-learn intercept_), 0 before Fit or
// with NoIntercept.
func (b *BayesianRidge) Intercept() float64 { return b.fit.linear().intercept() }

// Alpha returns the estimated noise precision (scikit-learn alpha_), 0 before Fit.
func (b *BayesianRidge) Alpha() float64 {
	if b.fit == nil {
		return 0
	}
	return b.fit.Alpha
}

// Lambda returns the estimated weight precision (scikit-learn lambda_), 0 before Fit.
func (b *BayesianRidge) Lambda() float64 {
	if b.fit == nil {
		return 0
	}
	return b.fit.Lambda
}

// Sigma returns a copy of the p×p posterior covariance of the coefficients
// (scikit-learn sigma_), or nil before Fit.
func (b *BayesianRidge) Sigma() *mat.Dense {
	if b.fit == nil {
		return nil
	}
	return mat.NewDense(b.fit.NFeatures, b.fit.NFeatures, slices.Clone(b.fit.Sigma))
}

// Scores returns the log marginal likelihood at each iteration and once more at the
// end (scikit-learn scores_), nil unless ComputeScore was set.
func (b *BayesianRidge) Scores() []float64 {
	if b.fit == nil {
		return nil
	}
	return slices.Clone(b.fit.Scores)
}

// NIter returns the number of iterations run (scikit-learn n_iter_), 0 before Fit.
func (b *BayesianRidge) NIter() int { return b.fit.linear().nIter() }

// Converged reports whether the last Fit met Tol before MaxIter.
func (b *BayesianRidge) Converged() bool { return b.fit != nil && b.fit.Converged }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (b *BayesianRidge) MarshalState() ([]byte, error) {
	return estimator.EncodeState(bayesRidgeStateVersion, b.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, non-positive precisions, a Sigma that is not NFeatures² finite
// values, or an intercept with NoIntercept give an error wrapping estimator.ErrState,
// and the receiver is unchanged.
func (b *BayesianRidge) UnmarshalState(data []byte) error {
	var f *bayesFit
	if err := estimator.DecodeState(data, bayesRidgeStateVersion, &f); err != nil {
		return fmt.Errorf("linear.BayesianRidge: %w", err)
	}
	if f != nil && b.NoIntercept && f.Intercept != 0 {
		return fmt.Errorf("linear.BayesianRidge: Intercept is %v but NoIntercept is set: %w", f.Intercept, estimator.ErrState)
	}
	b.fit = f
	return nil
}

// String returns the settings of b, as estimator.Format prints them.
func (b *BayesianRidge) String() string { return estimator.Format(b) }

const bayesRidgeStateVersion = 1
