package main

import (
	"context"

	"github.com/skgo/skgo/preprocess"
)

// pca is PCA(10) of the 100 000 × 100 training rows of make_regression(125 000,
// 100, noise=10, random_state=0) (the ridge data set); the quality is the summed
// explained-variance ratio of the 10 components, and predict is Transform of the
// 25 000 test rows. "pca" is PCA(10) with the default SvdSolver "auto" (randomized
// for this shape, on both sides), "pca-full" the exact SvdSolver "full".
func init() {
	mk := func(solver preprocess.PCASolver) func(int) *benchCase {
		return func(workers int) *benchCase { return pcaCase(solver) }
	}
	register("pca", mk(preprocess.PCASolverAuto))
	register("pca-full", mk(preprocess.PCASolverFull))
}

func pcaCase(solver preprocess.PCASolver) *benchCase {
	m := &preprocess.PCA{NComponents: 10, SvdSolver: solver}
	return &benchCase{
		data:    "ridge",
		quality: "evr_sum",
		fit:     func(ctx context.Context, s *split) error { return m.Fit(ctx, s.Xtr, nil) },
		predict: func(s *split) ([]float64, error) {
			z, err := m.Transform(s.Xte)
			if err != nil {
				return nil, err
			}
			return z.RawMatrix().Data, nil
		},
		score: func(*split, []float64) float64 {
			t := 0.0
			for _, v := range m.ExplainedVarianceRatio() {
				t += v
			}
			return t
		},
	}
}
