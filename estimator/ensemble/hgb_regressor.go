package ensemble

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
)

var (
	_ estimator.Predictor      = (*HistGradientBoostingRegressor)(nil)
	_ estimator.Validator      = (*HistGradientBoostingRegressor)(nil)
	_ estimator.StateMarshaler = (*HistGradientBoostingRegressor)(nil)
	_ estimator.WeightedFitter = (*HistGradientBoostingRegressor)(nil)
)

// HistGradientBoostingRegressor is histogram-based gradient boosting for regression
// (scikit-learn: ensemble.HistGradientBoostingRegressor, after LightGBM). Features
// are binned into at most MaxBins quantile bins; each iteration fits one tree,
// grown best-first up to MaxLeafNodes leaves, to the gradients and hessians of the
// loss, and adds its leaf values times LearningRate to the predictions. NaN in X is a
// missing value: at each split the rows with missing values go to the side that
// gives the larger gain (when training had missing values for the feature; otherwise
// to the child that received more training rows).
//
// The zero value is scikit-learn's default HistGradientBoostingRegressor(); with more
// than 10 000 rows it stops early on a held-out tenth of the data (see
// EarlyStopping).
type HistGradientBoostingRegressor struct {
	// Loss is "squared_error" (the default; "" means it), "absolute_error",
	// "poisson" (y >= 0, predictions exp(raw)) or "quantile" (with Quantile).
	Loss string
	// Quantile is the quantile in (0, 1) predicted with Loss "quantile"
	// (scikit-learn's quantile).
	Quantile float64
	// LearningRate multiplies the leaf values (shrinkage); 0 means 0.1.
	LearningRate float64
	// MaxIter is the number of boosting iterations; 0 means 100.
	MaxIter int
	// MaxLeafNodes bounds the leaves of each tree; 0 means 31 and -1 means no bound
	// (scikit-learn's None).
	MaxLeafNodes int
	// MaxDepth bounds the depth of each tree (edges from the root); 0 means no bound
	// (scikit-learn's None).
	MaxDepth int
	// MinSamplesLeaf is the minimum number of rows in a leaf; 0 means 20.
	MinSamplesLeaf int
	// L2Regularization is added to the hessian sums of leaf values (0, the default,
	// means none).
	L2Regularization float64
	// MaxBins is the number of bins for non-missing values, in [2, 255]; 0 means 255.
	MaxBins int
	// CategoricalFeatures lists the indices of categorical features
	// (scikit-learn's categorical_features as integers). Their values must be
	// integers in [0, MaxBins) (NaN: missing); more than MaxBins categories is an
	// error.
	CategoricalFeatures []int
	// CategoricalMask marks categorical features with one bool per feature
	// (categorical_features as a boolean mask). Set at most one of the two.
	CategoricalMask []bool
	// MonotonicCst gives one constraint per feature: 1 increasing, -1 decreasing,
	// 0 none (nil: none).
	MonotonicCst []int
	// InteractionCst lists sets of features that may interact: the features along
	// any path of a tree all belong to one set (nil: no constraint). Features in no
	// set are not used.
	InteractionCst [][]int
	// WarmStart makes Fit add iterations to the previous fit up to MaxIter.
	WarmStart bool
	// EarlyStopping is "" (auto: on when there are more than 10 000 rows), "on" or
	// "off".
	EarlyStopping EarlyStopping
	// Scoring is the early-stopping score: "" or "loss" (the negated loss), or a
	// scorer name of metrics.ScorerByName ("r2", ...), evaluated on at most 10 000
	// training rows and the validation rows.
	Scoring string
	// ValidationFraction is the fraction of rows held out for early stopping; 0
	// means 0.1. NoValidation scores on the training data instead
	// (validation_fraction=None).
	ValidationFraction float64
	// NoValidation disables the validation split (validation_fraction=None).
	NoValidation bool
	// NIterNoChange is the number of iterations without an improvement of more than
	// Tol after which boosting stops early; 0 means 10.
	NIterNoChange int
	// Tol is the improvement that counts for early stopping; 0 means 1e-7.
	Tol float64
	// Seed seeds the validation split and the binning subsample.
	Seed uint64
	// Workers bounds the goroutines building histograms and predicting; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *hgbFit
}

func hgbOr[T int | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

func (r *HistGradientBoostingRegressor) config() *hgbConfig {
	c := &hgbConfig{name: "ensemble.HistGradientBoostingRegressor",
		loss:         hgbLoss{name: r.Loss, quantile: r.Quantile, k: 1},
		learningRate: hgbOr(r.LearningRate, 0.1), maxIter: hgbOr(r.MaxIter, 100),
		maxLeaves: hgbOr(r.MaxLeafNodes, 31), maxDepth: r.MaxDepth,
		minSamplesLeaf: hgbOr(r.MinSamplesLeaf, 20), l2: r.L2Regularization,
		maxBins: hgbOr(r.MaxBins, 255), catIdx: r.CategoricalFeatures, catMask: r.CategoricalMask,
		monotonic: r.MonotonicCst, interaction: r.InteractionCst, earlyStopping: r.EarlyStopping,
		scoring: r.Scoring, valFraction: hgbOr(r.ValidationFraction, 0.1),
		nIterNoChange: hgbOr(r.NIterNoChange, 10), tol: hgbOr(r.Tol, 1e-7),
		seed: r.Seed, workers: r.Workers, warmStart: r.WarmStart}
	if c.loss.name == "" {
		c.loss.name = "squared_error"
	}
	if c.maxLeaves == -1 {
		c.maxLeaves = 0 // unlimited
	}
	if r.NoValidation {
		c.valFraction = 0
	}
	return c
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (r *HistGradientBoostingRegressor) Validate() error {
	switch r.Loss {
	case "", "squared_error", "absolute_error", "poisson":
	case "quantile":
		if !(r.Quantile > 0 && r.Quantile < 1) {
			return &estimator.ParamError{Param: "Quantile", Value: r.Quantile, Reason: `must be in (0, 1) with Loss "quantile"`}
		}
	default:
		return &estimator.ParamError{Param: "Loss", Value: r.Loss, Reason: `must be "squared_error", "absolute_error", "poisson" or "quantile"`}
	}
	if r.MaxLeafNodes < -1 {
		return &estimator.ParamError{Param: "MaxLeafNodes", Value: r.MaxLeafNodes, Reason: "must be -1 (unlimited), 0 (31) or >= 2"}
	}
	if math.IsNaN(r.ValidationFraction) || r.ValidationFraction < 0 || r.ValidationFraction >= 1 {
		return &estimator.ParamError{Param: "ValidationFraction", Value: r.ValidationFraction, Reason: "must be in (0, 1) (0 means the default 0.1)"}
	}
	return r.config().validate()
}

// Fit fits the model to X (n×p, NaN allowed as missing) and y. It returns a
// *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty data, ±Inf in X, NaN or ±Inf in y, bad
// categorical values or data too extreme for float32 gradients, and
// estimator.ErrShape when len(y) differs from the rows of X. It returns ctx.Err()
// when ctx is done. On error the previous model, if any, is kept.
func (r *HistGradientBoostingRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight), which multiply the gradients and hessians.
func (r *HistGradientBoostingRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := r.Validate(); err != nil {
		return err
	}
	x, err := hgbCheckFit(ctx, "ensemble.HistGradientBoostingRegressor", X, y, w)
	if err != nil {
		return err
	}
	c := r.config()
	score := func(fit *hgbFit, rows []int) (float64, error) {
		tmp := &HistGradientBoostingRegressor{Loss: r.Loss, Workers: r.Workers, fit: fit}
		sc, _ := hgbScorer(c.scoring)
		return sc.Score(tmp, hgbRows(x, rows), hgbTake(y, rows), hgbTake(w, rows))
	}
	fit, err := hgbFitModel(ctx, c, x, y, w, nil, r.fit, score)
	if err != nil {
		return err
	}
	r.fit = fit
	return nil
}

// hgbCheckFit validates training data for both estimators.
func hgbCheckFit(ctx context.Context, name string, X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXMissing(X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	n, _ := x.Dims()
	if len(y) != n {
		return nil, fmt.Errorf("%s: X has %d rows, y has %d: %w", name, n, len(y), estimator.ErrShape)
	}
	if err := estimator.CheckFinite("y", y...); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", name, err, estimator.ErrInvalidData)
	}
	if w != nil {
		if len(w) != n {
			return nil, fmt.Errorf("%s: X has %d rows, weights %d: %w", name, n, len(w), estimator.ErrShape)
		}
		s := 0.0
		for i, v := range w {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: weight %d is %v, want finite and >= 0: %w", name, i, v, estimator.ErrInvalidData)
			}
			s += v
		}
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("%s: the weights sum to %v: %w", name, s, estimator.ErrInvalidData)
		}
	}
	return x, nil
}

func hgbScorer(name string) (metrics.Scorer, error) {
	return metrics.ScorerByName(name)
}

func (r *HistGradientBoostingRegressor) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if r.fit == nil {
		return nil, fmt.Errorf("ensemble.HistGradientBoostingRegressor: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredictMissing(X, r.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("ensemble.HistGradientBoostingRegressor: %w", err)
	}
	return x, nil
}

// Predict returns the predictions for the rows of X (NaN allowed): the sum of the
// baseline and the trees' values, through exp for Loss "poisson". It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count and
// estimator.ErrInvalidData for empty X or ±Inf.
func (r *HistGradientBoostingRegressor) Predict(X mat.Matrix) ([]float64, error) {
	x, err := r.checkPredict(X)
	if err != nil {
		return nil, err
	}
	return r.fit.regOut(r.fit.rawPredict(x, r.fit.NIter, r.Workers)[0]), nil
}

func (f *hgbFit) regOut(raw []float64) []float64 {
	if f.Loss == "poisson" {
		for i, v := range raw {
			raw[i] = math.Exp(v)
		}
	}
	return raw
}

// StagedPredict returns the predictions after each iteration: element i holds the
// predictions of the first i+1 iterations (scikit-learn's staged_predict).
func (r *HistGradientBoostingRegressor) StagedPredict(X mat.Matrix) ([][]float64, error) {
	x, err := r.checkPredict(X)
	if err != nil {
		return nil, err
	}
	return r.fit.staged(x, r.Workers, func(raw [][]float64) []float64 { return r.fit.regOut(raw[0]) }), nil
}

// staged computes out(raw) after each iteration.
func (f *hgbFit) staged(x *mat.Dense, workers int, out func(raw [][]float64) []float64) [][]float64 {
	n, _ := x.Dims()
	raw := make([][]float64, f.K)
	for k := range raw {
		raw[k] = make([]float64, n)
		for i := range raw[k] {
			raw[k][i] = f.Baseline[k]
		}
	}
	rm := x.RawMatrix()
	res := make([][]float64, f.NIter)
	for it := 0; it < f.NIter; it++ {
		for k := 0; k < f.K; k++ {
			t := &f.Trees[it*f.K+k]
			for i := 0; i < n; i++ {
				raw[k][i] += t.predict(rm.Data[i*rm.Stride : i*rm.Stride+f.NFeatures])
			}
		}
		cp := make([][]float64, f.K)
		for k := range cp {
			cp[k] = append([]float64(nil), raw[k]...)
		}
		res[it] = out(cp)
	}
	return res
}

// NIter returns the number of boosting iterations fitted (less than MaxIter after
// early stopping), or 0 before Fit.
func (r *HistGradientBoostingRegressor) NIter() int { return hgbNIter(r.fit) }

// TrainScore returns the early-stopping scores on the training data: the score
// before the first iteration and after each one (scikit-learn's train_score_);
// nil without early stopping.
func (r *HistGradientBoostingRegressor) TrainScore() []float64 { return hgbTrainScore(r.fit) }

// ValidationScore returns the early-stopping scores on the validation rows
// (validation_score_); nil without early stopping or with NoValidation.
func (r *HistGradientBoostingRegressor) ValidationScore() []float64 { return hgbValScore(r.fit) }

// DoEarlyStopping reports whether the last Fit used early stopping
// (do_early_stopping_).
func (r *HistGradientBoostingRegressor) DoEarlyStopping() bool {
	return r.fit != nil && r.fit.DoEarlyStopping
}

func hgbNIter(f *hgbFit) int {
	if f == nil {
		return 0
	}
	return f.NIter
}

func hgbTrainScore(f *hgbFit) []float64 {
	if f == nil || f.TrainScore == nil {
		return nil
	}
	return append([]float64(nil), f.TrainScore...)
}

func hgbValScore(f *hgbFit) []float64 {
	if f == nil || f.ValidationScore == nil {
		return nil
	}
	return append([]float64(nil), f.ValidationScore...)
}

// MarshalState implements estimator.StateMarshaler.
func (r *HistGradientBoostingRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(hgbStateVersion, r.fit)
}

// UnmarshalState implements estimator.StateMarshaler; it rejects state that is not
// a consistent regression model.
func (r *HistGradientBoostingRegressor) UnmarshalState(b []byte) error {
	var f *hgbFit
	if err := estimator.DecodeState(b, hgbStateVersion, &f); err != nil {
		return err
	}
	if f != nil && f.Classes != nil {
		return fmt.Errorf("classifier state in a regressor: %w", estimator.ErrState)
	}
	r.fit = f
	return nil
}

func (r *HistGradientBoostingRegressor) String() string { return estimator.Format(r) }
