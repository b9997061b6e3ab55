package tuning_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/tuning"
)

func TestHalvingParameterResource(t *testing.T) {
	t.Parallel()
	X, y := regData(90, 3, 20)
	s := &tuning.Search{Estimator: &testutil.LSQ{}, CV: crossval.KFold{K: 3},
		Space: tuning.Halving{Space: alphaGrid(0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5, 1e6), Resource: "Epochs", MaxResources: 9}}
	require.NoError(t, s.Fit(context.Background(), X, y))
	info := s.Halving()
	require.NotNil(t, info)
	assert.Equal(t, []int{1, 3, 9}, info.NResources)
	assert.Equal(t, []int{9, 3, 1}, info.NCandidates)
	assert.Equal(t, 1, info.NRemainingCandidates)
	rs := s.Results()
	require.Len(t, rs, 13)
	for _, r := range rs {
		assert.Equal(t, r.Resources, r.Params["Epochs"], "the resource is a parameter of every candidate")
	}
	// The three best of iteration 0 advance, in ascending score order.
	var it0 []tuning.Result
	for _, r := range rs[:9] {
		it0 = append(it0, r)
	}
	advanced := map[int]bool{}
	for _, r := range rs[9:12] {
		assert.Equal(t, 1, r.Iteration)
		advanced[r.Index] = true
	}
	for _, r := range it0 {
		if advanced[r.Index] {
			for _, o := range it0 {
				if !advanced[o.Index] {
					assert.GreaterOrEqual(t, r.MeanScore, o.MeanScore)
				}
			}
		}
	}
	// They come in ascending order of their iteration-0 scores (scikit-learn _top_k).
	score0 := map[int]float64{}
	for _, r := range it0 {
		score0[r.Index] = r.MeanScore
	}
	assert.LessOrEqual(t, score0[rs[9].Index], score0[rs[10].Index])
	assert.LessOrEqual(t, score0[rs[10].Index], score0[rs[11].Index])
	assert.Equal(t, 12, s.BestIndex())
	assert.Equal(t, 9, s.BestParams()["Epochs"])
	assert.Equal(t, 9, s.BestEstimator().(*testutil.LSQ).Epochs, "the refit uses the last iteration's budget")
	df := s.ResultsFrame()
	require.NoError(t, df.Err)
	assert.Equal(t, []string{"iter", "n_resources"}, df.Names()[:2])
}

func TestHalvingRowsDeterministic(t *testing.T) {
	t.Parallel()
	X, y := regData(300, 4, 21)
	run := func(workers int, seed uint64) []tuning.Result {
		s := &tuning.Search{Estimator: &testutil.LSQ{}, Workers: workers,
			Space: tuning.Halving{Seed: seed, Space: tuning.Random{N: 12, Seed: 4, Params: []tuning.Dist{
				{Param: "Alpha", Dist: tuning.LogUniform{Min: 1e-2, Max: 1e4}}}}}}
		require.NoError(t, s.Fit(context.Background(), X, y))
		return s.Results()
	}
	a, b := run(1, 5), run(3, 5)
	require.Equal(t, len(a), len(b))
	for i := range a {
		assert.Equal(t, a[i].TestScores, b[i].TestScores)
		assert.Equal(t, a[i].Resources, b[i].Resources)
	}
	c := run(1, 6)
	assert.NotEqual(t, a[0].TestScores, c[0].TestScores, "another Seed subsamples other rows")
}

func TestHalvingSaveLoad(t *testing.T) {
	t.Parallel()
	X, y := regData(90, 3, 22)
	newSearch := func() *tuning.Search {
		return &tuning.Search{Estimator: &testutil.LSQ{}, CV: crossval.KFold{K: 3},
			Space: tuning.Halving{Space: alphaGrid(0.01, 1, 100, 1e4), Resource: "Epochs", MaxResources: 4, Factor: 2}}
	}
	s := newSearch()
	require.NoError(t, s.Fit(context.Background(), X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	dst := newSearch()
	require.NoError(t, estimator.Load(&buf, dst))
	assert.Equal(t, s.BestParams(), dst.BestParams())
	assert.Equal(t, s.Halving(), dst.Halving())
	assert.Equal(t, s.ResultsFrame().Records(), dst.ResultsFrame().Records())
	want, _ := s.Predict(X)
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
