package preprocess

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/tuning"
)

func TestSplineTransformerConformance(t *testing.T) {
	for _, e := range []SplineExtrapolation{"", SplineLinear, SplineContinue, SplinePeriodic} {
		t.Run(string(e), func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return &SplineTransformer{Extrapolation: e} }, estimatortest.Unsupervised())
		})
	}
	t.Run("quantile/nobias", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &SplineTransformer{Knots: SplineQuantile, NKnots: 4, Degree: 2, NoBias: true}
		}, estimatortest.Unsupervised())
	})
}

// splineParams builds the SplineTransformer that a golden case's scikit-learn
// parameters describe.
func splineParams(t *testing.T, raw json.RawMessage) *SplineTransformer {
	t.Helper()
	var p map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &p))
	s := &SplineTransformer{}
	if v, ok := p["degree"]; ok {
		var d int
		require.NoError(t, json.Unmarshal(v, &d))
		s.Degree = d
		if d == 0 {
			s.Degree = SplineDegreeZero
		}
	}
	if v, ok := p["n_knots"]; ok {
		require.NoError(t, json.Unmarshal(v, &s.NKnots))
	}
	if v, ok := p["knots"]; ok {
		var str string
		if json.Unmarshal(v, &str) == nil {
			s.Knots = SplineKnots(str)
		} else {
			require.NoError(t, json.Unmarshal(v, &s.KnotPositions))
		}
	}
	if v, ok := p["extrapolation"]; ok {
		var str string
		require.NoError(t, json.Unmarshal(v, &str))
		s.Extrapolation = SplineExtrapolation(str)
	}
	if v, ok := p["include_bias"]; ok {
		var b bool
		require.NoError(t, json.Unmarshal(v, &b))
		s.NoBias = !b
	}
	if v, ok := p["order"]; ok {
		var str string
		require.NoError(t, json.Unmarshal(v, &str))
		s.Order = SplineOrder(str)
	}
	return s
}

// splineGoldens loads testdata/spline.json and the names of its cases.
func splineGoldens(t *testing.T) (*testutil.Goldens, []string) {
	t.Helper()
	b, err := os.ReadFile("testdata/spline.json")
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &m))
	var cases []string
	for k := range m {
		if name, ok := strings.CutSuffix(k, "/params"); ok {
			cases = append(cases, strings.TrimPrefix(name, "case/"))
		}
	}
	slices.Sort(cases)
	return testutil.Golden(t, "testdata/spline.json"), cases
}

// splineInputs returns the fit and transform matrices and the weights of a case.
func splineInputs(t *testing.T, g *testutil.Goldens, name string) (fitX, testX *mat.Dense, w []float64) {
	switch {
	case strings.HasPrefix(name, "ties/"):
		fitX, testX = g.Matrix("X/ties"), g.Matrix("X/ties_test")
		if strings.HasSuffix(name, "/weighted") {
			w = g.Floats("w_ties")
		}
	case name == "explicit/periodic":
		fitX, testX = g.Matrix("X/days"), g.Matrix("X/days_test")
	case strings.HasPrefix(name, "explicit/"):
		fitX, testX = numCols(g.Matrix("X/train"), 2), numCols(g.Matrix("X/test"), 2)
	default:
		fitX, testX = g.Matrix("X/train"), g.Matrix("X/test")
		if strings.HasPrefix(name, "weighted/") {
			w = g.Floats("w")
		}
	}
	if g.Has("case/" + name + "/rows") {
		rows := g.Ints("case/" + name + "/rows")
		_, c := testX.Dims()
		sub := mat.NewDense(len(rows), c, nil)
		for i, r := range rows {
			sub.SetRow(i, testX.RawRowView(r))
		}
		testX = sub
	}
	return fitX, testX, w
}

// numCols returns the first c columns of x as a new matrix.
func numCols(x *mat.Dense, c int) *mat.Dense {
	r, _ := x.Dims()
	return mat.DenseCopyOf(x.Slice(0, r, 0, c))
}

// TestSplineTransformerMatchesScikitLearn compares knot vectors, transforms and
// feature names with scikit-learn 1.2.1 on every golden case: all five
// extrapolation modes with degrees 0 to 4 and uniform or quantile knots, quantile
// knots with ties (repeated knots), sample-weighted quantile and uniform knots,
// explicit knots (periodic day-of-year, uneven spacing). The tolerance is 1e-10
// relative (absolute below 1): the knots come from the same numpy formulas and the
// basis from the same de Boor recursion in the same order, so the differences are
// rounding (the largest is logged).
func TestSplineTransformerMatchesScikitLearn(t *testing.T) {
	g, cases := splineGoldens(t)
	require.NotEmpty(t, cases)
	worst := 0.0
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			var raw json.RawMessage
			g.Decode("case/"+name+"/params", &raw)
			s := splineParams(t, raw)
			fitX, testX, w := splineInputs(t, g, name)
			require.NoError(t, s.FitWeighted(context.Background(), fitX, nil, w))
			var wantT [][]float64
			g.Decode("case/"+name+"/t", &wantT)
			gotT := s.KnotVectors()
			require.Len(t, gotT, len(wantT))
			for j := range wantT {
				numClose(t, wantT[j], gotT[j], 1e-12, "knot vector")
			}
			out, err := s.Transform(testX)
			require.NoError(t, err)
			want := g.Matrix("case/" + name + "/transform")
			numCloseMat(t, want, out, 1e-10, "transform")
			r, c := want.Dims()
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					worst = math.Max(worst, math.Abs(want.At(i, j)-out.At(i, j))/math.Max(1, math.Abs(want.At(i, j))))
				}
			}
			var names []string
			g.Decode("case/"+name+"/names", &names)
			assert.Equal(t, names, s.FeatureNamesOut(nil))
			assert.Equal(t, len(names), s.NOutputFeatures())
		})
	}
	t.Logf("largest relative difference from scikit-learn over %d cases: %.3g", len(cases), worst)
}

// TestSplineTransformerComposes runs the transformer inside a pipeline with a ridge
// regression, cross-validates it, searches NKnots by its parameter path, and saves and
// loads the fitted pipeline.
func TestSplineTransformerComposes(t *testing.T) {
	ctx := context.Background()
	g := testutil.Golden(t, "testdata/spline.json")
	X := g.Matrix("X/train")
	n, _ := X.Dims()
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Sin(X.At(i, 0)) + 0.1*X.At(i, 1)
	}
	newPipe := func() *pipeline.Pipeline {
		return pipeline.New(
			pipeline.Step{Name: "spline", Est: &SplineTransformer{Extrapolation: SplineLinear}},
			pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 1e-3}},
		)
	}
	scores, err := crossval.Score(ctx, newPipe(), X, y, crossval.KFold{K: 4}, metrics.R2)
	require.NoError(t, err)
	require.Len(t, scores, 4)

	s := &tuning.Search{
		Estimator: newPipe(),
		Space:     tuning.Grid{{Param: "spline.NKnots", Values: tuning.Values(3, 6, 9)}, {Param: "spline.Degree", Values: tuning.Values(SplineDegreeZero, 2)}},
		CV:        crossval.KFold{K: 4},
		Scoring:   metrics.R2,
	}
	require.NoError(t, s.Fit(ctx, X, y))
	require.Len(t, s.Results(), 6)
	assert.Contains(t, []any{3, 6, 9}, s.Best().Params["spline.NKnots"])

	p := newPipe()
	require.NoError(t, p.Fit(ctx, X, y))
	want, err := p.Predict(X)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, p))
	dst := newPipe()
	require.NoError(t, estimator.Load(&buf, dst))
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got, "Save/Load round trip")
	sp := dst.Step("spline").(*SplineTransformer)
	assert.Equal(t, p.Step("spline").(*SplineTransformer).KnotVectors(), sp.KnotVectors())
}

// TestSplineTransformerStateChecked checks that a saved state that does not match the
// hyperparameters of the skeleton, or that is inconsistent, is refused.
func TestSplineTransformerStateChecked(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 3, 4, 5})
	s := &SplineTransformer{NKnots: 4}
	require.NoError(t, s.Fit(context.Background(), X, nil))
	b, err := s.MarshalState()
	require.NoError(t, err)
	for name, dst := range map[string]*SplineTransformer{
		"degree":   {NKnots: 4, Degree: 2},
		"periodic": {NKnots: 4, Extrapolation: SplinePeriodic},
		"nknots":   {NKnots: 5},
	} {
		assert.ErrorIs(t, dst.UnmarshalState(b), estimator.ErrState, name)
		assert.Nil(t, dst.KnotVectors(), name)
	}
	for name, f := range map[string]*splineFit{
		"decreasing": {NFeatures: 1, Degree: 1, T: [][]float64{{0, 2, 1, 3}}, NSplines: 2},
		"nsplines":   {NFeatures: 1, Degree: 1, T: [][]float64{{0, 1, 2, 3}}, NSplines: 3},
		"nan":        {NFeatures: 1, Degree: 1, T: [][]float64{{0, 1, math.NaN(), 3}}, NSplines: 2},
		"empty base": {NFeatures: 1, Degree: 1, T: [][]float64{{0, 1, 1, 3}}, NSplines: 2},
		"lengths":    {NFeatures: 2, Degree: 1, T: [][]float64{{0, 1, 2, 3}, {0, 1, 2}}, NSplines: 2},
		"features":   {NFeatures: 2, Degree: 1, T: [][]float64{{0, 1, 2, 3}}, NSplines: 2},
		"degree":     {NFeatures: 1, Degree: 100, T: [][]float64{{0, 1, 2, 3}}, NSplines: 2},
	} {
		assert.Error(t, f.Check(), name)
	}
}

func TestSplineTransformerErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(5, 2, []float64{0, 1, 1, 2, 2, 4, 3, 8, 4, 16})
	for _, s := range []*SplineTransformer{
		{NKnots: 1}, {NKnots: -3}, {NKnots: SplineMaxKnots + 1},
		{Degree: -2}, {Degree: SplineMaxDegree + 1},
		{Knots: "median"}, {Extrapolation: "mirror"}, {Order: "A"},
		{Extrapolation: SplinePeriodic, NKnots: 3, Degree: 3},
		{KnotPositions: [][]float64{{0, 1}}},
		{KnotPositions: [][]float64{{0, 1}, {1, 1}}},
		{KnotPositions: [][]float64{{0, 1}, {1}}},
		{KnotPositions: [][]float64{{0, 1}, {math.NaN(), 2}}},
		{KnotPositions: [][]float64{{0, 1}, {1, 2}}, Knots: SplineQuantile},
	} {
		err := s.Fit(ctx, X, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, "%+v", *s)
		var pe *estimator.ParamError
		assert.ErrorAs(t, err, &pe)
	}
	// Constant feature, one row, NaN, explicit knots of the wrong width.
	constant := mat.NewDense(4, 2, []float64{1, 0, 1, 1, 1, 2, 1, 3})
	assert.ErrorIs(t, (&SplineTransformer{}).Fit(ctx, constant, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&SplineTransformer{Knots: SplineQuantile}).Fit(ctx, constant, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&SplineTransformer{}).Fit(ctx, mat.NewDense(1, 2, []float64{1, 2}), nil), estimator.ErrInvalidData)
	nan := mat.DenseCopyOf(X)
	nan.Set(2, 1, math.NaN())
	assert.ErrorIs(t, (&SplineTransformer{}).Fit(ctx, nan, nil), estimator.ErrInvalidData)
	wide := &SplineTransformer{KnotPositions: [][]float64{{0}, {1}}}
	assert.ErrorIs(t, wide.Fit(ctx, X, nil), estimator.ErrShape)
	// Weights.
	s := &SplineTransformer{Knots: SplineQuantile}
	assert.ErrorIs(t, s.FitWeighted(ctx, X, nil, []float64{1, 2}), estimator.ErrShape)
	assert.ErrorIs(t, s.FitWeighted(ctx, X, nil, []float64{1, 1, -1, 1, 1}), estimator.ErrInvalidData)
	assert.ErrorIs(t, s.FitWeighted(ctx, X, nil, []float64{0, 0, 0, 0, 0}), estimator.ErrInvalidData)
	assert.ErrorIs(t, s.FitWeighted(ctx, X, nil, []float64{1, math.Inf(1), 1, 1, 1}), estimator.ErrInvalidData)
	assert.Nil(t, s.KnotVectors(), "failed fits leave the model unfitted")
	// Out-of-range values with "error" extrapolation; the model keeps working.
	e := &SplineTransformer{Extrapolation: SplineError}
	require.NoError(t, e.Fit(ctx, X, nil))
	_, err := e.Transform(mat.NewDense(2, 2, []float64{1, 2, 5, 2}))
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	_, err = e.Transform(mat.NewDense(1, 2, []float64{4, 16}))
	assert.NoError(t, err, "the last knot is inside")
	// FitTransform with explicit knots that do not cover the data fails and keeps the
	// previous model.
	ek := &SplineTransformer{KnotPositions: [][]float64{{0, 0}, {2, 2}}, Extrapolation: SplineError}
	_, err = ek.FitTransform(ctx, X, nil)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Nil(t, ek.KnotVectors())
}

// TestSplineTransformerKeepsInputs checks that Fit, FitWeighted and Transform leave
// X, the weights and KnotPositions untouched.
func TestSplineTransformerKeepsInputs(t *testing.T) {
	X := mat.NewDense(5, 2, []float64{0, 1, 1, 2, 2, 4, 3, 8, 4, 16})
	X0 := mat.DenseCopyOf(X)
	w := []float64{1, 0, 2, 1, 1}
	w0 := slices.Clone(w)
	kp := [][]float64{{-1, 0}, {2, 5}, {5, 20}}
	kp0 := [][]float64{{-1, 0}, {2, 5}, {5, 20}}
	s := &SplineTransformer{Knots: SplineQuantile, Extrapolation: SplinePeriodic, Degree: 2}
	require.NoError(t, s.FitWeighted(context.Background(), X, nil, w))
	_, err := s.Transform(X)
	require.NoError(t, err)
	e := &SplineTransformer{KnotPositions: kp}
	_, err = e.FitTransform(context.Background(), X, nil)
	require.NoError(t, err)
	assert.True(t, mat.Equal(X, X0))
	assert.Equal(t, w0, w)
	assert.Equal(t, kp0, kp)
	kv := e.KnotVectors()
	kv[0][0] = 99
	assert.NotEqual(t, 99.0, e.KnotVectors()[0][0], "KnotVectors returns a copy")
}

// TestSplineTransformerProperties checks the partition of unity inside the knots,
// periodicity, and that large inputs (transformed in parallel chunks) give the same
// rows as small ones.
func TestSplineTransformerProperties(t *testing.T) {
	ctx := context.Background()
	g := testutil.Golden(t, "testdata/spline.json")
	X := g.Matrix("X/train")
	s := &SplineTransformer{NKnots: 7, Degree: 3}
	out, err := s.FitTransform(ctx, X, nil)
	require.NoError(t, err)
	ns := s.NSplines()
	for i := 0; i < 40; i++ {
		for j := 0; j < 3; j++ {
			sum := 0.0
			for _, v := range out.RawRowView(i)[j*ns : (j+1)*ns] {
				sum += v
			}
			assert.InDelta(t, 1, sum, 1e-12)
		}
	}
	per := &SplineTransformer{NKnots: 5, Extrapolation: SplinePeriodic}
	require.NoError(t, per.Fit(ctx, X, nil))
	kv := per.KnotVectors()
	k := 3
	a := mat.NewDense(1, 3, nil)
	b := mat.NewDense(1, 3, nil)
	for j := 0; j < 3; j++ {
		period := kv[j][len(kv[j])-k-1] - kv[j][k]
		a.Set(0, j, X.At(0, j))
		b.Set(0, j, X.At(0, j)+3*period)
	}
	oa, err := per.Transform(a)
	require.NoError(t, err)
	ob, err := per.Transform(b)
	require.NoError(t, err)
	numCloseMat(t, oa, ob, 1e-9, "shifted by three periods")

	big := mat.NewDense(3000, 3, nil)
	for i := 0; i < 3000; i++ {
		big.SetRow(i, X.RawRowView(i%40))
	}
	outBig, err := s.Transform(big)
	require.NoError(t, err)
	for i := 0; i < 3000; i += 97 {
		assert.Equal(t, out.RawRowView(i%40), outBig.RawRowView(i))
	}
}
