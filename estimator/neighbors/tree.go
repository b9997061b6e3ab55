package neighbors

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/skgo/skgo/estimator"
)

// Algorithm names (scikit-learn's algorithm).
const (
	algAuto     = "auto"
	algBrute    = "brute"
	algKDTree   = "kd_tree"
	algBallTree = "ball_tree"
)

// MaxLeafSize bounds LeafSize.
const MaxLeafSize = 1 << 20

func validateAlgorithm(alg string, leafSize int) error {
	switch alg {
	case "", algAuto, algBrute, algKDTree, algBallTree:
	default:
		return &estimator.ParamError{Param: "Algorithm", Value: alg, Reason: `must be "auto" (default), "brute", "kd_tree" or "ball_tree"`}
	}
	if leafSize < 0 || leafSize > MaxLeafSize {
		return &estimator.ParamError{Param: "LeafSize", Value: leafSize, Reason: fmt.Sprintf("must be in [1, %d] (0 means the default 30)", MaxLeafSize)}
	}
	return nil
}

// resolveAlgorithm is scikit-learn 1.2.1's choice for algorithm="auto": brute force
// above 15 features or when k ≥ n/2 (k = 0 for the radius models, which have no
// n_neighbors), a k-d tree otherwise (every metric here is valid for it).
func resolveAlgorithm(alg string, nFeatures, k, n int) string {
	if alg != "" && alg != algAuto {
		return alg
	}
	if nFeatures > 15 || (k > 0 && k >= n/2) {
		return algBrute
	}
	return algKDTree
}

func resolveLeafSize(l int) int {
	if l == 0 {
		return 30
	}
	return l
}

// spaceTree is a k-d tree or a ball tree over a trainData: a flat array of nodes,
// each owning the rows perm[start:end]. A k-d tree node keeps the bounding box of
// its rows, a ball tree node their centroid and radius (in the metric). Nodes are
// split at the median of the coordinate with the largest spread until they hold at
// most leafSize rows, as scikit-learn's BinaryTree does. Queries are exact: they
// return the same neighbours, distances and order (distance, then training index)
// as the brute-force search, because a node is skipped only when a lower bound on
// its rows' distances exceeds the current bound strictly.
type spaceTree struct {
	kind     string
	leafSize int
	m        metric
	t        *trainData
	perm     []int32
	nodes    []treeNode
	lo, hi   []float64 // k-d tree: per node bounding box, nodes × p
	centre   []float64 // ball tree: per node centroid, nodes × p
	radius   []float64 // ball tree: per node radius (distance, not rdist)
}

type treeNode struct {
	start, end  int32
	left, right int32 // -1 for leaves
}

// buildTree builds the tree iteratively (an explicit stack: no recursion depth to
// overflow). Ties in the median split are resolved by row index, so the tree is a
// deterministic function of the data.
func buildTree(ctx context.Context, kind string, leafSize int, m metric, t *trainData) (*spaceTree, error) {
	p := t.NFeatures
	st := &spaceTree{kind: kind, leafSize: leafSize, m: m, t: t, perm: make([]int32, t.N)}
	for i := range st.perm {
		st.perm[i] = int32(i)
	}
	st.nodes = append(st.nodes, treeNode{start: 0, end: int32(t.N), left: -1, right: -1})
	stack := []int32{0}
	lo := make([]float64, p)
	hi := make([]float64, p)
	for steps := 0; len(stack) > 0; steps++ {
		if steps%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ni := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := st.nodes[ni]
		rows := st.perm[nd.start:nd.end]
		for j := range lo {
			lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		}
		for _, r := range rows {
			for j, v := range t.row(int(r)) {
				lo[j] = min(lo[j], v)
				hi[j] = max(hi[j], v)
			}
		}
		if len(rows) <= leafSize {
			continue
		}
		split, spread := 0, -1.0
		for j := range lo {
			if s := hi[j] - lo[j]; s > spread {
				split, spread = j, s
			}
		}
		if spread <= 0 { // all rows identical: nothing to split
			continue
		}
		mid := len(rows) / 2
		selectNth(rows, mid, func(r int32) float64 { return t.X[int(r)*p+split] })
		l := int32(len(st.nodes))
		st.nodes = append(st.nodes,
			treeNode{start: nd.start, end: nd.start + int32(mid), left: -1, right: -1},
			treeNode{start: nd.start + int32(mid), end: nd.end, left: -1, right: -1})
		st.nodes[ni].left, st.nodes[ni].right = l, l+1
		stack = append(stack, l+1, l)
	}
	st.bounds()
	return st, nil
}

// bounds computes the per-node boxes (k-d tree) or balls (ball tree).
func (st *spaceTree) bounds() {
	p := st.t.NFeatures
	nn := len(st.nodes)
	if st.kind == algKDTree {
		st.lo, st.hi = make([]float64, nn*p), make([]float64, nn*p)
	} else {
		st.centre, st.radius = make([]float64, nn*p), make([]float64, nn)
	}
	for ni, nd := range st.nodes {
		rows := st.perm[nd.start:nd.end]
		if st.kind == algKDTree {
			lo, hi := st.lo[ni*p:(ni+1)*p], st.hi[ni*p:(ni+1)*p]
			for j := range lo {
				lo[j], hi[j] = math.Inf(1), math.Inf(-1)
			}
			for _, r := range rows {
				for j, v := range st.t.row(int(r)) {
					lo[j] = min(lo[j], v)
					hi[j] = max(hi[j], v)
				}
			}
			continue
		}
		c := st.centre[ni*p : (ni+1)*p]
		for _, r := range rows {
			for j, v := range st.t.row(int(r)) {
				c[j] += v
			}
		}
		for j := range c {
			c[j] /= float64(len(rows))
		}
		rad := 0.0
		for _, r := range rows {
			rad = max(rad, st.m.dist(st.m.rdist(c, st.t.row(int(r)))))
		}
		st.radius[ni] = rad
	}
}

// selectNth reorders rows so that rows[n] holds the row a full sort by (key, row
// index) would put there, smaller ones before it and larger ones after (Hoare's
// quickselect with a median-of-three pivot).
func selectNth(rows []int32, n int, key func(int32) float64) {
	less := func(a, b int32) bool {
		ka, kb := key(a), key(b)
		return ka < kb || (ka == kb && a < b)
	}
	lo, hi := 0, len(rows)-1
	for hi > lo {
		mid := lo + (hi-lo)/2
		if less(rows[mid], rows[lo]) {
			rows[mid], rows[lo] = rows[lo], rows[mid]
		}
		if less(rows[hi], rows[lo]) {
			rows[hi], rows[lo] = rows[lo], rows[hi]
		}
		if less(rows[hi], rows[mid]) {
			rows[hi], rows[mid] = rows[mid], rows[hi]
		}
		pivot := rows[mid]
		i, j := lo, hi
		for i <= j {
			for less(rows[i], pivot) {
				i++
			}
			for less(pivot, rows[j]) {
				j--
			}
			if i <= j {
				rows[i], rows[j] = rows[j], rows[i]
				i++
				j--
			}
		}
		switch {
		case n <= j:
			hi = j
		case n >= i:
			lo = i
		default:
			return
		}
	}
}

// minRdist is a lower bound, in rdist units, on the rdist from x to every row of
// node ni. For the k-d tree it is the rdist to the bounding box, computed in the
// same order and with the same operations as rdist, so rounding keeps it below
// every row's computed rdist. For the ball tree it is (d(x, c) − r)⁺ in the metric,
// shrunk by a relative 1e-12 to absorb rounding.
func (st *spaceTree) minRdist(x []float64, ni int) float64 {
	p := st.t.NFeatures
	if st.kind == algKDTree {
		lo, hi := st.lo[ni*p:(ni+1)*p], st.hi[ni*p:(ni+1)*p]
		s := 0.0
		for j, v := range x {
			d := 0.0
			if v < lo[j] {
				d = lo[j] - v
			} else if v > hi[j] {
				d = v - hi[j]
			}
			switch st.m.kind {
			case "euclidean":
				s += d * d
			case "manhattan":
				s += d
			case "chebyshev":
				s = max(s, d)
			default:
				s += math.Pow(d, st.m.p)
			}
		}
		return s
	}
	d := st.m.dist(st.m.rdist(x, st.centre[ni*p:(ni+1)*p])) - st.radius[ni]
	d -= 1e-12 * (d + st.radius[ni])
	if d <= 0 {
		return 0
	}
	switch st.m.kind {
	case "euclidean":
		return d * d
	case "minkowski":
		return math.Pow(d, st.m.p)
	}
	return d
}

// kneighbors is the tree's exact k-nearest search: a depth-first walk visiting the
// nearer child first, skipping a node whose lower bound exceeds the k-th best
// (strictly, so a row tying the k-th distance with a smaller index is still found).
func (st *spaceTree) kneighbors(x []float64, k int, buf *topK, stack []stackItem) ([]float64, []int, []stackItem) {
	buf.h, buf.k = buf.h[:0], k
	worst := math.Inf(1)
	stack = append(stack[:0], stackItem{0, st.minRdist(x, 0)})
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.bound > worst {
			continue
		}
		nd := st.nodes[it.node]
		if nd.left < 0 {
			for _, r := range st.perm[nd.start:nd.end] {
				d := st.m.rdist(x, st.t.row(int(r)))
				if d <= worst {
					buf.push(cand{d, int(r)})
					if len(buf.h) == k {
						worst = buf.h[0].v
					}
				}
			}
			continue
		}
		bl, br := st.minRdist(x, int(nd.left)), st.minRdist(x, int(nd.right))
		if bl <= br { // push the farther first: the nearer is visited next
			stack = append(stack, stackItem{nd.right, br}, stackItem{nd.left, bl})
		} else {
			stack = append(stack, stackItem{nd.left, bl}, stackItem{nd.right, br})
		}
	}
	slices.SortFunc(buf.h, cmpCand)
	dist := make([]float64, len(buf.h))
	idx := make([]int, len(buf.h))
	for i, c := range buf.h {
		dist[i], idx[i] = st.m.dist(c.v), c.i
	}
	return dist, idx, stack
}

type stackItem struct {
	node  int32
	bound float64
}

// radius returns the rows within distance r of x (the brute search's test
// dist(rdist) <= r), sorted by distance then index, or by index when byIndex is set.
func (st *spaceTree) radiusSearch(x []float64, r float64, byIndex bool, stack []stackItem) ([]float64, []int, []stackItem) {
	var cs []cand
	stack = append(stack[:0], stackItem{0, st.minRdist(x, 0)})
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if st.m.dist(it.bound) > r {
			continue
		}
		nd := st.nodes[it.node]
		if nd.left < 0 {
			for _, row := range st.perm[nd.start:nd.end] {
				if d := st.m.rdist(x, st.t.row(int(row))); st.m.dist(d) <= r {
					cs = append(cs, cand{d, int(row)})
				}
			}
			continue
		}
		stack = append(stack, stackItem{nd.right, st.minRdist(x, int(nd.right))}, stackItem{nd.left, st.minRdist(x, int(nd.left))})
	}
	if byIndex {
		slices.SortFunc(cs, func(a, b cand) int { return a.i - b.i })
	} else {
		slices.SortFunc(cs, cmpCand)
	}
	dist := make([]float64, len(cs))
	idx := make([]int, len(cs))
	for i, c := range cs {
		dist[i], idx[i] = st.m.dist(c.v), c.i
	}
	return dist, idx, stack
}
