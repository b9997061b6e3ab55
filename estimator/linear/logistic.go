package linear

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.ProbaClassifier = (*Logistic)(nil)
	_ estimator.Validator       = (*Logistic)(nil)
	_ estimator.StateMarshaler  = (*Logistic)(nil)
	_ estimator.WeightedFitter  = (*Logistic)(nil)
	_ estimator.Iterative       = (*Logistic)(nil)
)

// Penalty selects the regularisation term of [Logistic] (scikit-learn's penalty).
// The zero value is [PenaltyL2].
type Penalty string

const (
	// PenaltyL2 adds ½‖W‖² to the objective (scikit-learn penalty="l2", the default).
	// The zero value "" means the same.
	PenaltyL2 Penalty = "l2"
	// PenaltyNone fits without regularisation (scikit-learn penalty=None or "none").
	// C is then ignored. On separable data the optimum is at infinity and the fit
	// stops at MaxIter with Converged() == false, as scikit-learn does.
	PenaltyNone Penalty = "none"
)

// MultiClass selects how [Logistic] handles more than two classes (scikit-learn's
// multi_class). The zero value is [MultiClassAuto].
type MultiClass string

const (
	// MultiClassAuto (the zero value "", or "auto") fits one binary model for two
	// classes and a multinomial model otherwise, as scikit-learn's "auto" does with
	// the lbfgs solver.
	MultiClassAuto MultiClass = "auto"
	// MultiClassMultinomial minimises the softmax cross-entropy over all K classes
	// with K coefficient vectors. With two classes scikit-learn reports only the
	// second row; so does [Logistic.Coef].
	MultiClassMultinomial MultiClass = "multinomial"
	// MultiClassOvR fits one binary problem per class (one-vs-rest); probabilities
	// are the per-class sigmoids normalised to sum to one.
	MultiClassOvR MultiClass = "ovr"
)

// ClassWeight reweights the classes of [Logistic] (scikit-learn's class_weight).
// The zero value gives every class weight one.
type ClassWeight string

const (
	// ClassWeightBalanced weights class c by n / (K · n_c), where n_c counts the
	// samples of class c (scikit-learn class_weight="balanced"). For one-vs-rest
	// problems the weights are computed per binary problem, as scikit-learn does.
	// Sample weights, when given, multiply these.
	ClassWeightBalanced ClassWeight = "balanced"
)

// LogisticSolver selects the algorithm of [Logistic] (scikit-learn's solver). The
// zero value is LogisticLBFGS.
type LogisticSolver string

const (
	// LogisticLBFGS (the zero value "", or "lbfgs") is L-BFGS on the smooth
	// objective; it supports PenaltyL2 and PenaltyNone.
	LogisticLBFGS LogisticSolver = "lbfgs"
	// LogisticSAGA is scikit-learn's SAGA (Defazio et al. 2014), a stochastic
	// average-gradient method with a proximal step, which also supports PenaltyL1
	// and PenaltyElasticNet. See saga.go for the algorithm.
	LogisticSAGA LogisticSolver = "saga"
)

// Logistic is regularised logistic regression (scikit-learn:
// linear_model.LogisticRegression with solver="lbfgs" or "saga"). For two classes it fits one
// coefficient vector w and intercept b, with P(y = Classes()[1] | x) = σ(x·w + b),
// minimising
//
//	C · Σᵢ sᵢ · [log(1 + exp(zᵢ)) − yᵢ·zᵢ] + ½‖w‖²,   zᵢ = xᵢ·w + b, yᵢ ∈ {0, 1}
//
// For K > 2 classes (multinomial, the default) it fits K coefficient rows W and
// intercepts b (scikit-learn's over-parameterised softmax, not K−1 rows), minimising
//
//	C · Σᵢ sᵢ · [log Σₖ exp(zᵢₖ) − zᵢ,yᵢ] + ½‖W‖²_F,   zᵢₖ = xᵢ·Wₖ + bₖ
//
// sᵢ are the sample weights (one, or as given to FitWeighted, times class weights).
// The intercepts are not penalised. With Solver "saga" the penalty ½‖W‖² may be
// replaced by ‖W‖₁ (PenaltyL1) or L1Ratio·‖W‖₁ + (1−L1Ratio)/2·‖W‖²
// (PenaltyElasticNet), as in scikit-learn. The problem is strictly convex with the L2
// penalty, so the solution is unique and matches scikit-learn's up to the solvers'
// tolerances.
//
// The default solver is L-BFGS on the equivalent objective divided by C, which is what
// scikit-learn hands to scipy's L-BFGS-B. It follows scipy for unconstrained
// problems (memory 10, first step 1/‖d‖, strong-Wolfe line search with constants
// 1e-3 and 0.9, at most 20 evaluations per search) and stops as scipy does: when
// the largest gradient component is at most Tol, or when an iteration lowers the
// objective by no more than 2.2e-9 relative (scipy's factr default). On
// well-conditioned problems it takes the same iterates as scikit-learn.
//
// Each loss-and-gradient evaluation is one pass over X, split into fixed blocks of
// rows that run in parallel on up to GOMAXPROCS goroutines. Block boundaries depend
// only on the number of rows and the block sums are added in order, so results are
// bit-identical for any GOMAXPROCS. The loss uses the overflow-free forms
// log(1+exp(z)) = max(z, 0) + log1p(exp(−|z|)) and log Σ exp(z) = m + log Σ exp(z − m).
//
// The zero value is scikit-learn's default LogisticRegression().
type Logistic struct {
	// C is the inverse of the regularisation strength; larger values fit the data
	// more closely. Zero means 1.0 (scikit-learn's default): C = 0 would be an
	// infinitely strong penalty, so it is not a meaningful setting. +Inf means no
	// penalty. It must not be negative or NaN.
	C float64
	// Penalty is PenaltyL2 (the zero value) or PenaltyNone, or with Solver "saga"
	// also PenaltyL1 or PenaltyElasticNet (scikit-learn refuses them with lbfgs, and
	// so does Validate).
	Penalty Penalty
	// L1Ratio is the elasticnet mixing parameter in [0, 1] (scikit-learn's
	// l1_ratio): 0 is the L2 penalty, 1 the L1 penalty. It is used only with
	// PenaltyElasticNet; zero is literal.
	L1Ratio float64
	// Solver is LogisticLBFGS (the zero value) or LogisticSAGA.
	Solver LogisticSolver
	// Seed seeds the row sampling of the saga solver (scikit-learn's
	// random_state); lbfgs ignores it.
	Seed uint64
	// Tol stops L-BFGS when the largest absolute component of the gradient of the
	// objective divided by C is at most Tol (scipy's gtol, scikit-learn's tol), and
	// SAGA when an epoch changes no coefficient by more than Tol times the largest
	// coefficient. Zero means 1e-4.
	Tol float64
	// MaxIter bounds the L-BFGS iterations or the SAGA epochs (per binary problem
	// for one-vs-rest).
	// Zero means 100, scikit-learn's default. Reaching it is not an error: the model
	// is kept and Converged reports false (scikit-learn warns instead).
	MaxIter int
	// NoIntercept disables fitting the intercepts (scikit-learn fit_intercept=False).
	NoIntercept bool
	// MultiClass chooses between binary/multinomial (the zero value, auto) and
	// one-vs-rest fitting.
	MultiClass MultiClass
	// ClassWeight is "" (all classes weigh one) or ClassWeightBalanced.
	ClassWeight ClassWeight

	fit *logisticFit // nil until Fit succeeds
}

// logisticFit is the learned state of a Logistic. Its fields are exported for gob.
type logisticFit struct {
	Classes   []float64
	NFeatures int
	// Rows is the number of coefficient rows: 1 for two classes, else len(Classes).
	Rows int
	// Coef holds Rows × NFeatures coefficients, row-major.
	Coef      []float64
	Intercept []float64 // length Rows
	// Multinomial is true when probabilities are a softmax of the decision values
	// (for Rows == 1, the softmax of (−d, d)); false for sigmoid (binary or OvR).
	Multinomial bool
	NIter       int
	Converged   bool
}

// Validate reports whether the hyperparameters are usable. It returns a
// *estimator.ParamError (wrapping estimator.ErrInvalidParam) naming the first bad
// field.
func (l *Logistic) Validate() error {
	switch {
	case math.IsNaN(l.C) || l.C < 0:
		return &estimator.ParamError{Param: "C", Value: l.C, Reason: "must be > 0 (0 means the default 1.0)"}
	case math.IsNaN(l.Tol) || math.IsInf(l.Tol, 0) || l.Tol < 0:
		return &estimator.ParamError{Param: "Tol", Value: l.Tol, Reason: "must be finite and >= 0 (0 means the default 1e-4)"}
	case l.MaxIter < 0:
		return &estimator.ParamError{Param: "MaxIter", Value: l.MaxIter, Reason: "must be >= 0 (0 means the default 100)"}
	}
	switch l.Solver {
	case "", LogisticLBFGS, LogisticSAGA:
	default:
		return &estimator.ParamError{Param: "Solver", Value: l.Solver, Reason: `must be "lbfgs" or "saga"`}
	}
	switch l.Penalty {
	case "", PenaltyL2, PenaltyNone:
	case PenaltyL1, PenaltyElasticNet:
		if l.Solver != LogisticSAGA {
			return &estimator.ParamError{Param: "Penalty", Value: l.Penalty, Reason: `only Solver "saga" supports the l1 and elasticnet penalties`}
		}
	default:
		return &estimator.ParamError{Param: "Penalty", Value: l.Penalty, Reason: `must be "l2", "none", "l1" or "elasticnet"`}
	}
	if math.IsNaN(l.L1Ratio) || l.L1Ratio < 0 || l.L1Ratio > 1 {
		return &estimator.ParamError{Param: "L1Ratio", Value: l.L1Ratio, Reason: "must be in [0, 1]"}
	}
	if l.MaxIter > sgdMaxIterCap {
		return &estimator.ParamError{Param: "MaxIter", Value: l.MaxIter, Reason: fmt.Sprintf("must be at most %d", sgdMaxIterCap)}
	}
	switch l.MultiClass {
	case "", MultiClassAuto, MultiClassMultinomial, MultiClassOvR:
	default:
		return &estimator.ParamError{Param: "MultiClass", Value: l.MultiClass, Reason: `must be "auto", "multinomial" or "ovr"`}
	}
	switch l.ClassWeight {
	case "", ClassWeightBalanced:
	default:
		return &estimator.ParamError{Param: "ClassWeight", Value: l.ClassWeight, Reason: `must be "" or "balanced"`}
	}
	return nil
}

// Fit fits the model to X (n×p) and class labels y (length n; any distinct finite
// values, sorted into Classes). It returns ctx.Err() when ctx is done before or
// during the fit, a *estimator.ParamError for bad hyperparameters, an error wrapping
// estimator.ErrInvalidData for empty input, NaN/Inf or fewer than two classes, and
// estimator.ErrShape when len(y) differs from the rows of X. Reaching MaxIter is not
// an error (see Converged). On error the previous model, if any, is kept.
func (l *Logistic) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return l.FitWeighted(ctx, X, y, nil)
}

// FitWeighted is Fit with per-sample weights w (nil means all ones; scikit-learn's
// sample_weight). Weights must be finite and non-negative; a wrong length gives
// estimator.ErrShape.
func (l *Logistic) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	return l.fitWith(ctx, X, y, w, logitFactrTol)
}

// fitWith is FitWeighted with scipy's relative-reduction threshold as a parameter
// (0 disables it, so tests can drive the solver to the exact optimum).
func (l *Logistic) fitWith(ctx context.Context, X mat.Matrix, y, w []float64, ftol float64) error {
	if err := l.Validate(); err != nil {
		return fmt.Errorf("linear.Logistic: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf("linear.Logistic: %w", err)
	}
	if y == nil {
		return fmt.Errorf("linear.Logistic: y is nil, a classifier needs labels: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if w != nil {
		if len(w) != n {
			return fmt.Errorf("linear.Logistic: X has %d rows but w has %d weights: %w", n, len(w), estimator.ErrShape)
		}
		for i, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("linear.Logistic: weight w[%d] = %v must be finite and >= 0: %w", i, v, estimator.ErrInvalidData)
			}
		}
	}
	if err := estimator.CheckLabelType(y); err != nil {
		return fmt.Errorf("linear.Logistic: %w", err)
	}
	classes, code := logitEncode(y)
	if len(classes) < 2 {
		return fmt.Errorf("linear.Logistic: y has %d class(es), a classifier needs at least 2: %w",
			len(classes), estimator.ErrInvalidData)
	}
	K := len(classes)

	c := l.C
	if c == 0 {
		c = 1
	}
	l2 := 1 / c // +Inf C gives 0
	if l.Penalty == PenaltyNone {
		l2 = 0
	}
	tol := l.Tol
	if tol == 0 {
		tol = 1e-4
	}
	maxIter := l.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	mode := l.MultiClass
	if mode == "" || mode == MultiClassAuto {
		mode = MultiClassOvR // binary for two classes
		if K > 2 {
			mode = MultiClassMultinomial
		}
	}
	base := make([]float64, n)
	for i := range base {
		base[i] = 1
		if w != nil {
			base[i] = w[i]
		}
	}
	opt := logitOptions{l2: l2, tol: tol, maxIter: maxIter, ftol: ftol, intercept: !l.NoIntercept}

	f := &logisticFit{Classes: classes, NFeatures: p, Converged: true}
	if mode == MultiClassMultinomial {
		sw := base
		if l.ClassWeight == ClassWeightBalanced {
			sw = logitBalanced(base, code, K)
		}
		res, err := l.solve(ctx, x, K, code, nil, sw, opt)
		if err != nil {
			return l.fitError(ctx, err)
		}
		rows := K
		coef, icpt := res.coef, res.intercept
		if K == 2 { // scikit-learn keeps the second row only
			rows = 1
			coef, icpt = coef[p:], icpt[1:]
		}
		f.Rows, f.Coef, f.Intercept, f.Multinomial = rows, coef, icpt, true
		f.NIter, f.Converged = res.nIter, res.converged
	} else {
		pos := classes[1:]
		if K > 2 {
			pos = classes
		}
		f.Rows = len(pos)
		f.Coef = make([]float64, 0, len(pos)*p)
		f.Intercept = make([]float64, 0, len(pos))
		yb := make([]float64, n)
		for k := range pos {
			kc := k
			if K == 2 {
				kc = 1
			}
			for i := range yb {
				yb[i] = 0
				if code[i] == kc {
					yb[i] = 1
				}
			}
			sw := base
			if l.ClassWeight == ClassWeightBalanced {
				bin := make([]int, n)
				for i, v := range yb {
					bin[i] = int(v)
				}
				sw = logitBalanced(base, bin, 2)
			}
			res, err := l.solve(ctx, x, 1, nil, yb, sw, opt)
			if err != nil {
				return l.fitError(ctx, err)
			}
			f.Coef = append(f.Coef, res.coef...)
			f.Intercept = append(f.Intercept, res.intercept...)
			f.NIter = max(f.NIter, res.nIter)
			f.Converged = f.Converged && res.converged
		}
	}
	if !allFinite(f.Coef) || !allFinite(f.Intercept) {
		return fmt.Errorf("linear.Logistic: the coefficients overflowed; scale the features: %w", estimator.ErrConvergence)
	}
	l.fit = f
	return nil
}

// solve fits one multinomial (k ≥ 2, class codes y) or binary (k = 1, targets yb in
// {0, 1}) problem with the chosen solver.
func (l *Logistic) solve(ctx context.Context, x *mat.Dense, k int, y []int, yb, sw []float64, opt logitOptions) (*logitResult, error) {
	if l.Solver != LogisticSAGA {
		return newLogitProblem(x, k, y, yb, sw, opt).solve(ctx)
	}
	raw := x.RawMatrix()
	n := raw.Rows
	c := l.C
	if c == 0 {
		c = 1
	}
	inv := 1 / c // +Inf C gives 0
	var alpha, beta float64
	switch l.Penalty {
	case PenaltyNone:
	case PenaltyL1:
		beta = inv
	case PenaltyElasticNet:
		alpha, beta = inv*(1-l.L1Ratio), inv*l.L1Ratio
	default:
		alpha = inv
	}
	pr := &sagaProblem{x: raw.Data, stride: raw.Stride, n: n, p: raw.Cols, k: k, y: y, sw: sw,
		alpha: alpha / float64(n), beta: beta / float64(n), intercept: opt.intercept, tol: opt.tol, maxIter: opt.maxIter}
	if k == 1 {
		pr.yb = make([]float64, n)
		for i, v := range yb {
			pr.yb[i] = 2*v - 1
		}
	}
	// One stream per problem: the seed and the first target tell the one-vs-rest
	// problems apart.
	stream := uint64(k)
	if k == 1 {
		for i, v := range yb {
			if v == 1 {
				stream = uint64(i) + 1<<32
				break
			}
		}
	}
	res, err := pr.solve(ctx, rand.New(rand.NewPCG(l.Seed, stream)))
	if err != nil {
		return nil, err
	}
	return &logitResult{coef: res.coef, intercept: res.intercept, nIter: res.nIter, converged: res.converged}, nil
}

func (l *Logistic) fitError(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("linear.Logistic: %w", err)
}

// logitEncode returns the sorted distinct labels of y and each label's index among
// them. It keeps a small sorted set while scanning (O(n log K)), falling back to
// sorting a copy of y when there are many distinct labels.
func logitEncode(y []float64) ([]float64, []int) {
	var classes []float64
	last, lastCode := math.NaN(), -1
	for _, v := range y {
		if v == last {
			continue
		}
		i, found := slices.BinarySearch(classes, v)
		if !found {
			if len(classes) == 64 {
				classes = estimator.ClassesOf(y)
				break
			}
			classes = slices.Insert(classes, i, v)
		}
		last = v
	}
	code := make([]int, len(y))
	for i, v := range y {
		if v != last || lastCode < 0 {
			lastCode, _ = slices.BinarySearch(classes, v)
			last = v
		}
		code[i] = lastCode
	}
	return classes, code
}

// logitBalanced returns base[i] · n / (K · count[code[i]]), scikit-learn's
// compute_class_weight("balanced") applied to the sample weights. Class counts are
// unweighted, as in scikit-learn.
func logitBalanced(base []float64, code []int, K int) []float64 {
	count := make([]float64, K)
	for _, c := range code {
		count[c]++
	}
	n := float64(len(code))
	out := make([]float64, len(base))
	for i, c := range code {
		out[i] = base[i] * n / (float64(K) * count[c])
	}
	return out
}

// checkPredict validates X for the prediction methods.
func (l *Logistic) checkPredict(X mat.Matrix) (*mat.Dense, error) {
	if l.fit == nil {
		return nil, fmt.Errorf("linear.Logistic: %w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, l.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf("linear.Logistic: %w", err)
	}
	return x, nil
}

// decision returns f.decision(x), or an error wrapping estimator.ErrInvalidData when
// a value is not finite (finite X whose products with the coefficients overflow).
func (l *Logistic) decision(x *mat.Dense) (*mat.Dense, error) {
	d := l.fit.decision(x)
	raw := d.RawMatrix()
	for i := range raw.Rows {
		if err := checkOutput(raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]); err != nil {
			return nil, fmt.Errorf("linear.Logistic: row %d: %w", i, err)
		}
	}
	return d, nil
}

// decision returns the n × Rows matrix X·Coefᵀ + Intercept.
func (f *logisticFit) decision(x *mat.Dense) *mat.Dense {
	n, _ := x.Dims()
	W := mat.NewDense(f.Rows, f.NFeatures, f.Coef)
	d := mat.NewDense(n, f.Rows, nil)
	d.Mul(x, W.T())
	for i := 0; i < n; i++ {
		row := d.RawRowView(i)
		for k := range row {
			row[k] += f.Intercept[k]
		}
	}
	return d
}

// DecisionFunction returns the decision value of each row of X for a two-class model,
// x·Coef + Intercept (scikit-learn's decision_function, shape (n,)): positive values
// favour Classes()[1]. It implements metrics.DecisionFunctioner, so the ROC AUC scorer
// ranks by it, as scikit-learn's "roc_auc" does. For more than two classes it
// returns an error wrapping errors.ErrUnsupported; use DecisionFunctionMatrix. It
// returns estimator.ErrNotFitted before Fit, estimator.ErrShape for a wrong feature
// count, and estimator.ErrInvalidData for empty or non-finite X or when a decision
// value overflows.
func (l *Logistic) DecisionFunction(X mat.Matrix) ([]float64, error) {
	if l.fit != nil && l.fit.Rows != 1 {
		return nil, fmt.Errorf("linear.Logistic: the model has %d classes, DecisionFunction is for two; use DecisionFunctionMatrix: %w",
			len(l.fit.Classes), errors.ErrUnsupported)
	}
	d, err := l.DecisionFunctionMatrix(X)
	if err != nil {
		return nil, err
	}
	return d.RawMatrix().Data, nil // n×1 with stride 1: exactly the n values
}

// DecisionFunctionMatrix returns the decision values X·Coefᵀ + Intercept as a matrix
// (scikit-learn's decision_function for multiclass models, shape (n, K)): n×K with
// columns in Classes() order for more than two classes, and n×1 for two classes (the
// values of DecisionFunction). Errors as for DecisionFunction.
func (l *Logistic) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	x, err := l.checkPredict(X)
	if err != nil {
		return nil, err
	}
	return l.decision(x)
}

// Predict returns the most probable class label of each row of X (scikit-learn's
// predict): for two classes Classes()[1] where the decision value is positive, else
// the class with the largest decision value (the first on ties). Errors as for
// DecisionFunction.
func (l *Logistic) Predict(X mat.Matrix) ([]float64, error) {
	x, err := l.checkPredict(X)
	if err != nil {
		return nil, err
	}
	f := l.fit
	d, err := l.decision(x)
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	out := make([]float64, n)
	for i := range out {
		row := d.RawRowView(i)
		if f.Rows == 1 {
			out[i] = f.Classes[0]
			if row[0] > 0 {
				out[i] = f.Classes[1]
			}
			continue
		}
		best := 0
		for k, v := range row {
			if v > row[best] {
				best = k
			}
		}
		out[i] = f.Classes[best]
	}
	return out, nil
}

// PredictProba returns the n×K class probabilities, columns in Classes() order
// (scikit-learn's predict_proba): the softmax of the decision values for multinomial
// models, [1 − σ(d), σ(d)] for binary ones, and the per-class sigmoids normalised to
// sum to one for one-vs-rest. Errors as for DecisionFunction.
func (l *Logistic) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	lp, err := l.PredictLogProba(X)
	if err != nil {
		return nil, err
	}
	lp.Apply(func(_, _ int, v float64) float64 { return math.Exp(v) }, lp)
	return lp, nil
}

// PredictLogProba returns the natural logarithm of PredictProba, computed stably (it
// stays finite where the probabilities underflow to zero; scikit-learn's
// predict_log_proba takes log(predict_proba) and gives -Inf there). Errors as for
// DecisionFunction.
func (l *Logistic) PredictLogProba(X mat.Matrix) (*mat.Dense, error) {
	x, err := l.checkPredict(X)
	if err != nil {
		return nil, err
	}
	f := l.fit
	d, err := l.decision(x)
	if err != nil {
		return nil, err
	}
	n, _ := d.Dims()
	K := len(f.Classes)
	out := mat.NewDense(n, K, nil)
	for i := 0; i < n; i++ {
		row := d.RawRowView(i)
		o := out.RawRowView(i)
		switch {
		case f.Rows == 1:
			z := row[0]
			if f.Multinomial { // softmax(−d, d) = σ(2d)
				z *= 2
			}
			o[0], o[1] = logitLogSigmoid(-z), logitLogSigmoid(z)
		case f.Multinomial:
			lse := logitLogSumExp(row)
			for k, v := range row {
				o[k] = v - lse
			}
		default: // one-vs-rest: log σ(dₖ) − log Σⱼ σ(dⱼ)
			for k, v := range row {
				o[k] = logitLogSigmoid(v)
			}
			lse := logitLogSumExp(o)
			for k := range o {
				o[k] -= lse
			}
		}
	}
	return out, nil
}

// Classes returns a copy of the sorted class labels seen at Fit, or nil before Fit.
func (l *Logistic) Classes() []float64 {
	if l.fit == nil {
		return nil
	}
	return slices.Clone(l.fit.Classes)
}

// Coef returns a copy of the coefficients (scikit-learn's coef_): 1×p for two
// classes (the weights of Classes()[1]), K×p otherwise, rows in Classes() order. It
// returns nil before Fit.
func (l *Logistic) Coef() *mat.Dense {
	if l.fit == nil {
		return nil
	}
	return mat.NewDense(l.fit.Rows, l.fit.NFeatures, slices.Clone(l.fit.Coef))
}

// Intercept returns a copy of the intercepts, one per row of Coef (scikit-learn's
// intercept_; zeros with NoIntercept), or nil before Fit.
func (l *Logistic) Intercept() []float64 {
	if l.fit == nil {
		return nil
	}
	return slices.Clone(l.fit.Intercept)
}

// NIter returns the number of L-BFGS iterations (SAGA: epochs) of the last Fit (the largest over
// the binary problems for one-vs-rest; scikit-learn's n_iter_), or 0 before Fit.
func (l *Logistic) NIter() int {
	if l.fit == nil {
		return 0
	}
	return l.fit.NIter
}

// Converged reports whether the last Fit met its stopping criterion before MaxIter
// (scikit-learn emits a ConvergenceWarning instead). It is false before Fit.
func (l *Logistic) Converged() bool {
	return l.fit != nil && l.fit.Converged
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (l *Logistic) MarshalState() ([]byte, error) {
	return estimator.EncodeState(logisticStateVersion, l.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct and
// finite, coefficient or intercept counts that do not match the classes and
// NFeatures, non-finite values, or state that contradicts the hyperparameters
// (intercepts with NoIntercept, a softmax model with MultiClassOvR or the reverse)
// give an error wrapping estimator.ErrState, and the receiver is unchanged.
func (l *Logistic) UnmarshalState(b []byte) error {
	var f *logisticFit
	if err := estimator.DecodeState(b, logisticStateVersion, &f); err != nil {
		return fmt.Errorf("linear.Logistic: %w", err)
	}
	if f != nil {
		if l.NoIntercept {
			for k, v := range f.Intercept {
				if v != 0 {
					return fmt.Errorf("linear.Logistic: Intercept[%d] is %v but NoIntercept is set: %w", k, v, estimator.ErrState)
				}
			}
		}
		var want bool // Multinomial as Fit sets it
		switch l.MultiClass {
		case MultiClassMultinomial:
			want = true
		case MultiClassOvR:
			want = false
		default:
			want = len(f.Classes) > 2
		}
		if f.Multinomial != want {
			return fmt.Errorf("linear.Logistic: state has Multinomial %t, MultiClass %q fits %t: %w",
				f.Multinomial, l.MultiClass, want, estimator.ErrState)
		}
	}
	l.fit = f
	return nil
}

// logitLogSigmoid returns log σ(z) = −log(1 + exp(−z)) without overflow.
func logitLogSigmoid(z float64) float64 {
	if z >= 0 {
		return -math.Log1p(math.Exp(-z))
	}
	return z - math.Log1p(math.Exp(z))
}

// logitLogSumExp returns log Σ exp(v) without overflow.
func logitLogSumExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, x := range v {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}
