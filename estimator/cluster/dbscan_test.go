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

func TestDBSCANConformance(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &DBSCAN{Eps: 1.5, MinSamples: 4} }, estimatortest.Unsupervised())
}

func TestDBSCANConformanceManhattan(t *testing.T) {
	estimatortest.Run(t, func() estimator.Estimator { return &DBSCAN{Eps: 2.5, Metric: "manhattan", Workers: 1} }, estimatortest.Unsupervised())
}

type dbscanGolden struct {
	Data    map[string][][]float64 `json:"data"`
	Weights []float64              `json:"weights"`
	Cases   []struct {
		Data       string  `json:"data"`
		Eps        float64 `json:"eps"`
		MinSamples int     `json:"min_samples"`
		Metric     string  `json:"metric"`
		P          float64 `json:"p"`
		Weights    bool    `json:"weights"`
		Labels     []float64
		Core       []int
	} `json:"cases"`
}

func TestDBSCANGoldens(t *testing.T) {
	b, err := os.ReadFile("testdata/dbscan_sklearn.json")
	require.NoError(t, err)
	var g dbscanGolden
	require.NoError(t, json.Unmarshal(b, &g))
	for _, c := range g.Cases {
		X := dense(g.Data[c.Data])
		n, _ := X.Dims()
		var w []float64
		if c.Weights {
			w = g.Weights[:n]
		}
		for _, workers := range []int{1, 3} {
			m := &DBSCAN{Eps: c.Eps, MinSamples: c.MinSamples, Metric: c.Metric, P: c.P, Workers: workers}
			require.NoError(t, m.FitWeighted(context.Background(), X, nil, w))
			assert.Equal(t, c.Labels, m.Labels(), "%s eps %v min_samples %d %s: labels_", c.Data, c.Eps, c.MinSamples, c.Metric)
			assert.Equal(t, c.Core, m.CoreSampleIndices(), "%s eps %v: core_sample_indices_", c.Data, c.Eps)
			maxL := -1.0
			for _, l := range c.Labels {
				maxL = math.Max(maxL, l)
			}
			assert.Equal(t, int(maxL)+1, m.NClusters())
			// Predict on the training rows: core samples keep their label; every
			// non-noise row gets a cluster, noise rows stay noise.
			pred, err := m.Predict(X)
			require.NoError(t, err)
			isCore := map[int]bool{}
			for _, i := range c.Core {
				isCore[i] = true
			}
			for i, l := range c.Labels {
				if isCore[i] || l == -1 {
					assert.Equal(t, l, pred[i], "row %d", i)
				} else {
					assert.GreaterOrEqual(t, pred[i], 0.0, "row %d", i)
				}
			}
			if len(c.Core) > 0 {
				comp := m.Components()
				r, _ := comp.Dims()
				assert.Equal(t, len(c.Core), r)
				assert.Equal(t, X.RawRowView(c.Core[0]), comp.RawRowView(0))
			}
		}
	}
}

func TestDBSCANBadParams(t *testing.T) {
	X := mat.NewDense(3, 1, []float64{0, 1, 2})
	for _, m := range []*DBSCAN{{Eps: -1}, {Eps: math.NaN()}, {Eps: math.Inf(1)}, {MinSamples: -1}, {Metric: "cosine"}, {P: 0.5}, {Workers: -2}} {
		err := m.Fit(context.Background(), X, nil)
		var pe *estimator.ParamError
		assert.ErrorAs(t, err, &pe, "%v", m)
	}
	m := &DBSCAN{}
	require.NoError(t, m.FitWeighted(context.Background(), X, nil, []float64{1, 1, 1}))
	assert.Equal(t, []float64{-1, -1, -1}, m.Labels())
	assert.Nil(t, m.Components())
	assert.Empty(t, m.CoreSampleIndices())
	pred, err := m.Predict(X)
	require.NoError(t, err)
	assert.Equal(t, []float64{-1, -1, -1}, pred)
	assert.ErrorIs(t, m.FitWeighted(context.Background(), X, nil, []float64{1, 1}), estimator.ErrShape)
	assert.ErrorIs(t, m.FitWeighted(context.Background(), X, nil, []float64{1, math.NaN(), 1}), estimator.ErrInvalidData)
	// Weights make cores: weight 5 on one row.
	require.NoError(t, m.FitWeighted(context.Background(), X, nil, []float64{0, 5, 0}))
	assert.Equal(t, []int{1}, m.CoreSampleIndices())
	assert.Equal(t, []float64{-1, 0, -1}, m.Labels())
}
