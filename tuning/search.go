package tuning

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/folds"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

var (
	_ estimator.ProbaClassifier = (*Search)(nil)
	_ estimator.Transformer     = (*Search)(nil)
	_ estimator.Validator       = (*Search)(nil)
	_ estimator.Unwrapper       = (*Search)(nil)
	_ estimator.StateMarshaler  = (*Search)(nil)
	_ estimator.WeightedFitter  = (*Search)(nil)
)

// Search is scikit-learn's GridSearchCV, RandomizedSearchCV and
// HalvingGridSearchCV/HalvingRandomSearchCV in one type: it cross-validates every
// candidate of Space on the same folds, ranks them by mean test score, and refits the
// best on all the data. The strategy is the Space ([Grid], [Union], [Random],
// [Halving]), as scikit-learn splits _run_search from evaluate_candidates.
//
// Fit validates everything it can before fitting anything: the search's own fields,
// the space, and every candidate applied with estimator.SetParams to a clone of
// Estimator and checked with Validate (the clone and each of its parts), so a typo in
// a path fails within milliseconds:
//
//	tuning.Search: candidate 3 {ridge.Alpah: 1}: estimator: invalid parameter "ridge.Alpah": ...
//
// The folds are computed once, so every candidate sees identical splits. Candidates ×
// folds run on the fold engine shared with crossval (internal/folds) on up to Workers
// goroutines; results are stored by index, so they do not depend on Workers. X is shared read-only by all workers: each job copies only
// its own fold's rows (estimator.Rows), never X as a whole.
//
// A fitted Search is an estimator itself: Predict, PredictProba, Transform and
// Classes delegate to the refitted best estimator, so a Search can be cross-validated
// (nested CV with crossval.CrossValidate), put in a pipeline, and saved with
// estimator.Save.
//
// Space, CV, Scoring and Scorers are configuration that is code, not data: they hold
// functions, distributions and values that cannot be written to a file or set by
// path, so they are tagged `param:"-"` (not hyperparameters for GetParams, SetParams
// and Save; Clone copies them shallowly, which is safe because a Search never
// modifies them). Load a saved Search into a skeleton built by the same code; Load
// checks that its Space and scorers give the saved candidates and names.
type Search struct {
	// Estimator is the prototype; it is never fitted or modified (every fit uses a
	// clone). Required.
	Estimator estimator.Estimator
	// Space lists the candidates and picks the strategy. Required.
	Space Space `param:"-"`
	// CV splits the rows; nil means crossval.StratifiedKFold{K: 5} for classifiers
	// (estimator.IsClassifier) and crossval.KFold{K: 5} otherwise (scikit-learn cv=None).
	// It is tagged `param:"-"` because splitters are values held in an interface,
	// whose fields estimator.SetParams cannot set.
	CV crossval.Splitter `param:"-"`
	// Scoring ranks the candidates; nil means metrics.Accuracy for classifiers and
	// metrics.R2 otherwise (scikit-learn scoring=None). Use Scorers for several.
	Scoring metrics.Scorer `param:"-"`
	// Scorers evaluates several metrics at once (scikit-learn multimetric scoring);
	// set either Scoring or Scorers. Names must be distinct.
	Scorers []metrics.Scorer `param:"-"`
	// Refit names the scorer that ranks candidates and picks the best when Scorers has
	// several; "" means the first one (scikit-learn requires refit=<name>).
	Refit string
	// Workers bounds the (candidate, fold) fits run concurrently; 0 means
	// runtime.GOMAXPROCS(0) (scikit-learn n_jobs=-1). Results do not depend on it. For
	// estimators that parallelize internally (nn), Workers: 1 is often fastest.
	Workers int
	// NoRefit skips refitting the best candidate on all data (scikit-learn
	// refit=False); then Predict and the like return ErrNotFitted.
	NoRefit bool
	// ContinueOnError records a failing (candidate, fold) in Result.Err with NaN
	// scores and goes on (scikit-learn error_score=np.nan). By default the first
	// failure cancels the search (error_score='raise'). Fit still fails when every
	// candidate failed.
	ContinueOnError bool
	// ReturnTrainScore also scores each fold's model on its training rows.
	ReturnTrainScore bool
	// NoCache disables prefix caching (scikit-learn Pipeline(memory=None)). By
	// default, when Estimator is a pipeline (see the package doc's Speed section),
	// candidates that differ only in the final step share, on each fold, one fit of the steps before it and one
	// transform of the fold's rows; only the final step is fitted per candidate. The
	// scores are the same (Fit is deterministic and FitTransform equals Fit then
	// Transform, as estimatortest checks); the transformed folds of one prefix
	// configuration are kept in memory while its candidates run.
	NoCache bool
	// Progress, if set, is called after each finished (candidate, fold) fit. The
	// calls of one Fit are serialized (never concurrent, in completion order) but may
	// come from different goroutines; a slow callback slows the search. Clones share
	// the callback, so clones fitted at the same time (nested cross-validation) may
	// call it concurrently.
	Progress func(ProgressEvent) `param:"-"`
	// Logger, if set, receives a Debug record per fit and an Info record per search.
	Logger *slog.Logger `param:"-"`
	// Executor, if set, runs the (candidate, fold) jobs on another engine (see
	// crossval.Executor; the module github.com/skgo/skgo/distributed/beam runs them on
	// Apache Beam, on one machine or a cluster). Each candidate is sent as a model file
	// (Estimator with the candidate's parameters, written by estimator.Save), the folds
	// as row indices and the scorers by name, so the estimator must be persistable and
	// the scorers named (metrics.ScorerByName). The scores, ranks, best candidate and
	// refit are the local pool's; pipeline prefixes are not shared (NoCache has no
	// effect), Progress is called once the executor returns, and the refit runs here.
	// nil means the local pool.
	Executor crossval.Executor `param:"-"`

	fit *searchFit // nil until Fit succeeds
}

// ProgressEvent describes one finished (candidate, fold) fit; see Search.Progress.
type ProgressEvent struct {
	// Done counts the fits finished so far in this Fit call, Total the fits planned
	// (for Halving, over all iterations).
	Done, Total int
	// Candidate is the index of the candidate in Results order, Fold the fold.
	Candidate, Fold int
	// Iteration is the successive-halving iteration (0 for other spaces).
	Iteration int
	// Params are the candidate's parameters (do not modify).
	Params estimator.Params
	// Score is the test score of the ranking scorer (NaN if the fit failed).
	Score float64
	// Err is the fit's error (only with ContinueOnError; otherwise Fit returns it).
	Err error
	// Elapsed is the time since Fit started.
	Elapsed time.Duration
}

type searchFit struct {
	results   []Result
	names     []string // scorer names, in order
	refit     int      // index into names of the ranking scorer
	best      int
	bestEst   estimator.Estimator // nil with NoRefit
	nSplits   int
	refitTime time.Duration
	halving   *HalvingInfo
}

// String returns the search's settings as estimator.Format prints them (the searched
// estimator included); learned results are not shown.
func (s *Search) String() string { return estimator.Format(s) }

// Validate checks the search's own configuration without data: a nil Estimator or
// Space, the space's own Validate, negative Workers, Scoring together with Scorers,
// duplicate or nil scorers and an unknown Refit name. It returns a
// *estimator.ParamError. Candidates are validated by Fit.
func (s *Search) Validate() error {
	if s.Estimator == nil || isNil(s.Estimator) {
		return &estimator.ParamError{Param: "Estimator", Reason: "is nil"}
	}
	if s.Space == nil || isNil(s.Space) {
		return &estimator.ParamError{Param: "Space", Reason: "is nil"}
	}
	if v, ok := s.Space.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	if s.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: s.Workers, Reason: "must be >= 0 (0 means GOMAXPROCS)"}
	}
	if s.CV != nil && isNil(s.CV) {
		return &estimator.ParamError{Param: "CV", Value: fmt.Sprintf("%T", s.CV), Reason: "is a nil pointer (use a nil interface for the default)"}
	}
	if v, ok := s.CV.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return &estimator.ParamError{Param: "CV", Value: s.CV, Reason: err.Error()}
		}
	}
	_, _, err := s.scorers()
	return err
}

// scorers returns the scorers in use and the index of the ranking one.
func (s *Search) scorers() ([]metrics.Scorer, int, error) {
	if s.Scoring != nil && len(s.Scorers) > 0 {
		return nil, 0, &estimator.ParamError{Param: "Scorers", Reason: "set Scoring or Scorers, not both"}
	}
	var list []metrics.Scorer
	switch {
	case len(s.Scorers) > 0:
		list = slices.Clone(s.Scorers)
	case s.Scorers != nil:
		return nil, 0, &estimator.ParamError{Param: "Scorers", Reason: "is empty (use nil for the default)"}
	case s.Scoring != nil:
		list = []metrics.Scorer{s.Scoring}
	case estimator.IsClassifier(s.Estimator):
		list = []metrics.Scorer{metrics.Accuracy}
	default:
		list = []metrics.Scorer{metrics.R2}
	}
	seen := map[string]bool{}
	for i, sc := range list {
		if sc == nil || isNil(sc) {
			return nil, 0, &estimator.ParamError{Param: fmt.Sprintf("Scorers[%d]", i), Reason: "is nil"}
		}
		if seen[sc.Name()] {
			return nil, 0, &estimator.ParamError{Param: fmt.Sprintf("Scorers[%d]", i), Value: sc.Name(), Reason: "duplicate scorer name"}
		}
		seen[sc.Name()] = true
	}
	refit := 0
	if s.Refit != "" {
		refit = slices.IndexFunc(list, func(sc metrics.Scorer) bool { return sc.Name() == s.Refit })
		if refit < 0 {
			names := make([]string, len(list))
			for i, sc := range list {
				names[i] = sc.Name()
			}
			return nil, 0, &estimator.ParamError{Param: "Refit", Value: s.Refit,
				Reason: "is not the name of a scorer (have " + strings.Join(names, ", ") + ")"}
		}
	}
	return list, refit, nil
}

// MaxFits bounds the (candidate, fold) fits one Search.Fit runs, all halving
// iterations included: 2²⁰. A larger space is rejected before anything is fitted (its
// count is computed without overflow); split such a search, or sample it with Random.
const MaxFits = 1 << 20

// batchSize is the number of candidates drawn from the Space at a time: candidates
// are streamed, so a large space is never held in memory as a whole.
const batchSize = 1024

// Fit searches the space on X and y and, unless NoRefit, refits the best candidate on
// all of X and y. Errors (the receiver keeps its previous fit on error):
//   - a *estimator.ParamError for a bad configuration, space or candidate (naming the
//     candidate index, its parameters and the path), or a space of more than MaxFits
//     fits, before anything is fitted;
//   - errors.ErrUnsupported when a scorer needs probabilities the estimator lacks;
//   - estimator.ErrInvalidData / ErrShape for unusable X or y (or from the folds);
//   - the first fit's error, naming the candidate and fold (unless ContinueOnError,
//     which fails only if every candidate failed);
//   - ctx.Err() (errors.Is(err, context.Canceled)) once ctx is done.
func (s *Search) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return s.protectedFit(ctx, X, y, nil)
}

// FitWeighted is Fit with per-row sample weights w (nil means all ones): every
// (candidate, fold) fit gets its training rows' weights through FitWeighted when the
// estimator is an estimator.WeightedFitter (other estimators are fitted unweighted),
// the scorers get the matching test (and train) weights, and the refit of the best
// candidate uses all the weights. Weights must be finite and >= 0, one per row.
func (s *Search) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	return s.protectedFit(ctx, X, y, w)
}

// protectedFit is fitSearch with a panic in code the search calls on this goroutine
// (a custom Space or sampler, an estimator's Validate or SetParams) returned as a
// *parallel.PanicError error: no panic escapes Fit.
func (s *Search) protectedFit(ctx context.Context, X mat.Matrix, y, w []float64) error {
	err := parallel.Protect(func() error { return s.fitSearch(ctx, X, y, w) })
	var pe *parallel.PanicError
	if errors.As(err, &pe) && !strings.HasPrefix(err.Error(), "tuning.Search") {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	return err
}

func (s *Search) fitSearch(ctx context.Context, X mat.Matrix, y, w []float64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	if err := s.Validate(); err != nil {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	if err := estimator.CheckGraph(s.Estimator); err != nil {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	src, n, err := folds.Source(X)
	if err != nil {
		return fmt.Errorf("tuning.Search: %w", err)
	}
	if y != nil && len(y) != n {
		return fmt.Errorf("tuning.Search: X has %d rows but y has %d values: %w", n, len(y), estimator.ErrShape)
	}
	if err := checkWeights(w, n); err != nil {
		return err
	}
	scorers, refit, _ := s.scorers()
	names := make([]string, len(scorers))
	for i, sc := range scorers {
		names[i] = sc.Name()
	}
	space := s.Space
	var hv *halvingPlan
	if h, ok := asHalving(space); ok {
		space = h.Space
		if hv, err = h.plan(s, n, y); err != nil {
			return fmt.Errorf("tuning.Search: %w", err)
		}
	}
	seq, count := space.Candidates()
	if count <= 0 {
		return fmt.Errorf("tuning.Search: %w", &estimator.ParamError{Param: "Space", Reason: fmt.Sprintf("%T has no candidates", space)})
	}
	if count > MaxFits {
		return fmt.Errorf("tuning.Search: %w", &estimator.ParamError{Param: "Space",
			Reason: fmt.Sprintf("%T has %s candidates, more than MaxFits (%d) fits", space, countString(count), MaxFits)})
	}
	cv := s.CV
	if cv == nil {
		if estimator.IsClassifier(s.Estimator) {
			cv = crossval.StratifiedKFold{K: 5}
		} else {
			cv = crossval.KFold{K: 5}
		}
	}
	fs, err := checkedFolds(cv, n, y)
	if err != nil {
		return err
	}
	if count > MaxFits/len(fs) {
		return fmt.Errorf("tuning.Search: %w", &estimator.ParamError{Param: "Space",
			Reason: fmt.Sprintf("%d candidates × %d folds is more than MaxFits (%d) fits", count, len(fs), MaxFits)})
	}
	extra := estimator.Params{}
	if hv != nil && hv.resource != "" {
		extra[hv.resource] = hv.maxResources
	}
	// Validate every candidate before fitting anything, streaming them.
	got := 0
	for c := range seq {
		if got == count {
			got++
			break
		}
		if got%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if hv != nil && hv.resource != "" {
			if _, ok := c[hv.resource]; ok {
				return fmt.Errorf("tuning.Search: candidate %d %v: %w", got, c, &estimator.ParamError{Param: hv.resource,
					Reason: "is the halving resource and cannot also be searched"})
			}
		}
		if err := s.checkCandidate(c, extra, scorers); err != nil {
			return fmt.Errorf("tuning.Search: candidate %d %v: %w", got, c, err)
		}
		got++
	}
	if got != count {
		yielded := strconv.Itoa(got)
		if got > count {
			yielded = "more"
		}
		return fmt.Errorf("tuning.Search: %T.Candidates reported %d candidates but yielded %s: %w",
			space, count, yielded, estimator.ErrInvalidParam)
	}
	ev := &evaluator{
		s: s, X: src, y: y, w: w, scorers: scorers, names: names, refit: refit,
		workers: s.Workers, start: start, logger: s.Logger,
	}
	if ev.workers <= 0 {
		ev.workers = runtime.GOMAXPROCS(0)
	}
	fit := &searchFit{names: names, refit: refit, nSplits: len(fs)}
	if hv != nil {
		cands, err := collect(space)
		if err != nil {
			return fmt.Errorf("tuning.Search: %w", err)
		}
		if err := hv.run(ctx, ev, cands, fs, n); err != nil {
			return err
		}
		fit.halving = hv.info()
	} else {
		// A second, fresh sequence for the run (the Space contract: the same
		// candidates every time Candidates is called).
		seq, again := space.Candidates()
		if again != count {
			return fmt.Errorf("tuning.Search: %T.Candidates reported %d candidates, then %d: %w", space, count, again, estimator.ErrInvalidParam)
		}
		next, stop := iter.Pull(seq)
		defer stop()
		for base := 0; base < count; {
			batch := make([]estimator.Params, 0, min(batchSize, count-base))
			for len(batch) < cap(batch) {
				c, ok := next()
				if !ok {
					break
				}
				batch = append(batch, c)
			}
			if len(batch) == 0 {
				return fmt.Errorf("tuning.Search: %T.Candidates yielded fewer candidates the second time: %w", space, estimator.ErrInvalidParam)
			}
			idx := make([]int, len(batch))
			for i := range idx {
				idx[i] = base + i
			}
			if _, err := ev.evaluate(ctx, batch, idx, fs, 0, 0); err != nil {
				return err
			}
			base += len(batch)
		}
	}
	fit.results = ev.results
	if err := allFailed(fit.results); err != nil {
		return err
	}
	rankResults(fit.results, names)
	if hv != nil {
		fit.best = bestOfLastIteration(fit.results, names[refit])
	} else {
		fit.best = bestByRank(fit.results, names[refit])
	}
	if !s.NoRefit {
		best := fit.results[fit.best]
		est := estimator.Clone(s.Estimator)
		if err := applyParams(est, best.Params); err != nil {
			return fmt.Errorf("tuning.Search: refit: %w", err)
		}
		t0 := time.Now()
		var err error
		if wf, ok := est.(estimator.WeightedFitter); ok && w != nil {
			err = wf.FitWeighted(ctx, X, y, w)
		} else {
			err = est.Fit(ctx, X, y)
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
				return err
			}
			return fmt.Errorf("tuning.Search: refitting the best candidate %v on all data: %w", best.Params, err)
		}
		fit.refitTime = time.Since(t0)
		fit.bestEst = est
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.fit = fit
	if s.Logger != nil {
		// scikit-learn's ConvergenceWarning: one Warn record per fit that stopped at
		// its iteration limit.
		for _, r := range fit.results {
			for fi, ok := range r.Converged {
				if !ok {
					s.Logger.Warn("tuning: a fit did not converge (raise its iteration limit or tolerance)",
						"candidate", r.Params.String(), "fold", fi+1, "n_iter", r.NIter[fi])
				}
			}
		}
		b := fit.results[fit.best]
		s.Logger.Info("tuning: search finished", "candidates", len(fit.results), "folds", len(fs),
			"best", b.Params.String(), "score", b.MeanScore, "elapsed", time.Since(start))
	}
	return nil
}

// countString prints a candidate count; a saturated count (see Grid) is a lower bound.
func countString(n int) string {
	if n == math.MaxInt {
		return "at least " + strconv.Itoa(math.MaxInt)
	}
	return strconv.Itoa(n)
}

func checkWeights(w []float64, n int) error {
	if w == nil {
		return nil
	}
	if len(w) != n {
		return fmt.Errorf("tuning.Search: %d weights for %d rows: %w", len(w), n, estimator.ErrShape)
	}
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("tuning.Search: weight %d is %v, weights must be finite and >= 0: %w", i, v, estimator.ErrInvalidData)
		}
	}
	return nil
}

func checkedFolds(cv crossval.Splitter, n int, y []float64) ([]crossval.Fold, error) {
	var fs []crossval.Fold
	err := parallel.Protect(func() error {
		var err error
		fs, err = cv.Split(n, y)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tuning.Search: splitting %d rows with %T: %w", n, cv, err)
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("tuning.Search: %T returned no folds: %w", cv, estimator.ErrInvalidParam)
	}
	for i, f := range fs {
		if len(f.Train) == 0 || len(f.Test) == 0 {
			return nil, fmt.Errorf("tuning.Search: fold %d of %T has %d train and %d test rows, both must be non-empty: %w",
				i+1, cv, len(f.Train), len(f.Test), estimator.ErrInvalidParam)
		}
		for _, side := range [][]int{f.Train, f.Test} {
			for _, r := range side {
				if r < 0 || r >= n {
					return nil, fmt.Errorf("tuning.Search: fold %d of %T has row %d out of range [0, %d): %w", i+1, cv, r, n, estimator.ErrInvalidParam)
				}
			}
		}
	}
	return fs, nil
}

// checkCandidate applies c (and extra) to a clone of the prototype and validates it,
// then checks that the scorers can be computed by it.
func (s *Search) checkCandidate(c, extra estimator.Params, scorers []metrics.Scorer) error {
	e := estimator.Clone(s.Estimator)
	if err := applyParams(e, c); err != nil {
		return err
	}
	if len(extra) > 0 {
		if err := applyParams(e, extra); err != nil {
			return err
		}
	}
	if err := validateTree("", e); err != nil {
		return err
	}
	for _, sc := range scorers {
		if err := canScore(sc, e); err != nil {
			return err
		}
	}
	return nil
}

// validateTree calls Validate on e and on every Composite part, prefixing paths.
func validateTree(prefix string, e estimator.Estimator) error {
	if e == nil || isNil(e) {
		return nil
	}
	if v, ok := e.(estimator.Validator); ok {
		if err := v.Validate(); err != nil {
			return prefixErr(prefix, err)
		}
	}
	if c, ok := e.(estimator.Composite); ok {
		for _, p := range c.Parts() {
			if err := validateTree(prefix+p.Name+".", p.Est); err != nil {
				return err
			}
		}
	}
	return nil
}

func prefixErr(prefix string, err error) error {
	if prefix == "" {
		return err
	}
	var pe *estimator.ParamError
	if errors.As(err, &pe) && !strings.HasPrefix(pe.Param, prefix) {
		return &estimator.ParamError{Param: prefix + pe.Param, Value: pe.Value, Reason: pe.Reason}
	}
	return fmt.Errorf("%s: %w", strings.TrimSuffix(prefix, "."), err)
}

// canScore is a best-effort check, before fitting, that scorers needing
// probabilities get an estimator whose final model has PredictProba.
func canScore(sc metrics.Scorer, e estimator.Estimator) error {
	name := sc.Name()
	if name != "neg_log_loss" && !strings.HasPrefix(name, "roc_auc") {
		return nil
	}
	final := e
	for {
		u, ok := final.(estimator.Unwrapper)
		if !ok {
			break
		}
		inner := u.Unwrap()
		if inner == nil || isNil(inner) {
			break
		}
		final = inner
	}
	if estimator.Can(final, estimator.CanPredictProba) {
		return nil
	}
	if _, ok := final.(metrics.DecisionFunctioner); ok && name == "roc_auc" {
		return nil
	}
	return fmt.Errorf("scorer %q needs predicted probabilities, but the final estimator %T has no PredictProba: %w",
		name, final, errors.ErrUnsupported)
}

// allFailed returns an error when no candidate has a finite mean score.
func allFailed(rs []Result) error {
	for _, r := range rs {
		if r.Err == nil {
			return nil
		}
	}
	if len(rs) == 0 {
		return fmt.Errorf("tuning.Search: no candidates were evaluated: %w", estimator.ErrInvalidParam)
	}
	return fmt.Errorf("tuning.Search: all %d candidates failed; the first error: %w", len(rs), rs[0].Err)
}

// evaluator fits and scores candidates on folds through the fold engine
// (internal/folds, shared with crossval); results accumulate in order.
type evaluator struct {
	s       *Search
	X       mat.Matrix
	y, w    []float64
	scorers []metrics.Scorer
	names   []string
	refit   int
	workers int
	start   time.Time
	logger  *slog.Logger

	mu         sync.Mutex // serializes Progress and Logger calls
	done       int
	total      int
	fixedTotal bool // total was set in advance (Halving)
	results    []Result
	ids        identities // estimator values put into prefixes, for cache keys
}

// evaluate cross-validates cands (whose indices into the space are index) on folds
// and appends one Result per candidate. iteration and resources are recorded for
// successive halving. It returns the new results.
func (ev *evaluator) evaluate(ctx context.Context, cands []estimator.Params, index []int,
	fs []crossval.Fold, iteration, resources int) ([]Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nc, nf := len(cands), len(fs)
	protos := make([]estimator.Estimator, nc)
	for i, c := range cands {
		protos[i] = estimator.Clone(ev.s.Estimator)
		if err := applyParams(protos[i], c); err != nil { // validated before; cannot fail
			return nil, fmt.Errorf("tuning.Search: candidate %d %v: %w", index[i], c, err)
		}
	}
	ev.mu.Lock()
	if !ev.fixedTotal {
		ev.total += nc * nf
	}
	ev.mu.Unlock()
	run := ev.runLocal
	if ev.s.Executor != nil && !isNil(ev.s.Executor) {
		run = ev.execute
	}
	out, err := run(ctx, cands, index, protos, fs, iteration)
	if err != nil {
		return nil, err
	}
	res := make([]Result, nc)
	for ci := range nc {
		r := Result{
			Params:     cands[ci],
			Index:      index[ci],
			Iteration:  iteration,
			Resources:  resources,
			TestScores: make(map[string][]float64, len(ev.names)),
			refit:      ev.names[ev.refit],
		}
		if ev.s.ReturnTrainScore {
			r.TrainScores = make(map[string][]float64, len(ev.names))
		}
		for k, name := range ev.names {
			test := make([]float64, nf)
			var train []float64
			if r.TrainScores != nil {
				train = make([]float64, nf)
			}
			for fi := range nf {
				o := out[ci*nf+fi]
				if o.Err != nil {
					test[fi] = math.NaN()
					if train != nil {
						train[fi] = math.NaN()
					}
					continue
				}
				test[fi] = o.Test[k]
				if train != nil {
					train[fi] = o.Train[k]
				}
			}
			r.TestScores[name] = test
			if train != nil {
				r.TrainScores[name] = train
			}
		}
		fitT := make([]float64, nf)
		scoreT := make([]float64, nf)
		for fi := range nf {
			o := out[ci*nf+fi]
			if o.Err != nil && r.Err == nil {
				r.Err = o.Err
			}
			fitT[fi] = o.FitTime.Seconds()
			scoreT[fi] = o.ScoreTime.Seconds()
			if o.Iterative {
				if r.NIter == nil {
					r.NIter, r.Converged = make([]int, nf), make([]bool, nf)
				}
				r.NIter[fi], r.Converged[fi] = o.NIter, o.Converged
			}
		}
		r.FitTime, r.FitTimeStd = seconds(mean(fitT)), seconds(std(fitT))
		r.ScoreTime, r.ScoreTimeStd = seconds(mean(scoreT)), seconds(std(scoreT))
		r.MeanScore, r.StdScore = r.Mean(r.refit), r.Std(r.refit)
		res[ci] = r
	}
	ev.results = append(ev.results, res...)
	return res, nil
}

// runLocal runs the candidates × folds jobs of one evaluate call on the local pool
// (internal/folds), sharing fitted pipeline prefixes (cache.go) unless NoCache, and
// returns their outcomes indexed ci*nf+fi.
func (ev *evaluator) runLocal(ctx context.Context, cands []estimator.Params, index []int, protos []estimator.Estimator,
	fs []crossval.Fold, iteration int) ([]folds.Out, error) {
	nc, nf := len(cands), len(fs)
	// Chains (pipelines) share fitted prefixes across candidates (see cache.go).
	// Candidates with the same prefix are dispatched together so cache entries are
	// short-lived.
	plans := make([]*pipePlan, nc)
	cache := newPrefixCache()
	order := make([]int, 0, nc)
	if !ev.s.NoCache {
		groups := map[string][]int{}
		var keys []string
		for ci := range nc {
			plans[ci] = planPipeline(protos[ci], cands[ci], &ev.ids)
			if plans[ci] != nil && ev.w != nil {
				if _, ok := plans[ci].final.(estimator.WeightedFitter); !ok {
					plans[ci] = nil // let the pipeline itself report the missing FitWeighted
				}
			}
			if plans[ci] == nil {
				order = append(order, ci)
				continue
			}
			if _, ok := groups[plans[ci].key]; !ok {
				keys = append(keys, plans[ci].key)
			}
			groups[plans[ci].key] = append(groups[plans[ci].key], ci)
			for fi := range nf {
				cache.reserve(fi, plans[ci].key)
			}
		}
		for _, k := range keys {
			order = append(order, groups[k]...)
		}
	} else {
		for ci := range nc {
			order = append(order, ci)
		}
	}
	// Job k runs candidate order[k/nf] on fold k%nf; its result is stored at
	// ci*nf+fi, so results do not depend on the dispatch order or on Workers.
	cfg := &folds.Config{
		X: ev.X, Y: ev.y, W: ev.w,
		Scorers:         ev.scorers,
		TrainScore:      ev.s.ReturnTrainScore,
		Workers:         ev.workers,
		ContinueOnError: ev.s.ContinueOnError,
		Prefix:          "tuning.Search",
		Label: func(k int) string {
			ci := order[k/nf]
			return fmt.Sprintf("candidate %d %v, fold %d", index[ci], cands[ci], k%nf+1)
		},
		Job: func(k int) (folds.Job, error) {
			ci, fi := order[k/nf], k%nf
			f := fs[fi]
			plan := plans[ci]
			if plan == nil {
				return folds.Job{Est: estimator.Clone(protos[ci]), Train: f.Train, Test: f.Test}, nil
			}
			entry := cache.take(fi, plan.key)
			return folds.Job{
				Est: estimator.Clone(plan.final), Train: f.Train, Test: f.Test,
				Data: func(ctx context.Context) (mat.Matrix, mat.Matrix, error) {
					entry.fit(ctx, plan, ev.X, ev.y, f)
					return entry.xtr, entry.xte, entry.err
				},
				Fit: func(ctx context.Context, final estimator.Estimator, _ mat.Matrix, ytr, wtr []float64) error {
					if err := entry.fitFinal(ctx, final, ytr, wtr); err != nil {
						return fmt.Errorf("pipeline: step %q (%T): %w", plan.finalName, final, err)
					}
					return nil
				},
			}, nil
		},
	}
	cfg.Done = func(k int, o *folds.Out) {
		ci := order[k/nf]
		ev.report(o, index[ci], k%nf, iteration, cands[ci])
	}
	outs, err := folds.Run(ctx, cfg, nc*nf)
	if err != nil {
		return nil, err
	}
	out := make([]folds.Out, nc*nf)
	for k, o := range outs {
		out[order[k/nf]*nf+k%nf] = o
	}
	return out, nil
}

func (ev *evaluator) report(o *folds.Out, cand, fold, iteration int, params estimator.Params) {
	if ev.s.Progress == nil && ev.logger == nil {
		return
	}
	score := math.NaN()
	if o.Err == nil {
		score = o.Test[ev.refit]
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	ev.done++
	if ev.logger != nil {
		ev.logger.Debug("tuning: fit", "candidate", cand, "fold", fold, "iteration", iteration,
			"params", params.String(), "score", score, "fit_time", o.FitTime, "err", o.Err)
	}
	if ev.s.Progress != nil {
		ev.s.Progress(ProgressEvent{Done: ev.done, Total: ev.total, Candidate: cand, Fold: fold,
			Iteration: iteration, Params: params, Score: score, Err: o.Err, Elapsed: time.Since(ev.start)})
	}
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// mean is stat.Mean, and NaN for no values.
func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return stat.Mean(v, nil)
}

// std is the population standard deviation (numpy ddof=0, as scikit-learn's
// std_test_score), and NaN for no values.
func std(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return stat.PopStdDev(v, nil)
}

// Results returns one Result per evaluated candidate, in evaluation order (the
// Space's order; for Halving, iteration by iteration), with ranks filled in (scikit-
// learn cv_results_). It returns nil before Fit.
func (s *Search) Results() []Result {
	if s.fit == nil {
		return nil
	}
	out := make([]Result, len(s.fit.results))
	for i, r := range s.fit.results {
		out[i] = r.clone()
	}
	return out
}

// Best returns the best candidate's Result (scikit-learn best_params_, best_score_,
// best_index_), or the zero Result before Fit. For Halving it is the best of the last
// iteration, as in scikit-learn.
func (s *Search) Best() Result {
	if s.fit == nil {
		return Result{}
	}
	return s.fit.results[s.fit.best].clone()
}

// BestIndex returns the index of the best candidate in Results (scikit-learn
// best_index_), or -1 before Fit.
func (s *Search) BestIndex() int {
	if s.fit == nil {
		return -1
	}
	return s.fit.best
}

// BestParams returns the best candidate's parameters (scikit-learn best_params_), or
// nil before Fit.
func (s *Search) BestParams() estimator.Params {
	if s.fit == nil {
		return nil
	}
	return maps.Clone(s.fit.results[s.fit.best].Params)
}

// BestScore returns the best candidate's mean test score of the ranking scorer
// (scikit-learn best_score_), or NaN before Fit.
func (s *Search) BestScore() float64 {
	if s.fit == nil {
		return math.NaN()
	}
	return s.fit.results[s.fit.best].MeanScore
}

// BestEstimator returns the best candidate refitted on all data (scikit-learn
// best_estimator_), or nil before Fit or with NoRefit. It is the search's own model:
// do not fit or modify it.
func (s *Search) BestEstimator() estimator.Estimator {
	if s.fit == nil {
		return nil
	}
	return s.fit.bestEst
}

// RefitTime returns the time taken to refit the best candidate (scikit-learn
// refit_time_).
func (s *Search) RefitTime() time.Duration {
	if s.fit == nil {
		return 0
	}
	return s.fit.refitTime
}

// NSplits returns the number of CV folds (scikit-learn n_splits_), or 0 before Fit.
func (s *Search) NSplits() int {
	if s.fit == nil {
		return 0
	}
	return s.fit.nSplits
}

// Halving returns the successive-halving schedule of the last Fit (scikit-learn
// n_resources_, n_candidates_, ...), or nil when the Space was not a [Halving].
func (s *Search) Halving() *HalvingInfo {
	if s.fit == nil || s.fit.halving == nil {
		return nil
	}
	h := *s.fit.halving
	h.NResources = slices.Clone(h.NResources)
	h.NCandidates = slices.Clone(h.NCandidates)
	return &h
}

// Unwrap returns the refitted best estimator once fitted, and the prototype Estimator
// otherwise, so estimator.IsClassifier looks through a Search.
func (s *Search) Unwrap() estimator.Estimator {
	if s.fit != nil && s.fit.bestEst != nil {
		return s.fit.bestEst
	}
	return s.Estimator
}

func (s *Search) refitted() (estimator.Estimator, error) {
	if s.fit == nil {
		return nil, fmt.Errorf("tuning.Search: %w", estimator.ErrNotFitted)
	}
	if s.fit.bestEst == nil {
		return nil, fmt.Errorf("tuning.Search: NoRefit is set, there is no refitted best estimator: %w", estimator.ErrNotFitted)
	}
	return s.fit.bestEst, nil
}

// Predict predicts with the refitted best estimator. It returns ErrNotFitted before
// Fit or with NoRefit, and an error wrapping errors.ErrUnsupported when the best
// estimator is not an estimator.Predictor.
func (s *Search) Predict(X mat.Matrix) ([]float64, error) {
	e, err := s.refitted()
	if err != nil {
		return nil, err
	}
	p, ok := e.(estimator.Predictor)
	if !ok {
		return nil, fmt.Errorf("tuning.Search: best estimator %T has no Predict: %w", e, errors.ErrUnsupported)
	}
	out, err := p.Predict(X)
	if err != nil {
		return nil, fmt.Errorf("tuning.Search: %w", err)
	}
	return out, nil
}

// PredictProba returns the refitted best estimator's class probabilities. It returns
// ErrNotFitted before Fit or with NoRefit, and an error wrapping
// errors.ErrUnsupported when the best estimator has no PredictProba.
func (s *Search) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	e, err := s.refitted()
	if err != nil {
		return nil, err
	}
	p, ok := e.(estimator.ProbaClassifier)
	if !ok {
		return nil, fmt.Errorf("tuning.Search: best estimator %T has no PredictProba: %w", e, errors.ErrUnsupported)
	}
	out, err := p.PredictProba(X)
	if err != nil {
		return nil, fmt.Errorf("tuning.Search: %w", err)
	}
	return out, nil
}

// Transform transforms X with the refitted best estimator. It returns ErrNotFitted
// before Fit or with NoRefit, and an error wrapping errors.ErrUnsupported when the
// best estimator is not an estimator.Transformer.
func (s *Search) Transform(X mat.Matrix) (*mat.Dense, error) {
	e, err := s.refitted()
	if err != nil {
		return nil, err
	}
	t, ok := e.(estimator.Transformer)
	if !ok {
		return nil, fmt.Errorf("tuning.Search: best estimator %T has no Transform: %w", e, errors.ErrUnsupported)
	}
	out, err := t.Transform(X)
	if err != nil {
		return nil, fmt.Errorf("tuning.Search: %w", err)
	}
	return out, nil
}

// Classes returns the refitted best estimator's classes, or nil before Fit, with
// NoRefit, or when it is not a classifier.
func (s *Search) Classes() []float64 {
	if s.fit == nil || s.fit.bestEst == nil {
		return nil
	}
	if c, ok := s.fit.bestEst.(estimator.Classifier); ok {
		return c.Classes()
	}
	return nil
}
