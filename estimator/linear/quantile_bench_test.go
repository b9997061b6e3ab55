package linear_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
)

// BenchmarkQuantileRegressor fits the median with a small penalty on regression
// data of growing size (the simplex method's time grows about as n²·p).
func BenchmarkQuantileRegressor(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		ds, _, err := datasets.MakeRegression(datasets.RegressionOptions{NSamples: n, NFeatures: 20, Noise: 10, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				m := linear.QuantileRegressor{Alpha: 0.01}
				if err := m.Fit(context.Background(), ds.X, ds.Y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
