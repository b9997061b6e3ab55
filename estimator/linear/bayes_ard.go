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
	_ estimator.Predictor      = (*ARDRegression)(nil)
	_ estimator.Validator      = (*ARDRegression)(nil)
	_ estimator.StateMarshaler = (*ARDRegression)(nil)
	_ estimator.Iterative      = (*ARDRegression)(nil)
)

// ardDefaultThreshold is scikit-learn's threshold_lambda.
const ardDefaultThreshold = 1e4

// ARDRegression is Bayesian linear regression with automatic relevance
// determination, scikit-learn's ARDRegression: as BayesianRidge, but every
// coefficient j has its own prior precision λⱼ (coefⱼ ~ N(0, 1/λⱼ), λⱼ ~ Γ(Lambda1,
// Lambda2)). With X and y centred and the features whose λⱼ is below ThresholdLambda
// kept (all at first), every iteration computes, exactly as scikit-learn 1.2.1,
//
//	Σ = pinv(diag(λ) + α·XᵀX)   (by the Woodbury identity when n < p)
//	coef = α·Σ·Xᵀy,   γⱼ = 1 − λⱼ·Σⱼⱼ
//	λⱼ ← (γⱼ + 2·Lambda1) / (coefⱼ² + 2·Lambda2)
//	α ← (n − Σγ + 2·Alpha1) / (‖y − X·coef‖² + 2·Alpha2)
//
// then drops the features with λⱼ ≥ ThresholdLambda (their coefficients become 0),
// until the coefficients move by less than Tol in L1 norm (from the second iteration
// on), no feature is left, or MaxIter iterations; Σ and the coefficients are then
// recomputed once more. pinv is scipy's pinvh: eigenvalues at most
// max(size)·ε·|λ|max are dropped. ARDRegression takes no sample weights, as
// scikit-learn's.
//
// The zero value is scikit-learn's default ARDRegression().
type ARDRegression struct {
	// MaxIter bounds the iterations (scikit-learn n_iter); 0 means 300, at most 10⁶.
	MaxIter int
	// Tol stops the iterations when Σ|coef − coef_previous| < Tol; 0 means 1e-3.
	Tol float64
	// Alpha1, Alpha2, Lambda1, Lambda2 are the Gamma priors' shapes and rates, each
	// finite and >= 0; 0 means 1e-6 (see BayesianRidge).
	Alpha1, Alpha2, Lambda1, Lambda2 float64
	// ThresholdLambda drops the features whose precision reaches it; 0 means 1e4.
	// Finite and >= 0.
	ThresholdLambda float64
	// ComputeScore records the objective at every iteration (Scores).
	ComputeScore bool
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool

	fit *ardFit // learned state; nil until Fit succeeds
}

// ardFit is the learned state of ARDRegression (exported fields for gob).
type ardFit struct {
	Coef      []float64
	Intercept float64
	NFeatures int
	Alpha     float64
	Lambda    []float64
	// Kept lists the features with Lambda below the threshold, increasing; Sigma is
	// len(Kept)×len(Kept), row-major.
	Kept      []int
	Sigma     []float64
	Scores    []float64
	NIter     int
	Converged bool
}

// Check validates a decoded ardFit.
func (f *ardFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, max(1, len(f.Coef))),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckLen("Lambda", len(f.Lambda), f.NFeatures),
		estimator.CheckCount("len(Kept)", len(f.Kept), 0, f.NFeatures),
		estimator.CheckIndex("Kept", f.Kept, f.NFeatures),
	); err != nil {
		return err
	}
	for i := 1; i < len(f.Kept); i++ {
		if f.Kept[i] <= f.Kept[i-1] {
			return fmt.Errorf("Kept is not increasing at %d", i)
		}
	}
	return estimator.FirstError(
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckPositive("Alpha", f.Alpha),
		estimator.CheckPositive("Lambda", f.Lambda...),
		estimator.CheckLen("Sigma", len(f.Sigma), len(f.Kept)*len(f.Kept)),
		estimator.CheckFinite("Sigma", f.Sigma...),
		estimator.CheckFinite("Scores", f.Scores...),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt),
	)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError for a negative or too large MaxIter and for negative, NaN or
// infinite Tol, priors or ThresholdLambda.
func (a *ARDRegression) Validate() error {
	if a.MaxIter < 0 || a.MaxIter > bayesMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: a.MaxIter, Reason: "must be in [0, 1e6] (0 means 300)"}
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"Tol", a.Tol}, {"Alpha1", a.Alpha1}, {"Alpha2", a.Alpha2}, {"Lambda1", a.Lambda1}, {"Lambda2", a.Lambda2},
		{"ThresholdLambda", a.ThresholdLambda}} {
		if err := validateNonNeg(p.name, p.v); err != nil {
			return err
		}
	}
	return nil
}

// pinvh returns scipy.linalg.pinvh of the symmetric k×k matrix a (row-major, upper
// triangle read): U·diag(1/s)·Uᵀ over the eigenvalues |s| > k·ε·max|s|.
func pinvh(a []float64, k int) ([]float64, error) {
	sym := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			sym.SetSym(i, j, a[i*k+j])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, fmt.Errorf("eigendecomposition did not converge: %w", estimator.ErrConvergence)
	}
	s := eig.Values(nil)
	var u mat.Dense
	eig.VectorsTo(&u)
	maxS := 0.0
	for _, v := range s {
		maxS = math.Max(maxS, math.Abs(v))
	}
	cut := float64(k) * machEps * maxS
	out := make([]float64, k*k)
	for c, sv := range s {
		if !(math.Abs(sv) > cut) {
			continue
		}
		inv := 1 / sv
		for i := range k {
			ui := u.At(i, c) * inv
			if ui == 0 {
				continue
			}
			row := out[i*k : (i+1)*k]
			for j := range k {
				row[j] += ui * u.At(j, c)
			}
		}
	}
	return out, nil
}

// Fit fits the model to X (n×p, n ≥ 2) and y. It returns ctx.Err() when ctx is done
// (checked every iteration), a *estimator.ParamError for bad hyperparameters, an
// error wrapping ErrInvalidData for NaN/Inf or empty input or fewer than 2 rows,
// ErrShape for length mismatches, and an error wrapping ErrConvergence when the
// updates leave the finite range. Reaching MaxIter is not an error: check Converged.
func (a *ARDRegression) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("linear.ARDRegression: %w", err)
	}
	x, err := checkRegressionData(X, y, nil)
	if err != nil {
		return fmt.Errorf("linear.ARDRegression: %w", err)
	}
	f, err := a.solve(ctx, x, y)
	if err != nil {
		return wrapCD("linear.ARDRegression", err)
	}
	a.fit = f
	return nil
}

func (a *ARDRegression) solve(ctx context.Context, x *mat.Dense, y []float64) (*ardFit, error) {
	n, p := x.Dims()
	if n < 2 {
		return nil, fmt.Errorf("ARDRegression needs at least 2 samples, got %d: %w", n, estimator.ErrInvalidData)
	}
	if extremeData(x, y, nil) {
		return nil, fmt.Errorf("X or y hold magnitudes beyond 2^±400; scale them first: %w", estimator.ErrInvalidData)
	}
	c, err := weightedOffsets(x, y, nil, !a.NoIntercept)
	if err != nil {
		return nil, err
	}
	xc, yc, err := centeredCopy(x, y, nil, c)
	if err != nil {
		return nil, err
	}
	maxIter := a.MaxIter
	if maxIter == 0 {
		maxIter = bayesDefaultMaxIter
	}
	tol := orDefault(a.Tol, bayesDefaultTol)
	a1, a2 := orDefault(a.Alpha1, bayesDefaultPrior), orDefault(a.Alpha2, bayesDefaultPrior)
	l1, l2 := orDefault(a.Lambda1, bayesDefaultPrior), orDefault(a.Lambda2, bayesDefaultPrior)
	threshold := orDefault(a.ThresholdLambda, ardDefaultThreshold)
	var mean, v float64
	for _, t := range yc {
		mean += t
	}
	mean /= float64(n)
	for _, t := range yc {
		v += (t - mean) * (t - mean)
	}
	alpha := 1 / (v/float64(n) + machEps)
	lambda := make([]float64, p)
	for j := range lambda {
		lambda[j] = 1
	}
	keep := make([]int, p)
	for j := range keep {
		keep[j] = j
	}
	coef := make([]float64, p)
	// xty = Xᵀy, gram = XᵀX for the n ≥ p path.
	xty := make([]float64, p)
	for i := range n {
		for j, xv := range xc.RawRowView(i) {
			xty[j] += xv * yc[i]
		}
	}
	var gram *mat.Dense
	if n >= p {
		gram = mat.NewDense(p, p, nil)
		gram.Mul(xc.T(), xc)
	}
	sigmaOf := func(alpha float64, keep []int) ([]float64, error) {
		k := len(keep)
		if n >= p {
			m := make([]float64, k*k)
			for r, i := range keep {
				for s, j := range keep {
					m[r*k+s] = alpha * gram.At(i, j)
				}
				m[r*k+r] += lambda[i]
			}
			return pinvh(m, k)
		}
		// Woodbury: Σ = Λ⁻¹ − Λ⁻¹Xₖᵀ·pinv(I/α + XₖΛ⁻¹Xₖᵀ)·XₖΛ⁻¹.
		xl := make([]float64, n*k) // Xₖ·Λ⁻¹
		for i := range n {
			row := xc.RawRowView(i)
			for r, j := range keep {
				xl[i*k+r] = row[j] / lambda[j]
			}
		}
		m := make([]float64, n*n)
		for i := range n {
			for jj := i; jj < n; jj++ {
				row := xc.RawRowView(jj)
				var s float64
				for r, j := range keep {
					s += xl[i*k+r] * row[j]
				}
				m[i*n+jj] = s
			}
			m[i*n+i] += 1 / alpha
		}
		inv, err := pinvh(m, n)
		if err != nil {
			return nil, err
		}
		// t = inv·Xₖ·Λ⁻¹ (n×k), Σ = −(Λ⁻¹Xₖᵀ)·t + Λ⁻¹.
		t := make([]float64, n*k)
		for i := range n {
			for l := range n {
				iv := inv[i*n+l]
				if iv == 0 {
					continue
				}
				for r := range k {
					t[i*k+r] += iv * xl[l*k+r]
				}
			}
		}
		sig := make([]float64, k*k)
		for r := range k {
			for s := range k {
				var sum float64
				for i := range n {
					sum += xl[i*k+r] * t[i*k+s]
				}
				sig[r*k+s] = -sum
			}
			sig[r*k+r] += 1 / lambda[keep[r]]
		}
		return sig, nil
	}
	updateCoef := func(alpha float64, keep []int, sigma []float64) {
		k := len(keep)
		for r, i := range keep {
			var s float64
			for q, j := range keep {
				s += sigma[r*k+q] * xty[j]
			}
			coef[i] = alpha * s
		}
	}
	f := &ardFit{NFeatures: p}
	var coefOld []float64
	it := 0
	for it = 0; it < maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sigma, err := sigmaOf(alpha, keep)
		if err != nil {
			return nil, err
		}
		updateCoef(alpha, keep, sigma)
		var rmse float64
		for i := range n {
			d := yc[i]
			for j, xv := range xc.RawRowView(i) {
				d -= xv * coef[j]
			}
			rmse += d * d
		}
		k := len(keep)
		var gsum float64
		for r, j := range keep {
			g := 1 - lambda[j]*sigma[r*k+r]
			gsum += g
			lambda[j] = (g + 2*l1) / (coef[j]*coef[j] + 2*l2)
		}
		alpha = (float64(n) - gsum + 2*a1) / (rmse + 2*a2)
		if !(alpha > 0) || math.IsInf(alpha, 0) || !allFinite(lambda) {
			return nil, fmt.Errorf("the precision updates left the finite range; scale the data: %w", estimator.ErrConvergence)
		}
		keep = keep[:0:0]
		for j, l := range lambda {
			if l < threshold {
				keep = append(keep, j)
			} else {
				coef[j] = 0
			}
		}
		if a.ComputeScore {
			var s, sumLogL, lc float64
			for j, l := range lambda {
				s += l1*math.Log(l) - l2*l
				sumLogL += math.Log(l)
				lc += l * coef[j] * coef[j]
			}
			s += a1*math.Log(alpha) - a2*alpha
			s += 0.5 * (logdetSym(sigma, k) + float64(n)*math.Log(alpha) + sumLogL)
			s -= 0.5 * (alpha*rmse + lc)
			f.Scores = append(f.Scores, s)
		}
		if it > 0 {
			var d float64
			for j := range coef {
				d += math.Abs(coefOld[j] - coef[j])
			}
			if d < tol {
				f.Converged = true
				break
			}
		}
		coefOld = slices.Clone(coef)
		if len(keep) == 0 {
			f.Converged = true
			break
		}
	}
	f.NIter = min(it+1, maxIter)
	f.Kept = keep
	if len(keep) > 0 {
		sigma, err := sigmaOf(alpha, keep)
		if err != nil {
			return nil, err
		}
		updateCoef(alpha, keep, sigma)
		f.Sigma = sigma
	}
	f.Coef, f.Alpha, f.Lambda = coef, alpha, lambda
	f.Intercept = c.intercept(coef)
	if err := f.Check(); err != nil {
		return nil, fmt.Errorf("the fitted model is not finite (%v); scale the data: %w", err, estimator.ErrConvergence)
	}
	return f, nil
}

// logdetSym is scikit-learn's fast_logdet of a k×k matrix: log|det| when the
// determinant is positive, −Inf otherwise (LU with partial pivoting).
func logdetSym(a []float64, k int) float64 {
	if k == 0 {
		return 0
	}
	var lu mat.LU
	lu.Factorize(mat.NewDense(k, k, slices.Clone(a)))
	ld, sign := lu.LogDet()
	if sign <= 0 {
		return math.Inf(-1)
	}
	return ld
}

func (f *ardFit) linear() *linearFit {
	if f == nil {
		return nil
	}
	return &linearFit{Coef: f.Coef, Intercept: f.Intercept, NFeatures: f.NFeatures, NIter: f.NIter, Converged: f.Converged}
}

// Predict returns the posterior mean X·Coef + Intercept. It returns ErrNotFitted
// before Fit, ErrShape when X's column count differs from the data given to Fit, and
// ErrInvalidData for NaN/Inf or empty X.
func (a *ARDRegression) Predict(X mat.Matrix) ([]float64, error) {
	out, err := a.fit.linear().predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.ARDRegression: %w", err)
	}
	return out, nil
}

// PredictWithStd returns the posterior mean and the predictive standard deviation
// √(xᵢₖ·Sigma·xᵢₖ + 1/α), with xᵢₖ the uncentred values of the kept features
// (scikit-learn's predict(X, return_std=True)). Errors as for Predict.
func (a *ARDRegression) PredictWithStd(X mat.Matrix) (mean, std []float64, err error) {
	if a.fit == nil {
		return nil, nil, fmt.Errorf("linear.ARDRegression: %w", estimator.ErrNotFitted)
	}
	f := a.fit
	k := len(f.Kept)
	// Sigma over all features, zero outside the kept ones.
	full := make([]float64, f.NFeatures*f.NFeatures)
	for r, i := range f.Kept {
		for s, j := range f.Kept {
			full[i*f.NFeatures+j] = f.Sigma[r*k+s]
		}
	}
	return predictWithStd("linear.ARDRegression", f.linear(), X, func() ([]float64, float64) { return full, f.Alpha })
}

// Coef returns a copy of the coefficients (scikit-learn coef_), nil before Fit.
func (a *ARDRegression) Coef() []float64 { return a.fit.linear().coef() }

// Intercept returns the fitted intercept, 0 before Fit or with NoIntercept.
func (a *ARDRegression) Intercept() float64 { return a.fit.linear().intercept() }

// Alpha returns the estimated noise precision (scikit-learn alpha_), 0 before Fit.
func (a *ARDRegression) Alpha() float64 {
	if a.fit == nil {
		return 0
	}
	return a.fit.Alpha
}

// Lambda returns a copy of the estimated precisions of the coefficients
// (scikit-learn lambda_), nil before Fit.
func (a *ARDRegression) Lambda() []float64 {
	if a.fit == nil {
		return nil
	}
	return slices.Clone(a.fit.Lambda)
}

// Kept returns the indices of the features kept (precision below ThresholdLambda),
// nil before Fit.
func (a *ARDRegression) Kept() []int {
	if a.fit == nil {
		return nil
	}
	return slices.Clone(a.fit.Kept)
}

// Sigma returns a copy of the posterior covariance of the kept coefficients
// (scikit-learn sigma_, len(Kept())×len(Kept())), nil before Fit or when no feature is
// kept.
func (a *ARDRegression) Sigma() *mat.Dense {
	if a.fit == nil || len(a.fit.Kept) == 0 {
		return nil
	}
	k := len(a.fit.Kept)
	return mat.NewDense(k, k, slices.Clone(a.fit.Sigma))
}

// Scores returns the objective at each iteration (scikit-learn scores_), nil unless
// ComputeScore was set.
func (a *ARDRegression) Scores() []float64 {
	if a.fit == nil {
		return nil
	}
	return slices.Clone(a.fit.Scores)
}

// NIter returns the number of iterations run, 0 before Fit.
func (a *ARDRegression) NIter() int { return a.fit.linear().nIter() }

// Converged reports whether the last Fit met Tol (or dropped every feature) before
// MaxIter.
func (a *ARDRegression) Converged() bool { return a.fit != nil && a.fit.Converged }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (a *ARDRegression) MarshalState() ([]byte, error) {
	return estimator.EncodeState(ardStateVersion, a.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients or precisions that are not
// NFeatures finite (positive) values, kept indices out of range or not increasing, a
// Sigma of the wrong size, or an intercept with NoIntercept give an error wrapping
// estimator.ErrState, and the receiver is unchanged.
func (a *ARDRegression) UnmarshalState(b []byte) error {
	var f *ardFit
	if err := estimator.DecodeState(b, ardStateVersion, &f); err != nil {
		return fmt.Errorf("linear.ARDRegression: %w", err)
	}
	if f != nil && a.NoIntercept && f.Intercept != 0 {
		return fmt.Errorf("linear.ARDRegression: Intercept is %v but NoIntercept is set: %w", f.Intercept, estimator.ErrState)
	}
	a.fit = f
	return nil
}

// String returns the settings of a, as estimator.Format prints them.
func (a *ARDRegression) String() string { return estimator.Format(a) }

const ardStateVersion = 1
