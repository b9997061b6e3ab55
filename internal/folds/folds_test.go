package folds_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/folds"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

func data(n int) (*mat.Dense, []float64) {
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		a, b := float64(i+1), math.Sin(float64(i)*1.7)*3
		X.Set(i, 0, a)
		X.Set(i, 1, b)
		y[i] = 0.5*a - 2*b + 1 + math.Cos(float64(i)*2.3)
	}
	return X, y
}

// kfold returns k contiguous folds of n rows.
func kfold(n, k int) (train, test [][]int) {
	for f := range k {
		lo, hi := f*n/k, (f+1)*n/k
		var tr, te []int
		for i := range n {
			if i >= lo && i < hi {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		train, test = append(train, tr), append(test, te)
	}
	return train, test
}

func config(X mat.Matrix, y []float64, proto estimator.Estimator, train, test [][]int) *folds.Config {
	return &folds.Config{
		X: X, Y: y,
		Scorers: []metrics.Scorer{metrics.R2, metrics.NegMSE},
		Prefix:  "test",
		Label:   func(i int) string { return "job " + string(rune('0'+i)) },
		Job: func(i int) (folds.Job, error) {
			return folds.Job{Est: estimator.Clone(proto), Train: train[i], Test: test[i]}, nil
		},
	}
}

func TestResultsDoNotDependOnWorkers(t *testing.T) {
	X, y := data(60)
	train, test := kfold(60, 6)
	var want []folds.Out
	for _, w := range []int{1, 2, 6} {
		cfg := config(X, y, &testutil.LSQ{Alpha: 0.5, Delay: time.Millisecond}, train, test)
		cfg.Workers, cfg.TrainScore, cfg.Keep = w, true, true
		out, err := folds.Run(context.Background(), cfg, 6)
		require.NoError(t, err)
		for i := range out {
			out[i].FitTime, out[i].ScoreTime = 0, 0
			// Each fold's model equals a model fitted directly on its rows.
			m := &testutil.LSQ{Alpha: 0.5}
			require.NoError(t, m.Fit(context.Background(), estimator.Rows(X, train[i]), estimator.Select(y, train[i])))
			assert.Equal(t, m.Coef(), out[i].Est.(*testutil.LSQ).Coef(), "workers %d, job %d", w, i)
			out[i].Est = nil
		}
		if want == nil {
			want = out
			continue
		}
		assert.Equal(t, want, out, "workers %d", w)
	}
}

func TestWeightsReachFitAndScorers(t *testing.T) {
	X, y := data(40)
	w := make([]float64, 40)
	for i := range w {
		w[i] = float64(i%3) + 0.5
	}
	train, test := kfold(40, 4)
	cfg := config(X, y, &testutil.LSQ{}, train, test)
	cfg.W, cfg.Keep = w, true
	out, err := folds.Run(context.Background(), cfg, 4)
	require.NoError(t, err)
	for i, o := range out {
		m := &testutil.LSQ{}
		Xtr, ytr, wtr := estimator.Rows(X, train[i]), estimator.Select(y, train[i]), estimator.Select(w, train[i])
		require.NoError(t, m.FitWeighted(context.Background(), Xtr, ytr, wtr))
		assert.Equal(t, m.Coef(), o.Est.(*testutil.LSQ).Coef())
		want, err := metrics.R2.Score(m, estimator.Rows(X, test[i]), estimator.Select(y, test[i]), estimator.Select(w, test[i]))
		require.NoError(t, err)
		assert.Equal(t, want, o.Test[0], "test weights reach the scorer")
	}
}

func TestFirstErrorAndContinueOnError(t *testing.T) {
	X, y := data(30)
	train, test := kfold(30, 3)
	// Fold 1 trains without row 0 (x0 = 1): FailIfMissing makes it fail.
	proto := &testutil.LSQ{FailIfMissing: 15}
	cfg := config(X, y, proto, train, test)
	_, err := folds.Run(context.Background(), cfg, 3)
	require.ErrorIs(t, err, testutil.ErrDeliberate)
	assert.True(t, strings.HasPrefix(err.Error(), "test: job 1: "), err.Error())

	cfg.ContinueOnError = true
	out, err := folds.Run(context.Background(), cfg, 3)
	require.NoError(t, err)
	assert.NoError(t, out[0].Err)
	assert.ErrorIs(t, out[1].Err, testutil.ErrDeliberate)
	assert.NoError(t, out[2].Err)
}

// panicky panics in Fit: the engine must return the panic as an error, never crash.
type panicky struct{ testutil.LSQ }

func (p *panicky) Fit(context.Context, mat.Matrix, []float64) error { panic("boom in Fit") }

func TestPanicIsAnError(t *testing.T) {
	X, y := data(30)
	train, test := kfold(30, 3)
	for _, w := range []int{1, 3} {
		cfg := config(X, y, &panicky{}, train, test)
		cfg.Workers = w
		_, err := folds.Run(context.Background(), cfg, 3)
		var pe *parallel.PanicError
		require.ErrorAs(t, err, &pe, "workers %d", w)
		assert.Equal(t, "boom in Fit", pe.Value)
		assert.True(t, strings.HasPrefix(err.Error(), "test: "), err.Error())
	}
}

func TestHelpersJoinSlowJobs(t *testing.T) {
	// Four jobs of 100 ms on four workers: the helpers join at once, so
	// the run takes about one job's time, not four.
	X, y := data(40)
	train, test := kfold(40, 4)
	cfg := config(X, y, &testutil.LSQ{Delay: 100 * time.Millisecond}, train, test)
	cfg.Workers = 4
	start := time.Now()
	_, err := folds.Run(context.Background(), cfg, 4)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 350*time.Millisecond)
}

func TestCancelledContext(t *testing.T) {
	X, y := data(40)
	train, test := kfold(40, 4)
	var calls atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := folds.Run(ctx, config(X, y, &testutil.LSQ{Calls: &calls}, train, test), 4)
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, calls.Load())

	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	cfg := config(X, y, &testutil.LSQ{Delay: 10 * time.Second}, train, test)
	cfg.Workers = 2
	start := time.Now()
	_, err = folds.Run(ctx, cfg, 4)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
}

// badMatrix reports impossible dimensions or panics in At.
type badMatrix struct {
	r, c  int
	panic bool
}

func (m badMatrix) Dims() (int, int) { return m.r, m.c }
func (m badMatrix) At(i, j int) float64 {
	if m.panic {
		panic("At")
	}
	return 0
}
func (m badMatrix) T() mat.Matrix { return mat.Transpose{Matrix: m} }

func TestSource(t *testing.T) {
	for name, X := range map[string]mat.Matrix{
		"nil":           nil,
		"nil Dense":     (*mat.Dense)(nil),
		"nil SymDense":  (*mat.SymDense)(nil),
		"nil VecDense":  (*mat.VecDense)(nil),
		"empty":         &mat.Dense{},
		"transpose":     mat.Transpose{},
		"negative dims": badMatrix{r: -1, c: 2},
		"panicking At":  badMatrix{r: 3, c: 2, panic: true},
		"too large":     badMatrix{r: 1 << 40, c: 1 << 20},
	} {
		var err error
		require.NotPanics(t, func() { _, _, err = folds.Source(X) }, name)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
	}
	sym := mat.NewSymDense(2, []float64{1, math.NaN(), math.NaN(), 4})
	src, n, err := folds.Source(sym)
	require.NoError(t, err, "NaN is kept: imputing pipelines need it")
	assert.Equal(t, 2, n)
	assert.IsType(t, &mat.Dense{}, src)
	X, _ := data(3)
	src, _, err = folds.Source(X)
	require.NoError(t, err)
	assert.Same(t, X, src, "a *mat.Dense is not copied")
}

func TestNilEstimatorAndJobError(t *testing.T) {
	X, y := data(10)
	cfg := &folds.Config{X: X, Y: y, Prefix: "test", Label: func(int) string { return "job" },
		Job: func(int) (folds.Job, error) { return folds.Job{Train: []int{0, 1}, Test: []int{2}}, nil }}
	_, err := folds.Run(context.Background(), cfg, 1)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	cfg.Job = func(int) (folds.Job, error) { return folds.Job{}, errors.New("no job") }
	_, err = folds.Run(context.Background(), cfg, 1)
	assert.EqualError(t, err, "test: job: no job")
}
