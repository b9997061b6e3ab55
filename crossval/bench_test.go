package crossval_test

import (
	"context"
	"testing"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/metrics"
)

// BenchmarkBostonScore is the per-fold overhead figure of bench/bostoncv: 10-fold CV
// of OLS on Boston with a single R² scorer.
func BenchmarkBostonScore(b *testing.B) {
	ds := datasets.Boston()
	ctx := context.Background()
	for b.Loop() {
		if _, err := crossval.Score(ctx, &linear.Regression{}, ds.X, ds.Y, crossval.KFold{K: 10}, metrics.R2); err != nil {
			b.Fatal(err)
		}
	}
}
