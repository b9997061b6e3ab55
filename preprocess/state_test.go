package preprocess

import (
	"bytes"
	"context"
	"math"
	"slices"
	"testing"

	"github.com/go-gota/gota/series"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// stateModel is a fitted model whose state a test forges.
type stateModel interface {
	estimator.StateMarshaler
}

// copyState returns a deep copy of a fit struct through its own encoding.
func copyState[T any, PT interface {
	*T
	Check() error
}](t *testing.T, v *T, version uint32) *T {
	t.Helper()
	b, err := estimator.EncodeState(version, v)
	require.NoError(t, err)
	var out *T
	require.NoError(t, estimator.DecodeState[T, PT](b, version, &out))
	return out
}

// requireForgedRejected encodes forged with version, loads it into m, and checks
// that UnmarshalState fails with ErrState and leaves m's state unchanged.
func requireForgedRejected(t *testing.T, m stateModel, version uint32, forged any, what string) {
	t.Helper()
	before, err := m.MarshalState()
	require.NoError(t, err)
	b, err := estimator.EncodeState(version, forged)
	require.NoError(t, err)
	err = m.UnmarshalState(b)
	require.ErrorIs(t, err, estimator.ErrState, what)
	assert.Contains(t, err.Error(), "preprocess.", what)
	after, err := m.MarshalState()
	require.NoError(t, err)
	assert.Equal(t, before, after, "%s: the receiver must be unchanged", what)
}

func stateX() *mat.Dense {
	return mat.NewDense(6, 3, []float64{
		1, 10, 0.5,
		2, 20, 0.25,
		3, 10, 1,
		4, 40, 2,
		5, 10, 4,
		6, 60, 8,
	})
}

func fitT(t *testing.T, e estimator.Estimator, X mat.Matrix, y []float64) {
	t.Helper()
	require.NoError(t, e.Fit(context.Background(), X, y))
}

func TestForgedStateScalers(t *testing.T) {
	X := stateX()
	t.Run("StandardScaler", func(t *testing.T) {
		s := &StandardScaler{}
		fitT(t, s, X, nil)
		cp := func() *standardScalerFit { return copyState(t, s.fit, standardScalerStateVersion) }
		f := cp()
		f.Scale[1] = 0
		requireForgedRejected(t, s, standardScalerStateVersion, f, "zero scale")
		f = cp()
		f.Mean = f.Mean[:2]
		requireForgedRejected(t, s, standardScalerStateVersion, f, "short mean")
		f = cp()
		f.Mean[0] = math.NaN()
		requireForgedRejected(t, s, standardScalerStateVersion, f, "NaN mean")
		f = cp()
		f.Scale, f.Var = nil, nil
		requireForgedRejected(t, s, standardScalerStateVersion, f, "no scale with NoStd false")
		f = cp()
		f.NFeatures = 1 << 40
		requireForgedRejected(t, s, standardScalerStateVersion, f, "absurd NFeatures")
		// Another version fails loudly.
		requireForgedRejected(t, s, standardScalerStateVersion+1, cp(), "future version")
	})
	t.Run("MinMaxScaler", func(t *testing.T) {
		s := &MinMaxScaler{}
		fitT(t, s, X, nil)
		f := copyState(t, s.fit, minMaxScalerStateVersion)
		f.Scale[2] = 0
		requireForgedRejected(t, s, minMaxScalerStateVersion, f, "zero scale")
		f = copyState(t, s.fit, minMaxScalerStateVersion)
		f.DataMin[0], f.DataMax[0] = 5, 1
		requireForgedRejected(t, s, minMaxScalerStateVersion, f, "min above max")
	})
	t.Run("MaxAbsScaler", func(t *testing.T) {
		s := &MaxAbsScaler{}
		fitT(t, s, X, nil)
		f := copyState(t, s.fit, maxAbsScalerStateVersion)
		f.Scale[0] = math.Inf(1)
		requireForgedRejected(t, s, maxAbsScalerStateVersion, f, "infinite scale")
	})
	t.Run("RobustScaler", func(t *testing.T) {
		s := &RobustScaler{}
		fitT(t, s, X, nil)
		f := copyState(t, s.fit, robustScalerStateVersion)
		f.Center = f.Center[:1]
		requireForgedRejected(t, s, robustScalerStateVersion, f, "short center")
		f = copyState(t, s.fit, robustScalerStateVersion)
		f.Center = nil
		requireForgedRejected(t, s, robustScalerStateVersion, f, "no center with NoCentering false")
	})
	t.Run("Normalizer", func(t *testing.T) {
		s := &Normalizer{}
		fitT(t, s, X, nil)
		requireForgedRejected(t, s, normalizerStateVersion, &normalizerFit{NFeatures: 0}, "no feature")
		requireForgedRejected(t, s, normalizerStateVersion, &normalizerFit{NFeatures: 3, InNames: []string{"a"}}, "names")
	})
	t.Run("FunctionTransformer", func(t *testing.T) {
		s := &FunctionTransformer{}
		fitT(t, s, X, nil)
		requireForgedRejected(t, s, functionStateVersion, &functionFit{NFeatures: -1}, "negative NFeatures")
	})
}

func TestForgedStateEncoders(t *testing.T) {
	X := stateX()
	oh := &OneHotEncoder{MaxCategories: 2}
	fitT(t, oh, X, nil)
	cp := func() *encoderFit { return copyState(t, oh.fit, encoderStateVersion) }
	f := cp()
	f.Num[0][0], f.Num[0][1] = f.Num[0][1], f.Num[0][0]
	requireForgedRejected(t, oh, encoderStateVersion, f, "categories not sorted")
	f = cp()
	f.Drop[1] = 99
	requireForgedRejected(t, oh, encoderStateVersion, f, "dropped index 99")
	f = cp()
	f.Width[0]++
	requireForgedRejected(t, oh, encoderStateVersion, f, "width")
	f = cp()
	f.Slot[0][0] = 99
	requireForgedRejected(t, oh, encoderStateVersion, f, "slot 99")
	f = cp()
	f.Drop, f.Width = nil, nil
	requireForgedRejected(t, oh, encoderStateVersion, f, "no one-hot layout")
	f = cp()
	f.Names = f.Names[:1]
	requireForgedRejected(t, oh, encoderStateVersion, f, "names vs NFeatures")
	f = cp()
	f.Kinds[0] = series.String
	requireForgedRejected(t, oh, encoderStateVersion, f, "kind")
	f = cp()
	f.Num[2] = append(f.Num[2], math.Inf(1))
	requireForgedRejected(t, oh, encoderStateVersion, f, "Inf category")

	ord := &OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: -1}
	fitT(t, ord, X, nil)
	g := copyState(t, ord.fit, encoderStateVersion)
	g.Str = g.Str[:2]
	requireForgedRejected(t, ord, encoderStateVersion, g, "Str vs NFeatures")
	ord2 := &OrdinalEncoder{HandleUnknown: UnknownUseEncodedValue, UnknownValue: 1}
	requireForgedRejected(t, ord2, encoderStateVersion, copyState(t, ord.fit, encoderStateVersion), "UnknownValue is a code")

	var le LabelEncoder
	require.NoError(t, le.FitStrings([]string{"b", "a", "c"}))
	requireForgedRejected(t, &le, labelEncoderStateVersion, &labelEncoderFit{Str: []string{"b", "a"}}, "labels not sorted")
	requireForgedRejected(t, &le, labelEncoderStateVersion, &labelEncoderFit{}, "no labels")
	requireForgedRejected(t, &le, labelEncoderStateVersion, &labelEncoderFit{Num: []float64{0, math.NaN()}}, "NaN label")
}

func TestForgedStateImputers(t *testing.T) {
	X := stateX()
	X.Set(1, 1, math.NaN())
	si := &SimpleImputer{AddIndicator: true}
	fitT(t, si, X, nil)
	f := copyState(t, si.fit, simpleImputerStateVersion)
	f.Num[0] = math.NaN()
	requireForgedRejected(t, si, simpleImputerStateVersion, f, "NaN statistic of a kept column")
	f = copyState(t, si.fit, simpleImputerStateVersion)
	f.Indicator = []int{99}
	requireForgedRejected(t, si, simpleImputerStateVersion, f, "indicator column 99")
	f = copyState(t, si.fit, simpleImputerStateVersion)
	f.IsStr[2] = true
	requireForgedRejected(t, si, simpleImputerStateVersion, f, "IsStr vs Kinds")

	mi := &MissingIndicator{}
	fitT(t, mi, X, nil)
	requireForgedRejected(t, mi, missingIndicatorStateVersion,
		&missingIndicatorFit{NFeatures: 3, Names: []string{"a", "b", "c"}, IsStr: make([]bool, 3), Features: []int{99}}, "feature 99")
}

func TestForgedStateKBinsPolySelect(t *testing.T) {
	X := stateX()
	y := []float64{0, 1, 0, 1, 0, 1}
	k := &KBinsDiscretizer{NBins: 3}
	fitT(t, k, X, nil)
	f := copyState(t, k.fit, kbinsStateVersion)
	f.Edges[0][1], f.Edges[0][2] = f.Edges[0][2], f.Edges[0][1]
	requireForgedRejected(t, k, kbinsStateVersion, f, "edges not increasing")
	f = copyState(t, k.fit, kbinsStateVersion)
	f.Edges[1] = f.Edges[1][:1]
	requireForgedRejected(t, k, kbinsStateVersion, f, "a feature without bins")
	f = copyState(t, k.fit, kbinsStateVersion)
	f.Edges[2] = []float64{0, 1, 2, 3, 4, 5}
	requireForgedRejected(t, k, kbinsStateVersion, f, "more bins than NBins")

	p := &PolynomialFeatures{Degree: 2}
	fitT(t, p, X, nil)
	g := copyState(t, p.fit, polyStateVersion)
	g.Combos[3] = []int{99}
	requireForgedRejected(t, p, polyStateVersion, g, "column index 99")
	g = copyState(t, p.fit, polyStateVersion)
	g.Combos[1], g.Combos[5] = g.Combos[5], g.Combos[1]
	requireForgedRejected(t, p, polyStateVersion, g, "a product before its factors")
	g = copyState(t, p.fit, polyStateVersion)
	g.Combos = g.Combos[:len(g.Combos)-1]
	requireForgedRejected(t, p, polyStateVersion, g, "a missing column")

	v := &VarianceThreshold{}
	fitT(t, v, X, nil)
	s := copyState(t, v.fit, selectStateVersion)
	clear(s.Support)
	requireForgedRejected(t, v, selectStateVersion, s, "nothing selected")
	s = copyState(t, v.fit, selectStateVersion)
	s.Support = s.Support[:2]
	requireForgedRejected(t, v, selectStateVersion, s, "short support")

	kb := &SelectKBest{K: 2, Score: FRegressionScore}
	fitT(t, kb, X, y)
	s = copyState(t, kb.fit, selectStateVersion)
	s.Support = []bool{true, true, true}
	requireForgedRejected(t, kb, selectStateVersion, s, "three features selected, K is 2")
}

func TestForgedStatePCA(t *testing.T) {
	X := stateX()
	p := &PCA{NComponents: 2}
	fitT(t, p, X, nil)
	f := copyState(t, p.fit, pcaStateVersion)
	f.K = 3
	requireForgedRejected(t, p, pcaStateVersion, f, "K larger than the components")
	f = copyState(t, p.fit, pcaStateVersion)
	f.K = 7
	requireForgedRejected(t, p, pcaStateVersion, f, "K larger than min(n, p)")
	f = copyState(t, p.fit, pcaStateVersion)
	f.Components[0] = math.NaN()
	requireForgedRejected(t, p, pcaStateVersion, f, "NaN coefficient")
	f = copyState(t, p.fit, pcaStateVersion)
	f.Mean = nil
	requireForgedRejected(t, p, pcaStateVersion, f, "PCA without a mean")
	f = copyState(t, p.fit, pcaStateVersion)
	f.ExplVar[0] = -1
	requireForgedRejected(t, p, pcaStateVersion, f, "negative variance")

	ts := &TruncatedSVD{}
	fitT(t, ts, X, nil)
	g := copyState(t, ts.fit, pcaStateVersion)
	g.Mean = []float64{0, 0, 0}
	requireForgedRejected(t, ts, pcaStateVersion, g, "TruncatedSVD with a mean")
}

func TestForgedStateColumnTransformer(t *testing.T) {
	X := stateX()
	newCT := func() *ColumnTransformer {
		return &ColumnTransformer{Columns: []ColumnStep{
			{Name: "num", Est: &StandardScaler{}, Columns: []string{"x0", "x1"}},
			{Name: "keep", Est: estimator.Passthrough, Columns: []string{"x2"}},
		}}
	}
	ct := newCT()
	fitT(t, ct, X, nil)
	cp := func() *columnTransformerFit { return copyState(t, ct.fit, columnStateVersion) }
	f := cp()
	f.Branches[0].Cols[1] = 99
	requireForgedRejected(t, ct, columnStateVersion, f, "column index 99")
	f = cp()
	f.Branches[0].Name = "other"
	requireForgedRejected(t, ct, columnStateVersion, f, "unknown branch")
	f = cp()
	f.Branches[0].Mode = 7
	requireForgedRejected(t, ct, columnStateVersion, f, "mode")
	f = cp()
	f.Branches[1].Mode = columnModeEstimator
	requireForgedRejected(t, ct, columnStateVersion, f, "a placeholder saved as fitted")
	f = cp()
	f.Branches[1].NOut = 5
	requireForgedRejected(t, ct, columnStateVersion, f, "outputs of a passthrough")

	// Through Save and Load: the file is well formed and sealed, the state is forged.
	ct.fit = f
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, ct))
	dst := newCT()
	err := estimator.Load(&buf, dst)
	require.ErrorIs(t, err, estimator.ErrState)
	assert.Nil(t, dst.fit, "Load leaves dst untouched")
}

func TestForgedStateThroughLoad(t *testing.T) {
	X := stateX()
	s := &StandardScaler{}
	fitT(t, s, X, nil)
	s.fit.Scale[0] = 0 // a zero scale, sealed by Save
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, s))
	dst := &StandardScaler{}
	require.ErrorIs(t, estimator.Load(&buf, dst), estimator.ErrState)
	assert.Nil(t, dst.fit)

	k := &KBinsDiscretizer{NBins: 3, Encode: KBinsOrdinal}
	fitT(t, k, X, nil)
	k.fit.Edges[0] = []float64{3, 2, 1}
	buf.Reset()
	require.NoError(t, estimator.Save(&buf, k))
	kd := &KBinsDiscretizer{}
	require.ErrorIs(t, estimator.Load(&buf, kd), estimator.ErrState)
	assert.Nil(t, kd.fit)
}

// A state that round-trips through Save and Load must pass its Check: every
// transformer's fitted state, including the encoders' infrequent layout and the
// constant and collapsed features of KBinsDiscretizer.
func TestStateRoundTrip(t *testing.T) {
	X := stateX()
	X.Set(0, 2, 7) // keep x2 non-constant
	c := mat.NewDense(6, 2, []float64{1, 1, 1, 1 + 1e-10, 1, 1 + 2e-10, 1, 1 + 3e-10, 1, 1 + 4e-10, 1, 1 + 5e-10})
	for _, tc := range []struct {
		e estimator.Estimator
		X mat.Matrix
	}{
		{&OneHotEncoder{MaxCategories: 2, Drop: DropFirst}, X},
		{&OrdinalEncoder{}, X},
		{&KBinsDiscretizer{NBins: 3}, c},
		{&KBinsDiscretizer{NBins: 3, Strategy: KBinsKMeans}, c},
		{&KBinsDiscretizer{NBins: 3, Strategy: KBinsUniform}, c},
		{&PolynomialFeatures{Degree: 3, InteractionOnly: true}, X},
		{&SimpleImputer{Strategy: StrategyMostFrequent}, X},
		{&PCA{Whiten: true}, X},
	} {
		t.Run(estimator.Name(tc.e), func(t *testing.T) {
			fitT(t, tc.e, tc.X, nil)
			var buf bytes.Buffer
			require.NoError(t, estimator.Save(&buf, tc.e))
			dst := estimator.Clone(tc.e)
			require.NoError(t, estimator.Load(&buf, dst))
			want, err := tc.e.(estimator.Transformer).Transform(tc.X)
			require.NoError(t, err)
			got, err := dst.(estimator.Transformer).Transform(tc.X)
			require.NoError(t, err)
			assert.True(t, mat.Equal(want, got))
		})
	}
}

func TestKBinsCollapsedBins(t *testing.T) {
	ctx := context.Background()
	// Feature 0 is constant; feature 1 spans 5e-10, so every quantile bin is narrower
	// than 1e-8 and collapses.
	c := mat.NewDense(6, 2, []float64{1, 1, 1, 1 + 1e-10, 1, 1 + 2e-10, 1, 1 + 3e-10, 1, 1 + 4e-10, 1, 1 + 5e-10})
	for _, s := range []KBinsStrategy{KBinsQuantile, KBinsKMeans, KBinsUniform} {
		for _, enc := range []KBinsEncode{KBinsOrdinal, KBinsOneHotDense} {
			k := &KBinsDiscretizer{NBins: 4, Strategy: s, Encode: enc}
			out, err := k.FitTransform(ctx, c, nil)
			require.NoError(t, err, "%s %s", s, enc)
			assert.Equal(t, 1, k.NBinsOut()[0], "constant feature: one bin")
			if s != KBinsUniform {
				assert.Equal(t, 1, k.NBinsOut()[1], "%s: collapsed bins leave one", s)
			}
			if enc == KBinsOrdinal {
				for i := range 6 {
					assert.Equal(t, 0.0, out.At(i, 0))
				}
			}
			again, err := k.Transform(c)
			require.NoError(t, err)
			assert.True(t, mat.Equal(out, again))
		}
	}
	k := &KBinsDiscretizer{NBins: 4, Encode: KBinsOrdinal}
	require.NoError(t, k.Fit(ctx, c, nil))
	_, err := k.InverseTransform(mat.NewDense(1, 2, []float64{0, 0}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "a constant feature's bin has no finite centre")

	for _, nb := range []int{1e9, KBinsMaxBins + 1} {
		err := (&KBinsDiscretizer{NBins: nb}).Validate()
		require.ErrorIs(t, err, estimator.ErrInvalidParam)
	}
	require.NoError(t, (&KBinsDiscretizer{NBins: KBinsMaxBins}).Validate())
	err = (&KBinsDiscretizer{NBins: 10, Strategy: KBinsKMeans}).Fit(ctx, c, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "kmeans needs NBins rows")
}

// Bad matrices reach every public entry point of the frame-based code as errors.
func TestBadMatricesFrameAPIs(t *testing.T) {
	var nilVec *mat.VecDense
	var nilSym *mat.SymDense
	var nilFrame *Frame
	bad := map[string]mat.Matrix{
		"nil VecDense": nilVec, "nil SymDense": nilSym, "nil Frame": nilFrame,
		"empty Transpose": mat.Transpose{}, "negative": negDims{}, "panicking At": panicAt{},
	}
	X := stateX()
	ord := &OrdinalEncoder{}
	fitT(t, ord, X, nil)
	si := &SimpleImputer{}
	fitT(t, si, X, nil)
	ct := &ColumnTransformer{Columns: []ColumnStep{{Name: "a", Est: &StandardScaler{}, Columns: []string{"x0"}}}}
	fitT(t, ct, X, nil)
	for name, m := range bad {
		assert.Nil(t, AsFrame(m), name)
		_, err := ord.InverseTransformStrings(m)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
		_, err = si.TransformFrame(m)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
		_, err = ct.Transform(m)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
		_, err = (&OneHotEncoder{}).FitTransform(context.Background(), m, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
		err = (&MissingIndicator{}).Fit(context.Background(), m, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, name)
	}
}

type negDims struct{}

func (negDims) Dims() (int, int)    { return -1, 3 }
func (negDims) At(int, int) float64 { return 0 }
func (n negDims) T() mat.Matrix     { return mat.Transpose{Matrix: n} }

type panicAt struct{}

func (panicAt) Dims() (int, int)    { return 2, 2 }
func (panicAt) At(int, int) float64 { panic("broken matrix") }
func (p panicAt) T() mat.Matrix     { return mat.Transpose{Matrix: p} }

func TestExtremeFiniteInputs(t *testing.T) {
	ctx := context.Background()
	// A constant column near the largest float64: the column sum overflows, the
	// statistics do not.
	big := mat.NewDense(4, 2, []float64{1.5e308, 1, 1.5e308, 2, 1.5e308, 3, 1.5e308, 4})
	s := &StandardScaler{}
	out, err := s.FitTransform(ctx, big, nil)
	require.NoError(t, err)
	assert.Equal(t, 1.5e308, s.Mean()[0])
	for i := range 4 {
		assert.Equal(t, 0.0, out.At(i, 0))
	}
	// ±1e308: the variance itself is beyond float64, a clear error, not a NaN model.
	wide := mat.NewDense(4, 1, []float64{1e308, -1e308, 1e308, -1e308})
	for _, e := range []estimator.Transformer{&StandardScaler{}, &MinMaxScaler{}, &PCA{}} {
		err := e.Fit(ctx, wide, nil)
		require.ErrorIs(t, err, estimator.ErrInvalidData, "%T", e)
		assert.Nil(t, e.(interface{ FeatureNamesOut([]string) []string }).FeatureNamesOut(nil), "%T stays unfitted", e)
	}
	// Constant data: PCA ratios are 0, not NaN.
	p := &PCA{}
	require.NoError(t, p.Fit(ctx, mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2}), nil))
	for _, r := range p.ExplainedVarianceRatio() {
		assert.False(t, math.IsNaN(r))
	}
	// Tiny values keep finite statistics too.
	tiny := mat.NewDense(3, 1, []float64{1e-300, 2e-300, 3e-300})
	for _, e := range []estimator.Transformer{&StandardScaler{}, &MinMaxScaler{}, &MaxAbsScaler{}, &RobustScaler{}} {
		z, err := estimator.FitTransform(ctx, e, tiny, nil)
		require.NoError(t, err, "%T", e)
		assert.False(t, slices.ContainsFunc(z.RawMatrix().Data, math.IsNaN), "%T", e)
	}
}

// Codes far outside the int range are errors, not out-of-range indexing (a float64
// converted to int is undefined beyond it).
func TestInverseTransformHugeCodes(t *testing.T) {
	X := stateX()
	ord := &OrdinalEncoder{}
	fitT(t, ord, X, nil)
	k := &KBinsDiscretizer{NBins: 3, Encode: KBinsOrdinal}
	fitT(t, k, X, nil)
	for _, v := range []float64{1e300, -1e300, 1 << 63, 9.3e18} {
		codes := mat.NewDense(1, 3, []float64{v, 0, 0})
		_, err := ord.InverseTransform(codes)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, "%g", v)
		_, err = ord.InverseTransformStrings(codes)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, "%g", v)
		_, err = k.InverseTransform(codes)
		assert.ErrorIs(t, err, estimator.ErrInvalidData, "%g", v)
	}
	var le LabelEncoder
	require.NoError(t, le.FitStrings([]string{"a", "b"}))
	_, err := le.InverseTransformStrings([]float64{1e300})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

func TestNormalizerExtremeRows(t *testing.T) {
	X := mat.NewDense(2, 2, []float64{3e300, 4e300, 3e-300, 4e-300})
	out, err := (&Normalizer{}).FitTransform(context.Background(), X, nil)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0.6, 0.8}, out.RawRowView(0), 1e-12, "no overflow to zeros")
	assert.Equal(t, []float64{3e-300, 4e-300}, out.RawRowView(1), "a norm below 10·eps is 1, as in scikit-learn")
}
