package cluster

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Predictor      = (*AgglomerativeClustering)(nil)
	_ estimator.Validator      = (*AgglomerativeClustering)(nil)
	_ estimator.StateMarshaler = (*AgglomerativeClustering)(nil)
)

// MaxAgglomerativeSamples bounds the rows AgglomerativeClustering accepts: the
// ward, complete and average linkages hold the n(n−1)/2 pairwise distances (at
// this bound, 2²⁷ float64 values, 1 GiB), and every linkage takes O(n²) time.
const MaxAgglomerativeSamples = 1 << 14

// AgglomerativeClustering is bottom-up hierarchical clustering (scikit-learn:
// cluster.AgglomerativeClustering, 1.2.1, without a connectivity constraint): each
// row starts as a cluster and the two closest clusters merge until one is left; the
// tree is then cut into NClusters clusters, or where merges are at least
// DistanceThreshold apart.
//
// The tree and the labels are exactly scikit-learn's: "ward", "complete" and
// "average" use scipy's nearest-neighbour chain (scipy.cluster.hierarchy.linkage)
// with its Lance–Williams updates, "single" uses scikit-learn's minimum spanning
// tree (Prim) and edge labelling, and the cut numbers clusters as scikit-learn's
// _hc_cut does (a Python heapq of the tree's top nodes). Ties between equal
// distances fall the same way as long as the distances are computed to the same
// bits, which holds on the tested data sets (iris, with its duplicate rows, and
// blobs).
//
// Predict is not in scikit-learn (which has only fit_predict): it gives each row
// the label of its nearest training row under Metric, so the model keeps a copy of
// the training rows.
//
// Memory and time are quadratic in the rows, which are bounded by
// MaxAgglomerativeSamples. The zero value is scikit-learn's default
// AgglomerativeClustering() (n_clusters=2, metric="euclidean", linkage="ward").
type AgglomerativeClustering struct {
	// NClusters is the number of clusters to cut the tree into, at most the rows
	// of X; 0 means 2, unless DistanceThreshold is set: then it must be 0
	// (scikit-learn's n_clusters=None).
	NClusters int
	// Metric is the distance between rows: "euclidean" (the default, also ""),
	// "l2" (the same), "manhattan" ("l1", "cityblock"), "chebyshev" or "cosine"
	// (1 − cosine similarity; rows of zero norm are rejected). "ward" needs
	// "euclidean".
	Metric string
	// Linkage is the distance between clusters: "ward" (the default, also "": the
	// increase of within-cluster variance), "complete" (maximum distance),
	// "average" (mean distance) or "single" (minimum distance).
	Linkage string
	// DistanceThreshold, when > 0, cuts the tree at this merge distance (the
	// number of clusters is then 1 + the merges at distance >= DistanceThreshold)
	// instead of into NClusters clusters. 0 means unset (scikit-learn's None; a
	// threshold of exactly 0 is not expressible, use the smallest positive value).
	DistanceThreshold float64
	// ComputeFullTree is "auto" (the default, also ""), "true" or "false". Without
	// a connectivity constraint scikit-learn always builds the full tree, so it only
	// matters for validation: "false" with DistanceThreshold is an error.
	ComputeFullTree string
	// ComputeDistances keeps the merge distances (Distances) even without
	// DistanceThreshold.
	ComputeDistances bool

	fit *aggloFit // nil until Fit succeeds
}

// aggloFit is the learned state; fields are exported for gob.
type aggloFit struct {
	NFeatures int
	NLeaves   int
	NClusters int
	Children  []int     // (NLeaves−1)×2, row-major
	Distances []float64 // NLeaves−1 merge distances, or nil
	Labels    []int
	X         []float64 // NLeaves×NFeatures training rows, for Predict
	Metric    string    // resolved metric
}

const aggloStateVersion = 1

// Check validates decoded state: sizes, finite values, labels in range, and a
// children table that is a binary tree (each node merged once, from earlier
// nodes only, so it is acyclic).
func (f *aggloFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("NLeaves", f.NLeaves, 2, MaxAgglomerativeSamples),
	); err != nil {
		return err
	}
	n := f.NLeaves
	if n > estimator.MaxCopyElements/f.NFeatures {
		return fmt.Errorf("NLeaves×NFeatures = %d×%d exceeds %d", n, f.NFeatures, estimator.MaxCopyElements)
	}
	if err := estimator.FirstError(
		estimator.CheckCount("NClusters", f.NClusters, 1, n),
		estimator.CheckLen("Children", len(f.Children), 2*(n-1)),
		estimator.CheckLen("Labels", len(f.Labels), n),
		estimator.CheckIndex("Labels", f.Labels, f.NClusters),
		estimator.CheckLen("X", len(f.X), n*f.NFeatures),
		estimator.CheckFinite("X", f.X...),
		estimator.CheckFinite("Distances", f.Distances...),
	); err != nil {
		return err
	}
	if f.Distances != nil {
		if err := estimator.CheckLen("Distances", len(f.Distances), n-1); err != nil {
			return err
		}
	}
	if _, err := resolveAggloMetric(f.Metric); err != nil || f.Metric == "" {
		return fmt.Errorf("Metric %q is not a resolved metric", f.Metric)
	}
	used := make([]bool, 2*n-1)
	for i, c := range f.Children {
		if c < 0 || c >= n+i/2 || used[c] {
			return fmt.Errorf("Children[%d][%d] = %d is not an unmerged earlier node", i/2, i%2, c)
		}
		used[c] = true
	}
	return nil
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (a *AgglomerativeClustering) Validate() error {
	if a.NClusters < 0 || a.NClusters > MaxAgglomerativeSamples {
		return &estimator.ParamError{Param: "NClusters", Value: a.NClusters, Reason: fmt.Sprintf("must be in [0, %d] (0 means 2)", MaxAgglomerativeSamples)}
	}
	if math.IsNaN(a.DistanceThreshold) || math.IsInf(a.DistanceThreshold, 0) || a.DistanceThreshold < 0 {
		return &estimator.ParamError{Param: "DistanceThreshold", Value: a.DistanceThreshold, Reason: "must be finite and >= 0 (0 means unset)"}
	}
	if a.DistanceThreshold > 0 && a.NClusters != 0 {
		return &estimator.ParamError{Param: "NClusters", Value: a.NClusters, Reason: "must be 0 when DistanceThreshold is set (exactly one of them)"}
	}
	metric, err := resolveAggloMetric(a.Metric)
	if err != nil {
		return err
	}
	switch a.Linkage {
	case "", "ward":
		if a.Metric != "" && a.Metric != "euclidean" {
			return &estimator.ParamError{Param: "Metric", Value: a.Metric, Reason: `ward linkage needs "euclidean"`}
		}
	case "complete", "average", "single":
	default:
		return &estimator.ParamError{Param: "Linkage", Value: a.Linkage, Reason: `must be "ward", "complete", "average" or "single"`}
	}
	_ = metric
	switch a.ComputeFullTree {
	case "", "auto", "true":
	case "false":
		if a.DistanceThreshold > 0 {
			return &estimator.ParamError{Param: "ComputeFullTree", Value: a.ComputeFullTree, Reason: "must not be \"false\" when DistanceThreshold is set"}
		}
	default:
		return &estimator.ParamError{Param: "ComputeFullTree", Value: a.ComputeFullTree, Reason: `must be "auto", "true" or "false"`}
	}
	return nil
}

// resolveAggloMetric maps the Metric names to "euclidean", "manhattan",
// "chebyshev" or "cosine".
func resolveAggloMetric(m string) (string, error) {
	switch m {
	case "", "euclidean", "l2":
		return "euclidean", nil
	case "manhattan", "l1", "cityblock":
		return "manhattan", nil
	case "chebyshev", "cosine":
		return m, nil
	}
	return "", &estimator.ParamError{Param: "Metric", Value: m, Reason: `must be "euclidean", "l2", "manhattan", "l1", "cityblock", "chebyshev" or "cosine"`}
}

// Fit builds the tree over the rows of X and cuts it; y is ignored (it may be
// nil). It returns a *estimator.ParamError for bad hyperparameters, and an error
// wrapping estimator.ErrInvalidData for empty or non-finite X, fewer than 2 rows,
// more than MaxAgglomerativeSamples rows, NClusters above the rows, rows of zero
// norm with "cosine", or distances that overflow float64. It returns ctx.Err() when
// ctx is done. On error the previous model, if any, is kept.
func (a *AgglomerativeClustering) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "cluster.AgglomerativeClustering: "
	if err := a.Validate(); err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	if n < 2 {
		return fmt.Errorf(name+"X has %d row, need at least 2: %w", n, estimator.ErrInvalidData)
	}
	if n > MaxAgglomerativeSamples {
		return fmt.Errorf(name+"X has %d rows, more than MaxAgglomerativeSamples = %d (the pairwise distances would need %d values): %w",
			n, MaxAgglomerativeSamples, n*(n-1)/2, estimator.ErrInvalidData)
	}
	k := a.NClusters
	if k == 0 && a.DistanceThreshold == 0 {
		k = 2
	}
	if k > n {
		return fmt.Errorf(name+"NClusters = %d exceeds the %d rows of X: %w", k, n, estimator.ErrInvalidData)
	}
	metric, _ := resolveAggloMetric(a.Metric)
	xs := make([]float64, 0, n*p)
	for i := 0; i < n; i++ {
		xs = append(xs, x.RawRowView(i)...)
	}
	var norms []float64
	if metric == "cosine" {
		norms = make([]float64, n)
		for i := range norms {
			r := xs[i*p : (i+1)*p]
			norms[i] = math.Sqrt(dot(r, r))
			if !(norms[i] > 0) || math.IsInf(norms[i], 0) {
				return fmt.Errorf(name+"row %d has norm %v; the cosine distance needs a finite, non-zero norm: %w", i, norms[i], estimator.ErrInvalidData)
			}
		}
	}
	dist := func(i, j int) float64 {
		return aggloDist(metric, xs[i*p:(i+1)*p], xs[j*p:(j+1)*p], norms, i, j)
	}
	var z []linkRow
	if a.Linkage == "single" && metric != "cosine" {
		z, err = sklearnSingle(ctx, n, dist)
	} else {
		var d []float64
		d, err = condensed(ctx, n, dist)
		if err == nil {
			if a.Linkage == "single" {
				z, err = scipySingle(ctx, n, d)
			} else {
				z, err = nnChain(ctx, n, d, a.Linkage)
			}
		}
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return fmt.Errorf(name+"%w", err)
	}
	f := &aggloFit{NFeatures: p, NLeaves: n, X: xs, Metric: metric, Children: make([]int, 0, 2*(n-1))}
	dists := make([]float64, n-1)
	for i, r := range z {
		f.Children = append(f.Children, r.a, r.b)
		dists[i] = r.d
		if math.IsNaN(r.d) || math.IsInf(r.d, 0) {
			return fmt.Errorf(name+"merge distance %v (data too extreme for float64?): %w", r.d, estimator.ErrInvalidData)
		}
	}
	if a.DistanceThreshold > 0 {
		k = 1
		for _, d := range dists {
			if d >= a.DistanceThreshold {
				k++
			}
		}
	}
	if a.DistanceThreshold > 0 || a.ComputeDistances {
		f.Distances = dists
	}
	f.NClusters = k
	f.Labels = hcCut(k, f.Children, n)
	a.fit = f
	return nil
}

func dot(a, b []float64) float64 {
	s := 0.0
	for j, v := range a {
		s += v * b[j]
	}
	return s
}

// aggloDist is the distance between rows a and b (indices i and j), computed in
// scipy's / scikit-learn's order of operations.
func aggloDist(metric string, a, b, norms []float64, i, j int) float64 {
	switch metric {
	case "manhattan":
		s := 0.0
		for k, v := range a {
			s += math.Abs(v - b[k])
		}
		return s
	case "chebyshev":
		s := 0.0
		for k, v := range a {
			s = math.Max(s, math.Abs(v-b[k]))
		}
		return s
	case "cosine":
		c := dot(a, b) / (norms[i] * norms[j])
		if math.Abs(c) > 1 {
			c = math.Copysign(1, c)
		}
		return 1 - c
	}
	s := 0.0
	for k, v := range a {
		d := v - b[k]
		s += d * d
	}
	return math.Sqrt(s)
}

// condensedIndex is scipy's index of the pair (i, j), i != j, in a condensed
// distance matrix of n points.
func condensedIndex(n, i, j int) int {
	if i > j {
		i, j = j, i
	}
	return n*i - i*(i+1)/2 + (j - i - 1)
}

// condensed returns scipy's pdist: the n(n−1)/2 distances of the pairs i < j in
// row order, rows computed in parallel.
func condensed(ctx context.Context, n int, dist func(i, j int) float64) ([]float64, error) {
	d := make([]float64, n*(n-1)/2)
	err := parallel.Run(ctx, n-1, 0, func(_ context.Context, i int) error {
		base := condensedIndex(n, i, i+1)
		for j := i + 1; j < n; j++ {
			v := dist(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("the distance between rows %d and %d is %v (data too extreme for float64?): %w", i, j, v, estimator.ErrInvalidData)
			}
			d[base+j-i-1] = v
		}
		return nil
	})
	return d, err
}

// linkRow is one merge: clusters a and b at distance d.
type linkRow struct {
	a, b int
	d    float64
}

// lanceWilliams returns scipy's distance update for the merge of x and y (sizes nx,
// ny, at distance dxy) seen from a cluster i of size ni.
func lanceWilliams(linkage string, dxi, dyi, dxy float64, nx, ny, ni int) float64 {
	switch linkage {
	case "complete":
		if dxi > dyi {
			return dxi
		}
		return dyi
	case "average":
		return (float64(nx)*dxi + float64(ny)*dyi) / float64(nx+ny)
	}
	// ward
	t := 1.0 / float64(nx+ny+ni)
	return math.Sqrt(float64(ni+nx)*t*dxi*dxi + float64(ni+ny)*t*dyi*dyi - float64(ni)*t*dxy*dxy)
}

// nnChain is scipy's nn_chain (_hierarchy.pyx) for "ward", "complete" and
// "average": merges in chain order, then sorted stably by distance and relabelled
// by scipy's label(). d is modified.
func nnChain(ctx context.Context, n int, d []float64, linkage string) ([]linkRow, error) {
	z := make([]linkRow, n-1)
	size := make([]int, n)
	for i := range size {
		size[i] = 1
	}
	chain := make([]int, n)
	chainLen := 0
	y := 0
	for k := 0; k < n-1; k++ {
		if k&63 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if chainLen == 0 {
			chainLen = 1
			for i := 0; i < n; i++ {
				if size[i] > 0 {
					chain[0] = i
					break
				}
			}
		}
		var x int
		var cur float64
		for {
			x = chain[chainLen-1]
			if chainLen > 1 {
				y = chain[chainLen-2]
				cur = d[condensedIndex(n, x, y)]
			} else {
				cur = math.Inf(1)
			}
			for i := 0; i < n; i++ {
				if size[i] == 0 || x == i {
					continue
				}
				if v := d[condensedIndex(n, x, i)]; v < cur {
					cur = v
					y = i
				}
			}
			if chainLen > 1 && y == chain[chainLen-2] {
				break
			}
			chain[chainLen] = y
			chainLen++
		}
		chainLen -= 2
		if x > y {
			x, y = y, x
		}
		nx, ny := size[x], size[y]
		z[k] = linkRow{a: x, b: y, d: cur}
		size[x] = 0
		size[y] = nx + ny
		for i := 0; i < n; i++ {
			ni := size[i]
			if ni == 0 || i == y {
				continue
			}
			iy := condensedIndex(n, i, y)
			d[iy] = lanceWilliams(linkage, d[condensedIndex(n, i, x)], d[iy], cur, nx, ny, ni)
		}
	}
	sort.SliceStable(z, func(i, j int) bool { return z[i].d < z[j].d })
	scipyLabel(z, n)
	return z, nil
}

// scipySingle is scipy's mst_single_linkage (Prim on the condensed distances),
// sorted stably and relabelled as nnChain.
func scipySingle(ctx context.Context, n int, dists []float64) ([]linkRow, error) {
	z := make([]linkRow, n-1)
	merged := make([]bool, n)
	d := make([]float64, n)
	for i := range d {
		d[i] = math.Inf(1)
	}
	x, y := 0, 0
	for k := 0; k < n-1; k++ {
		if k&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		cur := math.Inf(1)
		merged[x] = true
		for i := 0; i < n; i++ {
			if merged[i] {
				continue
			}
			if v := dists[condensedIndex(n, x, i)]; d[i] > v {
				d[i] = v
			}
			if d[i] < cur {
				y = i
				cur = d[i]
			}
		}
		z[k] = linkRow{a: x, b: y, d: cur}
		x = y
	}
	sort.SliceStable(z, func(i, j int) bool { return z[i].d < z[j].d })
	scipyLabel(z, n)
	return z, nil
}

// scipyLabel is scipy's label(): it replaces the point indices of each merge by the
// roots of their clusters (new clusters numbered n, n+1, … in merge order), the
// smaller root first.
func scipyLabel(z []linkRow, n int) {
	parent := make([]int, 2*n-1)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		r := x
		for parent[r] != r {
			r = parent[r]
		}
		for parent[x] != r {
			x, parent[x] = parent[x], r
		}
		return r
	}
	next := n
	for i := range z {
		xr, yr := find(z[i].a), find(z[i].b)
		if xr < yr {
			z[i].a, z[i].b = xr, yr
		} else {
			z[i].a, z[i].b = yr, xr
		}
		parent[xr], parent[yr] = next, next
		next++
	}
}

// sklearnSingle is scikit-learn's single linkage for metrics it computes itself:
// mst_linkage_core (Prim from row 0), the edges sorted stably by weight, and
// single_linkage_label (children in edge order, not sorted).
func sklearnSingle(ctx context.Context, n int, dist func(i, j int) float64) ([]linkRow, error) {
	inTree := make([]bool, n)
	cur := make([]float64, n)
	for i := range cur {
		cur[i] = math.Inf(1)
	}
	z := make([]linkRow, n-1)
	node := 0
	for k := 0; k < n-1; k++ {
		if k&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		inTree[node] = true
		best, next := math.Inf(1), 0
		for j := 0; j < n; j++ {
			if inTree[j] {
				continue
			}
			if v := dist(node, j); v < cur[j] {
				cur[j] = v
			}
			if cur[j] < best {
				best, next = cur[j], j
			}
		}
		if math.IsNaN(best) || math.IsInf(best, 0) {
			return nil, fmt.Errorf("a distance from row %d is %v (data too extreme for float64?): %w", node, best, estimator.ErrInvalidData)
		}
		z[k] = linkRow{a: node, b: next, d: best}
		node = next
	}
	sort.SliceStable(z, func(i, j int) bool { return z[i].d < z[j].d })
	// single_linkage_label with scikit-learn's UnionFind.
	parent := make([]int, 2*n-1)
	for i := range parent {
		parent[i] = -1
	}
	find := func(x int) int {
		p := x
		for parent[x] != -1 {
			x = parent[x]
		}
		for p != x && parent[p] != x {
			p, parent[p] = parent[p], x
		}
		return x
	}
	next := n
	for i := range z {
		l, r := find(z[i].a), find(z[i].b)
		z[i].a, z[i].b = l, r
		parent[l], parent[r] = next, next
		next++
	}
	return z, nil
}

// hcCut is scikit-learn's _hc_cut: the top k nodes of the tree are found with a
// Python heapq of negated node ids, and cluster i is the leaves under the node at
// position i of that heap's list.
func hcCut(k int, children []int, n int) []int {
	root := max(children[len(children)-2], children[len(children)-1]) + 1
	h := pyHeap{-root}
	for c := 0; c < k-1; c++ {
		node := -h[0]
		a, b := children[2*(node-n)], children[2*(node-n)+1]
		h.push(-a)
		h.pushPop(-b)
	}
	labels := make([]int, n)
	var stack []int
	for i, v := range h {
		stack = append(stack[:0], -v)
		for len(stack) > 0 {
			node := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if node < n {
				labels[node] = i
				continue
			}
			stack = append(stack, children[2*(node-n)], children[2*(node-n)+1])
		}
	}
	return labels
}

// pyHeap is a min-heap with CPython's heapq algorithms, so that its list order is
// Python's.
type pyHeap []int

func (h *pyHeap) push(v int) {
	*h = append(*h, v)
	h.siftDown(0, len(*h)-1)
}

// pushPop is heapq.heappushpop: push v, then pop and return the smallest.
func (h pyHeap) pushPop(v int) int {
	if len(h) > 0 && h[0] < v {
		v, h[0] = h[0], v
		h.siftUp(0)
	}
	return v
}

// siftDown is heapq._siftdown: move the item at pos up towards start.
func (h pyHeap) siftDown(start, pos int) {
	item := h[pos]
	for pos > start {
		pp := (pos - 1) >> 1
		parent := h[pp]
		if item < parent {
			h[pos] = parent
			pos = pp
			continue
		}
		break
	}
	h[pos] = item
}

// siftUp is heapq._siftup: move the smaller child up until a leaf, then sift the
// item down.
func (h pyHeap) siftUp(pos int) {
	end := len(h)
	start := pos
	item := h[pos]
	child := 2*pos + 1
	for child < end {
		right := child + 1
		if right < end && !(h[child] < h[right]) {
			child = right
		}
		h[pos] = h[child]
		pos = child
		child = 2*pos + 1
	}
	h[pos] = item
	h.siftDown(start, pos)
}

// Predict gives each row of X the label of its nearest training row under Metric,
// the first on ties (not in scikit-learn; see the type's doc). It returns
// estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature count
// and estimator.ErrInvalidData for empty or non-finite X, or with "cosine" a row of
// zero norm.
func (a *AgglomerativeClustering) Predict(X mat.Matrix) ([]float64, error) {
	const name = "cluster.AgglomerativeClustering: "
	if a.fit == nil {
		return nil, fmt.Errorf(name+"%w", estimator.ErrNotFitted)
	}
	f := a.fit
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf(name+"%w", err)
	}
	m, p := x.Dims()
	var tn []float64
	if f.Metric == "cosine" {
		tn = make([]float64, f.NLeaves)
		for j := range tn {
			r := f.X[j*p : (j+1)*p]
			tn[j] = math.Sqrt(dot(r, r))
		}
	}
	out := make([]float64, m)
	const grain = 64
	err = parallel.Run(context.Background(), parallel.NumChunks(m, grain), 0, func(_ context.Context, c int) error {
		norms := []float64{0}
		if tn != nil {
			norms = append(norms, tn...)
		}
		for i := c * grain; i < min((c+1)*grain, m); i++ {
			q := x.RawRowView(i)
			if tn != nil {
				norms[0] = math.Sqrt(dot(q, q))
				if !(norms[0] > 0) || math.IsInf(norms[0], 0) {
					return fmt.Errorf("row %d has norm %v; the cosine distance needs a finite, non-zero norm: %w", i, norms[0], estimator.ErrInvalidData)
				}
			}
			best, bestD := 0, math.Inf(1)
			for j := 0; j < f.NLeaves; j++ {
				d := aggloDist(f.Metric, q, f.X[j*p:(j+1)*p], norms, 0, j+1)
				if d < bestD {
					best, bestD = j, d
				}
			}
			out[i] = float64(f.Labels[best])
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf(name+"%w", err)
	}
	return out, nil
}

// FitPredict fits the model and returns Labels() (scikit-learn's fit_predict).
// Errors as for Fit.
func (a *AgglomerativeClustering) FitPredict(ctx context.Context, X mat.Matrix, y []float64) ([]float64, error) {
	if err := a.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return a.Labels(), nil
}

// Labels returns a copy of the cluster labels of the training rows (scikit-learn's
// labels_), or nil before Fit.
func (a *AgglomerativeClustering) Labels() []float64 {
	if a.fit == nil {
		return nil
	}
	out := make([]float64, len(a.fit.Labels))
	for i, l := range a.fit.Labels {
		out[i] = float64(l)
	}
	return out
}

// NClustersFound returns the number of clusters of the cut (scikit-learn's
// n_clusters_: NClusters, or the count from DistanceThreshold), or 0 before Fit.
func (a *AgglomerativeClustering) NClustersFound() int {
	if a.fit == nil {
		return 0
	}
	return a.fit.NClusters
}

// Children returns a copy of the merges (scikit-learn's children_): merge i joins
// nodes Children()[i][0] and [1] into node NLeaves()+i, where nodes below NLeaves()
// are training rows. It is nil before Fit.
func (a *AgglomerativeClustering) Children() [][2]int {
	if a.fit == nil {
		return nil
	}
	out := make([][2]int, a.fit.NLeaves-1)
	for i := range out {
		out[i] = [2]int{a.fit.Children[2*i], a.fit.Children[2*i+1]}
	}
	return out
}

// Distances returns a copy of the merge distances (scikit-learn's distances_),
// nil before Fit or unless DistanceThreshold or ComputeDistances was set.
func (a *AgglomerativeClustering) Distances() []float64 {
	if a.fit == nil {
		return nil
	}
	return slices.Clone(a.fit.Distances)
}

// NLeaves returns the number of leaves of the tree, the rows of X (scikit-learn's
// n_leaves_), or 0 before Fit.
func (a *AgglomerativeClustering) NLeaves() int {
	if a.fit == nil {
		return 0
	}
	return a.fit.NLeaves
}

// NConnectedComponents returns 1 after Fit (scikit-learn's n_connected_components_;
// without a connectivity constraint the graph is complete), or 0 before.
func (a *AgglomerativeClustering) NConnectedComponents() int {
	if a.fit == nil {
		return 0
	}
	return 1
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (a *AgglomerativeClustering) MarshalState() ([]byte, error) {
	return estimator.EncodeState(aggloStateVersion, a.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Inconsistent sizes, a children table that is not a binary tree,
// labels out of range, non-finite values or an unknown metric give an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (a *AgglomerativeClustering) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, aggloStateVersion, &a.fit); err != nil {
		return fmt.Errorf("cluster.AgglomerativeClustering: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (a *AgglomerativeClustering) String() string { return estimator.Format(a) }
