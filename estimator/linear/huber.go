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
	_ estimator.Predictor      = (*HuberRegressor)(nil)
	_ estimator.Validator      = (*HuberRegressor)(nil)
	_ estimator.StateMarshaler = (*HuberRegressor)(nil)
	_ estimator.WeightedFitter = (*HuberRegressor)(nil)
	_ estimator.Iterative      = (*HuberRegressor)(nil)
)

// HuberRegressor is L2-regularised linear regression that is robust to outliers
// (scikit-learn: linear_model.HuberRegressor). It minimises jointly over the
// coefficients w, the intercept b and a scale σ > 0 the objective of Owen (2007)
//
//	Σᵢ sᵢ·(σ + H_ε((yᵢ − xᵢ·w − b)/σ)·σ) + Alpha·‖w‖²
//
// where H_ε(z) = z² for |z| ≤ ε and 2ε|z| − ε² beyond, ε = Epsilon and sᵢ are the
// sample weights. Residuals larger than ε·σ count linearly, so outliers pull the fit
// less than in least squares; the fitted σ is Scale and the training rows beyond
// ε·σ are Outliers. The objective is convex and the solution matches
// scikit-learn's.
//
// The solver is the package's L-BFGS (that of Logistic: scipy's memory 10,
// strong-Wolfe line search and stopping tests) from scikit-learn's start (w = 0,
// b = 0, σ = 1). scikit-learn runs L-BFGS-B with the bound σ ≥ 10·εmach, which is
// inactive at the optimum whenever the fit leaves a non-zero residual; here the
// objective is continued below the bound so that no line-search step crosses it.
// The stopping test is scipy's: the largest component of the gradient with respect
// to (w, b, σ) at most Tol, or a relative decrease of the objective below 2.2e-9.
//
// The zero value is scikit-learn's default HuberRegressor(): Epsilon 1.35, Alpha
// 1e-4, MaxIter 100, Tol 1e-5, with an intercept.
type HuberRegressor struct {
	// Epsilon (> 1) sets the residual, in units of σ, beyond which the loss is
	// linear; smaller values are more robust. Zero means 1.35, the default.
	Epsilon float64
	// Alpha is the L2 penalty. Zero means 1e-4, the default; set NoPenalty for
	// alpha = 0. It must be finite and >= 0.
	Alpha float64
	// NoPenalty fits without the L2 penalty (scikit-learn alpha=0); Alpha is then
	// ignored.
	NoPenalty bool
	// MaxIter bounds the L-BFGS iterations; zero means 100. At most 1e6.
	MaxIter int
	// Tol is the gradient tolerance; zero means 1e-5.
	Tol float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool

	fit *huberFit // nil until Fit succeeds
}

// huberFit is the learned state of a HuberRegressor; fields are exported for gob.
type huberFit struct {
	NFeatures int
	Coef      []float64
	Intercept float64
	Scale     float64
	Outliers  []bool // training rows beyond Epsilon·Scale
	NIter     int
	Converged bool
}

const huberStateVersion = 1

// Check validates decoded state.
func (f *huberFit) Check() error {
	err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckPositive("Scale", f.Scale),
		estimator.CheckFinite("Scale", f.Scale),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt),
	)
	return err
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (h *HuberRegressor) Validate() error {
	switch {
	case !sgdFinite(h.Epsilon) || (h.Epsilon != 0 && h.Epsilon < 1):
		return &estimator.ParamError{Param: "Epsilon", Value: h.Epsilon, Reason: "must be finite and >= 1 (0 means the default 1.35)"}
	case !sgdFinite(h.Alpha) || h.Alpha < 0:
		return &estimator.ParamError{Param: "Alpha", Value: h.Alpha, Reason: "must be finite and >= 0 (0 means the default 1e-4)"}
	case h.MaxIter < 0 || h.MaxIter > sgdMaxIterCap:
		return &estimator.ParamError{Param: "MaxIter", Value: h.MaxIter, Reason: fmt.Sprintf("must be in [0, %d] (0 means the default 100)", sgdMaxIterCap)}
	case !sgdFinite(h.Tol) || h.Tol < 0:
		return &estimator.ParamError{Param: "Tol", Value: h.Tol, Reason: "must be finite and >= 0 (0 means the default 1e-5)"}
	}
	return nil
}

// Fit fits the model to X (n×p) and y. It returns ctx.Err() when ctx is done
// (checked every objective evaluation), a *estimator.ParamError for bad
// hyperparameters, an error wrapping estimator.ErrInvalidData for empty input or
// NaN/Inf, estimator.ErrShape for length mismatches, and an error wrapping
// estimator.ErrConvergence when the objective overflows. Reaching MaxIter is not
// an error (see Converged). On error the previous model is kept.
func (h *HuberRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return h.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight), which must be finite and >= 0 with a positive sum.
func (h *HuberRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := h.fitWith(ctx, X, y, w, logitFactrTol)
	if err != nil {
		return err
	}
	h.fit = f
	return nil
}

func (h *HuberRegressor) fitWith(ctx context.Context, X mat.Matrix, y, w []float64, ftol float64) (*huberFit, error) {
	if err := h.Validate(); err != nil {
		return nil, fmt.Errorf("linear.HuberRegressor: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return nil, fmt.Errorf("linear.HuberRegressor: %w", err)
	}
	raw := x.RawMatrix()
	n, p := raw.Rows, raw.Cols
	eps := h.Epsilon
	if eps == 0 {
		eps = 1.35
	}
	alpha := h.Alpha
	if alpha == 0 {
		alpha = 1e-4
	}
	if h.NoPenalty {
		alpha = 0
	}
	maxIter := h.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	tol := h.Tol
	if tol == 0 {
		tol = 1e-5
	}
	sw := w
	if sw == nil {
		sw = make([]float64, n)
		for i := range sw {
			sw[i] = 1
		}
	}
	pr := &huberProblem{x: raw.Data, stride: raw.Stride, n: n, p: p, y: y, sw: sw, eps: eps, alpha: alpha,
		intercept: !h.NoIntercept, resid: make([]float64, n)}
	for _, v := range sw {
		pr.nw += v
	}
	dim := p + 1
	if pr.intercept {
		dim++
	}
	params := make([]float64, dim) // w, [b], σ
	params[dim-1] = 1
	var cerr error
	fg := func(v, g []float64) float64 {
		if err := ctx.Err(); err != nil {
			cerr = err
			return math.NaN()
		}
		return pr.lossGrad(v, g)
	}
	nIter, converged, err := logitLBFGS(ctx, fg, params, logitOptions{tol: tol, ftol: ftol, maxIter: maxIter})
	if cerr != nil {
		return nil, cerr
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("linear.HuberRegressor: %w: %w", err, estimator.ErrConvergence)
	}
	f := &huberFit{NFeatures: p, Coef: slices.Clone(params[:p]), Scale: params[dim-1], NIter: nIter, Converged: converged}
	if pr.intercept {
		f.Intercept = params[p]
	}
	f.Outliers = make([]bool, n)
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		r := y[i] - f.Intercept
		for j, v := range row {
			r -= v * f.Coef[j]
		}
		f.Outliers[i] = math.Abs(r) > f.Scale*eps
	}
	if err := f.Check(); err != nil {
		return nil, fmt.Errorf("linear.HuberRegressor: the fitted model is unusable (%v); scale the data: %w", err, estimator.ErrConvergence)
	}
	return f, nil
}

// huberSigmaMin is scikit-learn's lower bound on σ, 10·εmach.
const huberSigmaMin = 10 * 2.220446049250313e-16

// huberProblem is scikit-learn's _huber_loss_and_gradient.
type huberProblem struct {
	x         []float64
	stride    int
	n, p      int
	y, sw     []float64
	nw        float64 // Σ sᵢ
	eps       float64
	alpha     float64
	intercept bool
	resid     []float64
}

// lossGrad returns the objective at v = (w, [b], σ) and writes its gradient into g.
// Below the bound σ = huberSigmaMin (where the objective is already of order
// Σ r²/10⁻¹⁵) it continues the objective at the bound with a slope that rises as σ
// falls, so that the line search rejects any step across the bound: the bound of
// scikit-learn's L-BFGS-B, which is inactive at the optimum.
func (pr *huberProblem) lossGrad(v, g []float64) float64 {
	if s := v[len(v)-1]; s < huberSigmaMin {
		v[len(v)-1] = huberSigmaMin
		f := pr.lossGrad(v, g)
		v[len(v)-1] = s
		slope := math.Abs(g[len(g)-1]) + 1
		g[len(g)-1] = -slope
		return f + slope*(huberSigmaMin-s)
	}
	p := pr.p
	w := v[:p]
	b := 0.0
	if pr.intercept {
		b = v[p]
	}
	sigma := v[len(v)-1]
	for j := range g {
		g[j] = 0
	}
	gw := g[:p]
	var sq, outLin, swOut, gb float64
	for i := 0; i < pr.n; i++ {
		row := pr.x[i*pr.stride : i*pr.stride+p]
		r := pr.y[i] - b
		for j, xv := range row {
			r -= xv * w[j]
		}
		si := pr.sw[i]
		if math.Abs(r) > pr.eps*sigma { // outlier: linear part
			outLin += si * math.Abs(r)
			swOut += si
			sgn := 1.0
			if r < 0 {
				sgn = -1
			}
			c := -2 * pr.eps * si * sgn
			for j, xv := range row {
				gw[j] += c * xv
			}
			gb += c
		} else {
			sq += si * r * r
			c := -2 / sigma * si * r
			for j, xv := range row {
				gw[j] += c * xv
			}
			gb += c
		}
	}
	wsq := 0.0
	for j, wj := range w {
		gw[j] += 2 * pr.alpha * wj
		wsq += wj * wj
	}
	if pr.intercept {
		g[p] = gb
	}
	squaredLoss := sq / sigma
	loss := pr.nw*sigma + squaredLoss + 2*pr.eps*outLin - sigma*swOut*pr.eps*pr.eps + pr.alpha*wsq
	gSigma := pr.nw - swOut*pr.eps*pr.eps - squaredLoss/sigma
	g[len(g)-1] = gSigma
	return loss
}

// Predict returns x·Coef + Intercept for each row of X. It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// and estimator.ErrInvalidData for empty or non-finite X or a prediction that
// overflows.
func (h *HuberRegressor) Predict(X mat.Matrix) ([]float64, error) {
	if h.fit == nil {
		return nil, fmt.Errorf("linear.HuberRegressor: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, h.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("linear.HuberRegressor: %w", err)
	}
	out := sgdDecision(x, h.fit.Coef, []float64{h.fit.Intercept}, 1, h.fit.NFeatures).RawMatrix().Data
	if err := checkOutput(out); err != nil {
		return nil, fmt.Errorf("linear.HuberRegressor: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the coefficients (scikit-learn's coef_), or nil before Fit.
func (h *HuberRegressor) Coef() []float64 {
	if h.fit == nil {
		return nil
	}
	return slices.Clone(h.fit.Coef)
}

// Intercept returns the intercept (scikit-learn's intercept_), or 0 before Fit.
func (h *HuberRegressor) Intercept() float64 {
	if h.fit == nil {
		return 0
	}
	return h.fit.Intercept
}

// Scale returns the fitted σ (scikit-learn's scale_), or 0 before Fit.
func (h *HuberRegressor) Scale() float64 {
	if h.fit == nil {
		return 0
	}
	return h.fit.Scale
}

// Outliers returns a copy of the mask of training rows whose absolute residual
// exceeds Epsilon·Scale (scikit-learn's outliers_), or nil before Fit.
func (h *HuberRegressor) Outliers() []bool {
	if h.fit == nil {
		return nil
	}
	return slices.Clone(h.fit.Outliers)
}

// NIter returns the L-BFGS iterations of the last Fit (scikit-learn's n_iter_), or 0
// before Fit.
func (h *HuberRegressor) NIter() int {
	if h.fit == nil {
		return 0
	}
	return h.fit.NIter
}

// Converged reports whether the last Fit met its stopping test before MaxIter
// (scikit-learn warns otherwise). It is false before Fit.
func (h *HuberRegressor) Converged() bool { return h.fit != nil && h.fit.Converged }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (h *HuberRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(huberStateVersion, h.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, a coefficient count other than
// NFeatures, non-finite values, a Scale that is not > 0, or an intercept with
// NoIntercept give an error wrapping estimator.ErrState, and the receiver is
// unchanged.
func (h *HuberRegressor) UnmarshalState(b []byte) error {
	var f *huberFit
	if err := estimator.DecodeState(b, huberStateVersion, &f); err != nil {
		return fmt.Errorf("linear.HuberRegressor: %w", err)
	}
	if f != nil && h.NoIntercept && f.Intercept != 0 {
		return fmt.Errorf("linear.HuberRegressor: Intercept is %v but NoIntercept is set: %w", f.Intercept, estimator.ErrState)
	}
	h.fit = f
	return nil
}

// String returns the settings of h, as estimator.Format prints them.
func (h *HuberRegressor) String() string { return estimator.Format(h) }
