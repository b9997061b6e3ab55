package inspection

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

func golden(t testing.TB) *testutil.Goldens {
	return testutil.Golden(t, "testdata/inspection_sklearn.json")
}

func fitted(t *testing.T, e estimator.Estimator, X *mat.Dense, y []float64) estimator.Estimator {
	t.Helper()
	require.NoError(t, e.Fit(context.Background(), X, y))
	return e
}

func close2(t *testing.T, want, got [][]float64, tol float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		require.Len(t, got[i], len(want[i]), msg)
		for j := range want[i] {
			if d := math.Abs(got[i][j] - want[i][j]); d > tol*math.Max(1, math.Abs(want[i][j])) {
				t.Fatalf("%s: [%d][%d] = %v, want %v", msg, i, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestPartialDependenceGolden(t *testing.T) {
	g := golden(t)
	ctx := context.Background()
	Xd, yd := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	lr := fitted(t, &linear.Regression{}, Xd, yd)
	knn := fitted(t, &neighbors.KNeighborsRegressor{}, Xd, yd)
	nb := fitted(t, &naivebayes.GaussianNB{}, X, y)
	logb := fitted(t, &linear.Logistic{}, X, g.Floats("iris/ybin"))
	cases := []struct {
		key      string
		est      estimator.Estimator
		X        *mat.Dense
		features []int
		opt      *PDOptions
		tol      float64
	}{
		{"lr/f2", lr, Xd, []int{2}, nil, 1e-10},
		{"lr/f2f3", lr, Xd, []int{2, 3}, nil, 1e-10},
		{"lr/f1", lr, Xd, []int{1}, nil, 1e-10},
		{"lr/f2_ice", lr, mat.DenseCopyOf(Xd.Slice(0, 40, 0, 10)), []int{2}, &PDOptions{Kind: KindBoth}, 1e-10},
		{"lr/f2_p10", lr, Xd, []int{2}, &PDOptions{Percentiles: [2]float64{0.1, 0.9}, GridResolution: 20}, 1e-10},
		{"knn/f0", knn, Xd, []int{0}, nil, 1e-10},
		{"knn/f2f8", knn, Xd, []int{2, 8}, &PDOptions{GridResolution: 15}, 1e-10},
		{"nb/f2", nb, X, []int{2}, nil, 1e-9},
		{"nb/f0f1", nb, X, []int{0, 1}, &PDOptions{GridResolution: 10}, 1e-9},
		{"logb/f3", logb, X, []int{3}, nil, 1e-5},
		{"logb/f3_dec", logb, X, []int{3}, &PDOptions{ResponseMethod: ResponseDecisionFunction}, 1e-4},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			r, err := PartialDependence(ctx, c.est, c.X, c.features, c.opt)
			require.NoError(t, err)
			var values [][]float64
			g.Decode(c.key+"/values", &values)
			close2(t, values, r.Values, 1e-12, "values")
			if g.Has(c.key + "/average") {
				var avg [][]float64
				g.Decode(c.key+"/average", &avg)
				close2(t, avg, r.Average, c.tol, "average")
			}
			if g.Has(c.key + "/individual") {
				var ind [][][]float64
				g.Decode(c.key+"/individual", &ind)
				require.Len(t, r.Individual, len(ind))
				for k := range ind {
					close2(t, ind[k], r.Individual[k], c.tol, "individual")
				}
			}
		})
	}
}

func TestPartialDependenceOptionsAndErrors(t *testing.T) {
	g := golden(t)
	ctx := context.Background()
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	nb := fitted(t, &naivebayes.GaussianNB{}, X, y)
	r, err := PartialDependence(ctx, nb, X, []int{2}, &PDOptions{Kind: KindIndividual, Workers: 1})
	require.NoError(t, err)
	assert.Nil(t, r.Average)
	assert.Equal(t, []float64{0, 1, 2}, r.Outputs)
	r2, err := PartialDependence(ctx, nb, X, []int{2}, &PDOptions{Kind: KindIndividual, Workers: 3})
	require.NoError(t, err)
	assert.Equal(t, r.Individual, r2.Individual, "identical for any Workers")

	bad := map[string]struct {
		est      estimator.Estimator
		features []int
		opt      *PDOptions
		target   error
	}{
		"feature range":  {nb, []int{4}, nil, estimator.ErrInvalidParam},
		"repeated":       {nb, []int{1, 1}, nil, estimator.ErrInvalidParam},
		"none":           {nb, nil, nil, estimator.ErrInvalidParam},
		"percentiles":    {nb, []int{0}, &PDOptions{Percentiles: [2]float64{0.9, 0.1}}, estimator.ErrInvalidParam},
		"resolution":     {nb, []int{0}, &PDOptions{GridResolution: 1}, estimator.ErrInvalidParam},
		"kind":           {nb, []int{0}, &PDOptions{Kind: "ice"}, estimator.ErrInvalidParam},
		"no decision":    {nb, []int{0}, &PDOptions{ResponseMethod: ResponseDecisionFunction}, errors.ErrUnsupported},
		"unfitted":       {&naivebayes.GaussianNB{}, []int{0}, nil, estimator.ErrNotFitted},
		"regressor resp": {&linear.Ridge{}, []int{0}, &PDOptions{ResponseMethod: ResponsePredictProba}, estimator.ErrInvalidParam},
		"unfitted reg":   {&linear.Ridge{}, []int{0}, nil, estimator.ErrNotFitted},
	}
	for name, c := range bad {
		_, err := PartialDependence(ctx, c.est, X, c.features, c.opt)
		assert.ErrorIs(t, err, c.target, name)
	}
	// A grid of 2000 × 2000 points is refused before anything is predicted.
	Xr := mat.NewDense(2000, 2, nil)
	yr := make([]float64, 2000)
	for i := 0; i < 2000; i++ {
		Xr.Set(i, 0, float64(i))
		Xr.Set(i, 1, math.Sqrt(float64(i)))
		yr[i] = float64(i % 7)
	}
	ridge := fitted(t, &linear.Ridge{Alpha: 1}, Xr, yr)
	_, err = PartialDependence(ctx, ridge, Xr, []int{0, 1}, &PDOptions{GridResolution: 2000})
	assert.ErrorIs(t, err, estimator.ErrInvalidParam)
	// A categorical feature's grid is its distinct values.
	r, err = PartialDependence(ctx, ridge, Xr, []int{1}, &PDOptions{GridResolution: 10, Categorical: []int{1}})
	require.NoError(t, err)
	assert.Len(t, r.Values[0], 2000)
	// A constant feature with many rows: percentiles coincide only if values are few;
	// with one distinct value the grid is that value.
	Xc := mat.DenseCopyOf(X)
	for i := 0; i < 150; i++ {
		Xc.Set(i, 0, 5)
	}
	r, err = PartialDependence(ctx, nb, Xc, []int{0}, nil)
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{5}}, r.Values)
	ctxc, cancel := context.WithCancel(ctx)
	cancel()
	_, err = PartialDependence(ctxc, nb, X, []int{0}, nil)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = PartialDependence(ctx, nb, mat.NewDense(2, 3, nil), []int{0}, nil)
	assert.ErrorIs(t, err, estimator.ErrShape)
}

func TestPermutationImportance(t *testing.T) {
	g := golden(t)
	ctx := context.Background()
	Xd, yd := g.Matrix("diabetes/X"), g.Floats("diabetes/y")
	lr := fitted(t, &linear.Regression{}, Xd, yd)
	r, err := PermutationImportance(ctx, lr, Xd, yd, &PermutationOptions{NRepeats: 200, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, "r2", r.Scorer)
	want := g.Floats("pi/lr/mean")
	wantStd := g.Floats("pi/lr/std")
	for j := range want {
		assert.InDelta(t, want[j], r.Mean[j], 0.02, "feature %d mean", j)
		assert.InDelta(t, wantStd[j], r.Std[j], 0.02, "feature %d std", j)
		assert.Len(t, r.Raw[j], 200)
	}
	X, y := g.Matrix("iris/X"), g.Floats("iris/y")
	nb := fitted(t, &naivebayes.GaussianNB{}, X, y)
	r, err = PermutationImportance(ctx, nb, X, y, &PermutationOptions{NRepeats: 200})
	require.NoError(t, err)
	assert.Equal(t, "accuracy", r.Scorer)
	for j, w := range g.Floats("pi/nb/mean") {
		assert.InDelta(t, w, r.Mean[j], 0.02, "nb feature %d", j)
	}

	// Identical for any Workers; seeded.
	a, err := PermutationImportance(ctx, lr, Xd, yd, &PermutationOptions{Workers: 1, Seed: 9, ScoringName: "neg_mean_squared_error"})
	require.NoError(t, err)
	b, err := PermutationImportance(ctx, lr, Xd, yd, &PermutationOptions{Workers: 4, Seed: 9, Scoring: metrics.NegMSE})
	require.NoError(t, err)
	assert.Equal(t, a, b)
	c, err := PermutationImportance(ctx, lr, Xd, yd, &PermutationOptions{Seed: 10, Scoring: metrics.NegMSE})
	require.NoError(t, err)
	assert.NotEqual(t, a.Raw, c.Raw)

	// Weights and MaxSamples.
	w := make([]float64, len(yd))
	for i := range w {
		w[i] = 1 + float64(i%2)
	}
	r, err = PermutationImportance(ctx, lr, Xd, yd, &PermutationOptions{Weights: w, MaxSamples: 0.5})
	require.NoError(t, err)
	assert.Greater(t, r.Mean[2], 0.05, "bmi matters")

	// A pipeline is just an estimator.
	p := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "ridge", Est: &linear.Ridge{Alpha: 1}})
	require.NoError(t, p.Fit(ctx, Xd, yd))
	_, err = PermutationImportance(ctx, p, Xd, yd, nil)
	require.NoError(t, err)

	bad := map[string]*PermutationOptions{
		"repeats":  {NRepeats: -1},
		"samples":  {MaxSamples: 1e6},
		"fraction": {MaxSamples: 1.5},
		"name":     {ScoringName: "nope"},
		"workers":  {Workers: -1},
	}
	for name, o := range bad {
		_, err := PermutationImportance(ctx, lr, Xd, yd, o)
		assert.ErrorIs(t, err, estimator.ErrInvalidParam, name)
	}
	_, err = PermutationImportance(ctx, &linear.Ridge{}, Xd, yd, nil)
	assert.ErrorIs(t, err, estimator.ErrNotFitted)
	_, err = PermutationImportance(ctx, lr, Xd, yd[:3], nil)
	assert.ErrorIs(t, err, estimator.ErrShape)
	ctxc, cancel := context.WithCancel(ctx)
	cancel()
	_, err = PermutationImportance(ctxc, lr, Xd, yd, nil)
	assert.ErrorIs(t, err, context.Canceled)
}
