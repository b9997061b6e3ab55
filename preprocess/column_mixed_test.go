package preprocess

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// One branch takes string and numeric columns together, as scikit-learn's
// OneHotEncoder takes a mixed object array: the result equals encoding each column in
// its own branch, and a StringTransformer pipeline works as well.
func TestColumnTransformerMixedStringAndNumericBranch(t *testing.T) {
	ctx := context.Background()
	f := mixedFrame(t)
	together := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "cat", Est: &OneHotEncoder{}, Columns: []string{"city", "size"}},
	}}
	apart := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "cat", Est: &OneHotEncoder{}, Columns: []string{"city"}},
		{Name: "cat2", Est: &OneHotEncoder{}, Columns: []string{"size"}},
	}}
	a, err := together.FitTransform(ctx, f, nil)
	require.NoError(t, err)
	b, err := apart.FitTransform(ctx, f, nil)
	require.NoError(t, err)
	require.Equal(t, b.RawMatrix().Data, a.RawMatrix().Data)
	require.Contains(t, together.FeatureNamesOut(nil), "cat__size_3")

	ord := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "ord", Est: &OrdinalEncoder{}, Columns: []string{"city", "size"}},
	}}
	out, err := ord.FitTransform(ctx, f, nil)
	require.NoError(t, err)
	_, c := out.Dims()
	require.Equal(t, 2, c)
	got, err := ord.Transform(f)
	require.NoError(t, err)
	require.True(t, mat.Equal(nanToInf(out), nanToInf(got)))
}

func nanToInf(m *mat.Dense) *mat.Dense {
	c := mat.DenseCopyOf(m)
	c.Apply(func(_, _ int, v float64) float64 {
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}, c)
	return c
}
