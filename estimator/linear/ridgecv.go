package linear

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

var (
	_ estimator.Predictor      = (*RidgeCV)(nil)
	_ estimator.WeightedFitter = (*RidgeCV)(nil)
	_ estimator.Validator      = (*RidgeCV)(nil)
	_ estimator.StateMarshaler = (*RidgeCV)(nil)
)

// defaultRidgeAlphas are scikit-learn's default alphas of RidgeCV and RidgeClassifierCV.
var defaultRidgeAlphas = []float64{0.1, 1, 10}

// RidgeCV is ridge regression with the penalty chosen by cross-validation,
// scikit-learn's RidgeCV. For every candidate α in Alphas it scores the model
//
//	minimize over coef, b   Σᵢ wᵢ·(yᵢ − xᵢ·coef − b)² + α·‖coef‖²
//
// (Ridge's objective) and refits the best α on all rows.
//
// With CV nil (the default) the score is computed by efficient leave-one-out
// cross-validation, exactly as scikit-learn's _RidgeGCV: one decomposition serves
// every α (see GCVMode), the leave-one-out residual of row i is
// (yᵢ − ŷᵢ)/(1 − Hᵢᵢ) with H the hat matrix, residuals of weighted fits are scaled by
// √wᵢ, and the score is the negative mean squared residual, or Scoring applied to the
// leave-one-out predictions (centred and scaled by √w, as scikit-learn passes them).
// The coefficients are those of the best α from the same decomposition. On n > p this
// costs one pass over X for XᵀX, an eigendecomposition of XᵀX, and one more pass that
// evaluates all alphas with blocked matrix products on internal/parallel (a fixed row
// partition, so results do not depend on GOMAXPROCS).
//
// With a CV splitter the score of α is the mean test score over the folds of Ridge
// fitted on the training rows (sample weights are used for fitting only, as
// scikit-learn's GridSearchCV), with Scoring or R².
//
// scikit-learn's alpha_per_target has no field: y has one target, and for one target
// it changes nothing.
type RidgeCV struct {
	// Alphas are the candidate penalties, each finite and > 0; nil means
	// {0.1, 1, 10}. At most 10000.
	Alphas []float64
	// NoIntercept disables fitting b (scikit-learn fit_intercept=False).
	NoIntercept bool
	// Scoring names the metric (a metrics.ScorerByName name, such as "r2" or
	// "neg_mean_absolute_error"); empty means the negative mean squared error for
	// leave-one-out and R² with CV.
	Scoring string
	// CV splits the rows for cross-validation; nil means efficient leave-one-out.
	// Tagged `param:"-"`: splitters are values held in an interface.
	CV crossval.Splitter `param:"-"`
	// GCVMode selects the leave-one-out decomposition; the zero value chooses it.
	GCVMode GCVMode
	// StoreCVValues keeps the leave-one-out values for CVValues (scikit-learn
	// store_cv_values); it cannot be combined with CV.
	StoreCVValues bool

	fit *ridgeCVFit // learned state; nil until Fit succeeds
}

// ridgeCVFit is the learned state of RidgeCV (exported fields for gob).
type ridgeCVFit struct {
	Coef      []float64
	Intercept float64
	NFeatures int
	Alpha     float64
	BestScore float64
	// CVValues is CVRows×len(Alphas), row-major; nil unless StoreCVValues.
	CVValues []float64
	CVRows   int
}

// Check validates a decoded ridgeCVFit.
func (f *ridgeCVFit) Check() error {
	return estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckPositive("Alpha", f.Alpha),
		estimator.CheckFinite("Alpha", f.Alpha),
		estimator.CheckFinite("BestScore", f.BestScore),
		estimator.CheckCount("CVRows", f.CVRows, 0, max(0, len(f.CVValues))),
		estimator.CheckFinite("CVValues", f.CVValues...),
	)
}

func (f *ridgeCVFit) linear() *linearFit {
	if f == nil {
		return nil
	}
	return &linearFit{Coef: f.Coef, Intercept: f.Intercept, NFeatures: f.NFeatures, Converged: true}
}

// validateAlphas checks a list of candidate penalties (nil is allowed: the default).
func validateAlphas(param string, alphas []float64) error {
	if alphas == nil {
		return nil
	}
	if len(alphas) == 0 {
		return &estimator.ParamError{Param: param, Value: alphas, Reason: "must not be empty (nil means the default)"}
	}
	if len(alphas) > maxAlphas {
		return &estimator.ParamError{Param: param, Value: len(alphas), Reason: fmt.Sprintf("at most %d values", maxAlphas)}
	}
	for i, a := range alphas {
		if !(a > 0) || math.IsInf(a, 1) {
			return &estimator.ParamError{Param: fmt.Sprintf("%s[%d]", param, i), Value: a, Reason: "must be finite and > 0"}
		}
	}
	return nil
}

// validateScoring checks a scorer name ("" is allowed).
func validateScoring(name string) error {
	if name == "" {
		return nil
	}
	if _, err := metrics.ScorerByName(name); err != nil {
		return &estimator.ParamError{Param: "Scoring", Value: name, Reason: "not a scorer name of metrics.ScorerByName"}
	}
	return nil
}

// validateRidgeCV checks the settings shared by RidgeCV and RidgeClassifierCV.
func validateRidgeCV(alphas []float64, scoring string, cv crossval.Splitter, mode GCVMode, store bool) error {
	if err := validateAlphas("Alphas", alphas); err != nil {
		return err
	}
	if err := validateScoring(scoring); err != nil {
		return err
	}
	if err := mode.validate(); err != nil {
		return err
	}
	if cv != nil && store {
		return &estimator.ParamError{Param: "StoreCVValues", Value: true, Reason: "cannot be combined with CV (leave-one-out only)"}
	}
	if v, ok := cv.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return &estimator.ParamError{Param: "CV", Value: cv, Reason: err.Error()}
		}
	}
	return nil
}

// Validate reports whether the hyperparameters are usable. It returns a
// *estimator.ParamError for empty, non-positive or non-finite Alphas, an unknown
// Scoring or GCVMode, StoreCVValues with CV, or an invalid CV splitter.
func (r *RidgeCV) Validate() error {
	return validateRidgeCV(r.Alphas, r.Scoring, r.CV, r.GCVMode, r.StoreCVValues)
}

func (r *RidgeCV) alphas() []float64 {
	if r.Alphas == nil {
		return defaultRidgeAlphas
	}
	return r.Alphas
}

// Fit fits the model to X (n×p) and y (length n). See FitWeighted.
func (r *RidgeCV) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted cross-validates every alpha and fits the best one with sample weights
// w (nil means all ones), like scikit-learn's fit(X, y, sample_weight=w). It returns
// ctx.Err() when ctx is done, a *estimator.ParamError for bad hyperparameters, an
// error wrapping ErrInvalidData for NaN/Inf or empty input, negative weights, fewer
// than 2 rows, or a problem too large for leave-one-out (min(n, p) above 4096), and
// ErrShape for length mismatches. On error the model is unchanged.
func (r *RidgeCV) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("linear.RidgeCV: %w", err)
	}
	x, err := checkRegressionData(X, y, w)
	if err != nil {
		return fmt.Errorf("linear.RidgeCV: %w", err)
	}
	alphas := r.alphas()
	var scorer metrics.Scorer
	if r.Scoring != "" {
		scorer, _ = metrics.ScorerByName(r.Scoring)
	}
	var f *ridgeCVFit
	if r.CV == nil {
		res, err := ridgeLOO(ctx, x, [][]float64{y}, w, looConfig{
			alphas: alphas, fitIntercept: !r.NoIntercept, mode: r.GCVMode, scorer: scorer, storeValues: r.StoreCVValues,
		})
		if err != nil {
			return wrapCD("linear.RidgeCV", err)
		}
		n, _ := x.Dims()
		f = &ridgeCVFit{Coef: res.coef[0], Intercept: res.intercept[0], NFeatures: len(res.coef[0]),
			Alpha: alphas[res.best], BestScore: res.bestScore}
		if r.StoreCVValues {
			f.CVRows = n
			f.CVValues = make([]float64, n*len(alphas))
			for a, v := range res.values {
				for i := range n {
					f.CVValues[i*len(alphas)+a] = v[i]
				}
			}
		}
	} else {
		if scorer == nil {
			scorer = metrics.R2
		}
		best, score, err := gridAlphaCV(ctx, x, y, w, alphas, r.CV, scorer, func(a float64) estimator.Estimator {
			return &Ridge{Alpha: a, NoIntercept: r.NoIntercept}
		})
		if err != nil {
			return wrapCD("linear.RidgeCV", err)
		}
		m := &Ridge{Alpha: alphas[best], NoIntercept: r.NoIntercept}
		if err := m.FitWeighted(ctx, x, y, w); err != nil {
			return wrapCD("linear.RidgeCV", err)
		}
		f = &ridgeCVFit{Coef: m.fit.Coef, Intercept: m.fit.Intercept, NFeatures: m.fit.NFeatures,
			Alpha: alphas[best], BestScore: score}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.fit = f
	return nil
}

// gridAlphaCV scores newEst(alpha) for every alpha on the folds of cv (scikit-learn's
// GridSearchCV over alpha): each is fitted on the training rows (with their weights)
// and scored unweighted on the test rows; it returns the index of the best mean
// score (the first of equal ones) and that score. Fits run on internal/parallel and
// results are combined by index.
func gridAlphaCV(ctx context.Context, x *mat.Dense, y, w []float64, alphas []float64, cv crossval.Splitter,
	scorer metrics.Scorer, newEst func(alpha float64) estimator.Estimator) (int, float64, error) {
	n, _ := x.Dims()
	folds, err := cv.Split(n, y)
	if err != nil {
		return 0, 0, err
	}
	if len(folds) == 0 {
		return 0, 0, fmt.Errorf("the CV splitter returned no folds: %w", estimator.ErrInvalidParam)
	}
	for k, f := range folds {
		if len(f.Train) == 0 || len(f.Test) == 0 {
			return 0, 0, fmt.Errorf("fold %d has an empty training or test set: %w", k+1, estimator.ErrInvalidData)
		}
		for _, idx := range [][]int{f.Train, f.Test} {
			for _, i := range idx {
				if i < 0 || i >= n {
					return 0, 0, fmt.Errorf("fold %d holds row %d of %d: %w", k+1, i, n, estimator.ErrInvalidData)
				}
			}
		}
	}
	nf := len(folds)
	scores := make([]float64, len(alphas)*nf)
	err = parallel.Run(ctx, len(scores), 0, func(ctx context.Context, job int) error {
		a, k := job/nf, job%nf
		fold := folds[k]
		e := newEst(alphas[a])
		ytr := make([]float64, len(fold.Train))
		var wtr []float64
		if w != nil {
			wtr = make([]float64, len(fold.Train))
		}
		for j, i := range fold.Train {
			ytr[j] = y[i]
			if w != nil {
				wtr[j] = w[i]
			}
		}
		xtr := estimator.Rows(x, fold.Train)
		var err error
		if wf, ok := e.(estimator.WeightedFitter); ok && w != nil {
			err = wf.FitWeighted(ctx, xtr, ytr, wtr)
		} else {
			err = e.Fit(ctx, xtr, ytr)
		}
		if err != nil {
			return fmt.Errorf("alpha %v, fold %d: %w", alphas[a], k+1, err)
		}
		yte := make([]float64, len(fold.Test))
		for j, i := range fold.Test {
			yte[j] = y[i]
		}
		s, err := scorer.Score(e, estimator.Rows(x, fold.Test), yte, nil)
		if err != nil {
			return fmt.Errorf("alpha %v, fold %d: %w", alphas[a], k+1, err)
		}
		scores[job] = s
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	best, bestScore := -1, 0.0
	for a := range alphas {
		var s float64
		for k := range nf {
			s += scores[a*nf+k]
		}
		s /= float64(nf)
		if best < 0 || s > bestScore {
			best, bestScore = a, s
		}
	}
	return best, bestScore, nil
}

// Predict returns X·Coef + Intercept. It returns ErrNotFitted before Fit, ErrShape
// when X's column count differs from the data given to Fit, and ErrInvalidData for
// NaN/Inf or empty X.
func (r *RidgeCV) Predict(X mat.Matrix) ([]float64, error) {
	out, err := r.fit.linear().predict(X)
	if err != nil {
		return nil, fmt.Errorf("linear.RidgeCV: %w", err)
	}
	return out, nil
}

// Coef returns a copy of the coefficients of the best alpha (scikit-learn coef_), or
// nil before Fit.
func (r *RidgeCV) Coef() []float64 { return r.fit.linear().coef() }

// Intercept returns the fitted intercept (scikit-learn intercept_), 0 before Fit or
// with NoIntercept.
func (r *RidgeCV) Intercept() float64 { return r.fit.linear().intercept() }

// Alpha returns the chosen penalty (scikit-learn alpha_), 0 before Fit.
func (r *RidgeCV) Alpha() float64 {
	if r.fit == nil {
		return 0
	}
	return r.fit.Alpha
}

// BestScore returns the cross-validation score of the chosen penalty (scikit-learn
// best_score_): the negative mean squared leave-one-out error, or the Scoring metric;
// 0 before Fit.
func (r *RidgeCV) BestScore() float64 {
	if r.fit == nil {
		return 0
	}
	return r.fit.BestScore
}

// CVValues returns the n×len(Alphas) leave-one-out values of the last Fit
// (scikit-learn cv_values_): squared errors, or with Scoring the predictions (centred
// on the weighted mean of y and scaled by √w, as scikit-learn stores them). It is nil
// before Fit and unless StoreCVValues was set.
func (r *RidgeCV) CVValues() *mat.Dense {
	if r.fit == nil || r.fit.CVValues == nil || r.fit.CVRows == 0 {
		return nil
	}
	return mat.NewDense(r.fit.CVRows, len(r.fit.CVValues)/r.fit.CVRows, slices.Clone(r.fit.CVValues))
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (r *RidgeCV) MarshalState() ([]byte, error) {
	return estimator.EncodeState(ridgeCVStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, coefficients that are not NFeatures
// finite values, a non-finite intercept or score, a non-positive alpha, CV values that
// are not a CVRows-row matrix or not finite, or an intercept with NoIntercept give an
// error wrapping estimator.ErrState, and the receiver is unchanged.
func (r *RidgeCV) UnmarshalState(b []byte) error {
	var f *ridgeCVFit
	if err := estimator.DecodeState(b, ridgeCVStateVersion, &f); err != nil {
		return fmt.Errorf("linear.RidgeCV: %w", err)
	}
	if f != nil {
		if r.NoIntercept && f.Intercept != 0 {
			return fmt.Errorf("linear.RidgeCV: Intercept is %v but NoIntercept is set: %w", f.Intercept, estimator.ErrState)
		}
		if f.CVRows > 0 && len(f.CVValues)%f.CVRows != 0 || f.CVRows == 0 && len(f.CVValues) > 0 {
			return fmt.Errorf("linear.RidgeCV: %d CV values for %d rows: %w", len(f.CVValues), f.CVRows, estimator.ErrState)
		}
	}
	r.fit = f
	return nil
}

// String returns the settings of r, as estimator.Format prints them.
func (r *RidgeCV) String() string { return estimator.Format(r) }

// ridgeCVStateVersion is RidgeCV's state version (estimator.EncodeState).
const ridgeCVStateVersion = 1
