package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/preprocess"
)

// golden is testdata/housing.json, written by testdata/gen_housing.py with
// scikit-learn 1.2.1 and numpy (float64).
type golden struct {
	SklearnVersion string `json:"sklearn_version"`
	OLS            struct {
		Coef      []float64 `json:"coef"`
		Intercept float64   `json:"intercept"`
		TrainRMSE float64   `json:"train_rmse"`
		ValRMSE   float64   `json:"val_rmse"`
	} `json:"ols"`
	GDZero struct {
		LR        float64   `json:"lr"`
		TrainRMSE []float64 `json:"train_rmse"`
		ValRMSE   []float64 `json:"val_rmse"`
		Coef      []float64 `json:"coef"`
		Intercept float64   `json:"intercept"`
	} `json:"gd_zero"`
	KnetAll struct {
		Epochs int     `json:"epochs"`
		GDMSE  float64 `json:"gd_mse"`
		OLSMSE float64 `json:"ols_mse"`
	} `json:"knet_all"`
	CVLinearRMSE []float64 `json:"cv_linear_rmse"`
}

func loadGolden(t *testing.T) *golden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "housing.json"))
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(b, &g))
	require.Equal(t, "1.2.1", g.SklearnVersion)
	return &g
}

// TestRun runs the whole walk-through with the default 200 epochs (about 3 s on 2
// cores) into a temporary directory and checks the files and the numbers.
func TestRun(t *testing.T) {
	g := loadGolden(t)
	dir := t.TempDir()
	var out bytes.Buffer
	res, err := run(context.Background(), &out, config{PlotDir: dir, Epochs: 200, Seed: 1})
	require.NoError(t, err)
	s := out.String()

	// Three valid PNG images at plot.Save's default sizes (576 px wide; the history
	// figure has two 288 px rows).
	require.Len(t, res.Plots, 3)
	for _, name := range []string{"history.png", "prediction_error_linear.png", "prediction_error_mlp.png"} {
		path := filepath.Join(dir, name)
		assert.Contains(t, res.Plots, path)
		assert.Contains(t, s, "  "+name+"\n")
		f, err := os.Open(path)
		require.NoError(t, err)
		img, err := png.Decode(f)
		f.Close()
		require.NoError(t, err, name)
		want := 432
		if name == "history.png" {
			want = 2 * 288
		}
		assert.Equal(t, 576, img.Bounds().Dx(), name)
		assert.Equal(t, want, img.Bounds().Dy(), name)
	}
	assert.Contains(t, s, "plots written to "+dir)

	// The closed-form fit is scikit-learn's LinearRegression (a direct solve; the
	// two agree to rounding).
	assert.InDelta(t, g.OLS.TrainRMSE, res.OLSTrain, 1e-9)
	assert.InDelta(t, g.OLS.ValRMSE, res.OLSVal, 1e-9)

	// Gradient descent reaches least squares on the training rows: the training MSE
	// is quadratic in the distance to the optimum, so the RMSE is already within
	// 1e-3 of it (the float64 reference from zero is 4e-5 away after 200 epochs).
	require.Len(t, res.Linear.Train, 200)
	require.Len(t, res.Linear.Val, 200)
	assert.InDelta(t, g.OLS.TrainRMSE, last(res.Linear.Train), 1e-3)
	// The validation RMSE is linear in that distance and so converges more slowly:
	// the direction of the smallest curvature (eigenvalue 0.0995 of XᵀX/n) shrinks
	// by 1 − 2·0.1·0.0995 = 0.980 per epoch, and the float64 reference from zero is
	// still 0.018 below least squares after 200 epochs (6.138 against 6.156). Knet's
	// 0.1·N(0, 1) start moves it by at most 0.0011 over seeds 1–10 (the start's
	// offset along that direction has shrunk by 0.98²⁰⁰ = 0.018 too), so 0.03 (0.5%)
	// from least squares and 0.01 from the zero start hold for any seed.
	assert.InDelta(t, g.OLS.ValRMSE, last(res.Linear.Val), 0.03)
	assert.InDelta(t, g.GDZero.ValRMSE[199], last(res.Linear.Val), 0.01)
	assert.InDelta(t, last(res.Linear.Val), rmse(t, res.LinearValPred), 1e-9)

	// Knet's setting: 20 epochs on all rows. Knet.jl reports 23.02 from its own random
	// start; the float64 reference from zero gives 22.94 and seeds 1–10 give 22.86 to
	// 23.01 (after only 20 epochs the start still matters); the optimum is 21.89.
	assert.InDelta(t, g.KnetAll.OLSMSE, res.KnetOLS, 1e-9)
	assert.InDelta(t, g.KnetAll.GDMSE, res.KnetMSE, 0.2)
	assert.Greater(t, res.KnetMSE, res.KnetOLS)

	// The MLP fits the training rows much better and improves on the linear model's
	// validation error too.
	require.Len(t, res.MLP.Train, 200)
	assert.Less(t, last(res.MLP.Train), 3.5)
	assert.Less(t, last(res.MLP.Val), last(res.Linear.Val)-0.3)
	assert.Less(t, last(res.MLP.Val), res.OLSVal-0.3)
	assert.InDelta(t, last(res.MLP.Val), rmse(t, res.MLPValPred), 1e-4)

	// Part 3: the linear row is scikit-learn's cross_val_score on the same folds; the
	// networks beat it on average.
	assert.InDeltaSlice(t, g.CVLinearRMSE, res.CVRMSE["linear.Regression"], 1e-9)
	lin := mean(res.CVRMSE["linear.Regression"])
	for _, name := range []string{"NetRegressor 13=>64=>15=>1", "MLPRegressor [64 15]"} {
		require.Len(t, res.CVRMSE[name], 5, name)
		assert.Less(t, mean(res.CVRMSE[name]), lin, name)
		assert.Greater(t, mean(res.CVRMSE[name]), 2.0, name)
	}
	assert.Contains(t, s, "linear.Regression            RMSE 5.83 ± 1.78")
	assert.Contains(t, s, "closed-form least squares (linear.Regression):  train RMSE  4.723  validation RMSE  6.156")
}

// TestLinearTapeMatchesFloat64 checks the custom loss and its gradients on the
// tape: gradient descent from zero must follow numpy's float64 iteration
// w ← w − 0.1·(2/n)·Xᵀ(Xw + b − y) epoch by epoch. The tape computes in float32
// (relative rounding 6e-8 per operation); the iteration contracts, so the errors do
// not grow: observed 4e-7 relative on the RMSEs, 4e-7 on w and 2.5e-6 on b (≈ 22.5,
// where one float32 ulp is 1.9e-6). The bounds are 5e-6 relative, 1e-5 and 2e-5.
func TestLinearTapeMatchesFloat64(t *testing.T) {
	g := loadGolden(t)
	ds := datasets.Boston()
	Xtr, Xval := estimator.Rows(ds.X, rows(0, 400)), estimator.Rows(ds.X, rows(400, 506))
	ytr, yval := ds.Y[:400], ds.Y[400:]
	scaler := &preprocess.StandardScaler{}
	XtrS, err := estimator.FitTransform(context.Background(), scaler, Xtr, nil)
	require.NoError(t, err)
	XvalS, err := scaler.Transform(Xval)
	require.NoError(t, err)

	m := newLinear(13, rand.New(rand.NewPCG(1, 1)))
	m.w.Value.Zero()
	m.b.Value.Zero()
	c, err := m.train(context.Background(), XtrS, ytr, XvalS, yval, len(g.GDZero.TrainRMSE), g.GDZero.LR, nil)
	require.NoError(t, err)
	for i := range c.Train {
		assert.InEpsilon(t, g.GDZero.TrainRMSE[i], c.Train[i], 5e-6, "epoch %d", i+1)
		assert.InEpsilon(t, g.GDZero.ValRMSE[i], c.Val[i], 5e-6, "epoch %d", i+1)
	}
	for j, want := range g.GDZero.Coef {
		assert.InDelta(t, want, float64(m.w.Value.At(j, 0)), 1e-5, "w[%d]", j)
	}
	assert.InDelta(t, g.GDZero.Intercept, float64(m.b.Value.At(0)), 2e-5)
}

// TestRunDeterministic: the same seed prints the same text (timings are not printed)
// and a different seed a different run.
func TestRunDeterministic(t *testing.T) {
	dir := t.TempDir()
	outputs := make([]string, 3)
	for i, seed := range []uint64{7, 7, 8} {
		var out bytes.Buffer
		_, err := run(context.Background(), &out, config{PlotDir: dir, Epochs: 15, Seed: seed})
		require.NoError(t, err)
		outputs[i] = out.String()
	}
	assert.Equal(t, outputs[0], outputs[1])
	assert.NotEqual(t, outputs[0], outputs[2])
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	for _, epochs := range []int{0, -1, maxEpochs + 1} {
		_, err := run(context.Background(), &bytes.Buffer{}, config{PlotDir: dir, Epochs: epochs, Seed: 1})
		assert.ErrorContains(t, err, "-epochs", "epochs %d", epochs)
	}
	_, err := run(context.Background(), &bytes.Buffer{}, config{Epochs: 10})
	assert.ErrorContains(t, err, "-plots")

	// A file where the directory should be.
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, err = run(context.Background(), &bytes.Buffer{}, config{PlotDir: filepath.Join(file, "sub"), Epochs: 10})
	assert.Error(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = run(ctx, &bytes.Buffer{}, config{PlotDir: dir, Epochs: 10, Seed: 1})
	assert.ErrorIs(t, err, context.Canceled)
}

// rmse is the validation RMSE of predictions on rows 401–506.
func rmse(t *testing.T, pred []float64) float64 {
	t.Helper()
	y := datasets.Boston().Y[400:]
	require.Len(t, pred, len(y))
	var s float64
	for i := range y {
		d := pred[i] - y[i]
		s += d * d
	}
	return math.Sqrt(s / float64(len(y)))
}

func last(v []float64) float64 { return v[len(v)-1] }

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
