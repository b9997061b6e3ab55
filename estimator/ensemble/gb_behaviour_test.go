package ensemble

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
)

func TestGBConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &GradientBoostingRegressor{NEstimators: 10} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &GradientBoostingRegressor{Loss: "huber", NEstimators: 8, Subsample: 0.7, MaxFeatures: "sqrt", Seed: 3}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &GradientBoostingRegressor{Loss: "quantile", Alpha: 0.3, NEstimators: 8, NIterNoChange: 2, MaxLeafNodes: 4, MaxDepth: -1}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &GradientBoostingRegressor{NEstimators: 5, InitEstimator: &testutil.LSQ{}}
	})
	estimatortest.Run(t, func() estimator.Estimator { return &GradientBoostingClassifier{NEstimators: 10} })
	estimatortest.Run(t, func() estimator.Estimator {
		return &GradientBoostingClassifier{NEstimators: 6, Subsample: 0.8, NIterNoChange: 3, Seed: 1}
	})
	estimatortest.Run(t, func() estimator.Estimator {
		return &GradientBoostingClassifier{NEstimators: 5, InitEstimator: &testutil.Centroid{}}
	})
}

func gbDiabetes(t *testing.T) (*mat.Dense, []float64) {
	d := datasets.Diabetes()
	return d.X, d.Y
}

func TestGBValidate(t *testing.T) {
	bad := []estimator.Validator{
		&GradientBoostingRegressor{Loss: "lad"},
		&GradientBoostingRegressor{Alpha: 1},
		&GradientBoostingRegressor{LearningRate: -1},
		&GradientBoostingRegressor{NEstimators: -1},
		&GradientBoostingRegressor{NEstimators: 1<<20 + 1},
		&GradientBoostingRegressor{Subsample: 1.5},
		&GradientBoostingRegressor{Criterion: "mae"},
		&GradientBoostingRegressor{MinSamplesSplit: 1},
		&GradientBoostingRegressor{MinWeightFractionLeaf: 0.6},
		&GradientBoostingRegressor{MaxDepth: 1 << 20},
		&GradientBoostingRegressor{MaxFeatures: "half"},
		&GradientBoostingRegressor{MaxLeafNodes: 1},
		&GradientBoostingRegressor{ValidationFraction: 1},
		&GradientBoostingRegressor{Tol: math.NaN()},
		&GradientBoostingRegressor{ZeroInit: true, InitEstimator: &testutil.LSQ{}},
		&GradientBoostingClassifier{Loss: "deviance"},
		&GradientBoostingClassifier{InitEstimator: &testutil.LSQ{}},
	}
	for _, v := range bad {
		err := v.Validate()
		var pe *estimator.ParamError
		assert.True(t, errors.As(err, &pe), "%v: %v", v, err)
	}
	assert.NoError(t, (&GradientBoostingRegressor{}).Validate())
	assert.NoError(t, (&GradientBoostingClassifier{}).Validate())
}

func TestGBBadData(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(4, 2, []float64{0, 1, 1, 0, 2, 1, 3, 0})
	err := (&GradientBoostingClassifier{}).Fit(ctx, X, []float64{1, 1, 1, 1})
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "single class")
	err = (&GradientBoostingClassifier{Loss: "exponential"}).Fit(ctx, X, []float64{0, 1, 2, 0})
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "exponential with 3 classes")
	err = (&GradientBoostingClassifier{}).FitWeighted(ctx, X, []float64{0, 1, 0, 1}, []float64{1, 0, 1, 0})
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "one class with positive weight")
	err = (&GradientBoostingRegressor{}).FitWeighted(ctx, X, []float64{0, 1, 0, 1}, []float64{1, -1, 1, 0})
	assert.ErrorIs(t, err, estimator.ErrInvalidData, "negative weight")
	err = (&GradientBoostingRegressor{}).FitWeighted(ctx, X, []float64{0, 1, 0, 1}, []float64{1, 1})
	assert.ErrorIs(t, err, estimator.ErrShape)
	err = (&GradientBoostingRegressor{MaxFeatures: "5"}).Fit(ctx, X, []float64{0, 1, 0, 1})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam, "MaxFeatures above the features")
}

// Early stopping stops before NEstimators on data where more stages overfit, keeps
// the stage that failed to improve (as scikit-learn), and is reproducible.
func TestGBEarlyStopping(t *testing.T) {
	X, y := gbDiabetes(t)
	ctx := context.Background()
	m := &GradientBoostingRegressor{NEstimators: 500, NIterNoChange: 5, LearningRate: 0.3, Seed: 7}
	require.NoError(t, m.Fit(ctx, X, y))
	n := m.NEstimatorsFitted()
	assert.Less(t, n, 500)
	assert.Greater(t, n, 5)
	assert.Len(t, m.TrainScore(), n)
	m2 := &GradientBoostingRegressor{NEstimators: 500, NIterNoChange: 5, LearningRate: 0.3, Seed: 7}
	require.NoError(t, m2.Fit(ctx, X, y))
	assert.Equal(t, n, m2.NEstimatorsFitted())

	d := datasets.Iris()
	c := &GradientBoostingClassifier{NEstimators: 300, NIterNoChange: 3, ValidationFraction: 0.2}
	require.NoError(t, c.Fit(ctx, d.X, d.Y))
	assert.Less(t, c.NEstimatorsFitted(), 300)
}

// Warm start continues from the fitted stages and gives the same model as one fit
// with all the stages.
func TestGBWarmStart(t *testing.T) {
	X, y := gbDiabetes(t)
	ctx := context.Background()
	full := &GradientBoostingRegressor{NEstimators: 20, Loss: "huber"}
	require.NoError(t, full.Fit(ctx, X, y))
	warm := &GradientBoostingRegressor{NEstimators: 8, Loss: "huber", WarmStart: true}
	require.NoError(t, warm.Fit(ctx, X, y))
	warm.NEstimators = 20
	require.NoError(t, warm.Fit(ctx, X, y))
	assert.Equal(t, 20, warm.NEstimatorsFitted())
	pf, _ := full.Predict(X)
	pw, _ := warm.Predict(X)
	gbNear(t, pf, pw, 1e-9, "warm vs full")
	warm.NEstimators = 10
	assert.ErrorIs(t, warm.Fit(ctx, X, y), estimator.ErrInvalidParam, "fewer stages than fitted")
	assert.Equal(t, 20, warm.NEstimatorsFitted(), "failed warm start keeps the model")

	d := datasets.Iris()
	cf := &GradientBoostingClassifier{NEstimators: 12}
	require.NoError(t, cf.Fit(ctx, d.X, d.Y))
	cw := &GradientBoostingClassifier{NEstimators: 5, WarmStart: true}
	require.NoError(t, cw.Fit(ctx, d.X, d.Y))
	cw.NEstimators = 12
	require.NoError(t, cw.Fit(ctx, d.X, d.Y))
	a, _ := cf.PredictProba(d.X)
	b, _ := cw.PredictProba(d.X)
	gbNear(t, gbFlat(a), gbFlat(b), 1e-9, "warm classifier")
}

// Subsampling records the out-of-bag improvement, is reproducible for a seed and
// independent of Workers, and still fits well.
func TestGBSubsample(t *testing.T) {
	X, y := gbDiabetes(t)
	ctx := context.Background()
	m := &GradientBoostingRegressor{NEstimators: 50, Subsample: 0.5, Seed: 2, Workers: 1}
	require.NoError(t, m.Fit(ctx, X, y))
	oob := m.OOBImprovement()
	require.Len(t, oob, 50)
	assert.Greater(t, oob[0], 0.0)
	m2 := &GradientBoostingRegressor{NEstimators: 50, Subsample: 0.5, Seed: 2, Workers: 4}
	require.NoError(t, m2.Fit(ctx, X, y))
	p1, _ := m.Predict(X)
	p2, _ := m2.Predict(X)
	assert.Equal(t, p1, p2)
	assert.Nil(t, (&GradientBoostingRegressor{}).OOBImprovement())
}

// The staged outputs end at the final prediction, and FeatureImportances sum to 1.
func TestGBStagedAndImportances(t *testing.T) {
	d := datasets.Wine()
	ctx := context.Background()
	m := &GradientBoostingClassifier{NEstimators: 15}
	require.NoError(t, m.Fit(ctx, d.X, d.Y))
	seq, err := m.StagedPredict(d.X)
	require.NoError(t, err)
	var last []float64
	count := 0
	for _, p := range seq {
		last = p
		count++
	}
	assert.Equal(t, 15, count)
	pred, _ := m.Predict(d.X)
	assert.Equal(t, pred, last)
	dseq, err := m.StagedDecisionFunction(d.X)
	require.NoError(t, err)
	for s, df := range dseq {
		r, c := df.Dims()
		assert.Equal(t, [2]int{178, 3}, [2]int{r, c})
		if s == 2 {
			break
		}
	}
	s := 0.0
	for _, v := range m.FeatureImportances() {
		s += v
	}
	assert.InDelta(t, 1, s, 1e-12)
	_, err = m.StagedPredictProba(mat.NewDense(2, 3, nil))
	assert.ErrorIs(t, err, estimator.ErrShape)
}

// A custom InitEstimator is fitted on the training rows and saved with the model.
func TestGBInitEstimator(t *testing.T) {
	X, y := gbDiabetes(t)
	ctx := context.Background()
	m := &GradientBoostingRegressor{NEstimators: 10, InitEstimator: &testutil.LSQ{}}
	require.NoError(t, m.Fit(ctx, X, y))
	lsq := &testutil.LSQ{}
	require.NoError(t, lsq.Fit(ctx, X, y))
	z := &GradientBoostingRegressor{NEstimators: 10, ZeroInit: true}
	require.NoError(t, z.Fit(ctx, X, y))
	p, _ := m.Predict(X)
	pz, _ := z.Predict(X)
	assert.NotEqual(t, p, pz)
	assert.False(t, m.InitEstimator.(*testutil.LSQ).Fitted(), "the user's InitEstimator is not fitted in place")

	b, err := m.MarshalState()
	require.NoError(t, err)
	back := &GradientBoostingRegressor{InitEstimator: &testutil.LSQ{}}
	require.NoError(t, back.UnmarshalState(b))
	pb, err := back.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, p, pb)
	assert.ErrorIs(t, (&GradientBoostingRegressor{}).UnmarshalState(b), estimator.ErrState, "no InitEstimator to restore into")
}

// Forged trees are rejected by UnmarshalState.
func TestGBForgedState(t *testing.T) {
	d := datasets.Iris()
	m := &GradientBoostingClassifier{NEstimators: 3}
	require.NoError(t, m.Fit(context.Background(), d.X, d.Y))
	forge := func(edit func(f *gbFit)) error {
		b, err := m.MarshalState()
		require.NoError(t, err)
		var f *gbFit
		require.NoError(t, estimator.DecodeState(b, gbStateVersion, &f))
		edit(f)
		b, err = estimator.EncodeState(gbStateVersion, f)
		require.NoError(t, err)
		dst := &GradientBoostingClassifier{}
		return dst.UnmarshalState(b)
	}
	assert.NoError(t, forge(func(f *gbFit) {}))
	for name, edit := range map[string]func(f *gbFit){
		"child index":   func(f *gbFit) { f.Trees[0].Left[0] = 1000 },
		"feature index": func(f *gbFit) { f.Trees[1].Feature[0] = 9 },
		"K":             func(f *gbFit) { f.K = 1 },
		"trees":         func(f *gbFit) { f.Trees = f.Trees[:4] },
		"init":          func(f *gbFit) { f.InitRaw = f.InitRaw[:1] },
		"init NaN":      func(f *gbFit) { f.InitRaw[0] = math.NaN() },
		"loss":          func(f *gbFit) { f.Loss = 99 },
		"classes":       func(f *gbFit) { f.Classes = []float64{1, 0, 2} },
		"train score":   func(f *gbFit) { f.TrainScore = nil },
		"regressor":     func(f *gbFit) { f.Loss = int(gbSquared); f.Classes = nil; f.K = 1 },
	} {
		assert.ErrorIs(t, forge(edit), estimator.ErrState, name)
	}
}

// The K trees of a multinomial stage grow in parallel; the model does not depend on
// Workers, even with feature sampling and subsampling drawing from the seed.
func TestGBWorkersIdentical(t *testing.T) {
	d := datasets.Wine()
	ctx := context.Background()
	var ref []float64
	for _, w := range []int{1, 2, 5} {
		m := &GradientBoostingClassifier{NEstimators: 10, MaxFeatures: "sqrt", Subsample: 0.8, Seed: 11, Workers: w}
		require.NoError(t, m.Fit(ctx, d.X, d.Y))
		p, err := m.PredictProba(d.X)
		require.NoError(t, err)
		if ref == nil {
			ref = gbFlat(p)
			continue
		}
		assert.Equal(t, ref, gbFlat(p), "Workers %d", w)
	}
}

// Gradient boosting and AdaBoost compose with crossval and SetParams.
func TestGBComposes(t *testing.T) {
	d := datasets.Iris()
	ctx := context.Background()
	m := &GradientBoostingClassifier{NEstimators: 20}
	require.NoError(t, estimator.SetParams(m, estimator.Params{"MaxDepth": 2, "MaxFeatures": "sqrt"}))
	assert.Equal(t, 2, m.MaxDepth)
	scores, err := crossval.Score(ctx, m, d.X, d.Y, crossval.StratifiedKFold{K: 5}, metrics.Accuracy)
	require.NoError(t, err)
	assert.Greater(t, stat.Mean(scores, nil), 0.9)
	a := &AdaBoostClassifier{NEstimators: 20, Algorithm: "SAMME"}
	scores, err = crossval.Score(ctx, a, d.X, d.Y, crossval.StratifiedKFold{K: 5}, metrics.Accuracy)
	require.NoError(t, err)
	assert.Greater(t, stat.Mean(scores, nil), 0.9)
}
