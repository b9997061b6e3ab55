package main

import (
	"context"

	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/metrics"
)

// knn is issue 10's KNeighborsClassifier(5) with brute-force search, predicting the
// 10 000 test rows against the 50 000 × 20 training rows of
// make_classification(60 000, 20, random_state=0); the reference is
// KNeighborsClassifier(5, algorithm="brute", n_jobs=2).
func init() {
	register("knn", func(workers int) *benchCase {
		m := &neighbors.KNeighborsClassifier{NNeighbors: 5, Algorithm: "brute", Workers: workers}
		return &benchCase{
			data:    "knn",
			quality: "accuracy",
			fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, s.ytr) },
			predict: func(s *split) ([]float64, error) { return m.Predict(s.Xte) },
			score:   func(s *split, p []float64) float64 { return metrics.AccuracyScore(s.yte, p, nil) },
		}
	})
}
