package layer_test

import (
	"math/rand/v2"
	"testing"

	"github.com/skgo/skgo/nn/layer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFastResNet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	// Page's ResNet-9 (w = 64): 6,563,520 convolution weights, 4,480 BatchNorm
	// scales and shifts, the 512·10 classifier weights (6,573,120 in PyTorch's
	// bias-free version), and the 10 biases of the Dense here.
	net := layer.FastResNet(64, 10, rng)
	require.NoError(t, layer.Check(net))
	assert.Equal(t, 6_573_120+10, layer.NumParams(net))
	small := layer.FastResNet(4, 10, rng)
	out, err := layer.OutputShape(small, []int{3, 32, 32})
	require.NoError(t, err)
	assert.Equal(t, []int{10}, out)
	fused, err := layer.FuseBatchNorm(small)
	require.NoError(t, err)
	out, err = layer.OutputShape(fused, []int{3, 32, 32})
	require.NoError(t, err)
	assert.Equal(t, []int{10}, out)
}
