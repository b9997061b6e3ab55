package crossval

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

// Options configures CrossValidate (scikit-learn: cross_validate's keyword arguments).
// A nil *Options, and nil fields, mean the defaults.
type Options struct {
	// CV splits the rows; nil means StratifiedKFold{K: 5} for classifiers
	// (estimator.IsClassifier) and KFold{K: 5} otherwise, as scikit-learn's cv=None.
	CV Splitter
	// Scorers are applied to every fold; nil means metrics.Accuracy for classifiers and
	// metrics.R2 otherwise. Names must be distinct: results are keyed by Name().
	Scorers []metrics.Scorer
	// Weights are per-row sample weights (nil means all ones). Each fold's training
	// weights go to FitWeighted when the estimator is an estimator.WeightedFitter (an
	// estimator without it is fitted unweighted), and each fold's test (and train)
	// weights go to the scorers.
	Weights []float64
	// Workers bounds the folds fitted concurrently; 0 means runtime.GOMAXPROCS(0)
	// (scikit-learn n_jobs=-1). Results do not depend on it.
	Workers int
	// ReturnTrainScore also scores each fold's model on its training rows.
	ReturnTrainScore bool
	// KeepEstimators keeps each fold's fitted model in Result.Estimators
	// (scikit-learn return_estimator=True).
	KeepEstimators bool
}

// Result holds CrossValidate's per-fold results (scikit-learn: the dict returned by
// cross_validate). Slices indexed by fold follow the order of Folds.
type Result struct {
	// Names lists the scorers' names in the order of Options.Scorers.
	Names []string
	// Test maps a scorer name to its test score on each fold ("test_<name>").
	Test map[string][]float64
	// Train maps a scorer name to its train score on each fold; nil unless
	// Options.ReturnTrainScore.
	Train map[string][]float64
	// FitTime is the time spent fitting each fold's model.
	FitTime []time.Duration
	// ScoreTime is the time spent scoring each fold's model on its test rows (train
	// scoring is not included, as in scikit-learn).
	ScoreTime []time.Duration
	// Estimators holds each fold's fitted model; nil unless Options.KeepEstimators.
	Estimators []estimator.Estimator
	// Folds are the splits used.
	Folds []Fold
}

// TestScores returns a copy of the test scores of the scorer called name, or nil if
// there is no such scorer.
func (r *Result) TestScores(name string) []float64 { return slices.Clone(r.Test[name]) }

// TrainScores returns a copy of the train scores of the scorer called name, or nil if
// there is no such scorer or train scores were not requested.
func (r *Result) TrainScores(name string) []float64 { return slices.Clone(r.Train[name]) }

// Mean returns the mean test score of the scorer called name, or NaN if there is no
// such scorer.
func (r *Result) Mean(name string) float64 { return mean(r.Test[name]) }

// Std returns the population standard deviation (divisor n, numpy's default ddof=0,
// which scikit-learn uses for std_test_score) of the test scores of the scorer called
// name, or NaN if there is no such scorer. Note that gonum's stat.StdDev divides by
// n-1 instead.
func (r *Result) Std(name string) float64 { return std(r.Test[name]) }

func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func std(v []float64) float64 {
	m := mean(v)
	if math.IsNaN(m) {
		return m
	}
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(v)))
}

// defaultCV returns scikit-learn's cv=None choice for e.
func defaultCV(e estimator.Estimator) Splitter {
	if estimator.IsClassifier(e) {
		return StratifiedKFold{K: 5}
	}
	return KFold{K: 5}
}

func defaultScorer(e estimator.Estimator) metrics.Scorer {
	if estimator.IsClassifier(e) {
		return metrics.Accuracy
	}
	return metrics.R2
}

// Score returns the test score of s on each fold of cv (scikit-learn:
// cross_val_score). A nil cv or s means the defaults of Options. It is
// CrossValidate with a single scorer.
func Score(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, s metrics.Scorer) ([]float64, error) {
	opt := &Options{CV: cv}
	if s != nil {
		opt.Scorers = []metrics.Scorer{s}
	}
	res, err := CrossValidate(ctx, e, X, y, opt)
	if err != nil {
		return nil, err
	}
	return res.Test[res.Names[0]], nil
}

// CrossValidate fits a clone of e on the training rows of every fold of opt.CV and
// scores it on the test rows with every scorer (scikit-learn: cross_validate). The
// caller's e is never fitted or modified. Folds run concurrently on up to opt.Workers
// goroutines, sharing X read-only; each fold's rows are taken with estimator.Rows (so a
// preprocess.Frame stays a Frame) and estimator.Select.
//
// The configuration (splitter, scorers, weights, and e's Validate when it is an
// estimator.Validator) is checked before anything is fitted. The first failing fold
// cancels the others and its error is returned as "crossval: fold 3: ..." (wrapping
// the estimator's error, so errors.Is works). When ctx is cancelled, CrossValidate
// stops starting folds and returns an error satisfying errors.Is(err,
// context.Canceled) (or context.DeadlineExceeded); folds already running stop when
// their Fit honours ctx.
func CrossValidate(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, opt *Options) (*Result, error) {
	if opt == nil {
		opt = &Options{}
	}
	p, err := prepare("crossval.CrossValidate", e, X, y, opt.CV, opt.Scorers, opt.Weights, false)
	if err != nil {
		return nil, err
	}
	jobs := make([]job, len(p.folds))
	for i, f := range p.folds {
		jobs[i] = job{proto: e, fold: f, label: fmt.Sprintf("fold %d", i)}
	}
	out, err := run(ctx, p, X, y, opt.Weights, jobs, opt.Workers, opt.ReturnTrainScore, !opt.KeepEstimators)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Folds:     p.folds,
		Test:      make(map[string][]float64, len(p.scorers)),
		FitTime:   make([]time.Duration, len(out)),
		ScoreTime: make([]time.Duration, len(out)),
	}
	if opt.ReturnTrainScore {
		res.Train = make(map[string][]float64, len(p.scorers))
	}
	if opt.KeepEstimators {
		res.Estimators = make([]estimator.Estimator, len(out))
	}
	for j, s := range p.scorers {
		res.Names = append(res.Names, s.Name())
		test := make([]float64, len(out))
		var train []float64
		if opt.ReturnTrainScore {
			train = make([]float64, len(out))
		}
		for i, o := range out {
			test[i] = o.test[j]
			if train != nil {
				train[i] = o.train[j]
			}
		}
		res.Test[s.Name()] = test
		if train != nil {
			res.Train[s.Name()] = train
		}
	}
	for i, o := range out {
		res.FitTime[i] = o.fitTime
		res.ScoreTime[i] = o.scoreTime
		if opt.KeepEstimators {
			res.Estimators[i] = o.est
		}
	}
	return res, nil
}

// prepared is the validated configuration shared by the entry points.
type prepared struct {
	n       int
	folds   []Fold
	scorers []metrics.Scorer
}

// prepare validates everything that can be checked without fitting: X and y shapes,
// weights, the splitter's folds, the scorers, and e's hyperparameters.
//
// e's own Validate is skipped when skipValidate is set (ValidationCurve validates its
// clones instead, whose parameter may differ from e's).
func prepare(prefix string, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, scorers []metrics.Scorer, w []float64, skipValidate bool) (*prepared, error) {
	if e == nil {
		return nil, fmt.Errorf("%s: estimator is nil: %w", prefix, estimator.ErrInvalidParam)
	}
	n, err := rowsOf(prefix, X, y)
	if err != nil {
		return nil, err
	}
	if err := checkWeights(prefix, w, n); err != nil {
		return nil, err
	}
	if v, ok := e.(estimator.Validator); ok && !skipValidate {
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", prefix, estimator.Name(e), err)
		}
	}
	if cv == nil {
		cv = defaultCV(e)
	}
	folds, err := checkedFolds(prefix, cv, n, y)
	if err != nil {
		return nil, err
	}
	p := &prepared{n: n, folds: folds}
	if scorers != nil {
		p.scorers, err = checkScorers(prefix, scorers)
		if err != nil {
			return nil, err
		}
	} else {
		p.scorers = []metrics.Scorer{defaultScorer(e)}
	}
	return p, nil
}

func checkWeights(prefix string, w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("%s: %d weights for %d rows: %w", prefix, len(w), n, estimator.ErrShape)
	}
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: weight %d is %v, weights must be finite and >= 0: %w", prefix, i, v, estimator.ErrInvalidData)
		}
	}
	return nil
}

func checkScorers(prefix string, scorers []metrics.Scorer) ([]metrics.Scorer, error) {
	if len(scorers) == 0 {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Scorers", Reason: "is empty (use nil for the default)"})
	}
	seen := make(map[string]bool, len(scorers))
	for i, s := range scorers {
		if s == nil {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: fmt.Sprintf("Scorers[%d]", i), Reason: "is nil"})
		}
		if seen[s.Name()] {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: fmt.Sprintf("Scorers[%d]", i), Value: s.Name(), Reason: "duplicate scorer name"})
		}
		seen[s.Name()] = true
	}
	return slices.Clone(scorers), nil
}

// checkedFolds runs cv and checks its folds: at least one, non-empty train and test
// sides, indices in [0, n).
func checkedFolds(prefix string, cv Splitter, n int, y []float64) ([]Fold, error) {
	folds, err := cv.Split(n, y)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	if len(folds) == 0 {
		return nil, fmt.Errorf("%s: %T returned no folds: %w", prefix, cv, estimator.ErrInvalidParam)
	}
	for i, f := range folds {
		if len(f.Train) == 0 || len(f.Test) == 0 {
			return nil, fmt.Errorf("%s: fold %d of %T has %d train and %d test rows, both must be non-empty: %w",
				prefix, i, cv, len(f.Train), len(f.Test), estimator.ErrInvalidParam)
		}
		for _, side := range [][]int{f.Train, f.Test} {
			for _, r := range side {
				if r < 0 || r >= n {
					return nil, fmt.Errorf("%s: fold %d of %T has row index %d out of range [0, %d): %w",
						prefix, i, cv, r, n, estimator.ErrInvalidParam)
				}
			}
		}
	}
	return folds, nil
}

// job is one fit-and-score task: a clone of proto fitted on fold.Train.
type job struct {
	proto estimator.Estimator // cloned before fitting; never fitted itself
	fold  Fold
	label string // "fold 3", used in error messages
}

type jobOut struct {
	test, train        []float64
	fitTime, scoreTime time.Duration
	est                estimator.Estimator
}

func workersOrDefault(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// forEach runs do(ctx, i) for i in [0, n) on up to workers goroutines (a fixed pool,
// see internal/parallel). The first error (wrapped as "crossval: <label(i)>: ...")
// cancels the rest; a cancelled ctx stops new tasks from starting and is reported as
// ctx's error.
func forEach(ctx context.Context, n, workers int, label func(i int) string, do func(ctx context.Context, i int) error) error {
	err := parallel.Run(ctx, n, workersOrDefault(workers), func(ctx context.Context, i int) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("crossval: %s: %w", label(i), err)
		}
		if err := do(ctx, i); err != nil {
			return fmt.Errorf("crossval: %s: %w", label(i), err)
		}
		return nil
	})
	if err == nil {
		// Report a cancellation that happened after the last fold started (or before
		// the first): the results may be complete, but the caller asked to stop.
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("crossval: %w", cerr)
		}
	}
	return err
}

// run fits and scores every job, writing results by index.
// With recycle set the fold copies of X are pooled and the fitted estimators are not
// returned (see fitAndScore).
func run(ctx context.Context, p *prepared, X mat.Matrix, y, w []float64, jobs []job, workers int, trainScore, recycle bool) ([]jobOut, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("crossval: %w", err)
	}
	// Clone sequentially up front: Cloner implementations need not be safe for
	// concurrent use on the same prototype.
	ests := make([]estimator.Estimator, len(jobs))
	for i, j := range jobs {
		ests[i] = estimator.Clone(j.proto)
	}
	out := make([]jobOut, len(jobs))
	err := forEach(ctx, len(jobs), workers, func(i int) string { return jobs[i].label }, func(ctx context.Context, i int) error {
		o, err := fitAndScore(ctx, ests[i], X, y, w, jobs[i].fold, p.scorers, trainScore, recycle)
		if recycle {
			ests[i] = nil // its fold rows go back to the pool
		}
		if err != nil {
			return err
		}
		out[i] = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rowsPool recycles the fold copies of a *mat.Dense X (see takeRows).
var rowsPool sync.Pool

// takeRows returns the rows idx of X, and a function that releases them. With
// recycle set and X a *mat.Dense, the copy goes into a pooled matrix that release
// hands back for the next fold: the caller promises that nothing uses the copy (or an
// estimator fitted on it) after release. Otherwise it is estimator.Rows and release
// does nothing. Recycling the fold copies, most of a cross-validation's allocations,
// keeps the garbage collector out of small problems.
func takeRows(X mat.Matrix, idx []int, recycle bool) (mat.Matrix, func()) {
	d, ok := X.(*mat.Dense)
	if !recycle || !ok || len(idx) == 0 {
		return estimator.Rows(X, idx), func() {}
	}
	_, c := d.Dims()
	buf, _ := rowsPool.Get().(*mat.Dense)
	if buf == nil {
		buf = &mat.Dense{}
	} else {
		buf.Reset()
	}
	buf.ReuseAs(len(idx), c)
	for i, r := range idx {
		copy(buf.RawRowView(i), d.RawRowView(r))
	}
	return buf, func() { rowsPool.Put(buf) }
}

// fitOn fits est on the rows idx of X, y (and w).
func fitOn(ctx context.Context, est estimator.Estimator, X mat.Matrix, y, w []float64, idx []int) error {
	return fitRows(ctx, est, estimator.Rows(X, idx), y, w, idx)
}

// fitRows fits est on Xtr, the rows idx of X, with the matching y (and w).
func fitRows(ctx context.Context, est estimator.Estimator, Xtr mat.Matrix, y, w []float64, idx []int) error {
	ytr := estimator.Select(y, idx)
	if w != nil {
		if wf, ok := est.(estimator.WeightedFitter); ok {
			return wf.FitWeighted(ctx, Xtr, ytr, estimator.Select(w, idx))
		}
	}
	return est.Fit(ctx, Xtr, ytr)
}

// fitAndScore fits est on the fold's training rows and scores it. With recycle set
// the fold copies are pooled (takeRows): the caller must not use est afterwards.
func fitAndScore(ctx context.Context, est estimator.Estimator, X mat.Matrix, y, w []float64, f Fold, scorers []metrics.Scorer, trainScore, recycle bool) (jobOut, error) {
	start := time.Now()
	Xtr, releaseTrain := takeRows(X, f.Train, recycle)
	defer releaseTrain()
	if err := fitRows(ctx, est, Xtr, y, w, f.Train); err != nil {
		return jobOut{}, err
	}
	o := jobOut{est: est, fitTime: time.Since(start)}
	if err := ctx.Err(); err != nil {
		return jobOut{}, err
	}
	start = time.Now()
	Xte, releaseTest := takeRows(X, f.Test, recycle)
	defer releaseTest()
	var err error
	o.test, err = scoreRows(est, Xte, y, w, f.Test, scorers)
	if err != nil {
		return jobOut{}, err
	}
	o.scoreTime = time.Since(start)
	if trainScore {
		o.train, err = scoreRows(est, Xtr, y, w, f.Train, scorers)
		if err != nil {
			return jobOut{}, fmt.Errorf("train score: %w", err)
		}
	}
	if recycle {
		o.est = nil // it may hold the pooled rows
	}
	return o, nil
}

func scoreAll(est estimator.Estimator, X mat.Matrix, y, w []float64, idx []int, scorers []metrics.Scorer) ([]float64, error) {
	return scoreRows(est, estimator.Rows(X, idx), y, w, idx, scorers)
}

// scoreRows scores est on Xs, the rows idx of X, against the matching y (and w).
func scoreRows(est estimator.Estimator, Xs mat.Matrix, y, w []float64, idx []int, scorers []metrics.Scorer) ([]float64, error) {
	ys, ws := estimator.Select(y, idx), estimator.Select(w, idx)
	out := make([]float64, len(scorers))
	if p, ok := est.(estimator.Predictor); ok && len(scorers) > 1 && !estimator.IsClassifier(est) {
		// Several scorers of a regressor: predict once, as scikit-learn's multimetric
		// scoring does. The wrapper has only Fit and Predict, which is all that
		// regression scorers use.
		est = &predictOnce{Predictor: p, X: Xs}
	}
	for i, s := range scorers {
		v, err := s.Score(est, Xs, ys, ws)
		if err != nil {
			return nil, fmt.Errorf("scorer %q: %w", s.Name(), err)
		}
		out[i] = v
	}
	return out, nil
}

// predictOnce is a Predictor whose Predict on X is computed once and shared by the
// scorers (which only read it); other inputs go to the wrapped estimator.
type predictOnce struct {
	estimator.Predictor
	X    mat.Matrix
	once sync.Once
	pred []float64
	err  error
}

func (p *predictOnce) Predict(X mat.Matrix) ([]float64, error) {
	if X != p.X {
		return p.Predictor.Predict(X)
	}
	p.once.Do(func() { p.pred, p.err = p.Predictor.Predict(X) })
	return p.pred, p.err
}
