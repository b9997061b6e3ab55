package cluster

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/gemm"
)

// The packed products are bit for bit gemm.Dgemm's, for any row range (panels cut
// anywhere), any number of columns and more than one block of steps.
func TestPackedProductsMatchDgemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sh := range [][3]int{{1, 1, 1}, {13, 5, 3}, {50, 300, 9}, {37, 600, 17}, {7, 2, 8}} {
		n, p, m := sh[0], sh[1], sh[2]
		x := make([]float64, n*p)
		c := make([]float64, m*p)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		for i := range c {
			c[i] = rng.NormFloat64()
		}
		want := make([]float64, n*m)
		gemm.Dgemm(false, true, n, m, p, 1, x, p, c, p, 0, want, m)
		pr, cb := packRows(x, n, p), packCols(c, m, p)
		for _, r := range [][2]int{{0, n}, {n / 3, n}, {1, max(1, n-1)}} {
			lo, hi := r[0], r[1]
			got := make([]float64, (hi-lo)*m)
			pr.products(lo, hi, cb, m, got, m)
			require.Equal(t, want[lo*m:hi*m], got, "n=%d p=%d m=%d rows [%d, %d)", n, p, m, lo, hi)
		}
	}
}

// Predict on the training rows gives the training labels, and the model does not
// depend on Workers (rows × centres products packed once per fit).
func TestPredictMatchesLabels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	X := mat.NewDense(1001, 7, nil)
	for i := range 1001 {
		for j := range 7 {
			X.Set(i, j, rng.NormFloat64()+float64(i%5))
		}
	}
	var first *KMeans
	for _, w := range []int{1, 3} {
		for _, alg := range []string{"lloyd", "elkan"} {
			m := &KMeans{NClusters: 13, NInit: 3, Seed: 5, Algorithm: alg, Workers: w}
			require.NoError(t, m.Fit(context.Background(), X, nil))
			pred, err := m.Predict(X)
			require.NoError(t, err)
			assert.Equal(t, m.Labels(), pred, "%s workers %d", alg, w)
			if alg == "lloyd" {
				if first == nil {
					first = m
				} else {
					assert.Equal(t, first.fit, m.fit)
				}
			}
		}
	}
}
