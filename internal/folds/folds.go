// Package folds is the one fold engine of skgo: it fits estimators on the training
// rows of folds and scores them on the test rows. crossval (CrossValidate, Score,
// LearningCurve, ValidationCurve, CrossValPredict) and tuning.Search both run their
// (candidate ×) fold jobs through Run, so cloning, sample weights, scoring, timing,
// iteration counts, error handling and parallelism behave the same everywhere.
//
// What Run does for every job:
//
//   - It takes the fold's rows of X (estimator.Rows, so a RowSelector such as
//     preprocess.Frame keeps its kind), of y and of the weights, unless the job brings
//     its own matrices (Job.Data: tuning's prefix cache).
//   - It fits the job's estimator: FitWeighted with the training weights when there
//     are weights and the estimator is an estimator.WeightedFitter, Fit otherwise, or
//     the job's own Fit (tuning's fastpath.Preparer shortcut).
//   - It scores the fitted model with every scorer on the test rows (and on the
//     training rows with Config.TrainScore), passing the matching weights. Several
//     scorers of a regressor share one prediction (scikit-learn's multimetric scoring).
//   - It records fit and score times and, for an estimator.Iterative (or one that
//     unwraps to one, such as a pipeline ending in an iterative model), NIter and
//     Converged.
//
// Jobs are created lazily (Config.Job is called under a lock just before each job
// runs, so clones are made one at a time and only the running jobs' clones exist), and
// results are written by index: the output does not depend on Workers.
//
// Tiny problems do not pay for goroutines: Run starts fitting jobs on the caller's
// goroutine at once and asks for the other Workers-1 workers (internal/parallel,
// panics returned as errors) through a timer callback, which it cancels if it has
// taken every job before the callback ran. A run never waits for a goroutine that has
// no job to start.
//
// When Config.Keep is false, the fold copies of a *mat.Dense X and the fold selections
// of y and the weights are recycled through pools (most of a cross-validation's
// allocations; fresh memory costs page faults) and the fitted estimators are dropped.
package folds

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

// Job is one fit-and-score task.
type Job struct {
	// Est is the unfitted estimator to fit (a fresh clone: Run fits it in place).
	Est estimator.Estimator
	// Train and Test are row indices into X, y and the weights.
	Train, Test []int
	// Data, if set, returns the fold's training and test matrices (read-only) in place
	// of the rows of X; y and the weights are still selected by Train and Test.
	Data func(ctx context.Context) (xtr, xte mat.Matrix, err error)
	// Fit, if set, fits Est in place of Fit/FitWeighted.
	Fit func(ctx context.Context, est estimator.Estimator, xtr mat.Matrix, ytr, wtr []float64) error
}

// Config describes a run.
type Config struct {
	// X, Y and W (nil for unit weights) are the data the jobs' indices refer to. X must
	// have been checked (estimator.Dims) and, unless it is a RowSelector, be a
	// *mat.Dense or safe to read with At.
	X    mat.Matrix
	Y, W []float64
	// Scorers score every fitted job (none is allowed: the job is only fitted).
	Scorers []metrics.Scorer
	// TrainScore also scores the model on its training rows.
	TrainScore bool
	// Keep returns the fitted estimators in Out.Est; otherwise the fold copies of a
	// *mat.Dense X are recycled and the estimators dropped.
	Keep bool
	// Workers bounds the goroutines; 0 means GOMAXPROCS.
	Workers int
	// ContinueOnError records a failing job's error in Out.Err instead of cancelling
	// the run (a cancelled ctx still stops it).
	ContinueOnError bool
	// Job returns job i. Run calls it once per job, under a lock (one call at a time),
	// just before the job runs, so it may clone a shared prototype. Jobs start in
	// about increasing order (workers take indices from a counter). An error stops the
	// run.
	Job func(i int) (Job, error)
	// Label names job i in errors ("fold 3", "candidate 2 {Alpha: 1}, fold 0").
	Label func(i int) string
	// Use, if set, is called on the worker after job i is fitted (and scored), with the
	// fitted estimator and the fold's test matrix (valid only during the call).
	Use func(i int, est estimator.Estimator, xte mat.Matrix) error
	// Done, if set, is called after job i finished (successfully, or failed with
	// ContinueOnError); calls are serialized.
	Done func(i int, o *Out)
	// Prefix starts every error message ("crossval", "tuning.Search").
	Prefix string
}

// Out is the outcome of one job.
type Out struct {
	// Test and Train hold one score per scorer (Train nil without TrainScore).
	Test, Train []float64
	// FitTime and ScoreTime are the time spent fitting, and scoring on the test rows.
	FitTime, ScoreTime time.Duration
	// Est is the fitted estimator (with Config.Keep).
	Est estimator.Estimator
	// Iterative reports whether the fitted estimator is an estimator.Iterative; NIter
	// and Converged are then its values.
	Iterative bool
	NIter     int
	Converged bool
	// Err is the job's error with ContinueOnError (labelled, without the prefix).
	Err error
}

// Run runs n jobs and returns their outcomes, indexed like the jobs. The first failure
// (a job's error, labelled "<prefix>: <label>: ...", or a panic as a
// *parallel.PanicError) cancels the rest unless ContinueOnError; a cancelled ctx is
// returned as "<prefix>: <ctx.Err()>" (errors.Is context.Canceled holds).
func Run(ctx context.Context, cfg *Config, n int) ([]Out, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Prefix, err)
	}
	out := make([]Out, n)
	var mu sync.Mutex // serializes cfg.Job and cfg.Done
	task := func(ctx context.Context, i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		mu.Lock()
		job, err := cfg.Job(i)
		mu.Unlock()
		if err != nil {
			return fmt.Errorf("%s: %s: %w", cfg.Prefix, cfg.Label(i), err)
		}
		o, err := cfg.run(ctx, i, job)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr // cancelled: not this job's fault
			}
			if !cfg.ContinueOnError {
				return fmt.Errorf("%s: %s: %w", cfg.Prefix, cfg.Label(i), err)
			}
			o = Out{Err: fmt.Errorf("%s: %w", cfg.Label(i), err)}
		}
		out[i] = o
		if cfg.Done != nil {
			mu.Lock()
			cfg.Done(i, &out[i])
			mu.Unlock()
		}
		return nil
	}
	// The caller's goroutine starts on the jobs at once; the other workers are asked
	// for through parallel.RunAssisted, so a cross-validation of microsecond folds
	// starts no goroutine and never waits for one to be scheduled.
	parent := ctx
	err := parallel.RunAssisted(ctx, n, cfg.Workers, task)
	if err == nil {
		// Cancelled before every job ran, or after the last job started: the results
		// may be complete, but the caller asked to stop.
		err = parent.Err()
	}
	if err != nil {
		var pe *parallel.PanicError
		switch {
		case errors.As(err, &pe):
			if !isPrefixed(err, cfg.Prefix) {
				err = fmt.Errorf("%s: %w", cfg.Prefix, err)
			}
		case parent.Err() != nil:
			err = fmt.Errorf("%s: %w", cfg.Prefix, parent.Err())
		}
		return nil, err
	}
	return out, nil
}

func isPrefixed(err error, prefix string) bool {
	s := err.Error()
	return len(s) > len(prefix) && s[:len(prefix)] == prefix && s[len(prefix)] == ':'
}

// run fits and scores one job.
func (cfg *Config) run(ctx context.Context, i int, job Job) (o Out, err error) {
	est := job.Est
	if est == nil {
		return o, fmt.Errorf("the estimator is nil: %w", estimator.ErrInvalidParam)
	}
	start := time.Now()
	recycle := !cfg.Keep
	var xtr, xte mat.Matrix
	var pooled [2]*mat.Dense // fold copies to hand back to rowsPool
	defer func() {
		for _, d := range pooled {
			if d != nil {
				rowsPool.Put(d)
			}
		}
	}()
	if job.Data != nil {
		if xtr, xte, err = job.Data(ctx); err != nil {
			return o, err
		}
	} else {
		xtr, pooled[0] = takeRows(cfg.X, job.Train, recycle)
	}
	var vecs [4]*[]float64 // pooled selections of y and w, handed back at the end
	defer func() {
		for _, v := range vecs {
			if v != nil {
				vecPool.Put(v)
			}
		}
	}()
	sel := func(slot int, v []float64, idx []int) []float64 {
		if v == nil {
			return nil
		}
		if !recycle || job.Fit != nil {
			// A job's own Fit may keep y beyond the job (tuning's shared Preparer
			// statistics): give it memory of its own.
			return estimator.Select(v, idx)
		}
		p, _ := vecPool.Get().(*[]float64)
		if p == nil {
			p = new([]float64)
		}
		out := slices.Grow((*p)[:0], len(idx))[:len(idx)]
		for i, j := range idx {
			out[i] = v[j]
		}
		*p = out
		vecs[slot] = p
		return out
	}
	ytr, wtr := sel(0, cfg.Y, job.Train), sel(1, cfg.W, job.Train)
	switch {
	case job.Fit != nil:
		err = job.Fit(ctx, est, xtr, ytr, wtr)
	case wtr != nil:
		if wf, ok := est.(estimator.WeightedFitter); ok {
			err = wf.FitWeighted(ctx, xtr, ytr, wtr)
		} else {
			err = est.Fit(ctx, xtr, ytr)
		}
	default:
		err = est.Fit(ctx, xtr, ytr)
	}
	if err != nil {
		return o, err
	}
	o.FitTime = time.Since(start)
	if it, ok := iterative(est); ok {
		o.Iterative, o.NIter, o.Converged = true, it.NIter(), it.Converged()
	}
	if err := ctx.Err(); err != nil {
		return o, err
	}
	if len(cfg.Scorers) > 0 || cfg.Use != nil {
		start = time.Now()
		if xte == nil {
			xte, pooled[1] = takeRows(cfg.X, job.Test, recycle)
		}
	}
	if len(cfg.Scorers) > 0 {
		if o.Test, err = Score(est, xte, sel(2, cfg.Y, job.Test), sel(3, cfg.W, job.Test), cfg.Scorers); err != nil {
			return o, err
		}
		o.ScoreTime = time.Since(start)
		if cfg.TrainScore {
			if o.Train, err = Score(est, xtr, ytr, wtr, cfg.Scorers); err != nil {
				return o, fmt.Errorf("train score: %w", err)
			}
		}
	}
	if cfg.Use != nil {
		if err := cfg.Use(i, est, xte); err != nil {
			return o, err
		}
	}
	if cfg.Keep {
		o.Est = est
	}
	return o, nil
}

// iterative returns e, or the model it unwraps to (a pipeline's final step), when it
// is an estimator.Iterative.
func iterative(e estimator.Estimator) (estimator.Iterative, bool) {
	for range estimator.MaxDepth {
		if it, ok := e.(estimator.Iterative); ok {
			return it, true
		}
		u, ok := e.(estimator.Unwrapper)
		if !ok {
			return nil, false
		}
		if e = u.Unwrap(); e == nil {
			return nil, false
		}
	}
	return nil, false
}

// Score scores est on X against y (and w) with every scorer, sharing one prediction
// between the scorers of a regressor.
func Score(est estimator.Estimator, X mat.Matrix, y, w []float64, scorers []metrics.Scorer) ([]float64, error) {
	out := make([]float64, len(scorers))
	if p, ok := est.(estimator.Predictor); ok && len(scorers) > 1 && !estimator.IsClassifier(est) {
		// Several scorers of a regressor: predict once, as scikit-learn's multimetric
		// scoring does. The wrapper has only Fit and Predict, which is all that
		// regression scorers use.
		est = &predictOnce{Predictor: p, X: X}
	}
	for i, s := range scorers {
		v, err := s.Score(est, X, y, w)
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
	done bool
	pred []float64
	err  error
}

func (p *predictOnce) Predict(X mat.Matrix) ([]float64, error) {
	if X != p.X {
		return p.Predictor.Predict(X)
	}
	if !p.done { // scorers run one after the other on one goroutine
		p.pred, p.err = p.Predictor.Predict(X)
		p.done = true
	}
	return p.pred, p.err
}

// rowsPool recycles the fold copies of a *mat.Dense X (see takeRows), and vecPool
// the fold selections of y and the weights, when the fitted estimators are not kept.
var rowsPool, vecPool sync.Pool

// takeRows returns the rows idx of X. With recycle set and X a *mat.Dense, the copy
// goes into a matrix from rowsPool, also returned, which the caller hands back to the
// pool when nothing uses the copy (or an estimator fitted on it) any more. Otherwise it
// is estimator.Rows and the second result is nil.
func takeRows(X mat.Matrix, idx []int, recycle bool) (mat.Matrix, *mat.Dense) {
	d, ok := X.(*mat.Dense)
	if !recycle || !ok || len(idx) == 0 {
		return estimator.Rows(X, idx), nil
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
	return buf, buf
}

// Source returns a matrix that jobs can take rows from safely: X itself when it is a
// *mat.Dense or an estimator.RowSelector, and otherwise a *mat.Dense copy made once
// (bounded by estimator.MaxCopyElements; a matrix whose At panics is an error wrapping
// estimator.ErrInvalidData). NaN and Inf are kept: imputing pipelines need them.
func Source(X mat.Matrix) (mat.Matrix, int, error) {
	r, c, err := estimator.Dims(X)
	if err != nil {
		return nil, 0, err
	}
	if d, ok := X.(*mat.Dense); ok {
		if d.IsEmpty() {
			return nil, 0, fmt.Errorf("X is empty: %w", estimator.ErrInvalidData)
		}
		return d, r, nil
	}
	if r == 0 || c == 0 {
		return nil, 0, fmt.Errorf("X is empty (%d×%d): %w", r, c, estimator.ErrInvalidData)
	}
	if _, ok := X.(estimator.RowSelector); ok {
		return X, r, nil
	}
	if r > estimator.MaxCopyElements/c {
		return nil, 0, fmt.Errorf("X (%T) is %d×%d, too large to copy (at most %d values; pass a *mat.Dense): %w",
			X, r, c, estimator.MaxCopyElements, estimator.ErrInvalidData)
	}
	var d *mat.Dense
	if err := parallel.Protect(func() error { d = mat.DenseCopyOf(X); return nil }); err != nil {
		var pe *parallel.PanicError
		errors.As(err, &pe)
		return nil, 0, fmt.Errorf("X (%T) is unusable: reading it panicked: %v: %w", X, pe.Value, estimator.ErrInvalidData)
	}
	return d, r, nil
}
