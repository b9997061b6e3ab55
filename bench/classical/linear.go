package main

import (
	"context"
	"math"

	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
)

// The linear models of issue 10: SGDClassifier() (hinge, l2, alpha 1e-4, optimal
// learning rate, up to 1000 epochs with tol 1e-3, shuffled with seed 0) on the
// 100 000 × 20 training rows of the "linear" set, test accuracy; and RidgeCV over
// the 20 alphas numpy.logspace(-3, 3, 20) (efficient leave-one-out) on the
// 100 000 × 100 training rows of the "ridge" set, test R². The seeds differ in
// meaning (Go's PCG against numpy's MT19937), so SGD's epochs and accuracy may
// differ slightly; RidgeCV picks the same alpha.
func init() {
	register("sgd", func(workers int) *benchCase {
		m := &linear.SGDClassifier{Workers: workers}
		return &benchCase{
			data:    "linear",
			quality: "accuracy",
			fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, s.ytr) },
			predict: func(s *split) ([]float64, error) { return m.Predict(s.Xte) },
			score:   func(s *split, p []float64) float64 { return metrics.AccuracyScore(s.yte, p, nil) },
			facts:   func() map[string]float64 { return map[string]float64{"n_iter": float64(m.NIter())} },
		}
	})
	register("ridgecv", func(workers int) *benchCase {
		alphas := make([]float64, 20)
		for i := range alphas {
			alphas[i] = math.Pow(10, -3+6*float64(i)/19)
		}
		m := &linear.RidgeCV{Alphas: alphas}
		return &benchCase{
			data:    "ridge",
			quality: "r2",
			fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, s.ytr) },
			predict: func(s *split) ([]float64, error) { return m.Predict(s.Xte) },
			score:   func(s *split, p []float64) float64 { return metrics.R2Score(s.yte, p, nil) },
			facts:   func() map[string]float64 { return map[string]float64{"alpha": m.Alpha()} },
		}
	})
}
