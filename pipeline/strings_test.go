package pipeline_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

func TestStringPipeline(t *testing.T) {
	ctx := context.Background()
	cols := [][]string{{"red", "", "blue", "red"}, {"s", "m", "", "m"}}
	p := pipeline.Make(&preprocess.SimpleImputer{Strategy: preprocess.StrategyMostFrequent}, &preprocess.OneHotEncoder{})
	_, err := p.TransformStrings(cols)
	require.ErrorIs(t, err, estimator.ErrNotFitted)
	require.NoError(t, p.FitStrings(ctx, cols, nil))
	out, err := p.TransformStrings(cols)
	require.NoError(t, err)
	// Most frequent: "red" and "m"; categories sorted: blue, red | m, s.
	want := mat.NewDense(4, 4, []float64{
		0, 1, 0, 1,
		0, 1, 1, 0,
		1, 0, 1, 0,
		0, 1, 1, 0,
	})
	assert.True(t, mat.Equal(want, out), "got\n%v", mat.Formatted(out))
	imp := p.Step("simpleimputer").(*preprocess.SimpleImputer)
	assert.Equal(t, []string{"red", "m"}, imp.StringStatistics(), "the caller's step is fitted")

	mapped, err := pipeline.Make(&preprocess.SimpleImputer{Strategy: preprocess.StrategyConstant, FillValue: "?"}).MapStrings(cols)
	require.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, mapped)

	_, err = p.TransformStrings(cols[:1])
	assert.ErrorIs(t, err, estimator.ErrShape)
	assert.ErrorIs(t, p.FitStrings(ctx, [][]string{{"a"}, {"b", "c"}}, nil), estimator.ErrShape)

	// A numeric step cannot take strings: a clear error, and nothing changes.
	bad := pipeline.Make(&preprocess.StandardScaler{}, &preprocess.OneHotEncoder{})
	err = bad.FitStrings(ctx, cols, nil)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Contains(t, err.Error(), `step "standardscaler"`)
}

func TestStringPipelineInColumnTransformer(t *testing.T) {
	df := dataframe.New(
		series.New([]string{"red", "", "blue", "red", "blue"}, series.String, "color"),
		series.New([]float64{1, 2, 3, 4, 5}, series.Float, "size"),
	)
	X, err := preprocess.NewFrame(df)
	require.NoError(t, err)
	ct := &preprocess.ColumnTransformer{Columns: []preprocess.ColumnStep{
		{Name: "cat", Est: pipeline.Make(&preprocess.SimpleImputer{Strategy: preprocess.StrategyMostFrequent}, &preprocess.OneHotEncoder{}), Columns: []string{"color"}},
		{Name: "num", Est: &preprocess.StandardScaler{}, Columns: []string{"size"}},
	}}
	out, err := ct.FitTransform(context.Background(), X, nil)
	require.NoError(t, err)
	r, c := out.Dims()
	assert.Equal(t, []int{5, 3}, []int{r, c})
	// The missing colour is imputed with the most frequent ("blue" and "red" tie:
	// scikit-learn takes the smallest, "blue").
	assert.Equal(t, []float64{1, 0}, out.RawRowView(1)[:2])
}

// TestInPlaceSteps checks that a scaler after another step (which transforms the
// pipeline's own intermediate in place) gives exactly the out-of-place result, and
// that the caller's matrix is never written.
func TestInPlaceSteps(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(6, 2, []float64{1, 2, 3, math.NaN(), 5, 6, 7, 8, 9, 10, 11, 13})
	y := []float64{1, 2, 3, 4, 5, 6}
	orig := mat.DenseCopyOf(X)
	p := pipeline.Make(&preprocess.SimpleImputer{}, &preprocess.StandardScaler{}, &linear.Ridge{Alpha: 1})
	require.NoError(t, p.Fit(ctx, X, y))
	got, err := p.Predict(X)
	require.NoError(t, err)

	imp := &preprocess.SimpleImputer{}
	xi, err := imp.FitTransform(ctx, X, y)
	require.NoError(t, err)
	sc := &preprocess.StandardScaler{}
	xs, err := sc.FitTransform(ctx, xi, y)
	require.NoError(t, err)
	r := &linear.Ridge{Alpha: 1}
	require.NoError(t, r.Fit(ctx, xs, y))
	xt, err := imp.Transform(X)
	require.NoError(t, err)
	xt, err = sc.Transform(xt)
	require.NoError(t, err)
	want, err := r.Predict(xt)
	require.NoError(t, err)
	assert.Equal(t, want, got, "in-place and out-of-place steps must agree exactly")
	assert.True(t, mat.Equal(orig, X) || sameNaN(orig, X), "the caller's X is unchanged")

	// A scaler first: X is the caller's, so it must not be scaled in place.
	p2 := pipeline.Make(&preprocess.StandardScaler{}, &linear.Ridge{})
	Xf := mat.NewDense(3, 1, []float64{1, 2, 4})
	require.NoError(t, p2.Fit(ctx, Xf, []float64{1, 2, 3}))
	_, err = p2.Predict(Xf)
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 2, 4}, Xf.RawMatrix().Data)
}

func sameNaN(a, b *mat.Dense) bool {
	ad, bd := a.RawMatrix().Data, b.RawMatrix().Data
	for i := range ad {
		if ad[i] != bd[i] && !(math.IsNaN(ad[i]) && math.IsNaN(bd[i])) {
			return false
		}
	}
	return true
}
