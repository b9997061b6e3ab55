package preprocess_test

import (
	"context"
	"math"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// A StringTransformer pipeline (impute, then one-hot encode) takes a string and a
// numeric column in one branch, as scikit-learn's does on a mixed object array.
func TestColumnTransformerMixedBranchPipeline(t *testing.T) {
	df := dataframe.New(
		series.New([]string{"London", "Paris", "", "Paris", "Berlin", "London"}, series.String, "city"),
		series.New([]float64{1, 2, math.NaN(), 2, 3, 1}, series.Float, "rooms"),
	)
	f, err := preprocess.NewFrame(df)
	require.NoError(t, err)
	enc := func() *pipeline.Pipeline {
		return pipeline.Make(&preprocess.SimpleImputer{Strategy: preprocess.StrategyMostFrequent}, &preprocess.OneHotEncoder{})
	}
	ct := &preprocess.ColumnTransformer{Columns: []preprocess.ColumnStep{
		{Name: "cat", Est: enc(), Columns: []string{"city", "rooms"}},
	}}
	out, err := ct.FitTransform(context.Background(), f, nil)
	require.NoError(t, err)
	// the missing city becomes London (most frequent, first in order), the missing
	// rooms 1.0 (the most frequent of the printed values "1.0" and "2.0", the smaller)
	require.Equal(t, []string{"cat__city_Berlin", "cat__city_London", "cat__city_Paris",
		"cat__rooms_1.0", "cat__rooms_2.0", "cat__rooms_3.0"}, ct.FeatureNamesOut(nil))
	require.Equal(t, []float64{0, 1, 0, 1, 0, 0}, out.RawRowView(2))
}
