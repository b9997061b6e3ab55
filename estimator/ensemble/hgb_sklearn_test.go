package ensemble

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/metrics"
)

type hgbGolden struct {
	Train, Test []int
	Params      map[string]any
	X           [][]*float64
	Y           []float64
	Checksum    *float64
	Proba       [][]float64
	Pred        []float64
	Score       float64
	NIter       int `json:"n_iter"`
	Thresholds  [][]float64
}

func hgbLoadGoldens(t *testing.T) map[string]*hgbGolden {
	t.Helper()
	b, err := os.ReadFile("testdata/hgb_sklearn.json")
	require.NoError(t, err)
	var g map[string]*hgbGolden
	require.NoError(t, json.Unmarshal(b, &g))
	return g
}

// hgbData returns the data set of golden key.
func hgbGoldenData(t *testing.T, key string, g *hgbGolden) (*mat.Dense, []float64) {
	t.Helper()
	if g.X != nil {
		X := mat.NewDense(len(g.X), len(g.X[0]), nil)
		for i, row := range g.X {
			for j, v := range row {
				if v == nil {
					X.Set(i, j, math.NaN())
				} else {
					X.Set(i, j, *v)
				}
			}
		}
		return X, g.Y
	}
	var d *datasets.Dataset
	switch key {
	case "boston":
		d = datasets.Boston()
	case "breast_cancer":
		d = datasets.BreastCancer()
	case "iris":
		d = datasets.Iris()
	case "wine":
		d = datasets.Wine()
	default:
		d = datasets.Diabetes()
	}
	sum := mat.Sum(d.X)
	for _, v := range d.Y {
		sum += v
	}
	require.InDelta(t, *g.Checksum, sum, 1e-6*math.Abs(sum), "%s: skgo's copy differs from scikit-learn's", key)
	return d.X, d.Y
}

func hgbRowsOf(X *mat.Dense, y []float64, rows []int) (*mat.Dense, []float64) {
	return hgbRows(X, rows), hgbTake(y, rows)
}

// TestHGBMatchesScikitLearn fits with early stopping off, as the generator does, and
// compares the test-set predictions and scores with scikit-learn 1.2.1's.
func TestHGBMatchesScikitLearn(t *testing.T) {
	golden := hgbLoadGoldens(t)
	ctx := context.Background()
	type tc struct {
		reg *HistGradientBoostingRegressor
		clf *HistGradientBoostingClassifier
		// tol is the largest |prediction difference| allowed, relative to the range of y
		// for regression. The losses with leaf-value updates (absolute error, quantile)
		// and poisson match scikit-learn exactly for the first iterations but drift
		// apart by about 1% of the y range after 100: gradients of ±1 tie split gains,
		// and a tie broken by a last-bit difference in a float sum picks another split.
		tol float64
	}
	off := EarlyStoppingOff
	cases := map[string]tc{
		"diabetes":                {reg: &HistGradientBoostingRegressor{EarlyStopping: off}, tol: 1e-6},
		"diabetes/absolute_error": {reg: &HistGradientBoostingRegressor{EarlyStopping: off, Loss: "absolute_error"}, tol: 0.015},
		"diabetes/poisson":        {reg: &HistGradientBoostingRegressor{EarlyStopping: off, Loss: "poisson"}, tol: 0.015},
		"diabetes/quantile":       {reg: &HistGradientBoostingRegressor{EarlyStopping: off, Loss: "quantile", Quantile: 0.8}, tol: 0.015},
		"diabetes/small": {reg: &HistGradientBoostingRegressor{EarlyStopping: off, MaxIter: 30, MaxLeafNodes: -1, MaxDepth: 3,
			MinSamplesLeaf: 5, L2Regularization: 1, MaxBins: 32, LearningRate: 0.2}, tol: 1e-6},
		"boston":                     {reg: &HistGradientBoostingRegressor{EarlyStopping: off}, tol: 1e-6},
		"make_regression":            {reg: &HistGradientBoostingRegressor{EarlyStopping: off}, tol: 1e-6},
		"missing_regression":         {reg: &HistGradientBoostingRegressor{EarlyStopping: off}, tol: 1e-6},
		"categorical":                {reg: &HistGradientBoostingRegressor{EarlyStopping: off, CategoricalFeatures: []int{0}}, tol: 1e-6},
		"monotonic":                  {reg: &HistGradientBoostingRegressor{EarlyStopping: off, MonotonicCst: []int{1, -1, 0, 0, 0, 0, 0, 0, 0, 0}}, tol: 1e-6},
		"breast_cancer":              {clf: &HistGradientBoostingClassifier{EarlyStopping: off}, tol: 1e-6},
		"iris":                       {clf: &HistGradientBoostingClassifier{EarlyStopping: off}, tol: 1e-6},
		"wine":                       {clf: &HistGradientBoostingClassifier{EarlyStopping: off}, tol: 1e-6},
		"make_classification":        {clf: &HistGradientBoostingClassifier{EarlyStopping: off}, tol: 1e-6},
		"missing_classification":     {clf: &HistGradientBoostingClassifier{EarlyStopping: off}, tol: 1e-6},
		"categorical_classification": {clf: &HistGradientBoostingClassifier{EarlyStopping: off, CategoricalFeatures: []int{0}}, tol: 1e-6},
	}
	for key, c := range cases {
		t.Run(key, func(t *testing.T) {
			g := golden[key]
			require.NotNil(t, g, "no golden %s", key)
			if g.X == nil && g.Checksum == nil && key != "monotonic" {
				t.Skip("golden without data")
			}
			src := g
			if key == "monotonic" { // make_regression's data
				src = golden["make_regression"]
			}
			X, y := hgbGoldenData(t, key, src)
			Xtr, ytr := hgbRowsOf(X, y, g.Train)
			Xte, yte := hgbRowsOf(X, y, g.Test)
			if c.reg != nil {
				require.NoError(t, c.reg.Fit(ctx, Xtr, ytr))
				assert.Equal(t, g.NIter, c.reg.NIter())
				pred, err := c.reg.Predict(Xte)
				require.NoError(t, err)
				lo, hi := math.Inf(1), math.Inf(-1)
				for _, v := range y {
					lo, hi = min(lo, v), max(hi, v)
				}
				maxDiff := 0.0
				for i := range pred {
					maxDiff = max(maxDiff, math.Abs(pred[i]-g.Pred[i]))
				}
				score := metrics.R2Score(yte, pred, nil)
				t.Logf("%s: max |Δpred| %.3g (y range %.3g), R² %.6f vs scikit-learn %.6f", key, maxDiff, hi-lo, score, g.Score)
				assert.InDelta(t, g.Score, score, 0.01)
				assert.LessOrEqual(t, maxDiff, c.tol*(hi-lo), "predictions differ from scikit-learn's")
				return
			}
			require.NoError(t, c.clf.Fit(ctx, Xtr, ytr))
			assert.Equal(t, g.NIter, c.clf.NIter())
			proba, err := c.clf.PredictProba(Xte)
			require.NoError(t, err)
			maxDiff := 0.0
			for i, row := range g.Proba {
				for k, v := range row {
					maxDiff = max(maxDiff, math.Abs(proba.At(i, k)-v))
				}
			}
			pred, err := c.clf.Predict(Xte)
			require.NoError(t, err)
			score := metrics.AccuracyScore(yte, pred, nil)
			t.Logf("%s: max |Δproba| %.3g, accuracy %.6f vs scikit-learn %.6f", key, maxDiff, score, g.Score)
			assert.InDelta(t, g.Score, score, 0.01)
			assert.LessOrEqual(t, maxDiff, c.tol, "probabilities differ from scikit-learn's")
		})
	}
}

// TestHGBBinThresholds checks the bin thresholds against scikit-learn's
// _BinMapper.bin_thresholds_.
func TestHGBBinThresholds(t *testing.T) {
	golden := hgbLoadGoldens(t)
	for _, key := range []string{"make_regression", "breast_cancer"} {
		g := golden[key]
		X, _ := hgbGoldenData(t, key, g)
		rows := hgbAllRows(X.RawMatrix().Rows)
		if key == "make_regression" {
			rows = g.Train
		}
		_, p := X.Dims()
		rm := X.RawMatrix()
		bm := hgbFitBins(rm.Data, rm.Stride, p, rows, 255, make([]bool, p), make([][]float64, p), 0, 2)
		for f := 0; f < p; f++ {
			require.Len(t, bm.thresholds[f], len(g.Thresholds[f]), "%s feature %d", key, f)
			for b, v := range g.Thresholds[f] {
				require.Equal(t, v, bm.thresholds[f][b], "%s feature %d threshold %d", key, f, b)
			}
		}
	}
}
