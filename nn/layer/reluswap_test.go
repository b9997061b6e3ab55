package layer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// TestReLUMaxPoolSwap checks that Sequential's ReLU-after-pooling reordering gives
// the bits of the literal order (ReLU then MaxPool2D, kept apart by a nested
// Sequential) for the output, the input gradient and every parameter gradient, on
// LeNet with MNIST-shaped input, including inputs whose windows are all negative.
func TestReLUMaxPoolSwap(t *testing.T) {
	fast := LeNet(rand.New(rand.NewPCG(5, 6)))
	literal := &Sequential{}
	for i := 0; i < len(fast.Layers); i++ {
		if _, ok := fast.Layers[i].(ReLU); ok {
			if _, ok := fast.Layers[i+1].(MaxPool2D); ok {
				literal.Layers = append(literal.Layers, &Sequential{Layers: []Layer{ReLU{}}})
				continue
			}
		}
		literal.Layers = append(literal.Layers, fast.Layers[i])
	}
	rng := rand.New(rand.NewPCG(7, 8))
	x := tensor.New(4, 1, 28, 28)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.NormFloat64())
	}
	run := func(net Layer) (out, dx []float32, grads [][]float32) {
		for _, p := range Params(net) {
			p.ZeroGrad()
		}
		tp := autograd.NewTape()
		xp := autograd.NewParam(x.Clone())
		y := net.Forward(tp, tp.Param(xp))
		tp.Backward(tp.SoftmaxCrossEntropy(y, []int{1, 3, 5, 7}, 0))
		for _, p := range Params(net) {
			grads = append(grads, append([]float32(nil), p.Grad.Data()...))
		}
		return append([]float32(nil), y.Value.Data()...), append([]float32(nil), xp.Grad.Data()...), grads
	}
	o1, d1, g1 := run(fast)
	o2, d2, g2 := run(literal)
	bits := func(what string, a, b []float32) {
		require.Equal(t, len(a), len(b), what)
		for i := range a {
			require.Equal(t, math.Float32bits(b[i]), math.Float32bits(a[i]), "%s[%d]", what, i)
		}
	}
	bits("output", o1, o2)
	bits("input gradient", d1, d2)
	require.Len(t, g1, len(g2))
	for k := range g1 {
		bits("parameter gradient", g1[k], g2[k])
	}
}

// BenchmarkLeNetStep times LeNet's forward and backward pass on a batch of 100
// MNIST-shaped inputs (go test -bench LeNetStep -cpu 1,2 ./nn/layer).
func BenchmarkLeNetStep(b *testing.B) {
	net := LeNet(rand.New(rand.NewPCG(1, 2)))
	rng := rand.New(rand.NewPCG(3, 4))
	x := tensor.New(100, 1, 28, 28)
	for i := range x.Data() {
		x.Data()[i] = rng.Float32()
	}
	labels := make([]int, 100)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	tp := autograd.NewTape()
	for b.Loop() {
		tp.Reset()
		tp.Backward(tp.SoftmaxCrossEntropy(net.Forward(tp, tp.Input(x)), labels, 0))
	}
}
