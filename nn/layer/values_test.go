package layer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

// torchValues is a "values/..." entry of testdata/torch.json: a small PyTorch model's
// parameters and buffers (named_parameters / named_buffers order), an input, its
// outputs in eval and train mode, the gradients of sum(y ⊙ linspace(−1, 1)) in train
// mode, and the running statistics after that train-mode forward.
type torchValues struct {
	Params       [][]float64 `json:"params"`
	ParamNames   []string    `json:"param_names"`
	Buffers      [][]float64 `json:"buffers"`
	X            []float64   `json:"x"`
	XShape       []int       `json:"x_shape"`
	YEval        []float64   `json:"y_eval"`
	YTrain       []float64   `json:"y_train"`
	YShape       []int       `json:"y_shape"`
	Grads        [][]float64 `json:"grads"`
	BuffersAfter [][]float64 `json:"buffers_after"`
}

func f32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// close32 checks |got − want| ≤ tol·max(1, |want|) elementwise.
func close32(t *testing.T, want []float64, got []float32, tol float64, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > tol*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s[%d]: got %.7g, PyTorch %.7g", what, i, got[i], want[i])
		}
	}
}

func TestForwardBackwardMatchPyTorch(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	rng := rand.New(rand.NewPCG(1, 1)) // weights are overwritten by PyTorch's
	for _, tc := range []struct {
		key   string
		build func() Layer
	}{
		{"small_cnn", func() Layer {
			return &Sequential{Layers: []Layer{
				NewConv2D(ConvConfig{In: 2, Out: 3, Kernel: 3, Pad: 1}, rng), NewBatchNorm(3), ReLU{}, MaxPool2D{Size: 2},
				NewConv2D(ConvConfig{In: 3, Out: 4, Kernel: 3, Stride: 2, Pad: 1, NoBias: true}, rng), ELU{},
				AvgPool2D{Size: 2, Stride: 1}, Flatten{}, NewDense(4, 5, ActTanh, rng),
			}}
		}},
		{"resblock", func() Layer { return BasicBlock(3, 4, 2, rng) }},
		{"mlp_bn1d", func() Layer {
			return &Sequential{Layers: []Layer{
				NewDense(6, 5, Identity, rng), NewBatchNorm(5), LeakyReLU{Slope: 0.2},
				NewDense(5, 4, ActGELU, rng), NewDense(4, 3, Identity, rng), LogSoftmax{},
			}}
		}},
		{"gmp_sigmoid", func() Layer {
			return &Sequential{Layers: []Layer{
				NewConv2D(ConvConfig{In: 1, Out: 2, Kernel: 2, Dilation: 2}, rng), Sigmoid{}, GlobalMeanPool{},
				&Dense{W: autograd.NewParam(tensor.New(3, 2)), Act: ActSoftmax},
			}}
		}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			var want torchValues
			g.Decode("values/"+tc.key, &want)
			net := tc.build()
			np, bufs := NamedParams(net), Buffers(net)
			require.Len(t, np, len(want.Params), "parameters (PyTorch: %v)", want.ParamNames)
			for i, p := range np {
				require.Equal(t, len(want.Params[i]), p.Param.Value.Len(), "%s vs %s", p.Path, want.ParamNames[i])
				copy(p.Param.Value.Data(), f32(want.Params[i]))
			}
			require.Len(t, bufs, len(want.Buffers))
			for i, b := range bufs {
				require.Equal(t, len(want.Buffers[i]), b.Tensor.Len(), b.Path)
				copy(b.Tensor.Data(), f32(want.Buffers[i]))
			}
			x := tensor.FromSlice(f32(want.X), want.XShape...)

			inf := autograd.Inference()
			y := net.Forward(inf, inf.Input(x))
			require.Equal(t, want.YShape, y.Shape())
			close32(t, want.YEval, y.Value.Data(), 1e-5, "eval output")

			tp := autograd.NewTape()
			y = net.Forward(tp, tp.Input(x))
			close32(t, want.YTrain, y.Value.Data(), 1e-5, "train output")
			w := tensor.New(y.Shape()...)
			for i := range w.Data() {
				w.Data()[i] = float32(-1 + 2*float64(i)/float64(w.Len()-1))
			}
			tp.Backward(tp.Sum(tp.Mul(y, tp.Const(w))))
			for i, p := range np {
				close32(t, want.Grads[i], p.Param.Grad.Data(), 1e-4, p.Path+" gradient")
			}
			for i, b := range bufs {
				close32(t, want.BuffersAfter[i], b.Tensor.Data(), 1e-5, b.Path+" after a training forward")
			}
		})
	}
}
