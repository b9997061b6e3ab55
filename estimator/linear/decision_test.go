package linear_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
)

// Logistic implements the binary decision-function contract of metrics.
var _ metrics.DecisionFunctioner = (*linear.Logistic)(nil)

// noProba hides Logistic's PredictProba behind an error: a scorer that still succeeds
// must have used DecisionFunction.
type noProba struct{ *linear.Logistic }

func (noProba) PredictProba(mat.Matrix) (*mat.Dense, error) {
	return nil, errors.New("PredictProba must not be called")
}

func TestROCAUCScorerUsesDecisionFunction(t *testing.T) {
	ds := datasets.BreastCancer()
	X, y := ds.X, ds.Y
	clf := &linear.Logistic{C: 0.01}
	require.NoError(t, clf.Fit(context.Background(), X, y))
	dec, err := clf.DecisionFunction(X)
	require.NoError(t, err)
	require.Len(t, dec, len(y))
	want := metrics.ROCAUCScore(y, dec, nil)

	got, err := metrics.ROCAUC.Score(noProba{clf}, X, y, nil)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	got, err = metrics.ROCAUC.Score(clf, X, y, nil)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// Multiclass models have the matrix form only.
	iris := datasets.Iris()
	multi := &linear.Logistic{}
	require.NoError(t, multi.Fit(context.Background(), iris.X, iris.Y))
	_, err = multi.DecisionFunction(iris.X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	d, err := multi.DecisionFunctionMatrix(iris.X)
	require.NoError(t, err)
	r, c := d.Dims()
	assert.Equal(t, [2]int{len(iris.Y), 3}, [2]int{r, c})
}

func TestStringShowsSettings(t *testing.T) {
	for want, e := range map[string]estimator.Estimator{
		"linear.Ridge{Alpha: 10}": &linear.Ridge{Alpha: 10},
	} {
		assert.Equal(t, want, e.(interface{ String() string }).String())
	}
	for _, e := range []estimator.Estimator{&linear.Regression{NoIntercept: true}, &linear.Lasso{Alpha: 2},
		&linear.ElasticNet{L1Ratio: 0.3}, &linear.Logistic{C: 4}} {
		s := e.(interface{ String() string }).String()
		assert.NotContains(t, s, "0x", "no pointer")
		assert.Contains(t, s, "linear.")
	}
}

// negDims reports impossible dimensions; badAt panics when read.
type negDims struct{}

func (negDims) Dims() (int, int)    { return -1, 2 }
func (negDims) At(int, int) float64 { return 0 }
func (m negDims) T() mat.Matrix     { return mat.Transpose{Matrix: m} }

type badAt struct{}

func (badAt) Dims() (int, int)    { return 3, 2 }
func (badAt) At(int, int) float64 { panic("broken matrix") }
func (m badAt) T() mat.Matrix     { return mat.Transpose{Matrix: m} }

// Every method where a matrix enters rejects unusable matrices with ErrInvalidData,
// including those the conformance suite does not call.
func TestBadMatricesAreErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(6, 2, []float64{1, 2, 2, 1, 3, 5, 4, 3, 5, 8, 6, 1})
	y := []float64{0, 1, 0, 1, 1, 0}
	var nilDense *mat.Dense
	var nilSym *mat.SymDense
	var nilVec *mat.VecDense
	bad := map[string]mat.Matrix{
		"nil": nil, "nil Dense": nilDense, "nil SymDense": nilSym, "nil VecDense": nilVec,
		"empty Transpose": mat.Transpose{}, "negative dims": negDims{}, "panicking At": badAt{},
	}
	clf := &linear.Logistic{}
	require.NoError(t, clf.Fit(ctx, X, y))
	ridge := &linear.Ridge{Alpha: 1}
	for name, B := range bad {
		t.Run(name, func(t *testing.T) {
			calls := map[string]func() error{
				"DecisionFunction":       func() error { _, err := clf.DecisionFunction(B); return err },
				"DecisionFunctionMatrix": func() error { _, err := clf.DecisionFunctionMatrix(B); return err },
				"PredictLogProba":        func() error { _, err := clf.PredictLogProba(B); return err },
				"Logistic.FitWeighted":   func() error { return (&linear.Logistic{}).FitWeighted(ctx, B, y, nil) },
				"Ridge.Prepare":          func() error { _, err := ridge.Prepare(B, y); return err },
				"Regression.FitWeighted": func() error { return (&linear.Regression{}).FitWeighted(ctx, B, y, nil) },
				"Lasso.FitWeighted":      func() error { return (&linear.Lasso{}).FitWeighted(ctx, B, y, nil) },
			}
			for call, f := range calls {
				var err error
				require.NotPanics(t, func() { err = f() }, call)
				assert.ErrorIs(t, err, estimator.ErrInvalidData, call)
			}
		})
	}
}
