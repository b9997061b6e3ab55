package linear

// The engine behind SGDClassifier and SGDRegressor: scikit-learn 1.2.1's _plain_sgd
// (sklearn/linear_model/_sgd_fast.pyx) over a dense row-major matrix, with the weight
// vector kept as wscale·w (WeightVector) so that the L2 shrinkage of every step costs
// O(1), Bottou's averaging trick for ASGD, and the truncated-gradient cumulative L1
// penalty of Tsuruoka, Tsujii and Ananiadou (2009). The floating-point operations are
// those of scikit-learn, in the same order, so runs without shuffling reproduce its
// coefficients.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/skgo/skgo/estimator"
)

// SGDLoss names the loss minimised by [SGDClassifier] and [SGDRegressor]
// (scikit-learn's loss). The zero value is the estimator's default: SGDHinge for the
// classifier, SGDSquaredError for the regressor.
type SGDLoss string

// Losses of SGDClassifier (all) and SGDRegressor (the last four). For the classifier,
// y is +1 for the positive class and −1 otherwise and p = x·w + b.
const (
	// SGDHinge is max(0, 1 − y·p), a linear SVM.
	SGDHinge SGDLoss = "hinge"
	// SGDLogLoss is log(1 + exp(−y·p)), logistic regression.
	SGDLogLoss SGDLoss = "log_loss"
	// SGDModifiedHuber is max(0, 1 − y·p)² for y·p ≥ −1 and −4·y·p below.
	SGDModifiedHuber SGDLoss = "modified_huber"
	// SGDSquaredHinge is max(0, 1 − y·p)².
	SGDSquaredHinge SGDLoss = "squared_hinge"
	// SGDPerceptron is max(0, −y·p).
	SGDPerceptron SGDLoss = "perceptron"
	// SGDSquaredError is ½(p − y)².
	SGDSquaredError SGDLoss = "squared_error"
	// SGDHuber is ½r² for |r| ≤ Epsilon and Epsilon·|r| − ½Epsilon² beyond, r = p − y.
	SGDHuber SGDLoss = "huber"
	// SGDEpsilonInsensitive is max(0, |y − p| − Epsilon).
	SGDEpsilonInsensitive SGDLoss = "epsilon_insensitive"
	// SGDSquaredEpsilonInsensitive is max(0, |y − p| − Epsilon)².
	SGDSquaredEpsilonInsensitive SGDLoss = "squared_epsilon_insensitive"
)

// LearningRate is the step-size schedule of [SGDClassifier] and [SGDRegressor]
// (scikit-learn's learning_rate). The zero value is the estimator's default:
// LearningRateOptimal for the classifier, LearningRateInvScaling for the regressor.
// t counts the samples seen, starting at 1.
type LearningRate string

// Learning-rate schedules.
const (
	// LearningRateConstant is η = Eta0.
	LearningRateConstant LearningRate = "constant"
	// LearningRateOptimal is η = 1/(Alpha·(t₀ + t − 1)), with t₀ from Bottou's
	// heuristic so that the first step is 1/√√Alpha.
	LearningRateOptimal LearningRate = "optimal"
	// LearningRateInvScaling is η = Eta0 / t^PowerT.
	LearningRateInvScaling LearningRate = "invscaling"
	// LearningRateAdaptive keeps η = Eta0 while the loss decreases and divides it by 5
	// each time NIterNoChange epochs pass without improvement (stopping once η ≤ 1e-6).
	LearningRateAdaptive LearningRate = "adaptive"
)

const (
	// PenaltyL1 adds Alpha·‖w‖₁ (SGD) or ‖w‖₁ (Logistic with the saga solver).
	PenaltyL1 Penalty = "l1"
	// PenaltyElasticNet mixes the two: L1Ratio·‖w‖₁ + (1 − L1Ratio)/2·‖w‖².
	PenaltyElasticNet Penalty = "elasticnet"
)

// sgdMaxIterCap bounds MaxIter (epochs) so that no accepted setting runs unbounded.
const sgdMaxIterCap = 1_000_000

type sgdLossKind int

const (
	sgdKindHinge sgdLossKind = iota // also perceptron (threshold 0)
	sgdKindSquaredHinge
	sgdKindLog
	sgdKindModifiedHuber
	sgdKindSquared
	sgdKindHuber
	sgdKindEpsIns
	sgdKindSqEpsIns
)

// sgdLossFunc is one of _sgd_fast's LossFunction classes.
type sgdLossFunc struct {
	kind      sgdLossKind
	threshold float64 // hinge, squared hinge
	eps       float64 // huber c, epsilon-insensitive epsilon
}

// loss returns the loss at prediction p and target y.
func (l *sgdLossFunc) loss(p, y float64) float64 {
	switch l.kind {
	case sgdKindHinge:
		if z := p * y; z <= l.threshold {
			return l.threshold - z
		}
		return 0
	case sgdKindSquaredHinge:
		if z := l.threshold - p*y; z > 0 {
			return z * z
		}
		return 0
	case sgdKindLog:
		z := p * y
		if z > 18 {
			return math.Exp(-z)
		}
		if z < -18 {
			return -z
		}
		return math.Log(1 + math.Exp(-z))
	case sgdKindModifiedHuber:
		z := p * y
		if z >= 1 {
			return 0
		} else if z >= -1 {
			return (1 - z) * (1 - z)
		}
		return -4 * z
	case sgdKindSquared:
		return 0.5 * (p - y) * (p - y)
	case sgdKindHuber:
		r := p - y
		if a := math.Abs(r); a <= l.eps {
			return 0.5 * r * r
		} else {
			return l.eps*a - 0.5*l.eps*l.eps
		}
	case sgdKindEpsIns:
		if r := math.Abs(y-p) - l.eps; r > 0 {
			return r
		}
		return 0
	default: // sgdKindSqEpsIns
		if r := math.Abs(y-p) - l.eps; r > 0 {
			return r * r
		}
		return 0
	}
}

// dloss returns the derivative of the loss with respect to p.
func (l *sgdLossFunc) dloss(p, y float64) float64 {
	switch l.kind {
	case sgdKindHinge:
		if p*y <= l.threshold {
			return -y
		}
		return 0
	case sgdKindSquaredHinge:
		if z := l.threshold - p*y; z > 0 {
			return -2 * y * z
		}
		return 0
	case sgdKindLog:
		z := p * y
		if z > 18 {
			return math.Exp(-z) * -y
		}
		if z < -18 {
			return -y
		}
		return -y / (math.Exp(z) + 1)
	case sgdKindModifiedHuber:
		z := p * y
		if z >= 1 {
			return 0
		} else if z >= -1 {
			return 2 * (1 - z) * -y
		}
		return -4 * y
	case sgdKindSquared:
		return p - y
	case sgdKindHuber:
		r := p - y
		if math.Abs(r) <= l.eps {
			return r
		} else if r > 0 {
			return l.eps
		}
		return -l.eps
	case sgdKindEpsIns:
		if y-p > l.eps {
			return -1
		} else if p-y > l.eps {
			return 1
		}
		return 0
	default: // sgdKindSqEpsIns
		z := y - p
		if z > l.eps {
			return -2 * (z - l.eps)
		} else if z < -l.eps {
			return 2 * (-z - l.eps)
		}
		return 0
	}
}

// sgdLossOf maps a loss name to its function; ok is false for an unknown name.
func sgdLossOf(name SGDLoss, eps float64) (sgdLossFunc, bool) {
	switch name {
	case SGDHinge:
		return sgdLossFunc{kind: sgdKindHinge, threshold: 1}, true
	case SGDPerceptron:
		return sgdLossFunc{kind: sgdKindHinge, threshold: 0}, true
	case SGDSquaredHinge:
		return sgdLossFunc{kind: sgdKindSquaredHinge, threshold: 1}, true
	case SGDLogLoss:
		return sgdLossFunc{kind: sgdKindLog}, true
	case SGDModifiedHuber:
		return sgdLossFunc{kind: sgdKindModifiedHuber}, true
	case SGDSquaredError:
		return sgdLossFunc{kind: sgdKindSquared}, true
	case SGDHuber:
		return sgdLossFunc{kind: sgdKindHuber, eps: eps}, true
	case SGDEpsilonInsensitive:
		return sgdLossFunc{kind: sgdKindEpsIns, eps: eps}, true
	case SGDSquaredEpsilonInsensitive:
		return sgdLossFunc{kind: sgdKindSqEpsIns, eps: eps}, true
	}
	return sgdLossFunc{}, false
}

const (
	sgdPenNone = 0
	sgdPenL1   = 1
	sgdPenL2   = 2
	sgdPenEN   = 3
)

// sgdParams are the resolved hyperparameters shared by the two estimators.
type sgdParams struct {
	loss          sgdLossFunc
	penalty       int
	alpha         float64
	l1Ratio       float64
	maxIter       int
	tol           float64 // −Inf: no stopping test
	nIterNoChange int
	fitIntercept  bool
	shuffle       bool
	lr            LearningRate
	eta0, powerT  float64
	average       int
	earlyStopping bool
	valFraction   float64
}

// sgdHyper holds the raw hyperparameter fields of either estimator, for the checks
// and defaults they share.
type sgdHyper struct {
	penalty                Penalty
	alpha, l1Ratio         float64
	maxIter                int
	tol                    float64
	noIntercept, noShuffle bool
	epsilon                float64
	lr                     LearningRate
	eta0, powerT           float64
	earlyStopping          bool
	valFraction            float64
	nIterNoChange, average int
	defLR                  LearningRate
	defEta0, defPowerT     float64
}

func sgdFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validate checks the shared hyperparameters (loss names are checked by the callers).
func (h *sgdHyper) validate() error {
	bad := func(name string, v any, reason string) error {
		return &estimator.ParamError{Param: name, Value: v, Reason: reason}
	}
	switch h.penalty {
	case "", PenaltyL2, PenaltyL1, PenaltyElasticNet, PenaltyNone:
	default:
		return bad("Penalty", h.penalty, `must be "l2", "l1", "elasticnet" or "none"`)
	}
	switch {
	case !sgdFinite(h.alpha) || h.alpha < 0:
		return bad("Alpha", h.alpha, "must be finite and >= 0 (0 means the default 1e-4)")
	case !sgdFinite(h.l1Ratio) || h.l1Ratio < 0 || h.l1Ratio > 1:
		return bad("L1Ratio", h.l1Ratio, "must be in [0, 1] (0 means the default 0.15)")
	case h.maxIter < 0 || h.maxIter > sgdMaxIterCap:
		return bad("MaxIter", h.maxIter, fmt.Sprintf("must be in [0, %d] (0 means the default 1000)", sgdMaxIterCap))
	case math.IsNaN(h.tol) || math.IsInf(h.tol, 1):
		return bad("Tol", h.tol, "must be finite, or negative to disable the stopping test (0 means the default 1e-3)")
	case !sgdFinite(h.epsilon) || h.epsilon < 0:
		return bad("Epsilon", h.epsilon, "must be finite and >= 0 (0 means the default 0.1)")
	case !sgdFinite(h.eta0) || h.eta0 < 0:
		return bad("Eta0", h.eta0, "must be finite and >= 0")
	case !sgdFinite(h.powerT):
		return bad("PowerT", h.powerT, "must be finite")
	case !sgdFinite(h.valFraction) || h.valFraction < 0 || h.valFraction >= 1:
		return bad("ValidationFraction", h.valFraction, "must be in [0, 1) (0 means the default 0.1)")
	case h.nIterNoChange < 0 || h.nIterNoChange > sgdMaxIterCap:
		return bad("NIterNoChange", h.nIterNoChange, fmt.Sprintf("must be in [0, %d] (0 means the default 5)", sgdMaxIterCap))
	case h.average < 0:
		return bad("Average", h.average, "must be >= 0 (0: no averaging, 1: average from the first sample, k: from the k-th)")
	}
	lr := h.lr
	if lr == "" {
		lr = h.defLR
	}
	eta0 := h.eta0
	if eta0 == 0 {
		eta0 = h.defEta0
	}
	switch lr {
	case LearningRateOptimal:
	case LearningRateConstant, LearningRateInvScaling, LearningRateAdaptive:
		if !(eta0 > 0) {
			return bad("Eta0", h.eta0, fmt.Sprintf("must be > 0 with LearningRate %q", lr))
		}
	default:
		return bad("LearningRate", h.lr, `must be "optimal", "constant", "invscaling" or "adaptive"`)
	}
	return nil
}

// resolve fills in the defaults.
func (h *sgdHyper) resolve(loss sgdLossFunc) sgdParams {
	or := func(v, def float64) float64 {
		if v == 0 {
			return def
		}
		return v
	}
	p := sgdParams{
		loss:          loss,
		alpha:         or(h.alpha, 1e-4),
		l1Ratio:       or(h.l1Ratio, 0.15),
		maxIter:       h.maxIter,
		tol:           or(h.tol, 1e-3),
		nIterNoChange: h.nIterNoChange,
		fitIntercept:  !h.noIntercept,
		shuffle:       !h.noShuffle,
		lr:            h.lr,
		eta0:          or(h.eta0, h.defEta0),
		powerT:        or(h.powerT, h.defPowerT),
		average:       h.average,
		earlyStopping: h.earlyStopping,
		valFraction:   or(h.valFraction, 0.1),
	}
	if p.maxIter == 0 {
		p.maxIter = 1000
	}
	if p.tol < 0 {
		p.tol = math.Inf(-1)
	}
	if p.nIterNoChange == 0 {
		p.nIterNoChange = 5
	}
	if p.lr == "" {
		p.lr = h.defLR
	}
	switch h.penalty {
	case "", PenaltyL2:
		p.penalty = sgdPenL2
	case PenaltyL1:
		p.penalty = sgdPenL1
	case PenaltyElasticNet:
		p.penalty = sgdPenEN
	default:
		p.penalty = sgdPenNone
	}
	return p
}

// sgdData is one binary or regression problem.
type sgdData struct {
	// packed holds row i of X followed by its label at packed[i*(p+1):], so the
	// shuffled pass reads each sample from one place: the class code for
	// classifiers (the target is +1 where it equals pos, else −1), y for
	// regressors.
	packed    []float64
	clf       bool
	pos       float64
	x         []float64 // row-major, row i at x[i*stride:] (validation scores)
	stride    int
	n, p      int
	y         []float64 // ±1 for classification
	sw        []float64 // sample weights; nil means ones
	val       []bool    // validation rows (nil: none)
	weightPos float64
	weightNeg float64
	// score returns the validation score of (w, b); nil without early stopping.
	score func(w []float64, b float64) float64
}

// sgdIterate is the state plainSGD continues from and updates: the plain iterate, the
// running average (when averaging) and the sample counter t.
type sgdIterate struct {
	w  []float64
	b  float64
	aw []float64 // nil unless averaging
	ab float64
	t  float64
}

// plainSGD runs up to p.maxIter epochs of SGD on d from it, which it updates in
// place (it.t excepted: the caller advances it as scikit-learn does). It returns the
// number of epochs run. A non-finite weight or intercept ends the run with an error
// wrapping estimator.ErrConvergence, and a done ctx (checked every epoch) with
// ctx.Err().
func plainSGD(ctx context.Context, d *sgdData, p *sgdParams, it *sgdIterate, rng *rand.Rand) (int, error) {
	n, nf := d.n, d.p
	w := it.w
	wscale := 1.0
	aw := it.aw
	avgA, avgB := 0.0, 1.0
	b, ab := it.b, it.ab
	t := it.t
	loss := p.loss
	alpha := p.alpha
	l1Ratio := p.l1Ratio
	switch p.penalty {
	case sgdPenL2:
		l1Ratio = 0
	case sgdPenL1:
		l1Ratio = 1
	}
	var q []float64
	u := 0.0
	if p.penalty == sgdPenL1 || p.penalty == sgdPenEN {
		q = make([]float64, nf)
	}
	eta := p.eta0
	optimalInit := 0.0
	if p.lr == LearningRateOptimal {
		typw := math.Sqrt(1 / math.Sqrt(alpha))
		initialEta0 := typw / math.Max(1, loss.dloss(-typw, 1))
		optimalInit = 1 / (initialEta0 * alpha)
	}
	const maxDloss = 1e12
	average := float64(p.average)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// reset folds wscale into w (and the averaging coefficients into aw), as
	// WeightVector.reset_wscale.
	reset := func() {
		if aw != nil {
			for j := range aw {
				aw[j] += avgA * w[j]
			}
			inv := 1 / avgB
			for j := range aw {
				aw[j] *= inv
			}
			avgA, avgB = 0, 1
		}
		for j := range w {
			w[j] *= wscale
		}
		wscale = 1
	}

	var gather []float64
	if p.shuffle {
		gather = make([]float64, len(d.packed))
	}
	bestLoss := math.Inf(1)
	bestScore := math.Inf(-1)
	noImprovement := 0
	epoch := 0
	nTrain := float64(n)
	for epoch = 0; epoch < p.maxIter; epoch++ {
		if err := ctx.Err(); err != nil {
			return epoch, err
		}
		sumloss := 0.0
		data := d.packed
		if p.shuffle {
			for i := n - 1; i > 0; i-- {
				j := rng.IntN(i + 1)
				order[i], order[j] = order[j], order[i]
			}
			// Gather the rows in this epoch's order: the copy's loads are
			// independent of each other and overlap, while the update loop
			// below, a chain of dependent steps, then reads memory in order.
			for k, i := range order {
				copy(gather[k*(nf+1):(k+1)*(nf+1)], d.packed[i*(nf+1):(i+1)*(nf+1)])
			}
			data = gather
		}
		for k, i := range order {
			if d.val != nil && d.val[i] {
				continue
			}
			row := data[k*(nf+1) : (k+1)*(nf+1)]
			y := row[nf]
			if d.clf {
				if y == d.pos {
					y = 1
				} else {
					y = -1
				}
			}
			x := row[:len(w)]
			dot := 0.0
			for j, v := range x {
				dot += w[j] * v
			}
			pred := dot*wscale + b
			switch p.lr {
			case LearningRateOptimal:
				eta = 1 / (alpha * (optimalInit + t - 1))
			case LearningRateInvScaling:
				eta = p.eta0 / sgdPow(t, p.powerT)
			}
			var dl float64
			if loss.kind == sgdKindHinge { // the default loss, inlined
				if z := pred * y; z <= loss.threshold {
					if !p.earlyStopping {
						sumloss += loss.threshold - z
					}
					dl = -y
				}
			} else {
				if !p.earlyStopping {
					sumloss += loss.loss(pred, y)
				}
				dl = loss.dloss(pred, y)
			}
			classWeight := d.weightNeg
			if y > 0 {
				classWeight = d.weightPos
			}
			if dl < -maxDloss {
				dl = -maxDloss
			} else if dl > maxDloss {
				dl = maxDloss
			}
			update := -eta * dl
			sw := 1.0
			if d.sw != nil {
				sw = d.sw[i]
			}
			update *= classWeight * sw
			if p.penalty >= sgdPenL2 {
				c := math.Max(0, 1-((1-l1Ratio)*eta*alpha))
				wscale *= c
				if wscale < 1e-9 {
					reset()
				}
			}
			if update != 0 {
				cw := update / wscale
				for j, v := range x {
					w[j] += v * cw
				}
				if p.fitIntercept {
					b += update
				}
			}
			if 0 < average && average <= t {
				numIter := t - average + 1
				mu := 1 / numIter
				mc := -update / wscale
				for j, v := range x {
					aw[j] += avgA * v * mc
				}
				if numIter > 1 {
					avgB /= 1 - mu
				}
				avgA += mu * avgB * wscale
				ab += (b - ab) / numIter
			}
			if q != nil {
				u += l1Ratio * eta * alpha
				for j := range x {
					z := w[j]
					if wscale*z > 0 {
						w[j] = math.Max(0, w[j]-((u+q[j])/wscale))
					} else if wscale*z < 0 {
						w[j] = math.Min(0, w[j]+((u-q[j])/wscale))
					}
					q[j] += wscale * (w[j] - z)
				}
			}
			t++
		}
		if !sgdFinite(b) || !allFinite(w) || (aw != nil && (!allFinite(aw) || !sgdFinite(ab))) {
			return epoch + 1, fmt.Errorf("floating-point under- or overflow at epoch %d; scale the features (preprocess.StandardScaler): %w",
				epoch+1, estimator.ErrConvergence)
		}
		if p.earlyStopping {
			score := d.score(sgdScaled(w, wscale), b)
			if p.tol > math.Inf(-1) && score < bestScore+p.tol {
				noImprovement++
			} else {
				noImprovement = 0
			}
			if score > bestScore {
				bestScore = score
			}
		} else {
			if p.tol > math.Inf(-1) && sumloss > bestLoss-p.tol*nTrain {
				noImprovement++
			} else {
				noImprovement = 0
			}
			if sumloss < bestLoss {
				bestLoss = sumloss
			}
		}
		if noImprovement >= p.nIterNoChange {
			if p.lr == LearningRateAdaptive && eta > 1e-6 {
				eta /= 5
				noImprovement = 0
			} else {
				epoch++
				break
			}
		}
	}
	reset()
	it.b, it.ab = b, ab
	return epoch, nil
}

// sgdPow returns t^e. The default exponents take square roots: √t is correctly
// rounded, as is libm's pow, and √√t is within an ulp of it, several times faster
// than math.Pow, which dominated the invscaling loop.
func sgdPow(t, e float64) float64 {
	switch e {
	case 0.5:
		return math.Sqrt(t)
	case 0.25:
		return math.Sqrt(math.Sqrt(t))
	}
	return math.Pow(t, e)
}

// sgdPack returns the rows of x, each followed by its label, in one slice.
func sgdPack(x []float64, stride, n, p int, label func(i int) float64) []float64 {
	out := make([]float64, n*(p+1))
	for i := 0; i < n; i++ {
		row := out[i*(p+1) : (i+1)*(p+1)]
		copy(row, x[i*stride:i*stride+p])
		row[p] = label(i)
	}
	return out
}

// sgdScaled returns wscale·w in a new slice.
func sgdScaled(w []float64, wscale float64) []float64 {
	out := make([]float64, len(w))
	for j, v := range w {
		out[j] = v * wscale
	}
	return out
}

// sgdSplit returns the validation mask of scikit-learn's early stopping: a random
// ceil(frac·n) rows, stratified by label for classifiers (strata nil for regressors),
// drawn from rng. It fails when the training or validation part would be empty or the
// validation rows all have zero weight.
func sgdSplit(n int, frac float64, strata []int, nStrata int, sw []float64, rng *rand.Rand) ([]bool, error) {
	nVal := int(math.Ceil(frac * float64(n)))
	if nVal == 0 || nVal >= n || (strata != nil && (nVal < nStrata || n-nVal < nStrata)) {
		return nil, fmt.Errorf("splitting %d samples with ValidationFraction %v leaves an empty training or validation set; add samples or disable EarlyStopping: %w",
			n, frac, estimator.ErrInvalidData)
	}
	val := make([]bool, n)
	if strata == nil {
		perm := rng.Perm(n)
		for _, i := range perm[:nVal] {
			val[i] = true
		}
	} else {
		// Largest-remainder allocation of nVal over the classes, then a random
		// subset of each class.
		groups := make([][]int, nStrata)
		for i, s := range strata {
			groups[s] = append(groups[s], i)
		}
		take := make([]int, nStrata)
		rem := make([]float64, nStrata)
		total := 0
		for c, g := range groups {
			exact := float64(nVal) * float64(len(g)) / float64(n)
			take[c] = int(math.Floor(exact))
			rem[c] = exact - float64(take[c])
			total += take[c]
		}
		for total < nVal {
			best := -1
			for c := range rem {
				if take[c] < len(groups[c]) && (best < 0 || rem[c] > rem[best]) {
					best = c
				}
			}
			take[best]++
			rem[best] = -1
			total++
		}
		for c, g := range groups {
			rng.Shuffle(len(g), func(a, b int) { g[a], g[b] = g[b], g[a] })
			for _, i := range g[:take[c]] {
				val[i] = true
			}
		}
	}
	if sw != nil {
		any := false
		for i, v := range val {
			if v && sw[i] > 0 {
				any = true
				break
			}
		}
		if !any {
			return nil, fmt.Errorf("the sample weights of the validation set are all zero; use another Seed: %w", estimator.ErrInvalidData)
		}
	}
	return val, nil
}
