package main

import (
	"context"

	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/metrics"
)

// The support vector machines of issue 10: SVC() (rbf, gamma "scale", C = 1) on the
// 10 000 × 20 training rows of make_classification(12 500, 20, random_state=0),
// and LinearSVC() (squared hinge, dual coordinate descent, 1000 sweeps at most) on
// the 100 000 × 20 training rows of make_classification(125 000, 20,
// random_state=0); test accuracy on the rest. Neither fit uses more than one
// thread, here or in libsvm / liblinear; SVC's prediction uses the workers.
func init() {
	register("svc", func(workers int) *benchCase {
		m := &svm.SVC{}
		return &benchCase{
			data:    "svc",
			quality: "accuracy",
			fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, s.ytr) },
			predict: func(s *split) ([]float64, error) { return m.Predict(s.Xte) },
			score:   func(s *split, p []float64) float64 { return metrics.AccuracyScore(s.yte, p, nil) },
			facts:   func() map[string]float64 { return map[string]float64{"n_sv": float64(len(m.Support()))} },
		}
	})
	register("linearsvc", func(workers int) *benchCase {
		m := &svm.LinearSVC{}
		return &benchCase{
			data:    "linear",
			quality: "accuracy",
			fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, s.ytr) },
			predict: func(s *split) ([]float64, error) { return m.Predict(s.Xte) },
			score:   func(s *split, p []float64) float64 { return metrics.AccuracyScore(s.yte, p, nil) },
			facts:   func() map[string]float64 { return map[string]float64{"n_iter": float64(m.NIter())} },
		}
	})
}
