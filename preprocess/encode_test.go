package preprocess

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
)

// categoricalData returns numeric categorical data for the conformance suite: three
// integer-coded columns, every category present in every 20-row block.
func categoricalData() (*mat.Dense, []float64) {
	const n = 60
	X := mat.NewDense(n, 3, nil)
	y := make([]float64, n)
	for i := range n {
		X.Set(i, 0, float64(i%3))
		X.Set(i, 1, float64((i/3)%2)*2.5)
		X.Set(i, 2, float64(i%4)-1)
		y[i] = float64(i % 2)
	}
	return X, y
}

func TestOneHotEncoderConformance(t *testing.T) {
	X, y := categoricalData()
	for name, mk := range map[string]func() estimator.Estimator{
		"default": func() estimator.Estimator { return &OneHotEncoder{} },
		"first":   func() estimator.Estimator { return &OneHotEncoder{Drop: DropFirst, HandleUnknown: UnknownIgnore} },
	} {
		t.Run(name, func(t *testing.T) {
			estimatortest.Run(t, mk, estimatortest.WithData(X, y), estimatortest.Unsupervised())
		})
	}
}

func TestOrdinalEncoderConformance(t *testing.T) {
	X, y := categoricalData()
	estimatortest.Run(t, func() estimator.Estimator {
		return &OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: -1}
	}, estimatortest.WithData(X, y), estimatortest.Unsupervised())
}

func TestOneHotEncoderMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	f := mixedFrame(t)
	X, err := f.ColumnsByName([]string{"city", "size", "flag"})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		drop DropPolicy
	}{{"default", DropNone}, {"first", DropFirst}, {"if_binary", DropIfBinary}} {
		t.Run(tc.name, func(t *testing.T) {
			enc := &OneHotEncoder{Drop: tc.drop}
			out, err := enc.FitTransform(context.Background(), X, nil)
			require.NoError(t, err)
			assertMatrixNear(t, goldenMatrix(t, g, "ohe/"+tc.name+"/out"), out, 0, "one-hot output")
			assert.Equal(t, goldenStrings(t, g, "ohe/"+tc.name+"/names"), enc.FeatureNamesOut(nil))
		})
	}

	t.Run("ignore", func(t *testing.T) {
		enc := &OneHotEncoder{HandleUnknown: UnknownIgnore}
		Xc, err := f.ColumnsByName([]string{"city", "size"})
		require.NoError(t, err)
		require.NoError(t, enc.Fit(context.Background(), Xc, nil))
		test := frameOf(t, []string{"Rome", "Paris", "NaN"}, []int{3, 7, 1})
		out, err := enc.Transform(test)
		require.NoError(t, err)
		assertMatrixNear(t, goldenMatrix(t, g, "ohe/ignore/out"), out, 0, "unknown categories")

		strict := &OneHotEncoder{}
		require.NoError(t, strict.Fit(context.Background(), Xc, nil))
		_, err = strict.Transform(test)
		require.ErrorIs(t, err, estimator.ErrInvalidData)
		assert.Contains(t, err.Error(), `"Rome"`)
		assert.Contains(t, err.Error(), `"city"`)
	})

	t.Run("float", func(t *testing.T) {
		X := mat.NewDense(4, 2, []float64{0, 1.5, 1, 2.5, 0, 1e-5, 1, 1.5})
		enc := &OneHotEncoder{}
		out, err := enc.FitTransform(context.Background(), X, nil)
		require.NoError(t, err)
		assertMatrixNear(t, goldenMatrix(t, g, "ohe/float/out"), out, 0, "float categories")
		assert.Equal(t, goldenStrings(t, g, "ohe/float/names"), enc.FeatureNamesOut(nil))
		assert.Equal(t, [][]string{{"0.0", "1.0"}, {"1e-05", "1.5", "2.5"}}, enc.FittedCategories())
		assert.Equal(t, []string{"a_0.0", "a_1.0", "b_1e-05", "b_1.5", "b_2.5"}, enc.FeatureNamesOut([]string{"a", "b"}))
		_, err = enc.Transform(mat.NewDense(1, 2, []float64{2, 1.5}))
		require.ErrorIs(t, err, estimator.ErrInvalidData)
		assert.Contains(t, err.Error(), `2.0 in column "x0"`)
	})
}

// frameOf builds a Frame with a string column "city" and an Int column "size".
func frameOf(t *testing.T, city []string, size []int) *Frame {
	t.Helper()
	f, err := NewFrame(dataframeOf(city, size))
	require.NoError(t, err)
	return f
}

func TestOneHotEncoderStrings(t *testing.T) {
	enc := &OneHotEncoder{}
	cols := [][]string{{"b", "a", "", "b"}}
	require.NoError(t, enc.FitStrings(context.Background(), cols, nil))
	assert.Equal(t, [][]string{{"a", "b", "nan"}}, enc.FittedCategories())
	out, err := enc.TransformStrings(cols)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}, out.RawMatrix().Data)
	assert.Equal(t, []string{"x0_a", "x0_b", "x0_nan"}, enc.FeatureNamesOut(nil))

	// Kind mismatch and wrong widths.
	_, err = enc.Transform(mat.NewDense(1, 1, []float64{1}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = enc.TransformStrings([][]string{{"a"}, {"b"}})
	assert.ErrorIs(t, err, estimator.ErrShape)

	// Fixed categories.
	fixed := &OneHotEncoder{Categories: [][]string{{"z", "b", "a"}}}
	require.NoError(t, fixed.FitStrings(context.Background(), [][]string{{"a", "b"}}, nil))
	out, err = fixed.TransformStrings([][]string{{"z", "a"}})
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 0, 0, 0, 0, 1}, out.RawMatrix().Data)
	err = fixed.FitStrings(context.Background(), [][]string{{"a", "q"}}, nil)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"q"`)

	num := &OneHotEncoder{Categories: [][]string{{"0", "1", "2"}}}
	out, err = num.FitTransform(context.Background(), mat.NewDense(2, 1, []float64{2, 0}), nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0, 1, 1, 0, 0}, out.RawMatrix().Data)
	bad := &OneHotEncoder{Categories: [][]string{{"2", "1"}}}
	assert.ErrorIs(t, bad.Fit(context.Background(), mat.NewDense(1, 1, []float64{1}), nil), estimator.ErrInvalidData)
	short := &OneHotEncoder{Categories: [][]string{{"1"}}}
	assert.ErrorIs(t, short.Fit(context.Background(), mat.NewDense(1, 2, []float64{1, 1}), nil), estimator.ErrShape)
}

func TestOneHotEncoderValidate(t *testing.T) {
	for _, e := range []*OneHotEncoder{{HandleUnknown: "oops"}, {Drop: "last"}} {
		err := e.Fit(context.Background(), mat.NewDense(1, 1, []float64{1}), nil)
		var pe *estimator.ParamError
		assert.ErrorAs(t, err, &pe)
	}
	assert.NoError(t, (&OneHotEncoder{HandleUnknown: "error"}).Validate())
	// Dropping the only category of every feature leaves no output.
	e := &OneHotEncoder{Drop: DropFirst}
	require.NoError(t, e.Fit(context.Background(), mat.NewDense(2, 1, []float64{1, 1}), nil))
	_, err := e.Transform(mat.NewDense(2, 1, []float64{1, 1}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Equal(t, []int{0}, e.DropIdx())
}

func TestOrdinalEncoderMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	f := mixedFrame(t)
	X, err := f.ColumnsByName([]string{"city", "size"})
	require.NoError(t, err)
	enc := &OrdinalEncoder{}
	require.NoError(t, enc.Fit(context.Background(), X, nil))
	out, err := enc.Transform(X)
	require.NoError(t, err)
	assertMatrixNear(t, goldenMatrix(t, g, "ordinal/out"), out, 0, "ordinal codes")
	assert.Equal(t, [][]string{{"Berlin", "London", "Paris", "nan"}, {"1", "2", "3"}}, enc.FittedCategories())

	test := frameOf(t, []string{"Rome", "Paris", "NaN"}, []int{3, 7, 1})
	_, err = enc.Transform(test)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"Rome"`)

	unk := &OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: -1}
	require.NoError(t, unk.Fit(context.Background(), X, nil))
	out, err = unk.Transform(test)
	require.NoError(t, err)
	assertMatrixNear(t, goldenMatrix(t, g, "ordinal/unknown/out"), out, 0, "ordinal unknown")

	back, err := unk.InverseTransformStrings(out)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"", "Paris", ""}, {"3", "", "1"}}, back)
	_, err = unk.InverseTransformStrings(mat.NewDense(1, 2, []float64{-2, 0}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	inv, err := unk.InverseTransformStrings(mat.NewDense(1, 2, []float64{2, 0}))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"Paris"}, {"1"}}, inv)

	// UnknownValue must not be a valid code.
	clash := &OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: 1}
	assert.ErrorIs(t, clash.Fit(context.Background(), X, nil), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: 0.5}).Validate(), estimator.ErrInvalidParam)
	assert.NoError(t, (&OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: math.NaN()}).Fit(context.Background(), X, nil))

	// Numeric inverse.
	nm := &OrdinalEncoder{}
	Xn := mat.NewDense(3, 1, []float64{5, -2, 5})
	codes, err := estimator.FitTransform(context.Background(), nm, Xn, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 0, 1}, codes.RawMatrix().Data)
	orig, err := nm.InverseTransform(codes)
	require.NoError(t, err)
	assert.True(t, mat.Equal(Xn, orig))
	assert.Equal(t, []string{"x0"}, nm.FeatureNamesOut(nil))
}

func TestLabelEncoder(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	var le LabelEncoder
	_, err := le.TransformStrings([]string{"a"})
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, le.Classes())
	require.NoError(t, le.FitStrings([]string{"b", "a", "c", "a"}))
	assert.Equal(t, goldenStrings(t, g, "label/classes"), le.Classes())
	codes, err := le.TransformStrings([]string{"c", "a", "b"})
	require.NoError(t, err)
	assert.Equal(t, g.Floats("label/codes"), codes)
	back, err := le.InverseTransformStrings(codes)
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "a", "b"}, back)

	_, err = le.TransformStrings([]string{"a", "zebra"})
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), `"zebra"`)
	_, err = le.InverseTransformStrings([]float64{3})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = le.TransformFloats([]float64{1})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorIs(t, le.FitStrings(nil), estimator.ErrInvalidData)

	state, err := le.MarshalState()
	require.NoError(t, err)
	var le2 LabelEncoder
	require.NoError(t, le2.UnmarshalState(state))
	assert.Equal(t, le.Classes(), le2.Classes())

	var lf LabelEncoder
	require.NoError(t, lf.FitFloats([]float64{10, -1, 10, 3}))
	assert.Equal(t, []string{"-1.0", "3.0", "10.0"}, lf.Classes())
	c, err := lf.TransformFloats([]float64{3, 10})
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 2}, c)
	v, err := lf.InverseTransformFloats(c)
	require.NoError(t, err)
	assert.Equal(t, []float64{3, 10}, v)
	_, err = lf.TransformFloats([]float64{4})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = lf.TransformStrings([]string{"a"})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.ErrorIs(t, lf.FitFloats([]float64{math.NaN()}), estimator.ErrInvalidData)
	enc, err := lf.FitTransformStrings([]string{"y", "x"})
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 0}, enc)
}

func TestOneHotEncoderInfrequent(t *testing.T) {
	g := testutil.Golden(t, "testdata/frame.json")
	f := mixedFrame(t)
	X, err := f.ColumnsByName([]string{"city", "size"})
	require.NoError(t, err)
	test := frameOf(t, []string{"Rome", "Paris", "NaN"}, []int{3, 7, 1})
	for _, tc := range []struct {
		name string
		enc  *OneHotEncoder
	}{
		{"min3", &OneHotEncoder{MinFrequency: 3}},
		{"frac", &OneHotEncoder{MinFrequency: 0.3}},
		{"max2", &OneHotEncoder{MaxCategories: 2}},
		{"max1", &OneHotEncoder{MaxCategories: 1}},
		{"min3-first", &OneHotEncoder{MinFrequency: 3, Drop: DropFirst}},
		{"max3-if_binary", &OneHotEncoder{MaxCategories: 3, Drop: DropIfBinary}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.enc.HandleUnknown = UnknownInfrequentIfExist
			out, err := tc.enc.FitTransform(context.Background(), X, nil)
			require.NoError(t, err)
			key := "ohe/infrequent/" + tc.name
			assertMatrixNear(t, goldenMatrix(t, g, key+"/out"), out, 0, "fit data")
			assert.Equal(t, goldenStrings(t, g, key+"/names"), tc.enc.FeatureNamesOut(nil))
			got, err := tc.enc.Transform(test)
			require.NoError(t, err)
			assertMatrixNear(t, goldenMatrix(t, g, key+"/test"), got, 0, "unknown categories")
		})
	}
	enc := &OneHotEncoder{MinFrequency: 3}
	require.NoError(t, enc.Fit(context.Background(), X, nil))
	assert.Equal(t, [][]string{{"Berlin", "London", "nan"}, {"2"}}, enc.InfrequentCategories())
	assert.Nil(t, (&OneHotEncoder{}).InfrequentCategories())
	for _, bad := range []*OneHotEncoder{{MinFrequency: 1.5}, {MinFrequency: -1}, {MinFrequency: math.NaN()}, {MaxCategories: -1}} {
		assert.ErrorIs(t, bad.Validate(), estimator.ErrInvalidParam)
	}
}

// Fixed categories that a saved state could not hold (an empty list, a repeated
// string) are refused at Fit, so every fitted encoder saves and loads.
func TestEncoderFixedCategoriesChecked(t *testing.T) {
	ctx := context.Background()
	cols := [][]string{{"a", "b", "a"}}
	for _, cats := range [][][]string{{{}}, {{"a", "b", "a"}}} {
		err := (&OneHotEncoder{Categories: cats, HandleUnknown: UnknownIgnore}).FitStrings(ctx, cols, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, "%q", cats)
		err = (&OrdinalEncoder{Categories: cats, HandleUnknown: UnknownUseEncodedValue, UnknownValue: -1}).FitStrings(ctx, cols, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, "%q", cats)
	}
	o := &OneHotEncoder{Categories: [][]string{{"b", "a"}}}
	require.NoError(t, o.FitStrings(ctx, cols, nil))
	b, err := o.MarshalState()
	require.NoError(t, err)
	require.NoError(t, (&OneHotEncoder{}).UnmarshalState(b), "user-ordered string categories load")
}
