package linear

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*SGDRegressor)(nil)
	_ estimator.Validator      = (*SGDRegressor)(nil)
	_ estimator.StateMarshaler = (*SGDRegressor)(nil)
	_ estimator.WeightedFitter = (*SGDRegressor)(nil)
	_ estimator.Iterative      = (*SGDRegressor)(nil)
)

// SGDRegressor is a linear model fitted by plain stochastic gradient descent
// (scikit-learn: linear_model.SGDRegressor), minimising
//
//	Σᵢ sᵢ·L(xᵢ·w + b, yᵢ) + n·Alpha·R(w)
//
// one sample at a time, with L the Loss (squared_error, huber, epsilon_insensitive
// or squared_epsilon_insensitive) and R as for [SGDClassifier], whose description of
// the steps, the shuffling, averaging and the stopping rule applies unchanged (with
// EarlyStopping the validation score is R²). With NoShuffle the iterates are those
// of scikit-learn 1.2.1.
//
// The zero value is scikit-learn's default SGDRegressor(): squared error, l2 penalty,
// Alpha 1e-4, the "invscaling" schedule with Eta0 0.01 and PowerT 0.25, at most 1000
// epochs, Tol 1e-3, shuffled.
type SGDRegressor struct {
	// Loss is the loss function; "" means SGDSquaredError, the default.
	Loss SGDLoss
	// Penalty is PenaltyL2 (the zero value), PenaltyL1, PenaltyElasticNet or
	// PenaltyNone.
	Penalty Penalty
	// Alpha multiplies the penalty; zero means 1e-4, the default (for no penalty
	// use PenaltyNone). It must be finite and >= 0.
	Alpha float64
	// L1Ratio is the elasticnet mixing parameter in [0, 1]; zero means 0.15.
	L1Ratio float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// MaxIter bounds the epochs; zero means 1000. At most 1e6.
	MaxIter int
	// Tol is the stopping tolerance; zero means 1e-3. A negative Tol disables the
	// stopping test (scikit-learn tol=None): exactly MaxIter epochs run.
	Tol float64
	// NoShuffle visits the rows in order every epoch (scikit-learn shuffle=False).
	NoShuffle bool
	// Epsilon is the threshold of the huber and epsilon-insensitive losses; zero
	// means 0.1, the default.
	Epsilon float64
	// Seed seeds the shuffling and the early-stopping split.
	Seed uint64
	// LearningRate is the step-size schedule; "" means LearningRateInvScaling.
	LearningRate LearningRate
	// Eta0 is the initial step; zero means 0.01, the default.
	Eta0 float64
	// PowerT is the exponent of the invscaling schedule; zero means 0.25.
	PowerT float64
	// EarlyStopping holds out ValidationFraction of the rows and stops on their R².
	EarlyStopping bool
	// ValidationFraction is the held-out share, in (0, 1); zero means 0.1.
	ValidationFraction float64
	// NIterNoChange is the number of epochs without improvement before stopping;
	// zero means 5.
	NIterNoChange int
	// Average > 0 reports the average of the SGD iterates once Average samples have
	// been seen (1: from the first). Zero disables it.
	Average int

	fit *sgdFit // nil until Fit succeeds
}

func (s *SGDRegressor) hyper() sgdHyper {
	return sgdHyper{
		penalty: s.Penalty, alpha: s.Alpha, l1Ratio: s.L1Ratio, maxIter: s.MaxIter, tol: s.Tol,
		noIntercept: s.NoIntercept, noShuffle: s.NoShuffle, epsilon: s.Epsilon, lr: s.LearningRate,
		eta0: s.Eta0, powerT: s.PowerT, earlyStopping: s.EarlyStopping, valFraction: s.ValidationFraction,
		nIterNoChange: s.NIterNoChange, average: s.Average,
		defLR: LearningRateInvScaling, defEta0: 0.01, defPowerT: 0.25,
	}
}

func (s *SGDRegressor) orLoss() SGDLoss {
	if s.Loss == "" {
		return SGDSquaredError
	}
	return s.Loss
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (s *SGDRegressor) Validate() error {
	switch s.orLoss() {
	case SGDSquaredError, SGDHuber, SGDEpsilonInsensitive, SGDSquaredEpsilonInsensitive:
	default:
		return &estimator.ParamError{Param: "Loss", Value: s.Loss, Reason: `must be "squared_error", "huber", "epsilon_insensitive" or "squared_epsilon_insensitive"`}
	}
	h := s.hyper()
	return h.validate()
}

func (s *SGDRegressor) params() sgdParams {
	eps := s.Epsilon
	if eps == 0 {
		eps = 0.1
	}
	loss, _ := sgdLossOf(s.orLoss(), eps)
	h := s.hyper()
	return h.resolve(loss)
}

// Fit fits the model to X (n×p) and y (length n). It returns ctx.Err() when ctx is
// done before or during the fit (checked every epoch), a *estimator.ParamError for
// bad hyperparameters, an error wrapping estimator.ErrInvalidData for empty input,
// NaN/Inf or an early-stopping split that leaves a part empty, estimator.ErrShape
// for length mismatches, and an error wrapping estimator.ErrConvergence when the
// weights overflow (unscaled features or targets, too large a step). Reaching
// MaxIter is not an error (see Converged). On error the previous model is kept.
func (s *SGDRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and >= 0 with a positive sum.
func (s *SGDRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	x, err := s.check(ctx, X, y, w)
	if err != nil {
		return err
	}
	f, err := s.run(ctx, x, y, w, nil, false)
	if err != nil {
		return err
	}
	s.fit = f
	return nil
}

// PartialFit runs one epoch of SGD on X and y, continuing from the current model
// (scikit-learn's partial_fit); X must have the features of the first call.
// EarlyStopping is not allowed (a *estimator.ParamError). Converged reports false
// afterwards. Errors as for Fit; on error the model is unchanged.
func (s *SGDRegressor) PartialFit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.PartialFitWeighted(ctx, X, y, nil)
}

// PartialFitWeighted is PartialFit with per-sample weights w (nil means all ones).
func (s *SGDRegressor) PartialFitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if s.EarlyStopping {
		return fmt.Errorf("linear.SGDRegressor: %w", &estimator.ParamError{Param: "EarlyStopping", Value: true, Reason: "cannot be used with PartialFit"})
	}
	x, err := s.check(ctx, X, y, w)
	if err != nil {
		return err
	}
	if s.fit != nil {
		if _, p := x.Dims(); p != s.fit.NFeatures {
			return fmt.Errorf("linear.SGDRegressor: X has %d features, but the model was fitted with %d: %w", p, s.fit.NFeatures, estimator.ErrShape)
		}
	}
	f, err := s.run(ctx, x, y, w, s.fit, true)
	if err != nil {
		return err
	}
	s.fit = f
	return nil
}

func (s *SGDRegressor) check(ctx context.Context, X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("linear.SGDRegressor: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return nil, fmt.Errorf("linear.SGDRegressor: %w", err)
	}
	return x, nil
}

func (s *SGDRegressor) run(ctx context.Context, x *mat.Dense, y, sw []float64, prev *sgdFit, partial bool) (*sgdFit, error) {
	prm := s.params()
	if partial {
		prm.maxIter = 1
	}
	raw := x.RawMatrix()
	n, p := raw.Rows, raw.Cols
	averaging := prm.average > 0
	f := &sgdFit{NFeatures: p, Rows: 1, T: 1}
	it := &sgdIterate{w: make([]float64, p), t: 1}
	if averaging {
		it.aw = make([]float64, p)
	}
	if prev != nil {
		f.T, it.t = prev.T, prev.T
		if prev.StdCoef != nil {
			copy(it.w, prev.StdCoef)
			it.b = prev.StdIntercept[0]
		} else {
			copy(it.w, prev.Coef)
			it.b = prev.Intercept[0]
		}
		if averaging && prev.AvgCoef != nil {
			copy(it.aw, prev.AvgCoef)
			it.ab = prev.AvgIntercept[0]
		}
	}
	d := &sgdData{packed: sgdPack(raw.Data, raw.Stride, n, p, func(i int) float64 { return y[i] }),
		x: raw.Data, stride: raw.Stride, n: n, p: p, y: y, sw: sw, weightPos: 1, weightNeg: 1}
	if prm.earlyStopping {
		val, err := sgdSplit(n, prm.valFraction, nil, 0, sw, rand.New(rand.NewPCG(s.Seed, s.Seed)))
		if err != nil {
			return nil, fmt.Errorf("linear.SGDRegressor: %w", err)
		}
		d.val = val
		d.score = func(w []float64, b float64) float64 { return sgdR2(d, w, b) }
	}
	rng := rand.New(rand.NewPCG(s.Seed, s.Seed^0x9e3779b97f4a7c15))
	nIter, err := plainSGD(ctx, d, &prm, it, rng)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("linear.SGDRegressor: %w", err)
	}
	f.NIter = nIter
	f.T += float64(nIter) * float64(n)
	f.Converged = !partial && (math.IsInf(prm.tol, -1) || nIter < prm.maxIter)
	f.Coef, f.Intercept = it.w, []float64{it.b}
	if averaging {
		f.StdCoef, f.StdIntercept = it.w, []float64{it.b}
		f.AvgCoef, f.AvgIntercept = it.aw, []float64{it.ab}
		if float64(prm.average) <= f.T-1 {
			f.Coef, f.Intercept = slices.Clone(it.aw), []float64{it.ab}
		} else {
			f.Coef = slices.Clone(it.w)
		}
	}
	if err := f.Check(); err != nil {
		return nil, fmt.Errorf("linear.SGDRegressor: the fitted model is unusable (%v); scale the features: %w", err, estimator.ErrConvergence)
	}
	return f, nil
}

// sgdR2 is the (sample-weighted) R² of x·w + b on the validation rows.
func sgdR2(d *sgdData, w []float64, b float64) float64 {
	var sw, mean float64
	for i := 0; i < d.n; i++ {
		if d.val[i] {
			wi := 1.0
			if d.sw != nil {
				wi = d.sw[i]
			}
			sw += wi
			mean += wi * d.y[i]
		}
	}
	if sw == 0 {
		return 0
	}
	mean /= sw
	var ssRes, ssTot float64
	for i := 0; i < d.n; i++ {
		if !d.val[i] {
			continue
		}
		wi := 1.0
		if d.sw != nil {
			wi = d.sw[i]
		}
		x := d.x[i*d.stride : i*d.stride+d.p]
		z := b
		for j, v := range x {
			z += v * w[j]
		}
		r := d.y[i] - z
		ssRes += wi * r * r
		t := d.y[i] - mean
		ssTot += wi * t * t
	}
	if ssTot == 0 {
		if ssRes == 0 {
			return 1
		}
		return 0
	}
	return 1 - ssRes/ssTot
}

// Predict returns x·Coef + Intercept for each row of X. It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// and estimator.ErrInvalidData for empty or non-finite X or a prediction that
// overflows.
func (s *SGDRegressor) Predict(X mat.Matrix) ([]float64, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("linear.SGDRegressor: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, s.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("linear.SGDRegressor: %w", err)
	}
	out := sgdDecision(x, s.fit.Coef, s.fit.Intercept, 1, s.fit.NFeatures).RawMatrix().Data
	if err := checkOutput(out); err != nil {
		return nil, fmt.Errorf("linear.SGDRegressor: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the coefficients (scikit-learn's coef_; averaged with
// Average), or nil before Fit.
func (s *SGDRegressor) Coef() []float64 {
	if s.fit == nil {
		return nil
	}
	return slices.Clone(s.fit.Coef)
}

// Intercept returns the intercept (scikit-learn's intercept_[0]), or 0 before Fit.
func (s *SGDRegressor) Intercept() float64 {
	if s.fit == nil {
		return 0
	}
	return s.fit.Intercept[0]
}

// NIter returns the epochs of the last Fit (1 after PartialFit), or 0 before Fit.
func (s *SGDRegressor) NIter() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.NIter
}

// T returns the number of weight updates so far plus one (scikit-learn's t_), or 0
// before Fit.
func (s *SGDRegressor) T() float64 {
	if s.fit == nil {
		return 0
	}
	return s.fit.T
}

// Converged reports whether the last Fit stopped on its stopping test before
// MaxIter epochs, or ran without one (negative Tol): false exactly when
// scikit-learn would warn. It is false before Fit and after PartialFit.
func (s *SGDRegressor) Converged() bool { return s.fit != nil && s.fit.Converged }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (s *SGDRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(sgdRegressorStateVersion, s.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes (a regressor has none), lengths
// that do not match NFeatures, non-finite values, or an intercept with NoIntercept
// give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (s *SGDRegressor) UnmarshalState(b []byte) error {
	var f *sgdFit
	if err := estimator.DecodeState(b, sgdRegressorStateVersion, &f); err != nil {
		return fmt.Errorf("linear.SGDRegressor: %w", err)
	}
	if f != nil {
		if f.Classes != nil {
			return fmt.Errorf("linear.SGDRegressor: state has classes: %w", estimator.ErrState)
		}
		if err := sgdCheckNoIntercept(f, s.NoIntercept); err != nil {
			return fmt.Errorf("linear.SGDRegressor: %w", err)
		}
	}
	s.fit = f
	return nil
}

// String returns the settings of s, as estimator.Format prints them.
func (s *SGDRegressor) String() string { return estimator.Format(s) }
