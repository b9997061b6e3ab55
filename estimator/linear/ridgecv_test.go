package linear_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

func TestRidgeCVConformance(t *testing.T) {
	for name, newE := range map[string]func() estimator.Estimator{
		"loo": func() estimator.Estimator { return &linear.RidgeCV{} },
		"store": func() estimator.Estimator {
			return &linear.RidgeCV{Alphas: []float64{0.01, 1, 100}, StoreCVValues: true}
		},
		"eigen":  func() estimator.Estimator { return &linear.RidgeCV{GCVMode: linear.GCVEigen, NoIntercept: true} },
		"scored": func() estimator.Estimator { return &linear.RidgeCV{Scoring: "r2"} },
		"kfold":  func() estimator.Estimator { return &linear.RidgeCV{CV: crossval.KFold{K: 3}} },
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, newE) })
	}
}

// ridgeCVData returns a golden data set of testdata/ridgecv.json.
func ridgeCVData(t *testing.T, g *testutil.Goldens, name string) (*mat.Dense, []float64) {
	t.Helper()
	switch name {
	case "diabetes":
		d := datasets.Diabetes()
		return d.X, d.Y
	case "boston":
		d := datasets.Boston()
		return d.X, d.Y
	}
	return g.Matrix(name + "/X"), g.Floats(name + "/y")
}

// linspaceWeights is np.linspace(0.5, 2.0, n).
func linspaceWeights(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + 1.5*float64(i)/float64(n-1)
	}
	return w
}

func TestRidgeCVMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/ridgecv.json")
	for _, tc := range []struct {
		key, data string
		weighted  bool
		est       func(alphas []float64) *linear.RidgeCV
	}{
		{"diabetes/default", "diabetes", false, func([]float64) *linear.RidgeCV { return &linear.RidgeCV{StoreCVValues: true} }},
		{"diabetes/grid", "diabetes", false, func(a []float64) *linear.RidgeCV { return &linear.RidgeCV{Alphas: a, StoreCVValues: true} }},
		{"diabetes/weighted", "diabetes", true, func(a []float64) *linear.RidgeCV { return &linear.RidgeCV{Alphas: a, StoreCVValues: true} }},
		{"diabetes/noint", "diabetes", false, func(a []float64) *linear.RidgeCV {
			return &linear.RidgeCV{Alphas: a, NoIntercept: true, StoreCVValues: true}
		}},
		{"diabetes/r2", "diabetes", false, func(a []float64) *linear.RidgeCV {
			return &linear.RidgeCV{Alphas: a, Scoring: "r2", StoreCVValues: true}
		}},
		{"diabetes/mae", "diabetes", false, func(a []float64) *linear.RidgeCV {
			return &linear.RidgeCV{Alphas: a, Scoring: "neg_mean_absolute_error", StoreCVValues: true}
		}},
		{"diabetes/eigen", "diabetes", true, func(a []float64) *linear.RidgeCV {
			return &linear.RidgeCV{Alphas: a, GCVMode: linear.GCVEigen, StoreCVValues: true}
		}},
		// Boston's unscaled columns make XᵀX ill-conditioned: the SVD fallback.
		{"boston/grid", "boston", false, func(a []float64) *linear.RidgeCV { return &linear.RidgeCV{Alphas: a, StoreCVValues: true} }},
		{"boston/weighted", "boston", true, func(a []float64) *linear.RidgeCV { return &linear.RidgeCV{Alphas: a, StoreCVValues: true} }},
		{"wide/auto", "wide", false, func(a []float64) *linear.RidgeCV { return &linear.RidgeCV{Alphas: a, StoreCVValues: true} }},
		{"wide/svd", "wide", true, func(a []float64) *linear.RidgeCV {
			return &linear.RidgeCV{Alphas: a, GCVMode: linear.GCVSVD, StoreCVValues: true}
		}},
		{"wide/noint", "wide", false, func(a []float64) *linear.RidgeCV {
			return &linear.RidgeCV{Alphas: a, NoIntercept: true, StoreCVValues: true}
		}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			X, y := ridgeCVData(t, g, tc.data)
			var w []float64
			if tc.weighted {
				w = linspaceWeights(len(y))
			}
			alphas := g.Floats(tc.key + "/alphas")
			m := tc.est(alphas)
			if tc.key == "diabetes/default" {
				m.Alphas = nil
			}
			require.NoError(t, m.FitWeighted(context.Background(), X, y, w))
			// Closed forms: the same numbers up to rounding (≈1e-12 seen); 1e-8 relative
			// leaves room for the different decompositions (XᵀX eigen vs SVD of X).
			assert.Equal(t, g.Float(tc.key+"/alpha"), m.Alpha(), "alpha_")
			assert.InEpsilon(t, g.Float(tc.key+"/best_score"), m.BestScore(), 1e-8, "best_score_")
			// The coefficients solve the ridge problem of the chosen alpha to 1e-8 relative
			// (Ridge with scikit-learn's SVD solver). scikit-learn's own RidgeCV.coef_
			// comes from the dual coefficients, Xᵀ(y − ŷ)/α, which cancel on Boston's
			// unscaled columns (3.5e-6 relative error on its smallest coefficient): there
			// the check against coef_ is 1e-5.
			ridge := g.Floats(tc.key + "/ridge_coef")
			floor := 1e-6 * maxAbsOf(ridge)
			assert.Less(t, testutil.RelDiff(m.Coef(), ridge, floor), 1e-8, "coef %v want %v", m.Coef(), ridge)
			tolDual := 1e-8
			if tc.data == "boston" {
				tolDual = 1e-5
			}
			assert.Less(t, testutil.RelDiff(m.Coef(), g.Floats(tc.key+"/coef"), floor), tolDual, "coef_")
			assert.InDelta(t, g.Float(tc.key+"/ridge_intercept"), m.Intercept(), 1e-8*math.Max(1, math.Abs(m.Intercept())), "intercept")
			assert.InDelta(t, g.Float(tc.key+"/intercept"), m.Intercept(), tolDual*math.Max(1, math.Abs(m.Intercept())), "intercept_")
			want := g.Matrix(tc.key + "/cv_values")
			got := m.CVValues()
			require.NotNil(t, got)
			wr, wc := want.Dims()
			gr, gc := got.Dims()
			require.Equal(t, []int{wr, wc}, []int{gr, gc})
			d := testutil.RelDiff(got.RawMatrix().Data, want.RawMatrix().Data, 1e-6*maxAbsOf(want.RawMatrix().Data))
			assert.Less(t, d, 1e-8, "cv_values_")
		})
	}
}

func maxAbsOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func TestRidgeCVSplitterMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/ridgecv.json")
	for _, tc := range []struct {
		key, data string
		est       linear.RidgeCV
	}{
		{"cv/diabetes/kfold5", "diabetes", linear.RidgeCV{CV: crossval.KFold{K: 5}}},
		{"cv/diabetes/kfold3/mse", "diabetes", linear.RidgeCV{CV: crossval.KFold{K: 3}, Scoring: "neg_mean_squared_error"}},
		{"cv/boston/kfold4", "boston", linear.RidgeCV{CV: crossval.KFold{K: 4}}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			X, y := ridgeCVData(t, g, tc.data)
			m := tc.est
			m.Alphas = g.Floats(tc.key + "/alphas")
			require.NoError(t, m.Fit(context.Background(), X, y))
			assert.Equal(t, g.Float(tc.key+"/alpha"), m.Alpha())
			// Ridge's solvers agree with scikit-learn's Cholesky to ~1e-12.
			assert.InEpsilon(t, g.Float(tc.key+"/best_score"), m.BestScore(), 1e-8)
			assert.InEpsilonSlice(t, g.Floats(tc.key+"/coef"), m.Coef(), 1e-8)
			assert.InEpsilon(t, g.Float(tc.key+"/intercept"), m.Intercept(), 1e-8)
			assert.Nil(t, m.CVValues())
		})
	}
}

// The efficient leave-one-out residuals equal refitting without each row.
func TestRidgeCVLeaveOneOutIsExact(t *testing.T) {
	d := datasets.Diabetes()
	X := d.X.Slice(0, 60, 0, 10).(*mat.Dense)
	y := d.Y[:60]
	for _, mode := range []linear.GCVMode{linear.GCVAuto, linear.GCVEigen} {
		m := &linear.RidgeCV{Alphas: []float64{0.05}, GCVMode: mode, StoreCVValues: true}
		require.NoError(t, m.Fit(context.Background(), X, y))
		cv := m.CVValues()
		for i := 0; i < 60; i += 7 {
			var rows []int
			var yt []float64
			for j := range 60 {
				if j != i {
					rows = append(rows, j)
					yt = append(yt, y[j])
				}
			}
			r := &linear.Ridge{Alpha: 0.05}
			require.NoError(t, r.Fit(context.Background(), estimator.Rows(X, rows), yt))
			p, err := r.Predict(X.Slice(i, i+1, 0, 10))
			require.NoError(t, err)
			e := y[i] - p[0]
			assert.InEpsilon(t, e*e, cv.At(i, 0), 1e-9, "mode %q row %d", mode, i)
		}
	}
}

func TestRidgeCVDoesNotDependOnWorkers(t *testing.T) {
	n, p := 20000, 12
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			X.Set(i, j, math.Sin(float64(i*(j+3)))+float64(j%3))
		}
		y[i] = X.At(i, 0) - 2*X.At(i, 5) + math.Cos(float64(i))
	}
	fit := func() *linear.RidgeCV {
		m := &linear.RidgeCV{Alphas: []float64{0.01, 1, 100}, StoreCVValues: true}
		require.NoError(t, m.Fit(context.Background(), X, y))
		return m
	}
	a := fit()
	b := fit()
	assert.Equal(t, a.Coef(), b.Coef())
	assert.Equal(t, a.CVValues().RawMatrix().Data, b.CVValues().RawMatrix().Data)
}

func TestRidgeCVBadInput(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(5, 2, []float64{1, 2, 3, 4, 5, 7, 8, 8, 9, 1})
	y := []float64{1, 2, 3, 4, 2}
	for name, m := range map[string]*linear.RidgeCV{
		"empty alphas":   {Alphas: []float64{}},
		"zero alpha":     {Alphas: []float64{1, 0}},
		"negative alpha": {Alphas: []float64{-1}},
		"NaN alpha":      {Alphas: []float64{math.NaN()}},
		"Inf alpha":      {Alphas: []float64{math.Inf(1)}},
		"scoring":        {Scoring: "r3"},
		"mode":           {GCVMode: "qr"},
		"store with cv":  {CV: crossval.KFold{}, StoreCVValues: true},
		"bad splitter":   {CV: crossval.KFold{K: 1}},
	} {
		err := m.Fit(ctx, X, y)
		var pe *estimator.ParamError
		assert.ErrorAs(t, err, &pe, name)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
	}
	m := &linear.RidgeCV{}
	assert.ErrorIs(t, m.Fit(ctx, X.Slice(0, 1, 0, 2), y[:1]), estimator.ErrInvalidData, "one row")
	bad := mat.DenseCopyOf(X)
	bad.Set(1, 1, math.NaN())
	assert.ErrorIs(t, m.Fit(ctx, bad, y), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.Fit(ctx, X, y[:4]), estimator.ErrShape)
	assert.ErrorIs(t, m.FitWeighted(ctx, X, y, []float64{1, -1, 1, 1, 1}), estimator.ErrInvalidData)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, m.Fit(cctx, X, y), context.Canceled)
	assert.ErrorIs(t, (&linear.RidgeCV{CV: crossval.KFold{K: 2}}).Fit(cctx, X, y), context.Canceled)
	_, err := m.Predict(X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	// The leave-one-out decomposition is bounded.
	wide := mat.NewDense(2, looTestWide, nil)
	for j := range looTestWide {
		wide.Set(0, j, float64(j%7))
		wide.Set(1, j, float64(j%5))
	}
	err = (&linear.RidgeCV{GCVMode: linear.GCVSVD}).Fit(ctx, wide, []float64{1, 2})
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

const looTestWide = 5000

// Keeping n·alphas leave-one-out values is bounded (2²⁸ values).
func TestRidgeCVStoredValuesAreBounded(t *testing.T) {
	n := 30000
	X := mat.NewDense(n, 1, nil)
	y := make([]float64, n)
	for i := range n {
		X.Set(i, 0, float64(i%17))
		y[i] = float64(i % 5)
	}
	alphas := make([]float64, 10000)
	for i := range alphas {
		alphas[i] = float64(i + 1)
	}
	err := (&linear.RidgeCV{Alphas: alphas, StoreCVValues: true}).Fit(context.Background(), X, y)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
}

func TestRidgeCVComposes(t *testing.T) {
	d := datasets.Diabetes()
	ctx := context.Background()
	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "ridge", Est: &linear.RidgeCV{}},
	)
	s := &tuning.Search{
		Estimator: pipe,
		Space: tuning.Grid{{Param: "ridge.Alphas", Values: tuning.Values(
			[]float64{0.1, 1}, []float64{1, 10, 100})}},
		CV:      crossval.KFold{K: 3},
		Scoring: metrics.R2,
	}
	require.NoError(t, s.Fit(ctx, d.X, d.Y))
	assert.Len(t, s.Results(), 2)
	scores, err := crossval.Score(ctx, &linear.RidgeCV{Alphas: []float64{0.01, 0.1, 1}}, d.X, d.Y, crossval.KFold{K: 5}, metrics.R2)
	require.NoError(t, err)
	assert.Len(t, scores, 5)
	for _, v := range scores {
		assert.Greater(t, v, 0.2)
	}
}

func ExampleRidgeCV() {
	d := datasets.Diabetes()
	m := &linear.RidgeCV{Alphas: []float64{0.001, 0.01, 0.1, 1, 10}}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha=%g leave-one-out MSE=%.1f\n", m.Alpha(), -m.BestScore())
	// Output: alpha=0.01 leave-one-out MSE=3000.4
}

var _ = errors.Is
