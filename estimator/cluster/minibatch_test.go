package cluster

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestMiniBatchKMeansConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &MiniBatchKMeans{NClusters: 3, BatchSize: 16, Seed: 1} }, estimatortest.Unsupervised())
}

func TestMiniBatchKMeansConformanceRandomTol(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator {
		return &MiniBatchKMeans{NClusters: 4, Init: "random", BatchSize: 8, Tol: 1e-3, MaxNoImprovement: -1, Seed: 3}
	}, estimatortest.Unsupervised())
}

type mbkGolden struct {
	Blobs [][]float64 `json:"blobs"`
	Cases []struct {
		Data       string    `json:"data"`
		K          int       `json:"k"`
		BatchSize  int       `json:"batch_size"`
		Inertia    []float64 `json:"inertia"`
		Median     float64   `json:"median"`
		KMeansBest float64   `json:"kmeans_best"`
	} `json:"cases"`
}

// TestMiniBatchKMeansQuality compares the median inertia over seeds 0..9 with
// scikit-learn's median over its seeds 0..9 (different random streams, so only
// the quality is comparable).
func TestMiniBatchKMeansQuality(t *testing.T) {
	b, err := os.ReadFile("testdata/minibatch_sklearn.json")
	require.NoError(t, err)
	var g mbkGolden
	require.NoError(t, json.Unmarshal(b, &g))
	data := map[string]*mat.Dense{"blobs": dense(g.Blobs), "digits": datasets.Digits().X}
	for _, c := range g.Cases {
		X := data[c.Data]
		var got []float64
		for s := uint64(0); s < 10; s++ {
			m := &MiniBatchKMeans{NClusters: c.K, BatchSize: c.BatchSize, Seed: s}
			require.NoError(t, m.Fit(context.Background(), X, nil))
			got = append(got, m.Inertia())
		}
		slices.Sort(got)
		med := (got[4] + got[5]) / 2
		t.Logf("%s k=%d batch=%d: median inertia %.6g, scikit-learn %.6g (ratio %.4f), KMeans best %.6g",
			c.Data, c.K, c.BatchSize, med, c.Median, med/c.Median, c.KMeansBest)
		assert.Less(t, med, c.Median*1.03, "%s k=%d batch=%d", c.Data, c.K, c.BatchSize)
		assert.Greater(t, med, c.KMeansBest*0.999, "below KMeans's best? %s", c.Data)
	}
}

func TestMiniBatchKMeansBehaviour(t *testing.T) {
	ctx := context.Background()
	X := datasets.Iris().X
	// Workers does not change the result.
	var first *MiniBatchKMeans
	for _, w := range []int{1, 2, 5} {
		m := &MiniBatchKMeans{NClusters: 3, BatchSize: 32, Seed: 9, Workers: w}
		require.NoError(t, m.Fit(ctx, X, nil))
		if first == nil {
			first = m
			continue
		}
		assert.Equal(t, first.ClusterCenters().RawMatrix().Data, m.ClusterCenters().RawMatrix().Data)
		assert.Equal(t, first.Labels(), m.Labels())
	}
	assert.Greater(t, first.NSteps(), 1)
	assert.Equal(t, int(math.Ceil(float64(first.NSteps()*32)/150)), first.NIter())
	pred, err := first.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, first.Labels(), pred)
	tr, err := first.Transform(X)
	require.NoError(t, err)
	r, c := tr.Dims()
	assert.Equal(t, []int{150, 3}, []int{r, c})

	// InitCenters with Tol: converges on the centre change.
	init := [][]float64{mat.Row(nil, 0, X), mat.Row(nil, 50, X), mat.Row(nil, 100, X)}
	m := &MiniBatchKMeans{InitCenters: init, BatchSize: 150, Tol: 1e-2, MaxNoImprovement: -1, MaxIter: 1000, Seed: 1}
	require.NoError(t, m.Fit(ctx, X, nil))
	assert.True(t, m.Converged())
	assert.Less(t, m.Inertia(), 80.0) // KMeans optimum 78.85

	// PartialFit: repeated calls on batches improve towards the KMeans optimum.
	pf := &MiniBatchKMeans{NClusters: 3, Seed: 2}
	for e := 0; e < 20; e++ {
		for lo := 0; lo < 150; lo += 50 {
			require.NoError(t, pf.PartialFit(ctx, X.Slice(lo, lo+50, 0, 4), nil))
		}
	}
	assert.Equal(t, 60, pf.NSteps())
	assert.Len(t, pf.Labels(), 50)
	labels, err := pf.Predict(X)
	require.NoError(t, err)
	full := &KMeans{InitCenters: [][]float64{mat.Row(nil, 0, pf.ClusterCenters()), mat.Row(nil, 1, pf.ClusterCenters()), mat.Row(nil, 2, pf.ClusterCenters())}, MaxIter: 1}
	require.NoError(t, full.Fit(ctx, X, nil))
	assert.Less(t, full.Inertia(), 100.0)
	assert.Len(t, labels, 150)
	assert.ErrorIs(t, pf.PartialFit(ctx, mat.NewDense(2, 3, nil), nil), estimator.ErrShape)
	// Bad parameters.
	for _, bad := range []*MiniBatchKMeans{{BatchSize: -1}, {NInit: -1}, {InitSize: MaxBatchSize + 1}, {Tol: math.NaN()}, {ReassignmentRatio: -0.1}, {Init: "x"}, {InitCenters: init, NInit: 2}} {
		var pe *estimator.ParamError
		assert.ErrorAs(t, bad.Fit(ctx, X, nil), &pe, "%v", bad)
	}
	assert.ErrorIs(t, (&MiniBatchKMeans{NClusters: 200}).Fit(ctx, X, nil), estimator.ErrInvalidData)
	// Weights: zero weight on all but the first 50 rows gives all centres there.
	w := make([]float64, 150)
	for i := 0; i < 50; i++ {
		w[i] = 1
	}
	wm := &MiniBatchKMeans{NClusters: 2, BatchSize: 64, Seed: 4, NoReassignment: true}
	require.NoError(t, wm.FitWeighted(ctx, X, nil, w))
	assert.Less(t, wm.Inertia(), 20.0)
	// (as in scikit-learn, the initialisation ignores the weights, and a centre
	// that never receives weight stays where it started)
}
