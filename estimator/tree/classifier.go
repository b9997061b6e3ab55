package tree

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
)

var (
	_ estimator.ProbaClassifier = (*DecisionTreeClassifier)(nil)
	_ estimator.WeightedFitter  = (*DecisionTreeClassifier)(nil)
	_ estimator.Validator       = (*DecisionTreeClassifier)(nil)
	_ estimator.StateMarshaler  = (*DecisionTreeClassifier)(nil)
)

// DecisionTreeClassifier is a CART classification tree (scikit-learn:
// tree.DecisionTreeClassifier). The zero value is scikit-learn's default
// DecisionTreeClassifier().
type DecisionTreeClassifier struct {
	// Criterion is "gini" ("" means this), "entropy" or "log_loss" (the same as
	// "entropy").
	Criterion string
	// Splitter is "best" ("" means this: the best threshold of each drawn feature) or
	// "random" (one uniform random threshold per drawn feature).
	Splitter string
	// MaxDepth bounds the depth; 0 means unlimited (scikit-learn's None).
	MaxDepth int
	// MinSamplesSplit is the fewest rows a node needs to be split; 0 means 2.
	MinSamplesSplit int
	// MinSamplesLeaf is the fewest rows each child of a split must keep; 0 means 1.
	MinSamplesLeaf int
	// MinWeightFractionLeaf is the smallest share of the total sample weight each
	// leaf must keep, in [0, 0.5].
	MinWeightFractionLeaf float64
	// MaxFeatures is the number of features drawn at random for each split: "" or
	// "all" (every feature, the default), "sqrt", "log2", an integer count such as
	// "3", or a fraction of the features such as "0.5" (written with a '.').
	MaxFeatures string
	// MaxLeafNodes > 0 grows the tree best-first (the split with the largest
	// impurity decrease first) up to that many leaves; 0 grows it depth-first without
	// such bound.
	MaxLeafNodes int
	// MinImpurityDecrease: a node is split only if the weighted impurity decrease
	// N_t/N · (impurity − N_tR/N_t · right impurity − N_tL/N_t · left impurity) is at
	// least this.
	MinImpurityDecrease float64
	// CCPAlpha > 0 prunes the grown tree by minimal cost-complexity pruning.
	CCPAlpha float64
	// ClassWeight is "" (every class weighs 1) or "balanced" (class c weighs
	// n / (K · n_c), with n_c the number of rows of class c).
	ClassWeight string
	// ClassWeights gives the weights of some classes (scikit-learn's dict
	// class_weight); classes left out weigh 1. Each label must be a class of y and
	// appear once. It cannot be combined with ClassWeight.
	ClassWeights []LabelWeight
	// Seed seeds the feature draws (MaxFeatures below the number of features) and the
	// random thresholds (Splitter "random").
	Seed uint64

	fit *classifierFit // nil until Fit succeeds
}

// LabelWeight is the weight of one class label (see ClassWeights).
type LabelWeight struct {
	Label, Weight float64
}

// classifierFit is the learned state; fields exported for gob.
type classifierFit struct {
	Model   treeFit
	Classes []float64
}

const classifierStateVersion = 1

// Check validates decoded state.
func (f *classifierFit) Check() error {
	if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
		return err
	}
	if len(f.Classes) < 2 || len(f.Classes) > maxCount {
		return fmt.Errorf("%d classes", len(f.Classes))
	}
	return f.Model.check(len(f.Classes))
}

func (c *DecisionTreeClassifier) growth() growth {
	return growth{c.Splitter, c.MaxDepth, c.MinSamplesSplit, c.MinSamplesLeaf, c.MinWeightFractionLeaf,
		c.MaxFeatures, c.MaxLeafNodes, c.MinImpurityDecrease, c.CCPAlpha}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (c *DecisionTreeClassifier) Validate() error {
	switch c.Criterion {
	case "", "gini", "entropy", "log_loss":
	default:
		return &estimator.ParamError{Param: "Criterion", Value: c.Criterion, Reason: `must be "gini" ("" means this), "entropy" or "log_loss"`}
	}
	switch c.ClassWeight {
	case "", "balanced":
	default:
		return &estimator.ParamError{Param: "ClassWeight", Value: c.ClassWeight, Reason: `must be "" or "balanced"`}
	}
	if c.ClassWeight != "" && c.ClassWeights != nil {
		return &estimator.ParamError{Param: "ClassWeights", Value: c.ClassWeights, Reason: "cannot be combined with ClassWeight"}
	}
	for i, lw := range c.ClassWeights {
		if math.IsNaN(lw.Label) || math.IsInf(lw.Label, 0) || !(lw.Weight >= 0) || math.IsInf(lw.Weight, 0) {
			return &estimator.ParamError{Param: "ClassWeights", Value: c.ClassWeights, Reason: "labels must be finite and weights finite and >= 0"}
		}
		for _, o := range c.ClassWeights[:i] {
			if o.Label == lw.Label {
				return &estimator.ParamError{Param: "ClassWeights", Value: c.ClassWeights, Reason: fmt.Sprintf("label %v appears twice", lw.Label)}
			}
		}
	}
	return c.growth().validate()
}

func (c *DecisionTreeClassifier) criterion() cart.Criterion {
	if c.Criterion == "entropy" || c.Criterion == "log_loss" {
		return cart.Entropy
	}
	return cart.Gini
}

// Fit grows the tree on X (n×p) and the class labels y (any distinct finite values,
// sorted into Classes). It returns a *estimator.ParamError for bad hyperparameters, an
// error wrapping estimator.ErrInvalidData for empty or non-finite input or fewer than
// two classes, and estimator.ErrShape when len(y) differs from the rows of X. On error
// the previous model, if any, is kept.
func (c *DecisionTreeClassifier) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return c.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; weights must be
// finite and >= 0 with a positive sum; rows of weight 0 are ignored).
func (c *DecisionTreeClassifier) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "tree.DecisionTreeClassifier"
	x, err := checkFit(ctx, name, c, X, y, w)
	if err != nil {
		return err
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	n, p := x.Dims()
	codes := make([]float64, n)
	counts := make([]float64, len(classes))
	for i, v := range y {
		k, _ := slices.BinarySearch(classes, v)
		codes[i] = float64(k)
		counts[k]++
	}
	cw, err := c.classWeights(classes, counts, n)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var sw []float64
	if w != nil || cw != nil {
		sw = make([]float64, n)
		for i := range sw {
			sw[i] = 1
			if w != nil {
				sw[i] = w[i]
			}
			if cw != nil {
				sw[i] *= cw[int(codes[i])]
			}
		}
	}
	wsum := float64(n)
	if sw != nil {
		wsum = 0
		for _, v := range sw {
			wsum += v
		}
		if !(wsum > 0) || math.IsInf(wsum, 0) {
			return fmt.Errorf("%s: sample weights times class weights sum to %v: %w", name, wsum, estimator.ErrInvalidData)
		}
	}
	g := c.growth()
	params, err := g.params(c.criterion(), len(classes), p, wsum)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	t, err := g.grow(ctx, x, codes, sw, params, c.Seed)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	c.fit = &classifierFit{Model: treeFit{Tree: *t, NFeatures: p}, Classes: classes}
	return nil
}

// classWeights returns the weight of each class, or nil when all weigh 1.
func (c *DecisionTreeClassifier) classWeights(classes, counts []float64, n int) ([]float64, error) {
	switch {
	case c.ClassWeight == "balanced":
		cw := make([]float64, len(classes))
		for k := range cw {
			cw[k] = float64(n) / (float64(len(classes)) * counts[k])
		}
		return cw, nil
	case c.ClassWeights != nil:
		cw := make([]float64, len(classes))
		for k := range cw {
			cw[k] = 1
		}
		for _, lw := range c.ClassWeights {
			k, ok := slices.BinarySearch(classes, lw.Label)
			if !ok {
				return nil, &estimator.ParamError{Param: "ClassWeights", Value: c.ClassWeights,
					Reason: fmt.Sprintf("label %v is not a class of y", lw.Label)}
			}
			cw[k] = lw.Weight
		}
		return cw, nil
	}
	return nil, nil
}

// Classes returns the sorted class labels seen by Fit (nil before Fit).
func (c *DecisionTreeClassifier) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return slices.Clone(c.fit.Classes)
}

// PredictProba returns the n×K class probabilities of each row of X: the weighted
// class fractions of the training rows in its leaf. It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// and estimator.ErrInvalidData for empty or non-finite X.
func (c *DecisionTreeClassifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	x, err := c.input(X)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	K := len(c.fit.Classes)
	out := mat.NewDense(n, K, nil)
	c.fit.Model.Tree.Predict(x, out.RawMatrix().Data)
	return out, nil
}

func (c *DecisionTreeClassifier) input(X mat.Matrix) (*mat.Dense, error) {
	var f *treeFit
	if c.fit != nil {
		f = &c.fit.Model
	}
	return predictInput("tree.DecisionTreeClassifier", f, X)
}

// Predict returns the most probable class of each row of X (the smallest class
// label on ties, as scikit-learn's argmax). Errors as PredictProba.
func (c *DecisionTreeClassifier) Predict(X mat.Matrix) ([]float64, error) {
	proba, err := c.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, K := proba.Dims()
	out := make([]float64, n)
	for i := range out {
		row := proba.RawRowView(i)
		best := 0
		for k := 1; k < K; k++ {
			if row[k] > row[best] {
				best = k
			}
		}
		out[i] = c.fit.Classes[best]
	}
	return out, nil
}

// Apply returns the index of the leaf each row of X falls into (scikit-learn's
// apply; nodes are numbered as scikit-learn numbers them). Errors as PredictProba.
func (c *DecisionTreeClassifier) Apply(X mat.Matrix) ([]int, error) {
	x, err := c.input(X)
	if err != nil {
		return nil, err
	}
	return c.fit.Model.apply(x), nil
}

// DecisionPath returns, for each row of X, the nodes it passes through from the root
// to its leaf (scikit-learn's decision_path, whose sparse indicator matrix has a 1 at
// row i, column j exactly when j is in the i-th list). Errors as PredictProba.
func (c *DecisionTreeClassifier) DecisionPath(X mat.Matrix) ([][]int, error) {
	x, err := c.input(X)
	if err != nil {
		return nil, err
	}
	return c.fit.Model.decisionPath(x), nil
}

// FeatureImportances returns the normalised total impurity decrease brought by each
// feature (scikit-learn's feature_importances_), or nil before Fit.
func (c *DecisionTreeClassifier) FeatureImportances() []float64 {
	if c.fit == nil {
		return nil
	}
	return c.fit.Model.importances()
}

// Depth returns the depth of the fitted tree (0 for a single leaf; 0 before Fit).
func (c *DecisionTreeClassifier) Depth() int {
	if c.fit == nil {
		return 0
	}
	return c.fit.Model.Tree.Depth()
}

// NLeaves returns the number of leaves of the fitted tree (0 before Fit).
func (c *DecisionTreeClassifier) NLeaves() int {
	if c.fit == nil {
		return 0
	}
	return c.fit.Model.Tree.NLeaves()
}

// CostComplexityPruningPath grows the tree with CCPAlpha 0 on X, y and w (as
// FitWeighted) and returns its pruning path, leaving c unchanged.
func (c *DecisionTreeClassifier) CostComplexityPruningPath(ctx context.Context, X mat.Matrix, y, w []float64) (PruningPath, error) {
	e := *c
	e.CCPAlpha = 0
	e.fit = nil
	if err := e.FitWeighted(ctx, X, y, w); err != nil {
		return PruningPath{}, err
	}
	a, imp := e.fit.Model.Tree.PruningPath()
	return PruningPath{CCPAlphas: a, Impurities: imp}, nil
}

// MarshalState returns the learned state (nil before Fit).
func (c *DecisionTreeClassifier) MarshalState() ([]byte, error) {
	return estimator.EncodeState(classifierStateVersion, c.fit)
}

// UnmarshalState restores state written by MarshalState; on error c is unchanged.
func (c *DecisionTreeClassifier) UnmarshalState(b []byte) error {
	return estimator.DecodeState(b, classifierStateVersion, &c.fit)
}

func (c *DecisionTreeClassifier) String() string { return estimator.Format(c) }
