package tuning_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func bostonPipeline() *pipeline.Pipeline {
	return pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{}},
	)
}

// TestGridSearchMatchesScikitLearn compares every candidate of GridSearchCV on Boston
// with Pipeline(StandardScaler, PolynomialFeatures, Ridge), degree ∈ {1, 2} × alpha ∈
// logspace(-3, 3, 13), KFold(5), r2 (testdata/gen_sklearn.py, scikit-learn 1.2.1).
// Closed-form fits agree to 1e-8.
func TestGridSearchMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	g := testutil.Golden(t, "testdata/sklearn.json")
	ds := datasets.Boston()
	s := &tuning.Search{
		Estimator: bostonPipeline(),
		Space: tuning.Grid{ // scikit-learn sorts keys: poly__degree before ridge__alpha
			{Param: "poly.Degree", Values: tuning.Values(1, 2)},
			{Param: "ridge.Alpha", Values: tuning.Values(g.Floats("grid/alphas")...)},
		},
		CV:      crossval.KFold{K: 5},
		Scoring: metrics.R2,
	}
	require.NoError(t, s.Fit(context.Background(), ds.X, ds.Y))
	rs := s.Results()
	require.Len(t, rs, 26)
	degree, alpha := g.Ints("grid/degree"), g.Floats("grid/alpha")
	mean, sd, rank := g.Floats("grid/mean_test_score"), g.Floats("grid/std_test_score"), g.Ints("grid/rank_test_score")
	for i, r := range rs {
		assert.Equal(t, degree[i], r.Params["poly.Degree"], "candidate %d", i)
		assert.Equal(t, alpha[i], r.Params["ridge.Alpha"], "candidate %d", i)
		assert.InDelta(t, mean[i], r.MeanScore, 1e-8, "mean_test_score of candidate %d", i)
		assert.InDelta(t, sd[i], r.StdScore, 1e-8, "std_test_score of candidate %d", i)
		assert.Equal(t, rank[i], r.Rank, "rank of candidate %d", i)
		for k := range 5 {
			assert.InDelta(t, g.Floats(fmt.Sprintf("grid/split%d_test_score", k))[i], r.TestScores["r2"][k], 1e-8)
		}
	}
	var bestIndex int
	g.Decode("grid/best_index", &bestIndex)
	assert.Equal(t, bestIndex, s.BestIndex())
	assert.Equal(t, estimator.Params{"poly.Degree": int(g.Float("grid/best_degree")), "ridge.Alpha": g.Float("grid/best_alpha")}, s.BestParams())
	assert.InDelta(t, g.Float("grid/best_score"), s.BestScore(), 1e-8)

	// The refitted best pipeline is the best candidate fitted on all rows.
	ref := bostonPipeline()
	require.NoError(t, estimator.SetParams(ref, s.BestParams()))
	require.NoError(t, ref.Fit(context.Background(), ds.X, ds.Y))
	want, err := ref.Predict(ds.X)
	require.NoError(t, err)
	got, err := s.Predict(ds.X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestHalvingScheduleMatchesScikitLearn checks n_resources_ and n_candidates_ (and the
// derived iteration counts) of HalvingGridSearchCV for several settings.
func TestHalvingScheduleMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	g := testutil.Golden(t, "testdata/sklearn.json")
	boston, iris := datasets.Boston(), datasets.Iris()
	alphas := func(n int) []any {
		out := make([]any, n)
		for i := range n {
			out[i] = 1e-3 * float64(i+1)
		}
		return out
	}
	ridgeGrid := func(n int) tuning.Grid { return tuning.Grid{{Param: "Alpha", Values: alphas(n)}} }
	grid26 := tuning.Grid{{Param: "poly.Degree", Values: tuning.Values(1, 2)}, {Param: "ridge.Alpha", Values: alphas(13)}}
	poly := func() estimator.Estimator {
		return pipeline.New(pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{}}, pipeline.Step{Name: "ridge", Est: &linear.Ridge{}})
	}
	cases := []struct {
		name string
		est  estimator.Estimator
		h    tuning.Halving
		ds   *datasets.Dataset
		cv   crossval.Splitter
	}{
		{"boston26", poly(), tuning.Halving{Space: grid26}, boston, crossval.KFold{K: 5}},
		{"boston26-f2", poly(), tuning.Halving{Space: grid26, Factor: 2}, boston, crossval.KFold{K: 5}},
		{"boston26-smallest", poly(), tuning.Halving{Space: grid26, Smallest: true}, boston, crossval.KFold{K: 5}},
		{"boston26-min50", poly(), tuning.Halving{Space: grid26, MinResources: 50}, boston, crossval.KFold{K: 5}},
		{"boston-agg", &linear.Ridge{}, tuning.Halving{Space: ridgeGrid(60), MinResources: 100, AggressiveElimination: true}, boston, crossval.KFold{K: 5}},
		{"boston-max300", &linear.Ridge{}, tuning.Halving{Space: ridgeGrid(20), MaxResources: 300}, boston, crossval.KFold{K: 5}},
		{"iris-smallest", &testutil.Centroid{}, tuning.Halving{Space: tuning.Grid{{Param: "Shrink", Values: tuning.Values(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)}},
			Factor: 2, Smallest: true}, iris, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &tuning.Search{Estimator: tc.est, Space: tc.h, CV: tc.cv, ContinueOnError: true}
			require.NoError(t, s.Fit(context.Background(), tc.ds.X, tc.ds.Y))
			info := s.Halving()
			require.NotNil(t, info)
			key := "halving/" + tc.name + "/"
			assert.Equal(t, g.Ints(key+"n_resources"), info.NResources, "n_resources_")
			assert.Equal(t, g.Ints(key+"n_candidates"), info.NCandidates, "n_candidates_")
			var v int
			g.Decode(key+"min_resources", &v)
			assert.Equal(t, v, info.MinResources, "min_resources_")
			g.Decode(key+"max_resources", &v)
			assert.Equal(t, v, info.MaxResources, "max_resources_")
			g.Decode(key+"n_required_iterations", &v)
			assert.Equal(t, v, info.NRequiredIterations)
			g.Decode(key+"n_possible_iterations", &v)
			assert.Equal(t, v, info.NPossibleIterations)
			total := 0
			for _, c := range info.NCandidates {
				total += c
			}
			assert.Len(t, s.Results(), total)
			best := s.Best()
			assert.Equal(t, len(info.NCandidates)-1, best.Iteration, "the best comes from the last iteration")
		})
	}
}

// TestPrefixCacheGivesIdenticalScores compares the cached pipeline path with plain
// per-candidate pipeline fits, bit for bit, on a grid where the prefix varies
// fastest (so several prefix configurations are alive at once).
func TestPrefixCacheGivesIdenticalScores(t *testing.T) {
	t.Parallel()
	ds := datasets.Boston()
	run := func(noCache bool, workers int) []tuning.Result {
		s := &tuning.Search{Estimator: bostonPipeline(), Space: tuning.Union(
			tuning.Grid{
				{Param: "ridge.Alpha", Values: tuning.Values(0.1, 10.0)},
				{Param: "poly.Degree", Values: tuning.Values(1, 2)},
				{Param: "scale.NoStd", Values: tuning.Values(false, true)},
			},
			tuning.Grid{{Param: "poly", Values: tuning.Values(estimator.Passthrough)}},
		), CV: crossval.KFold{K: 3, Shuffle: true, Seed: 1}, NoCache: noCache, Workers: workers,
			ReturnTrainScore: true, Scorers: []metrics.Scorer{metrics.R2, metrics.NegMAE}}
		require.NoError(t, s.Fit(context.Background(), ds.X, ds.Y))
		return s.Results()
	}
	want := run(true, 1)
	for _, w := range []int{1, 3} {
		got := run(false, w)
		require.Len(t, got, len(want))
		for i := range want {
			assert.Equal(t, want[i].TestScores, got[i].TestScores, "candidate %d", i)
			assert.Equal(t, want[i].TrainScores, got[i].TrainScores, "candidate %d", i)
		}
	}
}

// TestPrefixCacheStepReplacement: replacement steps that differ only in fields that
// are not parameters (a FunctionTransformer's Func) must not share a cache entry.
func TestPrefixCacheStepReplacement(t *testing.T) {
	t.Parallel()
	ds := datasets.Boston()
	scale := func(k float64) func(*mat.Dense) (*mat.Dense, error) {
		return func(X *mat.Dense) (*mat.Dense, error) {
			var out mat.Dense
			out.Apply(func(_, _ int, v float64) float64 { return math.Log1p(math.Abs(v)) * k }, X)
			return &out, nil
		}
	}
	run := func(noCache bool) []tuning.Result {
		s := &tuning.Search{Estimator: pipeline.Make(&preprocess.FunctionTransformer{}, &linear.Ridge{}),
			Space: tuning.Grid{
				{Param: "functiontransformer", Values: tuning.Values[estimator.Estimator](
					&preprocess.FunctionTransformer{Func: scale(1)}, &preprocess.FunctionTransformer{Func: scale(7)}, estimator.Passthrough)},
				{Param: "ridge.Alpha", Values: tuning.Values(1.0, 100.0)},
			}, CV: crossval.KFold{K: 3}, NoCache: noCache}
		require.NoError(t, s.Fit(context.Background(), ds.X, ds.Y))
		return s.Results()
	}
	want, got := run(true), run(false)
	for i := range want {
		assert.Equal(t, want[i].TestScores, got[i].TestScores, "candidate %d", i)
	}
	assert.NotEqual(t, got[0].MeanScore, got[2].MeanScore, "the two functions give different models")
}
