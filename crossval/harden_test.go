package crossval

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

// oddMatrix reports impossible dimensions or panics in At.
type oddMatrix struct {
	r, c  int
	panic bool
}

func (m oddMatrix) Dims() (int, int) { return m.r, m.c }
func (m oddMatrix) At(i, j int) float64 {
	if m.panic {
		panic("At")
	}
	return float64(i + j)
}
func (m oddMatrix) T() mat.Matrix { return mat.Transpose{Matrix: m} }

func badMatrices() map[string]mat.Matrix {
	return map[string]mat.Matrix{
		"nil":           nil,
		"nil Dense":     (*mat.Dense)(nil),
		"nil SymDense":  (*mat.SymDense)(nil),
		"nil VecDense":  (*mat.VecDense)(nil),
		"empty Dense":   &mat.Dense{},
		"transpose":     mat.Transpose{},
		"negative dims": oddMatrix{r: -3, c: 2},
		"panicking At":  oddMatrix{r: 30, c: 2, panic: true},
	}
}

func TestBadMatricesAreErrors(t *testing.T) {
	_, y := regData(30)
	for name, X := range badMatrices() {
		calls := func(X mat.Matrix) map[string]func() error {
			return map[string]func() error{
				"CrossValidate": func() error {
					_, err := CrossValidate(bg, &testutil.LSQ{}, X, y, &Options{CV: KFold{K: 3}})
					return err
				},
				"CrossValPredict": func() error {
					_, err := CrossValPredict(bg, &testutil.LSQ{}, X, y, KFold{K: 3}, nil)
					return err
				},
				"LearningCurve": func() error {
					_, err := LearningCurve(bg, &testutil.LSQ{}, X, y, LearningCurveOptions{CV: KFold{K: 3}})
					return err
				},
				"ValidationCurve": func() error {
					_, _, err := ValidationCurve(bg, &testutil.LSQ{}, X, y, "Alpha", []any{1.0}, KFold{K: 3}, nil, 1)
					return err
				},
				"TrainTestSplitXy": func() error {
					_, _, _, _, err := TrainTestSplitXy(X, y, TrainTestOptions{})
					return err
				},
			}
		}
		for fn, call := range calls(X) {
			var err error
			require.NotPanics(t, func() { err = call() }, "%s with %s", fn, name)
			assert.ErrorIs(t, err, estimator.ErrInvalidData, "%s with %s", fn, name)
		}
	}
}

func TestBadArgumentsAreErrors(t *testing.T) {
	X, y := regData(30)
	var typedNil *testutil.LSQ
	var nilKFold *KFold
	cases := map[string]struct {
		call func() error
		is   error
	}{
		"nil estimator": {func() error { _, err := Score(bg, nil, X, y, nil, nil); return err }, estimator.ErrInvalidParam},
		"typed-nil estimator": {func() error { _, err := Score(bg, typedNil, X, y, nil, nil); return err },
			estimator.ErrInvalidParam},
		"typed-nil estimator, predict": {func() error { _, err := CrossValPredict(bg, typedNil, X, y, nil, nil); return err },
			estimator.ErrInvalidParam},
		"typed-nil estimator, validation curve": {func() error {
			_, _, err := ValidationCurve(bg, typedNil, X, y, "Alpha", []any{1.0}, nil, nil, 1)
			return err
		}, estimator.ErrInvalidParam},
		"nil scorer": {func() error {
			_, err := CrossValidate(bg, &testutil.LSQ{}, X, y, &Options{Scorers: []metrics.Scorer{metrics.R2, nil}})
			return err
		}, estimator.ErrInvalidParam},
		"typed-nil splitter": {func() error { _, err := Score(bg, &testutil.LSQ{}, X, y, nilKFold, nil); return err },
			estimator.ErrInvalidParam},
		"NaN in y": {func() error {
			y2 := slices.Clone(y)
			y2[3] = math.NaN()
			_, err := Score(bg, &testutil.LSQ{}, X, y2, KFold{K: 3}, nil)
			return err
		}, estimator.ErrInvalidData},
		"out-of-range fold": {func() error {
			_, err := Score(bg, &testutil.LSQ{}, X, y, fixedSplitter{{Train: []int{0, 1, 99}, Test: []int{2}}}, nil)
			return err
		}, estimator.ErrInvalidParam},
		"negative fold index": {func() error {
			_, err := Score(bg, &testutil.LSQ{}, X, y, fixedSplitter{{Train: []int{0, -1}, Test: []int{2}}}, nil)
			return err
		}, estimator.ErrInvalidParam},
		"empty fold": {func() error {
			_, err := Score(bg, &testutil.LSQ{}, X, y, fixedSplitter{{Train: []int{0, 1}}}, nil)
			return err
		}, estimator.ErrInvalidParam},
		"no folds": {func() error { _, err := Score(bg, &testutil.LSQ{}, X, y, fixedSplitter{}, nil); return err },
			estimator.ErrInvalidParam},
		"panicking splitter": {func() error { _, err := Score(bg, &testutil.LSQ{}, X, y, panicSplitter{}, nil); return err }, nil},
		"scorer error": {func() error {
			_, err := Score(bg, &testutil.LSQ{}, X, y, KFold{K: 3}, failingScorer{})
			return err
		}, errScorer},
	}
	for name, c := range cases {
		var err error
		require.NotPanics(t, func() { err = c.call() }, name)
		require.Error(t, err, name)
		if c.is != nil {
			assert.ErrorIs(t, err, c.is, name)
		}
	}
}

type fixedSplitter []Fold

func (s fixedSplitter) Split(int, []float64) ([]Fold, error) { return s, nil }

type panicSplitter struct{}

func (panicSplitter) Split(int, []float64) ([]Fold, error) { panic("split") }

var errScorer = errors.New("scorer: undefined (NaN)")

type failingScorer struct{}

func (failingScorer) Name() string { return "failing" }
func (failingScorer) Score(estimator.Estimator, mat.Matrix, []float64, []float64) (float64, error) {
	return math.NaN(), errScorer
}

func TestSplitterSizeBounds(t *testing.T) {
	y := []float64{0, 1}
	cases := map[string]func() error{
		"KFold 1e12":           func() error { _, err := KFold{K: 10}.Split(1e12, nil); return err },
		"KFold negative n":     func() error { _, err := KFold{}.Split(-5, nil); return err },
		"KFold huge product":   func() error { _, err := KFold{K: 1 << 20}.Split(1<<20, nil); return err },
		"Stratified 1e12":      func() error { _, err := StratifiedKFold{}.Split(1e12, y); return err },
		"GroupKFold 1e12":      func() error { _, err := GroupKFold{Groups: []int{1, 2}}.Split(1e12, nil); return err },
		"TimeSeries 1e12":      func() error { _, err := TimeSeriesSplit{}.Split(1e12, nil); return err },
		"TimeSeries TestSize":  func() error { _, err := TimeSeriesSplit{TestSize: math.MaxInt / 2}.Split(100, nil); return err },
		"LeaveOneOut 1e6":      func() error { _, err := LeaveOneOut{}.Split(1e6, nil); return err },
		"Predefined negative":  func() error { _, err := PredefinedSplit{}.Split(-1, nil); return err },
		"Repeated 1e9 repeats": func() error { _, err := RepeatedKFold{NRepeats: 1e9}.Split(1000, nil); return err },
		"RepeatedStrat 1e9":    func() error { _, err := RepeatedStratifiedKFold{NRepeats: 1e9}.Split(1000, nil); return err },
		"ShuffleSplit 1e9":     func() error { _, err := ShuffleSplit{NSplits: 1e9}.Split(1000, nil); return err },
		"StratShuffle 1e12":    func() error { _, err := StratifiedShuffleSplit{}.Split(1e12, y); return err },
		"TrainTestSplit 1e12":  func() error { _, _, err := TrainTestSplit(1e12, nil, TrainTestOptions{}); return err },
	}
	for name, call := range cases {
		start := time.Now()
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
		assert.Less(t, time.Since(start), time.Second, "%s: must fail before allocating", name)
	}
	// At the bounds, ordinary sizes still split.
	f, err := LeaveOneOut{}.Split(1000, nil)
	require.NoError(t, err)
	assert.Len(t, f, 1000)
}

// iterLSQ is an LSQ that reports an iteration count (estimator.Iterative).
type iterLSQ struct{ testutil.LSQ }

func (m *iterLSQ) NIter() int {
	if m.Fitted() {
		return len(m.Coef()) + 7
	}
	return 0
}
func (m *iterLSQ) Converged() bool { return m.Fitted() }

func TestIterativeRecordedPerFold(t *testing.T) {
	X, y := regData(30)
	res, err := CrossValidate(bg, &iterLSQ{}, X, y, &Options{CV: KFold{K: 3}})
	require.NoError(t, err)
	assert.Equal(t, []int{9, 9, 9}, res.NIter)
	assert.Equal(t, []bool{true, true, true}, res.Converged)
	res, err = CrossValidate(bg, &testutil.LSQ{}, X, y, &Options{CV: KFold{K: 3}})
	require.NoError(t, err)
	assert.Nil(t, res.NIter, "not iterative")
}

func TestStdIsPopulationStd(t *testing.T) {
	r := &Result{Test: map[string][]float64{"s": {1, 2, 3, 4}}}
	assert.InDelta(t, 2.5, r.Mean("s"), 1e-15)
	assert.InDelta(t, math.Sqrt(1.25), r.Std("s"), 1e-15)
	assert.True(t, math.IsNaN(r.Mean("none")))
	assert.True(t, math.IsNaN(r.Std("none")))
}

func TestCycleIsAnError(t *testing.T) {
	X, y := regData(30)
	c := &cyclic{}
	c.Inner = c
	var err error
	require.NotPanics(t, func() { _, err = Score(context.Background(), c, X, y, KFold{K: 3}, nil) })
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
}

type cyclic struct {
	testutil.LSQ
	Inner estimator.Estimator
}

func TestPredictProbaRefusesHugeClassCount(t *testing.T) {
	// A continuous y has as many "classes" as rows: n×n probabilities would not fit.
	const n = 46341 // n² > estimator.MaxCopyElements
	X := mat.NewDense(n, 1, nil)
	y := make([]float64, n)
	for i := range y {
		X.Set(i, 0, float64(i))
		y[i] = float64(i)
	}
	start := time.Now()
	_, err := CrossValPredictProba(bg, &testutil.Centroid{}, X, y, KFold{K: 2}, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Less(t, time.Since(start), 5*time.Second, "refused before fitting")
}

// panicValidate panics in Validate (a user's estimator with a bug).
type panicValidate struct{ testutil.LSQ }

func (panicValidate) Validate() error { panic("a broken Validate") }

func TestUserPanicsAreErrors(t *testing.T) {
	X, y := regData(30)
	calls := map[string]func() error{
		"CrossValidate": func() error { _, err := CrossValidate(bg, &panicValidate{}, X, y, nil); return err },
		"CrossValPredict": func() error {
			_, err := CrossValPredict(bg, &panicValidate{}, X, y, KFold{K: 3}, nil)
			return err
		},
		"LearningCurve": func() error {
			_, err := LearningCurve(bg, &panicValidate{}, X, y, LearningCurveOptions{})
			return err
		},
		"ValidationCurve": func() error {
			_, _, err := ValidationCurve(bg, &panicValidate{}, X, y, "Alpha", []any{1.0}, nil, nil, 1)
			return err
		},
	}
	for name, call := range calls {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "crossval."+name, name)
	}
}
