package ensemble

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

func TestForestConformance(t *testing.T) {
	for _, mk := range []func() estimator.Estimator{
		func() estimator.Estimator { return &RandomForestClassifier{NEstimators: 10} },
		func() estimator.Estimator {
			return &RandomForestClassifier{NEstimators: 7, Criterion: "entropy", MaxDepth: 3, MaxFeatures: "all",
				ClassWeight: "balanced_subsample", OOB: true, MaxSamples: 0.7, Seed: 4, Workers: 3}
		},
		func() estimator.Estimator { return &ExtraTreesClassifier{NEstimators: 10} },
		func() estimator.Estimator {
			return &ExtraTreesClassifier{NEstimators: 6, Bootstrap: true, OOB: true, MaxLeafNodes: 5, ClassWeight: "balanced", Workers: 2}
		},
		func() estimator.Estimator { return &RandomForestRegressor{NEstimators: 10} },
		func() estimator.Estimator {
			return &RandomForestRegressor{NEstimators: 5, Criterion: "friedman_mse", MinSamplesLeaf: 3, OOB: true, MaxFeatures: "0.5", Workers: 2}
		},
		func() estimator.Estimator { return &ExtraTreesRegressor{NEstimators: 10} },
		func() estimator.Estimator {
			return &ExtraTreesRegressor{NEstimators: 5, Criterion: "absolute_error", MaxDepth: 4, MinWeightFractionLeaf: 0.05, Workers: 3}
		},
	} {
		t.Run(fmt.Sprint(mk()), func(t *testing.T) { estimatortest.Run(t, mk) })
	}
}

// forestKFold returns the test index ranges of scikit-learn's KFold(k) without
// shuffling: the first n % k folds hold one row more.
func forestKFold(n, k int) [][2]int {
	var out [][2]int
	lo := 0
	for f := 0; f < k; f++ {
		size := n / k
		if f < n%k {
			size++
		}
		out = append(out, [2]int{lo, lo + size})
		lo += size
	}
	return out
}

// forestCV returns the mean 5-fold score (accuracy or R²) of the models made by mk
// for the given seeds.
func forestCV(t *testing.T, X *mat.Dense, y []float64, seeds []uint64, mk func(seed uint64) estimator.Predictor) float64 {
	n, p := X.Dims()
	total, cnt := 0.0, 0
	for _, seed := range seeds {
		for _, f := range forestKFold(n, 5) {
			var trIdx []int
			for i := 0; i < n; i++ {
				if i < f[0] || i >= f[1] {
					trIdx = append(trIdx, i)
				}
			}
			Xtr := mat.NewDense(len(trIdx), p, nil)
			ytr := make([]float64, len(trIdx))
			for k, i := range trIdx {
				Xtr.SetRow(k, X.RawRowView(i))
				ytr[k] = y[i]
			}
			Xte := X.Slice(f[0], f[1], 0, p)
			m := mk(seed)
			require.NoError(t, m.Fit(context.Background(), Xtr, ytr))
			pred, err := m.Predict(Xte)
			require.NoError(t, err)
			if estimator.IsClassifier(m) {
				total += metrics.AccuracyScore(y[f[0]:f[1]], pred, nil)
			} else {
				total += metrics.R2Score(y[f[0]:f[1]], pred, nil)
			}
			cnt++
		}
	}
	return total / float64(cnt)
}

func forestMean2(v [][]float64) float64 {
	s, k := 0.0, 0
	for _, r := range v {
		for _, x := range r {
			s += x
			k++
		}
	}
	return s / float64(k)
}

func forestData(t *testing.T, g *testutil.Goldens, name string) (*mat.Dense, []float64) {
	var d *datasets.Dataset
	switch name {
	case "iris":
		d = datasets.Iris()
	case "wine":
		d = datasets.Wine()
	case "breast_cancer":
		d = datasets.BreastCancer()
	case "diabetes":
		d = datasets.Diabetes()
	case "boston":
		d = datasets.Boston()
	}
	X := mat.DenseCopyOf(d.X)
	n, p := X.Dims()
	shape := g.Floats("data/" + name + "/shape")
	require.Equal(t, []float64{float64(n), float64(p)}, shape, name)
	s := 0.0
	for _, v := range d.Y {
		s += v
	}
	require.InDelta(t, g.Float("data/"+name+"/ysum"), s, 1e-6, name)
	return X, d.Y
}

// Cross-validated scores match scikit-learn's: 5-fold KFold without shuffling, the
// mean over seeds and folds (20 seeds in scikit-learn). With SKGO_FOREST_CV=full the
// test runs 20 seeds here too and requires 0.01 everywhere (about 2 minutes); by
// default it runs 3 seeds with a tolerance of 0.025 (0.04 for R² on Boston, whose
// last folds swing by 0.03 from seed to seed), which still catches a systematic
// bias such as the 0.04 of lowest-index tie-breaking (see forestTieData).
func TestForestCrossValidation(t *testing.T) {
	g := testutil.Golden(t, forestGolden)
	full := os.Getenv("SKGO_FOREST_CV") == "full"
	var seeds []uint64
	for s := range uint64(20) {
		seeds = append(seeds, s)
	}
	tolClf, tolReg, tolBoston := 0.01, 0.01, 0.01
	if !full {
		seeds = seeds[:3]
		tolClf, tolReg, tolBoston = 0.025, 0.025, 0.04
	}
	clf := map[string]func(seed uint64) estimator.Predictor{
		"rf": func(s uint64) estimator.Predictor { return &RandomForestClassifier{Seed: s} },
		"rf_depth3_log2": func(s uint64) estimator.Predictor {
			return &RandomForestClassifier{Seed: s, MaxDepth: 3, MaxFeatures: "log2"}
		},
		"rf_subsample": func(s uint64) estimator.Predictor {
			return &RandomForestClassifier{Seed: s, ClassWeight: "balanced_subsample", MaxSamples: 0.5, MinSamplesLeaf: 3}
		},
		"et": func(s uint64) estimator.Predictor { return &ExtraTreesClassifier{Seed: s} },
		"et_entropy_all": func(s uint64) estimator.Predictor {
			return &ExtraTreesClassifier{Seed: s, Criterion: "entropy", MaxFeatures: "all", Bootstrap: true}
		},
	}
	reg := map[string]func(seed uint64) estimator.Predictor{
		"rf": func(s uint64) estimator.Predictor { return &RandomForestRegressor{Seed: s} },
		"rf_sqrt_leaf5": func(s uint64) estimator.Predictor {
			return &RandomForestRegressor{Seed: s, MaxFeatures: "sqrt", MinSamplesLeaf: 5}
		},
		"et": func(s uint64) estimator.Predictor { return &ExtraTreesRegressor{Seed: s} },
		"et_leaves30_half": func(s uint64) estimator.Predictor {
			return &ExtraTreesRegressor{Seed: s, MaxLeafNodes: 30, MaxFeatures: "0.5"}
		},
	}
	for _, group := range []struct {
		models map[string]func(seed uint64) estimator.Predictor
		data   []string
		tol    float64
	}{{clf, []string{"iris", "wine", "breast_cancer"}, tolClf}, {reg, []string{"diabetes", "boston"}, tolReg}} {
		for mname, mk := range group.models {
			for _, dname := range group.data {
				X, y := forestData(t, g, dname)
				var sk [][]float64
				g.Decode("cv/"+mname+"/"+dname, &sk)
				want := forestMean2(sk)
				got := forestCV(t, X, y, seeds, mk)
				t.Logf("%-16s %-13s skgo %.4f scikit-learn %.4f (%+.4f)", mname, dname, got, want, got-want)
				tol := group.tol
				if dname == "boston" {
					tol = tolBoston
				}
				assert.InDelta(t, want, got, tol, "%s on %s", mname, dname)
			}
		}
	}
}

// Out-of-bag scores on the whole data sets match scikit-learn's mean over its seeds
// within 0.01 (accuracy) and 0.015 (R²).
func TestForestOOBGolden(t *testing.T) {
	g := testutil.Golden(t, forestGolden)
	for _, dname := range []string{"iris", "wine", "breast_cancer", "diabetes", "boston"} {
		X, y := forestData(t, g, dname)
		sum, k := 0.0, 0
		for seed := range uint64(5) {
			var m interface {
				estimator.Predictor
				OOBScore() float64
			}
			if dname == "diabetes" || dname == "boston" {
				m = &RandomForestRegressor{OOB: true, Seed: seed}
			} else {
				m = &RandomForestClassifier{OOB: true, Seed: seed}
			}
			require.NoError(t, m.Fit(context.Background(), X, y))
			sum += m.OOBScore()
			k++
		}
		got, want := sum/float64(k), forestMean(g.Floats("oob/rf/"+dname))
		t.Logf("OOB %-13s skgo %.4f scikit-learn %.4f", dname, got, want)
		tol := 0.01
		if dname == "diabetes" || dname == "boston" {
			tol = 0.015
		}
		assert.InDelta(t, want, got, tol, dname)
	}
}

func forestToyData() (*mat.Dense, []float64, []float64) {
	n := 300
	X := mat.NewDense(n, 4, nil)
	yc := make([]float64, n)
	yr := make([]float64, n)
	for i := 0; i < n; i++ {
		a, b := math.Sin(float64(i)*0.37), math.Cos(float64(i)*0.11)
		X.SetRow(i, []float64{a, b, math.Sin(float64(i * i % 17)), float64(i % 3)})
		yr[i] = 3*a + b*b + 0.1*math.Sin(float64(i*7))
		switch {
		case a+b > 0.5:
			yc[i] = 2
		case a-b > 0:
			yc[i] = -1
		default:
			yc[i] = 7
		}
	}
	return X, yc, yr
}

func TestForestBehaviour(t *testing.T) {
	ctx := context.Background()
	X, yc, yr := forestToyData()

	// Identical for any worker count; WarmStart 8 then 20 trees equals 20 at once.
	for _, mk := range []func(workers int, warm bool) estimator.Predictor{
		func(w int, warm bool) estimator.Predictor {
			return &RandomForestClassifier{NEstimators: 20, Seed: 3, Workers: w, OOB: true, WarmStart: warm}
		},
		func(w int, warm bool) estimator.Predictor {
			return &ExtraTreesClassifier{NEstimators: 20, Seed: 3, Workers: w, ClassWeight: "balanced", WarmStart: warm}
		},
		func(w int, warm bool) estimator.Predictor {
			return &RandomForestRegressor{NEstimators: 20, Seed: 3, Workers: w, OOB: true, WarmStart: warm}
		},
		func(w int, warm bool) estimator.Predictor {
			return &ExtraTreesRegressor{NEstimators: 20, Seed: 3, Workers: w, MaxFeatures: "2", WarmStart: warm}
		},
	} {
		y := yr
		if estimator.IsClassifier(mk(1, false)) {
			y = yc
		}
		ref := mk(1, false)
		require.NoError(t, ref.Fit(ctx, X, y))
		want, err := ref.Predict(X)
		require.NoError(t, err)
		wantOOB := ref.(interface{ OOBScore() float64 }).OOBScore()
		for _, w := range []int{2, 7} {
			m := mk(w, false)
			require.NoError(t, m.Fit(ctx, X, y))
			got, _ := m.Predict(X)
			assert.Equal(t, want, got, "%v", m)
		}
		warm := mk(2, true)
		require.NoError(t, estimator.SetParams(warm, estimator.Params{"NEstimators": 8}))
		require.NoError(t, warm.Fit(ctx, X, y))
		require.NoError(t, estimator.SetParams(warm, estimator.Params{"NEstimators": 20}))
		require.NoError(t, warm.Fit(ctx, X, y))
		got, _ := warm.Predict(X)
		assert.Equal(t, want, got, "warm start %v", warm)
		assert.Equal(t, wantOOB, warm.(interface{ OOBScore() float64 }).OOBScore(), "warm start OOB %v", warm)
		require.NoError(t, estimator.SetParams(warm, estimator.Params{"NEstimators": 5}))
		require.ErrorIs(t, warm.Fit(ctx, X, y), estimator.ErrInvalidParam)
		require.ErrorIs(t, warm.Fit(ctx, mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6}), y[:3]), estimator.ErrShape)
		got, _ = warm.Predict(X)
		assert.Equal(t, want, got, "a failed warm start keeps the model")
	}

	// Probabilities, classes, apply, importances, OOB.
	rf := &RandomForestClassifier{NEstimators: 30, OOB: true, Seed: 1}
	require.NoError(t, rf.Fit(ctx, X, yc))
	assert.Equal(t, []float64{-1, 2, 7}, rf.Classes())
	proba, err := rf.PredictProba(X)
	require.NoError(t, err)
	pred, _ := rf.Predict(X)
	for i := 0; i < 300; i++ {
		row := proba.RawRowView(i)
		assert.InDelta(t, 1, row[0]+row[1]+row[2], 1e-12)
		assert.Equal(t, rf.Classes()[forestArgmax(row)], pred[i])
	}
	assert.Greater(t, metrics.AccuracyScore(yc, pred, nil), 0.99)
	assert.Greater(t, rf.OOBScore(), 0.85)
	oob := rf.OOBDecisionFunction()
	r, c := oob.Dims()
	assert.Equal(t, []int{300, 3}, []int{r, c})
	leaves, err := rf.Apply(X.Slice(0, 5, 0, 4))
	require.NoError(t, err)
	r, c = leaves.Dims()
	assert.Equal(t, []int{5, 30}, []int{r, c})
	for j := 0; j < 30; j++ {
		tr := &rf.fit.Trees[j]
		for i := 0; i < 5; i++ {
			leaf := int32(leaves.At(i, j))
			found := false
			for _, nd := range tr.Nodes {
				found = found || (nd.Feature == -1 && nd.Kids == leaf)
			}
			assert.True(t, found, "Apply gives leaf %d of tree %d", leaf, j)
		}
	}
	// The eight-row walk finds the same leaves as the one-row walk (300 rows: 37
	// full groups and a remainder).
	raw := X.RawMatrix()
	got := make([]int32, 300)
	for j := range rf.fit.Trees {
		tr := &rf.fit.Trees[j]
		tr.leaves(raw, 0, 300, got)
		for i := 0; i < 300; i++ {
			require.Equal(t, tr.leaf(X.RawRowView(i)), got[i], "tree %d row %d", j, i)
		}
	}
	imp := rf.FeatureImportances()
	assert.InDelta(t, 1, imp[0]+imp[1]+imp[2]+imp[3], 1e-12)
	assert.Greater(t, imp[0]+imp[1], imp[2]+imp[3], "the informative features dominate: %v", imp)
	assert.Equal(t, 30, rf.NTrees())

	reg := &RandomForestRegressor{NEstimators: 30, OOB: true, Seed: 1}
	require.NoError(t, reg.Fit(ctx, X, yr))
	assert.Greater(t, reg.OOBScore(), 0.8)
	assert.Len(t, reg.OOBPrediction(), 300)
	et := &ExtraTreesRegressor{NEstimators: 30}
	require.NoError(t, et.Fit(ctx, X, yr))
	assert.Nil(t, et.OOBPrediction())
	assert.Equal(t, 0.0, et.OOBScore())
	p, _ := et.Predict(X)
	assert.Greater(t, metrics.R2Score(yr, p, nil), 0.99, "extra trees without bootstrap fit the training rows")

	// A single-leaf forest: importances are zeros.
	flat := &RandomForestRegressor{NEstimators: 3}
	require.NoError(t, flat.Fit(ctx, X, make([]float64, 300)))
	assert.Equal(t, []float64{0, 0, 0, 0}, flat.FeatureImportances())

	// Sample weights: zero weights drop rows.
	w := make([]float64, 300)
	for i := range w {
		w[i] = float64(min(i%3, 1))
	}
	var keep []int
	for i := range w {
		if w[i] != 0 {
			keep = append(keep, i)
		}
	}
	var Xd mat.Dense
	var yd []float64
	for _, i := range keep {
		for range int(w[i]) {
			yd = append(yd, yr[i])
		}
	}
	Xd.ReuseAs(len(yd), 4)
	k := 0
	for _, i := range keep {
		for range int(w[i]) {
			Xd.SetRow(k, X.RawRowView(i))
			k++
		}
	}
	wm := &RandomForestRegressor{NEstimators: 3, NoBootstrap: true, Seed: 5}
	require.NoError(t, wm.FitWeighted(ctx, X, yr, w))
	dm := &RandomForestRegressor{NEstimators: 3, NoBootstrap: true, Seed: 5}
	require.NoError(t, dm.Fit(ctx, &Xd, yd))
	pw, _ := wm.Predict(X)
	pd, _ := dm.Predict(X)
	forestAssertClose(t, pd, pw, 1e-12, "zero weights as dropped rows")
}

func TestForestBadInput(t *testing.T) {
	ctx := context.Background()
	X, yc, yr := forestToyData()
	for _, bad := range []estimator.Predictor{
		&RandomForestClassifier{NEstimators: -1},
		&RandomForestClassifier{NEstimators: 1<<20 + 1},
		&RandomForestClassifier{Criterion: "squared_error"},
		&RandomForestRegressor{Criterion: "gini"},
		&RandomForestClassifier{MaxFeatures: "most"},
		&RandomForestClassifier{MaxFeatures: "1.5"},
		&RandomForestClassifier{MaxFeatures: "0"},
		&RandomForestClassifier{MaxDepth: -1},
		&RandomForestClassifier{MinSamplesSplit: 1},
		&RandomForestClassifier{MinSamplesLeaf: -2},
		&RandomForestClassifier{MinWeightFractionLeaf: 0.6},
		&RandomForestClassifier{MaxLeafNodes: 1},
		&RandomForestClassifier{MinImpurityDecrease: math.NaN()},
		&RandomForestClassifier{ClassWeight: "subsample"},
		&RandomForestClassifier{MaxSamples: 1.5},
		&RandomForestClassifier{MaxSamples: -1},
		&RandomForestClassifier{NoBootstrap: true, OOB: true},
		&RandomForestClassifier{NoBootstrap: true, MaxSamples: 0.5},
		&ExtraTreesClassifier{OOB: true},
		&ExtraTreesRegressor{MaxSamples: 10},
		&ExtraTreesRegressor{Workers: -1},
	} {
		y := yr
		if estimator.IsClassifier(bad) {
			y = yc
		}
		err := bad.Fit(ctx, X, y)
		var pe *estimator.ParamError
		assert.True(t, errors.As(err, &pe), "%v: %v", bad, err)
		assert.Error(t, bad.(estimator.Validator).Validate(), "%v", bad)
	}
	// Data-dependent errors.
	err := (&RandomForestClassifier{MaxFeatures: "5"}).Fit(ctx, X, yc)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "MaxFeatures")
	err = (&RandomForestRegressor{MaxSamples: 301}).Fit(ctx, X, yr)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	err = (&RandomForestClassifier{}).Fit(ctx, X, make([]float64, 300))
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	assert.Contains(t, err.Error(), "class")
	neg := append([]float64(nil), yr...)
	neg[4] = -1
	err = (&RandomForestRegressor{Criterion: "poisson"}).Fit(ctx, X, neg)
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	err = (&RandomForestRegressor{}).FitWeighted(ctx, X, yr, make([]float64, 300))
	require.ErrorIs(t, err, estimator.ErrInvalidData)
	err = (&RandomForestRegressor{}).FitWeighted(ctx, X, yr, make([]float64, 3))
	require.ErrorIs(t, err, estimator.ErrShape)
	nan := mat.DenseCopyOf(X)
	nan.Set(3, 1, math.NaN())
	require.ErrorIs(t, (&ExtraTreesRegressor{}).Fit(ctx, nan, yr), estimator.ErrInvalidData)
}

// Forged trees are rejected by UnmarshalState (cart.Tree.Check on every tree).
func TestForestForgedState(t *testing.T) {
	ctx := context.Background()
	X, yc, _ := forestToyData()
	m := &RandomForestClassifier{NEstimators: 3, MaxDepth: 3, OOB: true}
	require.NoError(t, m.Fit(ctx, X, yc))
	b, err := m.MarshalState()
	require.NoError(t, err)
	forge := func(edit func(f *forestFit)) error {
		var f *forestFit
		require.NoError(t, estimator.DecodeState(b, forestStateVersion, &f))
		edit(f)
		bb, err := estimator.EncodeState(forestStateVersion, f)
		require.NoError(t, err)
		dst := &RandomForestClassifier{}
		if err := dst.UnmarshalState(bb); err != nil {
			return err
		}
		_, err = dst.PredictProba(X)
		return err
	}
	require.NoError(t, forge(func(f *forestFit) {}))
	for name, edit := range map[string]func(f *forestFit){
		"cycle":       func(f *forestFit) { f.Trees[0].Nodes[0].Kids = 0 },
		"child range": func(f *forestFit) { f.Trees[1].Nodes[0].Kids = 99999 },
		"two parents": func(f *forestFit) { f.Trees[1].Nodes[0].Kids = f.Trees[1].Nodes[1].Kids },
		"feature":     func(f *forestFit) { f.Trees[2].Nodes[0].Feature = 4 },
		"threshold":   func(f *forestFit) { f.Trees[2].Nodes[0].Threshold = math.Inf(1) },
		"leaf row":    func(f *forestFit) { n := len(f.Trees[0].Nodes) - 1; f.Trees[0].Nodes[n].Threshold = 1000 },
		"leaf index": func(f *forestFit) {
			n := len(f.Trees[0].Nodes) - 1
			f.Trees[0].Nodes[n].Kids = f.Trees[0].Nodes[n-1].Kids
		},
		"value width":   func(f *forestFit) { f.Trees[0].Value = f.Trees[0].Value[1:] },
		"NaN value":     func(f *forestFit) { f.Trees[0].Value[0] = math.NaN() },
		"importance":    func(f *forestFit) { f.Trees[0].Importance[1] = -1 },
		"importances":   func(f *forestFit) { f.Trees[0].Importance = f.Trees[0].Importance[1:] },
		"no nodes":      func(f *forestFit) { f.Trees[1].Nodes = nil },
		"classes":       func(f *forestFit) { f.Classes = []float64{2, 1, 3} },
		"one class":     func(f *forestFit) { f.Classes = f.Classes[:1] },
		"no trees":      func(f *forestFit) { f.Trees = nil },
		"features":      func(f *forestFit) { f.NFeatures = 0 },
		"oob length":    func(f *forestFit) { f.OOBPrediction = f.OOBPrediction[1:] },
		"oob NaN":       func(f *forestFit) { f.OOBPrediction[0] = math.NaN() },
		"regressor fit": func(f *forestFit) { f.Classes = nil },
	} {
		assert.ErrorIs(t, forge(edit), estimator.ErrState, name)
	}
	// A classifier's state does not load into a regressor.
	require.ErrorIs(t, (&RandomForestRegressor{}).UnmarshalState(b), estimator.ErrState)

	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, m))
	back := &RandomForestClassifier{}
	require.NoError(t, estimator.Load(&buf, back))
	p1, _ := m.PredictProba(X)
	p2, _ := back.PredictProba(X)
	assert.Equal(t, p1, p2)
	assert.Equal(t, m.OOBScore(), back.OOBScore())
}
