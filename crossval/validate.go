package crossval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/folds"
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
	// Executor, if set, runs the folds' jobs on another engine (see [Executor]; the
	// module github.com/skgo/skgo/distributed/beam runs them on Apache Beam): e is sent
	// as a model file (estimator.Save) and the scorers by name, so both must be
	// persistable and named (metrics.ScorerByName). nil means the local pool.
	Executor Executor
	// Logger, if set, receives a Warn record for each fold whose estimator.Iterative
	// did not converge, as scikit-learn's ConvergenceWarning (Result.Converged holds
	// the same information as data).
	Logger *slog.Logger
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
	// NIter and Converged hold, for an estimator.Iterative, each fold's iteration count
	// and convergence flag (scikit-learn only warns); nil for other estimators.
	NIter     []int
	Converged []bool
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

// mean is stat.Mean, and NaN for no values.
func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return stat.Mean(v, nil)
}

// std is the population standard deviation (ddof=0), and NaN for no values.
func std(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return stat.PopStdDev(v, nil)
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
func CrossValidate(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, opt *Options) (res *Result, err error) {
	err = protect("crossval.CrossValidate", func() error { res, err = crossValidate(ctx, e, X, y, opt); return err })
	if err != nil {
		return nil, err
	}
	return res, nil
}

func crossValidate(ctx context.Context, e estimator.Estimator, X mat.Matrix, y []float64, opt *Options) (*Result, error) {
	if opt == nil {
		opt = &Options{}
	}
	p, err := prepare("crossval.CrossValidate", e, X, y, opt.CV, opt.Scorers, opt.Weights, false)
	if err != nil {
		return nil, err
	}
	var out []folds.Out
	if opt.Executor != nil && !isNilValue(opt.Executor) {
		out, err = crossValidateOn(ctx, opt.Executor, e, p, opt)
	} else {
		out, err = p.run(ctx, opt.Weights, opt.Workers, len(p.folds), func(i int) (estimator.Estimator, Fold) { return e, p.folds[i] },
			func(i int) string { return "fold " + strconv.Itoa(i) }, opt.ReturnTrainScore, opt.KeepEstimators, nil)
	}
	if err != nil {
		return nil, err
	}
	res := &Result{
		Folds:     p.folds,
		Test:      make(map[string][]float64, len(p.scorers)),
		FitTime:   make([]time.Duration, len(out)),
		ScoreTime: make([]time.Duration, len(out)),
	}
	if len(out) > 0 && out[0].Iterative {
		res.NIter = make([]int, len(out))
		res.Converged = make([]bool, len(out))
		for i, o := range out {
			res.NIter[i], res.Converged[i] = o.NIter, o.Converged
			if !o.Converged && opt.Logger != nil {
				opt.Logger.Warn("crossval: a fit did not converge (raise its iteration limit or tolerance)",
					"estimator", estimator.Name(e), "fold", i+1, "n_iter", o.NIter)
			}
		}
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
			test[i] = o.Test[j]
			if train != nil {
				train[i] = o.Train[j]
			}
		}
		res.Test[s.Name()] = test
		if train != nil {
			res.Train[s.Name()] = train
		}
	}
	for i, o := range out {
		res.FitTime[i] = o.FitTime
		res.ScoreTime[i] = o.ScoreTime
		if opt.KeepEstimators {
			res.Estimators[i] = o.Est
		}
	}
	return res, nil
}

// prepared is the validated configuration shared by the entry points.
type prepared struct {
	n       int
	src     mat.Matrix // X, or a *mat.Dense copy of it (folds.Source)
	y       []float64
	folds   []Fold
	scorers []metrics.Scorer
}

// prepare validates everything that can be checked without fitting: X and y shapes,
// weights, the splitter's folds, the scorers, and e's hyperparameters.
//
// e's own Validate is skipped when skipValidate is set (ValidationCurve validates its
// clones instead, whose parameter may differ from e's).
func prepare(prefix string, e estimator.Estimator, X mat.Matrix, y []float64, cv Splitter, scorers []metrics.Scorer, w []float64, skipValidate bool) (*prepared, error) {
	if e == nil || isNilValue(e) {
		return nil, fmt.Errorf("%s: estimator is nil: %w", prefix, estimator.ErrInvalidParam)
	}
	if err := estimator.CheckGraph(e); err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	src, n, err := folds.Source(X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	if y != nil && len(y) != n {
		return nil, fmt.Errorf("%s: X has %d rows but y has %d values: %w", prefix, n, len(y), estimator.ErrShape)
	}
	if err := checkWeights(prefix, w, n); err != nil {
		return nil, err
	}
	if v, ok := e.(estimator.Validator); ok && !skipValidate {
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", prefix, estimator.Name(e), err)
		}
	}
	if cv != nil && isNilValue(cv) {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "CV", Value: fmt.Sprintf("%T", cv), Reason: "is a nil pointer (use a nil interface for the default)"})
	}
	if cv == nil {
		cv = defaultCV(e)
	}
	fs, err := checkedFolds(prefix, cv, n, y)
	if err != nil {
		return nil, err
	}
	p := &prepared{n: n, src: src, y: y, folds: fs}
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
	var folds []Fold
	err := parallel.Protect(func() error {
		var err error
		folds, err = cv.Split(n, y)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %T: %w", prefix, cv, err)
	}
	if len(folds) == 0 {
		return nil, fmt.Errorf("%s: %T returned no folds: %w", prefix, cv, estimator.ErrInvalidParam)
	}
	for i, f := range folds {
		if len(f.Train) == 0 || len(f.Test) == 0 {
			return nil, fmt.Errorf("%s: fold %d of %T has %d train and %d test rows, both must be non-empty: %w",
				prefix, i+1, cv, len(f.Train), len(f.Test), estimator.ErrInvalidParam)
		}
		for _, side := range [][]int{f.Train, f.Test} {
			for _, r := range side {
				if r < 0 || r >= n {
					return nil, fmt.Errorf("%s: fold %d of %T has row index %d out of range [0, %d): %w",
						prefix, i+1, cv, r, n, estimator.ErrInvalidParam)
				}
			}
		}
	}
	return folds, nil
}

// run fits and scores n jobs through the fold engine (internal/folds): job i fits a
// clone of the estimator returned by job(i) on the fold's training rows. With keep
// the fitted estimators are returned; otherwise the fold copies of X are recycled.
// use, if set, gets every fitted estimator and its fold's test rows.
func (p *prepared) run(ctx context.Context, w []float64, workers, n int, job func(i int) (estimator.Estimator, Fold),
	label func(i int) string, trainScore, keep bool, use func(i int, est estimator.Estimator, xte mat.Matrix) error) ([]folds.Out, error) {
	cfg := &folds.Config{
		X: p.src, Y: p.y, W: w,
		TrainScore: trainScore,
		Keep:       keep,
		Workers:    workers,
		Label:      label,
		Use:        use,
		Prefix:     "crossval",
		Job: func(i int) (folds.Job, error) {
			proto, f := job(i)
			// The graph was checked once in prepare: no cycle, so Clone cannot panic.
			return folds.Job{Est: estimator.Clone(proto), Train: f.Train, Test: f.Test}, nil
		},
	}
	if use == nil {
		cfg.Scorers = p.scorers
	}
	return folds.Run(ctx, cfg, n)
}

// protect runs f and returns a panic in it (in the caller's own code: an estimator's
// Validate or SetParams, a custom Space) as a *parallel.PanicError error with prefix.
func protect(prefix string, f func() error) error {
	err := parallel.Protect(f)
	var pe *parallel.PanicError
	if errors.As(err, &pe) && !strings.HasPrefix(err.Error(), prefix) && !strings.HasPrefix(err.Error(), "crossval") {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	return err
}

// isNilValue reports whether v is nil or holds a nil pointer (a typed nil).
func isNilValue(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}
