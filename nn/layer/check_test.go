package layer

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/tensor"
)

func TestCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	require.NoError(t, Check(LeNet(rng)))
	require.NoError(t, Check(&Residual{Body: NewDense(3, 3, ActReLU, rng)}), "a nil shortcut is the identity")
	for name, l := range map[string]Layer{
		"nil":                nil,
		"nil *Sequential":    (*Sequential)(nil),
		"nil inside":         &Sequential{Layers: []Layer{ReLU{}, nil}},
		"nil *Dense inside":  Sequential{Layers: []Layer{&Sequential{Layers: []Layer{(*Dense)(nil)}}}},
		"Dense without W":    &Dense{},
		"bad activation":     &Dense{W: NewDense(2, 2, "", rng).W, Act: "swish"},
		"Conv2D without W":   &Conv2D{},
		"BatchNorm buffers":  &BatchNorm{Gamma: NewBatchNorm(2).Gamma, Beta: NewBatchNorm(2).Beta},
		"residual nil body":  &Residual{},
		"typed-nil shortcut": &Residual{Body: ReLU{}, Shortcut: (*Dense)(nil)},
		"Lambda without Fn":  Lambda{},
	} {
		err := Check(l)
		require.ErrorIs(t, err, ErrInvalidLayer, name)
		t.Log(err)
	}
}

func TestSavedShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := &Sequential{Layers: []Layer{NewDense(3, 4, ActReLU, rng), NewBatchNorm(4)}}
	b, err := MarshalWeights(net)
	require.NoError(t, err)
	shapes, err := SavedShapes(b)
	require.NoError(t, err)
	assert.Equal(t, []SavedTensor{
		{Path: "layers.0.W", Shape: []int{4, 3}}, {Path: "layers.0.B", Shape: []int{4}},
		{Path: "layers.1.Gamma", Shape: []int{4}}, {Path: "layers.1.Beta", Shape: []int{4}},
		{Path: "layers.1.RunMean", Buffer: true, Shape: []int{4}}, {Path: "layers.1.RunVar", Buffer: true, Shape: []int{4}},
	}, shapes)

	// A forged dimension asking for more values than the bytes hold is rejected
	// before anything of that size is allocated, by SavedShapes and UnmarshalWeights.
	off := len(weightsMagic) + 4 + 4 + 1
	off += 4 + int(binary.LittleEndian.Uint32(b[off:])) + 4 + 4
	binary.LittleEndian.PutUint32(b[off:], 1<<31)
	_, err = SavedShapes(b)
	require.ErrorIs(t, err, tensor.ErrCorrupt)
	fresh := &Sequential{Layers: []Layer{NewDense(3, 4, ActReLU, rng), NewBatchNorm(4)}}
	var uerr error
	allocs := testing.AllocsPerRun(1, func() { uerr = UnmarshalWeights(fresh, b) })
	require.ErrorIs(t, uerr, tensor.ErrCorrupt)
	assert.Less(t, allocs, 100.0)
}

func TestIdentitySpellings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	assert.Equal(t, NewDense(2, 3, "", rng).String(), NewDense(2, 3, Identity, rng).String())
	assert.Equal(t, "Dense 2 => 3", NewDense(2, 3, Identity, rng).String())
	assert.NoError(t, Activation("").Validate())
	assert.Equal(t, "identity", Activation("").String())
}
