package tensor_test

import (
	"fmt"

	"github.com/skgo/skgo/nn/tensor"
)

// MatMul fills the receiver with a·b, sizing an empty receiver itself.
func ExampleDense_MatMul() {
	a := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	b := tensor.FromSlice([]float32{1, 0, 0, 1, 1, 1}, 3, 2)
	var c tensor.Dense
	c.MatMul(a, b)
	fmt.Println(c.Shape(), c.Data())
	// Output: [2 2] [4 5 10 11]
}
