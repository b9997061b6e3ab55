package ensemble

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Predictor      = (*IsolationForest)(nil)
	_ estimator.Validator      = (*IsolationForest)(nil)
	_ estimator.StateMarshaler = (*IsolationForest)(nil)
	_ estimator.WeightedFitter = (*IsolationForest)(nil)
)

// isoMaxEstimators bounds IsolationForest.NEstimators.
const isoMaxEstimators = 1 << 20

// isoMaxNodes bounds the nodes of a whole isolation forest (NEstimators × the
// 2·max_samples − 1 nodes a tree can have), 2²⁸ nodes, about 5 GiB at 20 bytes each.
const isoMaxNodes = 1 << 28

// isoFeatureThreshold is scikit-learn's FEATURE_THRESHOLD: a feature whose values in
// a node span at most this much is treated as constant there.
const isoFeatureThreshold = 1e-7

// IsolationForest detects anomalies by isolating rows with random splits
// (scikit-learn: ensemble.IsolationForest, 1.2.1 semantics). Each tree is grown on
// a random subsample of MaxSamples rows (drawn without replacement, or with it when
// Bootstrap is set) and, when MaxFeatures is below the number of features, on a
// random subset of the features. At each node a feature is drawn uniformly among
// those not constant in the node, and the threshold uniformly between the feature's
// minimum and maximum there; a node becomes a leaf when it holds one distinct row,
// when every feature is constant in it, or at depth ⌈log₂ max(MaxSamples, 2)⌉.
//
// A row's path length in a tree is the depth d of the leaf it falls into plus
// c(n), the average path length of an unsuccessful binary-search-tree search among
// the n training rows of that leaf (c(1) = 0, c(2) = 1, c(n) = 2(ln(n−1) + γ) −
// 2(n−1)/n). ScoreSamples is −2^(−E[d + c(n)] / c(MaxSamples)), the opposite of the
// anomaly score of Liu et al. (lower means more abnormal), exactly as scikit-learn
// computes it; DecisionFunction subtracts the offset (−0.5 with Contamination
// "auto", otherwise the Contamination-th percentile of the training scores) and
// Predict returns −1 for outliers (a negative decision value) and +1 for inliers.
//
// It is unsupervised: Fit ignores y, which may be nil. The zero value is
// scikit-learn 1.2.1's default IsolationForest().
type IsolationForest struct {
	// NEstimators is the number of trees; 0 means 100. At most 2²⁰.
	NEstimators int
	// MaxSamples is the number of rows drawn for each tree (scikit-learn's
	// max_samples): 0 means "auto", min(256, rows); a value in (0, 1] is a fraction
	// of the rows (int(MaxSamples · rows), which must be >= 1); a value > 1 must be
	// a whole number of rows, and is lowered to the number of rows when larger (as
	// scikit-learn does, with a warning there).
	MaxSamples float64
	// Contamination is the expected fraction of outliers in the training data, in
	// (0, 0.5]; it sets the offset of DecisionFunction to that percentile of the
	// training scores. 0 means "auto" (offset −0.5, as in the original paper).
	Contamination float64
	// MaxFeatures is the number of features drawn (without replacement) for each
	// tree (scikit-learn's max_features): 0 means 1.0 (all of them); a value in
	// (0, 1] is a fraction of the features (max(1, int(MaxFeatures · features)));
	// a value > 1 must be a whole number of features, at most the number of
	// features (checked at Fit).
	MaxFeatures float64
	// Bootstrap draws each tree's rows with replacement (scikit-learn's bootstrap,
	// default false).
	Bootstrap bool
	// WarmStart keeps the trees of the previous Fit and grows only the missing
	// ones (scikit-learn's warm_start); NEstimators must then be at least the
	// number of trees already grown, and X must have the same number of features.
	// Tree i is grown from its own random stream (Seed, i), so growing 50 trees and
	// then 50 more gives the same forest as growing 100 at once on the same data.
	WarmStart bool
	// Seed seeds the trees' random streams: tree i draws from
	// rand.NewPCG(Seed, i), so results do not depend on Workers.
	Seed uint64
	// Workers bounds the goroutines growing trees and scoring rows; 0 means
	// GOMAXPROCS. Results are identical for any value.
	Workers int

	fit *isoFit // nil until Fit succeeds
}

// isoFit is the learned state; fields are exported for gob.
type isoFit struct {
	NFeatures  int
	MaxSamples int     // resolved max_samples_ (the normalisation c(MaxSamples))
	Offset     float64 // offset_
	Trees      []isoTree

	pathLen [][]float64 // per tree, per node: depth + c(NSamples) at leaves (not encoded)
}

// isoTree is one isolation tree as flat node arrays; node 0 is the root, and a
// node's children come after it.
type isoTree struct {
	Feature   []int32 // split feature (a column of X), -1 at leaves
	Threshold []float64
	Left      []int32 // -1 at leaves
	Right     []int32
	NSamples  []int32 // distinct training rows reaching the node
}

const isoStateVersion = 1

// Check validates decoded state: sizes, finiteness, feature indices below
// NFeatures, and child indices that point forward (so every path ends) and in range.
func (f *isoFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("MaxSamples", f.MaxSamples, 1, math.MaxInt32),
		estimator.CheckCount("number of trees", len(f.Trees), 1, isoMaxEstimators),
		estimator.CheckFinite("Offset", f.Offset),
	); err != nil {
		return err
	}
	maxNodes := 2*f.MaxSamples - 1
	for ti := range f.Trees {
		t := &f.Trees[ti]
		n := len(t.Feature)
		if err := estimator.FirstError(
			estimator.CheckCount(fmt.Sprintf("Trees[%d] nodes", ti), n, 1, maxNodes),
			estimator.CheckLen(fmt.Sprintf("Trees[%d].Threshold", ti), len(t.Threshold), n),
			estimator.CheckLen(fmt.Sprintf("Trees[%d].Left", ti), len(t.Left), n),
			estimator.CheckLen(fmt.Sprintf("Trees[%d].Right", ti), len(t.Right), n),
			estimator.CheckLen(fmt.Sprintf("Trees[%d].NSamples", ti), len(t.NSamples), n),
			estimator.CheckFinite(fmt.Sprintf("Trees[%d].Threshold", ti), t.Threshold...),
		); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if s := t.NSamples[i]; s < 0 || int(s) > f.MaxSamples {
				return fmt.Errorf("Trees[%d].NSamples[%d] is %d, want a value in [0, %d]", ti, i, s, f.MaxSamples)
			}
			if t.Feature[i] == -1 {
				if t.Left[i] != -1 || t.Right[i] != -1 {
					return fmt.Errorf("Trees[%d] leaf %d has children %d, %d", ti, i, t.Left[i], t.Right[i])
				}
				continue
			}
			if ft := t.Feature[i]; ft < 0 || int(ft) >= f.NFeatures {
				return fmt.Errorf("Trees[%d].Feature[%d] is %d, want -1 or an index in [0, %d)", ti, i, ft, f.NFeatures)
			}
			for _, c := range []int32{t.Left[i], t.Right[i]} {
				if int(c) <= i || int(c) >= n {
					return fmt.Errorf("Trees[%d] node %d has child %d, want an index in (%d, %d)", ti, i, c, i, n)
				}
			}
		}
	}
	return nil
}

// prepare computes the per-node path lengths (depth + c(NSamples)) used by scoring.
func (f *isoFit) prepare() {
	f.pathLen = make([][]float64, len(f.Trees))
	for ti := range f.Trees {
		t := &f.Trees[ti]
		pl := make([]float64, len(t.Feature))
		depth := make([]int32, len(t.Feature))
		for i := range t.Feature { // parents come before their children
			if t.Feature[i] >= 0 {
				depth[t.Left[i]] = depth[i] + 1
				depth[t.Right[i]] = depth[i] + 1
			} else {
				pl[i] = float64(depth[i]) + isoAveragePathLength(float64(t.NSamples[i]))
			}
		}
		f.pathLen[ti] = pl
	}
}

// isoAveragePathLength is c(n), the average path length of an unsuccessful search
// in a binary search tree of n nodes (scikit-learn's _average_path_length).
func isoAveragePathLength(n float64) float64 {
	switch {
	case n <= 1:
		return 0
	case n == 2:
		return 1
	}
	const eulerGamma = 0.5772156649015329
	return 2*(math.Log(n-1)+eulerGamma) - 2*(n-1)/n
}

// isWhole reports whether v is a whole number.
func isWhole(v float64) bool { return v == math.Trunc(v) }

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field.
func (m *IsolationForest) Validate() error {
	if m.NEstimators < 0 || m.NEstimators > isoMaxEstimators {
		return &estimator.ParamError{Param: "NEstimators", Value: m.NEstimators, Reason: fmt.Sprintf("must be in [1, %d] (0 means 100)", isoMaxEstimators)}
	}
	if v := m.MaxSamples; math.IsNaN(v) || v < 0 || v > math.MaxInt32 || (v > 1 && !isWhole(v)) {
		return &estimator.ParamError{Param: "MaxSamples", Value: v, Reason: fmt.Sprintf("must be 0 (auto), a fraction in (0, 1] or a whole number of rows in (1, %d]", math.MaxInt32)}
	}
	if v := m.Contamination; math.IsNaN(v) || v < 0 || v > 0.5 {
		return &estimator.ParamError{Param: "Contamination", Value: v, Reason: "must be in (0, 0.5] (0 means auto)"}
	}
	if v := m.MaxFeatures; math.IsNaN(v) || v < 0 || v > math.MaxInt32 || (v > 1 && !isWhole(v)) {
		return &estimator.ParamError{Param: "MaxFeatures", Value: v, Reason: fmt.Sprintf("must be 0 (all), a fraction in (0, 1] or a whole number of features in (1, %d]", math.MaxInt32)}
	}
	if m.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: m.Workers, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	return nil
}

func (m *IsolationForest) nEstimators() int {
	if m.NEstimators == 0 {
		return 100
	}
	return m.NEstimators
}

// Fit grows the forest on the rows of X; y is ignored (it may be nil). It returns
// a *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty or non-finite X, a MaxSamples fraction that
// selects no row, MaxFeatures above the number of features, or a forest of more
// than 2²⁸ possible nodes, and estimator.ErrShape when WarmStart continues a forest
// fitted on another number of features. It returns ctx.Err() when ctx is done. On
// error the previous model, if any, is kept.
func (m *IsolationForest) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return m.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with sample weights w (nil means all ones; scikit-learn's
// sample_weight). As in scikit-learn, the weights do not change how rows are drawn;
// a drawn row of weight 0 is left out of its tree, and the other weights have no
// effect on the random splits. Weights must be finite and >= 0 with a positive sum;
// a wrong length gives estimator.ErrShape.
func (m *IsolationForest) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const name = "ensemble.IsolationForest: "
	if err := m.Validate(); err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckX(X)
	if err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	if err := forestCheckWeights(w, n); err != nil {
		return fmt.Errorf(name+"%w", err)
	}

	maxSamples := min(256, n)
	switch v := m.MaxSamples; {
	case v > 1:
		maxSamples = min(int(v), n)
	case v > 0:
		maxSamples = int(v * float64(n))
		if maxSamples < 1 {
			return fmt.Errorf(name+"MaxSamples = %v of %d rows selects no row: %w", v, n, estimator.ErrInvalidData)
		}
	}
	maxFeatures := p
	switch v := m.MaxFeatures; {
	case v > 1:
		if int(v) > p {
			return fmt.Errorf(name+"MaxFeatures = %v exceeds the %d features of X: %w", v, p, estimator.ErrInvalidData)
		}
		maxFeatures = int(v)
	case v > 0:
		maxFeatures = max(1, int(v*float64(p)))
	}
	maxDepth := int(math.Ceil(math.Log2(float64(max(maxSamples, 2)))))

	nTrees := m.nEstimators()
	var old []isoTree
	if m.WarmStart && m.fit != nil {
		if m.fit.NFeatures != p {
			return fmt.Errorf(name+"WarmStart: X has %d features, the forest was fit with %d: %w", p, m.fit.NFeatures, estimator.ErrShape)
		}
		if nTrees < len(m.fit.Trees) {
			return fmt.Errorf(name+"WarmStart: NEstimators = %d is below the %d trees already grown: %w", nTrees, len(m.fit.Trees),
				&estimator.ParamError{Param: "NEstimators", Value: m.NEstimators, Reason: "must not decrease with WarmStart"})
		}
		old = m.fit.Trees
	}
	if nTrees > isoMaxNodes/(2*maxSamples-1+1) {
		return fmt.Errorf(name+"%d trees of up to %d nodes exceed %d nodes: %w", nTrees, 2*maxSamples-1, isoMaxNodes, estimator.ErrInvalidData)
	}

	trees := make([]isoTree, nTrees)
	copy(trees, old)
	raw := x.RawMatrix()
	b := &isoBuilder{data: raw.Data, stride: raw.Stride, n: n, p: p, maxSamples: maxSamples,
		maxFeatures: maxFeatures, maxDepth: maxDepth, bootstrap: m.Bootstrap, w: w}
	start := len(old)
	if err := parallel.Run(ctx, nTrees-start, m.Workers, func(ctx context.Context, j int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		i := start + j
		trees[i] = b.grow(rand.New(rand.NewPCG(m.Seed, uint64(i))))
		return nil
	}); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return fmt.Errorf(name+"%w", err)
	}

	f := &isoFit{NFeatures: p, MaxSamples: maxSamples, Offset: -0.5, Trees: trees}
	f.prepare()
	if m.Contamination > 0 {
		scores := f.scoreSamples(x, m.Workers)
		f.Offset = isoPercentile(scores, 100*m.Contamination)
	}
	if err := f.Check(); err != nil {
		return fmt.Errorf(name+"the fitted model is unusable (%v): %w", err, estimator.ErrInvalidData)
	}
	m.fit = f
	return nil
}

// isoPercentile is numpy.percentile(v, q) with linear interpolation; v is sorted
// in place.
func isoPercentile(v []float64, q float64) float64 {
	slices.Sort(v)
	pos := q / 100 * float64(len(v)-1)
	lo := int(math.Floor(pos))
	if lo >= len(v)-1 {
		return v[len(v)-1]
	}
	frac := pos - float64(lo)
	// numpy's _lerp: a + (b − a)·t, computed from the upper end when t >= 0.5.
	a, b := v[lo], v[lo+1]
	d := b - a
	if frac >= 0.5 {
		return b - d*(1-frac)
	}
	return a + d*frac
}

// isoBuilder grows isolation trees; it is shared read-only by the workers.
type isoBuilder struct {
	data        []float64 // X, row-major
	stride      int
	n, p        int
	maxSamples  int
	maxFeatures int
	maxDepth    int
	bootstrap   bool
	w           []float64 // sample weights, nil for all ones
}

// grow draws one tree's features and rows from rng and grows it.
func (b *isoBuilder) grow(rng *rand.Rand) isoTree {
	// Features: a uniform subset of maxFeatures (all of them when maxFeatures = p).
	feats := make([]int32, b.p)
	for j := range feats {
		feats[j] = int32(j)
	}
	if b.maxFeatures < b.p {
		for j := 0; j < b.maxFeatures; j++ {
			k := j + rng.IntN(b.p-j)
			feats[j], feats[k] = feats[k], feats[j]
		}
		feats = feats[:b.maxFeatures]
		slices.Sort(feats)
	}
	// Rows: maxSamples draws with replacement (the tree sees each distinct row once,
	// as scikit-learn's trees skip the zero-weight rows and count a repeated row
	// once in n_node_samples) or a uniform subset without replacement (Floyd).
	var rows []int32
	seen := make(map[int32]struct{}, b.maxSamples)
	if b.bootstrap {
		for range b.maxSamples {
			r := int32(rng.IntN(b.n))
			if _, ok := seen[r]; !ok {
				seen[r] = struct{}{}
				rows = append(rows, r)
			}
		}
	} else {
		for j := b.n - b.maxSamples; j < b.n; j++ {
			r := int32(rng.IntN(j + 1))
			if _, ok := seen[r]; ok {
				r = int32(j)
			}
			seen[r] = struct{}{}
			rows = append(rows, r)
		}
	}
	if b.w != nil { // rows of weight 0 are drawn but not in the tree
		k := 0
		for _, r := range rows {
			if b.w[r] > 0 {
				rows[k] = r
				k++
			}
		}
		rows = rows[:k]
	}
	slices.Sort(rows)
	if len(rows) == 0 {
		return isoTree{Feature: []int32{-1}, Threshold: []float64{0}, Left: []int32{-1}, Right: []int32{-1}, NSamples: []int32{0}}
	}

	// Column-major copy of the sample: col[k][i] is feature feats[k] of rows[i].
	m := len(rows)
	vals := make([]float64, len(feats)*m)
	for i, r := range rows {
		row := b.data[int(r)*b.stride : int(r)*b.stride+b.p]
		for k, ft := range feats {
			vals[k*m+i] = row[ft]
		}
	}
	idx := make([]int32, m) // positions into the sample, partitioned per node
	for i := range idx {
		idx[i] = int32(i)
	}
	order := make([]int, len(feats))

	var t isoTree
	addNode := func(nSamples int) int32 {
		t.Feature = append(t.Feature, -1)
		t.Threshold = append(t.Threshold, 0)
		t.Left = append(t.Left, -1)
		t.Right = append(t.Right, -1)
		t.NSamples = append(t.NSamples, int32(nSamples))
		return int32(len(t.Feature) - 1)
	}
	type item struct {
		node, lo, hi, depth int
	}
	// Depth first, left child first: the node numbering of scikit-learn's builder.
	stack := []item{{int(addNode(m)), 0, m, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.hi-it.lo < 2 || it.depth >= b.maxDepth {
			continue
		}
		// Draw features uniformly without replacement until one is not constant in
		// the node; its threshold is uniform in [min, max).
		for k := range order {
			order[k] = k
		}
		feat, thr := -1, 0.0
		for left := len(order); left > 0; left-- {
			j := rng.IntN(left)
			k := order[j]
			order[j] = order[left-1]
			col := vals[k*m : (k+1)*m]
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, s := range idx[it.lo:it.hi] {
				v := col[s]
				lo = min(lo, v)
				hi = max(hi, v)
			}
			if hi <= lo+isoFeatureThreshold {
				continue
			}
			u := rng.Float64()
			thr = lo*(1-u) + hi*u // (hi − lo)·u + lo without overflow
			if thr >= hi || thr < lo {
				thr = lo
			}
			feat = k
			break
		}
		if feat < 0 {
			continue // every feature is constant here: a leaf
		}
		col := vals[feat*m : (feat+1)*m]
		seg := idx[it.lo:it.hi]
		p := 0
		for q, s := range seg {
			if col[s] <= thr {
				seg[p], seg[q] = seg[q], seg[p]
				p++
			}
		}
		mid := it.lo + p
		left := addNode(mid - it.lo)
		right := addNode(it.hi - mid)
		t.Feature[it.node] = feats[feat]
		t.Threshold[it.node] = thr
		t.Left[it.node] = left
		t.Right[it.node] = right
		// Push right first so that the left subtree is numbered first.
		stack = append(stack, item{int(right), mid, it.hi, it.depth + 1}, item{int(left), it.lo, mid, it.depth + 1})
	}
	return t
}

// scoreSamples returns −2^(−mean path length / c(MaxSamples)) for each row of x.
func (f *isoFit) scoreSamples(x *mat.Dense, workers int) []float64 {
	n, _ := x.Dims()
	out := make([]float64, n)
	raw := x.RawMatrix()
	denom := float64(len(f.Trees)) * isoAveragePathLength(float64(f.MaxSamples))
	const grain = 256
	_ = parallel.Run(context.Background(), parallel.NumChunks(n, grain), workers, func(_ context.Context, c int) error {
		for i := c * grain; i < min((c+1)*grain, n); i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
			sum := 0.0
			for ti := range f.Trees {
				t := &f.Trees[ti]
				node := int32(0)
				for t.Feature[node] >= 0 {
					if row[t.Feature[node]] <= t.Threshold[node] {
						node = t.Left[node]
					} else {
						node = t.Right[node]
					}
				}
				sum += f.pathLen[ti][node]
			}
			ratio := 1.0 // scikit-learn's value when c(MaxSamples) = 0 (one sample)
			if denom != 0 {
				ratio = sum / denom
			}
			out[i] = -math.Exp2(-ratio)
		}
		return nil
	})
	return out
}

// ScoreSamples returns the opposite of each row's anomaly score (scikit-learn's
// score_samples): values in [−1, 0), lower meaning more abnormal. It returns
// estimator.ErrNotFitted before Fit and estimator.ErrShape for a wrong number of
// features.
func (m *IsolationForest) ScoreSamples(X mat.Matrix) ([]float64, error) {
	const name = "ensemble.IsolationForest: "
	f := m.fit
	if f == nil {
		return nil, fmt.Errorf(name+"%w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, f.NFeatures)
	if err != nil {
		return nil, fmt.Errorf(name+"%w", err)
	}
	return f.scoreSamples(x, m.Workers), nil
}

// DecisionFunction returns ScoreSamples minus Offset(): negative values are
// outliers.
func (m *IsolationForest) DecisionFunction(X mat.Matrix) ([]float64, error) {
	s, err := m.ScoreSamples(X)
	if err != nil {
		return nil, err
	}
	off := m.fit.Offset
	for i := range s {
		s[i] -= off
	}
	return s, nil
}

// Predict returns −1 for the rows whose decision value is negative (outliers) and
// +1 for the others (inliers).
func (m *IsolationForest) Predict(X mat.Matrix) ([]float64, error) {
	s, err := m.DecisionFunction(X)
	if err != nil {
		return nil, err
	}
	for i, v := range s {
		if v < 0 {
			s[i] = -1
		} else {
			s[i] = 1
		}
	}
	return s, nil
}

// Offset returns the offset subtracted from ScoreSamples by DecisionFunction
// (scikit-learn's offset_), or 0 before Fit.
func (m *IsolationForest) Offset() float64 {
	if m.fit == nil {
		return 0
	}
	return m.fit.Offset
}

// MaxSamplesUsed returns the number of rows drawn for each tree (scikit-learn's
// max_samples_), or 0 before Fit.
func (m *IsolationForest) MaxSamplesUsed() int {
	if m.fit == nil {
		return 0
	}
	return m.fit.MaxSamples
}

// NTrees returns the number of fitted trees, or 0 before Fit.
func (m *IsolationForest) NTrees() int {
	if m.fit == nil {
		return 0
	}
	return len(m.fit.Trees)
}

// String prints the settings that differ from the zero value.
func (m *IsolationForest) String() string { return estimator.Format(m) }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (m *IsolationForest) MarshalState() ([]byte, error) {
	return estimator.EncodeState(isoStateVersion, m.fit)
}

// UnmarshalState restores state written by MarshalState; empty b leaves the model
// unfitted. State of another version, inconsistent lengths, non-finite thresholds
// or offset, features outside [0, NFeatures), child indices that do not point
// forward within the tree, or sample counts outside [0, MaxSamples] give an error
// wrapping estimator.ErrState, and the receiver is unchanged.
func (m *IsolationForest) UnmarshalState(b []byte) error {
	var f *isoFit
	if err := estimator.DecodeState(b, isoStateVersion, &f); err != nil {
		return fmt.Errorf("ensemble.IsolationForest: %w", err)
	}
	if f != nil {
		f.prepare()
	}
	m.fit = f
	return nil
}
