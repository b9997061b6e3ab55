package linear_test

import (
	"context"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/datasets"
	"github.com/skgo/skgo/estimator/linear"
)

func ExampleRegression() {
	// y = 1 + 2·x₀ − x₁, exactly.
	X := mat.NewDense(5, 2, []float64{
		0, 1,
		1, 0,
		2, 2,
		3, 1,
		4, 5,
	})
	y := []float64{0, 3, 3, 6, 4}
	var r linear.Regression // the zero value fits an intercept
	if err := r.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef=%.4f intercept=%.4f\n", r.Coef(), r.Intercept())
	pred, err := r.Predict(mat.NewDense(1, 2, []float64{10, 3}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("prediction for (10, 3): %.4f\n", pred[0])
	// Output:
	// coef=[2.0000 -1.0000] intercept=1.0000
	// prediction for (10, 3): 18.0000
}

// A duplicated column makes the least-squares problem rank deficient; like
// scikit-learn, Regression returns the minimum-norm solution, which splits the
// weight evenly.
func ExampleRegression_rankDeficient() {
	X := mat.NewDense(4, 2, []float64{1, 1, 2, 2, 3, 3, 4, 4})
	y := []float64{3, 5, 7, 9}
	var r linear.Regression
	if err := r.Fit(context.Background(), X, y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef=%.4f intercept=%.4f\n", r.Coef(), r.Intercept())
	// Output: coef=[1.0000 1.0000] intercept=1.0000
}

func ExampleRidge() {
	d := datasets.Diabetes()
	r := linear.Ridge{Alpha: 1}
	if err := r.Fit(context.Background(), d.X, d.Y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("intercept=%.4f\n", r.Intercept())
	fmt.Printf("bmi coef=%.4f\n", r.Coef()[2])
	// Output:
	// intercept=152.1335
	// bmi coef=306.3527
}

func ExampleRidge_FitWeighted() {
	X := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	y := []float64{1, 3, 5, 100}   // an outlier…
	w := []float64{1, 1, 1, 0}     // …with zero weight is ignored
	r := linear.Ridge{Alpha: 1e-9} // essentially least squares
	if err := r.FitWeighted(context.Background(), X, y, w); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef=%.4f intercept=%.4f\n", r.Coef()[0], r.Intercept())
	// Output: coef=2.0000 intercept=1.0000
}

func ExampleLasso() {
	d := datasets.Diabetes()
	l := linear.Lasso{Alpha: 1}
	if err := l.Fit(context.Background(), d.X, d.Y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef=%.4f\n", l.Coef())
	fmt.Printf("intercept=%.4f converged=%v after %d sweeps\n", l.Intercept(), l.Converged(), l.NIter())
	// Output:
	// coef=[0.0000 -0.0000 367.7039 6.2989 0.0000 0.0000 -0.0000 0.0000 307.6054 0.0000]
	// intercept=152.1335 converged=true after 8 sweeps
}

func ExampleElasticNet() {
	d := datasets.Diabetes()
	e := linear.ElasticNet{Alpha: 0.01, L1Ratio: 0.5}
	if err := e.Fit(context.Background(), d.X, d.Y); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("bmi coef=%.4f intercept=%.4f converged=%v after %d sweeps\n",
		e.Coef()[2], e.Intercept(), e.Converged(), e.NIter())
	// Output: bmi coef=211.0244 intercept=152.1335 converged=true after 7 sweeps
}
