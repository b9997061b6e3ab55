package tuning_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/tuning"
)

func alphaGrid(vs ...float64) tuning.Grid {
	return tuning.Grid{{Param: "Alpha", Values: tuning.Values(vs...)}}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	t.Run("direct", func(t *testing.T) {
		// ridgeT predicts and transforms, so the Search's every method works and the
		// suite runs on the Search itself.
		estimatortest.Run(t, func() estimator.Estimator {
			return &tuning.Search{Estimator: &ridgeT{}, Space: tuning.Grid{{Param: "Alpha", Values: tuning.Values(0.1, 10.0)}},
				CV: crossval.KFold{K: 3}, Workers: 2}
		})
	})
	t.Run("regressor", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(0, 1, 100), CV: crossval.KFold{K: 3}}
		})
	})
	t.Run("classifier", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &tuning.Search{Estimator: &testutil.Centroid{},
				Space: tuning.Grid{{Param: "Shrink", Values: tuning.Values(0.0, 0.5)}}, Scoring: metrics.NegLogLoss}
		})
	})
	t.Run("random-halving", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &tuning.Search{Estimator: &testutil.LSQ{},
				Space: tuning.Halving{Factor: 2, Space: tuning.Random{N: 4, Seed: 3, Params: []tuning.Dist{
					{Param: "Alpha", Dist: tuning.LogUniform{Min: 1e-2, Max: 1e2}}}}},
				CV: crossval.KFold{K: 2}}
		})
	})
}

func TestGridOrder(t *testing.T) {
	t.Parallel()
	g := tuning.Grid{
		{Param: "a", Values: tuning.Values(1, 2)},
		{Param: "b", Values: tuning.Values("x", "y", "z")},
	}
	seq, n := g.Candidates()
	require.Equal(t, 6, n)
	var got []string
	for p := range seq {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{"{a: 1, b: x}", "{a: 1, b: y}", "{a: 1, b: z}", "{a: 2, b: x}", "{a: 2, b: y}", "{a: 2, b: z}"}, got,
		"the first axis varies slowest")

	u := tuning.Union(g, tuning.Grid{{Param: "c", Values: tuning.Values(true)}})
	seq, n = u.Candidates()
	require.Equal(t, 7, n)
	got = got[:0]
	for p := range seq {
		got = append(got, p.String())
	}
	assert.Equal(t, "{c: true}", got[6])
}

func TestRandom(t *testing.T) {
	t.Parallel()
	draw := func(r tuning.Random) []estimator.Params {
		seq, n := r.Candidates()
		var out []estimator.Params
		for p := range seq {
			out = append(out, p)
		}
		require.Len(t, out, n)
		return out
	}
	r := tuning.Random{N: 50, Seed: 7, Params: []tuning.Dist{
		{Param: "lr", Dist: tuning.LogUniform{Min: 1e-3, Max: 1e1}},
		{Param: "k", Dist: tuning.IntUniform{Min: 2, Max: 4}},
		{Param: "kind", Dist: tuning.Choice{Values: tuning.Values("a", "b")}},
		{Param: "u", Dist: distuv.Uniform{Min: -1, Max: 1}},
	}}
	require.NoError(t, r.Validate())
	a, b := draw(r), draw(r)
	require.Len(t, a, 50)
	for i := range a {
		assert.True(t, estimator.ParamsEqual(a[i], b[i]), "same seed, same draws")
	}
	seenK := map[int]bool{}
	for _, p := range a {
		lr := p["lr"].(float64)
		assert.True(t, lr >= 1e-3 && lr <= 10, "lr %v", lr)
		k := p["k"].(int)
		assert.True(t, k >= 2 && k <= 4)
		seenK[k] = true
		assert.Contains(t, []any{"a", "b"}, p["kind"])
		u := p["u"].(float64)
		assert.True(t, u >= -1 && u <= 1)
	}
	assert.Len(t, seenK, 3, "IntUniform is inclusive")
	r2 := r
	r2.Seed = 8
	assert.NotEqual(t, a[0].String(), draw(r2)[0].String(), "another seed, other draws")

	// Only choices: without replacement, capped at the grid size.
	c := draw(tuning.Random{N: 10, Seed: 1, Params: []tuning.Dist{
		{Param: "a", Dist: tuning.Choice{Values: tuning.Values(1, 2, 3)}},
		{Param: "b", Dist: tuning.Choice{Values: tuning.Values(true, false)}},
	}})
	require.Len(t, c, 6)
	seen := map[string]bool{}
	for _, p := range c {
		seen[p.String()] = true
	}
	assert.Len(t, seen, 6)
}

func TestValidationBeforeFitting(t *testing.T) {
	t.Parallel()
	X, y := regData(40, 3, 1)
	var slowCalls atomic.Int64
	slow := &testutil.LSQ{Delay: time.Second, Calls: &slowCalls} // any fit would take a second
	cases := []struct {
		name  string
		s     *tuning.Search
		want  []string
		isErr error
	}{
		{"typo", &tuning.Search{Estimator: slow, Space: tuning.Grid{{Param: "Alpah", Values: tuning.Values(1.0)}}},
			[]string{"candidate 0 {Alpah: 1}", `"Alpah"`}, estimator.ErrInvalidParam},
		{"invalid value", &tuning.Search{Estimator: slow, Space: alphaGrid(1, 2, 3, -1)},
			[]string{"candidate 3 {Alpha: -1}", `"Alpha"`, "must be >= 0"}, estimator.ErrInvalidParam},
		{"pipeline path", &tuning.Search{Estimator: pipeline.New(pipeline.Step{Name: "m", Est: slow}),
			Space: tuning.Grid{{Param: "m.Alpha", Values: tuning.Values(1.0, -2.0)}}},
			[]string{"candidate 1 {m.Alpha: -2}", `"m.Alpha"`}, estimator.ErrInvalidParam},
		{"wrong type", &tuning.Search{Estimator: slow, Space: tuning.Grid{{Param: "Epochs", Values: tuning.Values(2.5)}}},
			[]string{"candidate 0", "Epochs"}, estimator.ErrInvalidParam},
		{"empty grid", &tuning.Search{Estimator: slow, Space: tuning.Grid{}}, []string{"no axes"}, estimator.ErrInvalidParam},
		{"no values", &tuning.Search{Estimator: slow, Space: tuning.Grid{{Param: "Alpha"}}}, []string{"no values"}, estimator.ErrInvalidParam},
		{"random N", &tuning.Search{Estimator: slow, Space: tuning.Random{Params: []tuning.Dist{{Param: "Alpha", Dist: tuning.LogUniform{Min: 1, Max: 2}}}}},
			[]string{"Space.N"}, estimator.ErrInvalidParam},
		{"log uniform", &tuning.Search{Estimator: slow, Space: tuning.Random{N: 2, Params: []tuning.Dist{{Param: "Alpha", Dist: tuning.LogUniform{Min: 0, Max: 2}}}}},
			[]string{"LogUniform"}, estimator.ErrInvalidParam},
		{"nil estimator", &tuning.Search{Space: alphaGrid(1)}, []string{"Estimator"}, estimator.ErrInvalidParam},
		{"nil space", &tuning.Search{Estimator: slow}, []string{"Space"}, estimator.ErrInvalidParam},
		{"too few rows", &tuning.Search{Estimator: slow, Space: alphaGrid(1), CV: crossval.KFold{K: 41}}, []string{"41"}, nil},
		{"proba scorer", &tuning.Search{Estimator: slow, Space: alphaGrid(1), Scoring: metrics.NegLogLoss},
			[]string{"neg_log_loss", "PredictProba"}, errors.ErrUnsupported},
		{"proba scorer in pipeline", &tuning.Search{Estimator: pipeline.Make(slow), Space: tuning.Grid{{Param: "lsq.Alpha", Values: tuning.Values(1.0)}},
			Scorers: []metrics.Scorer{metrics.R2, metrics.ROCAUC}}, []string{"roc_auc"}, errors.ErrUnsupported},
		{"scoring and scorers", &tuning.Search{Estimator: slow, Space: alphaGrid(1), Scoring: metrics.R2, Scorers: []metrics.Scorer{metrics.NegMSE}},
			[]string{"not both"}, estimator.ErrInvalidParam},
		{"refit name", &tuning.Search{Estimator: slow, Space: alphaGrid(1), Scorers: []metrics.Scorer{metrics.R2}, Refit: "r3"},
			[]string{"Refit", "r3"}, estimator.ErrInvalidParam},
		{"duplicate scorer", &tuning.Search{Estimator: slow, Space: alphaGrid(1), Scorers: []metrics.Scorer{metrics.R2, metrics.R2}},
			[]string{"duplicate"}, estimator.ErrInvalidParam},
		{"halving factor", &tuning.Search{Estimator: slow, Space: tuning.Halving{Space: alphaGrid(1), Factor: 1}},
			[]string{"Factor"}, estimator.ErrInvalidParam},
		{"halving resource path", &tuning.Search{Estimator: slow, Space: tuning.Halving{Space: alphaGrid(1, 2), Resource: "Epoch", MaxResources: 9}},
			[]string{"candidate 0", `"Epoch"`}, estimator.ErrInvalidParam},
		{"halving resource searched", &tuning.Search{Estimator: slow, Space: tuning.Halving{Space: tuning.Grid{{Param: "Epochs", Values: tuning.Values(1, 2)}}, Resource: "Epochs", MaxResources: 9}},
			[]string{"resource"}, estimator.ErrInvalidParam},
		{"halving max resources", &tuning.Search{Estimator: slow, Space: tuning.Halving{Space: alphaGrid(1, 2), Resource: "Epochs"}},
			[]string{"MaxResources"}, estimator.ErrInvalidParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := slowCalls.Load()
			start := time.Now()
			err := tc.s.Fit(context.Background(), X, y)
			require.Error(t, err)
			assert.Less(t, time.Since(start), 500*time.Millisecond, "validation must fail before fitting")
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			if tc.isErr != nil {
				assert.ErrorIs(t, err, tc.isErr)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "tuning.Search: "), err.Error())
			assert.Equal(t, before, slowCalls.Load(), "validation must fail before fitting anything")
			assert.Zero(t, slowCalls.Load(), "validation must fail before fitting anything")
		})
	}
	// Bad data.
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1)}
	assert.ErrorIs(t, s.Fit(context.Background(), nil, y), estimator.ErrInvalidData)
	assert.ErrorIs(t, s.Fit(context.Background(), &mat.Dense{}, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, s.Fit(context.Background(), X, y[:10]), estimator.ErrShape)
}

func TestWorkersGiveIdenticalResults(t *testing.T) {
	t.Parallel()
	X, y := regData(120, 5, 2)
	run := func(workers int) []tuning.Result {
		s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(0.01, 0.1, 1, 10, 100, 1000),
			CV: crossval.KFold{K: 4, Shuffle: true, Seed: 3}, Workers: workers, ReturnTrainScore: true}
		require.NoError(t, s.Fit(context.Background(), X, y))
		return s.Results()
	}
	want := run(1)
	for _, w := range []int{2, 3, 8} {
		got := run(w)
		require.Len(t, got, len(want))
		for i := range want {
			assert.Equal(t, want[i].TestScores, got[i].TestScores, "workers=%d candidate %d", w, i)
			assert.Equal(t, want[i].TrainScores, got[i].TrainScores)
			assert.Equal(t, want[i].Rank, got[i].Rank)
		}
	}
}

func TestResultsAndBest(t *testing.T) {
	t.Parallel()
	X, y := regData(100, 4, 3)
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1e4, 1, 1, 1e5), CV: crossval.KFold{K: 5},
		Scorers: []metrics.Scorer{metrics.NegMSE, metrics.R2}, Refit: "r2", ReturnTrainScore: true}
	require.NoError(t, s.Fit(context.Background(), X, y))
	rs := s.Results()
	require.Len(t, rs, 4)
	// Ties share the smallest rank; the first of them is best.
	assert.Equal(t, []int{3, 1, 1, 4}, []int{rs[0].Rank, rs[1].Rank, rs[2].Rank, rs[3].Rank})
	assert.Equal(t, 1, s.BestIndex())
	assert.Equal(t, estimator.Params{"Alpha": 1.0}, s.BestParams())
	best := s.Best()
	assert.InDelta(t, best.Mean("r2"), best.MeanScore, 0)
	assert.InDelta(t, best.Mean("r2"), s.BestScore(), 0)
	assert.Equal(t, 1, best.Ranks["neg_mean_squared_error"])
	// Cross-check one candidate against crossval.CrossValidate on the same folds.
	cv, err := crossval.CrossValidate(context.Background(), &testutil.LSQ{Alpha: 1e4}, X, y,
		&crossval.Options{CV: crossval.KFold{K: 5}, Scorers: []metrics.Scorer{metrics.NegMSE, metrics.R2}})
	require.NoError(t, err)
	assert.InDeltaSlice(t, cv.Test["r2"], rs[0].TestScores["r2"], 1e-12)
	assert.InDeltaSlice(t, cv.Test["neg_mean_squared_error"], rs[0].TestScores["neg_mean_squared_error"], 1e-12)
	assert.InDelta(t, cv.Std("r2"), rs[0].StdScore, 1e-12)
	assert.Greater(t, rs[1].MeanTrain("r2"), 0.5)
	// The refitted model is the best candidate fitted on all rows.
	ref := &testutil.LSQ{Alpha: 1}
	require.NoError(t, ref.Fit(context.Background(), X, y))
	want, _ := ref.Predict(X)
	got, err := s.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 1.0, s.BestEstimator().(*testutil.LSQ).Alpha)
	assert.Equal(t, 5, s.NSplits())
	// Results are copies.
	rs[0].TestScores["r2"][0] = 99
	assert.NotEqual(t, 99.0, s.Results()[0].TestScores["r2"][0])
	// The prototype is untouched.
	assert.Equal(t, 0.0, s.Estimator.(*testutil.LSQ).Alpha)
}

func TestNotFittedAndNoRefit(t *testing.T) {
	t.Parallel()
	X, y := regData(30, 2, 4)
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1, 2), NoRefit: true}
	_, err := s.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, s.Results())
	assert.Equal(t, -1, s.BestIndex())
	require.NoError(t, s.Fit(context.Background(), X, y))
	assert.Len(t, s.Results(), 2)
	_, err = s.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, s.BestEstimator())
	assert.Equal(t, s.Estimator, s.Unwrap())
	_, err = s.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)

	s.NoRefit = false
	require.NoError(t, s.Fit(context.Background(), X, y))
	_, err = s.Transform(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	_, err = s.PredictProba(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Nil(t, s.Classes())
	assert.Same(t, s.BestEstimator(), s.Unwrap())
}

func TestClassifierDefaults(t *testing.T) {
	t.Parallel()
	X, y := clfData(90, 4, 3, 5)
	s := &tuning.Search{Estimator: &testutil.Centroid{}, Space: tuning.Grid{{Param: "Shrink", Values: tuning.Values(0.0, 0.3, 0.9)}}}
	assert.True(t, estimator.IsClassifier(s))
	require.NoError(t, s.Fit(context.Background(), X, y))
	assert.Equal(t, []float64{0, 1, 2}, s.Classes())
	// Default scoring is accuracy with StratifiedKFold(5), as in scikit-learn.
	sc, err := crossval.Score(context.Background(), &testutil.Centroid{Shrink: 0.3}, X, y, crossval.StratifiedKFold{K: 5}, metrics.Accuracy)
	require.NoError(t, err)
	assert.Equal(t, sc, s.Results()[1].TestScores["accuracy"])
	p, err := s.PredictProba(X)
	require.NoError(t, err)
	r, c := p.Dims()
	assert.Equal(t, [2]int{90, 3}, [2]int{r, c})
}

func TestContinueOnError(t *testing.T) {
	t.Parallel()
	X, y := regData(60, 3, 6)
	space := tuning.Grid{
		{Param: "Fail", Values: tuning.Values(false, true)},
		{Param: "Alpha", Values: tuning.Values(0.1, 10.0)},
	}
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: space}
	err := s.Fit(context.Background(), X, y)
	require.Error(t, err)
	assert.ErrorIs(t, err, testutil.ErrDeliberate)
	assert.Contains(t, err.Error(), "candidate 2 {Alpha: 0.1, Fail: true}")

	s.ContinueOnError = true
	require.NoError(t, s.Fit(context.Background(), X, y))
	rs := s.Results()
	require.Len(t, rs, 4)
	for i, r := range rs {
		if i < 2 {
			assert.NoError(t, r.Err)
			assert.False(t, math.IsNaN(r.MeanScore))
			continue
		}
		assert.ErrorIs(t, r.Err, testutil.ErrDeliberate)
		assert.True(t, math.IsNaN(r.MeanScore))
		assert.True(t, math.IsNaN(r.TestScores["r2"][0]))
		assert.Equal(t, 3, r.Rank, "failed candidates tie for the worst rank")
	}
	df := s.ResultsFrame()
	require.NoError(t, df.Err)
	assert.Contains(t, df.Names(), "error")

	all := &tuning.Search{Estimator: &testutil.LSQ{Fail: true}, Space: alphaGrid(1, 2), ContinueOnError: true}
	err = all.Fit(context.Background(), X, y)
	assert.ErrorIs(t, err, testutil.ErrDeliberate)
	assert.Contains(t, err.Error(), "all 2 candidates failed")
}

func TestCancel(t *testing.T) {
	t.Parallel()
	X, y := regData(40, 2, 7)
	s := &tuning.Search{Estimator: &testutil.LSQ{Delay: 50 * time.Millisecond}, Space: alphaGrid(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
		Workers: 2, ContinueOnError: true}
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	s.Progress = func(tuning.ProgressEvent) { once.Do(cancel) }
	start := time.Now()
	err := s.Fit(ctx, X, y)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Second, "50 fits of 50 ms on 2 workers take 1.25 s; cancellation must be prompt")
	assert.Nil(t, s.Results(), "a cancelled Fit keeps the previous (empty) state")

	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	assert.ErrorIs(t, s.Fit(done, X, y), context.Canceled)
}

func TestProgress(t *testing.T) {
	t.Parallel()
	X, y := regData(50, 2, 8)
	var events []tuning.ProgressEvent // no lock: calls are serialized (checked by -race)
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1, 2, 3), CV: crossval.KFold{K: 4}, Workers: 4,
		Progress: func(e tuning.ProgressEvent) { events = append(events, e) }}
	require.NoError(t, s.Fit(context.Background(), X, y))
	require.Len(t, events, 12)
	seen := map[[2]int]bool{}
	for i, e := range events {
		assert.Equal(t, i+1, e.Done)
		assert.Equal(t, 12, e.Total)
		assert.False(t, math.IsNaN(e.Score))
		seen[[2]int{e.Candidate, e.Fold}] = true
	}
	assert.Len(t, seen, 12)
}

func TestResultsFrameAndCSV(t *testing.T) {
	t.Parallel()
	X, y := regData(50, 2, 9)
	s := &tuning.Search{Estimator: pipeline.New(pipeline.Step{Name: "ridge", Est: &testutil.LSQ{}}), Space: tuning.Union(
		tuning.Grid{{Param: "ridge.Alpha", Values: tuning.Values(0.5, 5.0)}},
		tuning.Grid{{Param: "ridge", Values: tuning.Values[estimator.Estimator](&testutil.LSQ{Alpha: 50})}},
	), CV: crossval.KFold{K: 3}}
	var buf bytes.Buffer
	assert.ErrorIs(t, s.WriteCSV(&buf), estimator.ErrNotFitted)
	require.NoError(t, s.Fit(context.Background(), X, y))
	df := s.ResultsFrame()
	require.NoError(t, df.Err)
	assert.Equal(t, []string{"mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time",
		"param_ridge", "param_ridge.Alpha", "params",
		"split0_test_score", "split1_test_score", "split2_test_score", "mean_test_score", "std_test_score", "rank_test_score"}, df.Names())
	assert.Equal(t, 3, df.Nrow())
	rs := s.Results()
	assert.InDeltaSlice(t, []float64{rs[0].MeanScore, rs[1].MeanScore, rs[2].MeanScore}, df.Col("mean_test_score").Float(), 0)
	assert.Equal(t, []string{"", "", "*testutil.LSQ"}, df.Col("param_ridge").Records())
	require.NoError(t, s.WriteCSV(&buf))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 4)
	assert.True(t, strings.HasPrefix(lines[0], "mean_fit_time,std_fit_time"), lines[0])
	// Step replacement: the replaced step's own Alpha was used.
	assert.Equal(t, 50.0, rs[2].Params["ridge"].(*testutil.LSQ).Alpha)
}

func TestNestedCrossValidation(t *testing.T) {
	t.Parallel()
	X, y := regData(80, 3, 10)
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(0.1, 10, 1000), CV: crossval.KFold{K: 3}}
	res, err := crossval.CrossValidate(context.Background(), s, X, y, &crossval.Options{CV: crossval.KFold{K: 4}, Workers: 2})
	require.NoError(t, err)
	assert.Len(t, res.Test["r2"], 4)
	for _, v := range res.Test["r2"] {
		assert.Greater(t, v, 0.8)
	}
	assert.Nil(t, s.Results(), "CrossValidate fits clones")
}

func TestSaveLoad(t *testing.T) {
	t.Parallel()
	X, y := regData(60, 3, 11)
	newSearch := func() *tuning.Search {
		return &tuning.Search{Estimator: pipeline.New(pipeline.Step{Name: "ridge", Est: &testutil.LSQ{}}), Space: tuning.Union(
			tuning.Grid{{Param: "ridge.Alpha", Values: tuning.Values(0.5, 5.0)}},
			tuning.Grid{{Param: "ridge", Values: tuning.Values[estimator.Estimator](&testutil.LSQ{Alpha: 1e-3, Epochs: 2})}},
		), CV: crossval.KFold{K: 3}, Scorers: []metrics.Scorer{metrics.NegMAE, metrics.R2}, Refit: "neg_mean_absolute_error", ReturnTrainScore: true}
	}
	s := newSearch()
	require.NoError(t, s.Fit(context.Background(), X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	file := buf.Bytes()

	dst := newSearch()
	require.NoError(t, estimator.Load(bytes.NewReader(file), dst))
	want, _ := s.Predict(X)
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, s.BestIndex(), dst.BestIndex())
	a, b := s.Results(), dst.Results()
	require.Len(t, b, len(a))
	for i := range a {
		assert.Equal(t, a[i].Params.String(), b[i].Params.String())
		assert.Equal(t, a[i].TestScores, b[i].TestScores)
		assert.Equal(t, a[i].TrainScores, b[i].TrainScores)
		assert.Equal(t, a[i].Ranks, b[i].Ranks)
		assert.Equal(t, a[i].FitTime, b[i].FitTime)
	}
	assert.Equal(t, s.ResultsFrame().Records(), dst.ResultsFrame().Records())

	// A skeleton with another space is rejected, and left untouched.
	other := newSearch()
	other.Space = tuning.Grid{{Param: "ridge.Alpha", Values: tuning.Values(0.5, 6.0, 7.0)}}
	err = estimator.Load(bytes.NewReader(file), other)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Space")
	assert.Nil(t, other.Results())
	// ... and so is one with other scorers.
	other = newSearch()
	other.Scorers, other.Refit = nil, ""
	assert.Error(t, estimator.Load(bytes.NewReader(file), other))

	// A random space of gonum distributions regenerates the same candidates.
	rnd := func() *tuning.Search {
		return &tuning.Search{Estimator: &testutil.LSQ{}, CV: crossval.KFold{K: 3}, Space: tuning.Random{N: 4, Seed: 9,
			Params: []tuning.Dist{{Param: "Alpha", Dist: distuv.Uniform{Min: 0, Max: 10}}}}}
	}
	r := rnd()
	require.NoError(t, r.Fit(context.Background(), X, y))
	buf.Reset()
	require.NoError(t, estimator.Save(&buf, r))
	r2 := rnd()
	require.NoError(t, estimator.Load(&buf, r2))
	assert.Equal(t, r.BestParams(), r2.BestParams())
}

func TestStepReplacementDoesNotShareSteps(t *testing.T) {
	t.Parallel()
	X, y := regData(100, 3, 12)
	shared := &testutil.LSQ{Alpha: 2}
	s := &tuning.Search{Estimator: pipeline.New(pipeline.Step{Name: "ridge", Est: &testutil.LSQ{}}),
		Space:   tuning.Grid{{Param: "ridge", Values: tuning.Values[estimator.Estimator](shared)}},
		CV:      crossval.KFold{K: 5},
		Workers: 5}
	require.NoError(t, s.Fit(context.Background(), X, y)) // -race catches sharing
	_, err := shared.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted, "the space's own value is never fitted")
}

// TestOneCopyOfX shows that a search never copies X as a whole, whatever Workers:
// every job selects only its fold's rows from the shared X, and the number and size
// of selections do not depend on Workers.
func TestOneCopyOfX(t *testing.T) {
	t.Parallel()
	X, y := regData(200, 4, 13)
	counts := map[int][3]int64{}
	for _, w := range []int{1, 4} {
		cm := &countingMatrix{Dense: X}
		s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1, 2, 3), CV: crossval.KFold{K: 5}, Workers: w, NoRefit: true}
		require.NoError(t, s.Fit(context.Background(), cm, y))
		counts[w] = [3]int64{cm.calls.Load(), cm.rows.Load(), cm.maxRows.Load()}
		assert.Equal(t, int64(160), cm.maxRows.Load(), "the largest selection is one training fold (4/5 of the rows)")
	}
	assert.Equal(t, counts[1], counts[4])
	assert.Equal(t, int64(3*5*2), counts[1][0], "one train and one test selection per (candidate, fold)")
}

// TestWorkersRunConcurrently checks that the engine runs (candidate, fold) jobs in
// parallel: with fits that wait instead of computing (so the check does not depend on
// idle cores), two fits are seen running at once with Workers: 2 and never with
// Workers: 1. It counts overlapping fits rather than timing the run, which a loaded
// machine would make flaky.
func TestWorkersRunConcurrently(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 16 × 20 ms")
	}
	X, y := regData(40, 2, 30)
	peak := func(workers int) int64 {
		running.Store(0)
		maxRunning.Store(0)
		s := &tuning.Search{Estimator: &overlapLSQ{}, Space: alphaGrid(1, 2, 3, 4, 5, 6, 7, 8),
			CV: crossval.KFold{K: 2}, Workers: workers, NoRefit: true}
		require.NoError(t, s.Fit(context.Background(), X, y))
		return maxRunning.Load()
	}
	assert.Equal(t, int64(1), peak(1))
	assert.Equal(t, int64(2), peak(2))
}

// running and maxRunning count the overlapLSQ fits in progress (TestWorkersRunConcurrently
// is not parallel, so no other test uses them).
var running, maxRunning atomic.Int64

// overlapLSQ is testutil.LSQ whose Fit waits 20 ms and records how many fits overlap.
type overlapLSQ struct {
	Alpha float64

	m *testutil.LSQ
}

func (o *overlapLSQ) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	n := running.Add(1)
	defer running.Add(-1)
	for {
		m := maxRunning.Load()
		if n <= m || maxRunning.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(20 * time.Millisecond)
	m := &testutil.LSQ{Alpha: o.Alpha}
	if err := m.Fit(ctx, X, y); err != nil {
		return err
	}
	o.m = m
	return nil
}

func (o *overlapLSQ) Predict(X mat.Matrix) ([]float64, error) {
	if o.m == nil {
		return nil, estimator.ErrNotFitted
	}
	return o.m.Predict(X)
}

func TestLogger(t *testing.T) {
	t.Parallel()
	X, y := regData(30, 2, 31)
	var buf bytes.Buffer
	var mu sync.Mutex
	h := slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug})
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1, 2), CV: crossval.KFold{K: 3}, Logger: slog.New(h)}
	require.NoError(t, s.Fit(context.Background(), X, y))
	mu.Lock()
	defer mu.Unlock()
	out := buf.String()
	assert.Equal(t, 6, strings.Count(out, "tuning: fit"), out)
	assert.Contains(t, out, "tuning: search finished")
	assert.Contains(t, out, "candidates=2")
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
