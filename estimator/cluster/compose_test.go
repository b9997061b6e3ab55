package cluster_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/cluster"
	"github.com/skgo/skgo/estimator/mixture"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
	"github.com/skgo/skgo/tuning"
)

// The clusterers (and GaussianMixture) run as the last step of a pipeline, save and load inside it, and
// tune under tuning.Search with a clustering scorer built on Predict.
func TestClusterersCompose(t *testing.T) {
	ctx := context.Background()
	iris := datasets.Iris()
	for _, est := range []estimator.Estimator{
		&cluster.KMeans{NClusters: 3, Seed: 1},
		&cluster.MiniBatchKMeans{NClusters: 3, BatchSize: 50, Seed: 1},
		&cluster.DBSCAN{Eps: 0.8},
		&cluster.AgglomerativeClustering{NClusters: 3},
		&mixture.GaussianMixture{NComponents: 3, Seed: 1},
	} {
		p := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "cluster", Est: est})
		require.NoError(t, p.Fit(ctx, iris.X, nil), "%v", est)
		pred, err := p.Predict(iris.X)
		require.NoError(t, err)
		ari := metrics.AdjustedRandScore(iris.Y, pred)
		assert.Greater(t, ari, 0.4, "%v: ARI %v", est, ari)
		var buf bytes.Buffer
		require.NoError(t, estimator.Save(&buf, p))
		q := pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "cluster", Est: estimator.Clone(est)})
		require.NoError(t, estimator.Load(&buf, q))
		got, err := q.Predict(iris.X)
		require.NoError(t, err)
		assert.Equal(t, pred, got)
	}

	ari := metrics.NewScorer("adjusted_rand_score", func(yTrue, yPred, _ []float64) float64 {
		return metrics.AdjustedRandScore(yTrue, yPred)
	}, true)
	s := &tuning.Search{
		Estimator: pipeline.New(pipeline.Step{Name: "scale", Est: &preprocess.StandardScaler{}}, pipeline.Step{Name: "db", Est: &cluster.DBSCAN{}}),
		Space:     tuning.Grid{{Param: "db.Eps", Values: tuning.Values(0.3, 0.6, 0.9)}, {Param: "db.MinSamples", Values: tuning.Values(3, 8)}},
		CV:        crossval.KFold{K: 3, Shuffle: true, Seed: 1},
		Scoring:   ari,
	}
	require.NoError(t, s.Fit(ctx, iris.X, iris.Y))
	assert.Len(t, s.Results(), 6)
	assert.Greater(t, s.BestScore(), 0.4)
	t.Logf("best %v: ARI %.3f", s.BestParams(), s.BestScore())
}
