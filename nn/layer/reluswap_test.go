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

// TestBatchNormReLUFusion checks that Sequential's fused BatchNorm + ReLU gives the
// bits of the literal order (the ReLU kept apart by a nested Sequential) on a small
// ResNet-style stack: output, input gradient, every parameter gradient and the
// running statistics.
func TestBatchNormReLUFusion(t *testing.T) {
	build := func(literal bool) *Sequential {
		rng := rand.New(rand.NewPCG(9, 10))
		var relu Layer = ReLU{}
		if literal {
			relu = &Sequential{Layers: []Layer{ReLU{}}}
		}
		return &Sequential{Layers: []Layer{
			NewConv2D(ConvConfig{In: 3, Out: 8, Kernel: 3, Pad: 1, NoBias: true}, rng), NewBatchNorm(8), relu,
			BasicBlock(8, 8, 1, rng), GlobalMeanPool{}, NewDense(8, 4, Identity, rng),
		}}
	}
	rng := rand.New(rand.NewPCG(11, 12))
	x := tensor.New(5, 3, 6, 6)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.NormFloat64())
	}
	run := func(net *Sequential) (vals [][]float32) {
		tp := autograd.NewTape()
		xp := autograd.NewParam(x.Clone())
		y := net.Forward(tp, tp.Param(xp))
		tp.Backward(tp.SoftmaxCrossEntropy(y, []int{0, 1, 2, 3, 1}, 0))
		vals = append(vals, y.Value.Clone().Data(), xp.Grad.Data())
		for _, p := range Params(net) {
			vals = append(vals, p.Grad.Data())
		}
		bn := net.Layers[1].(*BatchNorm)
		return append(vals, bn.RunMean.Data(), bn.RunVar.Data())
	}
	a, b := run(build(false)), run(build(true))
	require.Len(t, a, len(b))
	for k := range a {
		require.Equal(t, len(a[k]), len(b[k]))
		for i := range a[k] {
			require.Equal(t, math.Float32bits(b[k][i]), math.Float32bits(a[k][i]), "value %d[%d]", k, i)
		}
	}
}
