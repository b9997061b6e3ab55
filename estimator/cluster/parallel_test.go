package cluster

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func blobs(n, p, centres int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	mu := make([]float64, centres*p)
	for i := range mu {
		mu[i] = rng.NormFloat64() * 5
	}
	X := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		c := rng.IntN(centres)
		for j := 0; j < p; j++ {
			X.Set(i, j, mu[c*p+j]+rng.NormFloat64())
		}
	}
	return X
}

// Many row chunks: the model is bit-identical for any Workers, with runs in
// parallel (NInit 10) or the E-step in parallel (NInit 1).
func TestKMeansWorkersIdentical(t *testing.T) {
	X := blobs(3000, 5, 6, 3)
	for _, alg := range []string{"lloyd", "elkan"} {
		for _, nInit := range []int{1, 10} {
			var first *KMeans
			for _, workers := range []int{1, 2, 5, 16} {
				km := &KMeans{NClusters: 6, NInit: nInit, Seed: 9, Workers: workers, Algorithm: alg}
				require.NoError(t, km.Fit(context.Background(), X, nil))
				if first == nil {
					first = km
					continue
				}
				assert.Equal(t, first.Labels(), km.Labels(), "%s nInit=%d workers=%d", alg, nInit, workers)
				assert.Equal(t, first.Inertia(), km.Inertia(), "%s nInit=%d workers=%d", alg, nInit, workers)
				assert.True(t, mat.Equal(first.ClusterCenters(), km.ClusterCenters()), "%s nInit=%d workers=%d", alg, nInit, workers)
				assert.Equal(t, first.NIter(), km.NIter())
			}
		}
	}
	l := &KMeans{NClusters: 6, Seed: 9}
	e := &KMeans{NClusters: 6, Seed: 9, Algorithm: "elkan"}
	require.NoError(t, l.Fit(context.Background(), X, nil))
	require.NoError(t, e.Fit(context.Background(), X, nil))
	assert.Equal(t, l.Labels(), e.Labels(), "lloyd and elkan agree")
	assert.InDelta(t, l.Inertia(), e.Inertia(), 1e-9*l.Inertia())
}

func BenchmarkKMeans(b *testing.B) {
	X := blobs(100000, 100, 8, 1)
	for _, alg := range []string{"lloyd", "elkan"} {
		b.Run(alg, func(b *testing.B) {
			for range b.N {
				km := &KMeans{NClusters: 8, NInit: 1, Seed: 1, Algorithm: alg}
				if err := km.Fit(context.Background(), X, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
