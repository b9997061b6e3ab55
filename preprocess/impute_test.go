package preprocess

import (
	"context"
	"math"
	"testing"

	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

func TestSimpleImputerConformance(t *testing.T) {
	for name, mk := range map[string]func() estimator.Transformer{
		"mean":          func() estimator.Transformer { return &SimpleImputer{} },
		"median":        func() estimator.Transformer { return &SimpleImputer{Strategy: StrategyMedian, AddIndicator: true} },
		"most_frequent": func() estimator.Transformer { return &SimpleImputer{Strategy: StrategyMostFrequent} },
		"constant":      func() estimator.Transformer { return &SimpleImputer{Strategy: StrategyConstant, FillValue: 2.5} },
	} {
		t.Run(name, func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return mk() }, estimatortest.Unsupervised(), estimatortest.AllowNaN())
		})
	}
}

func TestMissingIndicatorConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator {
		return &MissingIndicator{Features: MissingAll}
	}, estimatortest.Unsupervised(), estimatortest.AllowNaN())
}

func imputerData() (X, Xt *mat.Dense) {
	nan := math.NaN()
	X = mat.NewDense(5, 4, []float64{
		1, nan, 7, nan,
		2, 4, nan, nan,
		nan, 4, 7, nan,
		4, 5, 1, nan,
		2, nan, 3, nan,
	})
	Xt = mat.NewDense(2, 4, []float64{nan, nan, nan, 5, 3, 1, 2, nan})
	return X, Xt
}

func TestSimpleImputerMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	X, Xt := imputerData()
	before := mat.DenseCopyOf(X)
	for _, tc := range []struct {
		name string
		imp  *SimpleImputer
	}{
		{"mean", &SimpleImputer{}},
		{"median", &SimpleImputer{Strategy: StrategyMedian}},
		{"most_frequent", &SimpleImputer{Strategy: StrategyMostFrequent}},
		{"constant", &SimpleImputer{Strategy: StrategyConstant, FillValue: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tc.imp.FitTransform(context.Background(), X, nil)
			require.NoError(t, err)
			// Closed-form statistics: 1e-12 absolute.
			assertMatrixNear(t, goldenMatrix(t, g, "impute/"+tc.name+"/out"), out, 1e-12, "imputed X")
			test, err := tc.imp.Transform(Xt)
			require.NoError(t, err)
			assertMatrixNear(t, goldenMatrix(t, g, "impute/"+tc.name+"/test"), test, 1e-12, "imputed test X")
			var stats []*float64
			g.Decode("impute/"+tc.name+"/stats", &stats)
			got := tc.imp.Statistics()
			require.Len(t, got, len(stats))
			for j, s := range stats {
				if s == nil {
					assert.True(t, math.IsNaN(got[j]), "statistic %d of a dropped column is NaN", j)
				} else {
					assert.InDelta(t, *s, got[j], 1e-12)
				}
			}
			assert.Equal(t, goldenStrings(t, g, "impute/"+tc.name+"/names"), tc.imp.FeatureNamesOut(nil))
		})
	}
	t.Run("indicator", func(t *testing.T) {
		imp := &SimpleImputer{AddIndicator: true}
		out, err := imp.FitTransform(context.Background(), X, nil)
		require.NoError(t, err)
		assertMatrixNear(t, goldenMatrix(t, g, "impute/indicator/out"), out, 1e-12, "with indicator")
		assert.Equal(t, goldenStrings(t, g, "impute/indicator/names"), imp.FeatureNamesOut(nil))
	})
	assert.True(t, sameNaN(before, X), "Fit/Transform modified X")
}

func sameNaN(a, b *mat.Dense) bool {
	r, c := a.Dims()
	for i := range r {
		for j := range c {
			x, y := a.At(i, j), b.At(i, j)
			if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
				return false
			}
		}
	}
	return true
}

func TestSimpleImputerStrings(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	f := mixedFrame(t)
	city, err := f.ColumnsByName([]string{"city"})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		imp  *SimpleImputer
	}{
		{"most_frequent", &SimpleImputer{Strategy: StrategyMostFrequent}},
		{"constant", &SimpleImputer{Strategy: StrategyConstant}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.imp.Fit(context.Background(), city, nil))
			out, err := tc.imp.TransformFrame(city)
			require.NoError(t, err)
			assert.Equal(t, goldenStrings(t, g, "impute/strings/"+tc.name), out.Strings(0))
			assert.Equal(t, series.String, out.Kind(0))
			cols, err := tc.imp.ImputeStrings([][]string{f.Strings(0)})
			require.NoError(t, err)
			assert.Equal(t, goldenStrings(t, g, "impute/strings/"+tc.name), cols[0])
			_, err = tc.imp.Transform(city)
			assert.ErrorIs(t, err, estimator.ErrInvalidData, "a matrix cannot hold strings")
		})
	}
	err = (&SimpleImputer{}).Fit(context.Background(), city, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"city"`)
	fs := &SimpleImputer{Strategy: StrategyConstant, FillValue: "?"}
	require.NoError(t, fs.FitStrings(context.Background(), [][]string{{"a", ""}}, nil))
	cols, err := fs.ImputeStrings([][]string{{"", "b"}})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"?", "b"}}, cols)
	assert.Equal(t, []string{"?"}, fs.StringStatistics())
	// A string FillValue on a numeric column is a parameter error.
	bad := &SimpleImputer{Strategy: StrategyConstant, FillValue: "?"}
	assert.ErrorIs(t, bad.Fit(context.Background(), mat.NewDense(1, 1, []float64{1}), nil), estimator.ErrInvalidParam)
}

func TestSimpleImputerFrame(t *testing.T) {
	f := mixedFrame(t)
	imp := &SimpleImputer{Strategy: StrategyMostFrequent, AddIndicator: true}
	require.NoError(t, imp.Fit(context.Background(), f, nil))
	out, err := imp.TransformFrame(f)
	require.NoError(t, err)
	assert.Equal(t, []string{"city", "size", "price", "flag", "missingindicator_city", "missingindicator_price"}, out.Names())
	assert.Equal(t, "Paris", out.Strings(0)[4])
	assert.Equal(t, 1.0, out.At(1, 2), "price imputed with its mode (smallest on ties)")
	assert.Equal(t, []float64{0, 1, 0, 0, 0, 1, 0, 0}, out.Float(5))
	assert.Equal(t, imp.FeatureNamesOut(nil), out.Names())
	df := out.DataFrame()
	require.NoError(t, df.Err)
	assert.Equal(t, []string{"London", "Paris", "Berlin", "Paris", "Paris", "London", "Berlin", "Paris"}, df.Col("city").Records())
	assert.Equal(t, series.Float, df.Col("size").Type())
	// The imputed Frame goes on to an encoder.
	enc := &OneHotEncoder{}
	_, err = enc.FitTransform(context.Background(), out, nil)
	require.NoError(t, err)
	assert.Equal(t, "city_Berlin", enc.FeatureNamesOut(nil)[0])
	// Rows selected from the frame still transform.
	sub := f.SelectRows([]int{1, 4})
	out2, err := imp.TransformFrame(sub)
	require.NoError(t, err)
	assert.Equal(t, []string{"Paris", "Paris"}, out2.Strings(0))
}

func TestSimpleImputerErrors(t *testing.T) {
	ctx := context.Background()
	imp := &SimpleImputer{}
	_, err := imp.Transform(mat.NewDense(1, 1, []float64{1}))
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, imp.Statistics())
	assert.Nil(t, imp.FeatureNamesOut(nil))
	assert.ErrorIs(t, imp.Fit(ctx, mat.NewDense(1, 1, []float64{math.Inf(-1)}), nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, imp.Fit(ctx, &mat.Dense{}, nil), estimator.ErrInvalidData)
	for _, bad := range []*SimpleImputer{{Strategy: "mode"}, {FillValue: []int{1}}, {FillValue: math.Inf(1)}} {
		assert.ErrorIs(t, bad.Validate(), estimator.ErrInvalidParam)
	}
	assert.NoError(t, (&SimpleImputer{Strategy: "mean", FillValue: 3}).Validate())
	// Every column missing: all dropped.
	nan := math.NaN()
	allNaN := mat.NewDense(2, 1, []float64{nan, nan})
	require.NoError(t, imp.Fit(ctx, allNaN, nil))
	_, err = imp.Transform(allNaN)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	// Constant keeps it; FillValue nil means 0.
	c := &SimpleImputer{Strategy: StrategyConstant}
	out, err := c.FitTransform(ctx, allNaN, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0}, out.RawMatrix().Data)
	_, err = c.Transform(mat.NewDense(1, 2, []float64{1, 2}))
	assert.ErrorIs(t, err, estimator.ErrShape)
}

func TestMissingIndicatorMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	X, Xt := imputerData()
	for _, tc := range []struct {
		name string
		mi   *MissingIndicator
	}{{"missing-only", &MissingIndicator{}}, {"all", &MissingIndicator{Features: MissingAll}}} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.mi.Fit(context.Background(), X, nil))
			out, err := tc.mi.Transform(X)
			require.NoError(t, err)
			assertMatrixNear(t, goldenMatrix(t, g, "indicator/"+tc.name+"/out"), out, 0, "indicator")
			assert.Equal(t, g.Ints("indicator/"+tc.name+"/features"), tc.mi.FeatureIndices())
			assert.Equal(t, goldenStrings(t, g, "indicator/"+tc.name+"/names"), tc.mi.FeatureNamesOut(nil))
			_, err = tc.mi.Transform(Xt)
			require.NoError(t, err)
		})
	}
	// New missing values at Transform.
	mi := &MissingIndicator{}
	require.NoError(t, mi.Fit(context.Background(), mat.NewDense(2, 2, []float64{1, math.NaN(), 2, 3}), nil))
	_, err := mi.Transform(mat.NewDense(1, 2, []float64{math.NaN(), 1}))
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "x0")
	lax := &MissingIndicator{NoErrorOnNew: true}
	require.NoError(t, lax.Fit(context.Background(), mat.NewDense(2, 2, []float64{1, math.NaN(), 2, 3}), nil))
	out, err := lax.Transform(mat.NewDense(1, 2, []float64{math.NaN(), math.NaN()}))
	require.NoError(t, err)
	assert.Equal(t, []float64{1}, out.RawMatrix().Data)
	// Strings: "" is missing.
	f := mixedFrame(t)
	fm := &MissingIndicator{}
	require.NoError(t, fm.Fit(context.Background(), f, nil))
	assert.Equal(t, []string{"missingindicator_city", "missingindicator_price"}, fm.FeatureNamesOut(nil))
	assert.ErrorIs(t, (&MissingIndicator{Features: "some"}).Validate(), estimator.ErrInvalidParam)
}
