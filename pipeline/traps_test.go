package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// scikit-learn's "step__param" spelling gets a suggestion of the skgo path.
func TestSetParamsSuggestsPath(t *testing.T) {
	p := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "ridge", Est: &linear.Ridge{}})
	for _, bad := range []string{"ridge__alpha", "ridge.alpha", "Ridge.Alpha"} {
		err := estimator.SetParams(p, estimator.Params{bad: 10.0})
		require.Error(t, err, bad)
		require.ErrorContains(t, err, `did you mean "ridge.Alpha"?`, bad)
	}
	require.NoError(t, estimator.SetParams(p, estimator.Params{"ridge.Alpha": 10.0}))
}

// A pipeline has every method by its type; estimator.Can says what it can do.
func TestPipelineCan(t *testing.T) {
	ridge := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "ridge", Est: &linear.Ridge{}})
	logit := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "clf", Est: &linear.Logistic{}})
	scale := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "pass", Est: estimator.Passthrough})
	for _, tc := range []struct {
		p    *pipeline.Pipeline
		c    estimator.Capability
		want bool
	}{
		{ridge, estimator.CanPredict, true},
		{ridge, estimator.CanPredictProba, false},
		{ridge, estimator.CanDecisionFunction, false},
		{ridge, estimator.CanClassify, false},
		{ridge, estimator.CanTransform, false},
		{logit, estimator.CanPredictProba, true},
		{logit, estimator.CanDecisionFunction, true},
		{logit, estimator.CanClassify, true},
		{scale, estimator.CanTransform, true},
		{scale, estimator.CanInverseTransform, true},
		{scale, estimator.CanPredict, false},
		{&pipeline.Pipeline{}, estimator.CanPredict, false},
	} {
		require.Equal(t, tc.want, estimator.Can(tc.p, tc.c), "%v %v", tc.p, tc.c)
	}
}

// Scorers ask Can: log loss of a pipeline ending in a regressor is unsupported (not a
// failure inside PredictProba), and ROC AUC uses a final LinearSVC's decision function
// through the pipeline.
func TestScorersUseCan(t *testing.T) {
	X, y := twoBlobs()
	ridge := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "ridge", Est: &linear.Ridge{}})
	require.NoError(t, ridge.Fit(context.Background(), X, y))
	_, err := metrics.NegLogLoss.Score(ridge, X, y, nil)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.ErrorContains(t, err, "has no PredictProba")

	svc := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "svc", Est: &svm.LinearSVC{}})
	require.NoError(t, svc.Fit(context.Background(), X, y))
	auc, err := metrics.ROCAUC.Score(svc, X, y, nil)
	require.NoError(t, err)
	df, err := svc.DecisionFunction(X)
	require.NoError(t, err)
	require.InDelta(t, metrics.ROCAUCScore(y, df, nil), auc, 1e-15)
}

func twoBlobs() (*mat.Dense, []float64) {
	X := mat.NewDense(40, 2, nil)
	y := make([]float64, 40)
	for i := 0; i < 40; i++ {
		c := float64(i % 2)
		X.Set(i, 0, c*2+float64(i%7)*0.3)
		X.Set(i, 1, -c+float64(i%5)*0.4)
		y[i] = c
	}
	return X, y
}

// Load's structure mismatch names both the file's structure and the skeleton's.
func TestLoadMismatchShowsBothStructures(t *testing.T) {
	X, y := twoBlobs()
	saved := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "clf", Est: &linear.Logistic{}})
	require.NoError(t, saved.Fit(context.Background(), X, y))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, saved))
	dst := pipeline.New(pipeline.Step{Name: "clf", Est: &linear.Logistic{}})
	err := estimator.Load(bytes.NewReader(buf.Bytes()), dst)
	require.Error(t, err)
	require.ErrorContains(t, err, `file: [root="*pipeline.Pipeline" "scale"="*preprocess.StandardScaler" "clf"="*linear.Logistic"]`)
	require.ErrorContains(t, err, "dst: [")
}
