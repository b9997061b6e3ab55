package linear

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

var (
	_ estimator.ProbaClassifier  = (*LogisticCV)(nil)
	_ estimator.WeightedFitter   = (*LogisticCV)(nil)
	_ estimator.Validator        = (*LogisticCV)(nil)
	_ estimator.StateMarshaler   = (*LogisticCV)(nil)
	_ metrics.DecisionFunctioner = (*LogisticCV)(nil)
)

const (
	logitCVDefaultNCs = 10
	// maxCs bounds the number of candidate inverse penalties.
	maxCs = 10000
)

// LogisticCV is L2-regularised logistic regression with C chosen by
// cross-validation, scikit-learn's LogisticRegressionCV with the lbfgs solver. The
// model and its solver are those of Logistic (see there). For every fold of CV (and,
// one-vs-rest, every class) it fits the path over Cs in the given order, each fit
// warm-started from the previous solution as scikit-learn's _logistic_regression_path,
// and scores every C on the test rows with Scoring (accuracy by default). A
// one-vs-rest fold model is scored as scikit-learn does, as a binary classifier of
// the class against the rest with labels ±1.
//
// With refitting (the default) the C with the best score summed over the folds (the
// first of equal ones) is fitted on all rows, warm-started from the mean of the
// folds' solutions for that C. With NoRefit the coefficients are the mean of every
// fold's best solution and C the mean of those folds' best Cs. Two classes give one
// binary problem; more give a multinomial problem (MultiClassAuto) or one problem per
// class (MultiClassOvR), each with its own C.
//
// Balanced class weights are computed once from all labels (n/(K·n_c)) and multiply
// the sample weights of every fit, as scikit-learn does (also for one-vs-rest). The
// fits run on internal/parallel over (class ×) folds, results stored by index.
//
// The zero value is scikit-learn's default LogisticRegressionCV() (10 values of C
// from 1e-4 to 1e4, 5-fold StratifiedKFold, accuracy, refit).
type LogisticCV struct {
	// Cs, when not nil, lists the candidate values of C (each finite and > 0, at
	// most 10000), tried in this order.
	Cs []float64
	// NCs is the number of values of C spaced evenly on a log scale in [1e-4, 1e4]
	// when Cs is nil (scikit-learn's Cs=int); 0 means 10, at most 10000.
	NCs int
	// CV splits the rows; nil means crossval.StratifiedKFold{K: 5}. Tagged
	// `param:"-"`.
	CV crossval.Splitter `param:"-"`
	// Scoring names the metric (a metrics.ScorerByName name such as "neg_log_loss");
	// empty means accuracy.
	Scoring string
	// NoRefit averages the folds' best models instead of refitting (scikit-learn
	// refit=False).
	NoRefit bool
	// Penalty must be PenaltyL2 (the zero value); other penalties need solvers this
	// package does not have.
	Penalty Penalty
	// Tol is the gradient tolerance of every fit; 0 means 1e-4.
	Tol float64
	// MaxIter bounds the L-BFGS iterations of every fit; 0 means 100.
	MaxIter int
	// NoIntercept disables fitting the intercepts.
	NoIntercept bool
	// MultiClass is MultiClassAuto (the zero value: binary for two classes,
	// multinomial otherwise) or MultiClassOvR; MultiClassMultinomial is accepted for
	// more than two classes.
	MultiClass MultiClass
	// ClassWeight is "" or ClassWeightBalanced.
	ClassWeight ClassWeight
	// Workers bounds the fits run at once (scikit-learn n_jobs); 0 means
	// runtime.GOMAXPROCS(0).
	Workers int

	fit *logisticCVFit
}

// logisticCVFit is the learned state of LogisticCV (exported fields for gob).
type logisticCVFit struct {
	Model logisticFit
	Cs    []float64
	// C holds the chosen C per coefficient row (Rows values; for a multinomial model
	// the one C repeated, as scikit-learn's C_).
	C []float64
	// Scores holds, per coefficient row, NFolds × len(Cs) test scores.
	Scores []float64
	NFolds int
}

// Check validates a decoded logisticCVFit.
func (f *logisticCVFit) Check() error {
	if err := estimator.FirstError(
		f.Model.Check(),
		estimator.CheckPositive("Cs", f.Cs...),
		estimator.CheckCount("len(Cs)", len(f.Cs), 1, maxCs),
		estimator.CheckLen("C", len(f.C), f.Model.Rows),
		estimator.CheckPositive("C", f.C...),
		estimator.CheckCount("NFolds", f.NFolds, 1, max(1, len(f.Scores))),
	); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckLen("Scores", len(f.Scores), f.Model.Rows*f.NFolds*len(f.Cs)),
		estimator.CheckFinite("Scores", f.Scores...),
	)
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError for bad Cs, NCs, Scoring, Penalty, Tol, MaxIter,
// MultiClass, ClassWeight, Workers or CV.
func (l *LogisticCV) Validate() error {
	if l.Cs != nil {
		if len(l.Cs) == 0 || len(l.Cs) > maxCs {
			return &estimator.ParamError{Param: "Cs", Value: len(l.Cs), Reason: fmt.Sprintf("must hold 1 to %d values (nil means NCs values)", maxCs)}
		}
		for i, c := range l.Cs {
			if !(c > 0) || math.IsInf(c, 1) {
				return &estimator.ParamError{Param: fmt.Sprintf("Cs[%d]", i), Value: c, Reason: "must be finite and > 0"}
			}
		}
	}
	if l.NCs < 0 || l.NCs > maxCs {
		return &estimator.ParamError{Param: "NCs", Value: l.NCs, Reason: fmt.Sprintf("must be in [0, %d] (0 means 10)", maxCs)}
	}
	if err := validateScoring(l.Scoring); err != nil {
		return err
	}
	switch l.Penalty {
	case "", PenaltyL2:
	default:
		return &estimator.ParamError{Param: "Penalty", Value: l.Penalty, Reason: `must be "l2" (the lbfgs solver)`}
	}
	inner := &Logistic{Tol: l.Tol, MaxIter: l.MaxIter, MultiClass: l.MultiClass, ClassWeight: l.ClassWeight}
	if err := inner.Validate(); err != nil {
		return err
	}
	if l.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: l.Workers, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	if v, ok := l.CV.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return &estimator.ParamError{Param: "CV", Value: l.CV, Reason: err.Error()}
		}
	}
	return nil
}

// cs returns the candidate Cs: the list, or np.logspace(-4, 4, NCs).
func (l *LogisticCV) cs() []float64 {
	if l.Cs != nil {
		return l.Cs
	}
	n := l.NCs
	if n == 0 {
		n = logitCVDefaultNCs
	}
	out := make([]float64, n)
	if n == 1 {
		out[0] = 1e-4
		return out
	}
	step := 8 / float64(n-1)
	for i := range n {
		e := float64(i)*step - 4
		if i == n-1 {
			e = 4
		}
		out[i] = math.Pow(10, e)
	}
	return out
}

// Fit fits the model to X (n×p) and class labels y. See FitWeighted.
func (l *LogisticCV) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return l.FitWeighted(ctx, X, y, nil)
}

// logitCVProblem describes one family of fits: a binary problem for class pos
// (ovr, pos ≥ 0, or the binary model) or the multinomial problem (pos < 0).
type logitCVProblem struct {
	multinomial bool
	pos         int
}

// FitWeighted cross-validates every C and fits the model with sample weights w (nil
// means all ones). It returns ctx.Err() when ctx is done (checked every L-BFGS
// iteration), a *estimator.ParamError for bad hyperparameters, an error wrapping
// ErrInvalidData for NaN/Inf or empty input, negative weights, fewer than two classes
// or a training fold missing a class of a multinomial model, ErrInvalidParam for
// MultiClassMultinomial with two classes, ErrShape for length mismatches, and
// ErrConvergence when a loss is not finite. On error the model is unchanged.
func (l *LogisticCV) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return fmt.Errorf("linear.LogisticCV: %w", err)
	}
	f, err := l.fitCV(ctx, X, y, w)
	if err != nil {
		return wrapCD("linear.LogisticCV", err)
	}
	l.fit = f
	return nil
}

func (l *LogisticCV) fitCV(ctx context.Context, X mat.Matrix, y, w []float64) (*logisticCVFit, error) {
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, err
	}
	if y == nil {
		return nil, fmt.Errorf("y is nil, a classifier needs labels: %w", estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	if err := checkSampleWeights(w, n); err != nil {
		return nil, err
	}
	classes, code := logitEncode(y)
	K := len(classes)
	if K < 2 {
		return nil, fmt.Errorf("y has %d class(es), a classifier needs at least 2: %w", K, estimator.ErrInvalidData)
	}
	multinomial := K > 2 && l.MultiClass != MultiClassOvR
	if K == 2 && l.MultiClass == MultiClassMultinomial {
		return nil, fmt.Errorf("MultiClass %q with two classes is not supported; use the default: %w",
			MultiClassMultinomial, estimator.ErrInvalidParam)
	}
	base := make([]float64, n)
	for i := range base {
		base[i] = 1
		if w != nil {
			base[i] = w[i]
		}
	}
	if l.ClassWeight == ClassWeightBalanced {
		base = logitBalanced(base, code, K)
	}
	cv := l.CV
	if cv == nil {
		cv = crossval.StratifiedKFold{K: 5}
	}
	folds, err := cv.Split(n, y)
	if err != nil {
		return nil, err
	}
	if err := checkFolds(folds, n); err != nil {
		return nil, err
	}
	scorer := metrics.Accuracy
	if l.Scoring != "" {
		scorer, _ = metrics.ScorerByName(l.Scoring)
	}
	cs := l.cs()
	opt := logitOptions{tol: l.Tol, maxIter: l.MaxIter, ftol: logitFactrTol, intercept: !l.NoIntercept}
	if opt.tol == 0 {
		opt.tol = 1e-4
	}
	if opt.maxIter == 0 {
		opt.maxIter = 100
	}
	var probs []logitCVProblem
	switch {
	case multinomial:
		probs = []logitCVProblem{{multinomial: true, pos: -1}}
	case K == 2:
		probs = []logitCVProblem{{pos: 1}}
	default:
		for k := range K {
			probs = append(probs, logitCVProblem{pos: k})
		}
	}
	nf, nc := len(folds), len(cs)
	dimOf := func(pr logitCVProblem) int {
		k := 1
		if pr.multinomial {
			k = K
		}
		d := k * p
		if opt.intercept {
			d += k
		}
		return d
	}
	// paths[problem][fold][c] is the parameter vector; scores likewise.
	paths := make([][][][]float64, len(probs))
	scores := make([]float64, len(probs)*nf*nc)
	for i := range paths {
		paths[i] = make([][][]float64, nf)
	}
	err = parallel.Run(ctx, len(probs)*nf, l.Workers, func(ctx context.Context, job int) error {
		pi, fi := job/nf, job%nf
		pr, fold := probs[pi], folds[fi]
		xtr := mat.NewDense(len(fold.Train), p, nil)
		for r, i := range fold.Train {
			copy(xtr.RawRowView(r), x.RawRowView(i))
		}
		prob, err := l.problem(xtr, fold.Train, code, base, pr, K, opt)
		if err != nil {
			return err
		}
		params := make([]float64, dimOf(pr))
		xte := estimator.Rows(x, fold.Test)
		yte := make([]float64, len(fold.Test))
		for r, i := range fold.Test {
			switch {
			case pr.multinomial:
				yte[r] = float64(code[i])
			case code[i] == pr.pos:
				yte[r] = 1
			default:
				yte[r] = -1
			}
		}
		out := make([][]float64, nc)
		for c, C := range cs {
			prob.opt.l2 = 1 / C
			if _, _, err := logitLBFGS(ctx, prob.lossGrad, params, prob.opt); err != nil {
				return logitSolveError(ctx, prob, err)
			}
			if prob.err != nil {
				return prob.err
			}
			out[c] = slices.Clone(params)
			est := l.foldModel(params, pr, K, p)
			s, err := scorer.Score(est, xte, yte, nil)
			if err != nil {
				return fmt.Errorf("C=%v, fold %d: %w", C, fi+1, err)
			}
			scores[(pi*nf+fi)*nc+c] = s
		}
		paths[pi][fi] = out
		return nil
	})
	if err != nil {
		return nil, err
	}
	f := &logisticCVFit{Cs: slices.Clone(cs), NFolds: nf, Scores: scores}
	model := logisticFit{Classes: classes, NFeatures: p, Converged: true, Multinomial: multinomial}
	for pi, pr := range probs {
		sc := scores[pi*nf*nc : (pi+1)*nf*nc]
		var params []float64
		var C float64
		if !l.NoRefit {
			best, bestSum := 0, math.Inf(-1)
			for c := range nc {
				var s float64
				for fi := range nf {
					s += sc[fi*nc+c]
				}
				if s > bestSum {
					best, bestSum = c, s
				}
			}
			C = cs[best]
			params = make([]float64, dimOf(pr))
			for fi := range nf {
				for j, v := range paths[pi][fi][best] {
					params[j] += v
				}
			}
			for j := range params {
				params[j] /= float64(nf)
			}
			all := make([]int, n)
			for i := range all {
				all[i] = i
			}
			prob, err := l.problem(x, all, code, base, pr, K, opt)
			if err != nil {
				return nil, err
			}
			prob.opt.l2 = 1 / C
			nIter, conv, err := logitLBFGS(ctx, prob.lossGrad, params, prob.opt)
			if err != nil {
				return nil, logitSolveError(ctx, prob, err)
			}
			if prob.err != nil {
				return nil, prob.err
			}
			model.NIter = max(model.NIter, nIter)
			model.Converged = model.Converged && conv
		} else {
			params = make([]float64, dimOf(pr))
			for fi := range nf {
				best := 0
				for c := range nc {
					if sc[fi*nc+c] > sc[fi*nc+best] {
						best = c
					}
				}
				C += cs[best]
				for j, v := range paths[pi][fi][best] {
					params[j] += v
				}
			}
			for j := range params {
				params[j] /= float64(nf)
			}
			C /= float64(nf)
		}
		k := 1
		if pr.multinomial {
			k = K
		}
		model.Coef = append(model.Coef, params[:k*p]...)
		if opt.intercept {
			model.Intercept = append(model.Intercept, params[k*p:]...)
		} else {
			model.Intercept = append(model.Intercept, make([]float64, k)...)
		}
		for range k {
			f.C = append(f.C, C)
		}
	}
	if multinomial {
		// The multinomial problem's scores serve every class (scikit-learn tiles them).
		one := scores
		f.Scores = nil
		for range K {
			f.Scores = append(f.Scores, one...)
		}
	}
	model.Rows = len(model.Intercept)
	if !allFinite(model.Coef) || !allFinite(model.Intercept) {
		return nil, fmt.Errorf("the coefficients overflowed; scale the features: %w", estimator.ErrConvergence)
	}
	f.Model = model
	return f, nil
}

// logitSolveError turns an L-BFGS failure into the package's errors.
func logitSolveError(ctx context.Context, prob *logitProblem, err error) error {
	if prob.err != nil {
		return prob.err
	}
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return fmt.Errorf("lbfgs: %w: %w", err, estimator.ErrConvergence)
}

// problem builds the logistic problem of rows (into x, which holds exactly those
// rows) for one family of fits.
func (l *LogisticCV) problem(x *mat.Dense, rows []int, code []int, base []float64, pr logitCVProblem, K int,
	opt logitOptions) (*logitProblem, error) {
	sw := make([]float64, len(rows))
	for r, i := range rows {
		sw[r] = base[i]
	}
	if pr.multinomial {
		yc := make([]int, len(rows))
		seen := make([]bool, K)
		for r, i := range rows {
			yc[r] = code[i]
			seen[code[i]] = true
		}
		for k, ok := range seen {
			if !ok {
				return nil, fmt.Errorf("a training fold has no sample of class index %d; use a stratified splitter: %w", k, estimator.ErrInvalidData)
			}
		}
		return newLogitProblem(x, K, yc, nil, sw, opt), nil
	}
	yb := make([]float64, len(rows))
	for r, i := range rows {
		if code[i] == pr.pos {
			yb[r] = 1
		}
	}
	return newLogitProblem(x, 1, nil, yb, sw, opt), nil
}

// foldModel wraps a fold's parameters as a fitted Logistic for the scorer: a binary
// model with classes {−1, 1} (one-vs-rest or two classes, as scikit-learn scores
// them) or the multinomial model with classes 0, …, K−1.
func (l *LogisticCV) foldModel(params []float64, pr logitCVProblem, K, p int) *Logistic {
	k := 1
	classes := []float64{-1, 1}
	if pr.multinomial {
		k = K
		classes = make([]float64, K)
		for i := range classes {
			classes[i] = float64(i)
		}
	}
	icpt := make([]float64, k)
	if !l.NoIntercept {
		copy(icpt, params[k*p:])
	}
	return &Logistic{fit: &logisticFit{Classes: classes, NFeatures: p, Rows: k, Coef: params[:k*p],
		Intercept: icpt, Multinomial: pr.multinomial, Converged: true}}
}

// model returns the fitted model as a Logistic, or nil before Fit.
func (l *LogisticCV) model() *Logistic {
	if l.fit == nil {
		return &Logistic{}
	}
	return &Logistic{fit: &l.fit.Model}
}

// rename replaces the "linear.Logistic" prefix of the inner model's errors.
func renameLogistic(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("linear.LogisticCV: %w", err)
}

// Predict returns the most probable class of each row of X (see Logistic.Predict).
// It returns ErrNotFitted before Fit, ErrShape for a wrong feature count, and
// ErrInvalidData for empty or non-finite X.
func (l *LogisticCV) Predict(X mat.Matrix) ([]float64, error) {
	out, err := l.model().Predict(X)
	return out, renameLogistic(err)
}

// PredictProba returns the n×K class probabilities (see Logistic.PredictProba).
func (l *LogisticCV) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	out, err := l.model().PredictProba(X)
	return out, renameLogistic(err)
}

// DecisionFunction returns x·coef + b for a two-class model (see
// Logistic.DecisionFunction).
func (l *LogisticCV) DecisionFunction(X mat.Matrix) ([]float64, error) {
	out, err := l.model().DecisionFunction(X)
	return out, renameLogistic(err)
}

// DecisionFunctionMatrix returns the n×1 or n×K decision values.
func (l *LogisticCV) DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error) {
	out, err := l.model().DecisionFunctionMatrix(X)
	return out, renameLogistic(err)
}

// Classes returns the sorted class labels, or nil before Fit.
func (l *LogisticCV) Classes() []float64 { return l.model().Classes() }

// Coef returns a copy of the coefficients (scikit-learn coef_): 1×p for two
// classes, K×p otherwise; nil before Fit.
func (l *LogisticCV) Coef() *mat.Dense { return l.model().Coef() }

// Intercept returns a copy of the intercepts (scikit-learn intercept_), nil before
// Fit.
func (l *LogisticCV) Intercept() []float64 { return l.model().Intercept() }

// C returns the chosen C of every coefficient row (scikit-learn C_): one value for
// two classes, K otherwise (the same value K times for a multinomial model). With
// NoRefit each is the mean of the folds' best Cs. Nil before Fit.
func (l *LogisticCV) C() []float64 {
	if l.fit == nil {
		return nil
	}
	return slices.Clone(l.fit.C)
}

// CsValues returns the candidate Cs (scikit-learn Cs_), nil before Fit.
func (l *LogisticCV) CsValues() []float64 {
	if l.fit == nil {
		return nil
	}
	return slices.Clone(l.fit.Cs)
}

// Scores returns, for coefficient row k (the positive class Classes()[1] for two
// classes, else Classes()[k]), the folds×len(CsValues()) test scores (scikit-learn
// scores_[class]); the multinomial model's scores are the same for every k. Nil
// before Fit or for k out of range.
func (l *LogisticCV) Scores(k int) *mat.Dense {
	if l.fit == nil || k < 0 || k >= l.fit.Model.Rows {
		return nil
	}
	m := l.fit.NFolds * len(l.fit.Cs)
	return mat.NewDense(l.fit.NFolds, len(l.fit.Cs), slices.Clone(l.fit.Scores[k*m:(k+1)*m]))
}

// NIter returns the L-BFGS iterations of the refit (the largest over one-vs-rest
// problems), 0 before Fit or with NoRefit.
func (l *LogisticCV) NIter() int { return l.model().NIter() }

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (l *LogisticCV) MarshalState() ([]byte, error) {
	return estimator.EncodeState(logisticCVStateVersion, l.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. State of another version, classes that are not sorted, distinct
// and finite, coefficients or intercepts of the wrong size or not finite, Cs that
// are not positive, scores of the wrong size, intercepts with NoIntercept, or a
// softmax model with MultiClassOvR give an error wrapping estimator.ErrState, and the
// receiver is unchanged.
func (l *LogisticCV) UnmarshalState(b []byte) error {
	var f *logisticCVFit
	if err := estimator.DecodeState(b, logisticCVStateVersion, &f); err != nil {
		return fmt.Errorf("linear.LogisticCV: %w", err)
	}
	if f != nil {
		if l.NoIntercept {
			for k, v := range f.Model.Intercept {
				if v != 0 {
					return fmt.Errorf("linear.LogisticCV: Intercept[%d] is %v but NoIntercept is set: %w", k, v, estimator.ErrState)
				}
			}
		}
		if f.Model.Multinomial && l.MultiClass == MultiClassOvR {
			return fmt.Errorf("linear.LogisticCV: a softmax model with MultiClass %q: %w", MultiClassOvR, estimator.ErrState)
		}
	}
	l.fit = f
	return nil
}

// String returns the settings of l, as estimator.Format prints them.
func (l *LogisticCV) String() string { return estimator.Format(l) }

const logisticCVStateVersion = 1
