package estimator_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
)

// A continuous target given to a classifier is refused, as scikit-learn's "Unknown
// label type: 'continuous'" (it used to become one class per distinct value).
func TestClassifierRefusesContinuousTarget(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{1, 2, 3, 4, 5, 6})
	y := []float64{24.5, 21.6, 34.7, 33.4, 36.2, 28.7}
	err := (&linear.Logistic{}).Fit(context.Background(), X, y)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	require.ErrorContains(t, err, "continuous")
	_, err = estimator.CheckClassLabels([]float64{0, 1, 2.5})
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = estimator.CheckClassLabels([]float64{0, 1, -3, 7})
	require.NoError(t, err, "integer labels of any sign are classes")
}

// The accuracy scorer on a regressor is an error, not a near-zero score a search
// would rank.
func TestClassificationScorerRefusesRegressor(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{1, 2, 3, 4, 5, 6})
	y := []float64{24.5, 21.6, 34.7, 33.4, 36.2, 28.7}
	r := &linear.Ridge{}
	require.NoError(t, r.Fit(context.Background(), X, y))
	for _, s := range []metrics.Scorer{metrics.Accuracy, metrics.F1Macro, metrics.BalancedAccuracy, metrics.MCC} {
		_, err := s.Score(r, X, y, nil)
		require.ErrorIs(t, err, estimator.ErrInvalidData, s.Name())
		require.ErrorContains(t, err, "not a classifier", s.Name())
	}
	// integer targets but continuous predictions are refused too
	yi := []float64{0, 1, 0, 1, 1, 0}
	require.NoError(t, r.Fit(context.Background(), X, yi))
	_, err := metrics.Accuracy.Score(r, X, yi, nil)
	require.ErrorContains(t, err, "the predictions")
}

// scikit-learn spellings of a parameter path get a suggestion.
func TestSetParamsDidYouMean(t *testing.T) {
	r := &linear.Ridge{}
	err := estimator.SetParams(r, estimator.Params{"alpha": 2.0})
	require.ErrorContains(t, err, `did you mean "Alpha"?`)
	err = estimator.SetParams(r, estimator.Params{"fit_intercept": false})
	require.Error(t, err)
	err = estimator.SetParams(r, estimator.Params{"Alpah": 2.0})
	require.Error(t, err)
	require.NotContains(t, err.Error(), "did you mean", "no suggestion without a match")
}
