package preprocess

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/parallel"
)

func functionTestLog1p(X *mat.Dense) (*mat.Dense, error) {
	return scaleMap(X, func(v float64, _ int) float64 { return math.Log1p(math.Abs(v)) }), nil
}

func TestFunctionTransformerConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &FunctionTransformer{} }, estimatortest.Unsupervised())
	estimatortest.Run(t, func() estimator.Estimator { return &FunctionTransformer{Func: functionTestLog1p} }, estimatortest.Unsupervised())
}

func TestFunctionTransformer(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(2, 2, []float64{0, 1, 2, 3})
	ft := &FunctionTransformer{
		Func: func(X *mat.Dense) (*mat.Dense, error) {
			return scaleMap(X, func(v float64, _ int) float64 { return math.Exp(v) }), nil
		},
		InverseFunc: func(X *mat.Dense) (*mat.Dense, error) {
			return scaleMap(X, func(v float64, _ int) float64 { return math.Log(v) }), nil
		},
	}
	out, err := estimator.FitTransform(ctx, ft, X, nil)
	require.NoError(t, err)
	assert.InDelta(t, math.E, out.At(0, 1), 1e-15)
	back, err := ft.InverseTransform(out)
	require.NoError(t, err)
	assert.True(t, mat.EqualApprox(X, back, 1e-12))

	boom := errors.New("boom")
	bad := &FunctionTransformer{Func: func(*mat.Dense) (*mat.Dense, error) { return nil, boom }}
	require.NoError(t, bad.Fit(ctx, X, nil))
	_, err = bad.Transform(X)
	assert.ErrorIs(t, err, boom)

	rows := &FunctionTransformer{Func: func(*mat.Dense) (*mat.Dense, error) { return mat.NewDense(1, 1, nil), nil }}
	require.NoError(t, rows.Fit(ctx, X, nil))
	_, err = rows.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrShape)

	nilOut := &FunctionTransformer{Func: func(*mat.Dense) (*mat.Dense, error) { return nil, nil }}
	require.NoError(t, nilOut.Fit(ctx, X, nil))
	_, err = nilOut.Transform(X)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)

	same := &FunctionTransformer{Func: func(X *mat.Dense) (*mat.Dense, error) { return X, nil }}
	require.NoError(t, same.Fit(ctx, X, nil))
	out, err = same.Transform(X)
	require.NoError(t, err)
	out.Set(0, 0, 42)
	assert.Equal(t, 0.0, X.At(0, 0), "output must not alias the input")

	// Func is not a hyperparameter.
	_, ok := estimator.GetParams(ft)["Func"]
	assert.False(t, ok)
}

// A panicking user function is an error, in a plain FunctionTransformer and inside a
// ColumnTransformer branch (fitted on a goroutine of internal/parallel): the process
// lives on and the error carries the panic and its stack.
func TestFunctionTransformerPanics(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	boom := func(*mat.Dense) (*mat.Dense, error) { panic("user bug") }
	ft := &FunctionTransformer{Func: boom, InverseFunc: boom}
	require.NoError(t, ft.Fit(ctx, X, nil))
	_, err := ft.Transform(X)
	require.Error(t, err)
	var pe *parallel.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "user bug", pe.Value)
	assert.Contains(t, err.Error(), "preprocess.FunctionTransformer: Func")
	_, err = ft.InverseTransform(X)
	require.ErrorAs(t, err, &pe)

	for _, workers := range []int{1, 2} {
		ct := &ColumnTransformer{Workers: workers, Columns: []ColumnStep{
			{Name: "ok", Est: &StandardScaler{}, Columns: []string{"x0"}},
			{Name: "bad", Est: &FunctionTransformer{Func: boom}, Columns: []string{"x1"}},
		}}
		_, err = ct.FitTransform(ctx, X, nil)
		require.ErrorAs(t, err, &pe, "Workers %d", workers)
		assert.Contains(t, err.Error(), `step "bad"`)
		assert.Contains(t, string(pe.Stack), "goroutine")
		assert.Nil(t, ct.FeatureNamesOut(nil), "a failed Fit leaves the transformer unfitted")
	}
	// A Func that panics only at Transform time (after a clean Fit).
	calls := 0
	late := func(x *mat.Dense) (*mat.Dense, error) {
		calls++
		if calls > 1 {
			panic("late bug")
		}
		return mat.DenseCopyOf(x), nil
	}
	ct := &ColumnTransformer{Columns: []ColumnStep{{Name: "late", Est: &FunctionTransformer{Func: late}, Columns: []string{"x0"}}}}
	require.NoError(t, ct.Fit(ctx, X, nil))
	_, err = ct.Transform(X)
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), `step "late"`)
}
