package preprocess

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

func TestColumnTransformerConformance(t *testing.T) {
	for name, rem := range map[string]estimator.Estimator{"passthrough": estimator.Passthrough, "drop": estimator.Drop, "steps": nil} {
		t.Run(name, func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator {
				ct := &ColumnTransformer{
					Columns: []ColumnStep{
						{Name: "num", Est: &StandardScaler{}, Columns: []string{"x0", "x1"}},
						{Name: "cat", Est: &OneHotEncoder{HandleUnknown: UnknownIgnore}, Columns: []string{"x2"}},
					},
					Remainder: rem,
				}
				if name == "steps" { // placeholders as steps
					ct.Columns = append(ct.Columns,
						ColumnStep{Name: "keep", Est: estimator.Passthrough, Columns: []string{"x3"}},
						ColumnStep{Name: "skip", Est: estimator.Drop, Columns: []string{"x0"}})
				}
				return ct
			}, estimatortest.Unsupervised())
		})
	}
}

// mixedCT is the ColumnTransformer of gen_frame.py's "ct/mixed" goldens.
func mixedCT() *ColumnTransformer {
	return &ColumnTransformer{
		Columns: []ColumnStep{
			{Name: "imp", Est: &SimpleImputer{Strategy: StrategyMedian}, Columns: []string{"price"}},
			{Name: "scale", Est: &StandardScaler{}, Columns: []string{"size"}},
			{Name: "cat", Est: &OneHotEncoder{HandleUnknown: UnknownIgnore}, Columns: []string{"city"}},
		},
		Remainder: estimator.Passthrough,
	}
}

func TestColumnTransformerMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	t.Run("mixed", func(t *testing.T) {
		f := mixedFrame(t)
		ct := mixedCT()
		out, err := ct.FitTransform(context.Background(), f, nil)
		require.NoError(t, err)
		assertMatrixNear(t, goldenMatrix(t, g, "ct/mixed/out"), out, 1e-12, "FitTransform")
		assert.Equal(t, goldenStrings(t, g, "ct/mixed/names"), ct.FeatureNamesOut(nil))
		again, err := ct.Transform(f)
		require.NoError(t, err)
		assertMatrixNear(t, out, again, 0, "Transform after FitTransform")

		// Columns are found by name, in any order; the test frame has an unseen city.
		test, err := NewFrame(dataframe.New(
			series.New([]bool{true, false}, series.Bool, "flag"),
			series.New([]float64{math.NaN(), 10}, series.Float, "price"),
			series.New([]int{2, 5}, series.Int, "size"),
			series.New([]string{"Rome", "Berlin"}, series.String, "city"),
		))
		require.NoError(t, err)
		got, err := ct.Transform(test)
		require.NoError(t, err)
		assertMatrixNear(t, goldenMatrix(t, g, "ct/mixed/test"), got, 1e-12, "Transform by name")
		assert.Equal(t, map[string][2]int{"imp": {0, 1}, "scale": {1, 2}, "cat": {2, 6}, "remainder": {6, 7}}, ct.OutputIndices())
		enc := ct.Fitted("cat").(*OneHotEncoder)
		assert.Equal(t, [][]string{{"Berlin", "London", "Paris", "nan"}}, enc.FittedCategories())
		assert.Nil(t, ct.Fitted("remainder"))
		assert.Nil(t, ct.Columns[2].Est.(*OneHotEncoder).FittedCategories(), "the template is not fitted")
	})
	t.Run("boston", func(t *testing.T) {
		ds := datasets.Boston()
		cols := make([]series.Series, len(ds.FeatureNames))
		for j, name := range ds.FeatureNames {
			cols[j] = series.New(mat.Col(nil, j, ds.X), series.Float, name)
		}
		X, err := NewFrame(dataframe.New(cols...))
		require.NoError(t, err)
		ct := &ColumnTransformer{
			Columns: []ColumnStep{
				{Name: "num", Est: &StandardScaler{}, Columns: []string{"CRIM", "RM", "LSTAT", "PTRATIO", "NOX"}},
				{Name: "cat", Est: &OneHotEncoder{}, Columns: []string{"CHAS"}},
			},
			Remainder: estimator.Passthrough,
		}
		out, err := ct.FitTransform(context.Background(), X, ds.Y)
		require.NoError(t, err)
		assert.Equal(t, goldenStrings(t, g, "ct/boston/names"), ct.FeatureNamesOut(nil))
		assertMatrixNear(t, goldenMatrix(t, g, "ct/boston/head"), out.Slice(0, 5, 0, 14), 1e-12, "first rows")
		sums := g.Floats("ct/boston/sum")
		for j, s := range sums {
			assert.InDelta(t, s, mat.Sum(out.ColView(j)), 1e-9*math.Max(1, math.Abs(s)), "column %d sum", j)
		}
	})
}

func TestColumnTransformerErrors(t *testing.T) {
	ctx := context.Background()
	f := mixedFrame(t)
	for _, tc := range []struct {
		name  string
		steps []ColumnStep
		rem   estimator.Estimator
		want  error
		parts []string // substrings of the message
	}{
		{"unknown column", []ColumnStep{{Name: "num", Est: &StandardScaler{}, Columns: []string{"size", "zip"}}}, estimator.Drop,
			estimator.ErrInvalidData, []string{`step "num"`, `"zip"`}},
		{"string to numeric", []ColumnStep{{Name: "num", Est: &StandardScaler{}, Columns: []string{"size", "city"}}}, estimator.Drop,
			estimator.ErrInvalidData, []string{`step "num"`, `"city"`, "StringTransformer"}},
		{"string to imputer", []ColumnStep{{Name: "imp", Est: &SimpleImputer{Strategy: StrategyMostFrequent}, Columns: []string{"city"}}}, estimator.Drop,
			estimator.ErrInvalidData, []string{`step "imp"`, `"city"`, "TransformFrame"}},
		{"string passthrough", []ColumnStep{{Name: "keep", Est: estimator.Passthrough, Columns: []string{"city"}}}, estimator.Drop,
			estimator.ErrInvalidData, []string{`"keep"`, `"city"`}},
		{"string remainder", []ColumnStep{{Name: "num", Est: &StandardScaler{}, Columns: []string{"size"}}}, estimator.Passthrough,
			estimator.ErrInvalidData, []string{`"remainder"`, `"city"`}},
		{"NaN to scaler", []ColumnStep{{Name: "num", Est: &StandardScaler{}, Columns: []string{"price"}}}, estimator.Drop,
			estimator.ErrInvalidData, []string{`step "num"`, "price"}},
		{"duplicate names", []ColumnStep{{Name: "a", Est: estimator.Drop}, {Name: "a", Est: estimator.Drop}}, estimator.Drop, estimator.ErrInvalidParam, nil},
		{"dotted name", []ColumnStep{{Name: "a.b", Est: estimator.Drop}}, estimator.Drop, estimator.ErrInvalidParam, nil},
		{"nil estimator", []ColumnStep{{Name: "a"}}, estimator.Drop, estimator.ErrInvalidParam, nil},
		{"bad remainder", nil, fitOnly{}, estimator.ErrInvalidParam, []string{"Remainder"}},
		{"bad remainder param", nil, &StandardScaler{}, nil, nil},
		{"bad step param", []ColumnStep{{Name: "cat", Est: &OneHotEncoder{Drop: "x"}, Columns: []string{"city"}}}, estimator.Drop, estimator.ErrInvalidParam, []string{`step "cat"`}},
		{"no output", []ColumnStep{{Name: "a", Est: estimator.Drop, Columns: []string{"city"}}}, estimator.Drop, estimator.ErrInvalidData, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct := &ColumnTransformer{Columns: tc.steps, Remainder: tc.rem}
			_, err := ct.FitTransform(ctx, f, nil)
			if tc.want == nil { // a transformer remainder is valid; here it meets the string column
				require.ErrorIs(t, err, estimator.ErrInvalidData)
				return
			}
			require.ErrorIs(t, err, tc.want)
			for _, p := range tc.parts {
				assert.Contains(t, err.Error(), p)
			}
		})
	}

	ct := mixedCT()
	_, err := ct.Transform(f)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, ct.FeatureNamesOut(nil))
	require.NoError(t, ct.Fit(ctx, f, nil))

	noCity, err := f.ColumnsByName([]string{"size", "price", "flag"})
	require.NoError(t, err)
	_, err = ct.Transform(noCity)
	require.ErrorIs(t, err, estimator.ErrShape)
	assert.Contains(t, err.Error(), "city")

	// A column that changed kind.
	swapped, err := NewFrame(dataframe.New(
		series.New([]int{1}, series.Int, "city"),
		series.New([]int{1}, series.Int, "size"),
		series.New([]float64{1}, series.Float, "price"),
		series.New([]bool{true}, series.Bool, "flag"),
	))
	require.NoError(t, err)
	_, err = ct.Transform(swapped)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"city"`)

	// A plain matrix cannot hold the string column.
	_, err = ct.Transform(mat.NewDense(1, 4, nil))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = ct.Transform(mat.NewDense(1, 3, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
	_, err = ct.Transform(nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

// failing is a transformer whose Fit fails or waits for cancellation.
type failing struct {
	Wait bool
}

var errBoom = errors.New("boom")

func (f *failing) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	if f.Wait {
		<-ctx.Done()
		return ctx.Err()
	}
	return errBoom
}

func (f *failing) Transform(X mat.Matrix) (*mat.Dense, error) { return nil, errBoom }

func TestColumnTransformerBranchError(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	ct := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "slow", Est: &failing{Wait: true}, Columns: []string{"x0"}},
		{Name: "bad", Est: &failing{}, Columns: []string{"x1"}},
	}, Workers: 2}
	err := ct.Fit(context.Background(), X, nil)
	require.ErrorIs(t, err, errBoom, "the first error cancels the other branches")
	assert.Contains(t, err.Error(), `step "bad"`)

	// A failed refit keeps the previous model.
	good := &ColumnTransformer{Columns: []ColumnStep{{Name: "s", Est: &StandardScaler{}, Columns: []string{"x0"}}}}
	require.NoError(t, good.Fit(context.Background(), X, nil))
	want, err := good.Transform(X)
	require.NoError(t, err)
	bad := mat.DenseCopyOf(X)
	bad.Set(0, 0, math.NaN())
	require.Error(t, good.Fit(context.Background(), bad, nil))
	got, err := good.Transform(X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(want, got))
}

func TestColumnTransformerComposite(t *testing.T) {
	ct := mixedCT()
	p := estimator.GetParams(ct)
	assert.Contains(t, p, "cat.HandleUnknown")
	assert.Contains(t, p, "imp.Strategy")
	assert.NotContains(t, p, "Columns")
	require.NoError(t, estimator.SetParams(ct, estimator.Params{"imp.Strategy": "mean", "Remainder": estimator.Drop}))
	assert.Equal(t, ImputeStrategy("mean"), ct.Columns[0].Est.(*SimpleImputer).Strategy)
	assert.Equal(t, estimator.Drop, ct.Remainder)
	require.NoError(t, estimator.SetParams(ct, estimator.Params{"scale": estimator.Drop}))
	assert.Equal(t, estimator.Drop, ct.Columns[1].Est)
	assert.ErrorIs(t, estimator.SetParams(ct, estimator.Params{"nope.X": 1}), estimator.ErrInvalidParam)
	assert.Error(t, ct.SetPart("nope", estimator.Drop))
	assert.Error(t, ct.SetPart("imp", nil))

	c := estimator.Clone(ct)
	require.NoError(t, estimator.SetParams(c, estimator.Params{"cat.HandleUnknown": "error"}))
	assert.Equal(t, UnknownIgnore, ct.Columns[2].Est.(*OneHotEncoder).HandleUnknown, "clones must not share branches")

	f := mixedFrame(t)
	out, err := ct.FitTransform(context.Background(), f, nil)
	require.NoError(t, err)
	_, cols := out.Dims()
	assert.Equal(t, 5, cols, "imp + cat(4), size dropped, remainder dropped")
	assert.Equal(t, []string{"imp__price", "cat__city_Berlin", "cat__city_London", "cat__city_Paris", "cat__city_nan"}, ct.FeatureNamesOut(nil))
}

func TestColumnTransformerSaveLoadFrame(t *testing.T) {
	f := mixedFrame(t)
	ct := mixedCT()
	require.NoError(t, ct.Fit(context.Background(), f, nil))
	want, err := ct.Transform(f)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, ct))
	dst := mixedCT()
	require.NoError(t, estimator.Load(bytes.NewReader(buf.Bytes()), dst))
	got, err := dst.Transform(f)
	require.NoError(t, err)
	assert.True(t, mat.Equal(want, got))
	assert.Equal(t, ct.FeatureNamesOut(nil), dst.FeatureNamesOut(nil))

	// A skeleton with a different branch type is rejected.
	other := mixedCT()
	other.Columns[2].Est = &OrdinalEncoder{}
	assert.ErrorIs(t, estimator.Load(bytes.NewReader(buf.Bytes()), other), estimator.ErrFormat)
}

func TestColumnTransformerFolds(t *testing.T) {
	// CV-style: fit on some rows of a Frame, transform the others; Workers does not
	// change the result.
	f := mixedFrame(t)
	train := estimator.Rows(f, []int{0, 1, 2, 3, 5, 6})
	test := estimator.Rows(f, []int{4, 7})
	var outs []*mat.Dense
	for _, w := range []int{1, 3} {
		ct := mixedCT()
		ct.Workers = w
		require.NoError(t, ct.Fit(context.Background(), train, nil))
		out, err := ct.Transform(test)
		require.NoError(t, err)
		outs = append(outs, out)
	}
	assert.True(t, mat.Equal(outs[0], outs[1]))
	// The training fold had no missing city, so row 4's missing city is unknown
	// (ignored: all zeros in the city block).
	assert.Equal(t, []float64{0, 0, 0}, outs[0].RawRowView(0)[2:5])
}

func TestColumnTransformerStringTransformer(t *testing.T) {
	// A StringTransformer that is not an encoder gets the string columns via
	// FitStrings/TransformStrings.
	f := mixedFrame(t)
	ct := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "len", Est: &strLen{}, Columns: []string{"city"}},
		{Name: "mix", Est: &OrdinalEncoder{}, Columns: []string{"city", "size"}},
	}}
	out, err := ct.FitTransform(context.Background(), f, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{6, 1, 2}, out.RawRowView(0))
	assert.Equal(t, []string{"len__city", "mix__city", "mix__size"}, ct.FeatureNamesOut(nil))

	// string and numeric columns together: the numeric ones arrive printed ("3")
	mixed := &ColumnTransformer{Columns: []ColumnStep{{Name: "len", Est: &strLen{}, Columns: []string{"city", "size"}}}}
	out, err = mixed.FitTransform(context.Background(), f, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{6 + 1}, out.RawRowView(0), `"London" and "3"`)
}

// strLen is a minimal StringTransformer: the length of the first column's strings,
// summed over columns, as one output column.
type strLen struct{ fitted bool }

func (s *strLen) Fit(context.Context, mat.Matrix, []float64) error { return errBoom }

func (s *strLen) FitStrings(_ context.Context, cols [][]string, _ []float64) error {
	s.fitted = true
	return nil
}

func (s *strLen) TransformStrings(cols [][]string) (*mat.Dense, error) {
	out := mat.NewDense(len(cols[0]), 1, nil)
	for _, c := range cols {
		for i, v := range c {
			out.Set(i, 0, out.At(i, 0)+float64(len(v)))
		}
	}
	return out, nil
}

// fitOnly is an estimator that is not a transformer.
type fitOnly struct{}

func (fitOnly) Fit(context.Context, mat.Matrix, []float64) error { return nil }

// identity is a stateless value-type transformer (like estimator.Passthrough).
type identity struct{}

func (identity) Fit(ctx context.Context, _ mat.Matrix, _ []float64) error { return ctx.Err() }
func (identity) Transform(X mat.Matrix) (*mat.Dense, error)               { return estimator.CheckX(X) }

func TestColumnTransformerValueTypeStep(t *testing.T) {
	X := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	ct := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "id", Est: identity{}, Columns: []string{"x1"}},
		{Name: "gone", Est: estimator.Drop, Columns: []string{"x0"}},
	}, Remainder: estimator.Passthrough}
	out, err := ct.FitTransform(context.Background(), X, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{2, 3, 5, 6}, out.RawMatrix().Data)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, ct))
	dst := estimator.Clone(ct)
	require.NoError(t, estimator.Load(&buf, dst))
	got, err := dst.Transform(X)
	require.NoError(t, err)
	assert.True(t, mat.Equal(out, got))
	assert.Equal(t, []string{"id__x1", "remainder__x2"}, dst.FeatureNamesOut(nil))
}

func TestColumnTransformerNamesAndPlaceholders(t *testing.T) {
	city2, err := NewFrame(dataframe.New(
		series.New([]string{"ab", "c"}, series.String, "a"),
		series.New([]string{"x", "yz"}, series.String, "b"),
		series.New([]int{4, 5}, series.Int, "n"),
	))
	require.NoError(t, err)
	ct := &ColumnTransformer{Columns: []ColumnStep{
		{Name: "len", Est: &strLen{}, Columns: []string{"a", "b"}},
		{Name: "keep", Est: estimator.Passthrough, Columns: []string{"n"}},
		{Name: "none", Est: &StandardScaler{}, Columns: nil},
	}}
	out, err := ct.FitTransform(context.Background(), city2, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{3, 4, 3, 5}, out.RawMatrix().Data)
	assert.Equal(t, []string{"len__strlen0", "keep__n"}, ct.FeatureNamesOut(nil))
	again, err := ct.Transform(city2)
	require.NoError(t, err)
	assert.True(t, mat.Equal(out, again))
}

// Remainder follows scikit-learn: nil or estimator.Drop drops the other columns,
// estimator.Passthrough keeps them, and a transformer is fitted on them as the
// "remainder" branch; the setting round-trips through Save and Load, even into a
// skeleton whose Remainder is nil.
func TestColumnTransformerRemainderEstimator(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 3, []float64{1, 10, 100, 2, 20, 300, 3, 30, 200, 4, 50, 400})
	steps := func() []ColumnStep {
		return []ColumnStep{{Name: "id", Est: estimator.Passthrough, Columns: []string{"x0"}}}
	}
	for _, tc := range []struct {
		rem   estimator.Estimator
		width int
		names []string
	}{
		{nil, 1, []string{"id__x0"}},
		{estimator.Drop, 1, []string{"id__x0"}},
		{estimator.Passthrough, 3, []string{"id__x0", "remainder__x1", "remainder__x2"}},
		{&StandardScaler{}, 3, []string{"id__x0", "remainder__x1", "remainder__x2"}},
		{&PCA{NComponents: 1}, 2, []string{"id__x0", "remainder__pca0"}},
	} {
		ct := &ColumnTransformer{Columns: steps(), Remainder: tc.rem}
		out, err := ct.FitTransform(ctx, X, nil)
		require.NoError(t, err, "%v", tc.rem)
		_, c := out.Dims()
		assert.Equal(t, tc.width, c, "%v", tc.rem)
		assert.Equal(t, tc.names, ct.FeatureNamesOut(nil))
		if _, ok := tc.rem.(*StandardScaler); ok {
			sc := &StandardScaler{}
			want, err := sc.FitTransform(ctx, X.Slice(0, 4, 1, 3), nil)
			require.NoError(t, err)
			assert.True(t, mat.EqualApprox(want, out.Slice(0, 4, 1, 3), 1e-12))
			assert.Contains(t, estimator.GetParams(ct), "Remainder.NoMean")
			assert.NotSame(t, tc.rem, ct.Clone().(*ColumnTransformer).Remainder, "Clone copies the remainder")
		}
		var buf bytes.Buffer
		require.NoError(t, estimator.Save(&buf, ct))
		skeleton := &ColumnTransformer{Columns: steps()}
		if r := tc.rem; r != nil && !estimator.IsPassthrough(r) && !estimator.IsDrop(r) {
			skeleton.Remainder = estimator.Clone(r)
		}
		require.NoError(t, estimator.Load(&buf, skeleton), "%v", tc.rem)
		got, err := skeleton.Transform(X)
		require.NoError(t, err)
		assert.True(t, mat.Equal(out, got), "%v", tc.rem)
	}
	assert.Equal(t, "preprocess.ColumnTransformer{Remainder: estimator.Passthrough}",
		(&ColumnTransformer{Remainder: estimator.Passthrough}).String())
}
