package ensemble

import (
	"context"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// forestBenchData is a make_regression-like problem: n rows of p standard normal
// features and a linear target with noise.
func forestBenchData(n, p int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	coef := make([]float64, p)
	for j := range coef {
		coef[j] = rng.NormFloat64() * 10
	}
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			v := rng.NormFloat64()
			X.Set(i, j, v)
			y[i] += coef[j] * v
		}
		y[i] += rng.NormFloat64()
	}
	return X, y
}

// BenchmarkForestRegressorFit grows 10 fully grown trees on 10 000 × 20 rows with
// one worker (scikit-learn's RandomForestRegressor defaults otherwise).
func BenchmarkForestRegressorFit(b *testing.B) {
	X, y := forestBenchData(10000, 20)
	b.ResetTimer()
	for range b.N {
		m := &RandomForestRegressor{NEstimators: 10, Workers: 1}
		if err := m.Fit(context.Background(), X, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkForestPredict predicts 10 000 rows with a forest of 10 fully grown trees
// on one worker; ns/tree/row is the time per tree and row.
func BenchmarkForestPredict(b *testing.B) {
	X, y := forestBenchData(10000, 20)
	m := &RandomForestRegressor{NEstimators: 10, Workers: 1}
	if err := m.Fit(context.Background(), X, y); err != nil {
		b.Fatal(err)
	}
	Q, _ := forestBenchData(10000, 20)
	b.ResetTimer()
	for range b.N {
		if _, err := m.Predict(Q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10/10000, "ns/tree/row")
}
