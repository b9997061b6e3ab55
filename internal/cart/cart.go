// Package cart is the CART decision-tree engine shared by estimator/tree and the
// ensembles in estimator/ensemble (random forests, extra trees, isolation forest,
// gradient boosting, AdaBoost, bagging).
//
// A feature matrix is prepared once with [NewData] (column-major values plus, per
// feature, the rows sorted by value) and shared read-only by any number of [Grow]
// calls, possibly running at the same time. Grow fits one tree the way scikit-learn
// 1.2.1's BestSplitter / RandomSplitter with its DepthFirstTreeBuilder (MaxLeafNodes
// == 0) or BestFirstTreeBuilder (MaxLeafNodes > 0) do, and returns it as a flat
// [Tree] (node arrays, no pointers) numbered as scikit-learn numbers its nodes:
// depth-first, left child first, for depth-first growth; in creation order for
// best-first growth. [Tree.Prune] and [Tree.PruningPath] are scikit-learn's minimal
// cost-complexity pruning.
//
// # How a tree is grown
//
// The best splitter does not sort the rows of each node: Grow keeps, for each feature,
// the rows of each node in increasing order of that feature together with their
// values (taken once from Data's presorted order, keeping only rows of positive
// weight, and stably partitioned into the children after each split), so the split
// search of a node is one sequential sweep per feature, O(rows × features) per node
// and per tree level. Children that will surely be leaves (depth, size, zero
// impurity) are not reordered. The sweeps update the left-side sums exactly as
// scikit-learn's criteria do (forward from the previous position, or back from the
// node's end when that is shorter). The random splitter needs no order: it keeps one
// array of the sample's rows, partitioned node by node, as scikit-learn does. The
// absolute error searches a feature in O(m log m) with Fenwick trees over the node's
// targets (scikit-learn: O(m²)). Buffers are pooled across Grow calls; growth is
// iterative (an explicit stack or a priority queue), so depth is unbounded.
//
// Memory: Data holds 20 bytes per value (values, sorted row indices and sorted
// values); each running best-splitter Grow holds 12 bytes per value of its sample.
//
// Prediction ([Tree.Predict], [Tree.Apply]) lays the nodes out in 16 bytes each,
// siblings side by side, and walks eight rows at once so their memory accesses
// overlap. A row goes right when its value is above the threshold, left otherwise
// (NaN goes left; the estimators reject NaN before).
//
// # Split rules and ties
//
// As scikit-learn's: candidate positions lie between consecutive sorted values that
// differ by more than 1e-7 (scikit-learn's FEATURE_THRESHOLD); the threshold is the
// midpoint of the two values, or the lower value when the midpoint rounds up to the
// upper one; a feature whose values in the node span at most 1e-7 is constant and
// never split; a split must leave MinSamplesLeaf rows and MinWeightLeaf weight on
// each side. Differences from scikit-learn: values stay float64 (scikit-learn rounds
// X to float32 first), and with all features considered the features are visited in
// index order, so among equal-gain splits the lowest feature index wins and, within a
// feature, the first (lowest) threshold wins; scikit-learn visits features in a random
// order, so its choice among exact ties depends on its random_state. With
// MaxFeatures below the number of features, features are drawn with scikit-learn's
// Fisher-Yates scheme (constant features found in a node are not drawn again below
// it, and the search goes on past MaxFeatures until a non-constant feature was
// drawn) from the rng given to Grow.
package cart

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/parallel"
)

// Criterion is the impurity measure a split minimises.
type Criterion int

// The criteria of scikit-learn 1.2.1's trees.
const (
	Gini          Criterion = iota // classification: 1 - Σ p_c²
	Entropy                        // classification: -Σ p_c log2 p_c (scikit-learn's "entropy" and "log_loss")
	SquaredError                   // regression: weighted variance; leaf value = mean
	FriedmanMSE                    // regression: variance with Friedman's improvement score for split choice
	AbsoluteError                  // regression: mean absolute deviation from the weighted median; leaf value = median
	Poisson                        // regression: half Poisson deviance; leaf value = mean (y ≥ 0)
)

// String returns scikit-learn's name of the criterion.
func (c Criterion) String() string {
	switch c {
	case Gini:
		return "gini"
	case Entropy:
		return "entropy"
	case SquaredError:
		return "squared_error"
	case FriedmanMSE:
		return "friedman_mse"
	case AbsoluteError:
		return "absolute_error"
	case Poisson:
		return "poisson"
	}
	return fmt.Sprintf("Criterion(%d)", int(c))
}

// Classification reports whether c is a classification criterion.
func (c Criterion) Classification() bool { return c == Gini || c == Entropy }

// featureThreshold is scikit-learn's FEATURE_THRESHOLD: sorted values closer than this
// are not separated by a split, and a feature spanning at most this is constant.
const featureThreshold = 1e-7

// epsilon is scikit-learn's EPSILON (np.finfo('double').eps): a node whose impurity is
// at most this is a leaf.
const epsilon = 2.220446049250313e-16

// Data is a feature matrix prepared once and shared read-only by many Grow calls (all
// trees of a forest, all stages of boosting): column-major values and, per feature, the
// rows sorted by value (ties by row index). It is safe for concurrent use.
type Data struct {
	rows, features int
	cols           []float64 // features × rows, column-major
	sorted         []int32   // features × rows: row indices of each feature in increasing value order
	sortedVals     []float64 // features × rows: the values in sorted's order
}

// NewData copies X (already checked: finite values, at least one row and one column)
// and sorts each feature's rows, in parallel over features on up to workers goroutines
// (0 = GOMAXPROCS).
func NewData(ctx context.Context, X *mat.Dense, workers int) (*Data, error) {
	if X == nil {
		return nil, fmt.Errorf("cart: nil matrix")
	}
	r, c := X.Dims()
	if r <= 0 || c <= 0 {
		return nil, fmt.Errorf("cart: empty matrix %d×%d", r, c)
	}
	if r > math.MaxInt32 {
		return nil, fmt.Errorf("cart: %d rows, at most %d supported", r, math.MaxInt32)
	}
	d := &Data{rows: r, features: c, cols: make([]float64, r*c), sorted: make([]int32, r*c),
		sortedVals: make([]float64, r*c)}
	raw := X.RawMatrix()
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+c]
		for j, v := range row {
			d.cols[j*r+i] = v
		}
	}
	err := parallel.Run(ctx, c, workers, func(ctx context.Context, j int) error {
		col := d.cols[j*r : (j+1)*r]
		type pair struct {
			v float64
			i int32
		}
		ps := make([]pair, r)
		for i := range ps {
			ps[i] = pair{col[i], int32(i)}
		}
		slices.SortFunc(ps, func(a, b pair) int {
			switch {
			case a.v < b.v:
				return -1
			case a.v > b.v:
				return 1
			}
			return int(a.i) - int(b.i)
		})
		idx := d.sorted[j*r : (j+1)*r]
		vals := d.sortedVals[j*r : (j+1)*r]
		for k, p := range ps {
			idx[k], vals[k] = p.i, p.v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Rows returns the number of rows.
func (d *Data) Rows() int { return d.rows }

// Features returns the number of features.
func (d *Data) Features() int { return d.features }

// At returns the value of feature j in row i.
func (d *Data) At(i, j int) float64 { return d.cols[j*d.rows+i] }

// Params are the growth parameters of one tree, already resolved to absolute values
// (the estimators turn fractions, "sqrt" and the like into these).
type Params struct {
	Criterion           Criterion
	Random              bool    // splitter "random": one uniform threshold per drawn feature (ExtraTrees)
	MaxDepth            int     // 0 = unlimited
	MinSamplesSplit     int     // ≥ 2 (values below 2 act as 2)
	MinSamplesLeaf      int     // ≥ 1 (values below 1 act as 1)
	MinWeightLeaf       float64 // absolute minimum weight per leaf
	MaxFeatures         int     // features drawn per split; 0 (or ≥ the number of features) = all
	MaxLeafNodes        int     // 0 = unlimited (depth-first); > 0 best-first growth
	MinImpurityDecrease float64 // scikit-learn's weighted decrease rule
	NClasses            int     // classification: y holds class indices 0..NClasses-1; 0 = regression
	// ShuffleFeatures visits the features of every split in a random order drawn from
	// rng even when MaxFeatures covers them all, as scikit-learn does: among splits of
	// equal gain the winner is then random (scikit-learn's behaviour) instead of the
	// lowest feature index. Forests want this, so that ties do not favour the first
	// columns in every tree.
	ShuffleFeatures bool
}
