package cart

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// Grow fits one tree on the rows of d. y holds regression targets, or class indices
// 0..NClasses-1 (as float64) when p.NClasses > 0. w holds sample weights (nil = all
// ones); rows with w == 0 are not in this tree's sample (forests pass bootstrap counts,
// boosting passes subsample masks) and only rows with w > 0 are visited. rng draws the
// features of each split when p.MaxFeatures is below the number of features, and the
// thresholds of the random splitter; it may be nil when neither happens. The inputs are
// only read, so many Grow calls may share d, y and w at once.
//
// Growth is iterative (an explicit stack, or a priority queue for best-first growth),
// so any depth is safe. ctx is checked every few hundred nodes.
func Grow(ctx context.Context, d *Data, y, w []float64, p Params, rng *rand.Rand) (*Tree, error) {
	if d == nil {
		return nil, fmt.Errorf("cart: nil Data")
	}
	if len(y) != d.rows {
		return nil, fmt.Errorf("cart: %d targets for %d rows", len(y), d.rows)
	}
	if w != nil && len(w) != d.rows {
		return nil, fmt.Errorf("cart: %d weights for %d rows", len(w), d.rows)
	}
	if p.NClasses < 0 || p.Criterion.Classification() != (p.NClasses > 0) {
		return nil, fmt.Errorf("cart: criterion %v with NClasses %d", p.Criterion, p.NClasses)
	}
	if p.Criterion < Gini || p.Criterion > Poisson {
		return nil, fmt.Errorf("cart: unknown criterion %d", int(p.Criterion))
	}
	b := newBuilder(d, y, w, p, rng)
	defer b.release()
	if b.m == 0 {
		return nil, fmt.Errorf("cart: no row has a positive weight")
	}
	if p.NClasses > 0 {
		for i, v := range y {
			if b.w[i] > 0 && (v != math.Trunc(v) || v < 0 || v >= float64(p.NClasses)) {
				return nil, fmt.Errorf("cart: y[%d] = %v is not a class index below %d", i, v, p.NClasses)
			}
		}
	}
	if b.needRNG() && b.rng == nil {
		b.rng = rand.New(rand.NewPCG(0, 0))
	}
	var err error
	if p.MaxLeafNodes > 0 {
		err = b.bestFirst(ctx)
	} else {
		err = b.depthFirst(ctx)
	}
	if err != nil {
		return nil, err
	}
	return b.t, nil
}

// rowStat is what a sweep needs of a row, packed for one memory access.
type rowStat struct {
	wy float64 // w·y (regression); class index (classification)
	w  float64
}

// scratch holds a builder's large buffers, reused across Grow calls through
// scratchPool (a forest or a boosting run grows many trees on the same data).
type scratch struct {
	order []int32
	vals  []float64
	rs    []rowStat
	tmp   []int32
	tmpV  []float64
	left  []bool
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// grow returns (*buf)[:n], reallocating when its capacity is short; the contents are
// not cleared.
func grow[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}

var (
	onesMu  sync.Mutex
	onesBuf []float64
)

// ones returns a shared read-only slice of n ones.
func ones(n int) []float64 {
	onesMu.Lock()
	defer onesMu.Unlock()
	if len(onesBuf) < n {
		onesBuf = make([]float64, n)
		for i := range onesBuf {
			onesBuf[i] = 1
		}
	}
	return onesBuf[:n:n]
}

type builder struct {
	sc      *scratch // returned to scratchPool when Grow ends
	d       *Data
	y, w    []float64
	p       Params
	rng     *rand.Rand
	m       int       // rows in the sample (w > 0)
	nf      int       // features
	order   []int32   // nf × m: per feature, each node's rows in increasing value order
	samples []int32   // random splitter: the sample's rows, each node's a contiguous run
	vals    []float64 // nf × m: the values of order's rows (read sequentially by the sweeps)
	tmp     []int32   // m scratch for partitions
	tmpV    []float64 // m scratch for partitions
	rs      []rowStat // per data row: w·y and w (regression) or class and w
	left    []bool    // per data row: goes left in the split being applied

	k           int     // Width: classes, or 1
	wTotal      float64 // scikit-learn's weighted_n_samples: Σ w over all rows
	minLeaf     int
	minSplit    int
	maxDepth    int
	maxFeatures int

	// node statistics (criterion init)
	wNode    float64
	sumTotal []float64 // k
	sqTotal  float64
	// sweep statistics (criterion update)
	pos     int
	wl      float64
	sumLeft []float64 // k

	valid    int   // a feature whose ordering holds the current node's rows (the parent's split feature)
	features []int // Fisher-Yates permutation state (scikit-learn's features array)
	// absolute error: see maeSetup
	pairs                           []yw
	rank, byY                       []int32
	ySorted, cumW, cumS, bitW, bitS []float64
	constant                        []int  // scikit-learn's constant_features
	isConst                         []bool // features constant in the node just searched (see visitFeatures)
	featPos                         []int  // position of each feature in features
	// skipConst lets partition skip the features constant in the node (depth-first
	// growth, where the children skip them too)
	skipConst bool
	scratch   []float64
	scratchW  []float64
	t         *Tree
}

func newBuilder(d *Data, y, w []float64, p Params, rng *rand.Rand) *builder {
	n := d.rows
	b := &builder{d: d, y: y, p: p, rng: rng, nf: d.features}
	if w == nil {
		w = ones(n)
		for i := range w {
			w[i] = 1
		}
	}
	b.w = w
	for _, v := range w {
		b.wTotal += v
		if v > 0 {
			b.m++
		}
	}
	m := b.m
	sc := scratchPool.Get().(*scratch)
	b.sc = sc
	if p.Random {
		// The random splitter needs no sorted orders: one array of the sample's rows,
		// partitioned node by node as scikit-learn does.
		b.samples = grow(&sc.order, m)
		k := 0
		for i, v := range w {
			if v > 0 {
				b.samples[k] = int32(i)
				k++
			}
		}
	} else {
		b.order = grow(&sc.order, b.nf*m)
		b.vals = grow(&sc.vals, b.nf*m)
	}
	switch {
	case p.Random:
	case m == n:
		copy(b.order, d.sorted)
		copy(b.vals, d.sortedVals)
	default:
		for f := 0; f < b.nf; f++ {
			dst := b.order[f*m : f*m+m]
			dv := b.vals[f*m : f*m+m]
			src := d.sorted[f*n : f*n+n]
			srcV := d.sortedVals[f*n : f*n+n]
			k := 0
			for q, r := range src {
				if w[r] > 0 {
					dst[k] = r
					dv[k] = srcV[q]
					k++
				}
			}
		}
	}
	b.rs = grow(&sc.rs, n)
	for i := range b.rs {
		if p.NClasses > 0 {
			b.rs[i] = rowStat{y[i], w[i]}
		} else {
			b.rs[i] = rowStat{w[i] * y[i], w[i]}
		}
	}
	b.tmp = grow(&sc.tmp, m)
	b.tmpV = grow(&sc.tmpV, m)
	b.left = grow(&sc.left, n)
	b.k = 1
	if p.NClasses > 0 {
		b.k = p.NClasses
	}
	b.sumTotal = make([]float64, b.k)
	b.sumLeft = make([]float64, b.k)
	b.minLeaf = max(p.MinSamplesLeaf, 1)
	b.minSplit = max(p.MinSamplesSplit, 2)
	b.maxDepth = math.MaxInt
	if p.MaxDepth > 0 {
		b.maxDepth = p.MaxDepth
	}
	b.maxFeatures = b.nf
	if p.MaxFeatures > 0 && p.MaxFeatures < b.nf {
		b.maxFeatures = p.MaxFeatures
	}
	b.features = make([]int, b.nf)
	for i := range b.features {
		b.features[i] = i
	}
	b.constant = make([]int, b.nf)
	b.isConst = make([]bool, b.nf)
	b.featPos = make([]int, b.nf)
	b.t = &Tree{Width: b.k}
	return b
}

// release hands the scratch buffers back for the next Grow.
func (b *builder) release() {
	if b.sc != nil {
		scratchPool.Put(b.sc)
		b.sc = nil
	}
}

func (b *builder) needRNG() bool { return b.p.Random || b.maxFeatures < b.nf || b.p.ShuffleFeatures }

// rows returns feature f's ordering of the node [start, end).
func (b *builder) rows(f, start, end int) []int32 { return b.order[f*b.m+start : f*b.m+end] }

// nodeRows returns the rows of the node [start, end) in some order.
func (b *builder) nodeRows(start, end int) []int32 {
	if b.p.Random {
		return b.samples[start:end]
	}
	return b.rows(b.valid, start, end)
}

// values returns the values of rows(f, start, end).
func (b *builder) values(f, start, end int) []float64 { return b.vals[f*b.m+start : f*b.m+end] }

// split is scikit-learn's SplitRecord.
type split struct {
	feature     int
	pos         int // absolute: the left child is [start, pos)
	threshold   float64
	improvement float64
	impLeft     float64
	impRight    float64
}

// nodeInit computes the node's weighted count and sums (scikit-learn's criterion init).
func (b *builder) nodeInit(start, end int) {
	rows := b.nodeRows(start, end)
	clear(b.sumTotal)
	b.wNode, b.sqTotal = 0, 0
	if b.p.NClasses > 0 {
		for _, i := range rows {
			w := b.w[i]
			b.sumTotal[int(b.y[i])] += w
			b.wNode += w
		}
		return
	}
	s := 0.0
	for _, i := range rows {
		w, yi := b.w[i], b.y[i]
		wy := w * yi
		s += wy
		b.sqTotal += wy * yi
		b.wNode += w
	}
	b.sumTotal[0] = s
}

// nodeImpurity is scikit-learn's node_impurity for the node set up by nodeInit.
func (b *builder) nodeImpurity(start, end int) float64 {
	switch b.p.Criterion {
	case Gini:
		return giniOf(b.sumTotal, b.wNode)
	case Entropy:
		return entropyOf(b.sumTotal, b.wNode)
	case SquaredError, FriedmanMSE:
		mean := b.sumTotal[0] / b.wNode
		return b.sqTotal/b.wNode - mean*mean
	case AbsoluteError:
		return b.maeOf(b.nodeRows(start, end))
	case Poisson:
		return b.poissonOf(b.nodeRows(start, end), b.sumTotal[0], b.wNode)
	}
	return 0
}

// nodeValue writes the node's value (scikit-learn's node_value) into dst.
func (b *builder) nodeValue(start, end int, dst []float64) {
	switch {
	case b.p.NClasses > 0:
		s := 0.0
		for _, c := range b.sumTotal {
			s += c
		}
		for c, v := range b.sumTotal {
			dst[c] = v / s
		}
	case b.p.Criterion == AbsoluteError:
		dst[0] = b.medianOf(b.nodeRows(start, end))
	default:
		dst[0] = b.sumTotal[0] / b.wNode
	}
}

func giniOf(counts []float64, w float64) float64 {
	sq := 0.0
	for _, c := range counts {
		sq += c * c
	}
	return 1 - sq/(w*w)
}

func entropyOf(counts []float64, w float64) float64 {
	e := 0.0
	for _, c := range counts {
		if c > 0 {
			c /= w
			e -= c * (math.Log(c) / math.Ln2)
		}
	}
	return e
}

// poissonOf is scikit-learn's poisson_loss: Σ w·y·log(y/mean) / Σ w, +Inf when the
// targets sum to at most epsilon.
func (b *builder) poissonOf(rows []int32, sum, wsum float64) float64 {
	if sum <= epsilon {
		return math.Inf(1)
	}
	mean := sum / wsum
	loss := 0.0
	for _, i := range rows {
		if yi := b.y[i]; yi != 0 {
			loss += b.w[i] * yi * math.Log(yi/mean)
		}
	}
	return loss / wsum
}

// medianOf is scikit-learn's WeightedMedianCalculator median of the rows' targets: with
// the targets sorted and k the smallest count whose weight reaches half the total, the
// k-th value, or the mean of the k-th and (k+1)-th when the weight equals exactly half.
func (b *builder) medianOf(rows []int32) float64 {
	pairs := b.pairs[:0]
	total := 0.0
	for _, i := range rows {
		pairs = append(pairs, yw{b.y[i], b.w[i]})
		total += b.w[i]
	}
	b.pairs = pairs
	slices.SortStableFunc(pairs, func(a, c yw) int {
		switch {
		case a.y < c.y:
			return -1
		case a.y > c.y:
			return 1
		}
		return 0
	})
	half := total / 2
	cum := 0.0
	for j, pr := range pairs {
		cum += pr.w
		if cum >= half {
			if cum == half && j+1 < len(pairs) {
				return (pr.y + pairs[j+1].y) / 2
			}
			return pr.y
		}
	}
	return pairs[len(pairs)-1].y
}

type yw struct{ y, w float64 }

// maeSetup ranks the node's rows by target for sweepMAE: b.rank[row] is the row's
// position (1-based) in the node's target order, b.ySorted and the prefix sums
// b.cumW, b.cumS (of w and w·y) follow that order.
func (b *builder) maeSetup(start, end int) {
	rows := b.nodeRows(start, end)
	m := len(rows)
	if b.rank == nil {
		b.rank = make([]int32, b.d.rows)
	}
	byY := append(b.byY[:0], rows...)
	b.byY = byY
	slices.SortStableFunc(byY, func(i, j int32) int {
		switch {
		case b.y[i] < b.y[j]:
			return -1
		case b.y[i] > b.y[j]:
			return 1
		}
		return 0
	})
	b.ySorted = grow(&b.ySorted, m+1)
	b.cumW = grow(&b.cumW, m+1)
	b.cumS = grow(&b.cumS, m+1)
	b.bitW = grow(&b.bitW, m+1)
	b.bitS = grow(&b.bitS, m+1)
	for k, i := range byY {
		b.rank[i] = int32(k + 1)
		b.ySorted[k+1] = b.y[i]
		b.cumW[k+1] = b.cumW[k] + b.w[i]
		b.cumS[k+1] = b.cumS[k] + b.w[i]*b.y[i]
	}
}

// sweepMAE is evalBest for the absolute error: the weighted medians and absolute
// deviations of both sides come from Fenwick trees over the node's target order, so
// a feature costs O(m log m) instead of scikit-learn's O(m²).
func (b *builder) sweepMAE(rows []int32, vals []float64, bestProxy float64) (pos int, thr, proxy float64, ok bool) {
	m := len(rows)
	bitW, bitS := b.bitW[:m+1], b.bitS[:m+1]
	clear(bitW)
	clear(bitS)
	cumW, cumS, ys := b.cumW[:m+1], b.cumS[:m+1], b.ySorted[:m+1]
	top := 1
	for top*2 <= m {
		top *= 2
	}
	// side returns the left (left = true) or right set's median and its weighted
	// absolute deviation.
	prefix := func(bit []float64, j int) float64 {
		s := 0.0
		for ; j > 0; j -= j & -j {
			s += bit[j]
		}
		return s
	}
	// search returns the smallest j with set-prefix weight >= target (strict: >).
	search := func(left, strict bool, target float64) int {
		p, acc := 0, 0.0
		for step := top; step > 0; step >>= 1 {
			q := p + step
			if q > m {
				continue
			}
			v := acc + bitW[q] // left prefix at q
			var c float64
			if left {
				c = v
			} else {
				c = cumW[q] - v
			}
			if c < target || (strict && c == target) {
				p, acc = q, v
			}
		}
		return p + 1
	}
	side := func(left bool, tw, ts float64) float64 {
		half := tw / 2
		j := search(left, false, half)
		if j > m {
			j = m
		}
		pw, ps := prefix(bitW, j), prefix(bitS, j)
		if !left {
			pw, ps = cumW[j]-pw, cumS[j]-ps
		}
		med := ys[j]
		if pw == half {
			if j2 := search(left, true, half); j2 <= m {
				med = (ys[j] + ys[j2]) / 2
			}
		}
		return med*pw - ps + (ts - ps) - med*(tw-pw)
	}
	minLeaf, minW := b.minLeaf, b.p.MinWeightLeaf
	wNode := b.wNode
	totS := cumS[m]
	wl, sl := 0.0, 0.0
	cur, p := 0, 0
	for p < m {
		xp := vals[p]
		for p+1 < m && vals[p+1] <= xp+featureThreshold {
			p++
			xp = vals[p]
		}
		p++
		if p >= m {
			break
		}
		if p < minLeaf || m-p < minLeaf {
			continue
		}
		for _, i := range rows[cur:p] {
			w := b.w[i]
			wy := w * b.y[i]
			for j := int(b.rank[i]); j <= m; j += j & -j {
				bitW[j] += w
				bitS[j] += wy
			}
			wl += w
			sl += wy
		}
		cur = p
		wr := wNode - wl
		if wl < minW || wr < minW {
			continue
		}
		impL := side(true, wl, sl) / wl
		impR := side(false, cumW[m]-wl, totS-sl) / wr
		if v := -wr*impR - wl*impL; v > bestProxy {
			bestProxy, pos, ok, proxy = v, p, true, v
			hi := vals[p]
			thr = xp/2 + hi/2
			if thr == hi || math.IsInf(thr, 0) {
				thr = xp
			}
		}
	}
	return
}

// maeOf is scikit-learn's MAE impurity of rows: Σ w·|y − median| / Σ w.
func (b *builder) maeOf(rows []int32) float64 {
	med := b.medianOf(rows)
	s, ws := 0.0, 0.0
	for _, i := range rows {
		s += math.Abs(b.y[i]-med) * b.w[i]
		ws += b.w[i]
	}
	return s / ws
}

// reset starts a sweep with every row on the right (scikit-learn's criterion reset).
func (b *builder) reset() {
	b.pos, b.wl = 0, 0
	clear(b.sumLeft)
}

// update moves the rows rows[pos:newPos] to the left (scikit-learn's update: forward
// from pos, or back from the end when that is shorter).
func (b *builder) update(rows []int32, newPos int) {
	m := len(rows)
	cls := b.p.NClasses > 0
	if newPos-b.pos <= m-newPos {
		if cls {
			for _, i := range rows[b.pos:newPos] {
				w := b.w[i]
				b.sumLeft[int(b.y[i])] += w
				b.wl += w
			}
		} else {
			s := b.sumLeft[0]
			for _, i := range rows[b.pos:newPos] {
				w := b.w[i]
				s += w * b.y[i]
				b.wl += w
			}
			b.sumLeft[0] = s
		}
	} else {
		copy(b.sumLeft, b.sumTotal)
		b.wl = b.wNode
		if cls {
			for q := m - 1; q >= newPos; q-- {
				i := rows[q]
				w := b.w[i]
				b.sumLeft[int(b.y[i])] -= w
				b.wl -= w
			}
		} else {
			s := b.sumLeft[0]
			for q := m - 1; q >= newPos; q-- {
				i := rows[q]
				w := b.w[i]
				s -= w * b.y[i]
				b.wl -= w
			}
			b.sumLeft[0] = s
		}
	}
	b.pos = newPos
}

// proxy is scikit-learn's proxy_impurity_improvement of the current sweep position.
func (b *builder) proxy(rows []int32) float64 {
	wl := b.wl
	wr := b.wNode - wl
	switch b.p.Criterion {
	case Gini:
		sqL, sqR := 0.0, 0.0
		for c, cl := range b.sumLeft {
			cr := b.sumTotal[c] - cl
			sqL += cl * cl
			sqR += cr * cr
		}
		return -wr*(1-sqR/(wr*wr)) - wl*(1-sqL/(wl*wl))
	case Entropy:
		eL, eR := 0.0, 0.0
		for c, cl := range b.sumLeft {
			cr := b.sumTotal[c] - cl
			if cl > 0 {
				cl /= wl
				eL -= cl * (math.Log(cl) / math.Ln2)
			}
			if cr > 0 {
				cr /= wr
				eR -= cr * (math.Log(cr) / math.Ln2)
			}
		}
		return -wr*eR - wl*eL
	case SquaredError:
		sl := b.sumLeft[0]
		sr := b.sumTotal[0] - sl
		return sl*sl/wl + sr*sr/wr
	case FriedmanMSE:
		sl := b.sumLeft[0]
		sr := b.sumTotal[0] - sl
		diff := wr*sl - wl*sr
		return diff * diff / (wl * wr)
	case Poisson:
		sl := b.sumLeft[0]
		sr := b.sumTotal[0] - sl
		if sl <= epsilon || sr <= epsilon {
			return math.Inf(-1)
		}
		return sl*math.Log(sl/wl) + sr*math.Log(sr/wr)
	case AbsoluteError:
		impL := b.maeOf(rows[:b.pos])
		impR := b.maeOf(rows[b.pos:])
		return -wr*impR - wl*impL
	}
	return math.Inf(-1)
}

// children computes the children impurities and the improvement of the split of the
// node at rows[pos] (rows in the split feature's order), as scikit-learn's node_split
// does after choosing it.
func (b *builder) children(rows []int32, pos int, impurity float64, s *split) {
	b.reset()
	b.update(rows, pos)
	wl := b.wl
	wr := b.wNode - wl
	var impL, impR float64
	switch b.p.Criterion {
	case Gini, Entropy:
		right := b.scratchW[:0]
		for c, cl := range b.sumLeft {
			right = append(right, b.sumTotal[c]-cl)
		}
		b.scratchW = right
		if b.p.Criterion == Gini {
			impL, impR = giniOf(b.sumLeft, wl), giniOf(right, wr)
		} else {
			impL, impR = entropyOf(b.sumLeft, wl), entropyOf(right, wr)
		}
	case SquaredError, FriedmanMSE:
		sqL := 0.0
		for _, i := range rows[:pos] {
			wy := b.w[i] * b.y[i]
			sqL += wy * b.y[i]
		}
		sqR := b.sqTotal - sqL
		sl := b.sumLeft[0]
		sr := b.sumTotal[0] - sl
		mL, mR := sl/wl, sr/wr
		impL = sqL/wl - mL*mL
		impR = sqR/wr - mR*mR
	case AbsoluteError:
		impL, impR = b.maeOf(rows[:pos]), b.maeOf(rows[pos:])
	case Poisson:
		sl := b.sumLeft[0]
		impL = b.poissonOf(rows[:pos], sl, wl)
		impR = b.poissonOf(rows[pos:], b.sumTotal[0]-sl, wr)
	}
	s.impLeft, s.impRight = impL, impR
	if b.p.Criterion == FriedmanMSE {
		sl := b.sumLeft[0]
		sr := b.sumTotal[0] - sl
		diff := wr*sl - wl*sr
		s.improvement = diff * diff / (wl * wr * b.wNode)
		return
	}
	wn := b.wNode
	s.improvement = (wn / b.wTotal) * (impurity - wr/wn*impR - wl/wn*impL)
}

// findSplit is scikit-learn's node_split (best or random splitter) on the node
// [start, end) whose statistics nodeInit computed. nConst is the number of features
// known to be constant (a prefix of b.features) and is updated for the children. It
// reports false when no valid split exists.
func (b *builder) findSplit(start, end int, impurity float64, nConst *int) (split, bool) {
	best := split{pos: end}
	bestProxy := math.Inf(-1)
	found := false
	if b.p.Criterion == AbsoluteError && !b.p.Random {
		b.maeSetup(start, end)
	}
	if b.p.Random {
		return b.findSplitRandom(start, end, impurity, nConst)
	}
	eval := func(f int) bool { // false: f is constant in the node
		rows := b.rows(f, start, end)
		vals := b.values(f, start, end)
		lo, hi := vals[0], vals[len(vals)-1]
		if hi <= lo+featureThreshold {
			return false
		}
		var pos int
		var thr, proxy float64
		var ok bool
		switch b.p.Criterion {
		case SquaredError, FriedmanMSE, Poisson:
			pos, thr, proxy, ok = b.sweepReg(rows, vals, bestProxy)
		case Gini, Entropy:
			pos, thr, proxy, ok = b.sweepCls(rows, vals, bestProxy)
		case AbsoluteError:
			pos, thr, proxy, ok = b.sweepMAE(rows, vals, bestProxy)
		default:
			pos, thr, proxy, ok = b.evalBest(rows, vals, bestProxy)
		}
		if ok {
			bestProxy, found = proxy, true
			best = split{feature: f, pos: start + pos, threshold: thr}
		}
		return true
	}
	b.visitFeatures(nConst, eval)
	if !found {
		return best, false
	}
	b.children(b.rows(best.feature, start, end), best.pos-start, impurity, &best)
	return best, true
}

// findSplitRandom is findSplit for the random splitter (scikit-learn's
// RandomSplitter): each drawn feature gets one threshold drawn uniformly between its
// minimum and maximum in the node. The node's samples end up partitioned by the split.
func (b *builder) findSplitRandom(start, end int, impurity float64, nConst *int) (split, bool) {
	best := split{pos: end}
	bestProxy := math.Inf(-1)
	found := false
	seg := b.samples[start:end]
	m := len(seg)
	n := b.d.rows
	eval := func(f int) bool {
		col := b.d.cols[f*n : (f+1)*n]
		xs := b.tmpV[:m] // the node's values, gathered once
		lo, hi := col[seg[0]], col[seg[0]]
		for k, r := range seg {
			x := col[r]
			xs[k] = x
			if x < lo {
				lo = x
			} else if x > hi {
				hi = x
			}
		}
		if hi <= lo+featureThreshold {
			return false
		}
		thr := (hi-lo)*b.rng.Float64() + lo
		if thr == hi {
			thr = lo
		}
		// sum the left side; the absolute error's proxy also needs the rows, left
		// first, in tmp
		tmp := b.tmp[:m]
		l := 0
		wl := 0.0
		clear(b.sumLeft)
		rs := b.rs
		switch {
		case b.p.Criterion == AbsoluteError:
			r := m
			for k, i := range seg {
				if xs[k] <= thr {
					tmp[l] = i
					l++
					wl += rs[i].w
				} else {
					r--
					tmp[r] = i
				}
			}
		case b.p.NClasses > 0:
			for k, i := range seg {
				if xs[k] <= thr {
					l++
					st := &rs[i]
					wl += st.w
					b.sumLeft[int(st.wy)] += st.w
				}
			}
		default:
			sl := 0.0
			for k, i := range seg {
				if xs[k] <= thr {
					l++
					st := &rs[i]
					wl += st.w
					sl += st.wy
				}
			}
			b.sumLeft[0] = sl
		}
		if l < b.minLeaf || m-l < b.minLeaf {
			return true
		}
		b.pos, b.wl = l, wl
		if wl < b.p.MinWeightLeaf || b.wNode-wl < b.p.MinWeightLeaf {
			return true
		}
		if v := b.proxy(tmp); v > bestProxy {
			bestProxy, found = v, true
			best = split{feature: f, pos: start + l, threshold: thr}
		}
		return true
	}
	b.visitFeatures(nConst, eval)
	if !found {
		return best, false
	}
	// apply the chosen partition to the node's samples (stable on both sides)
	col := b.d.cols[best.feature*n : (best.feature+1)*n]
	tmp := b.tmp[:m]
	l, r := 0, 0
	for _, i := range seg {
		if col[i] <= best.threshold {
			seg[l] = i
			l++
		} else {
			tmp[r] = i
			r++
		}
	}
	copy(seg[l:], tmp[:r])
	b.children(seg, best.pos-start, impurity, &best)
	return best, true
}

// visitFeatures evaluates the node's features: all of them in index order (skipping
// those known to be constant) when MaxFeatures covers them and ShuffleFeatures is
// off, else a draw as scikit-learn's. Either way it keeps scikit-learn's constant-feature bookkeeping:
// on return features[:*nConst] are the features constant in the node, which its
// children skip, and isConst marks them.
func (b *builder) visitFeatures(nConst *int, eval func(f int) bool) {
	if b.maxFeatures < b.nf || b.p.ShuffleFeatures {
		b.drawFeatures(nConst, eval)
	} else {
		features, isConst, pos := b.features, b.isConst, b.featPos
		nKnown := *nConst
		nTotal := nKnown
		clear(isConst)
		for k, f := range features {
			pos[f] = k
			if k < nKnown {
				isConst[f] = true
			}
		}
		for f := 0; f < b.nf; f++ {
			if isConst[f] || eval(f) {
				continue
			}
			// newly found constant: move it to features[nTotal] (positions below
			// nKnown, the known constants, are never touched)
			pf, g := pos[f], features[nTotal]
			features[nTotal], features[pf] = f, g
			pos[f], pos[g] = nTotal, pf
			isConst[f] = true
			nTotal++
		}
		copy(b.constant[nKnown:nTotal], features[nKnown:nTotal])
		*nConst = nTotal
		return
	}
	clear(b.isConst)
	for _, f := range b.features[:*nConst] {
		b.isConst[f] = true
	}
}

// drawFeatures is scikit-learn's Fisher-Yates feature sampling with constant-feature
// bookkeeping: it evaluates drawn features until maxFeatures were drawn and at least one
// of them was not constant.
func (b *builder) drawFeatures(nConst *int, eval func(f int) bool) {
	features := b.features
	nKnown := *nConst
	nTotal := nKnown
	nDrawn, nFound, visited := 0, 0, 0
	fi := b.nf
	for fi > nTotal && (visited < b.maxFeatures || visited <= nFound+nDrawn) {
		visited++
		fj := nDrawn + b.rng.IntN(fi-nFound-nDrawn)
		if fj < nKnown {
			features[nDrawn], features[fj] = features[fj], features[nDrawn]
			nDrawn++
			continue
		}
		fj += nFound
		if !eval(features[fj]) {
			features[fj], features[nTotal] = features[nTotal], features[fj]
			nFound++
			nTotal++
			continue
		}
		fi--
		features[fi], features[fj] = features[fj], features[fi]
	}
	copy(features[:nKnown], b.constant[:nKnown])
	copy(b.constant[nKnown:nKnown+nFound], features[nKnown:nKnown+nFound])
	*nConst = nTotal
}

// evalBest scans every split position of one feature (rows in its order) and returns
// the best one whose proxy beats bestProxy.
func (b *builder) evalBest(rows []int32, vals []float64, bestProxy float64) (pos int, thr, proxy float64, ok bool) {
	m := len(rows)
	b.reset()
	minLeaf, minW := b.minLeaf, b.p.MinWeightLeaf
	p := 0
	for p < m {
		xp := vals[p]
		for p+1 < m && vals[p+1] <= xp+featureThreshold {
			p++
			xp = vals[p]
		}
		p++
		if p >= m {
			break
		}
		if p < minLeaf || m-p < minLeaf {
			continue
		}
		b.update(rows, p)
		if b.wl < minW || b.wNode-b.wl < minW {
			continue
		}
		if cur := b.proxy(rows); cur > bestProxy {
			bestProxy, pos, ok = cur, p, true
			lo, hi := xp, vals[p]
			thr = lo/2 + hi/2
			if thr == hi || math.IsInf(thr, 0) {
				thr = lo
			}
			proxy = cur
		}
	}
	return
}

// sweepReg is evalBest for the criteria that need only sums (squared error, Friedman,
// Poisson), with scikit-learn's update rule inlined.
func (b *builder) sweepReg(rows []int32, vals []float64, bestProxy float64) (pos int, thr, proxy float64, ok bool) {
	m := len(rows)
	rs := b.rs
	sumTotal, wNode := b.sumTotal[0], b.wNode
	minLeaf, minW := b.minLeaf, b.p.MinWeightLeaf
	crit := b.p.Criterion
	sl, wl := 0.0, 0.0
	cur := 0
	p := 0
	for p < m {
		xp := vals[p]
		for p+1 < m && vals[p+1] <= xp+featureThreshold {
			p++
			xp = vals[p]
		}
		p++
		if p >= m {
			break
		}
		if p < minLeaf || m-p < minLeaf {
			continue
		}
		if p-cur <= m-p {
			for _, i := range rows[cur:p] {
				r := &rs[i]
				sl += r.wy
				wl += r.w
			}
		} else {
			sl, wl = sumTotal, wNode
			for q := m - 1; q >= p; q-- {
				r := &rs[rows[q]]
				sl -= r.wy
				wl -= r.w
			}
		}
		cur = p
		wr := wNode - wl
		if wl < minW || wr < minW {
			continue
		}
		sr := sumTotal - sl
		var v float64
		switch crit {
		case SquaredError:
			v = sl*sl/wl + sr*sr/wr
		case FriedmanMSE:
			diff := wr*sl - wl*sr
			v = diff * diff / (wl * wr)
		default: // Poisson
			if sl <= epsilon || sr <= epsilon {
				continue
			}
			v = sl*math.Log(sl/wl) + sr*math.Log(sr/wr)
		}
		if v > bestProxy {
			bestProxy, pos, ok, proxy = v, p, true, v
			hi := vals[p]
			thr = xp/2 + hi/2
			if thr == hi || math.IsInf(thr, 0) {
				thr = xp
			}
		}
	}
	return
}

// sweepCls is evalBest for Gini and entropy with scikit-learn's update rule inlined.
func (b *builder) sweepCls(rows []int32, vals []float64, bestProxy float64) (pos int, thr, proxy float64, ok bool) {
	m := len(rows)
	rs := b.rs
	sumLeft, sumTotal := b.sumLeft, b.sumTotal
	clear(sumLeft)
	wNode := b.wNode
	minLeaf, minW := b.minLeaf, b.p.MinWeightLeaf
	gini := b.p.Criterion == Gini
	wl := 0.0
	cur := 0
	p := 0
	for p < m {
		xp := vals[p]
		for p+1 < m && vals[p+1] <= xp+featureThreshold {
			p++
			xp = vals[p]
		}
		p++
		if p >= m {
			break
		}
		if p < minLeaf || m-p < minLeaf {
			continue
		}
		if p-cur <= m-p {
			for _, i := range rows[cur:p] {
				r := &rs[i]
				sumLeft[int(r.wy)] += r.w
				wl += r.w
			}
		} else {
			copy(sumLeft, sumTotal)
			wl = wNode
			for q := m - 1; q >= p; q-- {
				r := &rs[rows[q]]
				sumLeft[int(r.wy)] -= r.w
				wl -= r.w
			}
		}
		cur = p
		wr := wNode - wl
		if wl < minW || wr < minW {
			continue
		}
		var v float64
		if gini {
			sqL, sqR := 0.0, 0.0
			for c, cl := range sumLeft {
				cr := sumTotal[c] - cl
				sqL += cl * cl
				sqR += cr * cr
			}
			v = -wr*(1-sqR/(wr*wr)) - wl*(1-sqL/(wl*wl))
		} else {
			eL, eR := 0.0, 0.0
			for c, cl := range sumLeft {
				cr := sumTotal[c] - cl
				if cl > 0 {
					cl /= wl
					eL -= cl * (math.Log(cl) / math.Ln2)
				}
				if cr > 0 {
					cr /= wr
					eR -= cr * (math.Log(cr) / math.Ln2)
				}
			}
			v = -wr*eR - wl*eL
		}
		if v > bestProxy {
			bestProxy, pos, ok, proxy = v, p, true, v
			hi := vals[p]
			thr = xp/2 + hi/2
			if thr == hi || math.IsInf(thr, 0) {
				thr = xp
			}
		}
	}
	return
}

// partition reorders every feature's rows of [start, end) into the left child
// [start, s.pos) and the right child [s.pos, end), keeping each side sorted.
func (b *builder) partition(start, end int, s split) {
	if b.p.Random {
		return // findSplitRandom partitioned the samples already
	}
	mid := s.pos - start
	seg := b.rows(s.feature, start, end)
	for q, r := range seg {
		b.left[r] = q < mid
	}
	for f := 0; f < b.nf; f++ {
		if f == s.feature || (b.skipConst && b.isConst[f]) {
			continue
		}
		rows := b.rows(f, start, end)
		vals := b.values(f, start, end)
		l, r := 0, 0
		tmp, tmpV := b.tmp[:len(rows)], b.tmpV[:len(rows)]
		left := b.left
		for k, i := range rows {
			v := vals[k]
			if left[i] {
				rows[l] = i
				vals[l] = v
				l++
			} else {
				tmp[r] = i
				tmpV[r] = v
				r++
			}
		}
		copy(rows[l:], tmp[:r])
		copy(vals[l:], tmpV[:r])
	}
}

// leafCheck is the part of scikit-learn's is_leaf test that needs no split search.
func (b *builder) leafCheck(n int, depth int) bool {
	return depth >= b.maxDepth || n < b.minSplit || n < 2*b.minLeaf || b.wNode < 2*b.p.MinWeightLeaf
}

// testNoSkipConst turns the constant-feature shortcut of partition off (tests).
var testNoSkipConst bool

type stackRec struct {
	start, end, depth int
	parent            int32
	isLeft            bool
	impurity          float64
	nConst            int
	valid             int // feature whose ordering holds the node's rows
}

// surelyLeaf reports whether a child of n rows at depth with the given impurity will
// be a leaf whatever its rows (so its parent's split need not reorder the features
// other than the split feature).
func (b *builder) surelyLeaf(n, depth int, impurity float64) bool {
	return depth >= b.maxDepth || n < b.minSplit || n < 2*b.minLeaf || impurity <= epsilon
}

// applySplit reorders the node's features for its children unless both will be leaves.
func (b *builder) applySplit(start, end, depth int, s split) {
	if b.surelyLeaf(s.pos-start, depth+1, s.impLeft) && b.surelyLeaf(end-s.pos, depth+1, s.impRight) {
		return
	}
	b.partition(start, end, s)
}

// depthFirst is scikit-learn's DepthFirstTreeBuilder.
func (b *builder) depthFirst(ctx context.Context) error {
	b.skipConst = !testNoSkipConst
	stack := []stackRec{{start: 0, end: b.m, parent: -1, impurity: math.Inf(1)}}
	first := true
	for len(stack) > 0 {
		if len(b.t.Feature)&255 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := r.end - r.start
		b.valid = r.valid
		b.nodeInit(r.start, r.end)
		isLeaf := b.leafCheck(n, r.depth)
		impurity := r.impurity
		if first {
			impurity = b.nodeImpurity(r.start, r.end)
			first = false
		}
		isLeaf = isLeaf || impurity <= epsilon
		var s split
		nConst := r.nConst
		if !isLeaf {
			var ok bool
			s, ok = b.findSplit(r.start, r.end, impurity, &nConst)
			isLeaf = !ok || s.pos >= r.end || s.improvement+epsilon < b.p.MinImpurityDecrease
		}
		id := b.t.addNode(r.parent, r.isLeft, impurity, int32(n), b.wNode)
		b.nodeValue(r.start, r.end, b.t.Value[int(id)*b.k:int(id+1)*b.k])
		if !isLeaf {
			b.t.Feature[id] = int32(s.feature)
			b.t.Threshold[id] = s.threshold
			b.applySplit(r.start, r.end, r.depth, s)
			stack = append(stack,
				stackRec{s.pos, r.end, r.depth + 1, id, false, s.impRight, nConst, s.feature},
				stackRec{r.start, s.pos, r.depth + 1, id, true, s.impLeft, nConst, s.feature})
		}
	}
	return ctx.Err()
}

// frontierRec is scikit-learn's FrontierRecord: a node waiting for expansion with its
// precomputed split.
type frontierRec struct {
	node       int32
	start, end int
	depth      int
	isLeaf     bool
	s          split
}

type frontier []frontierRec

func (h frontier) Len() int { return len(h) }
func (h frontier) Less(i, j int) bool {
	if h[i].s.improvement != h[j].s.improvement {
		return h[i].s.improvement > h[j].s.improvement
	}
	return h[i].node < h[j].node
}
func (h frontier) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *frontier) Push(x any)   { *h = append(*h, x.(frontierRec)) }
func (h *frontier) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// addSplitNode is scikit-learn's BestFirstTreeBuilder._add_split_node: it adds the node
// and finds its split (not applied yet).
func (b *builder) addSplitNode(start, end int, impurity float64, first bool, parent int32, isLeft bool, depth, valid int) frontierRec {
	n := end - start
	b.valid = valid
	b.nodeInit(start, end)
	isLeaf := b.leafCheck(n, depth)
	if first {
		impurity = b.nodeImpurity(start, end)
	}
	isLeaf = isLeaf || impurity <= epsilon
	var s split
	if !isLeaf {
		nConst := 0
		var ok bool
		s, ok = b.findSplit(start, end, impurity, &nConst)
		isLeaf = !ok || s.pos >= end || s.improvement+epsilon < b.p.MinImpurityDecrease
	}
	id := b.t.addNode(parent, isLeft, impurity, int32(n), b.wNode)
	b.nodeValue(start, end, b.t.Value[int(id)*b.k:int(id+1)*b.k])
	rec := frontierRec{node: id, start: start, end: end, depth: depth, isLeaf: isLeaf}
	if isLeaf {
		rec.s = split{pos: end, improvement: 0, impLeft: impurity, impRight: impurity}
	} else {
		rec.s = s
	}
	return rec
}

// bestFirst is scikit-learn's BestFirstTreeBuilder: the frontier node with the largest
// improvement is split next, until MaxLeafNodes leaves.
func (b *builder) bestFirst(ctx context.Context) error {
	maxSplits := b.p.MaxLeafNodes - 1
	h := &frontier{b.addSplitNode(0, b.m, math.Inf(1), true, -1, false, 0, 0)}
	for h.Len() > 0 {
		if len(b.t.Feature)&255 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := heap.Pop(h).(frontierRec)
		if r.isLeaf || maxSplits <= 0 {
			continue // nodes are added as leaves until they are expanded
		}
		maxSplits--
		b.t.Feature[r.node] = int32(r.s.feature)
		b.t.Threshold[r.node] = r.s.threshold
		b.applySplit(r.start, r.end, r.depth, r.s)
		l := b.addSplitNode(r.start, r.s.pos, r.s.impLeft, false, r.node, true, r.depth+1, r.s.feature)
		rr := b.addSplitNode(r.s.pos, r.end, r.s.impRight, false, r.node, false, r.depth+1, r.s.feature)
		heap.Push(h, l)
		heap.Push(h, rr)
	}
	return ctx.Err()
}
