package pipeline_test

import (
	"context"
	"errors"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
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
