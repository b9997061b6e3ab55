package pipeline_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/pipeline"
)

func TestTransformedTargetMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	g, X, y := golden(t)
	for _, tc := range []struct {
		name string
		ttr  *pipeline.TransformedTargetRegressor
	}{
		{"log1p", &pipeline.TransformedTargetRegressor{Regressor: &lsq{Alpha: 1}, Func: math.Log1p, InverseFunc: math.Expm1}},
		{"scaler", &pipeline.TransformedTargetRegressor{Regressor: &lsq{Alpha: 1}, Transformer: &scaler{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.ttr.Fit(ctx, X, y))
			pred, err := tc.ttr.Predict(X)
			require.NoError(t, err)
			assert.InDeltaSlice(t, g.Floats("ttr/"+tc.name+"/pred"), pred, 1e-9) // closed form
			assert.False(t, tc.ttr.Regressor.(*lsq).Fitted(), "Regressor itself is not fitted")
			assert.True(t, tc.ttr.Unwrap().(*lsq).Fitted())
		})
	}
}

func TestTransformedTargetIdentity(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	ttr := &pipeline.TransformedTargetRegressor{Regressor: &lsq{}}
	require.NoError(t, ttr.Fit(ctx, X, y))
	r := &lsq{}
	require.NoError(t, r.Fit(ctx, X, y))
	a, err := ttr.Predict(X)
	require.NoError(t, err)
	b, err := r.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, b, a)
}

func TestTransformedTargetCheckInverse(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	ttr := &pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Func: math.Log1p, InverseFunc: math.Exp}
	err := ttr.Fit(ctx, X, y)
	require.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), "Func and InverseFunc are not inverse of each other: y[0] = ")
	assert.Contains(t, err.Error(), "set NoCheckInverse")
	_, err = ttr.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	ttr.NoCheckInverse = true
	require.NoError(t, ttr.Fit(ctx, X, y))

	// A transformer that cannot invert what it produced (NaN from log of a negative).
	neg := append([]float64(nil), y...)
	neg[0] = -5
	err = (&pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Func: math.Log, InverseFunc: math.Exp}).Fit(ctx, X, neg)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	err = (&pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Func: math.Log, InverseFunc: math.Exp, NoCheckInverse: true}).Fit(ctx, X, neg)
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "the regressor rejects the NaN target")
}

func TestTransformedTargetValidation(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	for name, tc := range map[string]struct {
		ttr  *pipeline.TransformedTargetRegressor
		want string
	}{
		"no regressor":     {&pipeline.TransformedTargetRegressor{}, `"regressor": is required`},
		"both":             {&pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Transformer: &scaler{}, Func: math.Log1p, InverseFunc: math.Expm1}, "cannot both be set"},
		"func alone":       {&pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Func: math.Log1p}, "must be set together"},
		"inverse alone":    {&pipeline.TransformedTargetRegressor{Regressor: &lsq{}, InverseFunc: math.Expm1}, "must be set together"},
		"no inverse":       {&pipeline.TransformedTargetRegressor{Regressor: &lsq{}, Transformer: &square{}}, "has no InverseTransform"},
		"regressor param":  {&pipeline.TransformedTargetRegressor{Regressor: &lsq{Alpha: -1}}, `"regressor.Alpha" = -1`},
		"pipeline regress": {&pipeline.TransformedTargetRegressor{Regressor: pipeline.Make(&scaler{}, &lsq{Alpha: -1})}, `"regressor.lsq.Alpha" = -1`},
	} {
		t.Run(name, func(t *testing.T) {
			err := tc.ttr.Fit(ctx, X, y)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	ttr := &pipeline.TransformedTargetRegressor{Regressor: &lsq{}}
	assert.ErrorIs(t, ttr.Fit(ctx, X, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, ttr.Fit(ctx, X, y[:3]), estimator.ErrShape)
	assert.ErrorIs(t, ttr.Fit(ctx, nil, y), estimator.ErrInvalidData)
	assert.ErrorContains(t, ttr.SetPart("regressor", &scaler{}), "not a Predictor")
	assert.ErrorContains(t, ttr.SetPart("transformer", &lsq{}), "not a Transformer")
	assert.ErrorContains(t, ttr.SetPart("x", &lsq{}), `no part "x"`)
}

func TestTransformedTargetCloneAndUnwrap(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	ttr := &pipeline.TransformedTargetRegressor{Regressor: &lsq{Alpha: 2}, Func: math.Log1p, InverseFunc: math.Expm1}
	assert.Same(t, ttr.Regressor, ttr.Unwrap(), "before Fit, Unwrap is Regressor")
	require.NoError(t, ttr.Fit(ctx, X, y))
	c := estimator.Clone(ttr)
	assert.NotSame(t, ttr.Regressor, c.Regressor)
	assert.Equal(t, 2.0, c.Regressor.(*lsq).Alpha)
	assert.NotNil(t, c.Func)
	_, err := c.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	pred, err := ttr.Predict(X)
	require.NoError(t, err)
	inner, err := ttr.Unwrap().(estimator.Predictor).Predict(X)
	require.NoError(t, err)
	for i := range pred {
		assert.InDelta(t, math.Expm1(inner[i]), pred[i], 1e-12)
	}
	_, err = ttr.Predict(mat.NewDense(2, 5, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
}
