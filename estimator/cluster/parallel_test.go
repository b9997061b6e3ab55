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

// countdownCtx reports Canceled from the n-th call of Err on.
type countdownCtx struct {
	context.Context
	n *int
}

func (c countdownCtx) Err() error {
	*c.n--
	if *c.n <= 0 {
		return context.Canceled
	}
	return nil
}

// Fit checks ctx inside its iterations, returns ctx.Err() unwrapped and keeps the
// previous model.
func TestKMeansCancelledMidFit(t *testing.T) {
	X := blobs(600, 3, 4, 5)
	for _, alg := range []string{"lloyd", "elkan"} {
		for _, calls := range []int{3, 6, 12} {
			km := &KMeans{NClusters: 4, NInit: 1, Workers: 1, Seed: 2, Algorithm: alg, Tol: 1e-300}
			require.NoError(t, km.Fit(context.Background(), mat.NewDense(4, 3, []float64{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3}), nil))
			before, _ := km.MarshalState()
			n := calls
			err := km.Fit(countdownCtx{context.Background(), &n}, X, nil)
			assert.Equal(t, context.Canceled, err, "%s after %d calls", alg, calls)
			after, _ := km.MarshalState()
			assert.Equal(t, before, after)
		}
	}
}
