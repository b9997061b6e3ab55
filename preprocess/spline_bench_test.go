package preprocess

import (
	"context"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// transformerBenchX is the 100 000 × 10 matrix of the transformer benchmarks
// (testdata/bench_spline.py times scikit-learn on the same shapes): standard-normal
// features, exponentiated so that the power and quantile transforms have skew to
// remove.
func transformerBenchX() *mat.Dense {
	rng := rand.New(rand.NewPCG(0, 0))
	X := mat.NewDense(100_000, 10, nil)
	raw := X.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.ExpFloat64()
	}
	return X
}

// BenchmarkSplineTransformer is Fit then Transform with the default settings
// (5 uniform knots, cubic, constant extrapolation): 100 000 × 10 → 100 000 × 70.
func BenchmarkSplineTransformer(b *testing.B) {
	X := transformerBenchX()
	for b.Loop() {
		s := &SplineTransformer{}
		if _, err := s.FitTransform(context.Background(), X, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPowerTransformer is Fit then Transform with Yeo-Johnson and
// standardization on 100 000 × 10.
func BenchmarkPowerTransformer(b *testing.B) {
	X := transformerBenchX()
	for b.Loop() {
		p := &PowerTransformer{}
		if _, err := p.FitTransform(context.Background(), X, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuantileTransformer is Fit then Transform with the default settings
// (1000 quantiles, uniform output, subsample 10 000) on 100 000 × 10.
func BenchmarkQuantileTransformer(b *testing.B) {
	X := transformerBenchX()
	for b.Loop() {
		q := &QuantileTransformer{}
		if _, err := q.FitTransform(context.Background(), X, nil); err != nil {
			b.Fatal(err)
		}
	}
}
