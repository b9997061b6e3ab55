package main

import (
	"context"

	"github.com/skgo/skgo/estimator/cluster"
)

// The k-means cases of issue 10: KMeans(8) on the 100 000 × 100 training rows of
// make_blobs(110 000, 100, centers=8, random_state=0), at scikit-learn 1.2.1's
// default n_init=10 with Lloyd's ("kmeans") and Elkan's ("kmeans-elkan")
// algorithms, and with a single initialisation ("kmeans1", where our runs split
// their assignment step over the workers as scikit-learn always does). The quality
// is the training inertia; predict labels the 10 000 test rows. k-means++ draws
// from another generator than numpy's, so the initial centres differ; on these
// well-separated blobs both sides reach the same inertia.
func init() {
	km := func(alg string, nInit int) func(workers int) *benchCase {
		return func(workers int) *benchCase {
			m := &cluster.KMeans{NClusters: 8, NInit: nInit, Algorithm: alg, Workers: workers}
			return &benchCase{
				data:    "blobs",
				quality: "inertia",
				fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, nil) },
				predict: func(s *split) ([]float64, error) { return m.Predict(s.Xte) },
				score:   func(*split, []float64) float64 { return m.Inertia() },
				facts:   func() map[string]float64 { return map[string]float64{"n_iter": float64(m.NIter())} },
			}
		}
	}
	register("kmeans", km("lloyd", 10))
	register("kmeans-elkan", km("elkan", 10))
	register("kmeans1", km("lloyd", 1))
}
