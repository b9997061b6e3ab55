package ensemble

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/estimator/tree"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

// bagCV returns the mean 5-fold CV score (unshuffled folds) averaged over seeds 0..4,
// as gen_meta.py computes scikit-learn's.
func bagCV(t *testing.T, make func(seed uint64) estimator.Estimator, X *mat.Dense, y []float64, cv crossval.Splitter, s metrics.Scorer) float64 {
	t.Helper()
	total := 0.0
	for seed := uint64(0); seed < 5; seed++ {
		scores, err := crossval.Score(context.Background(), make(seed), X, y, cv, s)
		require.NoError(t, err)
		for _, v := range scores {
			total += v / float64(len(scores)) / 5
		}
	}
	return total
}

func TestBaggingMatchesSklearnCV(t *testing.T) {
	if testing.Short() {
		t.Skip("fits 2×5×5×50 members per case")
	}
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	Xd, yd := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	skf, kf := crossval.StratifiedKFold{K: 5}, crossval.KFold{K: 5}
	cases := []struct {
		key   string
		make  func(seed uint64) estimator.Estimator
		X     *mat.Dense
		y     []float64
		cv    crossval.Splitter
		score metrics.Scorer
	}{
		{"knn_clf", func(s uint64) estimator.Estimator {
			return &BaggingClassifier{Estimator: &neighbors.KNeighborsClassifier{}, NEstimators: 50, Seed: s}
		}, X, y, skf, metrics.Accuracy},
		{"nb_clf_feat", func(s uint64) estimator.Estimator {
			return &BaggingClassifier{Estimator: &naivebayes.GaussianNB{}, NEstimators: 50, MaxFeatures: 0.5, Seed: s}
		}, X, y, skf, metrics.Accuracy},
		{"tree_clf", func(s uint64) estimator.Estimator { return &BaggingClassifier{NEstimators: 50, Seed: s} }, X, y, skf, metrics.Accuracy},
		{"knn_reg", func(s uint64) estimator.Estimator {
			return &BaggingRegressor{Estimator: &neighbors.KNeighborsRegressor{}, NEstimators: 50, Seed: s}
		}, Xd, yd, kf, metrics.R2},
		{"ridge_reg_half", func(s uint64) estimator.Estimator {
			return &BaggingRegressor{Estimator: &linear.Ridge{Alpha: 1}, NEstimators: 50, MaxSamples: 0.5, NoBootstrap: true, Seed: s}
		}, Xd, yd, kf, metrics.R2},
		{"tree_reg", func(s uint64) estimator.Estimator { return &BaggingRegressor{NEstimators: 50, Seed: s} }, Xd, yd, kf, metrics.R2},
	}
	for _, c := range cases {
		got := bagCV(t, c.make, c.X, c.y, c.cv, c.score)
		want := g.Float("bagging/" + c.key)
		t.Logf("%s: skgo %.4f, scikit-learn %.4f", c.key, got, want)
		assert.InDelta(t, want, got, 0.01, c.key)
	}
	// Out-of-bag scores, averaged over 5 seeds; looser, as each is a single estimate.
	oobReg, oobClf := 0.0, 0.0
	for s := uint64(0); s < 5; s++ {
		r := &BaggingRegressor{Estimator: &neighbors.KNeighborsRegressor{}, NEstimators: 50, OOB: true, Seed: s}
		require.NoError(t, r.Fit(context.Background(), Xd, yd))
		oobReg += r.OOBScore() / 5
		c := &BaggingClassifier{Estimator: &neighbors.KNeighborsClassifier{}, NEstimators: 50, OOB: true, Seed: s}
		require.NoError(t, c.Fit(context.Background(), X, y))
		oobClf += c.OOBScore() / 5
	}
	t.Logf("oob: regressor %.4f (scikit-learn %.4f), classifier %.4f (%.4f)", oobReg, g.Float("bagging/knn_reg_oob"), oobClf, g.Float("bagging/knn_clf_oob"))
	assert.InDelta(t, g.Float("bagging/knn_reg_oob"), oobReg, 0.02)
	assert.InDelta(t, g.Float("bagging/knn_clf_oob"), oobClf, 0.02)
}

func TestBaggingConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator {
		return &BaggingClassifier{Estimator: &naivebayes.GaussianNB{}, MaxFeatures: 0.5, Seed: 3}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &BaggingClassifier{Estimator: &neighbors.KNeighborsClassifier{NNeighbors: 3}, NEstimators: 5, OOB: true}
	})
	estimatortest.Run(t, func() estimator.Estimator { return &BaggingClassifier{NEstimators: 4} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &BaggingRegressor{Estimator: &linear.Ridge{Alpha: 1}, MaxSamples: 0.7, NoBootstrap: true, BootstrapFeatures: true}
	})
	estimatortest.Run(t, func() estimator.Estimator { return &BaggingRegressor{NEstimators: 4, OOB: true} })
}

func TestBaggingWorkersWarmStartAndState(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	ctx := context.Background()
	var first *mat.Dense
	for _, w := range []int{1, 2, 5} {
		b := &BaggingClassifier{Estimator: &neighbors.KNeighborsClassifier{}, NEstimators: 20, Workers: w, OOB: true, Seed: 7}
		require.NoError(t, b.Fit(ctx, X, y))
		p, err := b.PredictProba(X)
		require.NoError(t, err)
		if first == nil {
			first = p
		} else {
			assert.Equal(t, first.RawMatrix().Data, p.RawMatrix().Data, "workers %d", w)
		}
	}
	// Warm start: 8 then 20 members equals 20 at once.
	full := &BaggingClassifier{NEstimators: 20, Seed: 7}
	require.NoError(t, full.Fit(ctx, X, y))
	warm := &BaggingClassifier{NEstimators: 8, Seed: 7, WarmStart: true}
	require.NoError(t, warm.Fit(ctx, X, y))
	kept := warm.Estimators()[0]
	warm.NEstimators = 20
	require.NoError(t, warm.Fit(ctx, X, y))
	assert.Same(t, kept, warm.Estimators()[0].(any), "warm start keeps the fitted members")
	want, _ := full.PredictProba(X)
	got, _ := warm.PredictProba(X)
	assert.Equal(t, want.RawMatrix().Data, got.RawMatrix().Data)
	warm.NEstimators = 5
	assert.ErrorIs(t, warm.Fit(ctx, X, y), estimator.ErrInvalidParam)

	// OOB outputs.
	r := &BaggingRegressor{Estimator: &linear.Ridge{Alpha: 1}, NEstimators: 30, OOB: true}
	require.NoError(t, r.Fit(ctx, g.Matrix("diabetes/X"), g.Floats("diabetes/y")))
	assert.Len(t, r.OOBPrediction(), len(g.Floats("diabetes/y")))
	assert.Equal(t, metrics.R2Score(g.Floats("diabetes/y"), r.OOBPrediction(), nil), r.OOBScore())
	assert.Len(t, r.EstimatorsFeatures(), 30)

	// Weights need a weighted member; a member's failure names it.
	b := &BaggingClassifier{Estimator: &neighbors.KNeighborsClassifier{}}
	assert.Error(t, b.FitWeighted(ctx, X, y, make([]float64, len(y))))
	b = &BaggingClassifier{Estimator: &naivebayes.GaussianNB{}}
	w := make([]float64, len(y))
	for i := range w {
		w[i] = 1 + float64(i%3)
	}
	require.NoError(t, b.FitWeighted(ctx, X, y, w))
}

func TestBaggingValidate(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	bad := map[string]estimator.Estimator{
		"negative n":        &BaggingClassifier{NEstimators: -1},
		"huge n":            &BaggingClassifier{NEstimators: 1<<20 + 1},
		"samples NaN":       &BaggingClassifier{MaxSamples: math.NaN()},
		"samples 2.5":       &BaggingClassifier{MaxSamples: 2.5},
		"features > p":      &BaggingClassifier{MaxFeatures: 5},
		"samples > n":       &BaggingRegressor{MaxSamples: 1000},
		"oob no bootstrap":  &BaggingRegressor{OOB: true, NoBootstrap: true},
		"oob warm":          &BaggingRegressor{OOB: true, WarmStart: true},
		"regressor member":  &BaggingClassifier{Estimator: &linear.Ridge{}},
		"member param":      &BaggingRegressor{Estimator: &linear.Ridge{Alpha: -1}},
		"samples too small": &BaggingRegressor{MaxSamples: 0.001},
	}
	for name, e := range bad {
		assert.ErrorIs(t, e.Fit(context.Background(), X, y), estimator.ErrInvalidParam, name)
	}
	p := estimator.GetParams(&BaggingRegressor{Estimator: &linear.Ridge{Alpha: 2}})
	assert.Equal(t, 2.0, p["Estimator.Alpha"])
}

func TestBaggingComposes(t *testing.T) {
	g := metaGolden(t)
	X, y := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	ctx := context.Background()
	// A pipeline as the member: cloned, fitted, saved and loaded inside the state.
	b := &BaggingRegressor{NEstimators: 6, MaxFeatures: 0.7, Estimator: pipeline.New(
		pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}},
		pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 1}},
	)}
	require.NoError(t, b.Fit(ctx, X, y))
	want, err := b.Predict(X)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, b))
	dst := estimator.Clone(b)
	require.NoError(t, estimator.Load(&buf, dst))
	got, err := dst.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// A search over the member's hyperparameters by path.
	s := &tuning.Search{
		Estimator: &BaggingRegressor{NEstimators: 5, Estimator: &neighbors.KNeighborsRegressor{}},
		Space:     tuning.Grid{{Param: "Estimator.NNeighbors", Values: tuning.Values(5, 20)}},
	}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Contains(t, []any{5, 20}, s.BestParams()["Estimator.NNeighbors"])
	// And the default tree's depth.
	s = &tuning.Search{
		Estimator: &BaggingRegressor{NEstimators: 5, Estimator: &tree.DecisionTreeRegressor{}},
		Space:     tuning.Grid{{Param: "Estimator.MaxDepth", Values: tuning.Values(2, 4)}},
	}
	require.NoError(t, s.Fit(ctx, X, y))
}
