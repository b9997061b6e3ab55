package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
)

func TestAgglomerativeConformance(t *testing.T) {
	for _, linkage := range []string{"ward", "complete", "average", "single"} {
		t.Run(linkage, func(t *testing.T) {
			estimatortest.Run(t, func() estimator.Estimator { return &AgglomerativeClustering{NClusters: 3, Linkage: linkage} }, estimatortest.Unsupervised())
		})
	}
	t.Run("cosine threshold", func(t *testing.T) {
		estimatortest.Run(t, func() estimator.Estimator {
			return &AgglomerativeClustering{Linkage: "average", Metric: "cosine", DistanceThreshold: 0.3}
		}, estimatortest.Unsupervised())
	})
}

type aggloGolden struct {
	Data  map[string][][]float64 `json:"data"`
	Cases []struct {
		Data              string    `json:"data"`
		Linkage           string    `json:"linkage"`
		Metric            string    `json:"metric"`
		NClusters         int       `json:"n_clusters"`
		DistanceThreshold float64   `json:"distance_threshold"`
		Labels            []float64 `json:"labels"`
		Children          [][2]int  `json:"children"`
		Distances         []float64 `json:"distances"`
		NClustersFound    int       `json:"n_clusters_"`
	} `json:"cases"`
}

func TestAgglomerativeGoldens(t *testing.T) {
	b, err := os.ReadFile("testdata/agglomerative_sklearn.json")
	require.NoError(t, err)
	var g aggloGolden
	require.NoError(t, json.Unmarshal(b, &g))
	for _, c := range g.Cases {
		name := fmt.Sprintf("%s %s %s k%d t%v", c.Data, c.Linkage, c.Metric, c.NClusters, c.DistanceThreshold)
		t.Run(name, func(t *testing.T) {
			X := dense(g.Data[c.Data])
			m := &AgglomerativeClustering{NClusters: c.NClusters, Linkage: c.Linkage, Metric: c.Metric,
				DistanceThreshold: c.DistanceThreshold, ComputeDistances: true}
			if c.Linkage == "ward" {
				m.Metric = ""
			}
			require.NoError(t, m.Fit(context.Background(), X, nil))
			assert.Equal(t, c.Children, m.Children(), "children_")
			assert.Equal(t, c.Labels, m.Labels(), "labels_")
			assert.Equal(t, c.NClustersFound, m.NClustersFound(), "n_clusters_")
			d := m.Distances()
			require.Len(t, d, len(c.Distances))
			for i := range d {
				if math.Abs(d[i]-c.Distances[i]) > 1e-12*math.Max(1, math.Abs(c.Distances[i])) {
					t.Fatalf("distances_[%d] = %v, scikit-learn %v", i, d[i], c.Distances[i])
				}
			}
			n, _ := X.Dims()
			assert.Equal(t, n, m.NLeaves())
			assert.Equal(t, 1, m.NConnectedComponents())
			// Predict on the training rows gives each row its own label (its
			// nearest training row is itself, or a duplicate in the same cluster).
			pred, err := m.Predict(X)
			require.NoError(t, err)
			for i := range pred {
				if pred[i] != c.Labels[i] {
					// only a duplicate row earlier in X (distance 0) may win
					dup := false
					for j := 0; j < i; j++ {
						dup = dup || mat.Equal(X.RowView(i), X.RowView(j))
					}
					assert.True(t, dup, "row %d predicted %v, labelled %v", i, pred[i], c.Labels[i])
				}
			}
		})
	}
}

func TestAgglomerativeParams(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 5, 5, 5, 6})
	bad := []*AgglomerativeClustering{
		{NClusters: -1}, {Linkage: "median"}, {Metric: "manhattan"}, {Linkage: "average", Metric: "hamming"},
		{NClusters: 3, DistanceThreshold: 1}, {DistanceThreshold: -1}, {DistanceThreshold: math.NaN()},
		{ComputeFullTree: "maybe"}, {ComputeFullTree: "false", DistanceThreshold: 1},
	}
	for _, m := range bad {
		var pe *estimator.ParamError
		assert.ErrorAs(t, m.Fit(context.Background(), X, nil), &pe, "%v", m)
	}
	assert.ErrorIs(t, (&AgglomerativeClustering{NClusters: 5}).Fit(context.Background(), X, nil), estimator.ErrInvalidData)
	assert.ErrorIs(t, (&AgglomerativeClustering{}).Fit(context.Background(), mat.NewDense(1, 2, nil), nil), estimator.ErrInvalidData)
	zero := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 0})
	assert.ErrorIs(t, (&AgglomerativeClustering{Linkage: "single", Metric: "cosine"}).Fit(context.Background(), zero, nil), estimator.ErrInvalidData)
	big := mat.NewDense(MaxAgglomerativeSamples+1, 1, nil)
	assert.ErrorIs(t, (&AgglomerativeClustering{}).Fit(context.Background(), big, nil), estimator.ErrInvalidData)
	m := &AgglomerativeClustering{}
	require.NoError(t, m.Fit(context.Background(), X, nil))
	assert.Nil(t, m.Distances())
	assert.Equal(t, [][2]int{{0, 1}, {2, 3}, {4, 5}}, m.Children())
	pred, err := m.Predict(mat.NewDense(2, 2, []float64{4, 4, -1, 0}))
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1}, pred)
}

func TestAgglomerativeForgedChildren(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 5, 5, 5, 6})
	m := &AgglomerativeClustering{}
	require.NoError(t, m.Fit(context.Background(), X, nil))
	for _, ch := range [][]int{{0, 1, 2, 3, 4, 4}, {0, 1, 2, 3, 4, 6}, {0, 1, 5, 3, 4, 2}, {0, 0, 2, 3, 4, 5}, {0, -1, 2, 3, 4, 5}} {
		f := *m.fit
		f.Children = ch
		assert.Error(t, f.Check(), "%v", ch)
	}
}
