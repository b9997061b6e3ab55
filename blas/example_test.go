package blas_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/blas"
)

// Use makes gonum's matrix products (mat.Dense.Mul here; the SVDs, QR and
// eigendecompositions of mat and lapack too) run skgo's kernels until restore is
// called.
func ExampleUse() {
	restore := blas.Use()
	defer restore()

	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	var c mat.Dense
	c.Mul(a, b)
	fmt.Println(mat.Formatted(&c))
	// Output:
	// ⎡ 58   64⎤
	// ⎣139  154⎦
}
