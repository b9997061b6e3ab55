package tree

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
)

// growth holds the hyperparameters shared by both trees, as set by the user.
type growth struct {
	splitter              string
	maxDepth              int
	minSamplesSplit       int
	minSamplesLeaf        int
	minWeightFractionLeaf float64
	maxFeatures           string
	maxLeafNodes          int
	minImpurityDecrease   float64
	ccpAlpha              float64
}

// maxCount bounds the integer hyperparameters (a tree cannot hold more rows anyway).
const maxCount = math.MaxInt32

func (g growth) validate() error {
	bad := func(param string, v any, reason string) error {
		return &estimator.ParamError{Param: param, Value: v, Reason: reason}
	}
	switch {
	case g.splitter != "" && g.splitter != "best" && g.splitter != "random":
		return bad("Splitter", g.splitter, `must be "best" ("" means this) or "random"`)
	case g.maxDepth < 0:
		return bad("MaxDepth", g.maxDepth, "must be >= 0 (0 means unlimited)")
	case g.minSamplesSplit != 0 && (g.minSamplesSplit < 2 || g.minSamplesSplit > maxCount):
		return bad("MinSamplesSplit", g.minSamplesSplit, "must be 0 (meaning 2) or in [2, 2^31-1]")
	case g.minSamplesLeaf < 0 || g.minSamplesLeaf > maxCount:
		return bad("MinSamplesLeaf", g.minSamplesLeaf, "must be 0 (meaning 1) or in [1, 2^31-1]")
	case !(g.minWeightFractionLeaf >= 0 && g.minWeightFractionLeaf <= 0.5):
		return bad("MinWeightFractionLeaf", g.minWeightFractionLeaf, "must be in [0, 0.5]")
	case g.maxLeafNodes < 0 || g.maxLeafNodes == 1 || g.maxLeafNodes > maxCount:
		return bad("MaxLeafNodes", g.maxLeafNodes, "must be 0 (unlimited) or in [2, 2^31-1]")
	case !(g.minImpurityDecrease >= 0) || math.IsInf(g.minImpurityDecrease, 0):
		return bad("MinImpurityDecrease", g.minImpurityDecrease, "must be finite and >= 0")
	case !(g.ccpAlpha >= 0) || math.IsInf(g.ccpAlpha, 0):
		return bad("CCPAlpha", g.ccpAlpha, "must be finite and >= 0")
	}
	return cart.ValidateMaxFeatures(g.maxFeatures)
}

// params resolves the hyperparameters for data with p features and total sample
// weight wsum, as scikit-learn's BaseDecisionTree.fit does.
func (g growth) params(crit cart.Criterion, nClasses, p int, wsum float64) (cart.Params, error) {
	mf, err := cart.ResolveMaxFeatures(g.maxFeatures, "all", p)
	if err != nil {
		return cart.Params{}, err
	}
	leaf := max(g.minSamplesLeaf, 1)
	split := g.minSamplesSplit
	if split == 0 {
		split = 2
	}
	return cart.Params{
		Criterion:           crit,
		Random:              g.splitter == "random",
		MaxDepth:            g.maxDepth,
		MinSamplesSplit:     max(split, 2*leaf),
		MinSamplesLeaf:      leaf,
		MinWeightLeaf:       g.minWeightFractionLeaf * wsum,
		MaxFeatures:         mf,
		MaxLeafNodes:        g.maxLeafNodes,
		MinImpurityDecrease: g.minImpurityDecrease,
		NClasses:            nClasses,
	}, nil
}

// grow fits one tree on x (checked) and prunes it.
func (g growth) grow(ctx context.Context, x *mat.Dense, y, w []float64, p cart.Params, seed uint64) (*cart.Tree, error) {
	d, err := cart.NewData(ctx, x, 0)
	if err != nil {
		return nil, err
	}
	t, err := cart.Grow(ctx, d, y, w, p, rand.New(rand.NewPCG(seed, 0)))
	if err != nil {
		return nil, err
	}
	return t.Prune(g.ccpAlpha), nil
}

// checkWeights validates sample weights: nil, or one finite value >= 0 per row with a
// positive sum.
func checkWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("%d sample weights for %d rows: %w", len(w), n, estimator.ErrShape)
	}
	s := 0.0
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("sample weight %d is %v, want a finite value >= 0: %w", i, v, estimator.ErrInvalidData)
		}
		s += v
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return fmt.Errorf("sample weights sum to %v, want a finite positive sum: %w", s, estimator.ErrInvalidData)
	}
	return nil
}

// checkFit is the common start of both Fits.
func checkFit(ctx context.Context, name string, v estimator.Validator, X mat.Matrix, y, w []float64) (*mat.Dense, error) {
	if err := v.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if y == nil {
		return nil, fmt.Errorf("%s: y is nil, a supervised model needs targets: %w", name, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if n > math.MaxInt32 || p > math.MaxInt32 {
		return nil, fmt.Errorf("%s: X is %d×%d, too large: %w", name, n, p, estimator.ErrInvalidData)
	}
	if err := checkWeights(w, n); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return x, nil
}

// treeFit is the learned state common to both trees; fields exported for gob.
type treeFit struct {
	Tree      cart.Tree
	NFeatures int
}

func (f *treeFit) check(width int) error {
	if err := estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32); err != nil {
		return err
	}
	return f.Tree.Check(f.NFeatures, width)
}

// predictInput checks the model and X before a prediction.
func predictInput(name string, f *treeFit, X mat.Matrix) (*mat.Dense, error) {
	if f == nil {
		return nil, fmt.Errorf("%s: %w", name, estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return x, nil
}

func (f *treeFit) apply(x *mat.Dense) []int {
	n, _ := x.Dims()
	out := make([]int, n)
	raw := x.RawMatrix()
	for i := range out {
		out[i] = int(f.Tree.Leaf(raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]))
	}
	return out
}

func (f *treeFit) decisionPath(x *mat.Dense) [][]int {
	n, _ := x.Dims()
	out := make([][]int, n)
	raw := x.RawMatrix()
	var buf []int32
	for i := range out {
		buf = f.Tree.DecisionPath(raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols], buf[:0])
		path := make([]int, len(buf))
		for k, v := range buf {
			path[k] = int(v)
		}
		out[i] = path
	}
	return out
}

// importances returns scikit-learn's feature_importances_: the impurity decreases
// normalised to sum 1 (all zeros for a single-leaf tree).
func (f *treeFit) importances() []float64 {
	imp := f.Tree.Importances(f.NFeatures)
	s := 0.0
	for _, v := range imp {
		s += v
	}
	if s > 0 {
		for j := range imp {
			imp[j] /= s
		}
	}
	return imp
}

// PruningPath is the result of CostComplexityPruningPath (scikit-learn's
// cost_complexity_pruning_path): CCPAlphas[i] is the effective alpha of the i-th
// pruning step (CCPAlphas[0] = 0, the unpruned tree), Impurities[i] the total weighted
// impurity of the leaves of the tree pruned with CCPAlpha = CCPAlphas[i].
type PruningPath struct {
	CCPAlphas  []float64
	Impurities []float64
}
