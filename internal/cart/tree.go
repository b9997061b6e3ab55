package cart

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// Tree is a fitted tree as flat node arrays (no pointers), gob-encodable (exported
// fields), so estimators can put it in their EncodeState fit structs. Node 0 is the
// root; children always have larger indices than their parent.
type Tree struct {
	Feature   []int32   // split feature; -1 for leaves
	Threshold []float64 // go left when x[Feature] <= Threshold; 0 for leaves
	Left      []int32   // left child; -1 for leaves
	Right     []int32   // right child; -1 for leaves
	// Value holds NNodes × Width values: the regression value (Width 1: the weighted
	// mean, or the weighted median for AbsoluteError) or the class weight fractions
	// (Width NClasses, summing to 1). Boosting may overwrite leaf values after Grow.
	Value            []float64
	Width            int
	Impurity         []float64 // node impurity (+Inf for a Poisson node whose targets sum to ≈ 0)
	NSamples         []int32   // distinct rows (w > 0) reaching the node
	WeightedNSamples []float64 // total sample weight reaching the node
}

// Nodes returns the number of nodes.
func (t *Tree) Nodes() int { return len(t.Feature) }

func (t *Tree) addNode(parent int32, isLeft bool, impurity float64, n int32, wn float64) int32 {
	id := int32(len(t.Feature))
	t.Feature = append(t.Feature, -1)
	t.Threshold = append(t.Threshold, 0)
	t.Left = append(t.Left, -1)
	t.Right = append(t.Right, -1)
	t.Impurity = append(t.Impurity, impurity)
	t.NSamples = append(t.NSamples, n)
	t.WeightedNSamples = append(t.WeightedNSamples, wn)
	for k := 0; k < t.Width; k++ {
		t.Value = append(t.Value, 0)
	}
	if parent >= 0 {
		if isLeft {
			t.Left[parent] = id
		} else {
			t.Right[parent] = id
		}
	}
	return id
}

// Leaf returns the index of the leaf row falls into (row holds at least as many
// features as the tree uses). A row goes right when its value is above the threshold,
// left otherwise (so NaN goes left; the estimators reject NaN before).
func (t *Tree) Leaf(row []float64) int32 {
	n := int32(0)
	feat, thr, left, right := t.Feature, t.Threshold, t.Left, t.Right
	for {
		f := feat[n]
		if f < 0 {
			return n
		}
		if row[f] > thr[n] {
			n = right[n]
		} else {
			n = left[n]
		}
	}
}

// Apply writes the leaf index of every row of X into out (len rows).
func (t *Tree) Apply(X *mat.Dense, out []int32) {
	raw := X.RawMatrix()
	t.applyRows(t.packed(raw.Rows), raw, 0, raw.Rows, out)
}

// Predict writes rows × Width leaf values of X into out, row-major. It only reads t,
// so any number of goroutines may call it at once.
func (t *Tree) Predict(X *mat.Dense, out []float64) {
	raw := X.RawMatrix()
	w := t.Width
	leaves := make([]int32, min(raw.Rows, predictBlock))
	nodes := t.packed(raw.Rows)
	for lo := 0; lo < raw.Rows; lo += predictBlock {
		hi := min(lo+predictBlock, raw.Rows)
		t.applyRows(nodes, raw, lo, hi, leaves)
		for i := lo; i < hi; i++ {
			leaf := int(leaves[i-lo])
			copy(out[i*w:(i+1)*w], t.Value[leaf*w:(leaf+1)*w])
		}
	}
}

// predictBlock is the number of rows applyRows walks down the tree together.
const predictBlock = 256

// node is one node packed for prediction (16 bytes, four per cache line): the two
// children of a split are stored next to each other, at kids and kids+1. A leaf loops
// to itself (feat 0, thr +Inf, kids its own slot), so that a walk can take a fixed
// number of steps without testing for leaves.
type node struct {
	thr  float64
	feat int32
	kids int32
}

// packedTree is a tree laid out for prediction: nodes in breadth-first order with
// siblings side by side, the tree index of the leaf at each slot, and the depth.
type packedTree struct {
	nodes []node
	leaf  []int32 // slot → node index in t (leaves only)
	depth int
}

// packed returns the tree laid out for prediction, or nil when rows are too few to
// repay the layout.
func (t *Tree) packed(rows int) *packedTree {
	if rows < 16 || rows*8 < len(t.Feature) {
		return nil
	}
	n := len(t.Feature)
	pt := &packedTree{nodes: make([]node, n), leaf: make([]int32, n)}
	queue := make([]int32, 1, n) // queue[k] = tree node stored at slot k
	depth := make([]int32, 1, n)
	for k := 0; k < len(queue); k++ {
		q := queue[k]
		pt.depth = max(pt.depth, int(depth[k]))
		if t.Feature[q] < 0 {
			pt.nodes[k] = node{math.Inf(1), 0, int32(k)}
			pt.leaf[k] = q
			continue
		}
		pt.nodes[k] = node{t.Threshold[q], t.Feature[q], int32(len(queue))}
		queue = append(queue, t.Left[q], t.Right[q])
		depth = append(depth, depth[k]+1, depth[k]+1)
	}
	return pt
}

// applyRows writes the leaves of rows [lo, hi) of raw into leaves. With a packed
// tree it walks eight rows together for exactly depth steps, without branches, so
// that the rows' memory accesses overlap.
func (t *Tree) applyRows(pt *packedTree, raw blas64.General, lo, hi int, leaves []int32) {
	if pt == nil {
		for i := lo; i < hi; i++ {
			leaves[i-lo] = t.Leaf(raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols])
		}
		return
	}
	const lanes = 8
	nodes := pt.nodes
	var rows [lanes][]float64
	var cur [lanes]int32
	i := lo
	for ; i+lanes <= hi; i += lanes {
		for k := range rows {
			rows[k] = raw.Data[(i+k)*raw.Stride : (i+k)*raw.Stride+raw.Cols]
			cur[k] = 0
		}
		for step := 0; step < pt.depth; step++ {
			for k := 0; k < lanes; k++ {
				nd := nodes[cur[k]]
				next := nd.kids
				if rows[k][nd.feat] > nd.thr {
					next++
				}
				cur[k] = next
			}
			if step&7 == 7 && allLeaves(nodes, &cur) { // unbalanced trees: stop early
				break
			}
		}
		for k := 0; k < lanes; k++ {
			leaves[i+k-lo] = pt.leaf[cur[k]]
		}
	}
	for ; i < hi; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		n := int32(0)
		for {
			nd := nodes[n]
			if nd.kids == n {
				break
			}
			n = nd.kids
			if row[nd.feat] > nd.thr {
				n++
			}
		}
		leaves[i-lo] = pt.leaf[n]
	}
}

// allLeaves reports whether every lane has reached its leaf (a self-loop).
func allLeaves(nodes []node, cur *[8]int32) bool {
	for _, c := range cur {
		if nodes[c].kids != c {
			return false
		}
	}
	return true
}

// DecisionPath appends to dst the nodes row passes through, root first, leaf last.
func (t *Tree) DecisionPath(row []float64, dst []int32) []int32 {
	n := int32(0)
	for {
		dst = append(dst, n)
		f := t.Feature[n]
		if f < 0 {
			return dst
		}
		if row[f] > t.Threshold[n] {
			n = t.Right[n]
		} else {
			n = t.Left[n]
		}
	}
}

// Importances returns, per feature, the total weighted impurity decrease of the
// splits on it, Σ (N_t·i_t − N_left·i_left − N_right·i_right) / N_root with N the
// weighted sample counts: scikit-learn's compute_feature_importances(normalize=False).
// Estimators normalise it to sum 1. Non-finite decreases (Poisson nodes with infinite
// impurity) count as 0.
func (t *Tree) Importances(nFeatures int) []float64 {
	imp := make([]float64, nFeatures)
	if len(t.Feature) == 0 {
		return imp
	}
	for n, f := range t.Feature {
		if f < 0 {
			continue
		}
		l, r := t.Left[n], t.Right[n]
		dec := t.WeightedNSamples[n]*t.Impurity[n] - t.WeightedNSamples[l]*t.Impurity[l] - t.WeightedNSamples[r]*t.Impurity[r]
		if math.IsNaN(dec) || math.IsInf(dec, 0) {
			continue
		}
		imp[f] += dec
	}
	if root := t.WeightedNSamples[0]; root > 0 {
		for j := range imp {
			imp[j] /= root
		}
	}
	return imp
}

// Depth returns the depth of the tree (0 for a single leaf).
func (t *Tree) Depth() int {
	if len(t.Feature) == 0 {
		return 0
	}
	depth := make([]int32, len(t.Feature))
	maxd := int32(0)
	for n, f := range t.Feature { // children have larger indices than parents
		if f < 0 {
			continue
		}
		d := depth[n] + 1
		depth[t.Left[n]], depth[t.Right[n]] = d, d
		maxd = max(maxd, d)
	}
	return int(maxd)
}

// NLeaves returns the number of leaves.
func (t *Tree) NLeaves() int {
	k := 0
	for _, f := range t.Feature {
		if f < 0 {
			k++
		}
	}
	return k
}

// maxNodes bounds the node count Check accepts (a tree of 2^31 nodes cannot be indexed
// by int32 anyway).
const maxNodes = 1 << 30

// Check validates t for loading from an untrusted file: all arrays have one entry per
// node (Value Width per node), Width equals width, every internal node has a feature in
// [0, nFeatures), a finite threshold and two children with indices larger than its own
// and in range (so traversal always ends at a leaf), every child has exactly one
// parent, leaves have Feature, Left and Right -1, values and weights are finite and
// impurities are not NaN. Errors wrap estimator.ErrState.
func (t *Tree) Check(nFeatures, width int) error {
	if err := t.check(nFeatures, width); err != nil {
		return fmt.Errorf("cart.Tree: %w: %w", err, estimator.ErrState)
	}
	return nil
}

func (t *Tree) check(nFeatures, width int) error {
	n := len(t.Feature)
	if n == 0 || n > maxNodes {
		return fmt.Errorf("%d nodes", n)
	}
	if t.Width != width || width <= 0 {
		return fmt.Errorf("Width %d, want %d", t.Width, width)
	}
	if err := estimator.FirstError(
		estimator.CheckLen("Threshold", len(t.Threshold), n),
		estimator.CheckLen("Left", len(t.Left), n),
		estimator.CheckLen("Right", len(t.Right), n),
		estimator.CheckLen("Impurity", len(t.Impurity), n),
		estimator.CheckLen("NSamples", len(t.NSamples), n),
		estimator.CheckLen("WeightedNSamples", len(t.WeightedNSamples), n),
	); err != nil {
		return err
	}
	if len(t.Value) != n*width {
		return fmt.Errorf("Value has %d values, want %d", len(t.Value), n*width)
	}
	if err := estimator.FirstError(
		estimator.CheckFinite("Threshold", t.Threshold...),
		estimator.CheckFinite("Value", t.Value...),
		estimator.CheckFinite("WeightedNSamples", t.WeightedNSamples...),
	); err != nil {
		return err
	}
	hasParent := make([]bool, n)
	for i := 0; i < n; i++ {
		if math.IsNaN(t.Impurity[i]) {
			return fmt.Errorf("Impurity[%d] is NaN", i)
		}
		if t.NSamples[i] < 0 {
			return fmt.Errorf("NSamples[%d] is %d", i, t.NSamples[i])
		}
		f, l, r := t.Feature[i], t.Left[i], t.Right[i]
		if f < 0 {
			if f != -1 || l != -1 || r != -1 {
				return fmt.Errorf("leaf %d has Feature %d, Left %d, Right %d, want -1", i, f, l, r)
			}
			continue
		}
		if int(f) >= nFeatures {
			return fmt.Errorf("Feature[%d] is %d, want < %d", i, f, nFeatures)
		}
		for _, c := range [2]int32{l, r} {
			if c <= int32(i) || int(c) >= n {
				return fmt.Errorf("node %d has child %d, want an index in (%d, %d)", i, c, i, n)
			}
			if hasParent[c] {
				return fmt.Errorf("node %d has two parents", c)
			}
			hasParent[c] = true
		}
		if l == r {
			return fmt.Errorf("node %d has the same left and right child", i)
		}
	}
	for i := 1; i < n; i++ {
		if !hasParent[i] {
			return fmt.Errorf("node %d is unreachable", i)
		}
	}
	return nil
}
