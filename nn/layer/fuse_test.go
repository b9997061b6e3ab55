package layer_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/tensor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomiseBN gives every BatchNorm of l non-trivial γ, β and running statistics,
// as after training.
func randomiseBN(l layer.Layer, rng *rand.Rand) {
	for _, np := range layer.NamedParams(l) {
		if n := np.Path; len(n) > 5 && (n[len(n)-5:] == "Gamma" || n[len(n)-4:] == "Beta") {
			for i := range np.Param.Value.Data() {
				np.Param.Value.Data()[i] = float32(0.5 + rng.Float64())
			}
		}
	}
	for _, b := range layer.Buffers(l) {
		for i := range b.Tensor.Data() {
			v := rng.NormFloat64() * 0.3
			if b.Path[len(b.Path)-6:] == "RunVar" {
				v = 0.2 + rng.Float64()
			}
			b.Tensor.Data()[i] = float32(v)
		}
	}
}

func infer(l layer.Layer, x *tensor.Dense) []float32 {
	tp := autograd.Inference()
	return append([]float32(nil), l.Forward(tp, tp.Input(x)).Value.Data()...)
}

func countBN(l layer.Layer) int {
	n := 0
	for _, b := range layer.Buffers(l) {
		if b.Path[len(b.Path)-7:] == "RunMean" {
			n++
		}
	}
	return n
}

func TestFuseBatchNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	nets := map[string]layer.Layer{
		// A small ResNet: stem, a downsampling block with a 1×1 shortcut, an identity block.
		"resnet": &layer.Sequential{Layers: []layer.Layer{
			layer.NewConv2D(layer.ConvConfig{In: 3, Out: 4, Kernel: 3, Pad: 1, NoBias: true}, rng), layer.NewBatchNorm(4), layer.ReLU{},
			layer.BasicBlock(4, 8, 2, rng), layer.BasicBlock(8, 8, 1, rng),
			layer.GlobalMeanPool{}, layer.NewDense(8, 5, layer.Identity, rng),
		}},
		// VGG style: biased convolutions, values rather than pointers, a BatchNorm that
		// follows a Dense (left alone).
		"vgg": layer.Sequential{Layers: []layer.Layer{
			*layer.NewConv2D(layer.ConvConfig{In: 3, Out: 6, Kernel: 3, Pad: 1}, rng), *layer.NewBatchNorm(6), layer.ReLU{}, layer.MaxPool2D{Size: 2},
			layer.NewConv2D(layer.ConvConfig{In: 6, Out: 6, Kernel: 3, Stride: 2, Pad: 1, Dilation: 1}, rng), &layer.BatchNorm{
				Gamma: layer.NewBatchNorm(6).Gamma, Beta: layer.NewBatchNorm(6).Beta, RunMean: tensor.New(6), RunVar: tensor.New(6), Eps: 1e-3},
			layer.ReLU{}, layer.Flatten{}, layer.NewDense(24, 7, layer.Identity, rng), layer.NewBatchNorm(7),
		}},
	}
	for name, net := range nets {
		randomiseBN(net, rng)
		x := tensor.New(3, 3, 8, 8)
		for i := range x.Data() {
			x.Data()[i] = float32(rng.NormFloat64())
		}
		before, err := layer.MarshalWeights(net)
		require.NoError(t, err)
		want := infer(net, x)

		fused, err := layer.FuseBatchNorm(net)
		require.NoError(t, err, name)
		got := infer(fused, x)
		require.Len(t, got, len(want))
		var worst float64
		for i := range want {
			d := math.Abs(float64(got[i]-want[i])) / max(1, math.Abs(float64(want[i])))
			worst = max(worst, d)
		}
		// float32 rounding of the folded weights and of one fewer pass: observed ~5e-7.
		assert.Less(t, worst, 1e-5, name)

		after, err := layer.MarshalWeights(net)
		require.NoError(t, err)
		assert.Equal(t, before, after, "%s: the original network is unchanged", name)
		assert.Equal(t, infer(net, x), want)
	}
	// Every convolution + BatchNorm pair is folded; the Dense + BatchNorm stays.
	f, err := layer.FuseBatchNorm(nets["resnet"])
	require.NoError(t, err)
	assert.Equal(t, 0, countBN(f))
	assert.Equal(t, 6, countBN(nets["resnet"]))
	f, err = layer.FuseBatchNorm(nets["vgg"])
	require.NoError(t, err)
	assert.Equal(t, 1, countBN(f))
}

func TestFuseBatchNormResNet18(t *testing.T) {
	if testing.Short() {
		t.Skip("ResNet18 forward passes")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	net := layer.ResNet18(10, rng)
	randomiseBN(net, rng)
	x := tensor.New(2, 3, 32, 32)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.NormFloat64())
	}
	want := infer(net, x)
	fused, err := layer.FuseBatchNorm(net)
	require.NoError(t, err)
	got := infer(fused, x)
	for i := range want {
		assert.InDelta(t, want[i], got[i], 1e-5*max(1, math.Abs(float64(want[i]))), "logit %d", i)
	}
}

func TestFuseBatchNormErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	_, err := layer.FuseBatchNorm(nil)
	assert.ErrorIs(t, err, layer.ErrInvalidLayer)
	_, err = layer.FuseBatchNorm(&layer.Sequential{Layers: []layer.Layer{
		layer.NewConv2D(layer.ConvConfig{In: 1, Out: 3, Kernel: 3}, rng), layer.NewBatchNorm(4)}})
	assert.ErrorIs(t, err, layer.ErrInvalidLayer)
}
