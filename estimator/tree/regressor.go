package tree

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
)

var (
	_ estimator.Predictor      = (*DecisionTreeRegressor)(nil)
	_ estimator.WeightedFitter = (*DecisionTreeRegressor)(nil)
	_ estimator.Validator      = (*DecisionTreeRegressor)(nil)
	_ estimator.StateMarshaler = (*DecisionTreeRegressor)(nil)
)

// DecisionTreeRegressor is a CART regression tree (scikit-learn:
// tree.DecisionTreeRegressor). The zero value is scikit-learn's default
// DecisionTreeRegressor().
type DecisionTreeRegressor struct {
	// Criterion is "squared_error" ("" means this; leaves predict the weighted
	// mean), "friedman_mse" (the same impurity, splits scored by Friedman's
	// improvement), "absolute_error" (leaves predict the weighted median) or "poisson"
	// (half Poisson deviance; y must be >= 0 with a positive sum).
	Criterion string
	// Splitter is "best" ("" means this) or "random".
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
	// MaxLeafNodes > 0 grows the tree best-first up to that many leaves; 0 grows it
	// depth-first without such bound.
	MaxLeafNodes int
	// MinImpurityDecrease: a node is split only if its weighted impurity decrease
	// is at least this (see DecisionTreeClassifier).
	MinImpurityDecrease float64
	// CCPAlpha > 0 prunes the grown tree by minimal cost-complexity pruning.
	CCPAlpha float64
	// Seed seeds the feature draws and the random thresholds.
	Seed uint64

	fit *regressorFit // nil until Fit succeeds
}

// regressorFit is the learned state; fields exported for gob.
type regressorFit struct {
	Model treeFit
}

const regressorStateVersion = 1

// Check validates decoded state.
func (f *regressorFit) Check() error { return f.Model.check(1) }

func (r *DecisionTreeRegressor) growth() growth {
	return growth{r.Splitter, r.MaxDepth, r.MinSamplesSplit, r.MinSamplesLeaf, r.MinWeightFractionLeaf,
		r.MaxFeatures, r.MaxLeafNodes, r.MinImpurityDecrease, r.CCPAlpha}
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (r *DecisionTreeRegressor) Validate() error {
	if _, ok := regCriteria[r.Criterion]; !ok {
		return &estimator.ParamError{Param: "Criterion", Value: r.Criterion,
			Reason: `must be "squared_error" ("" means this), "friedman_mse", "absolute_error" or "poisson"`}
	}
	return r.growth().validate()
}

var regCriteria = map[string]cart.Criterion{"": cart.SquaredError, "squared_error": cart.SquaredError,
	"friedman_mse": cart.FriedmanMSE, "absolute_error": cart.AbsoluteError, "poisson": cart.Poisson}

// Fit grows the tree on X (n×p) and targets y. It returns a *estimator.ParamError for
// bad hyperparameters, an error wrapping estimator.ErrInvalidData for empty or
// non-finite input (and, for "poisson", negative targets or targets summing to 0), and
// estimator.ErrShape when len(y) differs from the rows of X. On error the previous
// model, if any, is kept.
func (r *DecisionTreeRegressor) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return r.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; weights must be
// finite and >= 0 with a positive sum; rows of weight 0 are ignored).
func (r *DecisionTreeRegressor) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "tree.DecisionTreeRegressor"
	x, err := checkFit(ctx, name, r, X, y, w)
	if err != nil {
		return err
	}
	n, p := x.Dims()
	crit := regCriteria[r.Criterion]
	if crit == cart.Poisson {
		s := 0.0
		for i, v := range y {
			if v < 0 {
				return fmt.Errorf("%s: y[%d] = %v, the poisson criterion needs y >= 0: %w", name, i, v, estimator.ErrInvalidData)
			}
			s += v
		}
		if !(s > 0) {
			return fmt.Errorf("%s: y sums to %v, the poisson criterion needs a positive sum: %w", name, s, estimator.ErrInvalidData)
		}
	}
	wsum := float64(n)
	if w != nil {
		wsum = 0
		for _, v := range w {
			wsum += v
		}
	}
	g := r.growth()
	params, err := g.params(crit, 0, p, wsum)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	t, err := g.grow(ctx, x, y, w, params, r.Seed)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	r.fit = &regressorFit{Model: treeFit{Tree: *t, NFeatures: p}}
	return nil
}

func (r *DecisionTreeRegressor) input(X mat.Matrix) (*mat.Dense, error) {
	var f *treeFit
	if r.fit != nil {
		f = &r.fit.Model
	}
	return predictInput("tree.DecisionTreeRegressor", f, X)
}

// Predict returns the value of the leaf each row of X falls into. It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count,
// and estimator.ErrInvalidData for empty or non-finite X.
func (r *DecisionTreeRegressor) Predict(X mat.Matrix) ([]float64, error) {
	x, err := r.input(X)
	if err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	out := make([]float64, n)
	r.fit.Model.Tree.Predict(x, out)
	return out, nil
}

// Apply returns the index of the leaf each row of X falls into. Errors as Predict.
func (r *DecisionTreeRegressor) Apply(X mat.Matrix) ([]int, error) {
	x, err := r.input(X)
	if err != nil {
		return nil, err
	}
	return r.fit.Model.apply(x), nil
}

// DecisionPath returns, for each row of X, the nodes it passes through from the root
// to its leaf (see DecisionTreeClassifier.DecisionPath). Errors as Predict.
func (r *DecisionTreeRegressor) DecisionPath(X mat.Matrix) ([][]int, error) {
	x, err := r.input(X)
	if err != nil {
		return nil, err
	}
	return r.fit.Model.decisionPath(x), nil
}

// FeatureImportances returns the normalised total impurity decrease brought by each
// feature (scikit-learn's feature_importances_), or nil before Fit.
func (r *DecisionTreeRegressor) FeatureImportances() []float64 {
	if r.fit == nil {
		return nil
	}
	return r.fit.Model.importances()
}

// Depth returns the depth of the fitted tree (0 for a single leaf; 0 before Fit).
func (r *DecisionTreeRegressor) Depth() int {
	if r.fit == nil {
		return 0
	}
	return r.fit.Model.Tree.Depth()
}

// NLeaves returns the number of leaves of the fitted tree (0 before Fit).
func (r *DecisionTreeRegressor) NLeaves() int {
	if r.fit == nil {
		return 0
	}
	return r.fit.Model.Tree.NLeaves()
}

// CostComplexityPruningPath grows the tree with CCPAlpha 0 on X, y and w (as
// FitWeighted) and returns its pruning path, leaving r unchanged.
func (r *DecisionTreeRegressor) CostComplexityPruningPath(ctx context.Context, X mat.Matrix, y, w []float64) (PruningPath, error) {
	e := *r
	e.CCPAlpha = 0
	e.fit = nil
	if err := e.FitWeighted(ctx, X, y, w); err != nil {
		return PruningPath{}, err
	}
	a, imp := e.fit.Model.Tree.PruningPath()
	return PruningPath{CCPAlphas: a, Impurities: imp}, nil
}

// MarshalState returns the learned state (nil before Fit).
func (r *DecisionTreeRegressor) MarshalState() ([]byte, error) {
	return estimator.EncodeState(regressorStateVersion, r.fit)
}

// UnmarshalState restores state written by MarshalState; on error r is unchanged.
func (r *DecisionTreeRegressor) UnmarshalState(b []byte) error {
	return estimator.DecodeState(b, regressorStateVersion, &r.fit)
}

func (r *DecisionTreeRegressor) String() string { return estimator.Format(r) }
