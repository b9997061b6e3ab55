package crossval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/folds"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/metrics"
)

// Executor runs the independent fit-and-score jobs of a cross-validation or of a
// tuning.Search on some engine. It is the seam between skgo and a distributed engine
// (the module github.com/skgo/skgo/distributed/beam runs a Batch on Apache Beam): the
// jobs are data (model files, fold indices and scorer names), and so are the outcomes.
//
// Scorers travel by name: a worker resolves each one with metrics.ScorerByName, so a
// custom scorer (metrics.NewScorer) cannot be sent (its name is unknown; a custom
// scorer must not reuse a registered name, whose scorer the worker would use).
//
// A nil Executor, the default of Options.Executor and tuning.Search.Executor, means the
// local pool: jobs run in this process without any serialization, as they always did.
//
// Execute returns one Outcome per job of b, indexed like b.Jobs, or an error for a
// failure of the engine itself (or ctx's error once ctx is done). A job's own failure
// (a fit that errors or panics, a model that does not load) is that job's Outcome.Err,
// never an error of Execute: the caller applies ContinueOnError. An executor must not
// lose a job: a missing outcome is an error.
type Executor interface {
	Execute(ctx context.Context, b *Batch) ([]Outcome, error)
}

// Batch is a set of fit-and-score jobs on one data set: every job fits one of Models on
// the training rows of one of Folds and scores it on the test rows with Scorers. The
// data are X, Y and W; everything else is plain data that can be sent to another
// process ([Batch.Task]).
type Batch struct {
	// Prefix starts error messages ("crossval", "tuning.Search").
	Prefix string
	// X, Y and W (nil for unit weights) are the data the folds index. They are shared
	// read-only; an executor that ships them elsewhere copies them.
	X    mat.Matrix
	Y, W []float64
	// Prototype is the estimator the models were made from (with other
	// hyperparameters). A model file is loaded into a clone of a skeleton of the same
	// structure (estimator.Load); in-process executors use Prototype, remote workers
	// build their own skeleton with the same code.
	Prototype estimator.Estimator
	// Models are the unfitted estimators, one per candidate.
	Models []Model
	// Folds are the train/test splits.
	Folds []Fold
	// Jobs pairs a model with a fold.
	Jobs []Job
	// Scorers are scorer names for metrics.ScorerByName, in order.
	Scorers []string
	// TrainScore also scores each model on its training rows.
	TrainScore bool
	// Keep asks for the fitted models back (Outcome.Fitted).
	Keep bool
	// ContinueOnError is the caller's policy, for information: the caller applies it
	// to the outcomes. An executor may use it to stop early when it is false and a job
	// failed.
	ContinueOnError bool
	// Workers is the caller's parallelism setting (0 means GOMAXPROCS), a hint.
	Workers int
}

// Model is one estimator to cross-validate, as data.
type Model struct {
	// File is the unfitted estimator, with the candidate's hyperparameters set,
	// written by estimator.Save.
	File []byte
	// Params are the candidate's parameters (already in File), for labels.
	Params estimator.Params
}

// Job is one (model, fold) pair of a Batch.
type Job struct {
	// Model and Fold index Batch.Models and Batch.Folds.
	Model, Fold int
	// Label names the job in errors ("candidate 3 {ridge.Alpha: 1}, fold 2").
	Label string
}

// Outcome is the result of one job, as data.
type Outcome struct {
	// Test and Train hold one score per scorer (Train nil without Batch.TrainScore).
	Test, Train []float64
	// FitTime and ScoreTime are the time spent fitting, and scoring on the test rows.
	FitTime, ScoreTime time.Duration
	// Iterative reports whether the fitted model is an estimator.Iterative; NIter and
	// Converged are then its values.
	Iterative bool
	NIter     int
	Converged bool
	// Fitted is the fitted model written by estimator.Save (with Batch.Keep).
	Fitted []byte
	// Err is the job's error, unlabelled, or nil. An error that crossed a process
	// boundary is a *JobError.
	Err error
}

// Task is one job with everything a worker needs besides the data: the model file,
// the fold's rows and the scorer names. It is plain data (encode it with
// encoding/gob or JSON).
type Task struct {
	Model       []byte
	Train, Test []int
	Scorers     []string
	TrainScore  bool
	Keep        bool
}

// Task returns job j of b as a self-contained Task.
func (b *Batch) Task(j int) Task {
	job := b.Jobs[j]
	f := b.Folds[job.Fold]
	return Task{Model: b.Models[job.Model].File, Train: f.Train, Test: f.Test,
		Scorers: b.Scorers, TrainScore: b.TrainScore, Keep: b.Keep}
}

// Check reports a malformed batch (indices out of range, no scorers, no prototype) as
// an error wrapping estimator.ErrInvalidParam. Executors call it before running.
func (b *Batch) Check() error {
	if b == nil {
		return fmt.Errorf("crossval: nil batch: %w", estimator.ErrInvalidParam)
	}
	if b.Prototype == nil || isNilValue(b.Prototype) {
		return fmt.Errorf("%s: batch has no prototype: %w", b.Prefix, estimator.ErrInvalidParam)
	}
	if _, err := ScorersByName(b.Scorers); err != nil {
		return fmt.Errorf("%s: %w", b.Prefix, err)
	}
	for i, j := range b.Jobs {
		if j.Model < 0 || j.Model >= len(b.Models) || j.Fold < 0 || j.Fold >= len(b.Folds) {
			return fmt.Errorf("%s: job %d names model %d of %d and fold %d of %d: %w",
				b.Prefix, i+1, j.Model+1, len(b.Models), j.Fold+1, len(b.Folds), estimator.ErrInvalidParam)
		}
	}
	return nil
}

// ScorersByName resolves scorer names with metrics.ScorerByName. An empty list or an
// unknown name is an error wrapping estimator.ErrInvalidParam.
func ScorersByName(names []string) ([]metrics.Scorer, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no scorers: %w", estimator.ErrInvalidParam)
	}
	out := make([]metrics.Scorer, len(names))
	for i, n := range names {
		s, err := metrics.ScorerByName(n)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// scorerNames returns the names of scorers for a Batch, checking that each one is the
// scorer metrics.ScorerByName returns for its name (same name and type): a remote
// worker only has the name.
func scorerNames(scorers []metrics.Scorer) ([]string, error) {
	names := make([]string, len(scorers))
	for i, s := range scorers {
		names[i] = s.Name()
		byName, err := metrics.ScorerByName(s.Name())
		if err != nil {
			return nil, fmt.Errorf("scorer %q cannot be sent to an executor (scorers travel by name): %w", s.Name(), err)
		}
		if reflect.TypeOf(byName) != reflect.TypeOf(s) {
			return nil, fmt.Errorf("scorer %q is a %T, but the scorer of that name is a %T (scorers travel by name): %w",
				s.Name(), s, byName, estimator.ErrInvalidParam)
		}
	}
	return names, nil
}

// Run runs the task on this process: it loads the model into a clone of skeleton
// with estimator.Load (the hardened loader: a bad model file is an error, never a
// crash), checks the fold indices against the data, and fits and scores it on X, y
// and w exactly as the local pool does (internal/folds). It never panics: a panic in
// the estimator is the Outcome's error, a *parallel.PanicError.
func (t *Task) Run(ctx context.Context, skeleton estimator.Estimator, X mat.Matrix, y, w []float64) (o Outcome) {
	err := parallel.Protect(func() error {
		var err error
		o, err = t.run(ctx, skeleton, X, y, w)
		return err
	})
	if err != nil {
		o = Outcome{Err: err}
	}
	return o
}

func (t *Task) run(ctx context.Context, skeleton estimator.Estimator, X mat.Matrix, y, w []float64) (Outcome, error) {
	if skeleton == nil || isNilValue(skeleton) {
		return Outcome{}, fmt.Errorf("no skeleton to load the model into: %w", estimator.ErrInvalidParam)
	}
	src, n, err := folds.Source(X)
	if err != nil {
		return Outcome{}, err
	}
	if y != nil && len(y) != n {
		return Outcome{}, fmt.Errorf("X has %d rows but y has %d values: %w", n, len(y), estimator.ErrShape)
	}
	if w != nil && len(w) != n {
		return Outcome{}, fmt.Errorf("%d weights for %d rows: %w", len(w), n, estimator.ErrShape)
	}
	for _, side := range [][]int{t.Train, t.Test} {
		if len(side) == 0 {
			return Outcome{}, fmt.Errorf("the fold has %d train and %d test rows, both must be non-empty: %w",
				len(t.Train), len(t.Test), estimator.ErrInvalidParam)
		}
		for _, r := range side {
			if r < 0 || r >= n {
				return Outcome{}, fmt.Errorf("fold row %d out of range [0, %d): %w", r, n, estimator.ErrInvalidParam)
			}
		}
	}
	scorers, err := ScorersByName(t.Scorers)
	if err != nil {
		return Outcome{}, err
	}
	est := estimator.Clone(skeleton)
	if err := estimator.Load(bytes.NewReader(t.Model), est); err != nil {
		return Outcome{}, err
	}
	cfg := &folds.Config{X: src, Y: y, W: w, Scorers: scorers, TrainScore: t.TrainScore, Keep: t.Keep, Workers: 1}
	out, err := folds.RunOne(ctx, cfg, folds.Job{Est: est, Train: t.Train, Test: t.Test})
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Test: out.Test, Train: out.Train, FitTime: out.FitTime, ScoreTime: out.ScoreTime,
		Iterative: out.Iterative, NIter: out.NIter, Converged: out.Converged}
	if t.Keep {
		var buf bytes.Buffer
		if err := estimator.Save(&buf, out.Est); err != nil {
			return Outcome{}, fmt.Errorf("saving the fitted model: %w", err)
		}
		o.Fitted = buf.Bytes()
	}
	return o, nil
}

// LocalExecutor runs a Batch on this process's pool (internal/parallel, up to
// Batch.Workers goroutines) through the same path as a remote worker: every job's
// model is loaded from its file into a clone of Batch.Prototype (Task.Run). It is
// slower than the default nil Executor (no serialization, shared pipeline prefixes in
// tuning.Search) and gives the same scores; it exists to test executors and the
// model-file path without a distributed engine.
type LocalExecutor struct{}

// Execute implements Executor.
func (LocalExecutor) Execute(ctx context.Context, b *Batch) ([]Outcome, error) {
	if err := b.Check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src, _, err := folds.Source(b.X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Prefix, err)
	}
	out := make([]Outcome, len(b.Jobs))
	err = parallel.Run(ctx, len(b.Jobs), b.Workers, func(ctx context.Context, j int) error {
		t := b.Task(j)
		out[j] = t.Run(ctx, b.Prototype, src, b.Y, b.W)
		if out[j].Err != nil && !b.ContinueOnError {
			return errStop // the caller reports the job's error
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// errStop ends a LocalExecutor run early after a failed job without ContinueOnError.
var errStop = errors.New("crossval: stop")

// JobError is a job's error that crossed a process boundary: its message and the
// skgo sentinel errors it wrapped, so errors.Is(err, estimator.ErrInvalidData) and the
// like still hold on the caller's side.
type JobError struct {
	// Msg is the original error's message.
	Msg string
	// Kinds name the sentinels the original error wrapped (see NewJobError).
	Kinds []string
}

// jobErrorKinds are the sentinels a JobError remembers.
var jobErrorKinds = []struct {
	name string
	err  error
}{
	{"invalid_data", estimator.ErrInvalidData},
	{"shape", estimator.ErrShape},
	{"invalid_param", estimator.ErrInvalidParam},
	{"not_fitted", estimator.ErrNotFitted},
	{"convergence", estimator.ErrConvergence},
	{"format", estimator.ErrFormat},
	{"state", estimator.ErrState},
	{"unsupported", errors.ErrUnsupported},
	{"canceled", context.Canceled},
	{"deadline", context.DeadlineExceeded},
}

// NewJobError returns err as a *JobError (nil for nil), recording which of
// estimator.ErrInvalidData, ErrShape, ErrInvalidParam, ErrNotFitted, ErrConvergence,
// ErrFormat, ErrState, errors.ErrUnsupported, context.Canceled and
// context.DeadlineExceeded it wraps.
func NewJobError(err error) *JobError {
	if err == nil {
		return nil
	}
	var je *JobError
	if errors.As(err, &je) && je.Msg == err.Error() {
		return je
	}
	e := &JobError{Msg: err.Error()}
	for _, k := range jobErrorKinds {
		if errors.Is(err, k.err) {
			e.Kinds = append(e.Kinds, k.name)
		}
	}
	return e
}

// Error returns the original message.
func (e *JobError) Error() string { return e.Msg }

// Is reports whether the original error wrapped target.
func (e *JobError) Is(target error) bool {
	for _, k := range jobErrorKinds {
		if k.err == target {
			for _, n := range e.Kinds {
				if n == k.name {
					return true
				}
			}
			return false
		}
	}
	return false
}

// runBatch sends b to ex and checks what comes back: one outcome per job, each with
// one score per scorer (NaN where the job failed). A job's error is returned as
// "<prefix>: <label>: <err>" unless b.ContinueOnError, in which case it is kept in the
// outcome, labelled.
func runBatch(ctx context.Context, ex Executor, b *Batch) ([]Outcome, error) {
	if err := b.Check(); err != nil {
		return nil, err
	}
	var out []Outcome
	err := parallel.Protect(func() error {
		var err error
		out, err = ex.Execute(ctx, b)
		return err
	})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, fmt.Errorf("%s: %w", b.Prefix, cerr)
		}
		return nil, fmt.Errorf("%s: executor %T: %w", b.Prefix, ex, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", b.Prefix, err)
	}
	if len(out) != len(b.Jobs) {
		return nil, fmt.Errorf("%s: executor %T returned %d outcomes for %d jobs: %w",
			b.Prefix, ex, len(out), len(b.Jobs), estimator.ErrInvalidData)
	}
	if !b.ContinueOnError {
		// The first failed job in job order; a job cancelled because another failed
		// (an executor that stops early) is not the cause.
		first := -1
		for j := range out {
			if out[j].Err != nil && (first < 0 || isCancel(out[first].Err) && !isCancel(out[j].Err)) {
				first = j
			}
		}
		if first >= 0 {
			return nil, fmt.Errorf("%s: %s: %w", b.Prefix, b.Jobs[first].Label, out[first].Err)
		}
	}
	for j := range out {
		o := &out[j]
		if o.Err == nil {
			if len(o.Test) != len(b.Scorers) || (b.TrainScore && len(o.Train) != len(b.Scorers)) || (b.Keep && len(o.Fitted) == 0) {
				o.Err = fmt.Errorf("executor %T returned no or a malformed outcome (%d test and %d train scores for %d scorers): %w",
					ex, len(o.Test), len(o.Train), len(b.Scorers), estimator.ErrInvalidData)
			}
		}
		if o.Err == nil {
			continue
		}
		if !b.ContinueOnError {
			return nil, fmt.Errorf("%s: %s: %w", b.Prefix, b.Jobs[j].Label, o.Err)
		}
		*o = Outcome{Err: fmt.Errorf("%s: %w", b.Jobs[j].Label, o.Err),
			Test: nans(len(b.Scorers)), FitTime: o.FitTime, ScoreTime: o.ScoreTime}
		if b.TrainScore {
			o.Train = nans(len(b.Scorers))
		}
	}
	return out, nil
}

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func nans(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// Models saves each estimator (with its parameters, for labels) as a Model of a
// Batch.
func Models(ests []estimator.Estimator, params []estimator.Params) ([]Model, error) {
	out := make([]Model, len(ests))
	for i, e := range ests {
		var buf bytes.Buffer
		if err := estimator.Save(&buf, e); err != nil {
			return nil, fmt.Errorf("model %d cannot be sent to an executor: %w", i, err)
		}
		out[i].File = buf.Bytes()
		if params != nil {
			out[i].Params = params[i]
		}
	}
	return out, nil
}

// ExecuteBatch is how tuning.Search and CrossValidate run their jobs on an Executor:
// it checks b, calls ex.Execute (a panic in it is an error), checks that every job
// has an outcome with one score per scorer, and applies b.ContinueOnError: a failed
// job ends the run with "<prefix>: <label>: <error>", or, with ContinueOnError, keeps
// its labelled error in the outcome with NaN scores.
func ExecuteBatch(ctx context.Context, ex Executor, b *Batch) ([]Outcome, error) {
	return runBatch(ctx, ex, b)
}

// ScorerNames returns the names of scorers, checking that each travels by name: it
// is the scorer metrics.ScorerByName returns for its name (same name and type).
func ScorerNames(scorers []metrics.Scorer) ([]string, error) { return scorerNames(scorers) }

// crossValidateOn is CrossValidate's path through an Executor.
func crossValidateOn(ctx context.Context, ex Executor, e estimator.Estimator, p *prepared, opt *Options) ([]folds.Out, error) {
	names, err := scorerNames(p.scorers)
	if err != nil {
		return nil, fmt.Errorf("crossval: %w", err)
	}
	models, err := Models([]estimator.Estimator{e}, nil)
	if err != nil {
		return nil, fmt.Errorf("crossval: %w", err)
	}
	b := &Batch{Prefix: "crossval", X: p.src, Y: p.y, W: opt.Weights, Prototype: e, Models: models,
		Folds: p.folds, Scorers: names, TrainScore: opt.ReturnTrainScore, Keep: opt.KeepEstimators,
		Workers: opt.Workers}
	for i := range p.folds {
		b.Jobs = append(b.Jobs, Job{Model: 0, Fold: i, Label: fmt.Sprintf("fold %d", i+1)})
	}
	outs, err := runBatch(ctx, ex, b)
	if err != nil {
		return nil, err
	}
	res := make([]folds.Out, len(outs))
	for i, o := range outs {
		res[i] = folds.Out{Test: o.Test, Train: o.Train, FitTime: o.FitTime, ScoreTime: o.ScoreTime,
			Iterative: o.Iterative, NIter: o.NIter, Converged: o.Converged}
		if opt.KeepEstimators {
			est := estimator.Clone(e)
			if err := estimator.Load(bytes.NewReader(o.Fitted), est); err != nil {
				return nil, fmt.Errorf("crossval: fold %d: loading the fitted model from executor %T: %w", i+1, ex, err)
			}
			res[i].Est = est
		}
	}
	return res, nil
}
