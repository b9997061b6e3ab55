package preprocess_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/preprocess"
)

// Quantiles map a skewed feature to a uniform or normal distribution; a missing
// value (NaN) passes through.
func ExampleQuantileTransformer() {
	X := mat.NewDense(6, 1, []float64{1, 2, 2, 4, 8, 100})
	q := &preprocess.QuantileTransformer{NQuantiles: 6}
	u, err := q.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("quantiles %.4g\n", q.Quantiles()[0])
	fmt.Printf("uniform   %.2f\n", u.RawMatrix().Data)

	out, err := q.Transform(mat.NewDense(3, 1, []float64{3, 1000, math.NaN()}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("new       %.2f\n", out.RawMatrix().Data)

	n := &preprocess.QuantileTransformer{NQuantiles: 6, OutputDistribution: preprocess.QuantileNormal}
	z, err := n.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("normal    %.2f\n", z.RawMatrix().Data)
	back, err := n.InverseTransform(z)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("inverse   %.2f\n", back.RawMatrix().Data)
	// Output:
	// quantiles [1 2 2 4 8 100]
	// uniform   [0.00 0.30 0.30 0.60 0.80 1.00]
	// new       [0.50 1.00 NaN]
	// normal    [-5.20 -0.52 -0.52 0.25 0.84 5.20]
	// inverse   [1.00 2.00 2.00 4.00 8.00 100.00]
}
