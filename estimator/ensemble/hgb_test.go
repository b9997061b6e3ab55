package ensemble

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/metrics"
)

func TestHGBConformance(t *testing.T) {
	t.Run("Regressor", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &HistGradientBoostingRegressor{MaxIter: 20} }, estimatortest.AllowNaN())
	})
	t.Run("RegressorDefault", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &HistGradientBoostingRegressor{} }, estimatortest.AllowNaN())
	})
	t.Run("Classifier", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator { return &HistGradientBoostingClassifier{MaxIter: 20} }, estimatortest.AllowNaN())
	})
	t.Run("ClassifierEarlyStopping", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &HistGradientBoostingClassifier{MaxIter: 20, EarlyStopping: EarlyStoppingOn, MinSamplesLeaf: 5}
		}, estimatortest.AllowNaN())
	})
}

// hgbSynth returns n rows of 5 features and y = 3x0 − 2x1 + x2² + noise.
func hgbSynth(n int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	X := mat.NewDense(n, 5, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < 5; j++ {
			X.Set(i, j, rng.NormFloat64())
		}
		y[i] = 3*X.At(i, 0) - 2*X.At(i, 1) + X.At(i, 2)*X.At(i, 2) + 0.3*rng.NormFloat64()
	}
	return X, y
}

func TestHGBValidate(t *testing.T) {
	bad := []estimator.Validator{
		&HistGradientBoostingRegressor{Loss: "huber"},
		&HistGradientBoostingRegressor{Loss: "quantile"},
		&HistGradientBoostingRegressor{MaxBins: 256},
		&HistGradientBoostingRegressor{MaxBins: 1},
		&HistGradientBoostingRegressor{MaxIter: -1},
		&HistGradientBoostingRegressor{MaxIter: 1<<20 + 1},
		&HistGradientBoostingRegressor{MaxLeafNodes: 1},
		&HistGradientBoostingRegressor{MaxLeafNodes: -2},
		&HistGradientBoostingRegressor{LearningRate: -1},
		&HistGradientBoostingRegressor{LearningRate: math.NaN()},
		&HistGradientBoostingRegressor{L2Regularization: -1},
		&HistGradientBoostingRegressor{EarlyStopping: "maybe"},
		&HistGradientBoostingRegressor{ValidationFraction: 1},
		&HistGradientBoostingRegressor{Scoring: "nope"},
		&HistGradientBoostingRegressor{MonotonicCst: []int{2}},
		&HistGradientBoostingRegressor{CategoricalFeatures: []int{-1}},
		&HistGradientBoostingRegressor{CategoricalFeatures: []int{0}, CategoricalMask: []bool{true}},
		&HistGradientBoostingRegressor{MaxDepth: -1},
		&HistGradientBoostingRegressor{Workers: -1},
		&HistGradientBoostingClassifier{Loss: "exponential"},
		&HistGradientBoostingClassifier{NIterNoChange: -1},
	}
	for _, v := range bad {
		err := v.Validate()
		var pe *estimator.ParamError
		assert.True(t, errors.As(err, &pe), "%v: %v", v, err)
	}
	assert.NoError(t, (&HistGradientBoostingRegressor{}).Validate())
	assert.NoError(t, (&HistGradientBoostingClassifier{}).Validate())
	assert.NoError(t, (&HistGradientBoostingRegressor{Loss: "quantile", Quantile: 0.9, Scoring: "r2"}).Validate())
}

func TestHGBBadInput(t *testing.T) {
	ctx := context.Background()
	X, y := hgbSynth(100, 1)
	// a categorical feature with more categories than MaxBins
	Xc := mat.DenseCopyOf(X)
	for i := 0; i < 100; i++ {
		Xc.Set(i, 0, float64(i%40))
	}
	err := (&HistGradientBoostingRegressor{MaxBins: 32, CategoricalFeatures: []int{0}}).Fit(ctx, Xc, y)
	assert.ErrorIs(t, err, estimator.ErrInvalidData)
	Xc.Set(3, 0, -1)
	assert.ErrorIs(t, (&HistGradientBoostingRegressor{CategoricalFeatures: []int{0}}).Fit(ctx, Xc, y), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&HistGradientBoostingRegressor{CategoricalFeatures: []int{7}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&HistGradientBoostingRegressor{CategoricalMask: []bool{true}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&HistGradientBoostingRegressor{MonotonicCst: []int{1}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.ErrorIs(t, (&HistGradientBoostingRegressor{InteractionCst: [][]int{{0, 9}}}).Fit(ctx, X, y), estimator.ErrInvalidParam)
	neg := append([]float64(nil), y...)
	neg[0] = -1
	assert.ErrorIs(t, (&HistGradientBoostingRegressor{Loss: "poisson"}).Fit(ctx, X, neg), estimator.ErrInvalidData)
	one := make([]float64, 100)
	assert.ErrorIs(t, (&HistGradientBoostingClassifier{}).Fit(ctx, X, one), estimator.ErrInvalidData)
	m := &HistGradientBoostingRegressor{MaxIter: 5, WarmStart: true}
	require.NoError(t, m.Fit(ctx, X, y))
	m.MaxIter = 3
	assert.ErrorIs(t, m.Fit(ctx, X, y), estimator.ErrInvalidParam)
	assert.Equal(t, 5, m.NIter(), "a failed warm start keeps the model")
}

// TestHGBMissingValues: with 20% of the values missing, native missing-value
// handling beats (or equals) scikit-learn's R² on the same data (golden). Mean
// imputation is logged for comparison (on values missing completely at random it is
// about as good).
func TestHGBMissingValues(t *testing.T) {
	golden := hgbLoadGoldens(t)
	g := golden["missing_regression"]
	X, y := hgbGoldenData(t, "missing_regression", g)
	Xtr, ytr := hgbRowsOf(X, y, g.Train)
	Xte, yte := hgbRowsOf(X, y, g.Test)
	m := &HistGradientBoostingRegressor{}
	require.NoError(t, m.Fit(context.Background(), Xtr, ytr))
	pred, err := m.Predict(Xte)
	require.NoError(t, err)
	r2 := metrics.R2Score(yte, pred, nil)
	t.Logf("R² with 20%% NaN: %.4f (scikit-learn, early stopping off: %.4f)", r2, g.Score)
	assert.GreaterOrEqual(t, r2, g.Score-1e-9)

	// mean imputation, for the log
	imp := func(A *mat.Dense, means []float64) *mat.Dense {
		B := mat.DenseCopyOf(A)
		r, c := B.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if math.IsNaN(B.At(i, j)) {
					B.Set(i, j, means[j])
				}
			}
		}
		return B
	}
	_, p := Xtr.Dims()
	means := make([]float64, p)
	for j := range means {
		s, k := 0.0, 0
		for i := range ytr {
			if v := Xtr.At(i, j); !math.IsNaN(v) {
				s += v
				k++
			}
		}
		means[j] = s / float64(k)
	}
	mi := &HistGradientBoostingRegressor{}
	require.NoError(t, mi.Fit(context.Background(), imp(Xtr, means), ytr))
	pi, err := mi.Predict(imp(Xte, means))
	require.NoError(t, err)
	t.Logf("R² with mean imputation: %.4f", metrics.R2Score(yte, pi, nil))
}

// TestHGBMissingOnlyAtPredict: NaN unseen in training goes to the child that
// received more training rows.
func TestHGBMissingOnlyAtPredict(t *testing.T) {
	X, y := hgbSynth(300, 2)
	m := &HistGradientBoostingRegressor{MaxIter: 10}
	require.NoError(t, m.Fit(context.Background(), X, y))
	Q := mat.NewDense(1, 5, []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()})
	p, err := m.Predict(Q)
	require.NoError(t, err)
	assert.False(t, math.IsNaN(p[0]))
}

// TestHGBMonotonic checks that predictions are monotone in the constrained features
// along a grid, for every row of data.
func TestHGBMonotonic(t *testing.T) {
	X, y := hgbSynth(1000, 3)
	// make feature 2 (a U shape) constrained increasing and feature 0 decreasing
	// against the data
	m := &HistGradientBoostingRegressor{MonotonicCst: []int{-1, 0, 1, 0, 0}, MaxIter: 50}
	require.NoError(t, m.Fit(context.Background(), X, y))
	c := &HistGradientBoostingClassifier{MonotonicCst: []int{0, 1, 0, 0, 0}, MaxIter: 30}
	yc := make([]float64, len(y))
	for i, v := range y {
		if v > 0 {
			yc[i] = 1
		}
	}
	require.NoError(t, c.Fit(context.Background(), X, yc))
	for i := 0; i < 50; i++ {
		for _, tc := range []struct {
			f, sign int
			pred    func(*mat.Dense) []float64
		}{
			{0, -1, func(Q *mat.Dense) []float64 { p, _ := m.Predict(Q); return p }},
			{2, 1, func(Q *mat.Dense) []float64 { p, _ := m.Predict(Q); return p }},
			{1, 1, func(Q *mat.Dense) []float64 { p, _ := c.DecisionFunction(Q); return p }},
		} {
			Q := mat.NewDense(41, 5, nil)
			for k := 0; k < 41; k++ {
				Q.SetRow(k, X.RawRowView(i))
				Q.Set(k, tc.f, -4+0.2*float64(k))
			}
			p := tc.pred(Q)
			for k := 1; k < len(p); k++ {
				assert.GreaterOrEqual(t, float64(tc.sign)*(p[k]-p[k-1]), -1e-12, "row %d feature %d", i, tc.f)
			}
		}
	}
}

func TestHGBInteractionCst(t *testing.T) {
	X, y := hgbSynth(500, 4)
	m := &HistGradientBoostingRegressor{InteractionCst: [][]int{{0}, {1, 2}}, MaxIter: 20}
	require.NoError(t, m.Fit(context.Background(), X, y))
	for _, tr := range m.fit.Trees {
		// every root-to-leaf path uses features of one set only
		var walk func(i int, set map[int32]bool)
		walk = func(i int, set map[int32]bool) {
			if tr.Left[i] == 0 {
				has0 := set[0]
				has12 := set[1] || set[2]
				assert.False(t, has0 && has12, "a path mixes {0} and {1, 2}")
				assert.False(t, set[3] || set[4], "features outside the sets are used")
				return
			}
			s := map[int32]bool{tr.Feature[i]: true}
			for k := range set {
				s[k] = true
			}
			walk(int(tr.Left[i]), s)
			walk(int(tr.Right[i]), s)
		}
		walk(0, map[int32]bool{})
	}
}

func TestHGBEarlyStopping(t *testing.T) {
	X, y := hgbSynth(600, 5)
	ctx := context.Background()
	m := &HistGradientBoostingRegressor{EarlyStopping: EarlyStoppingOn, MaxIter: 1000, LearningRate: 0.5}
	require.NoError(t, m.Fit(ctx, X, y))
	assert.True(t, m.DoEarlyStopping())
	assert.Less(t, m.NIter(), 1000)
	assert.Len(t, m.TrainScore(), m.NIter()+1)
	assert.Len(t, m.ValidationScore(), m.NIter()+1)

	s := &HistGradientBoostingRegressor{EarlyStopping: EarlyStoppingOn, Scoring: "r2", MaxIter: 1000, LearningRate: 0.5}
	require.NoError(t, s.Fit(ctx, X, y))
	assert.Less(t, s.NIter(), 1000)
	assert.Greater(t, s.ValidationScore()[s.NIter()], 0.8)

	c := &HistGradientBoostingClassifier{EarlyStopping: EarlyStoppingOn, Scoring: "accuracy", NoValidation: true, MaxIter: 500}
	yc := make([]float64, len(y))
	for i, v := range y {
		if v > 1 {
			yc[i] = 1
		}
	}
	require.NoError(t, c.Fit(ctx, X, yc))
	assert.Nil(t, c.ValidationScore())
	assert.Len(t, c.TrainScore(), c.NIter()+1)

	// auto: off at or below 10 000 rows
	a := &HistGradientBoostingRegressor{MaxIter: 30}
	require.NoError(t, a.Fit(ctx, X, y))
	assert.False(t, a.DoEarlyStopping())
	assert.Nil(t, a.TrainScore())
}

func TestHGBWarmStartAndStaged(t *testing.T) {
	X, y := hgbSynth(400, 6)
	ctx := context.Background()
	full := &HistGradientBoostingRegressor{MaxIter: 30}
	require.NoError(t, full.Fit(ctx, X, y))
	warm := &HistGradientBoostingRegressor{MaxIter: 10, WarmStart: true}
	require.NoError(t, warm.Fit(ctx, X, y))
	warm.MaxIter = 30
	require.NoError(t, warm.Fit(ctx, X, y))
	assert.Equal(t, 30, warm.NIter())
	pf, _ := full.Predict(X)
	pw, _ := warm.Predict(X)
	assert.InDeltaSlice(t, pf, pw, 1e-9)

	staged, err := full.StagedPredict(X)
	require.NoError(t, err)
	require.Len(t, staged, 30)
	assert.Equal(t, pf, staged[29])

	yc := make([]float64, len(y))
	for i, v := range y {
		yc[i] = float64(int(math.Abs(v)) % 3)
	}
	c := &HistGradientBoostingClassifier{MaxIter: 15}
	require.NoError(t, c.Fit(ctx, X, yc))
	sp, err := c.StagedPredictProba(X)
	require.NoError(t, err)
	pp, _ := c.PredictProba(X)
	assert.Equal(t, pp.RawMatrix().Data, sp[14].RawMatrix().Data)
	_, err = c.DecisionFunction(X)
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	d, err := c.DecisionFunctionMatrix(X)
	require.NoError(t, err)
	r, k := d.Dims()
	assert.Equal(t, []int{400, 3}, []int{r, k})
}

// TestHGBWorkersDeterministic: identical models for any worker count.
func TestHGBWorkersDeterministic(t *testing.T) {
	X, y := hgbSynth(3000, 7)
	var ref []float64
	for _, w := range []int{1, 2, 3, 8} {
		m := &HistGradientBoostingRegressor{MaxIter: 20, Workers: w}
		require.NoError(t, m.Fit(context.Background(), X, y))
		p, err := m.Predict(X)
		require.NoError(t, err)
		if ref == nil {
			ref = p
		} else {
			assert.Equal(t, ref, p, "workers %d", w)
		}
	}
}

func TestHGBWeights(t *testing.T) {
	X, y := hgbSynth(300, 8)
	ctx := context.Background()
	ones := make([]float64, len(y))
	for i := range ones {
		ones[i] = 1
	}
	a := &HistGradientBoostingRegressor{MaxIter: 10}
	b := &HistGradientBoostingRegressor{MaxIter: 10}
	require.NoError(t, a.Fit(ctx, X, y))
	require.NoError(t, b.FitWeighted(ctx, X, y, ones))
	pa, _ := a.Predict(X)
	pb, _ := b.Predict(X)
	assert.InDeltaSlice(t, pa, pb, 1e-9, "unit weights give the unweighted model")
	for _, loss := range []string{"absolute_error", "quantile", "poisson"} {
		yy := y
		if loss == "poisson" {
			yy = make([]float64, len(y))
			for i, v := range y {
				yy[i] = math.Abs(v)
			}
		}
		m := &HistGradientBoostingRegressor{Loss: loss, Quantile: 0.3, MaxIter: 5}
		require.NoError(t, m.FitWeighted(ctx, X, yy, ones), loss)
	}
}
