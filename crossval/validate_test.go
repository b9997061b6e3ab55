package crossval

import (
	"context"
	"math"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

var bg = context.Background()

// manualScores fits a fresh model per fold by hand and scores it.
func manualScores(t *testing.T, newModel func() estimator.Estimator, X mat.Matrix, y []float64, folds []Fold, s metrics.Scorer) []float64 {
	t.Helper()
	out := make([]float64, len(folds))
	for i, f := range folds {
		m := newModel()
		require.NoError(t, m.Fit(bg, estimator.Rows(X, f.Train), estimator.Select(y, f.Train)))
		v, err := s.Score(m, estimator.Rows(X, f.Test), estimator.Select(y, f.Test), nil)
		require.NoError(t, err)
		out[i] = v
	}
	return out
}

func TestScoreMatchesManual(t *testing.T) {
	X, y := regData(40)
	cv := KFold{K: 4, Shuffle: true, Seed: 11}
	got, err := Score(bg, &testutil.LSQ{}, X, y, cv, metrics.NegMSE)
	require.NoError(t, err)
	folds, err := cv.Split(40, nil)
	require.NoError(t, err)
	want := manualScores(t, func() estimator.Estimator { return &testutil.LSQ{} }, X, y, folds, metrics.NegMSE)
	assert.InDeltaSlice(t, want, got, 1e-12)
	for _, v := range got {
		assert.Less(t, v, 0.0, "neg MSE must be negative")
	}
}

func TestCrossValidateDefaults(t *testing.T) {
	t.Run("regressor: KFold{5} and r2", func(t *testing.T) {
		X, y := regData(30)
		res, err := CrossValidate(bg, &testutil.LSQ{}, X, y, nil)
		require.NoError(t, err)
		assert.Equal(t, []string{"r2"}, res.Names)
		want, err := KFold{K: 5}.Split(30, nil)
		require.NoError(t, err)
		assert.Equal(t, want, res.Folds)
		assert.Len(t, res.Test["r2"], 5)
		assert.Nil(t, res.Train)
		assert.Nil(t, res.Estimators)
		assert.Len(t, res.FitTime, 5)
		assert.Len(t, res.ScoreTime, 5)
		assert.Greater(t, res.Mean("r2"), 0.8)
	})
	t.Run("classifier: StratifiedKFold{5} and accuracy", func(t *testing.T) {
		X, y := clsData(30)
		res, err := CrossValidate(bg, &testutil.Centroid{}, X, y, &Options{})
		require.NoError(t, err)
		assert.Equal(t, []string{"accuracy"}, res.Names)
		want, err := StratifiedKFold{K: 5}.Split(30, y)
		require.NoError(t, err)
		assert.Equal(t, want, res.Folds)
		assert.Greater(t, res.Mean("accuracy"), 0.9)
	})
}

func TestCrossValidateWorkersIdentical(t *testing.T) {
	X, y := regData(50)
	opt := func(workers int) *Options {
		return &Options{
			CV:               KFold{K: 5, Shuffle: true, Seed: 4},
			Scorers:          []metrics.Scorer{metrics.R2, metrics.NegMSE},
			Workers:          workers,
			ReturnTrainScore: true,
			KeepEstimators:   true,
		}
	}
	a, err := CrossValidate(bg, &testutil.LSQ{Alpha: 0.5}, X, y, opt(1))
	require.NoError(t, err)
	b, err := CrossValidate(bg, &testutil.LSQ{Alpha: 0.5}, X, y, opt(4))
	require.NoError(t, err)
	assert.Equal(t, a.Names, b.Names)
	assert.Equal(t, a.Test, b.Test, "test scores must not depend on Workers")
	assert.Equal(t, a.Train, b.Train, "train scores must not depend on Workers")
	assert.Equal(t, a.Folds, b.Folds)
	require.Len(t, a.Estimators, 5)
	for i := range a.Estimators {
		assert.Equal(t, a.Estimators[i].(*testutil.LSQ).Coef(), b.Estimators[i].(*testutil.LSQ).Coef(), "fold %d model", i)
		assert.Equal(t, a.Estimators[i].(*testutil.LSQ).Intercept(), b.Estimators[i].(*testutil.LSQ).Intercept(), "fold %d model", i)
	}
	assert.Len(t, a.Train["neg_mean_squared_error"], 5)
	assert.Equal(t, a.Test["r2"], a.TestScores("r2"))
	assert.Equal(t, a.Train["r2"], a.TrainScores("r2"))
	assert.Nil(t, a.TestScores("nope"))
	assert.True(t, math.IsNaN(a.Mean("nope")))
	assert.True(t, math.IsNaN(a.Std("nope")))
}

func TestResultMeanStd(t *testing.T) {
	r := &Result{Test: map[string][]float64{"s": {1, 2, 3, 4}}}
	assert.InDelta(t, 2.5, r.Mean("s"), 1e-15)
	assert.InDelta(t, math.Sqrt(1.25), r.Std("s"), 1e-15, "population std (ddof=0)")
	got := r.TestScores("s")
	got[0] = 99
	assert.Equal(t, 1.0, r.Test["s"][0], "TestScores must return a copy")
}

func TestCallerEstimatorUntouched(t *testing.T) {
	X, y := regData(30)
	proto := &testutil.LSQ{Alpha: 0.25}
	before := estimator.GetParams(proto)
	res, err := CrossValidate(bg, proto, X, y, &Options{KeepEstimators: true, Workers: 3})
	require.NoError(t, err)
	assert.False(t, proto.Fitted(), "the caller's estimator must stay unfitted")
	assert.Equal(t, before, estimator.GetParams(proto))
	for i, e := range res.Estimators {
		assert.NotSame(t, proto, e, "fold %d reused the caller's estimator", i)
		assert.True(t, e.(*testutil.LSQ).Fitted(), "fold %d estimator not fitted", i)
		assert.Equal(t, 0.25, e.(*testutil.LSQ).Alpha)
	}

	// CrossValPredict and the curves must not touch it either.
	_, err = CrossValPredict(bg, proto, X, y, nil, nil)
	require.NoError(t, err)
	_, _, err = ValidationCurve(bg, proto, X, y, "Alpha", []any{0.0, 1.0}, nil, nil, 2)
	require.NoError(t, err)
	_, err = LearningCurve(bg, proto, X, y, LearningCurveOptions{})
	require.NoError(t, err)
	assert.False(t, proto.Fitted())
	assert.Equal(t, before, estimator.GetParams(proto))
}

func TestRowSelectorIsUsed(t *testing.T) {
	X, y := regData(20)
	seen := &atomic.Value{}
	m := &testutil.LSQ{Seen: seen}
	_, err := Score(bg, m, rowMatrix{X}, y, KFold{K: 4}, metrics.R2)
	require.NoError(t, err)
	assert.Equal(t, "crossval.rowMatrix", seen.Load(), "folds must be taken with the matrix's SelectRows")
}

func TestWeights(t *testing.T) {
	X, y := regData(24)
	w := make([]float64, 24)
	for i := range w {
		w[i] = float64(1 + i%3)
	}
	cv := KFold{K: 3}
	res, err := CrossValidate(bg, &testutil.LSQ{}, X, y, &Options{CV: cv, Weights: w, Scorers: []metrics.Scorer{metrics.R2}, KeepEstimators: true})
	require.NoError(t, err)
	folds, err := cv.Split(24, nil)
	require.NoError(t, err)
	for i, f := range folds {
		m := &testutil.LSQ{}
		require.NoError(t, m.FitWeighted(bg, estimator.Rows(X, f.Train), estimator.Select(y, f.Train), estimator.Select(w, f.Train)))
		got := res.Estimators[i].(*testutil.LSQ)
		assert.Equal(t, m.Coef(), got.Coef(), "fold %d: weights must reach FitWeighted", i)
		assert.Equal(t, m.WeightSum(), got.WeightSum(), "fold %d: weights must reach FitWeighted", i)
		want, err := metrics.R2.Score(m, estimator.Rows(X, f.Test), estimator.Select(y, f.Test), estimator.Select(w, f.Test))
		require.NoError(t, err)
		assert.InDelta(t, want, res.Test["r2"][i], 1e-12, "fold %d: weights must reach the scorer", i)
	}
	// An estimator without FitWeighted is fitted unweighted.
	X2, y2 := clsData(30)
	_, err = CrossValidate(bg, &testutil.Centroid{}, X2, y2, &Options{Weights: slices.Repeat([]float64{2}, 30)})
	require.NoError(t, err)
}

func TestConfigErrorsBeforeAnyFit(t *testing.T) {
	X, y := regData(20)
	for _, c := range []struct {
		name string
		opt  *Options
		X    mat.Matrix
		y    []float64
		want error
	}{
		{"bad K", &Options{CV: KFold{K: 1}}, X, y, estimator.ErrInvalidParam},
		{"K > n", &Options{CV: KFold{K: 21}}, X, y, estimator.ErrInvalidParam},
		{"duplicate scorer", &Options{Scorers: []metrics.Scorer{metrics.R2, metrics.R2}}, X, y, estimator.ErrInvalidParam},
		{"nil scorer", &Options{Scorers: []metrics.Scorer{nil}}, X, y, estimator.ErrInvalidParam},
		{"empty scorers", &Options{Scorers: []metrics.Scorer{}}, X, y, estimator.ErrInvalidParam},
		{"weights length", &Options{Weights: []float64{1, 2}}, X, y, estimator.ErrShape},
		{"negative weight", &Options{Weights: append(make([]float64, 19), -1)}, X, y, estimator.ErrInvalidData},
		{"y length", nil, X, y[:5], estimator.ErrShape},
		{"nil X", nil, nil, y, estimator.ErrInvalidData},
		{"empty fold", &Options{CV: PredefinedSplit{TestFold: make([]int, 20)}}, X, y, estimator.ErrInvalidParam},
		{"stratified on continuous y", &Options{CV: StratifiedKFold{}}, X, y, estimator.ErrInvalidData},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls := &atomic.Int64{}
			_, err := CrossValidate(bg, &testutil.LSQ{Calls: calls}, c.X, c.y, c.opt)
			require.Error(t, err)
			assert.ErrorIs(t, err, c.want)
			assert.Zero(t, calls.Load(), "nothing may be fitted when the configuration is invalid")
		})
	}
	t.Run("invalid hyperparameter", func(t *testing.T) {
		calls := &atomic.Int64{}
		_, err := CrossValidate(bg, &testutil.LSQ{Alpha: -1, Calls: calls}, X, y, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam)
		assert.Zero(t, calls.Load())
	})
	t.Run("nil estimator", func(t *testing.T) {
		_, err := CrossValidate(bg, nil, X, y, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	})
}

func TestFirstErrorCancelsTheRest(t *testing.T) {
	X, y := regData(40)
	calls := &atomic.Int64{}
	// Fold 2 of KFold{K: 8} tests rows 10..14, so its training data lacks x0 = 11 and
	// its Fit fails at once; the other folds would each take 10 s but watch ctx.
	// errgroup reports the first error returned, which is fold 2's.
	m := &testutil.LSQ{Delay: 10 * time.Second, FailIfMissing: 11, Calls: calls}
	start := time.Now()
	_, err := CrossValidate(bg, m, X, y, &Options{CV: KFold{K: 8}, Workers: 8})
	assert.Less(t, time.Since(start), 5*time.Second, "a failing fold must cancel the others")
	require.ErrorIs(t, err, testutil.ErrDeliberate)
	assert.EqualError(t, err, "crossval: fold 2: "+testutil.ErrDeliberate.Error())

	// With one worker the folds after the failure are never started.
	calls.Store(0)
	m = &testutil.LSQ{FailIfMissing: 11, Calls: calls}
	_, err = CrossValidate(bg, m, X, y, &Options{CV: KFold{K: 8}, Workers: 1})
	require.ErrorIs(t, err, testutil.ErrDeliberate)
	assert.EqualError(t, err, "crossval: fold 2: "+testutil.ErrDeliberate.Error())
	assert.LessOrEqual(t, calls.Load(), int64(4), "folds after the failure should not be fitted")
}

func TestContextCancelStopsPromptly(t *testing.T) {
	X, y := regData(40)
	t.Run("cancel while running", func(t *testing.T) {
		ctx, cancel := context.WithCancel(bg)
		m := &testutil.LSQ{Delay: 10 * time.Second}
		go func() {
			time.Sleep(50 * time.Millisecond)
			cancel()
		}()
		start := time.Now()
		_, err := CrossValidate(ctx, m, X, y, &Options{Workers: 2})
		assert.Less(t, time.Since(start), 5*time.Second)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(bg)
		cancel()
		calls := &atomic.Int64{}
		_, err := CrossValidate(ctx, &testutil.LSQ{Calls: calls}, X, y, nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, calls.Load())
		_, err = CrossValPredict(ctx, &testutil.LSQ{Calls: calls}, X, y, nil, nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, calls.Load())
	})
	t.Run("deadline, one worker", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
		defer cancel()
		calls := &atomic.Int64{}
		m := &testutil.LSQ{Delay: 60 * time.Millisecond, Calls: calls}
		_, err := CrossValidate(ctx, m, X, y, &Options{CV: KFold{K: 10}, Workers: 1})
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, calls.Load(), int64(10), "folds after the deadline must not start")
	})
	t.Run("estimator ignoring ctx", func(t *testing.T) {
		// A model that never looks at ctx still gets an error once ctx is done.
		ctx, cancel := context.WithCancel(bg)
		m := &slowIgnorer{d: 30 * time.Millisecond, cancel: cancel}
		_, err := CrossValidate(ctx, m, X, y, &Options{Workers: 1})
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// slowIgnorer is an lsq that never checks ctx but cancels it during its first Fit.
type slowIgnorer struct {
	testutil.LSQ
	d      time.Duration
	cancel context.CancelFunc
}

func (s *slowIgnorer) Clone() estimator.Estimator { return &slowIgnorer{d: s.d, cancel: s.cancel} }

func (s *slowIgnorer) Fit(_ context.Context, X mat.Matrix, y []float64) error {
	time.Sleep(s.d)
	s.cancel()
	return s.LSQ.Fit(bg, X, y)
}

// The whole pipeline against scikit-learn: cross_validate, cross_val_predict and
// learning_curve of LinearRegression on regData(40). lsq adds a 1e-9 ridge, and
// sin/cos may differ in the last bit between Go and numpy, hence the tolerance.
func TestMatchesScikitLearnEndToEnd(t *testing.T) {
	g := testutil.Golden(t, "testdata/sklearn.json")
	X, y := regData(40)
	const tol = 1e-7
	res, err := CrossValidate(bg, &testutil.LSQ{}, X, y, &Options{
		CV:               KFold{K: 4},
		Scorers:          []metrics.Scorer{metrics.R2, metrics.NegMSE},
		ReturnTrainScore: true,
	})
	require.NoError(t, err)
	assert.Less(t, testutil.RelDiff(res.Test["r2"], g.Floats("e2e/test_r2"), 1), tol)
	assert.Less(t, testutil.RelDiff(res.Train["r2"], g.Floats("e2e/train_r2"), 1), tol)
	assert.Less(t, testutil.RelDiff(res.Test["neg_mean_squared_error"], g.Floats("e2e/test_neg_mse"), 1), tol)

	pred, err := CrossValPredict(bg, &testutil.LSQ{}, X, y, KFold{K: 4}, nil)
	require.NoError(t, err)
	assert.Less(t, testutil.RelDiff(pred, g.Floats("e2e/predict"), 1), tol)

	lc, err := LearningCurve(bg, &testutil.LSQ{}, X, y, LearningCurveOptions{TrainSizes: []float64{0.25, 0.5, 1}, CV: KFold{K: 4}, Scorer: metrics.R2})
	require.NoError(t, err)
	assert.Equal(t, g.Ints("e2e/lc_sizes"), lc.TrainSizes)
	wantTr, wantTe := g.Matrix("e2e/lc_train"), g.Matrix("e2e/lc_test")
	for si := range lc.TrainSizes {
		assert.Less(t, testutil.RelDiff(lc.TrainScores[si], wantTr.RawRowView(si), 1), tol, "size %d", si)
		assert.Less(t, testutil.RelDiff(lc.TestScores[si], wantTe.RawRowView(si), 1), tol, "size %d", si)
	}
}
