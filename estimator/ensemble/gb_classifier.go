package ensemble

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*GradientBoostingClassifier)(nil)
	_ estimator.Validator       = (*GradientBoostingClassifier)(nil)
	_ estimator.StateMarshaler  = (*GradientBoostingClassifier)(nil)
	_ estimator.WeightedFitter  = (*GradientBoostingClassifier)(nil)
)

// GradientBoostingClassifier is gradient tree boosting for classification
// (scikit-learn: ensemble.GradientBoostingClassifier). With log loss, two classes
// use one regression tree per stage on the log-odds; more classes use one tree per
// class and stage (multinomial deviance, softmax probabilities). Exponential loss
// (binary only) recovers AdaBoost. Leaf values are one Newton-Raphson step, as in
// scikit-learn 1.2.1, and the initial raw predictions are the log-odds (or log) of
// the weighted class priors. Without subsampling the model is deterministic and
// matches scikit-learn's probabilities.
//
// The hyperparameters are those of GradientBoostingRegressor (see there), except
// Loss and the absence of Alpha. The zero value is scikit-learn's default
// GradientBoostingClassifier().
type GradientBoostingClassifier struct {
	// Loss is "log_loss" (the default, "") or "exponential" (two classes only).
	Loss string
	// LearningRate shrinks each tree's contribution; 0 means the default 0.1.
	LearningRate float64
	// NEstimators is the number of boosting stages; 0 means 100. At most 2^20.
	NEstimators int
	// Subsample is the fraction of rows drawn for each stage; 0 means 1.
	Subsample float64
	// Criterion is "friedman_mse" (the default, "") or "squared_error".
	Criterion string
	// MinSamplesSplit is the fewest rows a node needs to be split; 0 means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the fewest rows in a leaf; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the smallest fraction of the total weight in a leaf.
	MinWeightFractionLeaf float64
	// MaxDepth bounds each tree's depth; 0 means 3, negative means unlimited.
	MaxDepth int
	// MinImpurityDecrease is the smallest weighted impurity decrease for a split.
	MinImpurityDecrease float64
	// MaxFeatures is "" or "all" (the default), "sqrt", "log2", a count ("7") or a
	// fraction ("0.5") of the features each split considers.
	MaxFeatures string
	// MaxLeafNodes grows trees best-first up to this many leaves; 0 means unlimited.
	MaxLeafNodes int
	// InitEstimator computes the initial probabilities (scikit-learn's init): it is
	// cloned, fitted on the class codes 0..K-1 and must be an
	// estimator.ProbaClassifier and an estimator.StateMarshaler. nil means the class
	// priors.
	InitEstimator estimator.Predictor
	// ZeroInit starts from raw predictions of zero (scikit-learn's init="zero").
	ZeroInit bool
	// ValidationFraction is the share of rows held out (stratified) for early
	// stopping; 0 means 0.1.
	ValidationFraction float64
	// NIterNoChange enables early stopping when > 0.
	NIterNoChange int
	// Tol is the improvement early stopping asks for; 0 means 1e-4.
	Tol float64
	// WarmStart makes Fit add stages to the fitted model.
	WarmStart bool
	// Seed seeds subsampling, feature sampling and the early-stopping split.
	Seed uint64
	// Workers bounds the goroutines that presort X, grow the trees of a multinomial
	// stage side by side and predict blocks of rows; 0 means GOMAXPROCS. Results do
	// not depend on it.
	Workers int

	fit *gbFit
}

const gbcName = "ensemble.GradientBoostingClassifier"

func (g *GradientBoostingClassifier) config() *gbConfig {
	return &gbConfig{name: gbcName, clf: true, lossName: g.Loss,
		learningRate: g.LearningRate, nEstimators: g.NEstimators, subsample: g.Subsample,
		criterion: g.Criterion, minSamplesSplit: g.MinSamplesSplit, minSamplesLeaf: g.MinSamplesLeaf,
		minWeightFractionLeaf: g.MinWeightFractionLeaf, maxDepth: g.MaxDepth,
		minImpurityDecrease: g.MinImpurityDecrease, maxFeatures: g.MaxFeatures,
		maxLeafNodes: g.MaxLeafNodes, init: g.InitEstimator,
		zeroInit: g.ZeroInit, validationFraction: g.ValidationFraction, nIterNoChange: g.NIterNoChange,
		tol: g.Tol, warmStart: g.WarmStart, seed: g.Seed, workers: g.Workers}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (g *GradientBoostingClassifier) Validate() error {
	switch g.Loss {
	case "", "log_loss", "exponential":
	default:
		return gbParamErr("Loss", g.Loss, `must be "log_loss" (default) or "exponential"`)
	}
	if g.InitEstimator != nil {
		if _, ok := g.InitEstimator.(estimator.ProbaClassifier); !ok {
			return gbParamErr("InitEstimator", g.InitEstimator, "must have PredictProba (an estimator.ProbaClassifier)")
		}
	}
	return g.config().validate()
}

// Fit fits the model to X and class labels y (any distinct finite values, sorted
// into Classes). Errors as for GradientBoostingRegressor.Fit, plus
// estimator.ErrInvalidData for fewer than two classes (with positive weight) and
// for exponential loss with more than two.
func (g *GradientBoostingClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return g.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones).
func (g *GradientBoostingClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := g.Validate(); err != nil {
		return fmt.Errorf("%s: %w", gbcName, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", gbcName, err)
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil, a classifier needs labels: %w", gbcName, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if err := gbCheckWeights(w, n); err != nil {
		return fmt.Errorf("%s: %w", gbcName, err)
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", gbcName, err)
	}
	K := len(classes)
	if K > 1<<16 {
		return fmt.Errorf("%s: y has %d classes, at most %d are supported: %w", gbcName, K, 1<<16, estimator.ErrInvalidData)
	}
	codes := make([]float64, n)
	for i, v := range y {
		c, _ := slices.BinarySearch(classes, v)
		codes[i] = float64(c)
	}
	in := &gbPrepared{x: x, y: codes, w: w, wNil: w == nil, nCls: K, class: classes}
	if w == nil {
		in.w = make([]float64, n)
		for i := range in.w {
			in.w[i] = 1
		}
	} else {
		cw := make([]float64, K)
		for i, c := range codes {
			cw[int(c)] += w[i]
		}
		pos := 0
		for _, v := range cw {
			if v > 0 {
				pos++
			}
		}
		if pos < 2 {
			return fmt.Errorf("%s: y has %d class(es) with positive weight, a classifier needs at least 2: %w", gbcName, pos, estimator.ErrInvalidData)
		}
	}
	kind := gbBinomial
	switch {
	case g.Loss == "exponential" && K != 2:
		return fmt.Errorf("%s: exponential loss needs 2 classes, y has %d: %w", gbcName, K, estimator.ErrInvalidData)
	case g.Loss == "exponential":
		kind = gbExponential
	case K > 2:
		kind = gbMultinomial
	}
	var prev *gbFit
	if g.WarmStart && g.fit != nil {
		if g.fit.NFeatures != p {
			return fmt.Errorf("%s: X has %d features, but the model to warm-start was fitted with %d: %w", gbcName, p, g.fit.NFeatures, estimator.ErrShape)
		}
		if gbLossKind(g.fit.Loss) != kind || !slices.Equal(g.fit.Classes, classes) {
			return fmt.Errorf("%s: cannot warm-start with another loss or other classes: %w", gbcName, estimator.ErrInvalidData)
		}
		prev = g.fit
	}
	f, err := gbTrain(ctx, g.config(), kind, in, prev)
	if err != nil {
		return err
	}
	g.fit = f
	return nil
}

func (g *GradientBoostingClassifier) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if g.fit == nil {
		return nil, fmt.Errorf("%s: %w", gbcName, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, g.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", gbcName, err)
	}
	return x, nil
}

func (g *GradientBoostingClassifier) raw(X mat.Matrix) ([]float64, int, error) {
	x, err := g.checkPredict(X)
	if err != nil {
		return nil, 0, err
	}
	n, _ := x.Dims()
	raw := make([]float64, n*g.fit.K)
	if err := g.fit.rawPredict(x, raw, -1, g.Workers); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", gbcName, err)
	}
	return raw, n, nil
}

// DecisionFunction returns the raw scores (scikit-learn's decision_function): an
// n×1 matrix of log-odds of the second class for two classes, n×K otherwise.
func (g *GradientBoostingClassifier) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	raw, n, err := g.raw(X)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(n, g.fit.K, raw), nil
}

// gbRawToProba converts one row of raw scores into probabilities.
func gbRawToProba(kind gbLossKind, raw, proba []float64) {
	switch kind {
	case gbBinomial:
		proba[1] = gbExpit(raw[0])
		proba[0] = 1 - proba[1]
	case gbExponential:
		proba[1] = gbExpit(2 * raw[0])
		proba[0] = 1 - proba[1]
	default:
		lse := gbLogSumExp(raw)
		for k, r := range raw {
			p := math.Exp(r - lse)
			if math.IsNaN(p) {
				p = 0
			}
			proba[k] = p
		}
	}
}

func gbDecide(kind gbLossKind, raw, proba []float64) int {
	if kind == gbExponential {
		if raw[0] >= 0 {
			return 1
		}
		return 0
	}
	gbRawToProba(kind, raw, proba)
	best := 0
	for k, p := range proba {
		if p > proba[best] {
			best = k
		}
	}
	return best
}

// PredictProba returns the n×len(Classes()) class probabilities (for exponential
// loss, the logistic of twice the score, as scikit-learn does).
func (g *GradientBoostingClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	raw, n, err := g.raw(X)
	if err != nil {
		return nil, err
	}
	return g.fit.proba(raw, n), nil
}

func (f *gbFit) proba(raw []float64, n int) *mat.Dense {
	C := len(f.Classes)
	out := mat.NewDense(n, C, nil)
	for i := 0; i < n; i++ {
		gbRawToProba(gbLossKind(f.Loss), raw[i*f.K:(i+1)*f.K], out.RawRowView(i))
	}
	return out
}

func (f *gbFit) labels(raw []float64, n int) []float64 {
	out := make([]float64, n)
	pr := make([]float64, len(f.Classes))
	for i := range out {
		out[i] = f.Classes[gbDecide(gbLossKind(f.Loss), raw[i*f.K:(i+1)*f.K], pr)]
	}
	return out
}

// Predict returns the most probable class of each row.
func (g *GradientBoostingClassifier) Predict(X mat.Matrix) ([]float64, error) {
	raw, n, err := g.raw(X)
	if err != nil {
		return nil, err
	}
	return g.fit.labels(raw, n), nil
}

func (g *GradientBoostingClassifier) staged(X mat.Matrix, conv func(f *gbFit, raw []float64, n int) any) (iter.Seq2[int, any], error) {
	x, err := g.checkPredict(X)
	if err != nil {
		return nil, err
	}
	f := g.fit
	n, _ := x.Dims()
	return func(yield func(int, any) bool) {
		_ = f.stagedRaw(x, func(s int, raw []float64) bool { return yield(s, conv(f, raw, n)) })
	}, nil
}

// StagedPredict returns an iterator over the predicted labels after each stage.
func (g *GradientBoostingClassifier) StagedPredict(X mat.Matrix) (iter.Seq2[int, []float64], error) {
	seq, err := g.staged(X, func(f *gbFit, raw []float64, n int) any { return f.labels(raw, n) })
	if err != nil {
		return nil, err
	}
	return func(yield func(int, []float64) bool) {
		for s, v := range seq {
			if !yield(s, v.([]float64)) {
				return
			}
		}
	}, nil
}

// StagedPredictProba returns an iterator over the class probabilities after each stage.
func (g *GradientBoostingClassifier) StagedPredictProba(X mat.Matrix) (iter.Seq2[int, *mat.Dense], error) {
	seq, err := g.staged(X, func(f *gbFit, raw []float64, n int) any { return f.proba(raw, n) })
	if err != nil {
		return nil, err
	}
	return func(yield func(int, *mat.Dense) bool) {
		for s, v := range seq {
			if !yield(s, v.(*mat.Dense)) {
				return
			}
		}
	}, nil
}

// StagedDecisionFunction returns an iterator over the raw scores after each stage.
func (g *GradientBoostingClassifier) StagedDecisionFunction(X mat.Matrix) (iter.Seq2[int, *mat.Dense], error) {
	seq, err := g.staged(X, func(f *gbFit, raw []float64, n int) any { return mat.NewDense(n, f.K, raw) })
	if err != nil {
		return nil, err
	}
	return func(yield func(int, *mat.Dense) bool) {
		for s, v := range seq {
			if !yield(s, v.(*mat.Dense)) {
				return
			}
		}
	}, nil
}

// Classes returns the sorted class labels, or nil before Fit.
func (g *GradientBoostingClassifier) Classes() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.Classes)
}

// NEstimatorsFitted returns the number of stages fitted, or 0 before Fit.
func (g *GradientBoostingClassifier) NEstimatorsFitted() int {
	if g.fit == nil {
		return 0
	}
	return len(g.fit.Trees) / g.fit.K
}

// TrainScore returns the training loss (deviance for log loss) after each stage.
func (g *GradientBoostingClassifier) TrainScore() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.TrainScore)
}

// OOBImprovement returns the per-stage out-of-bag loss decrease (Subsample < 1 only).
func (g *GradientBoostingClassifier) OOBImprovement() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.OOBImprove)
}

// FeatureImportances returns the impurity-based importances, summing to 1.
func (g *GradientBoostingClassifier) FeatureImportances() []float64 {
	if g.fit == nil {
		return nil
	}
	return g.fit.importances()
}

// String returns the settings in Go syntax (estimator.Format).
func (g *GradientBoostingClassifier) String() string { return estimator.Format(g) }

// MarshalState encodes the learned state (nil when unfitted).
func (g *GradientBoostingClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(gbStateVersion, g.fit)
}

// UnmarshalState restores state written by MarshalState, checking it first; on error
// the model is unchanged.
func (g *GradientBoostingClassifier) UnmarshalState(b []byte) error {
	var f *gbFit
	if err := estimator.DecodeState(b, gbStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", gbcName, err)
	}
	if f != nil {
		if f.Classes == nil {
			return fmt.Errorf("%s: the state is a regressor's: %w", gbcName, estimator.ErrState)
		}
		if err := f.restoreInit(gbcName, g.InitEstimator); err != nil {
			return err
		}
	}
	g.fit = f
	return nil
}
