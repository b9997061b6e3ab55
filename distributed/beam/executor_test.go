package beam_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/distributed/beam"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	if !testing.Verbose() { // Prism logs every job at Info
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	os.Exit(m.Run())
}

func bostonPipeline() estimator.Estimator {
	return pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
}

// tinyCNN is a small convolutional network on the 8×8 digits (one epoch takes
// milliseconds).
func tinyCNN() estimator.Estimator {
	return &nn.CNNClassifier{InputShape: [3]int{1, 8, 8}, Conv: []nn.ConvSpec{{Filters: 4, Kernel: 3, Pad: 1, Pool: 2}},
		Hidden: []int{16}, Epochs: 3, BatchSize: 32, Seed: 7}
}

func init() {
	for name, build := range map[string]func() estimator.Estimator{
		"boston-pipeline": bostonPipeline,
		"digits-cnn":      tinyCNN,
		"flaky":           func() estimator.Estimator { return &flaky{} },
	} {
		if err := beam.Register(name, build); err != nil {
			panic(err)
		}
	}
	if err := beam.RegisterDataset("boston", func(context.Context) (mat.Matrix, []float64, []float64, error) {
		ds := datasets.Boston()
		return ds.X, ds.Y, nil, nil
	}); err != nil {
		panic(err)
	}
	if err := beam.RegisterDataset("boston-shifted", func(context.Context) (mat.Matrix, []float64, []float64, error) {
		ds := datasets.Boston().Clone()
		ds.Y[0] += 1e-9 // not the data the launcher fits on
		return ds.X, ds.Y, nil, nil
	}); err != nil {
		panic(err)
	}
}

// bostonSearch is examples/sweep's grid: degree {1, 2} × 13 alphas, shuffled 5-fold
// CV: 26 candidates × 5 folds.
func bostonSearch(ex crossval.Executor) *tuning.Search {
	alphas := make([]float64, 13)
	for i := range alphas {
		alphas[i] = math.Pow(10, -3+float64(i)/2)
	}
	return &tuning.Search{
		Estimator: bostonPipeline(),
		Space: tuning.Grid{
			{Param: "poly.Degree", Values: tuning.Values(1, 2)},
			{Param: "ridge.Alpha", Values: tuning.Values(alphas...)},
		},
		CV:               crossval.KFold{K: 5, Shuffle: true, Seed: 0},
		Scorers:          []metrics.Scorer{metrics.R2, metrics.NegMSE},
		ReturnTrainScore: true,
		Executor:         ex,
	}
}

// sameSearch asserts that the search run on Beam equals the local one: the same
// candidates, ranks and best, every fold score and mean/std within tol, and refits that
// predict the same.
func sameSearch(t *testing.T, want, got *tuning.Search, X mat.Matrix, tol float64) {
	t.Helper()
	wr, gr := want.Results(), got.Results()
	require.Len(t, gr, len(wr))
	for i := range wr {
		assert.Equal(t, wr[i].Params, gr[i].Params, "candidate %d", i)
		assert.Equal(t, wr[i].Rank, gr[i].Rank, "candidate %d", i)
		assert.InDelta(t, wr[i].MeanScore, gr[i].MeanScore, tol, "candidate %d", i)
		assert.InDelta(t, wr[i].StdScore, gr[i].StdScore, tol, "candidate %d", i)
		for name, s := range wr[i].TestScores {
			assert.InDeltaSlice(t, s, gr[i].TestScores[name], tol, "candidate %d %s", i, name)
			assert.InDelta(t, wr[i].Mean(name), gr[i].Mean(name), tol)
			assert.InDelta(t, wr[i].Std(name), gr[i].Std(name), tol)
		}
		for name, s := range wr[i].TrainScores {
			assert.InDeltaSlice(t, s, gr[i].TrainScores[name], tol, "candidate %d train %s", i, name)
		}
		assert.NoError(t, gr[i].Err)
	}
	assert.Equal(t, want.BestIndex(), got.BestIndex())
	assert.Equal(t, want.BestParams(), got.BestParams())
	pw, err := want.Predict(X)
	require.NoError(t, err)
	pg, err := got.Predict(X)
	require.NoError(t, err)
	assert.InDeltaSlice(t, pw, pg, tol)
}

// TestBostonGrid: the Boston grid (26 candidates × 5 folds, two scorers, train
// scores) on the embedded Prism runner equals tuning.Search on the local pool to
// 1e-12; in fact bit for bit, since the workers run the same fold engine on the same
// rows and JSON carries float64s exactly.
func TestBostonGrid(t *testing.T) {
	ds := datasets.Boston()
	local := bostonSearch(nil)
	require.NoError(t, local.Fit(context.Background(), ds.X, ds.Y))
	out := filepath.Join(t.TempDir(), "results.jsonl")
	remote := bostonSearch(&beam.Executor{Model: "boston-pipeline", Output: out})
	require.NoError(t, remote.Fit(context.Background(), ds.X, ds.Y))
	require.Len(t, remote.Results(), 26)
	sameSearch(t, local, remote, ds.X, 1e-12)
	for i, r := range local.Results() {
		assert.Equal(t, r.TestScores, remote.Results()[i].TestScores, "bitwise, candidate %d", i)
	}
	// The results table was kept: one line per job.
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, 130, strings.Count(string(b), "\n"))
}

// TestDataset: workers load the registered Boston data set instead of a side input;
// a data set that differs from the data given to Fit fails every job.
func TestDataset(t *testing.T) {
	ds := datasets.Boston()
	local := bostonSearch(nil)
	require.NoError(t, local.Fit(context.Background(), ds.X, ds.Y))
	remote := bostonSearch(&beam.Executor{Model: "boston-pipeline", Dataset: "boston"})
	require.NoError(t, remote.Fit(context.Background(), ds.X, ds.Y))
	sameSearch(t, local, remote, ds.X, 1e-12)

	bad := bostonSearch(&beam.Executor{Model: "boston-pipeline", Dataset: "boston-shifted"})
	err := bad.Fit(context.Background(), ds.X, ds.Y)
	require.Error(t, err)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `data set "boston-shifted" on this worker differs from the data given to Fit`)
}

// TestCNNSweep: a small CNN sweep on digits (4 candidates × 3 folds) on Prism equals
// the local pool to 1e-12.
func TestCNNSweep(t *testing.T) {
	ds := datasets.Digits()
	idx := make([]int, 360)
	for i := range idx {
		idx[i] = i
	}
	X, y := estimator.Rows(ds.X, idx), estimator.Select(ds.Y, idx)
	mk := func(ex crossval.Executor) *tuning.Search {
		return &tuning.Search{Estimator: tinyCNN(), CV: crossval.StratifiedKFold{K: 3},
			Space: tuning.Grid{
				{Param: "Hidden", Values: tuning.Values([]int{8}, []int{16})},
				{Param: "Seed", Values: tuning.Values(uint64(1), uint64(2))},
			},
			Scorers: []metrics.Scorer{metrics.Accuracy, metrics.NegLogLoss}, Executor: ex}
	}
	local := mk(nil)
	require.NoError(t, local.Fit(context.Background(), X, y))
	remote := mk(&beam.Executor{Model: "digits-cnn"})
	require.NoError(t, remote.Fit(context.Background(), X, y))
	sameSearch(t, local, remote, X, 1e-12)
	pw, err := local.PredictProba(X)
	require.NoError(t, err)
	pg, err := remote.PredictProba(X)
	require.NoError(t, err)
	assert.True(t, mat.EqualApprox(pw, pg, 1e-12))
}

// TestCrossValidate: crossval.CrossValidate on Prism, the fitted fold models shipped
// back as model files, equals the local pool bit for bit.
func TestCrossValidate(t *testing.T) {
	ds := datasets.Boston()
	e := bostonPipeline()
	opt := func(ex crossval.Executor) *crossval.Options {
		return &crossval.Options{CV: crossval.KFold{K: 5, Shuffle: true, Seed: 1}, ReturnTrainScore: true, KeepEstimators: true,
			Scorers: []metrics.Scorer{metrics.R2, metrics.NegMAE}, Executor: ex}
	}
	local, err := crossval.CrossValidate(context.Background(), e, ds.X, ds.Y, opt(nil))
	require.NoError(t, err)
	remote, err := crossval.CrossValidate(context.Background(), e, ds.X, ds.Y, opt(&beam.Executor{Model: "boston-pipeline"}))
	require.NoError(t, err)
	assert.Equal(t, local.Test, remote.Test)
	assert.Equal(t, local.Train, remote.Train)
	require.Len(t, remote.Estimators, 5)
	for i := range local.Estimators {
		pl, err := local.Estimators[i].(estimator.Predictor).Predict(ds.X)
		require.NoError(t, err)
		pr, err := remote.Estimators[i].(estimator.Predictor).Predict(ds.X)
		require.NoError(t, err)
		assert.Equal(t, pl, pr, "fold %d", i)
	}
}

// flaky fails (Mode 1) or panics (Mode 2) in Fit; Mode 0 fits a mean.
type flaky struct {
	Mode int
	Bias float64

	mean *float64
}

func (f *flaky) Fit(_ context.Context, X mat.Matrix, y []float64) error {
	switch f.Mode {
	case 1:
		return fmt.Errorf("flaky: mode 1 always fails: %w", estimator.ErrConvergence)
	case 2:
		panic("flaky: mode 2 panics on the worker")
	}
	m := 0.0
	for _, v := range y {
		m += v
	}
	m = m/float64(len(y)) + f.Bias
	f.mean = &m
	return nil
}

func (f *flaky) Predict(X mat.Matrix) ([]float64, error) {
	if f.mean == nil {
		return nil, estimator.ErrNotFitted
	}
	r, _ := X.Dims()
	out := make([]float64, r)
	for i := range out {
		out[i] = *f.mean
	}
	return out, nil
}

// TestFailingJobs: a job that errors or panics on a worker is reported for its
// candidate: with ContinueOnError as that candidate's Err (NaN scores), the others
// ranked as usual; without it, as the search's error naming the candidate and fold.
// Never lost, never a crash of the pipeline.
func TestFailingJobs(t *testing.T) {
	ds := datasets.Boston()
	grid := tuning.Grid{{Param: "Mode", Values: tuning.Values(0, 1, 2)}, {Param: "Bias", Values: tuning.Values(0.0, 1.0)}}
	ex := &beam.Executor{Model: "flaky"}
	s := &tuning.Search{Estimator: &flaky{}, Space: grid, ContinueOnError: true, Executor: ex}
	require.NoError(t, s.Fit(context.Background(), ds.X, ds.Y))
	rs := s.Results()
	require.Len(t, rs, 6)
	for _, r := range rs {
		switch r.Params["Mode"] {
		case 0:
			assert.NoError(t, r.Err)
			assert.False(t, math.IsNaN(r.MeanScore))
		case 1:
			require.Error(t, r.Err)
			assert.ErrorIs(t, r.Err, estimator.ErrConvergence)
			assert.Contains(t, r.Err.Error(), fmt.Sprintf("candidate %d %v, fold", r.Index, r.Params))
			assert.True(t, math.IsNaN(r.MeanScore))
		case 2:
			require.Error(t, r.Err)
			assert.Contains(t, r.Err.Error(), "mode 2 panics on the worker")
			assert.True(t, math.IsNaN(r.MeanScore))
		}
	}
	assert.Equal(t, 0, s.BestParams()["Mode"])

	s = &tuning.Search{Estimator: &flaky{}, Space: grid, Executor: ex}
	err := s.Fit(context.Background(), ds.X, ds.Y)
	require.Error(t, err)
	assert.ErrorIs(t, err, estimator.ErrConvergence)
	assert.Contains(t, err.Error(), "tuning.Search: candidate 2 {Bias: 0, Mode: 1}, fold 1: flaky: mode 1 always fails")
}

func TestConfigurationErrors(t *testing.T) {
	ds := datasets.Boston()
	grid := tuning.Grid{{Param: "Bias", Values: tuning.Values(0.0, 1.0)}}
	for _, tc := range []struct {
		ex   *beam.Executor
		want string
	}{
		{&beam.Executor{Model: "nope"}, `no model registered as "nope"`},
		{&beam.Executor{Model: "boston-pipeline"}, `does not load into the skeleton registered as "boston-pipeline"`},
		{&beam.Executor{Model: "flaky", Dataset: "nope"}, `no data set registered as "nope"`},
		{&beam.Executor{Model: "flaky", Runner: "no-such-runner"}, `unknown Runner "no-such-runner"`},
	} {
		s := &tuning.Search{Estimator: &flaky{}, Space: grid, Executor: tc.ex}
		err := s.Fit(context.Background(), ds.X, ds.Y)
		require.Error(t, err, tc.want)
		assert.Contains(t, err.Error(), tc.want)
	}
	assert.ErrorIs(t, beam.Register("flaky", func() estimator.Estimator { return &flaky{} }), estimator.ErrInvalidParam)
	assert.ErrorIs(t, beam.Register("", nil), estimator.ErrInvalidParam)
	assert.ErrorIs(t, beam.RegisterDataset("boston", nil), estimator.ErrInvalidParam)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := &tuning.Search{Estimator: &flaky{}, Space: grid, Executor: &beam.Executor{Model: "flaky"}}
	assert.ErrorIs(t, s.Fit(ctx, ds.X, ds.Y), context.Canceled)
}

// TestReadResults: a results table that misses a job reports that job as lost (an
// error in its outcome, so ContinueOnError decides); malformed tables are errors.
func TestReadResults(t *testing.T) {
	b := &crossval.Batch{Prefix: "p", Prototype: &flaky{}, Scorers: []string{"r2"}, Models: []crossval.Model{{}},
		Folds: []crossval.Fold{{}}, Jobs: []crossval.Job{{}, {}, {}}}
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, fmt.Sprintf("r%d.jsonl", len(s)))
		require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
		return p
	}
	out, err := beam.ReadResults(context.Background(), write(`{"job":0,"test":[0.5],"fit_ns":3}
{"job":2,"test":["NaN"],"error":"boom","kinds":["shape"]}
`), b)
	require.NoError(t, err)
	require.Len(t, out, 3)
	assert.Equal(t, []float64{0.5}, out[0].Test)
	assert.ErrorContains(t, out[1].Err, "the job was lost")
	assert.ErrorIs(t, out[2].Err, estimator.ErrShape)

	for _, bad := range []string{
		"{\"job\":7,\"test\":[1]}\n",
		"not json\n",
		"{\"job\":0,\"test\":[1]}\n{\"job\":0,\"test\":[2]}\n",
		"{\"job\":0,\"test\":[\"one\"]}\n",
	} {
		_, err := beam.ReadResults(context.Background(), write(bad), b)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, bad)
	}
	_, err = beam.ReadResults(context.Background(), filepath.Join(dir, "missing"), b)
	assert.Error(t, err)

	// Float round trip, non-finite values included.
	for _, v := range []float64{0.1, -1e-300, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324} {
		j, err := beam.Float(v).MarshalJSON()
		require.NoError(t, err)
		var f beam.Float
		require.NoError(t, f.UnmarshalJSON(j))
		if math.IsNaN(v) {
			assert.True(t, math.IsNaN(float64(f)))
		} else {
			assert.Equal(t, math.Float64bits(v), math.Float64bits(float64(f)))
		}
	}
}
