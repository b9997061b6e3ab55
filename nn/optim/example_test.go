package optim_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

// Fit y = 2x − 1 with a one-unit dense layer and Adam.
func ExampleSetup() {
	rng := rand.New(rand.NewPCG(1, 2))
	net := layer.NewDense(1, 1, layer.Identity, rng)
	x := tensor.FromSlice([]float32{-1, 0, 1, 2}, 4, 1)
	y := tensor.FromSlice([]float32{-3, -1, 1, 3}, 4, 1)

	opt := optim.Setup(&optim.Adam{LR: 0.1}, layer.Params(net))
	tp := autograd.NewTape()
	for range 300 {
		tp.Reset()
		loss := tp.MSE(net.Forward(tp, tp.Input(x)), tp.Input(y))
		tp.Backward(loss)
		opt.Step() // update from the gradients, then zero them
	}
	fmt.Printf("w=%.3f b=%.3f after %d steps\n", net.W.Value.At(0, 0), net.B.Value.At(0), opt.Steps())
	// Output: w=2.000 b=-1.000 after 300 steps
}

func ExampleWarmUp() {
	s := optim.WarmUp{Steps: 2, StartFactor: 0.5, Then: optim.CosineAnnealing{TMax: 4}}
	for epoch := range 7 {
		fmt.Printf("%.4f ", s.LR(0.1, epoch))
	}
	fmt.Println()
	// Output: 0.0500 0.0750 0.1000 0.0854 0.0500 0.0146 0.0000
}

func ExampleOptimizer_SetEpoch() {
	p := autograd.NewParam(tensor.New(3))
	opt := optim.Setup(optim.SGD{LR: 0.1, Momentum: 0.9}, []*autograd.Param{p})
	opt.Schedule = optim.StepLR{StepSize: 2, Gamma: 0.5}
	for epoch := range 5 {
		opt.SetEpoch(epoch)
		fmt.Printf("epoch %d: lr %.4f\n", epoch, opt.LR())
	}
	// Output:
	// epoch 0: lr 0.1000
	// epoch 1: lr 0.1000
	// epoch 2: lr 0.0500
	// epoch 3: lr 0.0500
	// epoch 4: lr 0.0250
}

func ExampleOptimizer_MarshalBinary() {
	p := autograd.NewParam(tensor.FromSlice([]float32{1, 2}, 2))
	opt := optim.Setup(optim.Adam{}, []*autograd.Param{p})
	p.Grad.Fill(1)
	opt.Step()
	state, _ := opt.MarshalBinary() // save with the weights to resume training

	resumed := optim.Setup(optim.Adam{}, []*autograd.Param{p})
	if err := resumed.UnmarshalBinary(state); err != nil {
		fmt.Println(err)
	}
	fmt.Println(resumed.Steps())
	// Output: 1
}
