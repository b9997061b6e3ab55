package ensemble

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
	"github.com/skgo/skgo/internal/parallel"
)

// forestMaxEstimators bounds NEstimators of the random forests and extra trees.
const forestMaxEstimators = 1 << 20

// forestStateVersion is the version of forestFit's encoding.
const forestStateVersion = 3

// forestConfig is the resolved configuration shared by the four forest estimators.
type forestConfig struct {
	name                  string // "ensemble.RandomForestClassifier"
	clf                   bool
	random                bool // extra trees: the random splitter
	nEstimators           int
	criterion             string
	maxDepth              int
	minSamplesSplit       int
	minSamplesLeaf        int
	minWeightFractionLeaf float64
	maxFeatures           string // MaxFeatures as written
	maxFeaturesDefault    string // what "" means
	maxLeafNodes          int
	minImpurityDecrease   float64
	classWeight           string
	bootstrap             bool
	oob                   bool
	maxSamples            float64
	warmStart             bool
	seed                  uint64
	workers               int
}

// forestFit is the learned state of a forest; fields are exported for gob.
type forestFit struct {
	NFeatures int
	Classes   []float64 // sorted class labels; nil for regression
	Trees     []forestTree
	// Out-of-bag results, when OOB was set: OOBPrediction holds rows × width values
	// (regression predictions, or class probabilities), OOBScore the accuracy or R².
	HasOOB        bool
	OOBScore      float64
	OOBPrediction []float64
}

func (f *forestFit) width() int {
	if f.Classes != nil {
		return len(f.Classes)
	}
	return 1
}

// Check validates decoded state: the classes, the number of trees and every tree's
// own consistency (cart.Tree.Check: lengths, features below NFeatures, children
// pointing forward within the tree, finite thresholds and values).
func (f *forestFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("number of trees", len(f.Trees), 1, forestMaxEstimators),
	); err != nil {
		return err
	}
	if f.Classes != nil {
		if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
			return err
		}
	}
	w := f.width()
	for i := range f.Trees {
		if err := f.Trees[i].check(f.NFeatures, w); err != nil {
			return fmt.Errorf("Trees[%d]: %w", i, err)
		}
	}
	if f.HasOOB {
		if len(f.OOBPrediction) == 0 || len(f.OOBPrediction)%w != 0 {
			return fmt.Errorf("OOBPrediction has %d values, want a positive multiple of %d", len(f.OOBPrediction), w)
		}
		if err := estimator.CheckFinite("OOBPrediction", f.OOBPrediction...); err != nil {
			return err
		}
		if math.IsNaN(f.OOBScore) || math.IsInf(f.OOBScore, 1) {
			return fmt.Errorf("OOBScore is %v", f.OOBScore)
		}
	} else if len(f.OOBPrediction) != 0 {
		return fmt.Errorf("OOBPrediction is set without HasOOB")
	}
	return nil
}

// validate checks the hyperparameters; it returns a *estimator.ParamError.
func (c *forestConfig) validate() error {
	pe := func(param string, v any, reason string) error {
		return &estimator.ParamError{Param: param, Value: v, Reason: reason}
	}
	if c.nEstimators < 0 || c.nEstimators > forestMaxEstimators {
		return pe("NEstimators", c.nEstimators, fmt.Sprintf("must be in [1, %d] (0 means 100)", forestMaxEstimators))
	}
	if c.clf {
		switch c.criterion {
		case "", "gini", "entropy", "log_loss":
		default:
			return pe("Criterion", c.criterion, `must be "gini", "entropy" or "log_loss"`)
		}
		switch c.classWeight {
		case "", "balanced", "balanced_subsample":
		default:
			return pe("ClassWeight", c.classWeight, `must be "", "balanced" or "balanced_subsample"`)
		}
	} else {
		switch c.criterion {
		case "", "squared_error", "friedman_mse", "absolute_error", "poisson":
		default:
			return pe("Criterion", c.criterion, `must be "squared_error", "friedman_mse", "absolute_error" or "poisson"`)
		}
	}
	if c.maxDepth < 0 {
		return pe("MaxDepth", c.maxDepth, "must be >= 0 (0 means unlimited)")
	}
	if c.minSamplesSplit < 0 || c.minSamplesSplit == 1 {
		return pe("MinSamplesSplit", c.minSamplesSplit, "must be >= 2 (0 means 2)")
	}
	if c.minSamplesLeaf < 0 {
		return pe("MinSamplesLeaf", c.minSamplesLeaf, "must be >= 1 (0 means 1)")
	}
	if v := c.minWeightFractionLeaf; math.IsNaN(v) || v < 0 || v > 0.5 {
		return pe("MinWeightFractionLeaf", v, "must be in [0, 0.5]")
	}
	if err := cart.ValidateMaxFeatures(c.maxFeatures); err != nil {
		return err
	}
	if c.maxLeafNodes < 0 || c.maxLeafNodes == 1 {
		return pe("MaxLeafNodes", c.maxLeafNodes, "must be >= 2 (0 means unlimited)")
	}
	if v := c.minImpurityDecrease; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return pe("MinImpurityDecrease", v, "must be finite and >= 0")
	}
	if v := c.maxSamples; math.IsNaN(v) || v < 0 || v > math.MaxInt32 || (v > 1 && !isWhole(v)) {
		return pe("MaxSamples", v, fmt.Sprintf("must be 0 (all rows), a fraction in (0, 1] or a whole number of rows in (1, %d]", math.MaxInt32))
	}
	if c.maxSamples != 0 && !c.bootstrap {
		return pe("MaxSamples", c.maxSamples, "can only be set with bootstrap sampling")
	}
	if c.oob && !c.bootstrap {
		return pe("OOB", c.oob, "out-of-bag estimation needs bootstrap sampling")
	}
	if c.workers < 0 {
		return pe("Workers", c.workers, "must be >= 0 (0 means GOMAXPROCS)")
	}
	return nil
}

func (c *forestConfig) trees() int {
	if c.nEstimators == 0 {
		return 100
	}
	return c.nEstimators
}

func (c *forestConfig) cartCriterion() cart.Criterion {
	switch c.criterion {
	case "entropy", "log_loss":
		return cart.Entropy
	case "friedman_mse":
		return cart.FriedmanMSE
	case "absolute_error":
		return cart.AbsoluteError
	case "poisson":
		return cart.Poisson
	case "":
		if c.clf {
			return cart.Gini
		}
		return cart.SquaredError
	case "gini":
		return cart.Gini
	}
	return cart.SquaredError
}

// nBootstrap is scikit-learn's _get_n_samples_bootstrap.
func (c *forestConfig) nBootstrap(n int) (int, error) {
	switch v := c.maxSamples; {
	case v == 0:
		return n, nil
	case v > 1:
		if int(v) > n {
			return 0, fmt.Errorf("MaxSamples = %v exceeds the %d rows of X: %w", v, n, estimator.ErrInvalidData)
		}
		return int(v), nil
	default:
		return max(int(math.RoundToEven(float64(n)*v)), 1), nil
	}
}

// forestCheckWeights validates sample weights (nil means ones) for n rows.
func forestCheckWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("X has %d rows but w has %d values: %w", n, len(w), estimator.ErrShape)
	}
	total := 0.0
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("w[%d] is %v, want a finite value >= 0: %w", i, v, estimator.ErrInvalidData)
		}
		total += v
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return fmt.Errorf("the sample weights sum to %v, want a finite value > 0: %w", total, estimator.ErrInvalidData)
	}
	return nil
}

// forestBag draws tree i's bootstrap sample: counts[r] is how often row r was drawn
// (nBoot draws, uniform with replacement) from the tree's stream rng.
func forestBag(rng *rand.Rand, n, nBoot int, counts []int32) {
	clear(counts)
	for range nBoot {
		counts[rng.IntN(n)]++
	}
}

// fit grows the forest; prev is the previous fit (for WarmStart) or nil.
func (c *forestConfig) fit(ctx context.Context, X mat.Matrix, y, w []float64, prev *forestFit) (*forestFit, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, err
	}
	n, p := x.Dims()
	if err := forestCheckWeights(w, n); err != nil {
		return nil, err
	}
	if c.warmStart && prev != nil && prev.NFeatures != p {
		return nil, fmt.Errorf("WarmStart: X has %d features, the forest was fit with %d: %w", p, prev.NFeatures, estimator.ErrShape)
	}
	maxFeatures, err := cart.ResolveMaxFeatures(c.maxFeatures, c.maxFeaturesDefault, p)
	if err != nil {
		return nil, err
	}
	nBoot := n
	if c.bootstrap {
		if nBoot, err = c.nBootstrap(n); err != nil {
			return nil, err
		}
	}

	// Targets: class indices for classifiers.
	var classes []float64
	target := y
	width := 1
	if c.clf {
		if classes, err = estimator.CheckClassLabels(y); err != nil {
			return nil, err
		}
		width = len(classes)
		target = make([]float64, n)
		for i, v := range y {
			target[i] = float64(forestClassIndex(classes, v))
		}
	} else if c.criterion == "poisson" {
		sum := 0.0
		for i, v := range y {
			if v < 0 {
				return nil, fmt.Errorf("y[%d] = %v is negative, which Criterion \"poisson\" does not allow: %w", i, v, estimator.ErrInvalidData)
			}
			sum += v
		}
		if !(sum > 0) {
			return nil, fmt.Errorf("y sums to %v; Criterion \"poisson\" needs a positive sum: %w", sum, estimator.ErrInvalidData)
		}
	}

	nTrees := c.trees()
	var old []forestTree
	if c.warmStart && prev != nil {
		if c.clf && !slicesEqual(prev.Classes, classes) {
			return nil, fmt.Errorf("WarmStart: y has classes %v, the forest was fit with %v: %w", classes, prev.Classes, estimator.ErrInvalidData)
		}
		if nTrees < len(prev.Trees) {
			return nil, &estimator.ParamError{Param: "NEstimators", Value: nTrees,
				Reason: fmt.Sprintf("must not be below the %d trees already grown with WarmStart", len(prev.Trees))}
		}
		old = prev.Trees
	}

	// Base sample weights: the user's, times the class weights ("balanced", or
	// "balanced_subsample" without bootstrap, which scikit-learn treats as
	// "balanced").
	base := make([]float64, n)
	for i := range base {
		base[i] = 1
		if w != nil {
			base[i] = w[i]
		}
	}
	subsample := c.clf && c.classWeight == "balanced_subsample" && c.bootstrap
	if c.clf && (c.classWeight == "balanced" || (c.classWeight == "balanced_subsample" && !c.bootstrap)) {
		cw := forestBalanced(target, nil, width)
		for i := range base {
			base[i] *= cw[int(target[i])]
		}
	}

	params := cart.Params{
		Criterion:           c.cartCriterion(),
		Random:              c.random,
		MaxDepth:            c.maxDepth,
		MinSamplesSplit:     max(c.minSamplesSplit, 2),
		MinSamplesLeaf:      max(c.minSamplesLeaf, 1),
		MaxFeatures:         maxFeatures,
		MaxLeafNodes:        c.maxLeafNodes,
		MinImpurityDecrease: c.minImpurityDecrease,
	}
	if c.clf {
		params.NClasses = width
	}

	datas, perms, err := forestTieData(ctx, x, maxFeatures, c.seed, c.workers, len(old), nTrees)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	trees := make([]forestTree, nTrees)
	copy(trees, old)
	start := len(old)
	err = parallel.Run(ctx, nTrees-start, c.workers, func(ctx context.Context, j int) error {
		i := start + j
		rng := rand.New(rand.NewPCG(c.seed, uint64(i)))
		tw := base
		if c.bootstrap {
			counts := make([]int32, n)
			forestBag(rng, n, nBoot, counts)
			tw = make([]float64, n)
			for r, k := range counts {
				tw[r] = base[r] * float64(k)
			}
			if subsample {
				cw := forestBalanced(target, counts, width)
				for r := range tw {
					tw[r] *= cw[int(target[r])]
				}
			}
		}
		pr := params
		if c.minWeightFractionLeaf > 0 {
			sum := 0.0
			for _, v := range tw {
				sum += v
			}
			pr.MinWeightLeaf = c.minWeightFractionLeaf * sum
		}
		g := i % len(datas)
		t, err := cart.Grow(ctx, datas[g], target, tw, pr, rng)
		if err != nil {
			return err
		}
		if perm := perms[g]; perm != nil {
			for k, f := range t.Feature {
				if f >= 0 {
					t.Feature[k] = perm[f]
				}
			}
		}
		if err := t.Check(p, width); err != nil {
			return fmt.Errorf("tree %d is unusable (%v; data too extreme for float64?): %w", i, err, estimator.ErrInvalidData)
		}
		trees[i] = forestPack(t, p)
		return nil
	})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	f := &forestFit{NFeatures: p, Classes: classes, Trees: trees}
	if c.oob {
		if err := c.oobScore(ctx, f, x, y, target, nBoot); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// forestTieGroups is the number of column orders the trees are spread over when
// every feature is considered at each split.
const forestTieGroups = 4

// forestTieData prepares the data the trees grow on. When maxFeatures draws fewer
// features than X has, cart visits the drawn features in a random order, so among
// splits of equal gain (frequent in nodes of a few rows, where any feature that
// separates the rows gives the same partition) the winner is random, as in
// scikit-learn. When every feature is considered, cart visits them in index order and
// the lowest index would win every tie in every tree, which biases a forest towards
// the first columns (on Boston, a cross-validated R² 0.04 below scikit-learn's).
// scikit-learn visits the features in a random order at every node; here the trees
// are spread over forestTieGroups copies of the data with randomly permuted columns
// (tree i uses copy i mod forestTieGroups; its split features are mapped back), so
// ties go to a different feature in different trees. perms[g] maps a copy's column to
// X's (nil: not permuted).
func forestTieData(ctx context.Context, x *mat.Dense, maxFeatures int, seed uint64, workers, start, end int) ([]*cart.Data, [][]int32, error) {
	_, p := x.Dims()
	if maxFeatures < p || p == 1 {
		d, err := cart.NewData(ctx, x, workers)
		return []*cart.Data{d}, [][]int32{nil}, err
	}
	n := x.RawMatrix().Rows
	datas := make([]*cart.Data, forestTieGroups)
	perms := make([][]int32, forestTieGroups)
	var xp *mat.Dense
	for g := range datas {
		if end-start < forestTieGroups && !forestGroupUsed(g, start, end) {
			continue // only the copies that the new trees use
		}
		rng := rand.New(rand.NewPCG(seed, math.MaxUint64-uint64(g)))
		perm := make([]int32, p)
		for j, v := range rng.Perm(p) {
			perm[j] = int32(v)
		}
		if xp == nil {
			xp = mat.NewDense(n, p, nil)
		}
		for i := 0; i < n; i++ {
			src, dst := x.RawRowView(i), xp.RawRowView(i)
			for j, f := range perm {
				dst[j] = src[f]
			}
		}
		d, err := cart.NewData(ctx, xp, workers)
		if err != nil {
			return nil, nil, err
		}
		datas[g], perms[g] = d, perm
	}
	return datas, perms, nil
}

// forestGroupUsed reports whether a tree in [start, end) uses column order g.
func forestGroupUsed(g, start, end int) bool {
	for i := start; i < end; i++ {
		if i%forestTieGroups == g {
			return true
		}
	}
	return false
}

func slicesEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// forestClassIndex returns the index of v in the sorted classes.
func forestClassIndex(classes []float64, v float64) int {
	lo, hi := 0, len(classes)
	for lo < hi {
		m := (lo + hi) / 2
		if classes[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// forestBalanced returns scikit-learn's "balanced" class weights n / (K · n_k) over
// the rows drawn (counts[r] times each; nil means every row once), K being the number
// of classes present in that sample; absent classes weigh 0 (compute_sample_weight
// with indices).
func forestBalanced(target []float64, counts []int32, width int) []float64 {
	nk := make([]float64, width)
	total := 0.0
	for r, v := range target {
		c := 1.0
		if counts != nil {
			c = float64(counts[r])
		}
		nk[int(v)] += c
		total += c
	}
	present := 0
	for _, v := range nk {
		if v > 0 {
			present++
		}
	}
	cw := make([]float64, width)
	for k, v := range nk {
		if v > 0 {
			cw[k] = total / (float64(present) * v)
		}
	}
	return cw
}

// oobScore computes the out-of-bag predictions and score, as scikit-learn: each
// row's prediction averages the trees whose bootstrap sample left it out (regrown
// from the trees' streams); a row that every tree drew gets prediction 0 (all
// probabilities 0, hence the first class), and the score is the accuracy (classes)
// or R² of those predictions over all rows.
func (c *forestConfig) oobScore(ctx context.Context, f *forestFit, x *mat.Dense, y, target []float64, nBoot int) error {
	n, _ := x.Dims()
	T := len(f.Trees)
	words := (n + 63) / 64
	inBag := make([]uint64, T*words) // bit r of tree t: row r was drawn
	if err := parallel.Run(ctx, T, c.workers, func(ctx context.Context, t int) error {
		rng := rand.New(rand.NewPCG(c.seed, uint64(t)))
		mask := inBag[t*words : (t+1)*words]
		for range nBoot {
			r := rng.IntN(n)
			mask[r/64] |= 1 << (r % 64)
		}
		return nil
	}); err != nil {
		return err
	}
	width := f.width()
	pred := make([]float64, n*width)
	raw := x.RawMatrix()
	const grain = 256
	err := parallel.Run(ctx, parallel.NumChunks(n, grain), c.workers, func(ctx context.Context, ch int) error {
		lo, hi := ch*grain, min((ch+1)*grain, n)
		cnt := make([]int32, hi-lo)
		for t := range f.Trees {
			tr := &f.Trees[t]
			mask := inBag[t*words : (t+1)*words]
			for r := lo; r < hi; r++ {
				if mask[r/64]&(1<<(r%64)) != 0 {
					continue
				}
				leaf := tr.leaf(raw.Data[r*raw.Stride : r*raw.Stride+raw.Cols])
				if width == 1 {
					pred[r] += tr.Nodes[leaf].Threshold
				} else {
					dst := pred[r*width : (r+1)*width]
					for k, v := range tr.classRow(leaf, width) {
						dst[k] += v
					}
				}
				cnt[r-lo]++
			}
		}
		for r := lo; r < hi; r++ {
			if k := cnt[r-lo]; k > 0 {
				dst := pred[r*width : (r+1)*width]
				for j := range dst {
					dst[j] /= float64(k)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	f.HasOOB = true
	f.OOBPrediction = pred
	if c.clf {
		hit := 0
		for r := 0; r < n; r++ {
			if forestArgmax(pred[r*width:(r+1)*width]) == int(target[r]) {
				hit++
			}
		}
		f.OOBScore = float64(hit) / float64(n)
		return nil
	}
	f.OOBScore = forestR2(y, pred)
	return nil
}

// forestR2 is the coefficient of determination (scikit-learn's r2_score, including
// its 1 / 0 answers for constant targets).
func forestR2(y, pred []float64) float64 {
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	ssRes, ssTot := 0.0, 0.0
	for i, v := range y {
		d := v - pred[i]
		ssRes += d * d
		e := v - mean
		ssTot += e * e
	}
	if ssTot == 0 {
		if ssRes == 0 {
			return 1
		}
		return 0
	}
	return 1 - ssRes/ssTot
}

// forestArgmax returns the index of the largest value (the first on ties, as numpy).
func forestArgmax(v []float64) int {
	best := 0
	for k := 1; k < len(v); k++ {
		if v[k] > v[best] {
			best = k
		}
	}
	return best
}

// predict returns the rows × width average of the trees' leaf values, summed in tree
// order for every row (row chunks run in parallel, so the result does not depend on
// workers).
func (f *forestFit) predict(x *mat.Dense, workers int) []float64 {
	n, _ := x.Dims()
	width := f.width()
	out := make([]float64, n*width)
	raw := x.RawMatrix()
	const grain = 256
	_ = parallel.Run(context.Background(), parallel.NumChunks(n, grain), workers, func(_ context.Context, ch int) error {
		lo, hi := ch*grain, min((ch+1)*grain, n)
		var leaves [grain]int32
		for t := range f.Trees {
			tr := &f.Trees[t]
			tr.leaves(raw, lo, hi, leaves[:hi-lo])
			if width == 1 {
				for r := lo; r < hi; r++ {
					out[r] += tr.Nodes[leaves[r-lo]].Threshold
				}
				continue
			}
			for r := lo; r < hi; r++ {
				dst := out[r*width : (r+1)*width]
				for k, v := range tr.classRow(leaves[r-lo], width) {
					dst[k] += v
				}
			}
		}
		inv := float64(len(f.Trees))
		for i := lo * width; i < hi*width; i++ {
			out[i] /= inv
		}
		return nil
	})
	return out
}

// apply returns the rows × trees leaf indices.
func (f *forestFit) apply(x *mat.Dense, workers int) *mat.Dense {
	n, _ := x.Dims()
	T := len(f.Trees)
	out := mat.NewDense(n, T, nil)
	raw := x.RawMatrix()
	o := out.RawMatrix()
	const grain = 256
	_ = parallel.Run(context.Background(), parallel.NumChunks(n, grain), workers, func(_ context.Context, ch int) error {
		lo, hi := ch*grain, min((ch+1)*grain, n)
		var leaves [grain]int32
		for t := range f.Trees {
			tr := &f.Trees[t]
			tr.leaves(raw, lo, hi, leaves[:hi-lo])
			for r := lo; r < hi; r++ {
				o.Data[r*o.Stride+t] = float64(tr.Nodes[leaves[r-lo]].Kids)
			}
		}
		return nil
	})
	return out
}

// importances is scikit-learn's feature_importances_: the mean over the trees with
// more than one node of each tree's normalised impurity decreases, normalised again
// (all zeros when no tree split).
func (f *forestFit) importances() []float64 {
	imp := make([]float64, f.NFeatures)
	k := 0
	for t := range f.Trees {
		ti := f.Trees[t].Importance
		if ti == nil {
			continue
		}
		for j, v := range ti {
			imp[j] += v
		}
		k++
	}
	if k == 0 {
		return imp
	}
	s := 0.0
	for j := range imp {
		imp[j] /= float64(k)
		s += imp[j]
	}
	if s > 0 {
		for j := range imp {
			imp[j] /= s
		}
	}
	return imp
}
