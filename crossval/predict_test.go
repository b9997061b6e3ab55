package crossval

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

func TestCrossValPredict(t *testing.T) {
	X, y := regData(30)
	cv := KFold{K: 4, Shuffle: true, Seed: 6}
	got, err := CrossValPredict(bg, &testutil.LSQ{}, X, y, cv, &PredictOptions{Workers: 3})
	require.NoError(t, err)
	folds, err := cv.Split(30, nil)
	require.NoError(t, err)
	want := make([]float64, 30)
	for _, f := range folds {
		m := &testutil.LSQ{}
		require.NoError(t, m.Fit(bg, estimator.Rows(X, f.Train), estimator.Select(y, f.Train)))
		p, err := m.Predict(estimator.Rows(X, f.Test))
		require.NoError(t, err)
		for i, r := range f.Test {
			want[r] = p[i]
		}
	}
	assert.Equal(t, want, got)

	one, err := CrossValPredict(bg, &testutil.LSQ{}, X, y, cv, &PredictOptions{Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, got, one, "results must not depend on Workers")
}

func TestCrossValPredictNeedsPartition(t *testing.T) {
	X, y := regData(20)
	for name, cv := range map[string]Splitter{
		"ShuffleSplit":    ShuffleSplit{NSplits: 3},
		"TimeSeriesSplit": TimeSeriesSplit{NSplits: 3},
	} {
		t.Run(name, func(t *testing.T) {
			calls := &atomic.Int64{}
			_, err := CrossValPredict(bg, &testutil.LSQ{Calls: calls}, X, y, cv, nil)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Contains(t, err.Error(), "partition")
			assert.Zero(t, calls.Load())
		})
	}
}

func TestCrossValPredictProba(t *testing.T) {
	X, y := clsData(30)
	cv := StratifiedKFold{K: 3}
	got, err := CrossValPredictProba(bg, &testutil.Centroid{}, X, y, cv, nil)
	require.NoError(t, err)
	r, c := got.Dims()
	require.Equal(t, [2]int{30, 3}, [2]int{r, c})
	labels, err := CrossValPredict(bg, &testutil.Centroid{}, X, y, cv, nil)
	require.NoError(t, err)
	classes := []float64{2, 5, 7}
	for i := range 30 {
		row := got.RawRowView(i)
		assert.InDelta(t, 1, row[0]+row[1]+row[2], 1e-12, "row %d", i)
		best := 0
		for k := range row {
			if row[k] > row[best] {
				best = k
			}
		}
		assert.Equal(t, labels[i], classes[best], "row %d: argmax of probabilities vs label", i)
	}

	t.Run("class missing from a fold", func(t *testing.T) {
		// Rows 0..4 are the only class-9 rows; with KFold{K: 2} fold 0 tests on rows
		// 0..5 and its model never sees class 9, so their class-9 probability is 0
		// (row 5, class 0, gives fold 1's model a second class).
		X := mat.NewDense(12, 1, []float64{50, 51, 52, 53, 54, 55, 0, 1, 10, 11, 0.5, 10.5})
		y := []float64{9, 9, 9, 9, 9, 0, 0, 0, 1, 1, 0, 1}
		p, err := CrossValPredictProba(bg, &testutil.Centroid{}, X, y, KFold{K: 2}, nil)
		require.NoError(t, err)
		for i := range 6 {
			assert.Equal(t, 0.0, p.At(i, 2), "row %d", i)
			assert.InDelta(t, 1, p.At(i, 0)+p.At(i, 1), 1e-12)
		}
		for i := 6; i < 12; i++ {
			assert.InDelta(t, 1, p.At(i, 0)+p.At(i, 1)+p.At(i, 2), 1e-12)
		}
	})

	t.Run("unsupported", func(t *testing.T) {
		_, err := CrossValPredictProba(bg, &testutil.LSQ{}, X, y, cv, nil)
		assert.ErrorIs(t, err, errors.ErrUnsupported)
	})
}

func TestLearningCurve(t *testing.T) {
	X, y := regData(40)
	cv := KFold{K: 4}
	res, err := LearningCurve(bg, &testutil.LSQ{}, X, y, LearningCurveOptions{TrainSizes: []float64{0.25, 0.5, 1}, CV: cv, Scorer: metrics.NegMSE, Workers: 3})
	require.NoError(t, err)
	assert.Equal(t, []int{7, 15, 30}, res.TrainSizes)
	require.Len(t, res.TestScores, 3)
	require.Len(t, res.TrainScores, 3)
	require.Len(t, res.FitTimes, 3)
	folds, err := cv.Split(40, nil)
	require.NoError(t, err)
	for si, s := range res.TrainSizes {
		require.Len(t, res.TestScores[si], 4)
		for fi, f := range folds {
			m := &testutil.LSQ{}
			tr := f.Train[:s]
			require.NoError(t, m.Fit(bg, estimator.Rows(X, tr), estimator.Select(y, tr)))
			te, err := metrics.NegMSE.Score(m, estimator.Rows(X, f.Test), estimator.Select(y, f.Test), nil)
			require.NoError(t, err)
			trs, err := metrics.NegMSE.Score(m, estimator.Rows(X, tr), estimator.Select(y, tr), nil)
			require.NoError(t, err)
			assert.InDelta(t, te, res.TestScores[si][fi], 1e-12, "size %d fold %d", s, fi)
			assert.InDelta(t, trs, res.TrainScores[si][fi], 1e-12, "size %d fold %d", s, fi)
		}
	}

	t.Run("counts and shuffle", func(t *testing.T) {
		a, err := LearningCurve(bg, &testutil.LSQ{}, X, y, LearningCurveOptions{TrainSizes: []float64{5, 10, 10, 20}, Shuffle: true, Seed: 3, Workers: 1})
		require.NoError(t, err)
		assert.Equal(t, []int{5, 10, 20}, a.TrainSizes)
		b, err := LearningCurve(bg, &testutil.LSQ{}, X, y, LearningCurveOptions{TrainSizes: []float64{5, 10, 10, 20}, Shuffle: true, Seed: 3, Workers: 4})
		require.NoError(t, err)
		assert.Equal(t, a.TestScores, b.TestScores)
		assert.Equal(t, a.TrainScores, b.TrainScores)
	})

	t.Run("errors", func(t *testing.T) {
		for _, sizes := range [][]float64{{0, 0.5}, {-1}, {2.5, 10}, {5, 31}, {}} {
			calls := &atomic.Int64{}
			_, err := LearningCurve(bg, &testutil.LSQ{Calls: calls}, X, y, LearningCurveOptions{TrainSizes: sizes, CV: cv})
			assert.ErrorIs(t, err, estimator.ErrInvalidParam, "sizes %v", sizes)
			assert.Zero(t, calls.Load())
		}
	})
}

func TestValidationCurve(t *testing.T) {
	X, y := regData(30)
	cv := KFold{K: 3}
	values := []any{0.0, 10, 1000.0} // an int converts exactly into the float64 field
	train, test, err := ValidationCurve(bg, &testutil.LSQ{}, X, y, "Alpha", values, cv, metrics.R2, 4)
	require.NoError(t, err)
	require.Len(t, train, 3)
	require.Len(t, test, 3)
	for i, a := range []float64{0, 10, 1000} {
		res, err := CrossValidate(bg, &testutil.LSQ{Alpha: a}, X, y, &Options{CV: cv, ReturnTrainScore: true})
		require.NoError(t, err)
		assert.Equal(t, res.Test["r2"], test[i], "Alpha=%v", a)
		assert.Equal(t, res.Train["r2"], train[i], "Alpha=%v", a)
	}
	assert.Greater(t, train[0][0], train[2][0], "a large penalty must hurt the training fit")

	// The values replace an invalid setting of the prototype.
	_, test2, err := ValidationCurve(bg, &testutil.LSQ{Alpha: -1}, X, y, "Alpha", values, cv, metrics.R2, 1)
	require.NoError(t, err)
	assert.Equal(t, test, test2)

	for _, c := range []struct {
		name   string
		param  string
		values []any
	}{
		{"unknown path", "Alpah", []any{1.0}},
		{"wrong type", "Alpha", []any{"x"}},
		{"invalid value", "Alpha", []any{1.0, -1.0}},
		{"no values", "Alpha", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls := &atomic.Int64{}
			_, _, err := ValidationCurve(bg, &testutil.LSQ{Calls: calls}, X, y, c.param, c.values, cv, nil, 0)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Zero(t, calls.Load(), "nothing may be fitted")
		})
	}
}

func TestScoreDefaultsForClassifier(t *testing.T) {
	X, y := clsData(24)
	got, err := Score(bg, &testutil.Centroid{}, X, y, nil, nil)
	require.NoError(t, err)
	folds, err := StratifiedKFold{K: 5}.Split(24, y)
	require.NoError(t, err)
	want := manualScores(t, func() estimator.Estimator { return &testutil.Centroid{} }, X, y, folds, metrics.Accuracy)
	assert.Equal(t, want, got)
}

func TestLeaveOneOutPredict(t *testing.T) {
	X, y := regData(9)
	got, err := CrossValPredict(bg, &testutil.LSQ{}, X, y, LeaveOneOut{}, nil)
	require.NoError(t, err)
	for i := range 9 {
		rest := append(span(0, i), span(i+1, 9)...)
		m := &testutil.LSQ{}
		require.NoError(t, m.Fit(bg, estimator.Rows(X, rest), estimator.Select(y, rest)))
		p, err := m.Predict(estimator.Rows(X, []int{i}))
		require.NoError(t, err)
		assert.InDelta(t, p[0], got[i], 1e-12, "row %d", i)
	}
}
