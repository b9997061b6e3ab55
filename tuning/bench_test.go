package tuning_test

import (
	"context"
	"math"
	"testing"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/tuning"
)

// BenchmarkBostonGrid is the bench/sweep task: 26 candidates × 5 folds on Boston.
func BenchmarkBostonGrid(b *testing.B) {
	ds := datasets.Boston()
	alphas := make([]float64, 13)
	for i := range alphas {
		alphas[i] = math.Pow(10, -3+0.5*float64(i))
	}
	for b.Loop() {
		s := &tuning.Search{Estimator: bostonPipeline(), Space: tuning.Grid{
			{Param: "poly.Degree", Values: tuning.Values(1, 2)},
			{Param: "ridge.Alpha", Values: tuning.Values(alphas...)},
		}, CV: crossval.KFold{K: 5}, Scoring: metrics.R2, Workers: 1}
		if err := s.Fit(context.Background(), ds.X, ds.Y); err != nil {
			b.Fatal(err)
		}
	}
}
