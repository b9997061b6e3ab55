package layer

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

func paths[T any](xs []T, path func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, path(x))
	}
	return out
}

func smallNet(rng *rand.Rand) *Sequential {
	return &Sequential{Layers: []Layer{
		NewConv2D(ConvConfig{In: 1, Out: 2, Kernel: 3, Pad: 1, NoBias: true}, rng),
		NewBatchNorm(2),
		ReLU{},
		&Residual{
			Body:     &Sequential{Layers: []Layer{NewConv2D(ConvConfig{In: 2, Out: 2, Kernel: 3, Pad: 1}, rng), NewBatchNorm(2)}},
			Shortcut: NewConv2D(ConvConfig{In: 2, Out: 2, Kernel: 1}, rng),
			Act:      ActReLU,
		},
		GlobalMeanPool{},
		&Dense{W: autograd.NewParam(tensor.New(3, 2))}, // no bias
	}}
}

func TestParamPaths(t *testing.T) {
	net := smallNet(rand.New(rand.NewPCG(1, 2)))
	np := NamedParams(net)
	assert.Equal(t, []string{
		"layers.0.W",
		"layers.1.Gamma", "layers.1.Beta",
		"layers.3.body.layers.0.W", "layers.3.body.layers.0.B",
		"layers.3.body.layers.1.Gamma", "layers.3.body.layers.1.Beta",
		"layers.3.shortcut.W", "layers.3.shortcut.B",
		"layers.5.W",
	}, paths(np, func(p NamedParam) string { return p.Path }))
	assert.Equal(t, []string{
		"layers.1.RunMean", "layers.1.RunVar",
		"layers.3.body.layers.1.RunMean", "layers.3.body.layers.1.RunVar",
	}, paths(Buffers(net), func(b NamedTensor) string { return b.Path }))
	ps := Params(net)
	require.Len(t, ps, len(np))
	for i := range ps {
		assert.Same(t, np[i].Param, ps[i])
	}
	assert.Equal(t, 2*9+2+2+(4*9+2)+2+2+(4+2)+6, NumParams(net))

	// A value (not pointer) Sequential walks the same way.
	assert.Len(t, Params(*net), len(np))
}

func TestParamsTiedAndCycles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d := NewDense(3, 3, Identity, rng)
	net := &Sequential{Layers: []Layer{d, ReLU{}, d}}
	assert.Equal(t, []string{"layers.0.W", "layers.0.B"}, paths(NamedParams(net), func(p NamedParam) string { return p.Path }))
	var empty Sequential
	assert.Empty(t, Params(empty))
	assert.Empty(t, Params(&Dense{}))
}

// listed lists one of its two params under a custom name.
type listed struct {
	A, B *autograd.Param
	Buf  *tensor.Dense
}

func (l *listed) Forward(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return x }
func (l *listed) NamedParams() []NamedParam                                { return []NamedParam{{Path: "only", Param: l.A}} }

func TestParamLister(t *testing.T) {
	l := &listed{A: autograd.NewParam(tensor.New(1)), B: autograd.NewParam(tensor.New(1)), Buf: tensor.New(2)}
	net := Sequential{Layers: []Layer{ReLU{}, l}}
	assert.Equal(t, []string{"layers.1.only"}, paths(NamedParams(net), func(p NamedParam) string { return p.Path }))
	// Buffers are still walked: listed does not implement BufferLister.
	assert.Equal(t, []string{"layers.1.Buf"}, paths(Buffers(net), func(b NamedTensor) string { return b.Path }))
}

func TestWeightsRoundTrip(t *testing.T) {
	src := smallNet(rand.New(rand.NewPCG(1, 2)))
	// Give the running statistics non-default values.
	tp := autograd.NewTape()
	src.Forward(tp, tp.Input(randT(rand.New(rand.NewPCG(5, 5)), 3, 1, 4, 4)))
	b, err := MarshalWeights(src)
	require.NoError(t, err)

	dst := smallNet(rand.New(rand.NewPCG(8, 8)))
	require.NoError(t, UnmarshalWeights(dst, b))
	for i, p := range NamedParams(dst) {
		assert.Equal(t, NamedParams(src)[i].Param.Value.Data(), p.Param.Value.Data(), p.Path)
	}
	for i, bf := range Buffers(dst) {
		assert.Equal(t, Buffers(src)[i].Tensor.Data(), bf.Tensor.Data(), bf.Path)
	}
	b2, err := MarshalWeights(dst)
	require.NoError(t, err)
	assert.Equal(t, b, b2)
}

func TestUnmarshalWeightsMismatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mlp := func(h int, extra bool) *Sequential {
		s := &Sequential{Layers: []Layer{NewDense(4, h, ActReLU, rng), NewDense(h, 2, Identity, rng)}}
		if extra {
			s.Layers = append(s.Layers, NewBatchNorm(2))
		}
		return s
	}
	saved, err := MarshalWeights(mlp(8, false))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		dst  Layer
		b    []byte
		want string
		is   error
	}{
		{"shape", mlp(16, false), saved, "layers.0.W saved with shape [8 4], the layer has [16 4]", ErrArchitecture},
		{"missing", mlp(8, true), saved, "layers.2.Gamma (parameter [2]) missing from the saved weights", ErrArchitecture},
		{"extra", &Sequential{Layers: []Layer{NewDense(4, 8, ActReLU, rng)}}, saved, "saved parameter layers.1.W [2 8] has no place in the layer", ErrArchitecture},
		{"no bias", &Sequential{Layers: []Layer{NewDense(4, 8, ActReLU, rng), &Dense{W: autograd.NewParam(tensor.New(2, 8))}}}, saved,
			"saved parameter layers.1.B [2] has no place", ErrArchitecture},
		{"truncated", mlp(8, false), saved[:len(saved)-3], "corrupt", tensor.ErrCorrupt},
		{"garbage", mlp(8, false), []byte("hello"), "not an skgo weights encoding", tensor.ErrCorrupt},
		{"trailing", mlp(8, false), append(append([]byte{}, saved...), 0), "trailing", tensor.ErrCorrupt},
		{"empty", mlp(8, false), nil, "corrupt", tensor.ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := MarshalWeights(tc.dst)
			require.NoError(t, err)
			require.NotPanics(t, func() { err = UnmarshalWeights(tc.dst, tc.b) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, errors.Is(err, tc.is), "%v", err)
			after, _ := MarshalWeights(tc.dst)
			assert.Equal(t, before, after, "layer unchanged on error")
		})
	}
	// Every truncation of a valid encoding is an error, never a panic.
	for n := range len(saved) {
		require.NotPanics(t, func() { _ = UnmarshalWeights(mlp(8, false), saved[:n]) })
	}
}

func FuzzUnmarshalWeights(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	net := &Sequential{Layers: []Layer{NewDense(2, 3, ActReLU, rng), NewBatchNorm(3)}}
	b, _ := MarshalWeights(net)
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = UnmarshalWeights(net, data)
	})
}
