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

// EarlyStopping selects when histogram gradient boosting stops early (scikit-learn's
// early_stopping). The zero value is EarlyStoppingAuto.
type EarlyStopping string

const (
	// EarlyStoppingAuto stops early when the training data has more than 10 000 rows.
	EarlyStoppingAuto EarlyStopping = ""
	// EarlyStoppingOn always stops early (scikit-learn's early_stopping=True).
	EarlyStoppingOn EarlyStopping = "on"
	// EarlyStoppingOff never stops early (early_stopping=False).
	EarlyStoppingOff EarlyStopping = "off"
)

// hgbConfig is the resolved hyperparameters of a fit.
type hgbConfig struct {
	name           string
	loss           hgbLoss
	learningRate   float64
	maxIter        int
	maxLeaves      int
	maxDepth       int
	minSamplesLeaf int
	l2             float64
	maxBins        int
	catIdx         []int
	catMask        []bool
	monotonic      []int
	interaction    [][]int
	earlyStopping  EarlyStopping
	scoring        string
	valFraction    float64 // 0: score on the training data
	nIterNoChange  int
	tol            float64
	seed           uint64
	workers        int
	warmStart      bool
	classifier     bool
}

// Bounds that keep a validated model within memory and time.
const (
	hgbMaxIterLimit   = 1 << 20
	hgbMaxLeavesLimit = 1 << 24
	hgbMaxDepthLimit  = 1 << 16
)

// validate checks the hyperparameters that do not depend on the data.
func (c *hgbConfig) validate() error {
	pe := func(p string, v any, why string) error {
		return &estimator.ParamError{Param: p, Value: v, Reason: why}
	}
	switch {
	case !(c.learningRate > 0) || math.IsInf(c.learningRate, 0):
		return pe("LearningRate", c.learningRate, "must be finite and > 0 (0 means the default 0.1)")
	case c.maxIter < 1 || c.maxIter > hgbMaxIterLimit:
		return pe("MaxIter", c.maxIter, fmt.Sprintf("must be in [1, %d] (0 means the default 100)", hgbMaxIterLimit))
	case c.maxLeaves != 0 && (c.maxLeaves < 2 || c.maxLeaves > hgbMaxLeavesLimit):
		return pe("MaxLeafNodes", c.maxLeaves, fmt.Sprintf("must be -1 (unlimited) or in [2, %d] (0 means the default 31)", hgbMaxLeavesLimit))
	case c.maxDepth < 0 || c.maxDepth > hgbMaxDepthLimit:
		return pe("MaxDepth", c.maxDepth, fmt.Sprintf("must be in [0, %d] (0 means unlimited)", hgbMaxDepthLimit))
	case c.minSamplesLeaf < 1:
		return pe("MinSamplesLeaf", c.minSamplesLeaf, "must be >= 1 (0 means the default 20)")
	case !(c.l2 >= 0) || math.IsInf(c.l2, 0):
		return pe("L2Regularization", c.l2, "must be finite and >= 0")
	case c.maxBins < 2 || c.maxBins > 255:
		return pe("MaxBins", c.maxBins, "must be in [2, 255] (0 means the default 255)")
	case c.catIdx != nil && c.catMask != nil:
		return pe("CategoricalMask", c.catMask, "set CategoricalFeatures or CategoricalMask, not both")
	case c.earlyStopping != EarlyStoppingAuto && c.earlyStopping != EarlyStoppingOn && c.earlyStopping != EarlyStoppingOff:
		return pe("EarlyStopping", c.earlyStopping, `must be "" (auto), "on" or "off"`)
	case !(c.valFraction >= 0 && c.valFraction < 1):
		return pe("ValidationFraction", c.valFraction, "must be in (0, 1) (0 means the default 0.1)")
	case c.nIterNoChange < 1 || c.nIterNoChange > hgbMaxIterLimit:
		return pe("NIterNoChange", c.nIterNoChange, "must be >= 1 (0 means the default 10)")
	case !(c.tol >= 0) || math.IsInf(c.tol, 0):
		return pe("Tol", c.tol, "must be finite and >= 0 (0 means the default 1e-7)")
	case c.workers < 0:
		return pe("Workers", c.workers, "must be >= 0 (0 means GOMAXPROCS)")
	}
	for i, f := range c.catIdx {
		if f < 0 {
			return pe("CategoricalFeatures", c.catIdx, fmt.Sprintf("index %d is negative", i))
		}
	}
	for i, v := range c.monotonic {
		if v < -1 || v > 1 {
			return pe("MonotonicCst", c.monotonic, fmt.Sprintf("value %d at %d is not -1, 0 or 1", v, i))
		}
	}
	for _, g := range c.interaction {
		for _, f := range g {
			if f < 0 {
				return pe("InteractionCst", c.interaction, "feature indices must be >= 0")
			}
		}
	}
	if c.scoring != "" && c.scoring != "loss" {
		if _, err := hgbScorer(c.scoring); err != nil {
			return pe("Scoring", c.scoring, err.Error())
		}
	}
	return nil
}

// hgbFit is the learned state shared by both estimators (fields exported for gob).
type hgbFit struct {
	Loss            string
	Quantile        float64
	NFeatures       int
	K               int // trees per iteration
	Baseline        []float64
	Trees           []hgbTree // iteration-major: tree k of iteration i is Trees[i*K+k]
	NIter           int
	DoEarlyStopping bool
	TrainScore      []float64
	ValidationScore []float64
	Classes         []float64 // classifier only
}

const hgbStateVersion = 1

// Check validates decoded state.
func (f *hgbFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<30),
		estimator.CheckCount("K", f.K, 1, 1<<16),
		estimator.CheckCount("NIter", f.NIter, 0, hgbMaxIterLimit),
		estimator.CheckLen("Baseline", len(f.Baseline), f.K),
		estimator.CheckFinite("Baseline", f.Baseline...),
		estimator.CheckLen("Trees", len(f.Trees), f.NIter*f.K),
		estimator.CheckFinite("Quantile", f.Quantile),
	); err != nil {
		return err
	}
	switch f.Loss {
	case "squared_error", "absolute_error", "poisson", "quantile":
		if f.Classes != nil || f.K != 1 {
			return fmt.Errorf("a regression state has classes or K = %d", f.K)
		}
	case "log_loss":
		if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
			return err
		}
		want := len(f.Classes)
		if want == 2 {
			want = 1
		}
		if f.K != want {
			return fmt.Errorf("K is %d for %d classes", f.K, len(f.Classes))
		}
	default:
		return fmt.Errorf("unknown loss %q", f.Loss)
	}
	for i := range f.Trees {
		if err := f.Trees[i].check(f.NFeatures); err != nil {
			return fmt.Errorf("tree %d: %w", i, err)
		}
	}
	return nil
}

// rawPredict returns the K raw-prediction columns of the rows of x using the first
// nIter iterations.
func (f *hgbFit) rawPredict(x *mat.Dense, nIter, workers int) [][]float64 {
	n, _ := x.Dims()
	raw := make([][]float64, f.K)
	for k := range raw {
		raw[k] = make([]float64, n)
	}
	rm := x.RawMatrix()
	const grain = 256
	_ = parallel.Run(context.Background(), parallel.NumChunks(n, grain), workers, func(_ context.Context, c int) error {
		lo, hi := c*grain, min((c+1)*grain, n)
		for i := lo; i < hi; i++ {
			row := rm.Data[i*rm.Stride : i*rm.Stride+f.NFeatures]
			for k := 0; k < f.K; k++ {
				s := f.Baseline[k]
				for it := 0; it < nIter; it++ {
					s += f.Trees[it*f.K+k].predict(row)
				}
				raw[k][i] = s
			}
		}
		return nil
	})
	return raw
}

// hgbScoreFunc scores the model state fit (iterations so far) on the rows of the
// training data, for early stopping with a scorer.
type hgbScoreFunc func(fit *hgbFit, rows []int) (float64, error)

// hgbFitModel fits the boosting model to x and y (class indices for classifiers), with
// sample weights w (nil: none). prev is the previous state for warm starts. It
// returns the new state, never modifying prev.
func hgbFitModel(ctx context.Context, c *hgbConfig, x *mat.Dense, y, w []float64, classes []float64, prev *hgbFit, score hgbScoreFunc) (*hgbFit, error) {
	n, p := x.Dims()
	rm := x.RawMatrix()
	errf := func(format string, a ...any) error {
		return fmt.Errorf("%s: "+format, append([]any{c.name}, a...)...)
	}

	// categorical features and their categories
	isCat := make([]bool, p)
	for _, f := range c.catIdx {
		if f >= p {
			return nil, errf("CategoricalFeatures index %d for %d features: %w", f, p, estimator.ErrInvalidParam)
		}
		isCat[f] = true
	}
	if c.catMask != nil {
		if len(c.catMask) != p {
			return nil, errf("CategoricalMask has %d values for %d features: %w", len(c.catMask), p, estimator.ErrInvalidParam)
		}
		copy(isCat, c.catMask)
	}
	cats := make([][]float64, p)
	for f := 0; f < p; f++ {
		if !isCat[f] {
			continue
		}
		seen := map[float64]bool{}
		for i := 0; i < n; i++ {
			v := rm.Data[i*rm.Stride+f]
			if math.IsNaN(v) {
				continue
			}
			if v < 0 || v != math.Trunc(v) || v >= float64(c.maxBins) {
				return nil, errf("categorical feature %d holds %v; categories must be integers in [0, MaxBins=%d): %w", f, v, c.maxBins, estimator.ErrInvalidData)
			}
			seen[v] = true
		}
		for v := range seen {
			cats[f] = append(cats[f], v)
		}
		slices.Sort(cats[f])
	}
	if c.monotonic != nil {
		if len(c.monotonic) != p {
			return nil, errf("MonotonicCst has %d values for %d features: %w", len(c.monotonic), p, estimator.ErrInvalidParam)
		}
		for f, v := range c.monotonic {
			if v != 0 && isCat[f] {
				return nil, errf("categorical feature %d cannot have a monotonic constraint: %w", f, estimator.ErrInvalidParam)
			}
		}
	}
	for _, g := range c.interaction {
		for _, f := range g {
			if f >= p {
				return nil, errf("InteractionCst names feature %d of %d: %w", f, p, estimator.ErrInvalidParam)
			}
		}
	}
	if c.loss.name == "poisson" {
		s := 0.0
		for _, v := range y {
			if v < 0 {
				return nil, errf("the poisson loss needs y >= 0: %w", estimator.ErrInvalidData)
			}
			s += v
		}
		if !(s > 0) {
			return nil, errf("the poisson loss needs sum(y) > 0: %w", estimator.ErrInvalidData)
		}
	}

	doES := c.earlyStopping == EarlyStoppingOn || (c.earlyStopping == EarlyStoppingAuto && n > 10000)
	seed := c.seed
	trainRows, valRows := hgbAllRows(n), []int(nil)
	if doES && c.valFraction > 0 {
		trainRows, valRows = hgbSplitRows(n, c.valFraction, y, c.classifier, len(classes), seed)
		if len(trainRows) == 0 || len(valRows) == 0 {
			return nil, errf("%d rows cannot be split for validation (ValidationFraction %v): %w", n, c.valFraction, estimator.ErrInvalidData)
		}
	}
	nt := len(trainRows)
	yt := make([]float64, nt)
	var wt []float64
	if w != nil {
		wt = make([]float64, nt)
	}
	for i, r := range trainRows {
		yt[i] = y[r]
		if w != nil {
			wt[i] = w[r]
		}
	}

	workers := parallel.Workers(c.workers)
	bm := hgbFitBins(rm.Data, rm.Stride, p, trainRows, c.maxBins, isCat, cats, seed, workers)
	d := &hgbData{bins: bm.transform(rm.Data, rm.Stride, p, trainRows, workers), n: nt, p: p,
		nonMissing: make([]int, p), hasMissing: make([]bool, p), isCat: isCat,
		missingBin: c.maxBins, workers: parallel.Workers(c.workers)}
	for f := 0; f < p; f++ {
		d.nonMissing[f] = bm.nBinsNonMissing(f)
		d.hasMissing[f] = slices.Contains(d.bins[f*nt:(f+1)*nt], uint8(c.maxBins))
	}

	loss := c.loss
	K := loss.k
	fit := &hgbFit{Loss: loss.name, Quantile: loss.quantile, NFeatures: p, K: K,
		DoEarlyStopping: doES, Classes: classes}
	raw := make([][]float64, K)
	var rawVal [][]float64
	yv, wv := hgbTake(y, valRows), hgbTake(w, valRows)
	var xt, xv *mat.Dense
	if prev != nil && c.warmStart {
		if prev.NIter > c.maxIter {
			return nil, errf("MaxIter=%d must be >= the %d iterations already fitted with WarmStart: %w", c.maxIter, prev.NIter, estimator.ErrInvalidParam)
		}
		if prev.NFeatures != p || prev.K != K || prev.Loss != loss.name {
			return nil, errf("WarmStart needs the data shape and loss of the previous fit: %w", estimator.ErrShape)
		}
		fit.Baseline = slices.Clone(prev.Baseline)
		fit.Trees = slices.Clone(prev.Trees)
		fit.NIter = prev.NIter
		fit.TrainScore = slices.Clone(prev.TrainScore)
		fit.ValidationScore = slices.Clone(prev.ValidationScore)
		xt = hgbRows(x, trainRows)
		raw = fit.rawPredict(xt, fit.NIter, d.workers)
		if valRows != nil {
			xv = hgbRows(x, valRows)
			rawVal = fit.rawPredict(xv, fit.NIter, d.workers)
		}
	} else {
		fit.Baseline = loss.baseline(yt, wt)
		if err := estimator.CheckFinite("baseline", fit.Baseline...); err != nil {
			return nil, errf("%v (values too large?): %w", err, estimator.ErrInvalidData)
		}
		for k := range raw {
			raw[k] = make([]float64, nt)
			for i := range raw[k] {
				raw[k][i] = fit.Baseline[k]
			}
		}
		if valRows != nil {
			rawVal = make([][]float64, K)
			for k := range rawVal {
				rawVal[k] = make([]float64, len(valRows))
				for i := range rawVal[k] {
					rawVal[k][i] = fit.Baseline[k]
				}
			}
		}
	}

	// early-stopping scores
	useScorer := doES && c.scoring != "" && c.scoring != "loss"
	var smallRows []int
	if useScorer {
		smallRows = trainRows
		if len(smallRows) > 10000 {
			rng := rand.New(rand.NewPCG(seed, 0x736d616c6c))
			pick := rng.Perm(len(smallRows))[:10000]
			slices.Sort(pick)
			smallRows = hgbTakeInt(trainRows, pick)
		}
	}
	checkStop := func() (bool, error) {
		if !doES {
			return false, nil
		}
		if useScorer {
			s, err := score(fit, smallRows)
			if err != nil {
				return false, err
			}
			fit.TrainScore = append(fit.TrainScore, s)
			if valRows != nil {
				s, err := score(fit, valRows)
				if err != nil {
					return false, err
				}
				fit.ValidationScore = append(fit.ValidationScore, s)
				return hgbShouldStop(fit.ValidationScore, c.nIterNoChange, c.tol), nil
			}
			return hgbShouldStop(fit.TrainScore, c.nIterNoChange, c.tol), nil
		}
		fit.TrainScore = append(fit.TrainScore, -loss.meanLoss(yt, raw, wt))
		if valRows != nil {
			fit.ValidationScore = append(fit.ValidationScore, -loss.meanLoss(yv, rawVal, wv))
			return hgbShouldStop(fit.ValidationScore, c.nIterNoChange, c.tol), nil
		}
		return hgbShouldStop(fit.TrainScore, c.nIterNoChange, c.tol), nil
	}
	if fit.NIter == 0 || !c.warmStart {
		if _, err := checkStop(); err != nil {
			return nil, err
		}
	}

	constH := loss.constHessian(w != nil)
	g := make([][]float32, K)
	var h [][]float32
	for k := range g {
		g[k] = make([]float32, nt)
	}
	if !constH {
		h = make([][]float32, K)
		for k := range h {
			h[k] = make([]float32, nt)
		}
	}
	var monotonic []int8
	if c.monotonic != nil {
		monotonic = make([]int8, p)
		for f, v := range c.monotonic {
			monotonic[f] = int8(v)
		}
	}
	par := &hgbGrowParams{maxLeaves: c.maxLeaves, maxDepth: c.maxDepth, minSamplesLeaf: c.minSamplesLeaf,
		l2: c.l2, shrinkage: c.learningRate, monotonic: monotonic, interaction: c.interaction}
	gr := newHgbGrower(d, par)
	var resid, wleaf []float64
	for it := fit.NIter; it < c.maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		loss.gradHess(yt, raw, wt, g, h)
		for k := range g {
			if !hgbFinite32(g[k]) || (h != nil && !hgbFinite32(h[k])) {
				return nil, errf("gradients overflow float32 (values too large): %w", estimator.ErrInvalidData)
			}
		}
		for k := 0; k < K; k++ {
			var hk []float32
			if h != nil {
				hk = h[k]
			}
			if err := gr.grow(ctx, g[k], hk); err != nil {
				return nil, err
			}
			vals := make([]float64, len(gr.nodes))
			for _, li := range gr.leaves {
				nd := &gr.nodes[li]
				v := nd.value * c.learningRate
				if loss.needLeafUpdate() {
					rows := gr.part[nd.start:nd.stop]
					resid = resid[:0]
					wleaf = wleaf[:0]
					for _, r := range rows {
						resid = append(resid, yt[r]-raw[k][r])
						if wt != nil {
							wleaf = append(wleaf, wt[r])
						}
					}
					var ww []float64
					if wt != nil {
						ww = wleaf
					}
					v = c.learningRate * hgbPercentile(resid, ww, loss.leafQuantile())
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, errf("a leaf value is %v (values too large): %w", v, estimator.ErrInvalidData)
				}
				vals[li] = v
				rk := raw[k]
				for _, r := range gr.part[nd.start:nd.stop] {
					rk[r] += v
				}
			}
			fit.Trees = append(fit.Trees, hgbMakeTree(gr, bm, cats, vals))
		}
		fit.NIter = it + 1
		if valRows != nil && doES && !useScorer {
			if xv == nil {
				xv = hgbRows(x, valRows)
			}
			rvm := xv.RawMatrix()
			for k := 0; k < K; k++ {
				t := &fit.Trees[it*K+k]
				for i := range rawVal[k] {
					rawVal[k][i] += t.predict(rvm.Data[i*rvm.Stride : i*rvm.Stride+p])
				}
			}
		}
		stop, err := checkStop()
		if err != nil {
			return nil, err
		}
		if stop {
			break
		}
	}
	return fit, nil
}

func hgbFinite32(v []float32) bool {
	var s float32
	for _, x := range v {
		s += x * 0
	}
	return s == 0
}

// hgbShouldStop is scikit-learn's _should_stop: stop when none of the last
// nIterNoChange scores beats the one before them by more than tol.
func hgbShouldStop(scores []float64, nIterNoChange int, tol float64) bool {
	ref := nIterNoChange + 1
	if len(scores) < ref {
		return false
	}
	refScore := scores[len(scores)-ref] + tol
	for _, s := range scores[len(scores)-ref+1:] {
		if s > refScore {
			return false
		}
	}
	return true
}

func hgbAllRows(n int) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = i
	}
	return r
}

func hgbTake(v []float64, rows []int) []float64 {
	if v == nil || rows == nil {
		return nil
	}
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
}

func hgbTakeInt(v []int, rows []int) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
}

// hgbRows copies the given rows of x.
func hgbRows(x *mat.Dense, rows []int) *mat.Dense {
	_, p := x.Dims()
	out := mat.NewDense(len(rows), p, nil)
	for i, r := range rows {
		out.SetRow(i, x.RawRowView(r))
	}
	return out
}

// hgbSplitRows splits the rows 0..n-1 into training and validation rows (both in
// increasing order) with ceil(frac·n) validation rows, stratified by class for
// classifiers (each class keeps at least one training row), from a seeded shuffle.
func hgbSplitRows(n int, frac float64, y []float64, classifier bool, nClasses int, seed uint64) (train, val []int) {
	rng := rand.New(rand.NewPCG(seed, 0x76616c))
	nVal := int(math.Ceil(frac * float64(n)))
	isVal := make([]bool, n)
	if !classifier {
		for _, r := range rng.Perm(n)[:min(nVal, n)] {
			isVal[r] = true
		}
	} else {
		byClass := make([][]int, nClasses)
		for i, v := range y {
			byClass[int(v)] = append(byClass[int(v)], i)
		}
		take := make([]int, nClasses)
		rem := make([]float64, nClasses)
		got := 0
		for c, rows := range byClass {
			exact := frac * float64(len(rows))
			take[c] = int(math.Floor(exact))
			rem[c] = exact - float64(take[c])
			got += take[c]
		}
		for got < nVal {
			best := -1
			for c := range rem {
				if take[c] < len(byClass[c])-1 && (best < 0 || rem[c] > rem[best]) {
					best = c
				}
			}
			if best < 0 {
				break
			}
			take[best]++
			rem[best] = -1
			got++
		}
		for c, rows := range byClass {
			take[c] = min(take[c], max(len(rows)-1, 0))
			perm := rng.Perm(len(rows))
			for _, j := range perm[:take[c]] {
				isVal[rows[j]] = true
			}
		}
	}
	for i, v := range isVal {
		if v {
			val = append(val, i)
		} else {
			train = append(train, i)
		}
	}
	return train, val
}
