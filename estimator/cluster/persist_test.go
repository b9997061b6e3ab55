package cluster

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

func TestKMeansSaveLoadInitCenters(t *testing.T) {
	X := mat.NewDense(6, 2, []float64{0, 0, 0, 1, 5, 5, 5, 6, 9, 0, 9, 1})
	km := &KMeans{InitCenters: [][]float64{{0, 0}, {5, 5}, {9, 9}}, MaxIter: 50}
	require.NoError(t, km.Fit(context.Background(), X, nil))
	var buf bytes.Buffer
	require.NoError(t, estimator.Save(&buf, km))
	dst := &KMeans{}
	require.NoError(t, estimator.Load(&buf, dst))
	assert.Equal(t, 50, dst.MaxIter)
	assert.Equal(t, km.Labels(), dst.Labels())
	c := estimator.Clone(km)
	require.NoError(t, c.Fit(context.Background(), X, nil))
	assert.Equal(t, km.Labels(), c.Labels())
	assert.Equal(t, km.InitCenters, dst.InitCenters)
	assert.Equal(t, "cluster.KMeans{InitCenters: [[0 0] [5 5] [9 9]], MaxIter: 50}", km.String())
}
