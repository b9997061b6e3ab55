package neighbors

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/gemm"
	"github.com/skgo/skgo/internal/parallel"
)

// MaxNeighbors bounds NNeighbors and the k of KNeighbors.
const MaxNeighbors = 1 << 16

// MaxResults bounds the number of (distance, index) pairs one KNeighbors or
// RadiusNeighbors call returns (2²⁶ pairs, 1 GiB); query larger sets in batches.
const MaxResults = 1 << 26

// blockElems bounds the query-block × training-set scratch matrices: a block of
// queries holds at most this many distances, so no n_query × n_train matrix is
// ever allocated whole.
const blockElems = 1 << 21

// metric is a resolved distance: kind is one of "euclidean", "manhattan",
// "chebyshev" and "minkowski" (with p), as scikit-learn resolves minkowski with p
// = 1, 2 and ∞.
type metric struct {
	kind string
	p    float64
}

func validateMetric(name string, p float64) error {
	switch name {
	case "", "minkowski", "euclidean", "manhattan", "chebyshev":
	default:
		return &estimator.ParamError{Param: "Metric", Value: name, Reason: `must be "minkowski" (default), "euclidean", "manhattan" or "chebyshev"`}
	}
	if p != 0 && !(p >= 1) { // NaN fails too; +Inf is chebyshev
		return &estimator.ParamError{Param: "P", Value: p, Reason: "must be >= 1 or +Inf (0 means the default 2)"}
	}
	return nil
}

func resolveMetric(name string, p float64) metric {
	switch name {
	case "euclidean", "manhattan", "chebyshev":
		return metric{kind: name}
	}
	if p == 0 {
		p = 2
	}
	switch {
	case p == 1:
		return metric{kind: "manhattan"}
	case p == 2:
		return metric{kind: "euclidean"}
	case math.IsInf(p, 1):
		return metric{kind: "chebyshev"}
	}
	return metric{kind: "minkowski", p: p}
}

// rdist is the rank-preserving distance between a and b: the squared distance for
// euclidean, Σ|d|^p for minkowski, the distance itself otherwise.
func (m metric) rdist(a, b []float64) float64 {
	s := 0.0
	switch m.kind {
	case "euclidean":
		for j, v := range a {
			d := v - b[j]
			s += d * d
		}
	case "manhattan":
		for j, v := range a {
			s += math.Abs(v - b[j])
		}
	case "chebyshev":
		for j, v := range a {
			s = max(s, math.Abs(v-b[j]))
		}
	default:
		for j, v := range a {
			s += math.Pow(math.Abs(v-b[j]), m.p)
		}
	}
	return s
}

// dist converts an rdist to the distance.
func (m metric) dist(r float64) float64 {
	switch m.kind {
	case "euclidean":
		return math.Sqrt(r)
	case "minkowski":
		return math.Pow(r, 1/m.p)
	}
	return r
}

// trainData is the stored copy of the training rows; fields exported for gob.
type trainData struct {
	X         []float64 // N×NFeatures, row-major
	N         int
	NFeatures int

	index *spaceTree // the tree Fit built for the model's settings, if any (not saved)
}

// prepare builds, for the settings a model was fitted or loaded with, the k-d or
// ball tree that its queries will use (nothing for brute force), so that queries do
// not rebuild it. Queries with other settings (changed after Fit) build their own.
func (t *trainData) prepare(st settings) {
	t.index = nil
	if kind := resolveAlgorithm(st.alg, t.NFeatures, st.k, t.N); kind != algBrute {
		t.index, _ = buildTree(context.Background(), kind, resolveLeafSize(st.leafSize), st.m, t)
	}
}

func (t *trainData) check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", t.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("N", t.N, 1, math.MaxInt32),
	); err != nil {
		return err
	}
	if t.N > estimator.MaxCopyElements/t.NFeatures {
		return fmt.Errorf("N×NFeatures = %d×%d exceeds %d", t.N, t.NFeatures, estimator.MaxCopyElements)
	}
	return estimator.FirstError(
		estimator.CheckLen("X", len(t.X), t.N*t.NFeatures),
		estimator.CheckFinite("X", t.X...),
	)
}

func copyTrain(x *mat.Dense) trainData {
	n, p := x.Dims()
	out := make([]float64, 0, n*p)
	for i := 0; i < n; i++ {
		out = append(out, x.RawRowView(i)...)
	}
	return trainData{X: out, N: n, NFeatures: p}
}

func (t *trainData) row(j int) []float64 { return t.X[j*t.NFeatures : (j+1)*t.NFeatures] }

// cand is a neighbour candidate; the order is by value, then by training index.
type cand struct {
	v float64
	i int
}

func less(a, b cand) bool { return a.v < b.v || (a.v == b.v && a.i < b.i) }

func cmpCand(a, b cand) int {
	switch {
	case less(a, b):
		return -1
	case less(b, a):
		return 1
	}
	return 0
}

// topK keeps the k smallest candidates in a max-heap.
type topK struct {
	h []cand
	k int
}

func (t *topK) push(c cand) {
	if len(t.h) < t.k {
		t.h = append(t.h, c)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !less(t.h[p], t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if !less(c, t.h[0]) {
		return
	}
	t.h[0] = c
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(t.h) && less(t.h[m], t.h[l]) {
			m = l
		}
		if r < len(t.h) && less(t.h[m], t.h[r]) {
			m = r
		}
		if m == i {
			break
		}
		t.h[i], t.h[m] = t.h[m], t.h[i]
		i = m
	}
}

// searcher runs the searches over a trainData: brute force, or through a k-d or
// ball tree.
type searcher struct {
	t       *trainData
	m       metric
	workers int
	yy      []float64 // squared norms of the training rows (euclidean brute force)
	maxYY   float64
	tree    *spaceTree // nil for brute force
}

// settings are the search hyperparameters every neighbours model has.
type settings struct {
	alg      string
	leafSize int
	k        int // the model's NNeighbors (resolved), 0 for the radius models
	m        metric
	workers  int
}

func newSearcher(t *trainData, st settings) *searcher {
	m := st.m
	s := &searcher{t: t, m: m, workers: st.workers}
	if kind := resolveAlgorithm(st.alg, t.NFeatures, st.k, t.N); kind != algBrute {
		ls := resolveLeafSize(st.leafSize)
		if ix := t.index; ix != nil && ix.kind == kind && ix.leafSize == ls && ix.m == m {
			s.tree = ix
		} else {
			s.tree, _ = buildTree(context.Background(), kind, ls, m, t)
		}
		return s
	}
	if m.kind == "euclidean" {
		s.yy = make([]float64, t.N)
		for j := range s.yy {
			for _, v := range t.row(j) {
				s.yy[j] += v * v
			}
			s.maxYY = max(s.maxYY, s.yy[j])
		}
	}
	return s
}

// blocks calls body(lo, hi, scratch) for blocks of query rows on up to workers
// goroutines; scratch is the block's B×N matrix of approximate squared euclidean
// distances (‖x‖² − 2x·y + ‖y‖²) or nil for other metrics or when the expansion
// overflows.
func (s *searcher) blocks(ctx context.Context, q *mat.Dense, body func(lo, hi int, approx []float64) error) error {
	nq, _ := q.Dims()
	bs := max(1, blockElems/s.t.N)
	if s.tree != nil {
		bs = 256 // tree queries need no scratch: blocks only share out the work
	}
	nb := parallel.NumChunks(nq, bs)
	expand := s.yy != nil && !math.IsInf(s.maxYY, 0)
	p, N := s.t.NFeatures, s.t.N
	return parallel.Run(ctx, nb, s.workers, func(ctx context.Context, b int) error {
		lo := b * bs
		hi := min(lo+bs, nq)
		var approx []float64
		if expand {
			// approx = ‖x‖² + (−2 Q·Tᵀ) + ‖y‖², scikit-learn's order of terms.
			buf := scratch.Get().(*[]float64)
			defer scratch.Put(buf)
			if cap(*buf) < (hi-lo)*N {
				*buf = make([]float64, (hi-lo)*N)
			}
			approx = (*buf)[:(hi-lo)*N]
			qr := q.RawMatrix()
			gemm.Dgemm(false, true, hi-lo, N, p, -2, qr.Data[lo*qr.Stride:], qr.Stride, s.t.X, p, 0, approx, N)
			for i := lo; i < hi; i++ {
				xx := 0.0
				for _, v := range q.RawRowView(i) {
					xx += v * v
				}
				row := approx[(i-lo)*N : (i-lo+1)*N]
				for j, yy := range s.yy {
					row[j] = xx + row[j] + yy
				}
			}
		}
		if err := body(lo, hi, approx); err != nil {
			return err
		}
		return ctx.Err()
	})
}

// scratch recycles the blocks' distance matrices (beta = 0 overwrites them).
var scratch = sync.Pool{New: func() any { return new([]float64) }}

// tol bounds twice the rounding error of an expanded squared distance from x (with
// ‖x‖² = xx) to any training row.
func (s *searcher) tol(xx float64) float64 {
	return 8 * float64(s.t.NFeatures+4) * 0x1p-52 * (xx + s.maxYY)
}

// kneighbors returns the k nearest training rows of query x: distances and indices,
// sorted by distance then index. approx is the row's expanded distances or nil.
func (s *searcher) kneighbors(x, approx []float64, k int, buf *topK) ([]float64, []int) {
	buf.h, buf.k = buf.h[:0], k
	finite := approx != nil
	if finite {
		worst := math.Inf(1) // the heap's largest value once it holds k
		for j, v := range approx {
			if !(v-v == 0) { // NaN or ±Inf: the expansion overflowed
				finite = false
				buf.h = buf.h[:0]
				break
			}
			if v <= worst {
				buf.push(cand{v, j})
				if len(buf.h) == k {
					worst = buf.h[0].v
				}
			}
		}
	}
	if finite {
		kth := buf.h[0].v
		xx := 0.0
		for _, v := range x {
			xx += v * v
		}
		lim := kth + s.tol(xx)
		buf.h = buf.h[:0]
		for j, v := range approx {
			if v <= lim {
				buf.push(cand{s.m.rdist(x, s.t.row(j)), j})
			}
		}
	} else {
		for j := 0; j < s.t.N; j++ {
			buf.push(cand{s.m.rdist(x, s.t.row(j)), j})
		}
	}
	slices.SortFunc(buf.h, cmpCand)
	dist := make([]float64, len(buf.h))
	idx := make([]int, len(buf.h))
	for i, c := range buf.h {
		dist[i], idx[i] = s.m.dist(c.v), c.i
	}
	return dist, idx
}

// radius returns the training rows within distance r of x (dist <= r), sorted by
// distance then index, or by index when byIndex is set.
func (s *searcher) radius(x, approx []float64, r float64, byIndex bool) ([]float64, []int) {
	var cs []cand
	// rlim is r in rdist units.
	var rlim float64
	switch s.m.kind {
	case "euclidean":
		rlim = r * r
	case "minkowski":
		rlim = math.Pow(r, s.m.p)
	default:
		rlim = r
	}
	if approx != nil && !slices.ContainsFunc(approx, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }) {
		xx := 0.0
		for _, v := range x {
			xx += v * v
		}
		lim := rlim + s.tol(xx)
		for j, v := range approx {
			if v <= lim {
				if d := s.m.rdist(x, s.t.row(j)); s.m.dist(d) <= r {
					cs = append(cs, cand{d, j})
				}
			}
		}
	} else {
		for j := 0; j < s.t.N; j++ {
			if d := s.m.rdist(x, s.t.row(j)); s.m.dist(d) <= r {
				cs = append(cs, cand{d, j})
			}
		}
	}
	if !byIndex { // cs is in index order
		slices.SortFunc(cs, cmpCand)
	}
	dist := make([]float64, len(cs))
	idx := make([]int, len(cs))
	for i, c := range cs {
		dist[i], idx[i] = s.m.dist(c.v), c.i
	}
	return dist, idx
}

// eachKNeighbors calls fn(i, dist, idx) for every query row i with its k nearest
// training rows; rows are processed in blocks on up to workers goroutines, so fn must
// only write results indexed by i.
func (s *searcher) eachKNeighbors(ctx context.Context, q *mat.Dense, k int, fn func(i int, dist []float64, idx []int) error) error {
	if s.fusedOK() {
		return s.eachKNeighborsFused(ctx, q, k, fn)
	}
	return s.blocks(ctx, q, func(lo, hi int, approx []float64) error {
		buf := &topK{}
		if s.tree != nil {
			var stack []stackItem
			for i := lo; i < hi; i++ {
				var d []float64
				var idx []int
				d, idx, stack = s.tree.kneighbors(q.RawRowView(i), k, buf, stack)
				if err := fn(i, d, idx); err != nil {
					return err
				}
			}
			return nil
		}
		for i := lo; i < hi; i++ {
			var a []float64
			if approx != nil {
				a = approx[(i-lo)*s.t.N : (i-lo+1)*s.t.N]
			}
			d, idx := s.kneighbors(q.RawRowView(i), a, k, buf)
			if err := fn(i, d, idx); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachRadius is eachKNeighbors for the rows within distance r.
func (s *searcher) eachRadius(ctx context.Context, q *mat.Dense, r float64, byIndex bool, fn func(i int, dist []float64, idx []int) error) error {
	return s.blocks(ctx, q, func(lo, hi int, approx []float64) error {
		if s.tree != nil {
			var stack []stackItem
			for i := lo; i < hi; i++ {
				var d []float64
				var idx []int
				d, idx, stack = s.tree.radiusSearch(q.RawRowView(i), r, byIndex, stack)
				if err := fn(i, d, idx); err != nil {
					return err
				}
			}
			return nil
		}
		for i := lo; i < hi; i++ {
			var a []float64
			if approx != nil {
				a = approx[(i-lo)*s.t.N : (i-lo+1)*s.t.N]
			}
			d, idx := s.radius(q.RawRowView(i), a, r, byIndex)
			if err := fn(i, d, idx); err != nil {
				return err
			}
		}
		return nil
	})
}

// weights returns scikit-learn's _get_weights for one row: nil for uniform; 1/d for
// distance, except that a row with a zero distance (1/d infinite) gives weight 1 to
// the exact matches and 0 to the rest.
func weights(kind string, dist []float64) []float64 {
	if kind != "distance" {
		return nil
	}
	w := make([]float64, len(dist))
	inf := false
	for i, d := range dist {
		w[i] = 1 / d
		inf = inf || math.IsInf(w[i], 1)
	}
	if inf {
		for i := range w {
			if math.IsInf(w[i], 1) {
				w[i] = 1
			} else {
				w[i] = 0
			}
		}
	}
	return w
}

func validateWeights(w string) error {
	switch w {
	case "", "uniform", "distance":
		return nil
	}
	return &estimator.ParamError{Param: "Weights", Value: w, Reason: `must be "uniform" (default) or "distance"`}
}

func resolveK(k int) int {
	if k == 0 {
		return 5
	}
	return k
}

func validateK(k int) error {
	if k < 0 || k > MaxNeighbors {
		return &estimator.ParamError{Param: "NNeighbors", Value: k, Reason: fmt.Sprintf("must be in [1, %d] (0 means the default 5)", MaxNeighbors)}
	}
	return nil
}

func validateWorkers(w int) error {
	if w < 0 {
		return &estimator.ParamError{Param: "Workers", Value: w, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	return nil
}

// checkFinite rejects distances float64 cannot represent.
func checkDistances(dist []float64) error {
	for _, d := range dist {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return fmt.Errorf("a distance overflows float64 (data too extreme): %w", estimator.ErrInvalidData)
		}
	}
	return nil
}

// kneighborsAll is the shared KNeighbors method body.
func kneighborsAll(ctx context.Context, s *searcher, q *mat.Dense, k int) (*mat.Dense, [][]int, error) {
	nq, _ := q.Dims()
	if k < 1 || k > s.t.N || k > MaxNeighbors {
		return nil, nil, &estimator.ParamError{Param: "k", Value: k, Reason: fmt.Sprintf("must be in [1, %d], the number of training samples", min(s.t.N, MaxNeighbors))}
	}
	if nq > MaxResults/k {
		return nil, nil, fmt.Errorf("%d queries × k = %d exceeds %d results; query in batches: %w", nq, k, MaxResults, estimator.ErrInvalidData)
	}
	dist := mat.NewDense(nq, k, nil)
	idx := make([][]int, nq)
	err := s.eachKNeighbors(ctx, q, k, func(i int, d []float64, ix []int) error {
		copy(dist.RawRowView(i), d)
		idx[i] = ix
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return dist, idx, nil
}

// atomicCount is a running total shared by the blocks of one query.
type atomicCount struct{ n atomic.Int64 }

func (c *atomicCount) add(k int) int64 { return c.n.Add(int64(k)) }
