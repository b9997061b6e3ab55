package autograd_test

import (
	"fmt"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// A tape records operations; Backward fills the parameters' gradients:
// for loss = mean(x·w), ∂loss/∂w = column means of x.
func ExampleTape_Backward() {
	w := autograd.NewParam(tensor.FromSlice([]float32{1, -1}, 2, 1))
	x := tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)
	tp := autograd.NewTape()
	loss := tp.Mean(tp.MatMul(tp.Input(x), tp.Param(w)))
	tp.Backward(loss)
	fmt.Printf("loss %.1f, grad %v\n", loss.Item(), w.Grad.Data())
	// Output: loss -1.0, grad [2 3]
}
