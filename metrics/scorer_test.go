package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

// fakeRegressor returns fixed predictions (or err) whatever X is.
type fakeRegressor struct {
	pred []float64
	err  error
}

func (f *fakeRegressor) Fit(context.Context, mat.Matrix, []float64) error { return nil }
func (f *fakeRegressor) Predict(mat.Matrix) ([]float64, error) {
	return slices.Clone(f.pred), f.err
}

// fakeClassifier returns fixed labels and probabilities.
type fakeClassifier struct {
	fakeRegressor
	classes []float64
	proba   *mat.Dense
}

func (f *fakeClassifier) Classes() []float64 { return slices.Clone(f.classes) }
func (f *fakeClassifier) PredictProba(mat.Matrix) (*mat.Dense, error) {
	if f.err != nil {
		return nil, f.err
	}
	return mat.DenseCopyOf(f.proba), nil
}

// fakeDecision adds a decision function.
type fakeDecision struct {
	fakeClassifier
	decision []float64
}

func (f *fakeDecision) DecisionFunction(mat.Matrix) ([]float64, error) {
	return slices.Clone(f.decision), nil
}

// fakeLabeler is a Classifier without PredictProba.
type fakeLabeler struct {
	fakeRegressor
	classes []float64
}

func (f *fakeLabeler) Classes() []float64 { return slices.Clone(f.classes) }

// fakeTransformer is not a Predictor.
type fakeTransformer struct{}

func (fakeTransformer) Fit(context.Context, mat.Matrix, []float64) error { return nil }
func (fakeTransformer) Transform(X mat.Matrix) (*mat.Dense, error)       { return mat.DenseCopyOf(X), nil }

var (
	_ estimator.Predictor        = (*fakeRegressor)(nil)
	_ estimator.ProbaClassifier  = (*fakeClassifier)(nil)
	_ metrics.DecisionFunctioner = (*fakeDecision)(nil)
	_ estimator.Classifier       = (*fakeLabeler)(nil)
	_ estimator.Transformer      = fakeTransformer{}
)

type scorerCase struct {
	Case     string      `json:"case"`
	Scorer   string      `json:"scorer"`
	Kind     string      `json:"kind"`
	Classes  []float64   `json:"classes"`
	Pred     []float64   `json:"pred"`
	Proba    [][]float64 `json:"proba"`
	Decision []float64   `json:"decision"`
	Y        []float64   `json:"y"`
	Weights  []float64   `json:"weights"`
	Expected nf          `json:"expected"`
	Error    bool        `json:"error"`
}

func TestScorersMatchScikitLearn(t *testing.T) {
	var cases, more []scorerCase
	testutil.Golden(t, "testdata/sklearn.json").Decode("scorers", &cases)
	testutil.Golden(t, "testdata/metricsx_sklearn.json").Decode("scorers", &more)
	require.NotEmpty(t, cases)
	require.NotEmpty(t, more)
	cases = append(cases, more...)
	covered := map[string]bool{}
	for _, c := range cases {
		t.Run(c.Case+"/"+c.Scorer, func(t *testing.T) {
			t.Parallel()
			var e estimator.Estimator
			switch {
			case c.Kind == "regressor":
				e = &fakeRegressor{pred: c.Pred}
			case c.Decision != nil:
				e = &fakeDecision{fakeClassifier{fakeRegressor{pred: c.Pred}, c.Classes, matrix(c.Proba)}, c.Decision}
			default:
				e = &fakeClassifier{fakeRegressor{pred: c.Pred}, c.Classes, matrix(c.Proba)}
			}
			s, err := metrics.ScorerByName(c.Scorer)
			require.NoError(t, err)
			assert.Equal(t, c.Scorer, s.Name())
			X := mat.NewDense(len(c.Y), 1, nil)
			got, err := s.Score(e, X, c.Y, c.Weights)
			if c.Error {
				assert.Errorf(t, err, "scikit-learn raises; got score %v", got)
				return
			}
			if c.Expected == nil {
				// scikit-learn returns NaN (an undefined likelihood ratio); the
				// scorers here report an undefined score as an error.
				assert.ErrorIsf(t, err, estimator.ErrInvalidData, "got score %v", got)
				return
			}
			require.NoError(t, err)
			assertClose(t, val(c.Expected), got, c.Scorer)
		})
		covered[c.Scorer] = true
	}
	for _, name := range metrics.ScorerNames() {
		assert.Truef(t, covered[name], "scorer %q has no scikit-learn golden", name)
	}
}

func TestScorerByName(t *testing.T) {
	names := metrics.ScorerNames()
	assert.True(t, slices.IsSorted(names))
	assert.Contains(t, names, "max_error")
	for _, n := range names {
		s, err := metrics.ScorerByName(n)
		require.NoError(t, err)
		assert.Equal(t, n, s.Name())
	}
	for _, s := range []metrics.Scorer{metrics.R2, metrics.NegMSE, metrics.Accuracy, metrics.F1Macro, metrics.NegLogLoss, metrics.ROCAUC} {
		got, err := metrics.ScorerByName(s.Name())
		require.NoError(t, err)
		assert.Equal(t, s.Name(), got.Name())
	}
	_, err := metrics.ScorerByName("neg_mse")
	require.Error(t, err)
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	assert.Contains(t, err.Error(), `"neg_mse"`)
	assert.Contains(t, err.Error(), "neg_mean_squared_error")
	assert.Contains(t, err.Error(), "roc_auc_ovr")
}

func TestScorerErrors(t *testing.T) {
	X := mat.NewDense(4, 1, nil)
	y := []float64{0, 1, 1, 0}
	proba := mat.NewDense(4, 2, []float64{0.9, 0.1, 0.2, 0.8, 0.4, 0.6, 0.7, 0.3})
	clf := func() *fakeClassifier {
		return &fakeClassifier{fakeRegressor{pred: []float64{0, 1, 1, 1}}, []float64{0, 1}, proba}
	}
	errFit := fmt.Errorf("test.Model: %w", estimator.ErrNotFitted)
	for _, tc := range []struct {
		name   string
		s      metrics.Scorer
		e      estimator.Estimator
		y, w   []float64
		target error
	}{
		{"short predictions", metrics.R2, &fakeRegressor{pred: []float64{1, 2, 3}}, y, nil, estimator.ErrShape},
		{"long predictions", metrics.Accuracy, &fakeRegressor{pred: []float64{1, 2, 3, 4, 5}}, y, nil, estimator.ErrShape},
		{"weights length", metrics.NegMAE, &fakeRegressor{pred: y}, y, []float64{1, 2}, estimator.ErrShape},
		{"empty y", metrics.NegMSE, &fakeRegressor{pred: nil}, nil, nil, estimator.ErrInvalidData},
		{"NaN prediction", metrics.NegMSE, &fakeRegressor{pred: []float64{0, math.NaN(), 1, 0}}, y, nil, estimator.ErrInvalidData},
		{"NaN target", metrics.R2, &fakeRegressor{pred: y}, []float64{0, math.NaN(), 1, 0}, nil, estimator.ErrInvalidData},
		{"negative weight", metrics.R2, &fakeRegressor{pred: y}, y, []float64{1, -1, 1, 1}, estimator.ErrInvalidData},
		{"zero weights", metrics.R2, &fakeRegressor{pred: y}, y, []float64{0, 0, 0, 0}, estimator.ErrInvalidData},
		{"predict error", metrics.R2, &fakeRegressor{err: errFit}, y, nil, estimator.ErrNotFitted},
		{"proba error", metrics.NegLogLoss, &fakeClassifier{fakeRegressor{err: errFit}, []float64{0, 1}, proba}, y, nil, estimator.ErrNotFitted},
		{"not a predictor", metrics.R2, fakeTransformer{}, y, nil, errors.ErrUnsupported},
		{"log loss without proba", metrics.NegLogLoss, &fakeLabeler{fakeRegressor{pred: y}, []float64{0, 1}}, y, nil, errors.ErrUnsupported},
		{"roc auc without proba", metrics.ROCAUC, &fakeRegressor{pred: y}, y, nil, errors.ErrUnsupported},
		{"roc auc ovr without proba", metrics.ROCAUCOvR, &fakeLabeler{fakeRegressor{pred: y}, []float64{0, 1}}, y, nil, errors.ErrUnsupported},
		{"max_error with weights", metrics.NegMaxError, &fakeRegressor{pred: y}, y, []float64{1, 1, 1, 1}, errors.ErrUnsupported},
		{"binary f1 on multiclass", metrics.F1, &fakeRegressor{pred: []float64{0, 1, 2, 0}}, y, nil, estimator.ErrInvalidData},
		{"label not in classes", metrics.NegLogLoss, clf(), []float64{0, 1, 5, 0}, nil, estimator.ErrInvalidData},
		{"one class in y", metrics.ROCAUC, clf(), []float64{1, 1, 1, 1}, nil, estimator.ErrInvalidData},
		{"proba shape", metrics.NegLogLoss, &fakeClassifier{fakeRegressor{pred: y}, []float64{0, 1, 2}, proba}, y, nil, estimator.ErrShape},
		{"NaN proba", metrics.ROCAUC, &fakeClassifier{fakeRegressor{pred: y}, []float64{0, 1},
			mat.NewDense(4, 2, []float64{0.9, 0.1, math.NaN(), 0.8, 0.4, 0.6, 0.7, 0.3})}, y, nil, estimator.ErrInvalidData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got float64
			var err error
			assert.NotPanics(t, func() { got, err = tc.s.Score(tc.e, X, tc.y, tc.w) })
			require.Errorf(t, err, "got score %v", got)
			assert.ErrorIs(t, err, tc.target)
			assert.Truef(t, strings.HasPrefix(err.Error(), "metrics: "), "error %q lacks the package prefix", err)
		})
	}
}

func TestScorersMapColumnsThroughClasses(t *testing.T) {
	// Classes 2 and 5: the positive class of roc_auc is 5, column 1.
	y := []float64{2, 5, 5, 2, 5}
	p5 := []float64{0.3, 0.8, 0.4, 0.45, 0.9}
	proba := mat.NewDense(5, 2, nil)
	for i, p := range p5 {
		proba.SetRow(i, []float64{1 - p, p})
	}
	e := &fakeClassifier{fakeRegressor{pred: []float64{2, 5, 2, 2, 5}}, []float64{2, 5}, proba}
	X := mat.NewDense(5, 1, nil)
	got, err := metrics.ROCAUC.Score(e, X, y, nil)
	require.NoError(t, err)
	assertClose(t, metrics.ROCAUCScore(y, p5, nil), got, "roc_auc")
	assertClose(t, 5.0/6, got, "roc_auc")

	ll, err := metrics.NegLogLoss.Score(e, X, y, nil)
	require.NoError(t, err)
	assertClose(t, -metrics.LogLoss(y, proba, []float64{2, 5}, nil), ll, "neg_log_loss")

	// A fold holding only some of the classifier's classes still scores.
	e3 := &fakeClassifier{fakeRegressor{pred: []float64{1, 4, 1}}, []float64{1, 4, 7},
		mat.NewDense(3, 3, []float64{0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0.5, 0.25, 0.25})}
	ll3, err := metrics.NegLogLoss.Score(e3, mat.NewDense(3, 1, nil), []float64{1, 4, 1}, nil)
	require.NoError(t, err)
	assertClose(t, (math.Log(0.7)+math.Log(0.6)+math.Log(0.5))/3, ll3, "neg_log_loss subset")
}

func TestNewScorer(t *testing.T) {
	e := &fakeRegressor{pred: []float64{1, 2, 3, 5}}
	X := mat.NewDense(4, 1, nil)
	y := []float64{1, 2, 3, 4}
	s := metrics.NewScorer("neg_max_error_custom", func(yt, yp, _ []float64) float64 { return metrics.MaxError(yt, yp) }, false)
	assert.Equal(t, "neg_max_error_custom", s.Name())
	v, err := s.Score(e, X, y, nil)
	require.NoError(t, err)
	assert.Equal(t, -1.0, v)

	pos2 := metrics.NewScorer("f1_pos2", func(yt, yp, w []float64) float64 {
		return metrics.F1Score(yt, yp, metrics.PosLabel(2), w)
	}, true)
	_, err = pos2.Score(&fakeRegressor{pred: []float64{0, 1, 2, 2}}, X, []float64{0, 1, 2, 2}, nil)
	require.Error(t, err, "multiclass targets with binary averaging")
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	v, err = pos2.Score(&fakeRegressor{pred: []float64{1, 2, 2, 2}}, X, []float64{1, 2, 1, 2}, nil)
	require.NoError(t, err)
	assertClose(t, 0.8, v, "f1 pos 2")
}
