package linear_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/linear"
)

func ExampleQuantileRegressor() {
	// The spread of y grows with x: the 10% and 90% quantile lines fan out.
	X := mat.NewDense(12, 1, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	y := []float64{1.2, 1.5, 3.9, 3.1, 6.5, 4.2, 9.0, 6.1, 11.4, 7.5, 13.6, 9.0}
	for _, q := range []float64{0.1, 0.5, 0.9} {
		m := linear.QuantileRegressor{Quantile: q, NoPenalty: true}
		if err := m.Fit(context.Background(), X, y); err != nil {
			log.Fatal(err)
		}
		// Round to 3 decimals; + 0 turns a rounded −0 into 0.
		b := math.Round(m.Intercept()*1000)/1000 + 0
		fmt.Printf("quantile %.1f: y = %.3f·x %+.3f\n", q, m.Coef()[0], b)
	}
	// Output:
	// quantile 0.1: y = 0.750·x +0.000
	// quantile 0.5: y = 0.709·x +0.491
	// quantile 0.9: y = 1.250·x +0.250
}
