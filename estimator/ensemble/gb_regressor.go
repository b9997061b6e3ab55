package ensemble

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Predictor      = (*GradientBoostingRegressor)(nil)
	_ estimator.Validator      = (*GradientBoostingRegressor)(nil)
	_ estimator.StateMarshaler = (*GradientBoostingRegressor)(nil)
	_ estimator.WeightedFitter = (*GradientBoostingRegressor)(nil)
)

// GradientBoostingRegressor is gradient tree boosting for regression (scikit-learn:
// ensemble.GradientBoostingRegressor). Starting from an initial prediction (the mean
// for squared error, the median for absolute error and huber, the Alpha-quantile for
// quantile loss), each stage fits a regression tree to the negative gradient of the
// loss at the current predictions, re-estimates its leaf values for the loss (the
// weighted median of the residuals for absolute error, the Alpha-quantile for
// quantile loss, Friedman's one-step huber estimate), and adds LearningRate times the
// tree to the model. Without subsampling (Subsample 1, the default) the model is
// deterministic and matches scikit-learn 1.2.1's predictions; see the package
// documentation for how split ties are broken.
//
// The trees are grown by internal/cart on one presorted copy of X made once per Fit
// and shared by every stage.
//
// The zero value is scikit-learn's default GradientBoostingRegressor().
type GradientBoostingRegressor struct {
	// Loss is "squared_error" (the default, ""), "absolute_error", "huber" or "quantile".
	Loss string
	// Alpha is the quantile of the huber and quantile losses; 0 means 0.9, the default.
	// It must lie in (0, 1).
	Alpha float64
	// LearningRate shrinks each tree's contribution; 0 means the default 0.1.
	LearningRate float64
	// NEstimators is the number of boosting stages; 0 means 100. At most 2^20.
	NEstimators int
	// Subsample is the fraction of rows drawn (without replacement) for each stage;
	// 0 means 1 (all rows, deterministic). Below 1 this is stochastic gradient
	// boosting and OOBImprovement is recorded.
	Subsample float64
	// Criterion is the split quality: "friedman_mse" (the default, "") or "squared_error".
	Criterion string
	// MinSamplesSplit is the fewest rows a node needs to be split; 0 means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the fewest rows in a leaf; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the smallest fraction of the total weight in a leaf
	// (scikit-learn's min_weight_fraction_leaf, default 0), in [0, 0.5].
	MinWeightFractionLeaf float64
	// MaxDepth bounds each tree's depth; 0 means 3 (the default) and a negative value
	// means unlimited (scikit-learn's None).
	MaxDepth int
	// MinImpurityDecrease is the smallest weighted impurity decrease for a split
	// (default 0).
	MinImpurityDecrease float64
	// MaxFeatures is how many features each split considers, a string shared with
	// the other tree models (see internal/cart): "" or "all" (the default), "sqrt",
	// "log2", a count such as "7", or a fraction such as "0.5".
	MaxFeatures string
	// MaxLeafNodes grows each tree best-first up to this many leaves; 0 means
	// unlimited (depth-first growth).
	MaxLeafNodes int
	// InitEstimator computes the initial predictions (scikit-learn's init); nil means
	// the loss's default constant. It is cloned and fitted on the training rows (with
	// FitWeighted when weights are given) and must implement
	// estimator.StateMarshaler so that the model can be saved.
	InitEstimator estimator.Predictor
	// ZeroInit starts from raw predictions of zero (scikit-learn's init="zero").
	ZeroInit bool
	// ValidationFraction is the share of rows held out for early stopping; 0 means 0.1.
	ValidationFraction float64
	// NIterNoChange enables early stopping when > 0: fitting stops once the loss on the
	// held-out rows has not improved by Tol on any of the last NIterNoChange stages.
	NIterNoChange int
	// Tol is the improvement early stopping asks for; 0 means 1e-4.
	Tol float64
	// WarmStart makes Fit add stages to the fitted model (up to NEstimators) instead
	// of starting again; the data must have the same number of features.
	WarmStart bool
	// Seed seeds subsampling, the feature sampling of MaxFeatures and the early-stopping
	// split. Stage i draws from its own stream (Seed, i).
	Seed uint64
	// Workers bounds the goroutines that presort X, grow the trees of a multinomial
	// stage side by side and predict blocks of rows; 0 means GOMAXPROCS. Results do
	// not depend on it.
	Workers int

	fit *gbFit
}

func (g *GradientBoostingRegressor) config() *gbConfig {
	return &gbConfig{name: "ensemble.GradientBoostingRegressor", lossName: g.Loss, alpha: g.Alpha,
		learningRate: g.LearningRate, nEstimators: g.NEstimators, subsample: g.Subsample,
		criterion: g.Criterion, minSamplesSplit: g.MinSamplesSplit, minSamplesLeaf: g.MinSamplesLeaf,
		minWeightFractionLeaf: g.MinWeightFractionLeaf, maxDepth: g.MaxDepth,
		minImpurityDecrease: g.MinImpurityDecrease, maxFeatures: g.MaxFeatures,
		maxLeafNodes: g.MaxLeafNodes, init: g.InitEstimator,
		zeroInit: g.ZeroInit, validationFraction: g.ValidationFraction, nIterNoChange: g.NIterNoChange,
		tol: g.Tol, warmStart: g.WarmStart, seed: g.Seed, workers: g.Workers}
}

func (g *GradientBoostingRegressor) lossKind() (gbLossKind, error) {
	switch g.Loss {
	case "", "squared_error":
		return gbSquared, nil
	case "absolute_error":
		return gbAbsolute, nil
	case "huber":
		return gbHuber, nil
	case "quantile":
		return gbQuantile, nil
	}
	return 0, gbParamErr("Loss", g.Loss, `must be "squared_error" (default), "absolute_error", "huber" or "quantile"`)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (g *GradientBoostingRegressor) Validate() error {
	if _, err := g.lossKind(); err != nil {
		return err
	}
	return g.config().validate()
}

// Fit fits the model to X and y. It returns a *estimator.ParamError for bad
// hyperparameters, an error wrapping estimator.ErrInvalidData for empty or
// non-finite input, estimator.ErrShape when len(y) differs from the rows of X, and
// ctx.Err() when ctx is done (checked between stages and inside tree growth). On
// error the previous model, if any, is kept.
func (g *GradientBoostingRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return g.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite, >= 0 and not all zero.
func (g *GradientBoostingRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "ensemble.GradientBoostingRegressor"
	if err := g.Validate(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	kind, _ := g.lossKind()
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil, a regressor needs targets: %w", name, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if err := gbCheckWeights(w, n); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	in := &gbPrepared{x: x, y: y, w: w, wNil: w == nil}
	if w == nil {
		in.w = make([]float64, n)
		for i := range in.w {
			in.w[i] = 1
		}
	}
	var prev *gbFit
	if g.WarmStart && g.fit != nil {
		if g.fit.NFeatures != p {
			return fmt.Errorf("%s: X has %d features, but the model to warm-start was fitted with %d: %w", name, p, g.fit.NFeatures, estimator.ErrShape)
		}
		if gbLossKind(g.fit.Loss) != kind {
			return fmt.Errorf("%s: cannot warm-start a %q model with another loss: %w", name, g.Loss, estimator.ErrInvalidParam)
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

func (g *GradientBoostingRegressor) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if g.fit == nil {
		return nil, fmt.Errorf("ensemble.GradientBoostingRegressor: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, g.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("ensemble.GradientBoostingRegressor: %w", err)
	}
	return x, nil
}

// Predict returns the model's prediction for each row of X.
func (g *GradientBoostingRegressor) Predict(X mat.Matrix) ([]float64, error) {
	x, err := g.checkPredict(X)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	out := make([]float64, n)
	if err := g.fit.rawPredict(x, out, -1, g.Workers); err != nil {
		return nil, fmt.Errorf("ensemble.GradientBoostingRegressor: %w", err)
	}
	return out, nil
}

// StagedPredict checks X and returns an iterator over the predictions after each
// stage (stage 0 is the first tree; each slice is fresh), scikit-learn's
// staged_predict:
//
//	seq, err := m.StagedPredict(X)
//	for stage, pred := range seq { ... }
func (g *GradientBoostingRegressor) StagedPredict(X mat.Matrix) (iter.Seq2[int, []float64], error) {
	x, err := g.checkPredict(X)
	if err != nil {
		return nil, err
	}
	f := g.fit
	return func(yield func(int, []float64) bool) {
		_ = f.stagedRaw(x, yield)
	}, nil
}

// NEstimatorsFitted returns the number of stages fitted (scikit-learn's
// n_estimators_, below NEstimators after early stopping), or 0 before Fit.
func (g *GradientBoostingRegressor) NEstimatorsFitted() int {
	if g.fit == nil {
		return 0
	}
	return len(g.fit.Trees) / g.fit.K
}

// TrainScore returns the loss on the training rows after each stage (on the in-bag
// rows when Subsample < 1), scikit-learn's train_score_; nil before Fit.
func (g *GradientBoostingRegressor) TrainScore() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.TrainScore)
}

// OOBImprovement returns, per stage, the loss decrease on the rows left out of that
// stage's subsample (scikit-learn's oob_improvement_); nil unless fitted with
// Subsample < 1.
func (g *GradientBoostingRegressor) OOBImprovement() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.OOBImprove)
}

// FeatureImportances returns the impurity-based importances (scikit-learn's
// feature_importances_): each tree's total weighted impurity decrease per feature,
// averaged over the trees and normalised to sum to 1; nil before Fit.
func (g *GradientBoostingRegressor) FeatureImportances() []float64 {
	if g.fit == nil {
		return nil
	}
	return g.fit.importances()
}

// String returns the settings in Go syntax (estimator.Format).
func (g *GradientBoostingRegressor) String() string { return estimator.Format(g) }

// MarshalState encodes the learned state (nil when unfitted).
func (g *GradientBoostingRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(gbStateVersion, g.fit)
}

// UnmarshalState restores state written by MarshalState, checking it first; on error
// the model is unchanged.
func (g *GradientBoostingRegressor) UnmarshalState(b []byte) error {
	var f *gbFit
	if err := estimator.DecodeState(b, gbStateVersion, &f); err != nil {
		return fmt.Errorf("ensemble.GradientBoostingRegressor: %w", err)
	}
	if f != nil {
		if f.Classes != nil || gbLossKind(f.Loss) >= gbBinomial {
			return fmt.Errorf("ensemble.GradientBoostingRegressor: the state is a classifier's: %w", estimator.ErrState)
		}
		if err := f.restoreInit("ensemble.GradientBoostingRegressor", g.InitEstimator); err != nil {
			return err
		}
	}
	g.fit = f
	return nil
}
