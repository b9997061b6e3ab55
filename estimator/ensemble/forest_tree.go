package ensemble

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
)

// forestNode is one node of a forest's tree, packed for prediction into 16 bytes
// (four per cache line), with the two children of a split side by side (cart.Tree
// keeps each field in its own array, plus impurities and sample counts that a fitted
// forest no longer needs).
type forestNode struct {
	// Threshold: go left when x[Feature] <= Threshold. At a leaf it holds the
	// regressor's prediction, or the classifier's row of class fractions in
	// forestTree.Value (a whole number).
	Threshold float64
	// Feature is the split feature, -1 at a leaf.
	Feature int32
	// Kids is the slot of the left child (the right child is at Kids+1), or at a
	// leaf the node's index in cart's (scikit-learn's) numbering, which Apply
	// reports.
	Kids int32
}

// forestTree is one fitted tree of a forest: the nodes in breadth-first order
// (children after their parent, siblings together), the class fractions of a
// classifier's leaves, and the tree's normalised impurity-based feature importances.
type forestTree struct {
	Nodes []forestNode
	// Value holds leaves × classes fractions (nil for a regressor).
	Value []float64
	// Importance holds the tree's feature importances normalised to sum 1 (zeros
	// when no split decreased the impurity); nil for a tree with a single node.
	Importance []float64
}

// forestPack converts a grown cart tree (width = classes, or 1 for regression).
func forestPack(t *cart.Tree, nFeatures int) forestTree {
	n := t.Nodes()
	w := t.Width
	ft := forestTree{Nodes: make([]forestNode, n)}
	if w > 1 {
		ft.Value = make([]float64, 0, (n+1)/2*w)
	}
	queue := make([]int32, 1, n) // queue[k]: the cart node stored at slot k
	leaves := 0
	for k := 0; k < len(queue); k++ {
		i := queue[k]
		nd := &ft.Nodes[k]
		nd.Feature = t.Feature[i]
		if nd.Feature >= 0 {
			nd.Threshold, nd.Kids = t.Threshold[i], int32(len(queue))
			queue = append(queue, t.Left[i], t.Right[i])
			continue
		}
		nd.Kids = i
		if w == 1 {
			nd.Threshold = t.Value[i]
			continue
		}
		nd.Threshold = float64(leaves)
		ft.Value = append(ft.Value, t.Value[int(i)*w:int(i+1)*w]...)
		leaves++
	}
	if n > 1 {
		imp := t.Importances(nFeatures)
		s := 0.0
		for _, v := range imp {
			s += v
		}
		if s > 0 {
			for j := range imp {
				imp[j] /= s
			}
		}
		ft.Importance = imp
	}
	return ft
}

// leaf returns the slot of the leaf row falls into.
func (t *forestTree) leaf(row []float64) int32 {
	nodes := t.Nodes
	i := int32(0)
	for {
		nd := &nodes[i]
		if nd.Feature < 0 {
			return i
		}
		next := nd.Kids
		if !(row[nd.Feature] <= nd.Threshold) {
			next++
		}
		i = next
	}
}

// forestLanes is the number of rows leaves walks down a tree together: their node
// loads are independent, so the cache misses of a deep tree overlap.
const forestLanes = 8

// leaves stores in out[i-lo] the slot of the leaf row i of raw falls into, for i in
// [lo, hi).
func (t *forestTree) leaves(raw blas64.General, lo, hi int, out []int32) {
	nodes := t.Nodes
	i := lo
	var rows [forestLanes][]float64
	var cur [forestLanes]int32
	for ; i+forestLanes <= hi; i += forestLanes {
		for k := range rows {
			rows[k] = raw.Data[(i+k)*raw.Stride : (i+k)*raw.Stride+raw.Cols]
			cur[k] = 0
		}
		for active := true; active; {
			active = false
			for k := 0; k < forestLanes; k++ {
				nd := &nodes[cur[k]]
				if nd.Feature < 0 {
					continue
				}
				active = true
				next := nd.Kids
				if !(rows[k][nd.Feature] <= nd.Threshold) {
					next++
				}
				cur[k] = next
			}
		}
		copy(out[i-lo:], cur[:])
	}
	for ; i < hi; i++ {
		out[i-lo] = t.leaf(raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols])
	}
}

// classRow returns the class fractions of leaf slot i of a classifier's tree.
func (t *forestTree) classRow(i int32, width int) []float64 {
	k := int(t.Nodes[i].Threshold)
	return t.Value[k*width : (k+1)*width]
}

// forestMaxNodes bounds the nodes of one tree that Check accepts.
const forestMaxNodes = 1 << 30

// check validates a decoded tree: every split has a feature in [0, nFeatures), a
// finite threshold and its children in two slots after its own (so a traversal always
// ends), every slot but the root has exactly one parent, leaves have Feature -1 and
// a node index in [0, nodes), each index once; a regressor's leaf holds a finite
// value, a classifier's leaf its own row of finite class fractions (rows in slot
// order), and the importances are finite and >= 0.
func (t *forestTree) check(nFeatures, width int) error {
	n := len(t.Nodes)
	if n == 0 || n > forestMaxNodes {
		return fmt.Errorf("%d nodes", n)
	}
	hasParent := make([]bool, n)
	seen := make([]bool, n)
	leaves := 0
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		if math.IsNaN(nd.Threshold) || math.IsInf(nd.Threshold, 0) {
			return fmt.Errorf("node %d has threshold %v", i, nd.Threshold)
		}
		if nd.Feature < 0 {
			if nd.Feature != -1 {
				return fmt.Errorf("leaf %d has Feature %d, want -1", i, nd.Feature)
			}
			if nd.Kids < 0 || int(nd.Kids) >= n || seen[nd.Kids] {
				return fmt.Errorf("leaf %d has node index %d (out of range or repeated)", i, nd.Kids)
			}
			seen[nd.Kids] = true
			if width > 1 && nd.Threshold != float64(leaves) {
				return fmt.Errorf("leaf %d has class row %v, want %d", i, nd.Threshold, leaves)
			}
			leaves++
			continue
		}
		if int(nd.Feature) >= nFeatures {
			return fmt.Errorf("node %d has feature %d, want < %d", i, nd.Feature, nFeatures)
		}
		if nd.Kids <= int32(i) || int(nd.Kids) >= n-1 {
			return fmt.Errorf("node %d has children at %d, want a slot in (%d, %d)", i, nd.Kids, i, n-1)
		}
		for _, c := range [2]int32{nd.Kids, nd.Kids + 1} {
			if hasParent[c] {
				return fmt.Errorf("node %d has two parents", c)
			}
			hasParent[c] = true
		}
	}
	for i := 1; i < n; i++ {
		if !hasParent[i] {
			return fmt.Errorf("node %d is unreachable", i)
		}
	}
	if width > 1 {
		if len(t.Value) != leaves*width {
			return fmt.Errorf("Value has %d values, want %d", len(t.Value), leaves*width)
		}
		if err := estimator.CheckFinite("Value", t.Value...); err != nil {
			return err
		}
	} else if len(t.Value) != 0 {
		return fmt.Errorf("a regression tree has %d class values", len(t.Value))
	}
	if n == 1 {
		if t.Importance != nil {
			return fmt.Errorf("a single-node tree has importances")
		}
		return nil
	}
	if err := estimator.CheckLen("Importance", len(t.Importance), nFeatures); err != nil {
		return err
	}
	for j, v := range t.Importance {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("Importance[%d] is %v", j, v)
		}
	}
	return nil
}
