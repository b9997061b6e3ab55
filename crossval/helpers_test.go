package crossval

// Test data helpers; the test estimators are internal/testutil's LSQ and Centroid.

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

// rowMatrix is a mat.Matrix that implements estimator.RowSelector, standing in for
// preprocess.Frame: selecting rows keeps the type.
type rowMatrix struct{ *mat.Dense }

func (m rowMatrix) SelectRows(idx []int) mat.Matrix {
	return rowMatrix{estimator.Rows(m.Dense, idx).(*mat.Dense)}
}

// regData returns n rows of a noisy linear problem with 2 features; x0 = row index + 1.
func regData(n int) (*mat.Dense, []float64) {
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		a, b := float64(i+1), math.Sin(float64(i)*1.7)*3
		X.Set(i, 0, a)
		X.Set(i, 1, b)
		y[i] = 0.5*a - 2*b + 1 + math.Cos(float64(i)*2.3)
	}
	return X, y
}

// clsData returns n rows of 3 classes (labels 2, 5, 7) in 2 features, interleaved.
func clsData(n int) (*mat.Dense, []float64) {
	X := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	labels := []float64{2, 5, 7}
	for i := range n {
		k := i % 3
		y[i] = labels[k]
		X.Set(i, 0, float64(i+1)/1000) // distinct x0 for FailIfMissing
		X.Set(i, 1, float64(3*k)+math.Sin(float64(i)))
	}
	return X, y
}
