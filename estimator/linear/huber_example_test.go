package linear_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/linear"
)

func ExampleHuberRegressor() {
	// y = 2x + 1 with small noise, and one gross outlier at x = 9.
	X := mat.NewDense(10, 1, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	y := []float64{1.1, 2.9, 5.0, 7.1, 8.9, 11.0, 13.1, 14.9, 17.0, 60}
	var h linear.HuberRegressor // scikit-learn's HuberRegressor(): epsilon 1.35, alpha 1e-4
	if err := h.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	var ols linear.Regression
	if err := ols.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("huber: slope %.2f intercept %.2f, outlier flagged: %t\n", h.Coef()[0], h.Intercept(), h.Outliers()[9])
	fmt.Printf("least squares: slope %.2f\n", ols.Coef()[0])
	// Output:
	// huber: slope 2.01 intercept 0.99, outlier flagged: true
	// least squares: slope 4.23
}
