package ensemble

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
	"github.com/skgo/skgo/internal/parallel"
)

// Gradient boosting engine shared by GradientBoostingRegressor and
// GradientBoostingClassifier: scikit-learn 1.2.1's BaseGradientBoosting
// (sklearn/ensemble/_gb.py), with the trees grown by internal/cart on one presorted
// cart.Data shared by every stage.

const (
	gbMaxEstimators = 1 << 20
	gbMaxDepthCap   = 1 << 16 // deeper trees are refused (cart grows iteratively, but absurd values are a mistake)
	gbStateVersion  = 1
)

// gbConfig holds the hyperparameters common to both estimators, copied from the
// exported fields so that the engine has one code path.
type gbConfig struct {
	name                  string // "ensemble.GradientBoostingRegressor"
	clf                   bool
	lossName              string
	alpha                 float64
	learningRate          float64
	nEstimators           int
	subsample             float64
	criterion             string
	minSamplesSplit       int
	minSamplesLeaf        int
	minWeightFractionLeaf float64
	maxDepth              int
	minImpurityDecrease   float64
	maxFeatures           string
	maxLeafNodes          int
	init                  estimator.Predictor
	zeroInit              bool
	validationFraction    float64
	nIterNoChange         int
	tol                   float64
	warmStart             bool
	seed                  uint64
	workers               int
}

func gbParamErr(param string, v any, reason string) error {
	return &estimator.ParamError{Param: param, Value: v, Reason: reason}
}

func gbBad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// validate checks the common hyperparameters (the loss name is checked by the caller).
func (c *gbConfig) validate() error {
	switch {
	case gbBad(c.learningRate) || c.learningRate < 0:
		return gbParamErr("LearningRate", c.learningRate, "must be finite and >= 0 (0 means the default 0.1)")
	case c.nEstimators < 0 || c.nEstimators > gbMaxEstimators:
		return gbParamErr("NEstimators", c.nEstimators, fmt.Sprintf("must be in [1, %d] (0 means the default 100)", gbMaxEstimators))
	case gbBad(c.subsample) || c.subsample < 0 || c.subsample > 1:
		return gbParamErr("Subsample", c.subsample, "must be in (0, 1] (0 means the default 1)")
	case c.criterion != "" && c.criterion != "friedman_mse" && c.criterion != "squared_error":
		return gbParamErr("Criterion", c.criterion, `must be "friedman_mse" (default) or "squared_error"`)
	case c.minSamplesSplit < 0 || c.minSamplesSplit == 1:
		return gbParamErr("MinSamplesSplit", c.minSamplesSplit, "must be >= 2 (0 means the default 2)")
	case c.minSamplesLeaf < 0:
		return gbParamErr("MinSamplesLeaf", c.minSamplesLeaf, "must be >= 1 (0 means the default 1)")
	case gbBad(c.minWeightFractionLeaf) || c.minWeightFractionLeaf < 0 || c.minWeightFractionLeaf > 0.5:
		return gbParamErr("MinWeightFractionLeaf", c.minWeightFractionLeaf, "must be in [0, 0.5]")
	case c.maxDepth > gbMaxDepthCap:
		return gbParamErr("MaxDepth", c.maxDepth, fmt.Sprintf("must be <= %d (0 means the default 3, negative means unlimited)", gbMaxDepthCap))
	case gbBad(c.minImpurityDecrease) || c.minImpurityDecrease < 0:
		return gbParamErr("MinImpurityDecrease", c.minImpurityDecrease, "must be finite and >= 0")
	case c.maxLeafNodes < 0 || c.maxLeafNodes == 1 || c.maxLeafNodes > 1<<30:
		return gbParamErr("MaxLeafNodes", c.maxLeafNodes, "must be 0 (unlimited) or in [2, 2^30]")
	case c.init != nil && c.zeroInit:
		return gbParamErr("ZeroInit", c.zeroInit, "cannot be combined with InitEstimator")
	case gbBad(c.validationFraction) || c.validationFraction < 0 || c.validationFraction >= 1:
		return gbParamErr("ValidationFraction", c.validationFraction, "must be in (0, 1) (0 means the default 0.1)")
	case c.nIterNoChange < 0 || c.nIterNoChange > gbMaxEstimators:
		return gbParamErr("NIterNoChange", c.nIterNoChange, fmt.Sprintf("must be in [0, %d] (0 disables early stopping)", gbMaxEstimators))
	case gbBad(c.tol) || c.tol < 0:
		return gbParamErr("Tol", c.tol, "must be finite and >= 0 (0 means the default 1e-4)")
	case c.workers < 0 || c.workers > 1<<16:
		return gbParamErr("Workers", c.workers, "must be in [0, 65536] (0 means GOMAXPROCS)")
	}
	if err := cart.ValidateMaxFeatures(c.maxFeatures); err != nil {
		return err
	}
	if c.clf && c.alpha != 0 {
		return gbParamErr("Alpha", c.alpha, "is for the regressor's huber and quantile losses")
	}
	if gbBad(c.alpha) || c.alpha < 0 || c.alpha >= 1 {
		return gbParamErr("Alpha", c.alpha, "must be in (0, 1) (0 means the default 0.9)")
	}
	return nil
}

func (c *gbConfig) lr() float64 {
	if c.learningRate == 0 {
		return 0.1
	}
	return c.learningRate
}

func (c *gbConfig) nEst() int {
	if c.nEstimators == 0 {
		return 100
	}
	return c.nEstimators
}

func (c *gbConfig) sub() float64 {
	if c.subsample == 0 {
		return 1
	}
	return c.subsample
}

func (c *gbConfig) alphaOr() float64 {
	if c.alpha == 0 {
		return 0.9
	}
	return c.alpha
}

// treeParams resolves the tree settings for p features and total weight wsum.
func (c *gbConfig) treeParams(p int, wsum float64) (cart.Params, error) {
	tp := cart.Params{
		Criterion:           cart.FriedmanMSE,
		MaxDepth:            3,
		MinSamplesSplit:     2,
		MinSamplesLeaf:      1,
		MinWeightLeaf:       c.minWeightFractionLeaf * wsum,
		MaxLeafNodes:        c.maxLeafNodes,
		MinImpurityDecrease: c.minImpurityDecrease,
	}
	if c.criterion == "squared_error" {
		tp.Criterion = cart.SquaredError
	}
	switch {
	case c.maxDepth > 0:
		tp.MaxDepth = c.maxDepth
	case c.maxDepth < 0:
		tp.MaxDepth = 0 // unlimited
	}
	if c.minSamplesSplit > 0 {
		tp.MinSamplesSplit = c.minSamplesSplit
	}
	if c.minSamplesLeaf > 0 {
		tp.MinSamplesLeaf = c.minSamplesLeaf
	}
	m, err := cart.ResolveMaxFeatures(c.maxFeatures, "all", p)
	if err != nil {
		return tp, err
	}
	if m < p {
		tp.MaxFeatures = m
	}
	return tp, nil
}

// gbFit is the learned state of a gradient boosting model; fields are exported for gob.
type gbFit struct {
	NFeatures    int
	Classes      []float64 // sorted labels; nil for the regressor
	Loss         int       // gbLossKind
	Alpha        float64
	K            int // trees per stage
	LearningRate float64
	InitKind     int       // 0 constant (the default priors), 1 zero, 2 a fitted InitEstimator
	InitRaw      []float64 // K constant raw predictions (InitKind 0)
	InitState    []byte    // MarshalState of the fitted InitEstimator clone (InitKind 2)
	Trees        []*cart.Tree
	TrainScore   []float64
	OOBImprove   []float64 // one per stage when fitted with Subsample < 1, else nil
	Gamma        float64   // huber's gamma after the last stage (for warm starts)

	init estimator.Predictor // the fitted InitEstimator clone (InitKind 2)
}

// Check validates decoded state.
func (f *gbFit) Check() error {
	if err := estimator.CheckCount("NFeatures", f.NFeatures, 1, 1<<24); err != nil {
		return err
	}
	if err := estimator.CheckCount("Loss", f.Loss, int(gbSquared), int(gbExponential)); err != nil {
		return err
	}
	kind := gbLossKind(f.Loss)
	clf := kind >= gbBinomial
	wantK := 1
	if clf {
		if err := estimator.CheckClasses("Classes", f.Classes); err != nil {
			return err
		}
		if len(f.Classes) > 1<<16 {
			return fmt.Errorf("Classes has %d values, too many", len(f.Classes))
		}
		if kind == gbMultinomial {
			wantK = len(f.Classes)
			if wantK < 3 {
				return fmt.Errorf("multinomial loss with %d classes", wantK)
			}
		} else if len(f.Classes) != 2 {
			return fmt.Errorf("binary loss with %d classes", len(f.Classes))
		}
	} else if f.Classes != nil {
		return fmt.Errorf("regression state has classes")
	}
	if f.K != wantK {
		return fmt.Errorf("K is %d, want %d", f.K, wantK)
	}
	if kind == gbHuber || kind == gbQuantile {
		if !(f.Alpha > 0 && f.Alpha < 1) {
			return fmt.Errorf("Alpha is %v, want a value in (0, 1)", f.Alpha)
		}
	}
	nStages := len(f.Trees) / f.K
	if err := estimator.FirstError(
		estimator.CheckFinite("LearningRate", f.LearningRate),
		estimator.CheckCount("InitKind", f.InitKind, 0, 2),
		estimator.CheckCount("stages", nStages, 1, gbMaxEstimators),
		estimator.CheckLen("Trees", len(f.Trees), nStages*f.K),
		estimator.CheckLen("TrainScore", len(f.TrainScore), nStages),
	); err != nil {
		return err
	}
	if f.LearningRate < 0 {
		return fmt.Errorf("LearningRate is %v, want >= 0", f.LearningRate)
	}
	if f.OOBImprove != nil {
		if err := estimator.CheckLen("OOBImprove", len(f.OOBImprove), nStages); err != nil {
			return err
		}
	}
	switch f.InitKind {
	case 0:
		if err := estimator.FirstError(estimator.CheckLen("InitRaw", len(f.InitRaw), f.K),
			estimator.CheckFinite("InitRaw", f.InitRaw...)); err != nil {
			return err
		}
	case 2:
		if len(f.InitState) == 0 {
			return fmt.Errorf("InitState is empty for a fitted InitEstimator")
		}
	}
	for i, t := range f.Trees {
		if t == nil {
			return fmt.Errorf("Trees[%d] is nil", i)
		}
		if err := t.Check(f.NFeatures, 1); err != nil {
			return fmt.Errorf("Trees[%d]: %w", i, err)
		}
	}
	return nil
}

// gbPrepared is the checked training input.
type gbPrepared struct {
	x     *mat.Dense
	y     []float64 // targets, or class codes for the classifier
	w     []float64 // weights (all ones when the caller passed nil)
	wNil  bool
	nCls  int
	class []float64
}

// gbStratifiedSplit splits rows into train and validation as scikit-learn's
// train_test_split(test_size=frac, stratify=codes) sizes them (ceil(frac·n) test
// rows, spread over the classes in proportion); codes nil means an unstratified
// shuffle. The order is drawn from rng, so it differs from numpy's.
func gbSplit(n int, frac float64, codes []float64, nCls int, rng *rand.Rand) (train, val []int) {
	nTest := int(math.Ceil(frac * float64(n)))
	nTest = min(max(nTest, 1), n-1)
	perm := rng.Perm(n)
	if codes == nil {
		val = slices.Clone(perm[:nTest])
		train = slices.Clone(perm[nTest:])
		slices.Sort(train)
		slices.Sort(val)
		return train, val
	}
	byClass := make([][]int, nCls)
	for _, i := range perm {
		c := int(codes[i])
		byClass[c] = append(byClass[c], i)
	}
	// Proportional allocation with the remainder to the largest fractional parts.
	take := make([]int, nCls)
	type part struct {
		c int
		r float64
	}
	var rem []part
	got := 0
	for c, rows := range byClass {
		exact := float64(nTest) * float64(len(rows)) / float64(n)
		take[c] = int(math.Floor(exact))
		got += take[c]
		rem = append(rem, part{c, exact - float64(take[c])})
	}
	slices.SortStableFunc(rem, func(a, b part) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for i := 0; got < nTest && i < len(rem); i++ {
		if take[rem[i].c] < len(byClass[rem[i].c]) {
			take[rem[i].c]++
			got++
		}
	}
	for c, rows := range byClass {
		val = append(val, rows[:take[c]]...)
		train = append(train, rows[take[c]:]...)
	}
	slices.Sort(train)
	slices.Sort(val)
	return train, val
}

func gbRows(x *mat.Dense, rows []int) *mat.Dense {
	_, p := x.Dims()
	out := mat.NewDense(len(rows), p, nil)
	for r, i := range rows {
		copy(out.RawRowView(r), x.RawRowView(i))
	}
	return out
}

func gbPick(v []float64, rows []int) []float64 {
	out := make([]float64, len(rows))
	for r, i := range rows {
		out[r] = v[i]
	}
	return out
}

// gbInitRaw computes the raw predictions of the init model for the n rows of x into
// raw (n×K), for a fitted f.
func (f *gbFit) initRaw(x *mat.Dense, raw []float64) error {
	n, _ := x.Dims()
	K := f.K
	switch f.InitKind {
	case 0:
		for i := 0; i < n; i++ {
			copy(raw[i*K:(i+1)*K], f.InitRaw)
		}
	case 1:
		clear(raw[:n*K])
	case 2:
		kind := gbLossKind(f.Loss)
		if kind < gbBinomial {
			p, err := f.init.Predict(x)
			if err != nil {
				return err
			}
			if len(p) != n {
				return fmt.Errorf("InitEstimator returned %d predictions for %d rows", len(p), n)
			}
			copy(raw, p)
			return nil
		}
		pc, ok := f.init.(estimator.ProbaClassifier)
		if !ok {
			return fmt.Errorf("InitEstimator %T has no PredictProba", f.init)
		}
		pr, err := pc.PredictProba(x)
		if err != nil {
			return err
		}
		if r, c := pr.Dims(); r != n || c != len(f.Classes) {
			return fmt.Errorf("InitEstimator's PredictProba is %d×%d, want %d×%d", r, c, n, len(f.Classes))
		}
		for i := 0; i < n; i++ {
			gbProbaToRaw(kind, pr.RawRowView(i), raw[i*K:(i+1)*K])
		}
	}
	return nil
}

// gbProbaToRaw is get_init_raw_predictions of the classification losses.
func gbProbaToRaw(kind gbLossKind, proba, raw []float64) {
	clip := func(p float64) float64 { return min(max(p, gbEps32), 1-gbEps32) }
	switch kind {
	case gbBinomial:
		p := clip(proba[1])
		raw[0] = math.Log(p / (1 - p))
	case gbExponential:
		p := clip(proba[1])
		raw[0] = 0.5 * math.Log(p/(1-p))
	case gbMultinomial:
		for k, p := range proba {
			raw[k] = math.Log(clip(p))
		}
	}
}

// gbDefaultInit is the default DummyEstimator's raw prediction (the prior of
// scikit-learn's init_estimator). weighted says whether the caller passed weights
// (scikit-learn then fits the dummy with them, which changes the percentile rule).
func gbDefaultInit(kind gbLossKind, alpha float64, y, w []float64, weighted bool, nCls int) []float64 {
	switch kind {
	case gbSquared:
		if !weighted {
			return []float64{gbSum(y) / float64(len(y))}
		}
		s, sw := 0.0, 0.0
		for i, v := range y {
			s += w[i] * v
			sw += w[i]
		}
		return []float64{s / sw}
	case gbAbsolute, gbHuber, gbQuantile:
		q := 50.0
		if kind == gbQuantile {
			q = alpha * 100
		}
		if !weighted {
			return []float64{gbPercentile(y, q)}
		}
		return []float64{gbWeightedPercentile(y, w, q, make([]int, len(y)))}
	}
	prior := make([]float64, nCls)
	sw := 0.0
	for i, c := range y {
		prior[int(c)] += w[i]
		sw += w[i]
	}
	for k := range prior {
		prior[k] /= sw
	}
	K := 1
	if kind == gbMultinomial {
		K = nCls
	}
	raw := make([]float64, K)
	gbProbaToRaw(kind, prior, raw)
	return raw
}

// gbTrain fits (or, with warm start, extends) a model. prev is the current fit
// (nil when unfitted). It returns a new gbFit; prev is not modified.
func gbTrain(ctx context.Context, c *gbConfig, kind gbLossKind, in *gbPrepared, prev *gbFit) (*gbFit, error) {
	x := in.x
	n, p := x.Dims()
	K := 1
	if kind == gbMultinomial {
		K = in.nCls
	}
	nEst := c.nEst()
	lr := c.lr()
	alpha := c.alphaOr()
	loss := newGBLoss(kind, alpha, in.nCls)

	// Early stopping: hold out a validation split.
	y, w := in.y, in.w
	var xVal *mat.Dense
	var yVal, wVal []float64
	if c.nIterNoChange > 0 {
		frac := c.validationFraction
		if frac == 0 {
			frac = 0.1
		}
		if n < 2 {
			return nil, fmt.Errorf("%s: early stopping needs at least 2 rows: %w", c.name, estimator.ErrInvalidData)
		}
		var codes []float64
		if c.clf {
			codes = in.y
		}
		tr, va := gbSplit(n, frac, codes, in.nCls, rand.New(rand.NewPCG(c.seed, 0x5eed)))
		xVal, yVal, wVal = gbRows(x, va), gbPick(y, va), gbPick(w, va)
		x, y, w = gbRows(x, tr), gbPick(y, tr), gbPick(w, tr)
		n = len(tr)
		if c.clf {
			seen := make([]bool, in.nCls)
			cnt := 0
			for _, v := range y {
				if !seen[int(v)] {
					seen[int(v)] = true
					cnt++
				}
			}
			if cnt != in.nCls {
				return nil, fmt.Errorf("%s: the training data after the early-stopping split is missing some classes; try another Seed or a smaller ValidationFraction: %w", c.name, estimator.ErrInvalidData)
			}
		}
	}

	f := &gbFit{NFeatures: p, Classes: in.class, Loss: int(kind), Alpha: alpha, K: K, LearningRate: lr, Gamma: math.NaN()}
	if kind != gbHuber && kind != gbQuantile {
		f.Alpha = 0
	}
	raw := make([]float64, n*K)
	begin := 0
	if prev != nil { // warm start: keep the stages and the init model
		if nEst < len(prev.Trees)/prev.K {
			return nil, fmt.Errorf("%s: %w", c.name, gbParamErr("NEstimators", nEst,
				fmt.Sprintf("must be >= the %d stages already fitted when WarmStart is set", len(prev.Trees)/prev.K)))
		}
		f.InitKind, f.InitRaw, f.InitState, f.init = prev.InitKind, prev.InitRaw, prev.InitState, prev.init
		f.Trees = slices.Clone(prev.Trees)
		f.TrainScore = slices.Clone(prev.TrainScore)
		f.OOBImprove = slices.Clone(prev.OOBImprove)
		f.Gamma = prev.Gamma
		loss.gamma = prev.Gamma
		if err := f.rawPredict(x, raw, -1, c.workers); err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		begin = len(prev.Trees) / K
	} else {
		switch {
		case c.zeroInit:
			f.InitKind = 1
		case c.init != nil:
			f.InitKind = 2
			ie := estimator.Clone(c.init)
			var err error
			if in.wNil {
				err = ie.Fit(ctx, x, y)
			} else if wf, ok := ie.(estimator.WeightedFitter); ok {
				err = wf.FitWeighted(ctx, x, y, w)
			} else {
				err = fmt.Errorf("InitEstimator %T does not support sample weights (no FitWeighted): %w", ie, estimator.ErrInvalidParam)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: fitting InitEstimator: %w", c.name, err)
			}
			sm, ok := ie.(estimator.StateMarshaler)
			if !ok {
				return nil, fmt.Errorf("%s: InitEstimator %T cannot save its state (no MarshalState): %w", c.name, ie, estimator.ErrInvalidParam)
			}
			st, err := sm.MarshalState()
			if err != nil {
				return nil, fmt.Errorf("%s: InitEstimator: %w", c.name, err)
			}
			f.InitState, f.init = st, ie
		default:
			f.InitRaw = gbDefaultInit(kind, alpha, y, w, !in.wNil, in.nCls)
		}
		if err := f.initRaw(x, raw); err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		if err := estimator.CheckFinite("initial raw predictions", raw...); err != nil {
			return nil, fmt.Errorf("%s: %v: %w", c.name, err, estimator.ErrInvalidData)
		}
	}
	if begin >= nEst {
		return f, nil
	}

	wsum := 0.0
	for _, v := range w {
		wsum += v
	}
	tp, err := c.treeParams(p, wsum)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.name, err)
	}
	data, err := cart.NewData(ctx, x, c.workers)
	if err != nil {
		return nil, err
	}

	// Buffers reused by every stage.
	sub := c.sub()
	doOOB := sub < 1
	nInbag := max(1, int(sub*float64(n)))
	var mask []bool
	wStage := w
	if doOOB {
		mask = make([]bool, n)
		wStage = make([]float64, n)
		if f.OOBImprove == nil {
			f.OOBImprove = make([]float64, len(f.TrainScore))
		}
	}
	rawStart := raw
	if K > 1 {
		rawStart = make([]float64, n*K)
	}
	var rawk []float64
	if K == 1 {
		rawk = raw
	}
	// One set of buffers per tree of a stage: the K trees of a multinomial stage are
	// independent given the stage's starting raw predictions and grow in parallel.
	bufs := make([]*gbTreeBuf, K)
	for k := range bufs {
		bufs[k] = &gbTreeBuf{res: make([]float64, n), leaf: make([]int32, n), yk: y}
		if kind == gbMultinomial {
			bufs[k].yk = make([]float64, n)
			for i, v := range y {
				if int(v) == k {
					bufs[k].yk[i] = 1
				}
			}
		}
	}
	stageTrees := make([]*cart.Tree, K)
	var valRaw []float64
	history := make([]float64, c.nIterNoChange)
	if xVal != nil {
		nv, _ := xVal.Dims()
		valRaw = make([]float64, nv*K)
		if err := f.rawPredict(xVal, valRaw, -1, c.workers); err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		for i := range history {
			history[i] = math.Inf(1)
		}
	}

	for stage := begin; stage < nEst; stage++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng := rand.New(rand.NewPCG(c.seed, uint64(stage)))
		var oldOOB float64
		if doOOB {
			clear(mask)
			for _, i := range rng.Perm(n)[:nInbag] {
				mask[i] = true
			}
			for i := range wStage {
				wStage[i] = 0
				if mask[i] {
					wStage[i] = w[i]
				}
			}
			oldOOB = loss.value(y, raw, w, mask, false)
		}
		if K > 1 {
			copy(rawStart, raw)
		}
		grow := func(ctx context.Context, k int) error {
			bf := bufs[k]
			rngK := rng
			if K > 1 {
				rngK = rand.New(rand.NewPCG(c.seed^gbTreeStream, uint64(stage)*uint64(K)+uint64(k)))
			}
			loss.gradient(y, rawStart, w, k, bf.res, &bf.scratch)
			t, err := cart.Grow(ctx, data, bf.res, wStage, tp, rngK)
			if err != nil {
				return err
			}
			gbApply(t, x, bf.leaf)
			if loss.needsLeafUpdate() {
				bf.leafValues(t, loss, mask, rawk, wStage)
			}
			for i, l := range bf.leaf {
				raw[i*K+k] += lr * t.Value[int(l)*t.Width]
			}
			if valRaw != nil {
				gbAddTree(t, xVal, valRaw, K, k, lr)
			}
			stageTrees[k] = t
			return nil
		}
		if K == 1 {
			if err := grow(ctx, 0); err != nil {
				return nil, err
			}
		} else if err := parallel.Run(ctx, K, c.workers, grow); err != nil {
			return nil, err
		}
		f.Trees = append(f.Trees, stageTrees...)
		var score float64
		if doOOB {
			score = loss.value(y, raw, w, mask, true)
			f.OOBImprove = append(f.OOBImprove, oldOOB-loss.value(y, raw, w, mask, false))
		} else {
			score = loss.value(y, raw, w, nil, false)
		}
		f.TrainScore = append(f.TrainScore, score)
		f.Gamma = loss.gamma
		if valRaw != nil {
			vl := loss.value(yVal, valRaw, wVal, nil, false)
			better := false
			for _, h := range history {
				if vl+c.tol0() < h {
					better = true
					break
				}
			}
			if !better {
				break
			}
			history[stage%len(history)] = vl
		}
	}
	return f, nil
}

func (c *gbConfig) tol0() float64 {
	if c.tol == 0 {
		return 1e-4
	}
	return c.tol
}

// gbTreeStream separates the tree streams of multinomial stages from the stage
// streams (subsampling) drawn from the same Seed.
const gbTreeStream = 0x9e3779b97f4a7c15

// gbTreeBuf is the scratch memory of one tree of a stage, reused by every stage.
type gbTreeBuf struct {
	res        []float64 // negative gradient
	leaf       []int32   // leaf of each training row
	yk         []float64 // target of the tree (the 0/1 indicator of class k for multinomial loss)
	rowsByLeaf [][]int32
	scratch    gbScratch
}

// leafValues re-estimates the leaves of t from the in-bag rows (mask nil = all).
func (bf *gbTreeBuf) leafValues(t *cart.Tree, loss *gbLoss, mask []bool, rawk, w []float64) {
	nodes := len(t.Feature)
	if cap(bf.rowsByLeaf) < nodes {
		bf.rowsByLeaf = make([][]int32, nodes)
	}
	bf.rowsByLeaf = bf.rowsByLeaf[:nodes]
	for j := range bf.rowsByLeaf {
		bf.rowsByLeaf[j] = bf.rowsByLeaf[j][:0]
	}
	for i, l := range bf.leaf {
		if mask == nil || mask[i] {
			bf.rowsByLeaf[l] = append(bf.rowsByLeaf[l], int32(i))
		}
	}
	for node, rows := range bf.rowsByLeaf {
		if t.Left[node] >= 0 {
			continue
		}
		t.Value[node*t.Width] = loss.leafValue(rows, bf.yk, bf.res, rawk, w, &bf.scratch)
	}
}

// gbApply writes the leaf of every row of x into leaf.
func gbApply(t *cart.Tree, x *mat.Dense, leaf []int32) {
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		leaf[i] = t.Leaf(x.RawRowView(i))
	}
}

// gbAddTree adds lr·(tree value) to column k of raw (n×K) for every row of x.
func gbAddTree(t *cart.Tree, x *mat.Dense, raw []float64, K, k int, lr float64) {
	n, _ := x.Dims()
	for i := 0; i < n; i++ {
		raw[i*K+k] += lr * t.Value[int(t.Leaf(x.RawRowView(i)))*t.Width]
	}
}

// rawPredict writes the raw predictions of the first stages (all when stages < 0)
// for the rows of x into raw (n×K), in blocks of rows on up to workers goroutines.
func (f *gbFit) rawPredict(x *mat.Dense, raw []float64, stages, workers int) error {
	if err := f.initRaw(x, raw); err != nil {
		return err
	}
	nt := len(f.Trees)
	if stages >= 0 {
		nt = min(nt, stages*f.K)
	}
	n, _ := x.Dims()
	K := f.K
	lr := f.LearningRate
	trees := f.Trees[:nt]
	const grain = 512
	return parallel.Run(context.Background(), parallel.NumChunks(n, grain), workers, func(_ context.Context, c int) error {
		for i := c * grain; i < min((c+1)*grain, n); i++ {
			row := x.RawRowView(i)
			r := raw[i*K : (i+1)*K]
			for j, t := range trees {
				r[j%K] += lr * t.Value[int(t.Leaf(row))*t.Width]
			}
		}
		return nil
	})
}

// stagedRaw calls yield with the raw predictions after each stage (a fresh slice
// each time) until yield returns false.
func (f *gbFit) stagedRaw(x *mat.Dense, yield func(stage int, raw []float64) bool) error {
	n, _ := x.Dims()
	K := f.K
	raw := make([]float64, n*K)
	if err := f.initRaw(x, raw); err != nil {
		return err
	}
	lr := f.LearningRate
	for s := 0; s < len(f.Trees)/K; s++ {
		for k := 0; k < K; k++ {
			gbAddTree(f.Trees[s*K+k], x, raw, K, k, lr)
		}
		if !yield(s, slices.Clone(raw)) {
			return nil
		}
	}
	return nil
}

// importances is scikit-learn's feature_importances_: the mean over the trees with
// more than one node of each tree's unnormalised impurity decrease, normalised to
// sum to 1 (all zeros when every tree is a single leaf).
func (f *gbFit) importances() []float64 {
	out := make([]float64, f.NFeatures)
	cnt := 0
	for _, t := range f.Trees {
		if len(t.Feature) <= 1 {
			continue
		}
		cnt++
		imp := gbTreeImportances(t, f.NFeatures)
		for j, v := range imp {
			out[j] += v
		}
	}
	if cnt == 0 {
		return out
	}
	s := 0.0
	for j := range out {
		out[j] /= float64(cnt)
		s += out[j]
	}
	if s > 0 {
		for j := range out {
			out[j] /= s
		}
	}
	return out
}

// gbTreeImportances is scikit-learn's Tree.compute_feature_importances(normalize=False).
func gbTreeImportances(t *cart.Tree, p int) []float64 {
	imp := make([]float64, p)
	for node := range t.Feature {
		if t.Left[node] < 0 {
			continue
		}
		l, r := t.Left[node], t.Right[node]
		imp[t.Feature[node]] += t.WeightedNSamples[node]*t.Impurity[node] -
			t.WeightedNSamples[l]*t.Impurity[l] - t.WeightedNSamples[r]*t.Impurity[r]
	}
	if w0 := t.WeightedNSamples[0]; w0 > 0 {
		for j := range imp {
			imp[j] /= w0
		}
	}
	return imp
}

// restoreInit rebuilds the fitted InitEstimator of decoded state from proto (the
// estimator's InitEstimator field).
func (f *gbFit) restoreInit(name string, proto estimator.Predictor) error {
	if f.InitKind != 2 {
		return nil
	}
	if proto == nil {
		return fmt.Errorf("%s: the state holds a fitted InitEstimator but InitEstimator is nil: %w", name, estimator.ErrState)
	}
	ie := estimator.Clone(proto)
	sm, ok := ie.(estimator.StateMarshaler)
	if !ok {
		return fmt.Errorf("%s: InitEstimator %T cannot load state: %w", name, ie, estimator.ErrState)
	}
	if err := sm.UnmarshalState(f.InitState); err != nil {
		return fmt.Errorf("%s: InitEstimator: %w", name, err)
	}
	f.init = ie
	return nil
}

func gbCheckWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("w has %d values, X has %d rows: %w", len(w), n, estimator.ErrShape)
	}
	s := 0.0
	for i, v := range w {
		if gbBad(v) || v < 0 {
			return fmt.Errorf("w[%d] is %v, want a finite value >= 0: %w", i, v, estimator.ErrInvalidData)
		}
		s += v
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return fmt.Errorf("the weights sum to %v, want a finite value > 0: %w", s, estimator.ErrInvalidData)
	}
	return nil
}
