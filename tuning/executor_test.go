package tuning_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

// bostonSearch is examples/sweep's grid: scale → poly → ridge, degree {1, 2} × 13
// alphas, shuffled 5-fold CV: 26 candidates × 5 folds.
func bostonSearch(ex crossval.Executor) *tuning.Search {
	alphas := make([]float64, 13)
	for i := range alphas {
		alphas[i] = math.Pow(10, -3+float64(i)/2)
	}
	return &tuning.Search{
		Estimator: pipeline.New(
			pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
			pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
			pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
		),
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

// sameResults asserts that two fitted searches agree: same candidates, ranks and best,
// every fold score within tol, and refits that predict the same.
func sameResults(t *testing.T, want, got *tuning.Search, X mat.Matrix, tol float64) {
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
		}
		for name, s := range wr[i].TrainScores {
			assert.InDeltaSlice(t, s, gr[i].TrainScores[name], tol, "candidate %d train %s", i, name)
		}
		assert.Equal(t, wr[i].Err == nil, gr[i].Err == nil)
	}
	assert.Equal(t, want.BestIndex(), got.BestIndex())
	assert.Equal(t, want.BestParams(), got.BestParams())
	assert.InDelta(t, want.BestScore(), got.BestScore(), tol)
	if want.BestEstimator() != nil {
		pw, err := want.Predict(X)
		require.NoError(t, err)
		pg, err := got.Predict(X)
		require.NoError(t, err)
		assert.InDeltaSlice(t, pw, pg, tol)
	}
}

// TestExecutorBostonGrid: the Boston grid through the executor seam (every candidate
// saved, loaded into a clone of the prototype and fitted without shared prefixes)
// gives the local pool's results to 1e-12 (in fact bit for bit: the same code fits the
// same rows).
func TestExecutorBostonGrid(t *testing.T) {
	ds := datasets.Boston()
	local := bostonSearch(nil)
	require.NoError(t, local.Fit(context.Background(), ds.X, ds.Y))
	var events int
	remote := bostonSearch(crossval.LocalExecutor{})
	remote.Progress = func(tuning.ProgressEvent) { events++ }
	require.NoError(t, remote.Fit(context.Background(), ds.X, ds.Y))
	require.Len(t, remote.Results(), 26)
	assert.Equal(t, 130, events)
	sameResults(t, local, remote, ds.X, 1e-12)
	for i, r := range local.Results() {
		assert.Equal(t, r.TestScores, remote.Results()[i].TestScores, "bitwise, candidate %d", i)
	}
}

// TestExecutorHalving: successive halving's iterations go through the executor too.
func TestExecutorHalving(t *testing.T) {
	ds := datasets.Boston()
	mk := func(ex crossval.Executor) *tuning.Search {
		s := bostonSearch(ex)
		s.Space = tuning.Halving{Space: s.Space, Factor: 3, Seed: 1}
		s.Scorers, s.Scoring = nil, metrics.R2
		return s
	}
	local, remote := mk(nil), mk(crossval.LocalExecutor{})
	require.NoError(t, local.Fit(context.Background(), ds.X, ds.Y))
	require.NoError(t, remote.Fit(context.Background(), ds.X, ds.Y))
	sameResults(t, local, remote, ds.X, 1e-12)
	assert.Equal(t, local.Halving(), remote.Halving())
}

// flaky fails (Mode 1) or panics (Mode 2) in Fit; Mode 0 is testutil.LSQ.
type flaky struct {
	Mode  int
	Alpha float64

	m *testutil.LSQ
}

func (f *flaky) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	switch f.Mode {
	case 1:
		return fmt.Errorf("flaky: mode 1 always fails: %w", estimator.ErrConvergence)
	case 2:
		panic("flaky: mode 2 panics")
	}
	m := &testutil.LSQ{Alpha: f.Alpha}
	if err := m.Fit(ctx, X, y); err != nil {
		return err
	}
	f.m = m
	return nil
}

func (f *flaky) Predict(X mat.Matrix) ([]float64, error) {
	if f.m == nil {
		return nil, estimator.ErrNotFitted
	}
	return f.m.Predict(X)
}

func TestExecutorContinueOnError(t *testing.T) {
	X, y := regData(60, 3, 1)
	grid := tuning.Grid{{Param: "Mode", Values: tuning.Values(0, 1, 2)}, {Param: "Alpha", Values: tuning.Values(0.1, 1.0)}}
	s := &tuning.Search{Estimator: &flaky{}, Space: grid, ContinueOnError: true, Executor: crossval.LocalExecutor{}}
	require.NoError(t, s.Fit(context.Background(), X, y))
	rs := s.Results()
	require.Len(t, rs, 6)
	for _, r := range rs {
		switch r.Params["Mode"] {
		case 0:
			assert.NoError(t, r.Err)
			assert.False(t, math.IsNaN(r.MeanScore))
		case 1:
			require.Error(t, r.Err)
			assert.ErrorIs(t, r.Err, estimator.ErrConvergence, "the sentinel survives the seam")
			assert.Contains(t, r.Err.Error(), fmt.Sprintf("candidate %d", r.Index))
			assert.True(t, math.IsNaN(r.MeanScore))
		case 2:
			require.Error(t, r.Err)
			assert.Contains(t, r.Err.Error(), "mode 2 panics")
			assert.True(t, math.IsNaN(r.MeanScore))
		}
	}
	assert.Equal(t, 0, s.BestParams()["Mode"])

	// Without ContinueOnError the first failing job, in job order, fails the search (one
	// worker: with more, a later job may fail first and cancel the earlier one).
	s = &tuning.Search{Estimator: &flaky{}, Space: grid, Executor: crossval.LocalExecutor{}, Workers: 1}
	err := s.Fit(context.Background(), X, y)
	require.Error(t, err)
	assert.ErrorIs(t, err, estimator.ErrConvergence)
	assert.Contains(t, err.Error(), "tuning.Search: candidate 2 {Alpha: 0.1, Mode: 1}, fold 1")
	assert.Nil(t, s.BestEstimator())
}

// brokenExecutor misbehaves in the ways a remote engine can.
type brokenExecutor struct{ mode string }

func (e brokenExecutor) Execute(ctx context.Context, b *crossval.Batch) ([]crossval.Outcome, error) {
	out, err := crossval.LocalExecutor{}.Execute(ctx, b)
	if err != nil {
		return nil, err
	}
	switch e.mode {
	case "lose":
		return out[:len(out)-1], nil
	case "blank":
		out[3] = crossval.Outcome{}
	case "panic":
		panic("executor crashed")
	case "fail":
		return nil, errors.New("cluster unreachable")
	}
	return out, nil
}

func TestExecutorFailuresAreReported(t *testing.T) {
	X, y := regData(60, 3, 1)
	grid := tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.1, 1.0)}}
	for _, tc := range []struct{ mode, msg string }{
		{"lose", "returned 9 outcomes for 10 jobs"},
		{"blank", "candidate 0 {Alpha: 0.1}, fold 4: executor tuning_test.brokenExecutor returned no or a malformed outcome"},
		{"panic", "executor crashed"},
		{"fail", "cluster unreachable"},
	} {
		s := &tuning.Search{Estimator: &flaky{}, Space: grid, Executor: brokenExecutor{tc.mode}}
		err := s.Fit(context.Background(), X, y)
		require.Error(t, err, tc.mode)
		assert.Contains(t, err.Error(), tc.msg, tc.mode)
		assert.Contains(t, err.Error(), "tuning.Search", tc.mode)
	}
	// With ContinueOnError a blank outcome is that candidate's error, never a score.
	s := &tuning.Search{Estimator: &flaky{}, Space: grid, Executor: brokenExecutor{"blank"}, ContinueOnError: true}
	require.NoError(t, s.Fit(context.Background(), X, y))
	assert.Error(t, s.Results()[0].Err)
	assert.NoError(t, s.Results()[1].Err)
}

// unsaveable has a hyperparameter that a model file cannot hold.
type unsaveable struct {
	C     complex128
	Alpha float64
	flaky
}

func TestExecutorNeedsPersistableModelsAndNamedScorers(t *testing.T) {
	X, y := regData(40, 2, 1)
	grid := tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.1, 1.0)}}
	s := &tuning.Search{Estimator: &unsaveable{}, Space: grid, Executor: crossval.LocalExecutor{}}
	err := s.Fit(context.Background(), X, y)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot be sent to an executor")

	custom := metrics.NewScorer("my_r2", metrics.R2Score, true)
	s = &tuning.Search{Estimator: &flaky{}, Space: grid, Scoring: custom, Executor: crossval.LocalExecutor{}}
	err = s.Fit(context.Background(), X, y)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "scorers travel by name")
}

func TestExecutorCancel(t *testing.T) {
	X, y := regData(40, 2, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := &tuning.Search{Estimator: &flaky{}, Space: tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.1, 1.0)}},
		Executor: crossval.LocalExecutor{}}
	assert.ErrorIs(t, s.Fit(ctx, X, y), context.Canceled)
}

// TestExecutorConformance: a Search whose jobs go through the executor seam is still
// an ordinary estimator (clone, save/load, refit, bad input, cancellation).
func TestExecutorConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator {
		return &tuning.Search{Estimator: &ridgeT{}, Space: tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.1, 10.0)}},
			CV: crossval.KFold{K: 3}, Executor: crossval.LocalExecutor{}}
	})
}
