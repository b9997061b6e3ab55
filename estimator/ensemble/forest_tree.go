package ensemble

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
)

// forestNode is one node of a forest's tree, packed so that a traversal touches one
// 24-byte record per level (cart.Tree keeps each field in its own array, and its
// impurities and sample counts, which a fitted forest no longer needs).
type forestNode struct {
	// Threshold: go left when x[Feature] <= Threshold. At a leaf of a regressor it
	// holds the leaf's prediction.
	Threshold float64
	// Feature is the split feature, -1 at a leaf.
	Feature int32
	// Left and Right are the children (indices larger than the node's). At a leaf,
	// Right is -1 and Left is -1 for a regressor, or for a classifier the index of
	// the leaf's class fractions in forestTree.Value.
	Left, Right int32
}

// forestTree is one fitted tree of a forest: the nodes numbered as cart numbers them
// (scikit-learn's order), the class fractions of a classifier's leaves, and the
// tree's normalised impurity-based feature importances.
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
	leaves := 0
	if w > 1 {
		ft.Value = make([]float64, 0, (n+1)/2*w)
	}
	for i := 0; i < n; i++ {
		nd := &ft.Nodes[i]
		nd.Feature = t.Feature[i]
		if nd.Feature >= 0 {
			nd.Threshold, nd.Left, nd.Right = t.Threshold[i], t.Left[i], t.Right[i]
			continue
		}
		nd.Right = -1
		if w == 1 {
			nd.Threshold, nd.Left = t.Value[i], -1
			continue
		}
		nd.Left = int32(leaves)
		ft.Value = append(ft.Value, t.Value[i*w:(i+1)*w]...)
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

// leaf returns the index of the leaf row falls into.
func (t *forestTree) leaf(row []float64) int32 {
	nodes := t.Nodes
	i := int32(0)
	for {
		nd := &nodes[i]
		if nd.Feature < 0 {
			return i
		}
		if row[nd.Feature] <= nd.Threshold {
			i = nd.Left
		} else {
			i = nd.Right
		}
	}
}

// forestMaxNodes bounds the nodes of one tree that Check accepts.
const forestMaxNodes = 1 << 30

// check validates a decoded tree: every internal node has a feature in
// [0, nFeatures), a finite threshold and two distinct children with larger indices
// (so a traversal always ends), every node but the root has exactly one parent,
// leaves have Feature and Right -1 and a regressor's leaf a finite value, a
// classifier's leaf its own row of width finite fractions, and the importances are
// finite and >= 0.
func (t *forestTree) check(nFeatures, width int) error {
	n := len(t.Nodes)
	if n == 0 || n > forestMaxNodes {
		return fmt.Errorf("%d nodes", n)
	}
	hasParent := make([]bool, n)
	leaves := 0
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		if math.IsNaN(nd.Threshold) || math.IsInf(nd.Threshold, 0) {
			return fmt.Errorf("node %d has threshold %v", i, nd.Threshold)
		}
		if nd.Feature < 0 {
			if nd.Feature != -1 || nd.Right != -1 {
				return fmt.Errorf("leaf %d has Feature %d, Right %d, want -1", i, nd.Feature, nd.Right)
			}
			want := int32(-1)
			if width > 1 {
				want = int32(leaves)
			}
			if nd.Left != want {
				return fmt.Errorf("leaf %d has Left %d, want %d", i, nd.Left, want)
			}
			leaves++
			continue
		}
		if int(nd.Feature) >= nFeatures {
			return fmt.Errorf("node %d has feature %d, want < %d", i, nd.Feature, nFeatures)
		}
		if nd.Left == nd.Right {
			return fmt.Errorf("node %d has the same child twice", i)
		}
		for _, c := range [2]int32{nd.Left, nd.Right} {
			if c <= int32(i) || int(c) >= n {
				return fmt.Errorf("node %d has child %d, want an index in (%d, %d)", i, c, i, n)
			}
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
