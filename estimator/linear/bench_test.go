package linear_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/linear"
)

func benchData(n, p int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(2024, 1))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		row := X.RawRowView(i)
		for j := range row {
			row[j] = rng.NormFloat64() + float64(j%7)
			y[i] += row[j] * float64(j%3-1)
		}
		y[i] += 3 + 0.1*rng.NormFloat64()
	}
	return X, y
}

func benchFit(b *testing.B, e estimator.Estimator, X *mat.Dense, y []float64) {
	b.Helper()
	ctx := context.Background()
	for b.Loop() {
		if err := e.Fit(ctx, X, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegressionFit covers the QR path (Boston) and the parallel Gram path
// (tall synthetic sets; bench/ols times the full 200 000 × 100 problem).
func BenchmarkRegressionFit(b *testing.B) {
	d := datasets.Boston()
	b.Run("boston", func(b *testing.B) { benchFit(b, &linear.Regression{}, d.X, d.Y) })
	for _, s := range [][2]int{{20000, 50}, {50000, 100}} {
		X, y := benchData(s[0], s[1])
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) { benchFit(b, &linear.Regression{}, X, y) })
	}
}

func BenchmarkRidgeFit(b *testing.B) {
	d := datasets.Boston()
	X, y := benchData(50000, 100)
	for _, s := range []linear.RidgeSolver{linear.RidgeAuto, linear.RidgeCholesky, linear.RidgeSVD} {
		b.Run(fmt.Sprintf("boston/%q", s), func(b *testing.B) { benchFit(b, &linear.Ridge{Alpha: 1, Solver: s}, d.X, d.Y) })
	}
	b.Run("50000x100", func(b *testing.B) { benchFit(b, &linear.Ridge{Alpha: 1}, X, y) })
}

func BenchmarkLassoFit(b *testing.B) {
	d := datasets.Diabetes()
	b.Run("diabetes/alpha=0.01", func(b *testing.B) { benchFit(b, &linear.Lasso{Alpha: 0.01}, d.X, d.Y) })
	X, y := benchData(20000, 50)
	b.Run("20000x50/alpha=0.1", func(b *testing.B) { benchFit(b, &linear.Lasso{Alpha: 0.1}, X, y) })
}

func BenchmarkElasticNetFit(b *testing.B) {
	d := datasets.Diabetes()
	b.Run("diabetes", func(b *testing.B) { benchFit(b, &linear.ElasticNet{Alpha: 0.01, L1Ratio: 0.5}, d.X, d.Y) })
}
