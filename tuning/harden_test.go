package tuning_test

import (
	"bytes"
	"context"
	"iter"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/tuning"
)

func TestHugeSpacesFailFast(t *testing.T) {
	t.Parallel()
	X, y := regData(40, 3, 1)
	million := make([]any, 1_000_000)
	for i := range million {
		million[i] = float64(i)
	}
	cases := map[string]tuning.Space{
		"random 1e9":   tuning.Random{N: 1e9, Params: []tuning.Dist{{Param: "Alpha", Dist: tuning.LogUniform{Min: 1, Max: 2}}}},
		"grid 1e6×1e6": tuning.Grid{{Param: "Alpha", Values: million}, {Param: "Epochs", Values: million}},
		"grid overflowing int": tuning.Grid{{Param: "Alpha", Values: million}, {Param: "Epochs", Values: million},
			{Param: "Fail", Values: million}, {Param: "Delay", Values: million}},
		"union":   tuning.Union(tuning.Grid{{Param: "Alpha", Values: million}}, tuning.Grid{{Param: "Alpha", Values: million}}),
		"halving": tuning.Halving{Space: tuning.Grid{{Param: "Alpha", Values: million}, {Param: "Epochs", Values: million}}},
	}
	for name, space := range cases {
		s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: space}
		start := time.Now()
		var err error
		require.NotPanics(t, func() { err = s.Fit(context.Background(), X, y) }, name)
		require.ErrorIs(t, err, estimator.ErrInvalidParam, name)
		assert.Contains(t, err.Error(), "MaxFits", name)
		assert.Less(t, time.Since(start), 2*time.Second, name)
		if v, ok := space.(estimator.Validator); ok {
			assert.Error(t, v.Validate(), "%s: Validate must refuse it", name)
		}
	}
	// A space within the cap but whose fits exceed it with the folds.
	big := make([]any, tuning.MaxFits/2+1)
	for i := range big {
		big[i] = float64(i)
	}
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: tuning.Grid{{Param: "Alpha", Values: big}}, CV: crossval.KFold{K: 2}}
	err := s.Fit(context.Background(), X, y)
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), "folds")
}

func TestRandomChoiceGridIsNotMaterialized(t *testing.T) {
	t.Parallel()
	million := make([]any, 1_000_000)
	for i := range million {
		million[i] = float64(i)
	}
	r := tuning.Random{N: 5, Seed: 3, Params: []tuning.Dist{
		{Param: "a", Dist: tuning.Choice{Values: million}}, {Param: "b", Dist: tuning.Choice{Values: million}}}}
	require.NoError(t, r.Validate())
	start := time.Now()
	seq, n := r.Candidates()
	assert.Equal(t, 5, n)
	var got []estimator.Params
	for p := range seq {
		got = append(got, p)
	}
	assert.Less(t, time.Since(start), time.Second)
	require.Len(t, got, 5)
	seen := map[string]bool{}
	for _, p := range got {
		require.Contains(t, p, "a")
		require.Contains(t, p, "b")
		seen[p.String()] = true
	}
	assert.Len(t, seen, 5, "drawn without replacement")
	again, _ := r.Candidates()
	i := 0
	for p := range again {
		assert.Equal(t, got[i], p, "seeded")
		i++
	}
	// A small choice grid is still a permutation of every combination.
	small := tuning.Random{N: 100, Seed: 1, Params: []tuning.Dist{
		{Param: "a", Dist: tuning.Choice{Values: tuning.Values(1, 2, 3)}}, {Param: "b", Dist: tuning.Choice{Values: tuning.Values("x", "y")}}}}
	seq, n = small.Candidates()
	assert.Equal(t, 6, n)
	seen = map[string]bool{}
	for p := range seq {
		seen[p.String()] = true
	}
	assert.Len(t, seen, 6)
}

func TestFitWeighted(t *testing.T) {
	t.Parallel()
	X, y := regData(60, 3, 4)
	w := make([]float64, 60)
	for i := range w {
		w[i] = float64(i%4) + 0.25
	}
	cv := crossval.KFold{K: 3}
	s := &tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(0.1, 10), CV: cv}
	var _ estimator.WeightedFitter = s
	require.NoError(t, s.FitWeighted(context.Background(), X, y, w))
	folds, err := cv.Split(60, nil)
	require.NoError(t, err)
	for _, r := range s.Results() {
		for fi, f := range folds {
			m := &testutil.LSQ{Alpha: r.Params["Alpha"].(float64)}
			require.NoError(t, m.FitWeighted(context.Background(), estimator.Rows(X, f.Train), estimator.Select(y, f.Train), estimator.Select(w, f.Train)))
			want, err := metrics.R2.Score(m, estimator.Rows(X, f.Test), estimator.Select(y, f.Test), estimator.Select(w, f.Test))
			require.NoError(t, err)
			assert.Equal(t, want, r.TestScores["r2"][fi], "candidate %v fold %d", r.Params, fi)
		}
	}
	best := s.BestEstimator().(*testutil.LSQ)
	assert.Equal(t, sum(w), best.WeightSum(), "the refit uses all the weights")
	// Weighted search through a pipeline with prefix caching gives the pipeline's own
	// FitWeighted results.
	run := func(noCache bool) []tuning.Result {
		p := pipeline.New(pipeline.Step{Name: "scale", Est: &ridgeT{Alpha: 0}}, pipeline.Step{Name: "ridge", Est: &testutil.LSQ{}})
		s := &tuning.Search{Estimator: p, Space: tuning.Grid{{Param: "ridge.Alpha", Values: tuning.Values(0.1, 10.0)}}, CV: cv, NoCache: noCache}
		require.NoError(t, s.FitWeighted(context.Background(), X, y, w))
		return s.Results()
	}
	a, b := run(true), run(false)
	for i := range a {
		assert.Equal(t, a[i].TestScores, b[i].TestScores)
	}
	// Bad weights.
	assert.ErrorIs(t, s.FitWeighted(context.Background(), X, y, w[:5]), estimator.ErrShape)
	bad := slices.Clone(w)
	bad[2] = math.NaN()
	assert.ErrorIs(t, s.FitWeighted(context.Background(), X, y, bad), estimator.ErrInvalidData)
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// iterLSQ is an LSQ that reports iterations (estimator.Iterative).
type iterLSQ struct {
	testutil.LSQ
}

func (m *iterLSQ) NIter() int {
	if !m.Fitted() {
		return 0
	}
	return int(m.WeightSum())
}
func (m *iterLSQ) Converged() bool { return m.Fitted() && m.WeightSum() < 30 }

func TestIterativeRecorded(t *testing.T) {
	t.Parallel()
	X, y := regData(45, 2, 5)
	// The iterative model is a pipeline's final step: the engine looks through Unwrap.
	s := &tuning.Search{Estimator: pipeline.New(pipeline.Step{Name: "m", Est: &iterLSQ{}}),
		Space: tuning.Grid{{Param: "m", Values: tuning.Values[estimator.Estimator](&iterLSQ{}, &testutil.LSQ{})}},
		CV:    crossval.KFold{K: 3}}
	require.NoError(t, s.Fit(context.Background(), X, y))
	rs := s.Results()
	require.Len(t, rs, 2)
	assert.Equal(t, []int{30, 30, 30}, rs[0].NIter)
	assert.Equal(t, []bool{false, false, false}, rs[0].Converged)
	assert.Nil(t, rs[1].NIter, "not iterative")
	df := s.ResultsFrame()
	require.NoError(t, df.Err)
	assert.Equal(t, []int{30, 0}, must(df.Col("max_n_iter").Int()))
	assert.Equal(t, []string{"false", "false"}, df.Col("converged").Records())
	var buf bytes.Buffer
	require.NoError(t, s.WriteCSV(&buf))
	assert.Contains(t, strings.SplitN(buf.String(), "\n", 2)[0], "max_n_iter,converged")
	// Saved and loaded with the results.
	buf.Reset()
	require.NoError(t, estimator.Save(&buf, s))
	back := &tuning.Search{Estimator: pipeline.New(pipeline.Step{Name: "m", Est: &iterLSQ{}}),
		Space: tuning.Grid{{Param: "m", Values: tuning.Values[estimator.Estimator](&iterLSQ{}, &testutil.LSQ{})}},
		CV:    crossval.KFold{K: 3}}
	require.NoError(t, estimator.Load(&buf, back, estimator.LoadTypes(&iterLSQ{}, &testutil.LSQ{})))
	assert.Equal(t, rs[0].NIter, back.Results()[0].NIter)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestBadInputsAreErrors(t *testing.T) {
	t.Parallel()
	X, y := regData(30, 2, 6)
	var typedNil *testutil.LSQ
	var nilKFold *crossval.KFold
	cases := map[string]struct {
		s *tuning.Search
		X mat.Matrix
		y []float64
	}{
		"typed-nil estimator": {&tuning.Search{Estimator: typedNil, Space: alphaGrid(1)}, X, y},
		"typed-nil splitter":  {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1), CV: nilKFold}, X, y},
		"panicking splitter":  {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1), CV: panicSplitter{}}, X, y},
		"out-of-range folds": {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1),
			CV: fixedSplitter{{Train: []int{0, 1, 2, 77}, Test: []int{3}}}}, X, y},
		"nil scorer":        {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1), Scorers: []metrics.Scorer{nil}}, X, y},
		"nil Dense":         {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1)}, (*mat.Dense)(nil), y},
		"nil SymDense":      {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1)}, (*mat.SymDense)(nil), y},
		"empty Transpose":   {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1)}, mat.Transpose{}, y},
		"NaN in y":          {&tuning.Search{Estimator: &testutil.LSQ{}, Space: alphaGrid(1)}, X, append(slices.Clone(y[:29]), math.NaN())},
		"space count wrong": {&tuning.Search{Estimator: &testutil.LSQ{}, Space: liar{}}, X, y},
	}
	for name, c := range cases {
		var err error
		require.NotPanics(t, func() { err = c.s.Fit(context.Background(), c.X, c.y) }, name)
		require.Error(t, err, name)
		assert.True(t, strings.HasPrefix(err.Error(), "tuning.Search: "), "%s: %v", name, err)
	}
}

type fixedSplitter []crossval.Fold

func (s fixedSplitter) Split(int, []float64) ([]crossval.Fold, error) { return s, nil }

type panicSplitter struct{}

func (panicSplitter) Split(int, []float64) ([]crossval.Fold, error) { panic("split") }

// liar reports more candidates than it yields.
type liar struct{}

func (liar) Candidates() (iter.Seq[estimator.Params], int) {
	return func(yield func(estimator.Params) bool) { yield(estimator.Params{"Alpha": 1.0}) }, 3
}

func TestSearchString(t *testing.T) {
	t.Parallel()
	s := &tuning.Search{Estimator: &testutil.LSQ{Alpha: 2}, Space: alphaGrid(1), Workers: 3}
	str := s.String()
	assert.Contains(t, str, "tuning.Search{")
	assert.Contains(t, str, "Alpha: 2")
	assert.NotContains(t, str, "0x")
}

func TestLoadRefusesInconsistentResults(t *testing.T) {
	t.Parallel()
	X, y := regData(40, 2, 7)
	mk := func(space tuning.Space) *tuning.Search {
		return &tuning.Search{Estimator: &testutil.LSQ{}, Space: space, CV: crossval.KFold{K: 3}}
	}
	s := mk(alphaGrid(0.1, 1, 10))
	require.NoError(t, s.Fit(context.Background(), X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	ok := mk(alphaGrid(0.1, 1, 10))
	require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), ok))
	assert.Equal(t, s.BestParams(), ok.BestParams())
	other := mk(alphaGrid(0.1, 1))
	err := estimator.Load(bytes.NewReader(buf.Bytes()), other)
	require.Error(t, err)
	assert.Nil(t, other.Results(), "a failed Load leaves the search unfitted")
}

func TestIntUniformExtremeBounds(t *testing.T) {
	t.Parallel()
	for _, d := range []tuning.IntUniform{{Min: math.MinInt, Max: math.MaxInt}, {Min: math.MinInt, Max: 0}, {Min: -1, Max: math.MaxInt}, {Min: 3, Max: 3}} {
		r := tuning.Random{N: 50, Seed: 1, Params: []tuning.Dist{{Param: "v", Dist: d}}}
		require.NoError(t, r.Validate())
		seq, _ := r.Candidates()
		require.NotPanics(t, func() {
			for p := range seq {
				v := p["v"].(int)
				assert.GreaterOrEqual(t, v, d.Min)
				assert.LessOrEqual(t, v, d.Max)
			}
		}, "%+v", d)
		require.NotPanics(t, func() { d.Rand() })
	}
}

// panicSpace panics while yielding its candidates.
type panicSpace struct{}

func (panicSpace) Candidates() (iter.Seq[estimator.Params], int) {
	return func(func(estimator.Params) bool) { panic("a broken Space") }, 2
}

// panicValidate panics in Validate.
type panicValidate struct{ testutil.LSQ }

func (panicValidate) Validate() error { panic("a broken Validate") }

func TestUserPanicsAreErrors(t *testing.T) {
	t.Parallel()
	X, y := regData(30, 2, 8)
	for name, s := range map[string]*tuning.Search{
		"space":    {Estimator: &testutil.LSQ{}, Space: panicSpace{}},
		"validate": {Estimator: &panicValidate{}, Space: tuning.Grid{{Param: "Alpha", Values: tuning.Values(1.0)}}},
	} {
		var err error
		require.NotPanics(t, func() { err = s.Fit(context.Background(), X, y) }, name)
		require.Error(t, err, name)
		assert.True(t, strings.HasPrefix(err.Error(), "tuning.Search: "), "%s: %v", name, err)
	}
}
