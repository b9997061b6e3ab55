package ensemble

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/estimator"
)

// hgbTree is a fitted tree as a flat node array (gob-encoded in the learned state).
// Node 0 is the root; a node whose Left is 0 is a leaf with value Value. An internal
// node sends a row left when its feature is NaN and MissingLeft is set, or when the
// value is ≤ Threshold (numeric), or when it is a category whose bit is set in
// CatBits[Cat] (categorical: Cat ≥ 0). Children always come after their parent.
type hgbTree struct {
	Feature     []int32
	Threshold   []float64
	Left, Right []int32
	MissingLeft []bool
	Cat         []int32 // index into CatBits, -1 for numeric splits
	CatBits     [][4]uint64
	Value       []float64
}

// hgbMaxNodes bounds the nodes of one decoded tree.
const hgbMaxNodes = 1 << 26

// check validates a decoded tree: equal lengths, children after their parent and
// each node reached once (so prediction ends), features in range, no NaN threshold,
// finite leaf values.
func (t *hgbTree) check(nFeatures int) error {
	n := len(t.Value)
	if n < 1 || n > hgbMaxNodes {
		return fmt.Errorf("tree has %d nodes", n)
	}
	if err := estimator.FirstError(
		estimator.CheckLen("Feature", len(t.Feature), n),
		estimator.CheckLen("Threshold", len(t.Threshold), n),
		estimator.CheckLen("Left", len(t.Left), n),
		estimator.CheckLen("Right", len(t.Right), n),
		estimator.CheckLen("MissingLeft", len(t.MissingLeft), n),
		estimator.CheckLen("Cat", len(t.Cat), n),
	); err != nil {
		return err
	}
	parents := make([]uint8, n)
	for i := 0; i < n; i++ {
		if t.Left[i] == 0 && t.Right[i] == 0 {
			if math.IsNaN(t.Value[i]) || math.IsInf(t.Value[i], 0) {
				return fmt.Errorf("leaf %d has value %v", i, t.Value[i])
			}
			continue
		}
		l, r := int(t.Left[i]), int(t.Right[i])
		if l <= i || r <= i || l >= n || r >= n || l == r {
			return fmt.Errorf("node %d has children %d and %d, want distinct nodes after it", i, l, r)
		}
		parents[l]++
		parents[r]++
		if parents[l] > 1 || parents[r] > 1 {
			return fmt.Errorf("node %d: a child is shared", i)
		}
		if f := t.Feature[i]; f < 0 || int(f) >= nFeatures {
			return fmt.Errorf("node %d splits on feature %d of %d", i, f, nFeatures)
		}
		if math.IsNaN(t.Threshold[i]) {
			return fmt.Errorf("node %d has a NaN threshold", i)
		}
		if c := t.Cat[i]; c < -1 || int(c) >= len(t.CatBits) {
			return fmt.Errorf("node %d has category set %d of %d", i, c, len(t.CatBits))
		}
	}
	return nil
}

// predict returns the value of the leaf row x falls into.
func (t *hgbTree) predict(x []float64) float64 {
	i := int32(0)
	for t.Left[i] != 0 {
		v := x[t.Feature[i]]
		var left bool
		switch {
		case v != v: // NaN
			left = t.MissingLeft[i]
		case t.Cat[i] >= 0:
			if v < 0 {
				left = t.MissingLeft[i] // negative categories count as missing
			} else if v < 256 {
				c := int(v)
				left = t.CatBits[t.Cat[i]][c>>6]&(1<<(c&63)) != 0
			}
		default:
			left = v <= t.Threshold[i]
		}
		if left {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
	return t.Value[i]
}

// nLeaves returns the number of leaves.
func (t *hgbTree) nLeaves() int {
	k := 0
	for _, l := range t.Left {
		if l == 0 {
			k++
		}
	}
	return k
}

// hgbMakeTree converts the grown tree of gr into a predictor tree with leaf values
// vals (by node index; the shrunk values), as scikit-learn's make_predictor.
func hgbMakeTree(gr *hgbGrower, bm *hgbBinMapper, cats [][]float64, vals []float64) hgbTree {
	n := len(gr.nodes)
	t := hgbTree{Feature: make([]int32, n), Threshold: make([]float64, n), Left: make([]int32, n),
		Right: make([]int32, n), MissingLeft: make([]bool, n), Cat: make([]int32, n), Value: make([]float64, n)}
	for i := range gr.nodes {
		nd := &gr.nodes[i]
		t.Cat[i] = -1
		if nd.left < 0 {
			t.Value[i] = vals[i]
			continue
		}
		s := &nd.split
		t.Feature[i] = int32(s.feature)
		t.Left[i], t.Right[i] = int32(nd.left), int32(nd.right)
		t.MissingLeft[i] = s.missingLeft
		if s.isCat {
			var raw [4]uint64
			for b := 0; b < gr.d.nonMissing[s.feature]; b++ {
				if s.catBits[b>>6]&(1<<(b&63)) != 0 {
					c := int(cats[s.feature][b])
					raw[c>>6] |= 1 << (c & 63)
				}
			}
			t.Cat[i] = int32(len(t.CatBits))
			t.CatBits = append(t.CatBits, raw)
			continue
		}
		if s.bin == gr.d.nonMissing[s.feature]-1 {
			t.Threshold[i] = math.Inf(1) // a split of the missing values only
		} else {
			t.Threshold[i] = bm.thresholds[s.feature][s.bin]
		}
	}
	return t
}
