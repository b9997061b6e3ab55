package crossval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

// TestExecutorCrossValidate: CrossValidate through LocalExecutor (the model saved,
// loaded into a clone, fitted by the fold engine, the fitted models shipped back)
// equals the local pool bit for bit, weights, train scores and kept estimators
// included.
func TestExecutorCrossValidate(t *testing.T) {
	X, y := regData(90)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = 1 + float64(i%4)
	}
	e := &testutil.LSQ{Alpha: 0.3}
	opt := func(ex Executor) *Options {
		return &Options{CV: KFold{K: 4, Shuffle: true, Seed: 3}, Weights: w, ReturnTrainScore: true, KeepEstimators: true,
			Scorers: []metrics.Scorer{metrics.R2, metrics.NegMAE}, Executor: ex}
	}
	local, err := CrossValidate(context.Background(), e, X, y, opt(nil))
	require.NoError(t, err)
	remote, err := CrossValidate(context.Background(), e, X, y, opt(LocalExecutor{}))
	require.NoError(t, err)
	assert.Equal(t, local.Test, remote.Test)
	assert.Equal(t, local.Train, remote.Train)
	assert.Equal(t, local.Folds, remote.Folds)
	require.Len(t, remote.Estimators, 4)
	for i := range local.Estimators {
		pl, err := local.Estimators[i].(estimator.Predictor).Predict(X)
		require.NoError(t, err)
		pr, err := remote.Estimators[i].(estimator.Predictor).Predict(X)
		require.NoError(t, err)
		assert.Equal(t, pl, pr, "fold %d", i)
	}
	assert.False(t, e.Fitted(), "the caller's estimator is never fitted")
}

func TestExecutorCrossValidateFailure(t *testing.T) {
	X, y := regData(40)
	_, err := CrossValidate(context.Background(), &testutil.LSQ{Alpha: 1}, X, y[:39], &Options{Executor: LocalExecutor{}})
	assert.ErrorIs(t, err, estimator.ErrShape)
	// A fold whose fit fails is named, and its sentinel survives the seam.
	Xn := mat.DenseCopyOf(X)
	Xn.Set(3, 0, math.NaN())
	_, err = CrossValidate(context.Background(), &testutil.LSQ{Alpha: 1}, Xn, y, &Options{Executor: LocalExecutor{}, Workers: 1})
	require.Error(t, err)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "crossval: fold 1:")
}

// TestTaskRunIsHardened: a worker fed a bad task reports an error in its outcome,
// never panics.
func TestTaskRunIsHardened(t *testing.T) {
	X, y := regData(30)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, &testutil.LSQ{Alpha: 1}))
	good := Task{Model: buf.Bytes(), Train: []int{0, 1, 2, 3, 4, 5, 6, 7}, Test: []int{8, 9, 10}, Scorers: []string{"r2"}}
	o := good.Run(context.Background(), &testutil.LSQ{}, X, y, nil)
	require.NoError(t, o.Err)
	require.Len(t, o.Test, 1)

	corrupt := good
	corrupt.Model = append([]byte(nil), good.Model...)
	corrupt.Model[len(corrupt.Model)/2] ^= 0xff
	for name, tc := range map[string]struct {
		task     Task
		skeleton estimator.Estimator
		want     error
	}{
		"corrupt model":  {corrupt, &testutil.LSQ{}, estimator.ErrFormat},
		"empty model":    {Task{Train: good.Train, Test: good.Test, Scorers: good.Scorers}, &testutil.LSQ{}, estimator.ErrFormat},
		"wrong skeleton": {good, &testutil.Centroid{}, estimator.ErrFormat},
		"no skeleton":    {good, nil, estimator.ErrInvalidParam},
		"row out of range": {Task{Model: good.Model, Train: []int{0, 1, 99}, Test: []int{3}, Scorers: good.Scorers},
			&testutil.LSQ{}, estimator.ErrInvalidParam},
		"negative row": {Task{Model: good.Model, Train: []int{0, 1, 2}, Test: []int{-1}, Scorers: good.Scorers},
			&testutil.LSQ{}, estimator.ErrInvalidParam},
		"empty fold":     {Task{Model: good.Model, Test: []int{3}, Scorers: good.Scorers}, &testutil.LSQ{}, estimator.ErrInvalidParam},
		"unknown scorer": {Task{Model: good.Model, Train: good.Train, Test: good.Test, Scorers: []string{"nope"}}, &testutil.LSQ{}, estimator.ErrInvalidParam},
		"no scorer":      {Task{Model: good.Model, Train: good.Train, Test: good.Test}, &testutil.LSQ{}, estimator.ErrInvalidParam},
	} {
		o := tc.task.Run(context.Background(), tc.skeleton, X, y, nil)
		assert.ErrorIs(t, o.Err, tc.want, name)
	}
	o = good.Run(context.Background(), &testutil.LSQ{}, X, y[:5], nil)
	assert.ErrorIs(t, o.Err, estimator.ErrShape)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, good.Run(ctx, &testutil.LSQ{}, X, y, nil).Err, context.Canceled)
}

func TestJobError(t *testing.T) {
	assert.Nil(t, NewJobError(nil))
	orig := fmt.Errorf("fit: %w", estimator.ErrConvergence)
	je := NewJobError(orig)
	assert.Equal(t, orig.Error(), je.Error())
	assert.ErrorIs(t, je, estimator.ErrConvergence)
	assert.NotErrorIs(t, je, estimator.ErrInvalidData)
	assert.NotErrorIs(t, je, errors.New("other"))
	assert.Same(t, je, NewJobError(je))
	pe := NewJobError(&parallel.PanicError{Value: "boom"})
	assert.Contains(t, pe.Error(), "boom")
	forged := &JobError{Msg: "x", Kinds: []string{"no such kind"}}
	assert.NotErrorIs(t, forged, estimator.ErrInvalidData)
}

func TestBatchCheck(t *testing.T) {
	var nilBatch *Batch
	assert.ErrorIs(t, nilBatch.Check(), estimator.ErrInvalidParam)
	b := &Batch{Prefix: "p", Prototype: &testutil.LSQ{}, Scorers: []string{"r2"}, Models: []Model{{}}, Folds: []Fold{{}},
		Jobs: []Job{{Model: 1}}}
	assert.ErrorIs(t, b.Check(), estimator.ErrInvalidParam)
	b.Jobs = []Job{{Fold: -1}}
	assert.ErrorIs(t, b.Check(), estimator.ErrInvalidParam)
	b.Jobs = []Job{{}}
	assert.NoError(t, b.Check())
	b.Prototype = nil
	assert.ErrorIs(t, b.Check(), estimator.ErrInvalidParam)
}
