package preprocess

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestScalersConformance(t *testing.T) {
	for name, mk := range map[string]func() estimator.Estimator{
		"StandardScaler":        func() estimator.Estimator { return &StandardScaler{} },
		"StandardScaler/NoMean": func() estimator.Estimator { return &StandardScaler{NoMean: true} },
		"MinMaxScaler":          func() estimator.Estimator { return &MinMaxScaler{FeatureRange: [2]float64{-1, 1}, Clip: true} },
		"MaxAbsScaler":          func() estimator.Estimator { return &MaxAbsScaler{} },
		"RobustScaler":          func() estimator.Estimator { return &RobustScaler{UnitVariance: true} },
		"Normalizer":            func() estimator.Estimator { return &Normalizer{Norm: NormL1} },
	} {
		t.Run(name, func(t *testing.T) {
			estimatortest.Run(t, mk, estimatortest.Unsupervised())
		})
	}
}

func TestStandardScalerMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	X := datasets.Boston().X
	for _, tc := range []struct {
		name string
		est  *StandardScaler
	}{
		{"default", &StandardScaler{}},
		{"nomean", &StandardScaler{NoMean: true}},
		{"nostd", &StandardScaler{NoStd: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tc.est.FitTransform(context.Background(), X, nil)
			require.NoError(t, err)
			k := "standard/" + tc.name
			numClose(t, numFloats(t, g, k+"/mean"), tc.est.Mean(), 1e-12, "mean")
			if tc.est.NoStd {
				assert.Nil(t, tc.est.Var())
				assert.Nil(t, tc.est.Scale())
			} else {
				numClose(t, numFloats(t, g, k+"/var"), tc.est.Var(), 1e-10, "var")
				numClose(t, numFloats(t, g, k+"/scale"), tc.est.Scale(), 1e-10, "scale")
			}
			numCloseMat(t, numMatrix(t, g, k+"/transform"), numRowsOf(out, 0, 20), 1e-10, "transform")
			back, err := tc.est.InverseTransform(out)
			require.NoError(t, err)
			numCloseMat(t, X, back, 1e-10, "inverse")
		})
	}
	t.Run("constant", func(t *testing.T) {
		c := numMatrix(t, g, "const/X")
		s := &StandardScaler{}
		out, err := s.FitTransform(context.Background(), c, nil)
		require.NoError(t, err)
		numClose(t, numFloats(t, g, "standard/const/scale"), s.Scale(), 1e-10, "scale")
		numCloseMat(t, numMatrix(t, g, "standard/const/transform"), out, 1e-10, "transform")
	})
}

func TestMinMaxScalerMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	X := datasets.Boston().X
	for _, tc := range []struct {
		name string
		est  *MinMaxScaler
	}{
		{"default", &MinMaxScaler{}},
		{"range", &MinMaxScaler{FeatureRange: [2]float64{-1, 2}}},
		{"clip", &MinMaxScaler{FeatureRange: [2]float64{-1, 2}, Clip: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), numRowsOf(X, 0, 300), nil))
			k := "minmax/" + tc.name
			numClose(t, numFloats(t, g, k+"/scale"), tc.est.Scale(), 1e-12, "scale")
			numClose(t, numFloats(t, g, k+"/min"), tc.est.Min(), 1e-12, "min")
			in := numRowsOf(X, 280, 320)
			out, err := tc.est.Transform(in)
			require.NoError(t, err)
			numCloseMat(t, numMatrix(t, g, k+"/transform"), out, 1e-12, "transform")
			if !tc.est.Clip {
				back, err := tc.est.InverseTransform(out)
				require.NoError(t, err)
				numCloseMat(t, in, back, 1e-10, "inverse")
			}
		})
	}
	c := numMatrix(t, g, "const/X")
	s := &MinMaxScaler{}
	out, err := s.FitTransform(context.Background(), c, nil)
	require.NoError(t, err)
	numCloseMat(t, numMatrix(t, g, "minmax/const/transform"), out, 1e-12, "constant columns")
}

func TestMaxAbsScalerMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	X := datasets.Boston().X
	r, c := X.Dims()
	mean := make([]float64, c)
	for j := range mean {
		mean[j] = mat.Sum(X.ColView(j)) / float64(r)
	}
	centred := scaleMap(X, func(v float64, j int) float64 { return v - mean[j] })
	s := &MaxAbsScaler{}
	require.NoError(t, s.Fit(context.Background(), centred, nil))
	numClose(t, numFloats(t, g, "maxabs/scale"), s.Scale(), 1e-12, "scale")
	out, err := s.Transform(numRowsOf(centred, 0, 20))
	require.NoError(t, err)
	numCloseMat(t, numMatrix(t, g, "maxabs/transform"), out, 1e-10, "transform")
	back, err := s.InverseTransform(out)
	require.NoError(t, err)
	numCloseMat(t, numRowsOf(centred, 0, 20), back, 1e-10, "inverse")
}

func TestRobustScalerMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	X := datasets.Boston().X
	for _, tc := range []struct {
		name string
		est  *RobustScaler
	}{
		{"default", &RobustScaler{}},
		{"q10-90-unit", &RobustScaler{QuantileRange: [2]float64{10, 90}, UnitVariance: true}},
		{"nocenter", &RobustScaler{NoCentering: true, QuantileRange: [2]float64{33, 66.5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.est.Fit(context.Background(), X, nil))
			k := "robust/" + tc.name
			if tc.est.NoCentering {
				assert.Nil(t, tc.est.Center())
			} else {
				numClose(t, numFloats(t, g, k+"/center"), tc.est.Center(), 1e-12, "center")
			}
			numClose(t, numFloats(t, g, k+"/scale"), tc.est.Scale(), 1e-12, "scale")
			out, err := tc.est.Transform(numRowsOf(X, 0, 20))
			require.NoError(t, err)
			numCloseMat(t, numMatrix(t, g, k+"/transform"), out, 1e-10, "transform")
			back, err := tc.est.InverseTransform(out)
			require.NoError(t, err)
			numCloseMat(t, numRowsOf(X, 0, 20), back, 1e-10, "inverse")
		})
	}
}

func TestNormalizerMatchesScikitLearn(t *testing.T) {
	g := numGolden(t)
	in := numMatrix(t, g, "normalizer/input")
	for _, norm := range []Norm{NormL2, NormL1, NormMax} {
		t.Run(string(norm), func(t *testing.T) {
			out, err := (&Normalizer{Norm: norm}).FitTransform(context.Background(), in, nil)
			require.NoError(t, err)
			numCloseMat(t, numMatrix(t, g, "normalizer/"+string(norm)), out, 1e-12, "transform")
		})
	}
	var zero Normalizer
	out, err := zero.FitTransform(context.Background(), in, nil)
	require.NoError(t, err)
	numCloseMat(t, numMatrix(t, g, "normalizer/l2"), out, 1e-12, "zero value is l2")
}

func TestScalerValidate(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	for _, tc := range []struct {
		name  string
		est   estimator.Transformer
		param string
	}{
		{"minmax-reversed", &MinMaxScaler{FeatureRange: [2]float64{1, 0}}, "FeatureRange"},
		{"minmax-equal", &MinMaxScaler{FeatureRange: [2]float64{1, 1}}, "FeatureRange"},
		{"robust-range", &RobustScaler{QuantileRange: [2]float64{80, 20}}, "QuantileRange"},
		{"robust-over-100", &RobustScaler{QuantileRange: [2]float64{20, 120}}, "QuantileRange"},
		{"normalizer", &Normalizer{Norm: "l3"}, "Norm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.est.Fit(context.Background(), X, nil)
			var pe *estimator.ParamError
			require.True(t, errors.As(err, &pe), "want *ParamError, got %v", err)
			assert.Equal(t, tc.param, pe.Param)
			assert.ErrorIs(t, err, estimator.ErrInvalidParam)
			assert.Contains(t, err.Error(), "preprocess.")
		})
	}
}

func TestScalerFeatureNames(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	s := &StandardScaler{}
	assert.Nil(t, s.FeatureNamesOut(nil), "before Fit")
	require.NoError(t, s.Fit(context.Background(), X, nil))
	assert.Equal(t, []string{"x0", "x1"}, s.FeatureNamesOut(nil))
	assert.Equal(t, []string{"a", "b"}, s.FeatureNamesOut([]string{"a", "b"}))
}

func TestScalerDoesNotAliasInput(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	keep := mat.DenseCopyOf(X)
	for _, tr := range []estimator.Transformer{&StandardScaler{NoMean: true, NoStd: true}, &FunctionTransformer{}, &Normalizer{}} {
		out, err := estimator.FitTransform(context.Background(), tr, X, nil)
		require.NoError(t, err)
		out.Set(0, 0, 99)
		assert.True(t, mat.Equal(keep, X), "%T output aliases its input", tr)
	}
}

// numNamed is a matrix with column names, like a Frame.
type numNamed struct {
	*mat.Dense
	names []string
}

func (m numNamed) Names() []string      { return m.names }
func (m numNamed) IsNumeric(j int) bool { return true }

func TestFeatureNamesFromNamedInput(t *testing.T) {
	X := numNamed{mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, 7, 0, 1}), []string{"a", "b"}}
	y := []float64{0, 1, 0, 1}
	ctx := context.Background()
	for _, tc := range []struct {
		est  estimator.Transformer
		want []string
	}{
		{&StandardScaler{}, []string{"a", "b"}},
		{&MinMaxScaler{}, []string{"a", "b"}},
		{&MaxAbsScaler{}, []string{"a", "b"}},
		{&RobustScaler{}, []string{"a", "b"}},
		{&Normalizer{}, []string{"a", "b"}},
		{&PolynomialFeatures{}, []string{"1", "a", "b", "a^2", "a b", "b^2"}},
		{&KBinsDiscretizer{NBins: 2, Encode: KBinsOrdinal}, []string{"a", "b"}},
		{&VarianceThreshold{}, []string{"a", "b"}},
		{&SelectKBest{K: 1, Score: FRegressionScore}, []string{"b"}},
	} {
		require.NoError(t, tc.est.Fit(ctx, X, y), "%T", tc.est)
		fn := tc.est.(estimator.FeatureNamer)
		assert.Equal(t, tc.want, fn.FeatureNamesOut(nil), "%T", tc.est)
		assert.Nil(t, fn.FeatureNamesOut([]string{"only-one"}), "%T with a wrong name count", tc.est)
	}
}

func TestStandardScalerInPlace(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10, 0, -1, 2})
	for _, s := range []*StandardScaler{{}, {NoMean: true}, {NoStd: true}} {
		ref := *s
		want, err := ref.FitTransform(ctx, X, nil)
		require.NoError(t, err)
		in := mat.DenseCopyOf(X)
		require.NoError(t, s.FitTransformInPlace(ctx, in, nil))
		assert.Equal(t, want.RawMatrix().Data, in.RawMatrix().Data)
		in2 := mat.DenseCopyOf(X)
		require.NoError(t, s.TransformInPlace(in2))
		assert.Equal(t, want.RawMatrix().Data, in2.RawMatrix().Data)
		assert.ErrorIs(t, s.TransformInPlace(mat.NewDense(2, 2, nil)), estimator.ErrShape)
	}
	assert.ErrorIs(t, new(StandardScaler).TransformInPlace(mat.DenseCopyOf(X)), estimator.ErrNotFitted)
}
