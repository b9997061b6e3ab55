package calibration_test

import (
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

func rows(X *mat.Dense, idx []int) mat.Matrix { return estimator.Rows(X, idx) }

func pick(y []float64, idx []int) []float64 { return estimator.Select(y, idx) }
