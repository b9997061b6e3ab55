package linear_test

import (
	"context"
	"fmt"
	"math"
	"runtime"
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

func TestCVEnetConformance(t *testing.T) {
	for name, newE := range map[string]func() estimator.Estimator{
		"LassoCV": func() estimator.Estimator { return &linear.LassoCV{NAlphas: 10} },
		"LassoCV/alphas": func() estimator.Estimator {
			return &linear.LassoCV{Alphas: []float64{0.01, 0.1}, CV: crossval.KFold{K: 3}}
		},
		"ElasticNetCV":      func() estimator.Estimator { return &linear.ElasticNetCV{NAlphas: 10} },
		"ElasticNetCV/list": func() estimator.Estimator { return &linear.ElasticNetCV{NAlphas: 5, L1Ratio: []float64{0.2, 0.9}} },
	} {
		t.Run(name, func(t *testing.T) { estimatortest.Run(t, newE) })
	}
}

// cvEnetModel is what the golden checks need from LassoCV and ElasticNetCV.
type cvEnetModel interface {
	estimator.WeightedFitter
	estimator.Predictor
	Coef() []float64
	Intercept() float64
	Alpha() float64
	NIter() int
	DualGap() float64
}

func TestCVEnetMatchesScikitLearn(t *testing.T) {
	g := testutil.Golden(t, "testdata/cv_enet.json")
	for _, tc := range []struct {
		key, data string
		weighted  bool
		est       cvEnetModel
	}{
		{"lasso/diabetes", "diabetes", false, &linear.LassoCV{}},
		{"lasso/diabetes/alphas", "diabetes", false, &linear.LassoCV{Alphas: []float64{0.001, 0.5, 0.01, 0.1, 1.0, 0.05}}},
		{"lasso/diabetes/weighted", "diabetes", true, &linear.LassoCV{NAlphas: 30}},
		{"lasso/diabetes/noint/kfold3", "diabetes", false, &linear.LassoCV{NoIntercept: true, CV: crossval.KFold{K: 3}}},
		{"lasso/diabetes/positive", "diabetes", false, &linear.LassoCV{Positive: true, Eps: 1e-2, NAlphas: 40}},
		{"lasso/boston", "boston", false, &linear.LassoCV{NAlphas: 50}},
		{"lasso/wide", "wide", false, &linear.LassoCV{NAlphas: 40}},
		{"enet/diabetes", "diabetes", false, &linear.ElasticNetCV{}},
		{"enet/diabetes/ratios", "diabetes", false, &linear.ElasticNetCV{L1Ratio: []float64{0.1, 0.5, 0.9, 1}, NAlphas: 50}},
		{"enet/diabetes/ratios0", "diabetes", true, &linear.ElasticNetCV{L1Ratio: []float64{0, 0.3, 0.7},
			Alphas: []float64{0.0005, 0.005, 0.05, 0.5}}},
		{"enet/wide", "wide", false, &linear.ElasticNetCV{L1Ratio: []float64{0.2, 0.8}, NAlphas: 30, CV: crossval.KFold{K: 4}}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			t.Parallel()
			X, y := ridgeCVData(t, g, tc.data)
			var w []float64
			if tc.weighted {
				w = linspaceWeights(len(y))
			}
			require.NoError(t, tc.est.FitWeighted(context.Background(), X, y, w))
			// The grid is np.logspace: the same doubles up to the last bit of pow.
			assert.InEpsilon(t, g.Float(tc.key+"/alpha"), tc.est.Alpha(), 1e-12, "alpha_")
			grids := g.Matrix(tc.key + "/alphas")
			var paths [][][]float64
			g.Decode(tc.key+"/mse_path", &paths)
			nl1, _ := grids.Dims()
			for k := range nl1 {
				var grid []float64
				var mse *mat.Dense
				switch m := tc.est.(type) {
				case *linear.LassoCV:
					grid, mse = m.AlphaGrid(), m.MSEPath()
				case *linear.ElasticNetCV:
					grid, mse = m.AlphaGrid(k), m.MSEPath(k)
				}
				assert.Less(t, testutil.RelDiff(grid, grids.RawRowView(k), 0), 1e-12, "alphas_[%d]", k)
				// Coordinate descent runs the same sweeps as scikit-learn's (the Gram
				// variant when folds have more rows than columns), stopped by the same
				// duality-gap rule; only rounding differs. 1e-6 relative on the test
				// errors (seen: ~1e-12).
				want := testutil.FromRows(paths[k]).RawMatrix().Data
				assert.Less(t, testutil.RelDiff(mse.RawMatrix().Data, want, 0), 1e-6, "mse_path_[%d]", k)
			}
			if m, ok := tc.est.(*linear.ElasticNetCV); ok {
				assert.Equal(t, g.Float(tc.key+"/l1_ratio"), m.ChosenL1Ratio(), "l1_ratio_")
			}
			coef := g.Floats(tc.key + "/coef")
			assert.Less(t, testutil.RelDiff(tc.est.Coef(), coef, 1e-6*maxAbsOf(coef)), 1e-6, "coef_ %v want %v", tc.est.Coef(), coef)
			assert.InDelta(t, g.Float(tc.key+"/intercept"), tc.est.Intercept(), 1e-6*math.Max(1, math.Abs(tc.est.Intercept())), "intercept_")
			assert.Equal(t, int(g.Float(tc.key+"/n_iter")), tc.est.NIter(), "n_iter_")
		})
	}
}

// Results do not depend on the number of workers.
func TestCVEnetWorkers(t *testing.T) {
	d := datasets.Diabetes()
	fit := func(w int) *linear.ElasticNetCV {
		m := &linear.ElasticNetCV{L1Ratio: []float64{0.3, 0.9}, NAlphas: 20, Workers: w}
		require.NoError(t, m.Fit(context.Background(), d.X, d.Y))
		return m
	}
	a, b := fit(1), fit(runtime.GOMAXPROCS(0)+2)
	assert.Equal(t, a.Coef(), b.Coef())
	assert.Equal(t, a.MSEPath(1).RawMatrix().Data, b.MSEPath(1).RawMatrix().Data)
}

func TestCVEnetBadInput(t *testing.T) {
	ctx := context.Background()
	d := datasets.Diabetes()
	for name, m := range map[string]estimator.Estimator{
		"empty alphas":     &linear.LassoCV{Alphas: []float64{}},
		"negative alpha":   &linear.LassoCV{Alphas: []float64{0.1, -1}},
		"NaN alpha":        &linear.LassoCV{Alphas: []float64{math.NaN()}},
		"eps":              &linear.LassoCV{Eps: -1},
		"nalphas":          &linear.LassoCV{NAlphas: -1},
		"too many nalphas": &linear.LassoCV{NAlphas: 1 << 20},
		"tol":              &linear.LassoCV{Tol: -1},
		"max iter":         &linear.LassoCV{MaxIter: -3},
		"selection":        &linear.LassoCV{Selection: "shuffle"},
		"workers":          &linear.LassoCV{Workers: -1},
		"cv":               &linear.LassoCV{CV: crossval.KFold{K: 1}},
		"empty ratios":     &linear.ElasticNetCV{L1Ratio: []float64{}},
		"ratio > 1":        &linear.ElasticNetCV{L1Ratio: []float64{1.5}},
		"ratio 0 grid":     &linear.ElasticNetCV{L1Ratio: []float64{0}},
	} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, m.Fit(ctx, d.X, d.Y), &pe, name)
	}
	m := &linear.LassoCV{}
	bad := mat.DenseCopyOf(d.X)
	bad.Set(3, 2, math.Inf(1))
	assert.ErrorIs(t, m.Fit(ctx, bad, d.Y), estimator.ErrInvalidData)
	assert.ErrorIs(t, m.Fit(ctx, d.X, d.Y[:10]), estimator.ErrShape)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, m.Fit(cctx, d.X, d.Y), context.Canceled)
	_, err := m.Predict(d.X)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	assert.Nil(t, m.MSEPath())
	assert.Nil(t, m.AlphaGrid())
}

func TestCVEnetSearch(t *testing.T) {
	d := datasets.Diabetes()
	pipe := pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "enet", Est: &linear.ElasticNetCV{NAlphas: 10}},
	)
	s := &tuning.Search{
		Estimator: pipe,
		Space:     tuning.Grid{{Param: "enet.L1Ratio", Values: tuning.Values([]float64{0.5}, []float64{0.1, 1})}},
		CV:        crossval.KFold{K: 3},
		Scoring:   metrics.R2,
	}
	require.NoError(t, s.Fit(context.Background(), d.X, d.Y))
	assert.Len(t, s.Results(), 2)
	assert.Greater(t, s.Best().MeanScore, 0.4)
}

func ExampleLassoCV() {
	d := datasets.Diabetes()
	var m linear.LassoCV // 100 penalties, 5-fold KFold
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	nonzero := 0
	for _, c := range m.Coef() {
		if c != 0 {
			nonzero++
		}
	}
	fmt.Printf("alpha=%.5f, %d of %d coefficients non-zero\n", m.Alpha(), nonzero, len(m.Coef()))
	// Output: alpha=0.00375, 9 of 10 coefficients non-zero
}

func ExampleElasticNetCV() {
	d := datasets.Diabetes()
	m := &linear.ElasticNetCV{L1Ratio: []float64{0.1, 0.5, 0.9, 1}}
	if err := m.Fit(context.Background(), d.X, d.Y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha=%.5f l1_ratio=%.1f\n", m.Alpha(), m.ChosenL1Ratio())
	// Output: alpha=0.00375 l1_ratio=1.0
}
