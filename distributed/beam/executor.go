// Package beam runs skgo's cross-validation and hyperparameter-search jobs on Apache
// Beam (the Go SDK, github.com/apache/beam/sdks/v2 v2.77.0): an [Executor] for
// tuning.Search.Executor and crossval.Options.Executor. It lives in its own module,
// github.com/skgo/skgo/distributed/beam, so that programs that do not use Beam never
// download it.
//
// The (candidate × fold) jobs of a search are independent. The executor turns them
// into a PCollection (one element per job: the candidate's model file written by
// estimator.Save, the fold's row indices and the scorer names), fits and scores them in
// a DoFn on the workers (crossval.Task.Run: the hardened estimator.Load, then the same
// fold engine as the local pool), writes one JSON line per job to a results file, and
// reads that file back into the ordinary Search result: the same table, the same best
// candidate, the same refit, with every score equal to the local pool's.
//
// The data travel once: as a side input (X, y and the weights, encoded exactly), or,
// with [Executor.Dataset], not at all: each worker loads a data set registered by name
// ([RegisterDataset]: a file on a shared path, an embedded data set) and checks its
// fingerprint against the launcher's data.
//
// Architecture is code: a worker loads each model file into a skeleton built by the
// same code as the launcher's estimator, registered by name with [Register] in an init
// function of the program (as Beam's Go SDK also asks for DoFns), so every worker
// binary has it.
//
// Runners: the embedded Prism runner by default (no services; one process), or any
// runner registered with Beam (Flink, Spark, Dataflow, a universal job server) by
// name, configured with Beam's own flags (--endpoint, --environment_type, ...). See the
// README section "Beyond one machine".
package beam

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"time"

	abeam "github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // results files on local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
)

func init() {
	register.DoFn4x1[context.Context, []byte, func(*[]byte) bool, func(string), error](&jobFn{})
	register.Emitter1[string]()
	register.Iter1[[]byte]()
}

// Init must be called by a program that runs pipelines on a distributed runner, in
// main after flag.Parse and before anything else: when the binary is started as a Beam
// worker it runs the worker and exits there (Beam's beam.Init). With the embedded
// Prism runner it does nothing harmful, so call it always.
func Init() { abeam.Init() }

// Executor runs a crossval.Batch on Apache Beam. Its zero value is not usable: Model
// must name a skeleton registered with [Register].
type Executor struct {
	// Model names the skeleton builder registered with Register: it builds an
	// estimator of the same structure as the searched (or cross-validated) one, into
	// which workers load each candidate's model file.
	Model string
	// Dataset, if set, names a data set registered with RegisterDataset: workers load
	// it themselves instead of receiving the data as a side input, and every job
	// checks that it has the fingerprint of the data given to Fit (else the job fails
	// with estimator.ErrInvalidData).
	Dataset string
	// Runner is the Beam runner: "" or "prism" for the embedded Prism runner, or
	// "flink", "spark" or "universal" to submit to a Beam job server (Flink's or
	// Spark's job server, or any portable runner) at Beam's --endpoint flag, with
	// workers as Beam's --environment_type and --environment_config flags say. Any
	// other name is an error; use Run for other runners.
	Runner string
	// Run, if set, runs the pipeline in place of Runner: pass another runner's
	// Execute (dataflow.Execute from ".../beam/runners/dataflow", configured by
	// Beam's Dataflow flags).
	Run func(ctx context.Context, p *abeam.Pipeline) (abeam.PipelineResult, error)
	// Output is where the results table is written, one JSON line per job (see
	// ResultLine). "" means a file in a temporary directory, removed after it is
	// read. A cluster runner needs a path that the workers and this program both
	// reach (a shared file system; gs:// once the program imports Beam's gcs file
	// system). The file is kept when Output is set.
	Output string
}

// Execute implements crossval.Executor: it builds and runs the pipeline, then reads
// the results table. A job's failure is its Outcome's error (a *crossval.JobError);
// a job with no line in the results (lost) is an error in its Outcome too, so a
// search reports it as ContinueOnError says. The pipeline's own failure is Execute's
// error.
func (e *Executor) Execute(ctx context.Context, b *crossval.Batch) ([]crossval.Outcome, error) {
	if err := b.Check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(b.Jobs) == 0 {
		return nil, nil
	}
	if _, err := e.runner(); err != nil {
		return nil, err
	}
	if !abeam.Initialized() {
		return nil, fmt.Errorf("distributed/beam: Beam is not initialized: call beam.Init() in main, after flag.Parse: %w",
			estimator.ErrInvalidParam)
	}
	build, err := lookupModel(e.Model)
	if err != nil {
		return nil, err
	}
	// Check on the launcher that the skeleton fits the models, so a wrong
	// registration fails before anything is submitted.
	for i, m := range b.Models {
		if err := estimator.Load(bytes.NewReader(m.File), build()); err != nil {
			return nil, fmt.Errorf("distributed/beam: model %d does not load into the skeleton registered as %q: %w", i, e.Model, err)
		}
	}
	side, print, err := e.sideInput(b)
	if err != nil {
		return nil, err
	}
	out := e.Output
	if out == "" {
		dir, err := os.MkdirTemp("", "skgo-beam-*")
		if err != nil {
			return nil, fmt.Errorf("distributed/beam: %w", err)
		}
		defer os.RemoveAll(dir)
		out = filepath.Join(dir, "results.jsonl")
	}
	p, err := e.pipeline(b, side, print, out)
	if err != nil {
		return nil, err
	}
	if err := e.run(ctx, p); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("distributed/beam: the pipeline failed: %w", err)
	}
	return ReadResults(ctx, out, b)
}

// pipeline builds the pipeline: jobs → fit-and-score DoFn (data as a side input) →
// results file.
func (e *Executor) pipeline(b *crossval.Batch, side []byte, print, out string) (*abeam.Pipeline, error) {
	elems := make([][]byte, len(b.Jobs))
	for j := range b.Jobs {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(jobElem{Index: j, Task: b.Task(j)}); err != nil {
			return nil, fmt.Errorf("distributed/beam: encoding job %d: %w", j, err)
		}
		elems[j] = buf.Bytes()
	}
	p, s := abeam.NewPipelineWithRoot()
	// The reshuffle is a fusion break: without it the jobs would be expanded from one
	// impulse inside the fitting stage, as one unsplittable bundle; after it, a runner
	// can split the jobs across bundles and workers (Prism splits slow bundles).
	jobs := abeam.Reshuffle(s, abeam.CreateList(s, elems))
	data := abeam.Create(s, side)
	lines := abeam.ParDo(s, &jobFn{Model: e.Model, Dataset: e.Dataset, Print: print}, jobs, abeam.SideInput{Input: data})
	textio.Write(s, out, lines)
	return p, nil
}

// runner returns the function that runs pipelines for e.
func (e *Executor) runner() (func(context.Context, *abeam.Pipeline) (abeam.PipelineResult, error), error) {
	if e.Run != nil {
		return e.Run, nil
	}
	switch e.Runner {
	case "", "prism":
		return prism.Execute, nil
	case "flink":
		return flink.Execute, nil
	case "spark":
		return spark.Execute, nil
	case "universal":
		return universal.Execute, nil
	}
	return nil, fmt.Errorf("distributed/beam: unknown Runner %q (want prism, flink, spark or universal, or set Run): %w",
		e.Runner, estimator.ErrInvalidParam)
}

func (e *Executor) run(ctx context.Context, p *abeam.Pipeline) error {
	run, err := e.runner()
	if err != nil {
		return err
	}
	err = protect(func() error {
		_, err := run(ctx, p)
		return err
	})
	return err
}

// jobElem is one element of the jobs PCollection.
type jobElem struct {
	Index int
	Task  crossval.Task
}

// data is the side input: X as a dense row-major matrix, y and the weights.
type data struct {
	R, C       int
	X          []float64
	Y, W       []float64
	HasY, HasW bool
}

func (d *data) matrix() mat.Matrix { return mat.NewDense(d.R, d.C, d.X) }

// sideInput returns the side input (the encoded data, or nothing with Dataset) and
// the data's fingerprint.
func (e *Executor) sideInput(b *crossval.Batch) ([]byte, string, error) {
	d, err := denseData(b.X, b.Y, b.W)
	if err != nil {
		return nil, "", err
	}
	print := fingerprint(d)
	if e.Dataset != "" {
		if _, err := lookupDataset(e.Dataset); err != nil {
			return nil, "", err
		}
		return []byte{}, print, nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(d); err != nil {
		return nil, "", fmt.Errorf("distributed/beam: encoding the data: %w", err)
	}
	return buf.Bytes(), print, nil
}

// denseData copies X (any mat.Matrix whose values are numbers: a mixed-type frame
// cannot travel as a side input), y and w.
func denseData(X mat.Matrix, y, w []float64) (*data, error) {
	r, c, err := estimator.Dims(X)
	if err != nil {
		return nil, fmt.Errorf("distributed/beam: %w", err)
	}
	if r > estimator.MaxCopyElements/max(c, 1) {
		return nil, fmt.Errorf("distributed/beam: X is %d×%d, too large for a side input (register it with RegisterDataset): %w",
			r, c, estimator.ErrInvalidData)
	}
	d := &data{R: r, C: c, X: make([]float64, r*c), Y: y, W: w, HasY: y != nil, HasW: w != nil}
	if dense, ok := X.(*mat.Dense); ok {
		for i := range r {
			copy(d.X[i*c:(i+1)*c], dense.RawRowView(i))
		}
	} else {
		err := protect(func() error {
			for i := range r {
				for j := range c {
					d.X[i*c+j] = X.At(i, j)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("distributed/beam: reading X (%T): %v: %w", X, err, estimator.ErrInvalidData)
		}
	}
	return d, nil
}

// fingerprint hashes the data bit for bit (shape, X, y and w, and which are present).
func fingerprint(d *data) string {
	h := sha256.New()
	var b [8]byte
	put := func(u uint64) {
		binary.LittleEndian.PutUint64(b[:], u)
		h.Write(b[:])
	}
	put(uint64(d.R))
	put(uint64(d.C))
	for _, v := range d.X {
		put(math.Float64bits(v))
	}
	for _, s := range [][]float64{d.Y, d.W} {
		if s == nil {
			put(math.MaxUint64)
			continue
		}
		put(uint64(len(s)))
		for _, v := range s {
			put(math.Float64bits(v))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// jobFn fits and scores one job on a worker. Its exported fields travel with the
// pipeline; the decoded data are cached per instance.
type jobFn struct {
	Model   string `json:"model"`
	Dataset string `json:"dataset"`
	Print   string `json:"print"`

	mu   sync.Mutex
	data *data
	err  error
}

// ProcessElement runs one job and emits its result line. It returns an error only
// when the result cannot be encoded; everything a job can do wrong (a bad element, an
// unregistered model, data that do not match, a fit that fails or panics) is in the
// line, so no job is lost and the runner does not retry deterministic failures.
func (f *jobFn) ProcessElement(ctx context.Context, elem []byte, side func(*[]byte) bool, emit func(string)) error {
	line := ResultLine{Job: -1}
	var job jobElem
	if err := gob.NewDecoder(bytes.NewReader(elem)).Decode(&job); err != nil {
		line.setErr(fmt.Errorf("distributed/beam: decoding the job: %v: %w", err, estimator.ErrInvalidData))
	} else {
		line.Job = job.Index
		line.set(f.runJob(ctx, &job, side))
	}
	b, err := json.Marshal(&line)
	if err != nil {
		return fmt.Errorf("distributed/beam: encoding the result of job %d: %w", line.Job, err)
	}
	emit(string(b))
	return nil
}

func (f *jobFn) runJob(ctx context.Context, job *jobElem, side func(*[]byte) bool) (o crossval.Outcome) {
	build, err := lookupModel(f.Model)
	if err != nil {
		return crossval.Outcome{Err: err}
	}
	d, err := f.load(ctx, side)
	if err != nil {
		return crossval.Outcome{Err: err}
	}
	var y, w []float64
	if d.HasY {
		y = d.Y
	}
	if d.HasW {
		w = d.W
	}
	return job.Task.Run(ctx, build(), d.matrix(), y, w)
}

// load decodes the side input, or loads the registered data set, once per instance,
// and checks its fingerprint.
func (f *jobFn) load(ctx context.Context, side func(*[]byte) bool) (*data, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.data != nil || f.err != nil {
		return f.data, f.err
	}
	f.data, f.err = f.decode(ctx, side)
	return f.data, f.err
}

func (f *jobFn) decode(ctx context.Context, side func(*[]byte) bool) (*data, error) {
	var raw []byte
	if !side(&raw) {
		return nil, fmt.Errorf("distributed/beam: the data side input is empty: %w", estimator.ErrInvalidData)
	}
	var d *data
	if f.Dataset != "" {
		load, err := lookupDataset(f.Dataset)
		if err != nil {
			return nil, err
		}
		var X mat.Matrix
		var y, w []float64
		err = protect(func() error {
			var err error
			X, y, w, err = load(ctx)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("distributed/beam: loading data set %q: %w", f.Dataset, err)
		}
		if d, err = denseData(X, y, w); err != nil {
			return nil, err
		}
	} else {
		d = new(data)
		if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(d); err != nil {
			return nil, fmt.Errorf("distributed/beam: decoding the data: %v: %w", err, estimator.ErrInvalidData)
		}
		if d.R <= 0 || d.C <= 0 || d.R > estimator.MaxCopyElements/d.C || len(d.X) != d.R*d.C {
			return nil, fmt.Errorf("distributed/beam: the data side input is malformed (%d×%d, %d values): %w",
				d.R, d.C, len(d.X), estimator.ErrInvalidData)
		}
		if !d.HasY {
			d.Y = nil
		} else if d.Y == nil {
			d.Y = []float64{}
		}
		if !d.HasW {
			d.W = nil
		} else if d.W == nil {
			d.W = []float64{}
		}
	}
	if got := fingerprint(d); got != f.Print {
		what := "the side input"
		if f.Dataset != "" {
			what = fmt.Sprintf("data set %q on this worker", f.Dataset)
		}
		return nil, fmt.Errorf("distributed/beam: %s differs from the data given to Fit (fingerprint %.12s, want %.12s): %w",
			what, got, f.Print, estimator.ErrInvalidData)
	}
	return d, nil
}

// ResultLine is one line of the results table that the pipeline writes (JSON), the
// outcome of one job.
type ResultLine struct {
	// Job is the job's index in the batch (-1 when the element could not be decoded).
	Job int `json:"job"`
	// Test and Train hold one score per scorer, in the batch's order.
	Test  []Float `json:"test,omitempty"`
	Train []Float `json:"train,omitempty"`
	// FitNanos and ScoreNanos are the fit and test-scoring times.
	FitNanos   int64 `json:"fit_ns"`
	ScoreNanos int64 `json:"score_ns"`
	// Iterative, NIter and Converged are the fitted model's iteration count.
	Iterative bool `json:"iterative,omitempty"`
	NIter     int  `json:"n_iter,omitempty"`
	Converged bool `json:"converged,omitempty"`
	// Fitted is the fitted model file when the batch keeps estimators.
	Fitted []byte `json:"fitted,omitempty"`
	// Error is the job's error message, and Kinds the sentinels it wrapped
	// (crossval.JobError).
	Error string   `json:"error,omitempty"`
	Kinds []string `json:"kinds,omitempty"`
}

func (l *ResultLine) set(o crossval.Outcome) {
	if o.Err != nil {
		l.setErr(o.Err)
		return
	}
	l.Test, l.Train = floats(o.Test), floats(o.Train)
	l.FitNanos, l.ScoreNanos = int64(o.FitTime), int64(o.ScoreTime)
	l.Iterative, l.NIter, l.Converged = o.Iterative, o.NIter, o.Converged
	l.Fitted = o.Fitted
}

func (l *ResultLine) setErr(err error) {
	je := crossval.NewJobError(err)
	l.Error, l.Kinds = je.Msg, je.Kinds
}

// Outcome converts the line back.
func (l *ResultLine) Outcome() crossval.Outcome {
	if l.Error != "" {
		return crossval.Outcome{Err: &crossval.JobError{Msg: l.Error, Kinds: l.Kinds},
			FitTime: time.Duration(l.FitNanos), ScoreTime: time.Duration(l.ScoreNanos)}
	}
	return crossval.Outcome{Test: unfloats(l.Test), Train: unfloats(l.Train),
		FitTime: time.Duration(l.FitNanos), ScoreTime: time.Duration(l.ScoreNanos),
		Iterative: l.Iterative, NIter: l.NIter, Converged: l.Converged, Fitted: l.Fitted}
}

// Float is a float64 that JSON carries exactly: a number when finite (Go's shortest
// representation, which parses back to the same bits), else "NaN", "+Inf" or "-Inf".
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte(`"` + strconv.FormatFloat(v, 'g', -1, 64) + `"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
		if s != "NaN" && s != "+Inf" && s != "-Inf" {
			return fmt.Errorf("distributed/beam: %q is not a number: %w", s, estimator.ErrInvalidData)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("distributed/beam: %w: %w", err, estimator.ErrInvalidData)
	}
	*f = Float(v)
	return nil
}

func floats(v []float64) []Float {
	if v == nil {
		return nil
	}
	out := make([]Float, len(v))
	for i, x := range v {
		out[i] = Float(x)
	}
	return out
}

func unfloats(v []Float) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// ReadResults reads a results table written by the pipeline for batch b (at path, on
// any file system Beam knows) and returns one outcome per job. A job with no line is
// given an error saying it was lost; a line for an unknown job, a malformed line, or
// two different lines for one job make ReadResults fail.
func ReadResults(ctx context.Context, path string, b *crossval.Batch) ([]crossval.Outcome, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("distributed/beam: results %s: %w", path, err)
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("distributed/beam: results %s: %w", path, err)
	}
	defer rc.Close()
	out := make([]crossval.Outcome, len(b.Jobs))
	seen := make([][]byte, len(b.Jobs))
	var bad *ResultLine
	r := bufio.NewReader(rc)
	for n := 1; ; n++ {
		raw, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(raw)) > 0 {
			var l ResultLine
			if err := json.Unmarshal(raw, &l); err != nil {
				return nil, fmt.Errorf("distributed/beam: results %s line %d: %v: %w", path, n, err, estimator.ErrInvalidData)
			}
			switch {
			case l.Job == -1 && l.Error != "":
				bad = &l // an element no worker could decode: some job is lost
			case l.Job < 0 || l.Job >= len(b.Jobs):
				return nil, fmt.Errorf("distributed/beam: results %s line %d names job %d of %d: %w",
					path, n, l.Job, len(b.Jobs), estimator.ErrInvalidData)
			case seen[l.Job] != nil:
				if !bytes.Equal(bytes.TrimSpace(seen[l.Job]), bytes.TrimSpace(raw)) {
					return nil, fmt.Errorf("distributed/beam: results %s has two different results for job %d: %w",
						path, l.Job, estimator.ErrInvalidData)
				}
			default:
				seen[l.Job] = raw
				out[l.Job] = l.Outcome()
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("distributed/beam: results %s: %w", path, err)
		}
	}
	for j := range out {
		if seen[j] == nil {
			msg := "distributed/beam: the job was lost: the pipeline wrote no result for it"
			if bad != nil {
				msg += " (a worker could not decode a job: " + bad.Error + ")"
			}
			out[j] = crossval.Outcome{Err: &crossval.JobError{Msg: msg}}
		}
	}
	return out, nil
}

// protect calls f, returning a panic as an error.
func protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}

var registry struct {
	sync.RWMutex
	models   map[string]func() estimator.Estimator
	datasets map[string]func(context.Context) (mat.Matrix, []float64, []float64, error)
}

// Register names a skeleton builder: a function that returns a new estimator of the
// structure the launcher searches (the same code that builds it there). Call it from
// an init function, so that every worker binary has it. An empty name, a nil builder
// or a name registered twice is an error wrapping estimator.ErrInvalidParam.
func Register(name string, build func() estimator.Estimator) error {
	if name == "" || build == nil {
		return fmt.Errorf("distributed/beam: Register needs a name and a builder: %w", estimator.ErrInvalidParam)
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.models == nil {
		registry.models = map[string]func() estimator.Estimator{}
	}
	if _, ok := registry.models[name]; ok {
		return fmt.Errorf("distributed/beam: model %q is registered twice: %w", name, estimator.ErrInvalidParam)
	}
	registry.models[name] = build
	return nil
}

// RegisterDataset names a data loader that workers call instead of receiving the
// data as a side input (Executor.Dataset): read a CSV from a path all workers see
// (datasets.ReadCSV, a gota DataFrame), or return an embedded data set. It must
// return exactly the data the launcher fits on (a fingerprint is checked). Register
// it from an init function. Errors as for Register.
func RegisterDataset(name string, load func(ctx context.Context) (X mat.Matrix, y, w []float64, err error)) error {
	if name == "" || load == nil {
		return fmt.Errorf("distributed/beam: RegisterDataset needs a name and a loader: %w", estimator.ErrInvalidParam)
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.datasets == nil {
		registry.datasets = map[string]func(context.Context) (mat.Matrix, []float64, []float64, error){}
	}
	if _, ok := registry.datasets[name]; ok {
		return fmt.Errorf("distributed/beam: data set %q is registered twice: %w", name, estimator.ErrInvalidParam)
	}
	registry.datasets[name] = load
	return nil
}

// lookupModel returns the named builder, wrapped so that a builder that panics or
// returns nil gives a skeleton Task.Run rejects.
func lookupModel(name string) (func() estimator.Estimator, error) {
	registry.RLock()
	build, ok := registry.models[name]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("distributed/beam: no model registered as %q in this binary (call beam.Register in an init function): %w",
			name, estimator.ErrInvalidParam)
	}
	return func() (e estimator.Estimator) {
		if err := protect(func() error { e = build(); return nil }); err != nil || e == nil || isNil(e) {
			return nil
		}
		return e
	}, nil
}

func lookupDataset(name string) (func(context.Context) (mat.Matrix, []float64, []float64, error), error) {
	registry.RLock()
	load, ok := registry.datasets[name]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("distributed/beam: no data set registered as %q in this binary (call beam.RegisterDataset in an init function): %w",
			name, estimator.ErrInvalidParam)
	}
	return load, nil
}

func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func:
		return rv.IsNil()
	}
	return false
}
