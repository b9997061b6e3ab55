package pipeline_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// TestWithRealComponents runs the conformance suite and the scikit-learn goldens with
// the toolkit's own StandardScaler, PolynomialFeatures and Ridge.
func TestWithRealComponents(t *testing.T) {
	t.Parallel()
	t.Run("conformance/pipeline", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return pipeline.Make(&preprocess.StandardScaler{},
				pipeline.NewFeatureUnion(
					pipeline.Step{Name: "lin", Est: estimator.Passthrough},
					pipeline.Step{Name: "poly", Est: &preprocess.PolynomialFeatures{Degree: 2, NoBias: true}},
				),
				&linear.Ridge{Alpha: 1})
		})
	})
	t.Run("conformance/ttr", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &pipeline.TransformedTargetRegressor{
				Regressor:   pipeline.Make(&preprocess.StandardScaler{}, &linear.Ridge{Alpha: 1}),
				Transformer: &preprocess.StandardScaler{},
			}
		})
	})
	t.Run("goldens", func(t *testing.T) {
		g, X, y := golden(t)
		p := pipeline.Make(&preprocess.StandardScaler{}, &linear.Ridge{Alpha: 1})
		require.NoError(t, p.Fit(ctx, X, y))
		pred, err := p.Predict(X)
		require.NoError(t, err)
		assert.InDeltaSlice(t, g.Floats("pipeline/scale_ridge/pred"), pred, 1e-9)
		assert.InDeltaSlice(t, g.Floats("pipeline/scale_ridge/coef"), p.Step("ridge").(*linear.Ridge).Coef(), 1e-9)
		ttr := &pipeline.TransformedTargetRegressor{Regressor: &linear.Ridge{Alpha: 1}, Func: math.Log1p, InverseFunc: math.Expm1}
		require.NoError(t, ttr.Fit(ctx, X, y))
		pred, err = ttr.Predict(X)
		require.NoError(t, err)
		assert.InDeltaSlice(t, g.Floats("ttr/log1p/pred"), pred, 1e-9)
	})
}

func TestFitWeighted(t *testing.T) {
	t.Parallel()
	_, X, y := golden(t)
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(i%4 + 1)
	}
	p := pipeline.Make(&preprocess.StandardScaler{}, &linear.Ridge{Alpha: 1})
	require.NoError(t, p.FitWeighted(ctx, X, y, w))
	s := &preprocess.StandardScaler{}
	xt, err := s.FitTransform(ctx, X, y)
	require.NoError(t, err)
	r := &linear.Ridge{Alpha: 1}
	require.NoError(t, r.FitWeighted(ctx, xt, y, w))
	assert.Equal(t, r.Coef(), p.Step("ridge").(*linear.Ridge).Coef(), "weights go to the final step")

	ttr := &pipeline.TransformedTargetRegressor{Regressor: &linear.Ridge{Alpha: 1}, Func: math.Log1p, InverseFunc: math.Expm1}
	require.NoError(t, ttr.FitWeighted(ctx, X, y, w))
	ly := make([]float64, len(y))
	for i, v := range y {
		ly[i] = math.Log1p(v)
	}
	r2 := &linear.Ridge{Alpha: 1}
	require.NoError(t, r2.FitWeighted(ctx, X, ly, w))
	assert.Equal(t, r2.Coef(), ttr.Unwrap().(*linear.Ridge).Coef())

	// Final steps without FitWeighted.
	err = pipeline.Make(&scaler{}, &centroid{}).FitWeighted(ctx, X, y, w)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.EqualError(t, err, `pipeline: final step "centroid" (*testutil.Centroid) has no FitWeighted: unsupported operation`)
	err = (&pipeline.TransformedTargetRegressor{Regressor: &centroid{}}).FitWeighted(ctx, X, y, w)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
}
