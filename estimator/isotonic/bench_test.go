package isotonic

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkFit fits 100 000 noisy points (compare with testdata/bench_isotonic.py).
func BenchmarkFit(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 100_000
	x, y := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64() * 2
		y[i] = math.Tanh(x[i]) + rng.NormFloat64()*0.5
	}
	m := &IsotonicRegression{}
	for b.Loop() {
		if err := m.FitXY(context.Background(), x, y); err != nil {
			b.Fatal(err)
		}
	}
}
