package ensemble

import (
	"context"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*RandomForestClassifier)(nil)
	_ estimator.ProbaClassifier = (*ExtraTreesClassifier)(nil)
	_ estimator.Predictor       = (*RandomForestRegressor)(nil)
	_ estimator.Predictor       = (*ExtraTreesRegressor)(nil)
	_ estimator.WeightedFitter  = (*RandomForestClassifier)(nil)
	_ estimator.WeightedFitter  = (*ExtraTreesClassifier)(nil)
	_ estimator.WeightedFitter  = (*RandomForestRegressor)(nil)
	_ estimator.WeightedFitter  = (*ExtraTreesRegressor)(nil)
	_ estimator.Validator       = (*RandomForestClassifier)(nil)
	_ estimator.Validator       = (*ExtraTreesClassifier)(nil)
	_ estimator.Validator       = (*RandomForestRegressor)(nil)
	_ estimator.Validator       = (*ExtraTreesRegressor)(nil)
	_ estimator.StateMarshaler  = (*RandomForestClassifier)(nil)
	_ estimator.StateMarshaler  = (*ExtraTreesClassifier)(nil)
	_ estimator.StateMarshaler  = (*RandomForestRegressor)(nil)
	_ estimator.StateMarshaler  = (*ExtraTreesRegressor)(nil)
)

// forestFitErr wraps an error of Fit with the estimator's name, returning a
// cancellation unwrapped.
func forestFitErr(ctx context.Context, name string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return fmt.Errorf("%s: %w", name, err)
}

// forestInput checks X for prediction.
func forestInput(name string, f *forestFit, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return x, nil
}

func forestProba(name string, f *forestFit, X mat.Matrix, workers int) (*mat.Dense, error) {
	x, err := forestInput(name, f, X)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	return mat.NewDense(n, len(f.Classes), f.predict(x, workers)), nil
}

func forestPredict(name string, f *forestFit, X mat.Matrix, workers int) ([]float64, error) {
	x, err := forestInput(name, f, X)
	if err != nil {
		return nil, err
	}
	p := f.predict(x, workers)
	if f.Classes == nil {
		return p, nil
	}
	n, _ := x.Dims()
	k := len(f.Classes)
	out := make([]float64, n)
	for i := range out {
		out[i] = f.Classes[forestArgmax(p[i*k:(i+1)*k])]
	}
	return out, nil
}

func forestApply(name string, f *forestFit, X mat.Matrix, workers int) (*mat.Dense, error) {
	x, err := forestInput(name, f, X)
	if err != nil {
		return nil, err
	}
	return f.apply(x, workers), nil
}

func forestUnmarshal(name string, b []byte, dst **forestFit, clf bool) error {
	var f *forestFit
	if err := estimator.DecodeState(b, forestStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if f != nil && (f.Classes != nil) != clf {
		return fmt.Errorf("%s: state of a %s: %w", name, map[bool]string{true: "classifier", false: "regressor"}[f.Classes != nil], estimator.ErrState)
	}
	*dst = f
	return nil
}

// RandomForestClassifier is a random forest (scikit-learn: ensemble.RandomForestClassifier, 1.2.1 semantics):
// each tree is grown on a bootstrap sample of the rows (unless NoBootstrap), and at
// each node the best split is searched among MaxFeatures features drawn at random.
//
// PredictProba averages the trees' class probabilities (the weighted class fractions
// of the leaves), and Predict returns the class of highest mean probability (the
// smallest class on ties).
//
// The trees are grown in parallel (up to Workers at a time); tree i draws its
// bootstrap sample and its features and thresholds from its own stream
// rand.NewPCG(Seed, i), so the forest is identical for any Workers, and WarmStart
// growing 50 trees and then 50 more equals growing 100 at once on the same data.
// The zero value is scikit-learn 1.2.1's default RandomForestClassifier() (MaxFeatures
// "sqrt"), apart from the random streams: scikit-learn's forests cannot be reproduced
// draw for draw, so results match it statistically (cross-validated scores within
// 0.01 on the data sets of the tests), not tree for tree.
type RandomForestClassifier struct {
	// NEstimators is the number of trees; 0 means 100. At most 2²⁰.
	NEstimators int
	// Criterion is the split quality measure: "gini" (the default, also ""),
	// "entropy" or "log_loss" (the same as "entropy").
	Criterion string
	// MaxDepth bounds the depth of the trees; 0 means unlimited.
	MaxDepth int
	// MinSamplesSplit is the minimum number of rows a node needs to be split; 0
	// means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the minimum number of rows in each leaf; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the minimum fraction of the tree's total sample
	// weight (bootstrap counts included) in each leaf, in [0, 0.5].
	MinWeightFractionLeaf float64
	// MaxFeatures is the number of features drawn at each split: "sqrt", "log2",
	// "all" (scikit-learn's None), a whole number ("3") or a fraction of the
	// features ("0.5"; scikit-learn's float, at least one feature). "" means
	// "sqrt", scikit-learn 1.2.1's default. A count above the number of
	// features is an error at Fit.
	MaxFeatures string
	// MaxLeafNodes grows each tree best-first up to this many leaves; 0 means
	// unlimited (depth-first growth).
	MaxLeafNodes int
	// MinImpurityDecrease is the minimum weighted impurity decrease of a split
	// (scikit-learn's min_impurity_decrease); 0 by default.
	MinImpurityDecrease float64
	// NoBootstrap grows every tree on all the rows instead of a bootstrap sample
	// (scikit-learn's bootstrap=False; random forests default to bootstrap=True).
	NoBootstrap bool
	// OOB computes the out-of-bag score (scikit-learn's oob_score=True), read
	// with OOBScore and OOBDecisionFunction; it needs bootstrap sampling.
	OOB bool
	// MaxSamples is the size of each bootstrap sample: 0 means the number of rows
	// (scikit-learn's None); a value in (0, 1] is a fraction of the rows
	// (max(1, round(MaxSamples · rows))); a value > 1 must be a whole number of rows,
	// at most the rows of X. It needs bootstrap sampling.
	MaxSamples float64
	// ClassWeight reweights the classes: "" (every row weighs its sample weight),
	// "balanced" (class k weighs n / (K · n_k) over the training rows) or
	// "balanced_subsample" (the same, computed on each tree's bootstrap sample,
	// with classes absent from the sample weighing 0; without bootstrap it is
	// "balanced"). The weights multiply the sample weights.
	ClassWeight string
	// WarmStart keeps the trees of the previous Fit and grows only the missing
	// ones (scikit-learn's warm_start); NEstimators must then be at least the
	// number of trees already grown, and X must have the same features (and y the same classes).
	WarmStart bool
	// Seed seeds the trees' random streams.
	Seed uint64
	// Workers bounds the goroutines growing trees and predicting; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *forestFit // nil until Fit succeeds
}

func (m *RandomForestClassifier) config() *forestConfig {
	return &forestConfig{name: "ensemble.RandomForestClassifier", clf: true, random: false, nEstimators: m.NEstimators,
		criterion: m.Criterion, maxDepth: m.MaxDepth, minSamplesSplit: m.MinSamplesSplit,
		minSamplesLeaf: m.MinSamplesLeaf, minWeightFractionLeaf: m.MinWeightFractionLeaf,
		maxFeatures: m.MaxFeatures, maxFeaturesDefault: "sqrt",
		maxLeafNodes: m.MaxLeafNodes, minImpurityDecrease: m.MinImpurityDecrease, classWeight: m.ClassWeight,
		bootstrap: !m.NoBootstrap, oob: m.OOB, maxSamples: m.MaxSamples, warmStart: m.WarmStart,
		seed: m.Seed, workers: m.Workers}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *RandomForestClassifier) Validate() error { return m.config().validate() }

// Fit grows the forest on X and y. It is FitWeighted with nil weights.
func (m *RandomForestClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted grows the forest with per-sample weights w (nil means all ones;
// scikit-learn's sample_weight), which multiply each tree's bootstrap counts (and the class weights).
// It returns a *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, y or w, a single class, MaxFeatures
// or MaxSamples above the features or rows of X, or a tree unusable in float64, and
// estimator.ErrShape for mismatched lengths or a warm start on other features. It
// returns ctx.Err() when ctx is done. On error the previous model, if any, is kept.
func (m *RandomForestClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := m.config().fit(ctx, X, y, w, m.fit)
	if err != nil {
		return forestFitErr(ctx, "ensemble.RandomForestClassifier", err)
	}
	m.fit = f
	return nil
}

// Predict returns the class of highest mean probability for each row of X. It
// returns estimator.ErrNotFitted before Fit and estimator.ErrShape for a wrong number
// of features.
func (m *RandomForestClassifier) Predict(X mat.Matrix) ([]float64, error) {
	return forestPredict("ensemble.RandomForestClassifier", m.fit, X, m.Workers)
}

// PredictProba returns the rows × classes mean of the trees' class probabilities
// (columns in the order of Classes).
func (m *RandomForestClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return forestProba("ensemble.RandomForestClassifier", m.fit, X, m.Workers)
}

// Classes returns the sorted class labels, or nil before Fit.
func (m *RandomForestClassifier) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.Classes)
}

// OOBDecisionFunction returns the rows × classes out-of-bag probabilities of the
// training rows (scikit-learn's oob_decision_function_): each row's mean over the
// trees whose bootstrap sample left it out, all zeros for a row every tree drew. It
// returns nil before Fit or when OOB was not set.
func (m *RandomForestClassifier) OOBDecisionFunction() *mat.Dense {
	if m.fit == nil || !m.fit.HasOOB {
		return nil
	}
	k := len(m.fit.Classes)
	return mat.NewDense(len(m.fit.OOBPrediction)/k, k, slices.Clone(m.fit.OOBPrediction))
}

// OOBScore returns the accuracy of the out-of-bag predictions on the training rows
// (scikit-learn's oob_score_), or 0 before Fit or when OOB was not set.
func (m *RandomForestClassifier) OOBScore() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.OOBScore
}

// Apply returns the rows × trees matrix of the leaf (node index) each row of X
// reaches in each tree.
func (m *RandomForestClassifier) Apply(X mat.Matrix) (*mat.Dense, error) {
	return forestApply("ensemble.RandomForestClassifier", m.fit, X, m.Workers)
}

// FeatureImportances returns the impurity-based importances (scikit-learn's
// feature_importances_): each tree's weighted impurity decreases per feature,
// normalised to sum 1, averaged over the trees that split, and normalised again. It
// returns nil before Fit, and zeros when no tree split.
func (m *RandomForestClassifier) FeatureImportances() []float64 {
	if m.fit == nil {
		return nil
	}
	return m.fit.importances()
}

// NTrees returns the number of fitted trees, or 0 before Fit.
func (m *RandomForestClassifier) NTrees() int {
	if m.fit == nil {
		return 0
	}
	return len(m.fit.Trees)
}

// String prints the settings that differ from the zero value.
func (m *RandomForestClassifier) String() string { return estimator.Format(m) }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *RandomForestClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(forestStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; empty b leaves the model
// unfitted. State of another version, of a regressor, or failing the checks of every
// tree (lengths, features below NFeatures, children pointing forward within the
// tree, finite thresholds and values) gives an error wrapping estimator.ErrState,
// and the receiver is unchanged.
func (m *RandomForestClassifier) UnmarshalState(b []byte) error {
	return forestUnmarshal("ensemble.RandomForestClassifier", b, &m.fit, true)
}

// RandomForestRegressor is a random forest (scikit-learn: ensemble.RandomForestRegressor, 1.2.1 semantics):
// each tree is grown on a bootstrap sample of the rows (unless NoBootstrap), and at
// each node the best split is searched among MaxFeatures features drawn at random.
//
// Predict averages the trees' predictions (the weighted mean of the leaf, or its
// median with "absolute_error").
//
// The trees are grown in parallel (up to Workers at a time); tree i draws its
// bootstrap sample and its features and thresholds from its own stream
// rand.NewPCG(Seed, i), so the forest is identical for any Workers, and WarmStart
// growing 50 trees and then 50 more equals growing 100 at once on the same data.
// The zero value is scikit-learn 1.2.1's default RandomForestRegressor() (MaxFeatures
// "1.0"), apart from the random streams: scikit-learn's forests cannot be reproduced
// draw for draw, so results match it statistically (cross-validated scores within
// 0.01 on the data sets of the tests), not tree for tree.
type RandomForestRegressor struct {
	// NEstimators is the number of trees; 0 means 100. At most 2²⁰.
	NEstimators int
	// Criterion is the split quality measure: "squared_error" (the default, also
	// ""), "friedman_mse", "absolute_error" or "poisson" (y >= 0 with a positive
	// sum).
	Criterion string
	// MaxDepth bounds the depth of the trees; 0 means unlimited.
	MaxDepth int
	// MinSamplesSplit is the minimum number of rows a node needs to be split; 0
	// means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the minimum number of rows in each leaf; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the minimum fraction of the tree's total sample
	// weight (bootstrap counts included) in each leaf, in [0, 0.5].
	MinWeightFractionLeaf float64
	// MaxFeatures is the number of features drawn at each split: "sqrt", "log2",
	// "all" (scikit-learn's None), a whole number ("3") or a fraction of the
	// features ("0.5"; scikit-learn's float, at least one feature). "" means
	// "1.0", scikit-learn 1.2.1's default. A count above the number of
	// features is an error at Fit.
	MaxFeatures string
	// MaxLeafNodes grows each tree best-first up to this many leaves; 0 means
	// unlimited (depth-first growth).
	MaxLeafNodes int
	// MinImpurityDecrease is the minimum weighted impurity decrease of a split
	// (scikit-learn's min_impurity_decrease); 0 by default.
	MinImpurityDecrease float64
	// NoBootstrap grows every tree on all the rows instead of a bootstrap sample
	// (scikit-learn's bootstrap=False; random forests default to bootstrap=True).
	NoBootstrap bool
	// OOB computes the out-of-bag score (scikit-learn's oob_score=True), read
	// with OOBScore and OOBPrediction; it needs bootstrap sampling.
	OOB bool
	// MaxSamples is the size of each bootstrap sample: 0 means the number of rows
	// (scikit-learn's None); a value in (0, 1] is a fraction of the rows
	// (max(1, round(MaxSamples · rows))); a value > 1 must be a whole number of rows,
	// at most the rows of X. It needs bootstrap sampling.
	MaxSamples float64
	// WarmStart keeps the trees of the previous Fit and grows only the missing
	// ones (scikit-learn's warm_start); NEstimators must then be at least the
	// number of trees already grown, and X must have the same features.
	WarmStart bool
	// Seed seeds the trees' random streams.
	Seed uint64
	// Workers bounds the goroutines growing trees and predicting; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *forestFit // nil until Fit succeeds
}

func (m *RandomForestRegressor) config() *forestConfig {
	return &forestConfig{name: "ensemble.RandomForestRegressor", clf: false, random: false, nEstimators: m.NEstimators,
		criterion: m.Criterion, maxDepth: m.MaxDepth, minSamplesSplit: m.MinSamplesSplit,
		minSamplesLeaf: m.MinSamplesLeaf, minWeightFractionLeaf: m.MinWeightFractionLeaf,
		maxFeatures: m.MaxFeatures, maxFeaturesDefault: "1.0",
		maxLeafNodes: m.MaxLeafNodes, minImpurityDecrease: m.MinImpurityDecrease,
		bootstrap: !m.NoBootstrap, oob: m.OOB, maxSamples: m.MaxSamples, warmStart: m.WarmStart,
		seed: m.Seed, workers: m.Workers}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *RandomForestRegressor) Validate() error { return m.config().validate() }

// Fit grows the forest on X and y. It is FitWeighted with nil weights.
func (m *RandomForestRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted grows the forest with per-sample weights w (nil means all ones;
// scikit-learn's sample_weight), which multiply each tree's bootstrap counts.
// It returns a *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, y or w, y < 0 or summing to 0 with "poisson", MaxFeatures
// or MaxSamples above the features or rows of X, or a tree unusable in float64, and
// estimator.ErrShape for mismatched lengths or a warm start on other features. It
// returns ctx.Err() when ctx is done. On error the previous model, if any, is kept.
func (m *RandomForestRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := m.config().fit(ctx, X, y, w, m.fit)
	if err != nil {
		return forestFitErr(ctx, "ensemble.RandomForestRegressor", err)
	}
	m.fit = f
	return nil
}

// Predict returns the mean of the trees' predictions for each row of X. It returns
// estimator.ErrNotFitted before Fit and estimator.ErrShape for a wrong number of
// features.
func (m *RandomForestRegressor) Predict(X mat.Matrix) ([]float64, error) {
	return forestPredict("ensemble.RandomForestRegressor", m.fit, X, m.Workers)
}

// OOBPrediction returns the out-of-bag prediction of every training row
// (scikit-learn's oob_prediction_): its mean over the trees whose bootstrap sample
// left it out, 0 for a row every tree drew. It returns nil before Fit or when OOB
// was not set.
func (m *RandomForestRegressor) OOBPrediction() []float64 {
	if m.fit == nil || !m.fit.HasOOB {
		return nil
	}
	return slices.Clone(m.fit.OOBPrediction)
}

// OOBScore returns the R² of the out-of-bag predictions on the training rows
// (scikit-learn's oob_score_), or 0 before Fit or when OOB was not set.
func (m *RandomForestRegressor) OOBScore() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.OOBScore
}

// Apply returns the rows × trees matrix of the leaf (node index) each row of X
// reaches in each tree.
func (m *RandomForestRegressor) Apply(X mat.Matrix) (*mat.Dense, error) {
	return forestApply("ensemble.RandomForestRegressor", m.fit, X, m.Workers)
}

// FeatureImportances returns the impurity-based importances (scikit-learn's
// feature_importances_): each tree's weighted impurity decreases per feature,
// normalised to sum 1, averaged over the trees that split, and normalised again. It
// returns nil before Fit, and zeros when no tree split.
func (m *RandomForestRegressor) FeatureImportances() []float64 {
	if m.fit == nil {
		return nil
	}
	return m.fit.importances()
}

// NTrees returns the number of fitted trees, or 0 before Fit.
func (m *RandomForestRegressor) NTrees() int {
	if m.fit == nil {
		return 0
	}
	return len(m.fit.Trees)
}

// String prints the settings that differ from the zero value.
func (m *RandomForestRegressor) String() string { return estimator.Format(m) }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *RandomForestRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(forestStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; empty b leaves the model
// unfitted. State of another version, of a classifier, or failing the checks of every
// tree (lengths, features below NFeatures, children pointing forward within the
// tree, finite thresholds and values) gives an error wrapping estimator.ErrState,
// and the receiver is unchanged.
func (m *RandomForestRegressor) UnmarshalState(b []byte) error {
	return forestUnmarshal("ensemble.RandomForestRegressor", b, &m.fit, false)
}

// ExtraTreesClassifier is extremely randomised trees (scikit-learn: ensemble.ExtraTreesClassifier, 1.2.1
// semantics): each tree is grown on all the rows (or a bootstrap sample with
// Bootstrap), and at each node the MaxFeatures drawn features get one threshold each,
// drawn uniformly between the feature's minimum and maximum in the node; the best of
// those splits is taken.
//
// PredictProba averages the trees' class probabilities (the weighted class fractions
// of the leaves), and Predict returns the class of highest mean probability (the
// smallest class on ties).
//
// The trees are grown in parallel (up to Workers at a time); tree i draws its
// bootstrap sample and its features and thresholds from its own stream
// rand.NewPCG(Seed, i), so the forest is identical for any Workers, and WarmStart
// growing 50 trees and then 50 more equals growing 100 at once on the same data.
// The zero value is scikit-learn 1.2.1's default ExtraTreesClassifier() (MaxFeatures
// "sqrt"), apart from the random streams: scikit-learn's forests cannot be reproduced
// draw for draw, so results match it statistically (cross-validated scores within
// 0.01 on the data sets of the tests), not tree for tree.
type ExtraTreesClassifier struct {
	// NEstimators is the number of trees; 0 means 100. At most 2²⁰.
	NEstimators int
	// Criterion is the split quality measure: "gini" (the default, also ""),
	// "entropy" or "log_loss" (the same as "entropy").
	Criterion string
	// MaxDepth bounds the depth of the trees; 0 means unlimited.
	MaxDepth int
	// MinSamplesSplit is the minimum number of rows a node needs to be split; 0
	// means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the minimum number of rows in each leaf; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the minimum fraction of the tree's total sample
	// weight (bootstrap counts included) in each leaf, in [0, 0.5].
	MinWeightFractionLeaf float64
	// MaxFeatures is the number of features drawn at each split: "sqrt", "log2",
	// "all" (scikit-learn's None), a whole number ("3") or a fraction of the
	// features ("0.5"; scikit-learn's float, at least one feature). "" means
	// "sqrt", scikit-learn 1.2.1's default. A count above the number of
	// features is an error at Fit.
	MaxFeatures string
	// MaxLeafNodes grows each tree best-first up to this many leaves; 0 means
	// unlimited (depth-first growth).
	MaxLeafNodes int
	// MinImpurityDecrease is the minimum weighted impurity decrease of a split
	// (scikit-learn's min_impurity_decrease); 0 by default.
	MinImpurityDecrease float64
	// Bootstrap grows each tree on a bootstrap sample of the rows (scikit-learn's
	// bootstrap; extra trees default to false, every tree seeing all rows).
	Bootstrap bool
	// OOB computes the out-of-bag score (scikit-learn's oob_score=True), read
	// with OOBScore and OOBDecisionFunction; it needs bootstrap sampling.
	OOB bool
	// MaxSamples is the size of each bootstrap sample: 0 means the number of rows
	// (scikit-learn's None); a value in (0, 1] is a fraction of the rows
	// (max(1, round(MaxSamples · rows))); a value > 1 must be a whole number of rows,
	// at most the rows of X. It needs bootstrap sampling.
	MaxSamples float64
	// ClassWeight reweights the classes: "" (every row weighs its sample weight),
	// "balanced" (class k weighs n / (K · n_k) over the training rows) or
	// "balanced_subsample" (the same, computed on each tree's bootstrap sample,
	// with classes absent from the sample weighing 0; without bootstrap it is
	// "balanced"). The weights multiply the sample weights.
	ClassWeight string
	// WarmStart keeps the trees of the previous Fit and grows only the missing
	// ones (scikit-learn's warm_start); NEstimators must then be at least the
	// number of trees already grown, and X must have the same features (and y the same classes).
	WarmStart bool
	// Seed seeds the trees' random streams.
	Seed uint64
	// Workers bounds the goroutines growing trees and predicting; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *forestFit // nil until Fit succeeds
}

func (m *ExtraTreesClassifier) config() *forestConfig {
	return &forestConfig{name: "ensemble.ExtraTreesClassifier", clf: true, random: true, nEstimators: m.NEstimators,
		criterion: m.Criterion, maxDepth: m.MaxDepth, minSamplesSplit: m.MinSamplesSplit,
		minSamplesLeaf: m.MinSamplesLeaf, minWeightFractionLeaf: m.MinWeightFractionLeaf,
		maxFeatures: m.MaxFeatures, maxFeaturesDefault: "sqrt",
		maxLeafNodes: m.MaxLeafNodes, minImpurityDecrease: m.MinImpurityDecrease, classWeight: m.ClassWeight,
		bootstrap: m.Bootstrap, oob: m.OOB, maxSamples: m.MaxSamples, warmStart: m.WarmStart,
		seed: m.Seed, workers: m.Workers}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *ExtraTreesClassifier) Validate() error { return m.config().validate() }

// Fit grows the forest on X and y. It is FitWeighted with nil weights.
func (m *ExtraTreesClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted grows the forest with per-sample weights w (nil means all ones;
// scikit-learn's sample_weight), which multiply each tree's bootstrap counts (and the class weights).
// It returns a *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, y or w, a single class, MaxFeatures
// or MaxSamples above the features or rows of X, or a tree unusable in float64, and
// estimator.ErrShape for mismatched lengths or a warm start on other features. It
// returns ctx.Err() when ctx is done. On error the previous model, if any, is kept.
func (m *ExtraTreesClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := m.config().fit(ctx, X, y, w, m.fit)
	if err != nil {
		return forestFitErr(ctx, "ensemble.ExtraTreesClassifier", err)
	}
	m.fit = f
	return nil
}

// Predict returns the class of highest mean probability for each row of X. It
// returns estimator.ErrNotFitted before Fit and estimator.ErrShape for a wrong number
// of features.
func (m *ExtraTreesClassifier) Predict(X mat.Matrix) ([]float64, error) {
	return forestPredict("ensemble.ExtraTreesClassifier", m.fit, X, m.Workers)
}

// PredictProba returns the rows × classes mean of the trees' class probabilities
// (columns in the order of Classes).
func (m *ExtraTreesClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return forestProba("ensemble.ExtraTreesClassifier", m.fit, X, m.Workers)
}

// Classes returns the sorted class labels, or nil before Fit.
func (m *ExtraTreesClassifier) Classes() []float64 {
	if m.fit == nil {
		return nil
	}
	return slices.Clone(m.fit.Classes)
}

// OOBDecisionFunction returns the rows × classes out-of-bag probabilities of the
// training rows (scikit-learn's oob_decision_function_): each row's mean over the
// trees whose bootstrap sample left it out, all zeros for a row every tree drew. It
// returns nil before Fit or when OOB was not set.
func (m *ExtraTreesClassifier) OOBDecisionFunction() *mat.Dense {
	if m.fit == nil || !m.fit.HasOOB {
		return nil
	}
	k := len(m.fit.Classes)
	return mat.NewDense(len(m.fit.OOBPrediction)/k, k, slices.Clone(m.fit.OOBPrediction))
}

// OOBScore returns the accuracy of the out-of-bag predictions on the training rows
// (scikit-learn's oob_score_), or 0 before Fit or when OOB was not set.
func (m *ExtraTreesClassifier) OOBScore() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.OOBScore
}

// Apply returns the rows × trees matrix of the leaf (node index) each row of X
// reaches in each tree.
func (m *ExtraTreesClassifier) Apply(X mat.Matrix) (*mat.Dense, error) {
	return forestApply("ensemble.ExtraTreesClassifier", m.fit, X, m.Workers)
}

// FeatureImportances returns the impurity-based importances (scikit-learn's
// feature_importances_): each tree's weighted impurity decreases per feature,
// normalised to sum 1, averaged over the trees that split, and normalised again. It
// returns nil before Fit, and zeros when no tree split.
func (m *ExtraTreesClassifier) FeatureImportances() []float64 {
	if m.fit == nil {
		return nil
	}
	return m.fit.importances()
}

// NTrees returns the number of fitted trees, or 0 before Fit.
func (m *ExtraTreesClassifier) NTrees() int {
	if m.fit == nil {
		return 0
	}
	return len(m.fit.Trees)
}

// String prints the settings that differ from the zero value.
func (m *ExtraTreesClassifier) String() string { return estimator.Format(m) }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *ExtraTreesClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(forestStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; empty b leaves the model
// unfitted. State of another version, of a regressor, or failing the checks of every
// tree (lengths, features below NFeatures, children pointing forward within the
// tree, finite thresholds and values) gives an error wrapping estimator.ErrState,
// and the receiver is unchanged.
func (m *ExtraTreesClassifier) UnmarshalState(b []byte) error {
	return forestUnmarshal("ensemble.ExtraTreesClassifier", b, &m.fit, true)
}

// ExtraTreesRegressor is extremely randomised trees (scikit-learn: ensemble.ExtraTreesRegressor, 1.2.1
// semantics): each tree is grown on all the rows (or a bootstrap sample with
// Bootstrap), and at each node the MaxFeatures drawn features get one threshold each,
// drawn uniformly between the feature's minimum and maximum in the node; the best of
// those splits is taken.
//
// Predict averages the trees' predictions (the weighted mean of the leaf, or its
// median with "absolute_error").
//
// The trees are grown in parallel (up to Workers at a time); tree i draws its
// bootstrap sample and its features and thresholds from its own stream
// rand.NewPCG(Seed, i), so the forest is identical for any Workers, and WarmStart
// growing 50 trees and then 50 more equals growing 100 at once on the same data.
// The zero value is scikit-learn 1.2.1's default ExtraTreesRegressor() (MaxFeatures
// "1.0"), apart from the random streams: scikit-learn's forests cannot be reproduced
// draw for draw, so results match it statistically (cross-validated scores within
// 0.01 on the data sets of the tests), not tree for tree.
type ExtraTreesRegressor struct {
	// NEstimators is the number of trees; 0 means 100. At most 2²⁰.
	NEstimators int
	// Criterion is the split quality measure: "squared_error" (the default, also
	// ""), "friedman_mse", "absolute_error" or "poisson" (y >= 0 with a positive
	// sum).
	Criterion string
	// MaxDepth bounds the depth of the trees; 0 means unlimited.
	MaxDepth int
	// MinSamplesSplit is the minimum number of rows a node needs to be split; 0
	// means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the minimum number of rows in each leaf; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the minimum fraction of the tree's total sample
	// weight (bootstrap counts included) in each leaf, in [0, 0.5].
	MinWeightFractionLeaf float64
	// MaxFeatures is the number of features drawn at each split: "sqrt", "log2",
	// "all" (scikit-learn's None), a whole number ("3") or a fraction of the
	// features ("0.5"; scikit-learn's float, at least one feature). "" means
	// "1.0", scikit-learn 1.2.1's default. A count above the number of
	// features is an error at Fit.
	MaxFeatures string
	// MaxLeafNodes grows each tree best-first up to this many leaves; 0 means
	// unlimited (depth-first growth).
	MaxLeafNodes int
	// MinImpurityDecrease is the minimum weighted impurity decrease of a split
	// (scikit-learn's min_impurity_decrease); 0 by default.
	MinImpurityDecrease float64
	// Bootstrap grows each tree on a bootstrap sample of the rows (scikit-learn's
	// bootstrap; extra trees default to false, every tree seeing all rows).
	Bootstrap bool
	// OOB computes the out-of-bag score (scikit-learn's oob_score=True), read
	// with OOBScore and OOBPrediction; it needs bootstrap sampling.
	OOB bool
	// MaxSamples is the size of each bootstrap sample: 0 means the number of rows
	// (scikit-learn's None); a value in (0, 1] is a fraction of the rows
	// (max(1, round(MaxSamples · rows))); a value > 1 must be a whole number of rows,
	// at most the rows of X. It needs bootstrap sampling.
	MaxSamples float64
	// WarmStart keeps the trees of the previous Fit and grows only the missing
	// ones (scikit-learn's warm_start); NEstimators must then be at least the
	// number of trees already grown, and X must have the same features.
	WarmStart bool
	// Seed seeds the trees' random streams.
	Seed uint64
	// Workers bounds the goroutines growing trees and predicting; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *forestFit // nil until Fit succeeds
}

func (m *ExtraTreesRegressor) config() *forestConfig {
	return &forestConfig{name: "ensemble.ExtraTreesRegressor", clf: false, random: true, nEstimators: m.NEstimators,
		criterion: m.Criterion, maxDepth: m.MaxDepth, minSamplesSplit: m.MinSamplesSplit,
		minSamplesLeaf: m.MinSamplesLeaf, minWeightFractionLeaf: m.MinWeightFractionLeaf,
		maxFeatures: m.MaxFeatures, maxFeaturesDefault: "1.0",
		maxLeafNodes: m.MaxLeafNodes, minImpurityDecrease: m.MinImpurityDecrease,
		bootstrap: m.Bootstrap, oob: m.OOB, maxSamples: m.MaxSamples, warmStart: m.WarmStart,
		seed: m.Seed, workers: m.Workers}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *ExtraTreesRegressor) Validate() error { return m.config().validate() }

// Fit grows the forest on X and y. It is FitWeighted with nil weights.
func (m *ExtraTreesRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted grows the forest with per-sample weights w (nil means all ones;
// scikit-learn's sample_weight), which multiply each tree's bootstrap counts.
// It returns a *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, y or w, y < 0 or summing to 0 with "poisson", MaxFeatures
// or MaxSamples above the features or rows of X, or a tree unusable in float64, and
// estimator.ErrShape for mismatched lengths or a warm start on other features. It
// returns ctx.Err() when ctx is done. On error the previous model, if any, is kept.
func (m *ExtraTreesRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	f, err := m.config().fit(ctx, X, y, w, m.fit)
	if err != nil {
		return forestFitErr(ctx, "ensemble.ExtraTreesRegressor", err)
	}
	m.fit = f
	return nil
}

// Predict returns the mean of the trees' predictions for each row of X. It returns
// estimator.ErrNotFitted before Fit and estimator.ErrShape for a wrong number of
// features.
func (m *ExtraTreesRegressor) Predict(X mat.Matrix) ([]float64, error) {
	return forestPredict("ensemble.ExtraTreesRegressor", m.fit, X, m.Workers)
}

// OOBPrediction returns the out-of-bag prediction of every training row
// (scikit-learn's oob_prediction_): its mean over the trees whose bootstrap sample
// left it out, 0 for a row every tree drew. It returns nil before Fit or when OOB
// was not set.
func (m *ExtraTreesRegressor) OOBPrediction() []float64 {
	if m.fit == nil || !m.fit.HasOOB {
		return nil
	}
	return slices.Clone(m.fit.OOBPrediction)
}

// OOBScore returns the R² of the out-of-bag predictions on the training rows
// (scikit-learn's oob_score_), or 0 before Fit or when OOB was not set.
func (m *ExtraTreesRegressor) OOBScore() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.OOBScore
}

// Apply returns the rows × trees matrix of the leaf (node index) each row of X
// reaches in each tree.
func (m *ExtraTreesRegressor) Apply(X mat.Matrix) (*mat.Dense, error) {
	return forestApply("ensemble.ExtraTreesRegressor", m.fit, X, m.Workers)
}

// FeatureImportances returns the impurity-based importances (scikit-learn's
// feature_importances_): each tree's weighted impurity decreases per feature,
// normalised to sum 1, averaged over the trees that split, and normalised again. It
// returns nil before Fit, and zeros when no tree split.
func (m *ExtraTreesRegressor) FeatureImportances() []float64 {
	if m.fit == nil {
		return nil
	}
	return m.fit.importances()
}

// NTrees returns the number of fitted trees, or 0 before Fit.
func (m *ExtraTreesRegressor) NTrees() int {
	if m.fit == nil {
		return 0
	}
	return len(m.fit.Trees)
}

// String prints the settings that differ from the zero value.
func (m *ExtraTreesRegressor) String() string { return estimator.Format(m) }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *ExtraTreesRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(forestStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; empty b leaves the model
// unfitted. State of another version, of a classifier, or failing the checks of every
// tree (lengths, features below NFeatures, children pointing forward within the
// tree, finite thresholds and values) gives an error wrapping estimator.ErrState,
// and the receiver is unchanged.
func (m *ExtraTreesRegressor) UnmarshalState(b []byte) error {
	return forestUnmarshal("ensemble.ExtraTreesRegressor", b, &m.fit, false)
}
