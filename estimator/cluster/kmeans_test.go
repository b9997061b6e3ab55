package cluster

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestKMeansConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &KMeans{NClusters: 3, Seed: 1} }, estimatortest.Unsupervised())
}

func TestKMeansConformanceElkan(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &KMeans{NClusters: 3, Seed: 1, Algorithm: "elkan"} }, estimatortest.Unsupervised())
}

func TestKMeansConformanceRandomInit(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &KMeans{NClusters: 2, Init: "random", NInit: 3, Seed: 7} }, estimatortest.Unsupervised())
}

type golden struct {
	X     [][]float64 `json:"X"`
	Cases []struct {
		Name           string      `json:"name"`
		Init           [][]float64 `json:"init"`
		Weights        []float64   `json:"weights"`
		Tol            float64     `json:"tol"`
		MaxIter        int         `json:"max_iter"`
		ClusterCenters [][]float64 `json:"cluster_centers"`
		Labels         []float64   `json:"labels"`
		Inertia        float64     `json:"inertia"`
		NIter          int         `json:"n_iter"`
		Transform      [][]float64 `json:"transform"`
		Predict        []float64   `json:"predict"`
		Algorithm      string      `json:"algorithm"`
	} `json:"cases"`
	KMeansPPBest map[string]float64 `json:"kmeanspp_best_inertia"`
}

func loadGolden(t *testing.T) *golden {
	t.Helper()
	b, err := os.ReadFile("testdata/sklearn.json")
	require.NoError(t, err)
	var g golden
	require.NoError(t, json.Unmarshal(b, &g))
	return &g
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// close reports |a − b| ≤ 1e-9 · max(1, |a|, |b|): 1e-9 relative, absolute below 1.
func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func assertMatClose(t *testing.T, want [][]float64, got *mat.Dense, what string) {
	t.Helper()
	r, c := got.Dims()
	require.Equal(t, len(want), r, what)
	require.Equal(t, len(want[0]), c, what)
	for i := range want {
		for j := range want[i] {
			if !closeTo(want[i][j], got.At(i, j)) {
				t.Errorf("%s[%d][%d] = %v, scikit-learn %v", what, i, j, got.At(i, j), want[i][j])
				return
			}
		}
	}
}

func TestKMeansGoldens(t *testing.T) {
	g := loadGolden(t)
	X := dense(g.X)
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			km := &KMeans{InitCenters: c.Init, Tol: c.Tol, MaxIter: c.MaxIter, Algorithm: c.Algorithm}
			require.NoError(t, km.FitWeighted(context.Background(), X, nil, c.Weights))
			assertMatClose(t, c.ClusterCenters, km.ClusterCenters(), "cluster_centers_")
			assert.Equal(t, c.Labels, km.Labels(), "labels_")
			assert.True(t, closeTo(c.Inertia, km.Inertia()), "inertia_ %v, scikit-learn %v", km.Inertia(), c.Inertia)
			assert.Equal(t, c.NIter, km.NIter(), "n_iter_")
			tr, err := km.Transform(X)
			require.NoError(t, err)
			assertMatClose(t, c.Transform, tr, "transform")
			pred, err := km.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, c.Predict, pred, "predict")
		})
	}
}

func TestKMeansPlusPlusQuality(t *testing.T) {
	g := loadGolden(t)
	X := dense(g.X)
	for _, k := range []int{3, 5, 8} {
		want := g.KMeansPPBest[map[int]string{3: "3", 5: "5", 8: "8"}[k]]
		var first *KMeans
		for _, workers := range []int{1, 2, 7} {
			km := &KMeans{NClusters: k, Seed: 42, Workers: workers}
			require.NoError(t, km.Fit(context.Background(), X, nil))
			assert.LessOrEqual(t, km.Inertia(), want*1.03, "k=%d: inertia %v vs scikit-learn's best %v", k, km.Inertia(), want)
			assert.True(t, km.Converged())
			if first == nil {
				first = km
				continue
			}
			assert.Equal(t, first.Inertia(), km.Inertia(), "k=%d workers=%d", k, workers)
			assert.Equal(t, first.Labels(), km.Labels(), "k=%d workers=%d", k, workers)
			assert.True(t, mat.Equal(first.ClusterCenters(), km.ClusterCenters()), "k=%d workers=%d", k, workers)
		}
		// A fixed Seed gives the same model; another Seed may not, but stays good.
		again := &KMeans{NClusters: k, Seed: 42}
		require.NoError(t, again.Fit(context.Background(), X, nil))
		assert.Equal(t, first.Labels(), again.Labels())
		el := &KMeans{NClusters: k, Seed: 42, Algorithm: "elkan", Workers: 3}
		require.NoError(t, el.Fit(context.Background(), X, nil))
		assert.Equal(t, first.Labels(), el.Labels(), "elkan, k=%d", k)
		assert.InDelta(t, first.Inertia(), el.Inertia(), 1e-9*first.Inertia(), "elkan, k=%d", k)
		other := &KMeans{NClusters: k, Seed: 43, Init: "random"}
		require.NoError(t, other.Fit(context.Background(), X, nil))
		assert.LessOrEqual(t, other.Inertia(), want*1.10, "random init, k=%d", k)
	}
}

func TestKMeansBadParams(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 5, 5, 5, 6})
	init := [][]float64{{0, 0}, {5, 5}}
	nan := [][]float64{{0, math.NaN()}, {5, 5}}
	for name, km := range map[string]*KMeans{
		"negative NClusters":    {NClusters: -1},
		"huge NClusters":        {NClusters: MaxClusters + 1},
		"bad Init":              {Init: "kmeans++"},
		"negative NInit":        {NInit: -1},
		"huge NInit":            {NInit: MaxNInit + 1},
		"negative MaxIter":      {MaxIter: -1},
		"NaN Tol":               {Tol: math.NaN()},
		"negative Tol":          {Tol: -1},
		"bad Algorithm":         {Algorithm: "full"},
		"negative Workers":      {Workers: -1},
		"InitCenters NInit 10":  {InitCenters: init, NInit: 10},
		"InitCenters rows":      {InitCenters: init, NClusters: 3},
		"InitCenters NaN":       {InitCenters: nan},
		"InitCenters empty":     {InitCenters: [][]float64{}},
		"InitCenters empty row": {InitCenters: [][]float64{{}}},
		"InitCenters ragged":    {InitCenters: [][]float64{{0, 0}, {1}}},
	} {
		t.Run(name, func(t *testing.T) {
			var pe *estimator.ParamError
			assert.ErrorAs(t, km.Validate(), &pe)
			err := km.Fit(context.Background(), X, nil)
			assert.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), "cluster.KMeans: ")
			assert.Nil(t, km.ClusterCenters())
		})
	}
	t.Run("more clusters than rows", func(t *testing.T) {
		err := (&KMeans{NClusters: 5}).Fit(context.Background(), X, nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData)
	})
	t.Run("elkan bounds cap", func(t *testing.T) {
		err := (&KMeans{NClusters: 4097, Algorithm: "elkan"}).Fit(context.Background(), mat.NewDense(4097, 1, nil), nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData)
		assert.Contains(t, err.Error(), "MaxElkanBounds")
	})
	t.Run("centre values cap", func(t *testing.T) {
		err := (&KMeans{NClusters: 2}).Fit(context.Background(), mat.NewDense(2, MaxCenterValues/2+1, nil), nil)
		assert.ErrorIs(t, err, estimator.ErrInvalidData)
		assert.Contains(t, err.Error(), "MaxCenterValues")
	})
	t.Run("InitCenters features", func(t *testing.T) {
		err := (&KMeans{InitCenters: [][]float64{{0, 0, 0}, {1, 1, 1}}}).Fit(context.Background(), X, nil)
		assert.ErrorIs(t, err, estimator.ErrShape)
	})
	t.Run("weights", func(t *testing.T) {
		km := &KMeans{NClusters: 2}
		assert.ErrorIs(t, km.FitWeighted(context.Background(), X, nil, []float64{1, 1}), estimator.ErrShape)
		assert.ErrorIs(t, km.FitWeighted(context.Background(), X, nil, []float64{1, -1, 1, 1}), estimator.ErrInvalidData)
		assert.ErrorIs(t, km.FitWeighted(context.Background(), X, nil, []float64{1, math.NaN(), 1, 1}), estimator.ErrInvalidData)
		assert.ErrorIs(t, km.FitWeighted(context.Background(), X, nil, []float64{0, 0, 0, 0}), estimator.ErrInvalidData)
		assert.Nil(t, km.ClusterCenters())
	})
	t.Run("failed fit keeps model", func(t *testing.T) {
		km := &KMeans{NClusters: 2, Seed: 3}
		require.NoError(t, km.Fit(context.Background(), X, nil))
		before, _ := km.MarshalState()
		require.Error(t, km.Fit(context.Background(), mat.NewDense(1, 2, nil), nil))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		assert.Equal(t, context.Canceled, km.Fit(ctx, X, nil))
		after, _ := km.MarshalState()
		assert.Equal(t, before, after)
	})
}

func TestKMeansFitKeepsInputs(t *testing.T) {
	X := mat.NewDense(6, 2, []float64{0, 0, 0, 1, 5, 5, 5, 6, 9, 0, 9, 1})
	init := [][]float64{{0, 0}, {5, 5}, {9, 9}}
	w := []float64{1, 2, 3, 4, 5, 6}
	Xc, initc, wc := mat.DenseCopyOf(X), [][]float64{{0, 0}, {5, 5}, {9, 9}}, append([]float64(nil), w...)
	km := &KMeans{InitCenters: init}
	labels, err := km.FitPredict(context.Background(), X, nil)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0, 1, 1, 2, 2}, labels)
	require.NoError(t, km.FitWeighted(context.Background(), X, nil, w))
	assert.True(t, mat.Equal(X, Xc))
	assert.Equal(t, initc, init)
	assert.Equal(t, wc, w)
	tr, err := km.FitTransform(context.Background(), X, nil)
	require.NoError(t, err)
	r, c := tr.Dims()
	assert.Equal(t, []int{6, 3}, []int{r, c})
}

func TestKMeansForgedState(t *testing.T) {
	good := &kmeansFit{NFeatures: 2, NClusters: 2, Centers: []float64{0, 0, 1, 1},
		Labels: []int{0, 1, 1}, Inertia: 1, NIter: 2, Converged: true}
	require.NoError(t, good.Check())
	for name, edit := range map[string]func(f *kmeansFit){
		"NaN centre":         func(f *kmeansFit) { f.Centers[1] = math.NaN() },
		"short centres":      func(f *kmeansFit) { f.Centers = f.Centers[:3] },
		"label out of range": func(f *kmeansFit) { f.Labels[2] = 2 },
		"negative label":     func(f *kmeansFit) { f.Labels[0] = -1 },
		"no labels":          func(f *kmeansFit) { f.Labels = nil },
		"negative inertia":   func(f *kmeansFit) { f.Inertia = -1 },
		"Inf inertia":        func(f *kmeansFit) { f.Inertia = math.Inf(1) },
		"zero clusters":      func(f *kmeansFit) { f.NClusters = 0 },
		"huge NFeatures":     func(f *kmeansFit) { f.NFeatures = 1 << 40 },
		"huge product":       func(f *kmeansFit) { f.NFeatures, f.NClusters = 1<<20, 1<<20 },
		"zero NIter":         func(f *kmeansFit) { f.NIter = 0 },
	} {
		t.Run(name, func(t *testing.T) {
			f := *good
			f.Centers, f.Labels = append([]float64(nil), good.Centers...), append([]int(nil), good.Labels...)
			edit(&f)
			b, err := estimator.EncodeState(kmeansStateVersion, &f)
			require.NoError(t, err)
			m := &KMeans{NClusters: 2, Seed: 1}
			require.NoError(t, m.Fit(context.Background(), mat.NewDense(4, 1, []float64{0, 1, 5, 6}), nil))
			before, _ := m.MarshalState()
			assert.ErrorIs(t, m.UnmarshalState(b), estimator.ErrState)
			after, _ := m.MarshalState()
			assert.Equal(t, before, after, "receiver changed")
		})
	}
}
