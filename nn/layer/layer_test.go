package layer

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/tensor"
)

func randT(rng *rand.Rand, shape ...int) *tensor.Dense {
	t := tensor.New(shape...)
	for i := range t.Data() {
		t.Data()[i] = float32(rng.NormFloat64())
	}
	return t
}

func TestLayersMatchAutogradOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dense := NewDense(4, 3, ActReLU, rng)
	noBias := &Dense{W: dense.W, Act: ActTanh}
	conv := NewConv2D(ConvConfig{In: 2, Out: 3, Kernel: 3, Stride: 2, Pad: 1, Dilation: 1}, rng)
	emb := NewEmbedding(5, 3, rng)
	x2 := randT(rng, 6, 4)
	x4 := randT(rng, 2, 2, 5, 5)
	codes := tensor.FromSlice([]float32{0, 4, 2, 2}, 2, 2)
	for _, tc := range []struct {
		name string
		l    Layer
		x    *tensor.Dense
		want func(tp *autograd.Tape, x *autograd.Var) *autograd.Var
	}{
		{"Dense", dense, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.ReLU(tp.Linear(x, tp.Param(dense.W), tp.Param(dense.B)))
		}},
		{"DenseNoBias", noBias, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.Tanh(tp.Linear(x, tp.Param(dense.W), nil))
		}},
		{"Conv2D", conv, x4, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.Conv2D(x, tp.Param(conv.W), tp.Param(conv.B), autograd.ConvParams{Stride: 2, Pad: 1})
		}},
		{"MaxPool2D", MaxPool2D{Size: 3, Stride: 2, Pad: 1}, x4, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.MaxPool2D(x, 3, autograd.ConvParams{Stride: 2, Pad: 1})
		}},
		{"MaxPool2DDefault", MaxPool2D{}, x4, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.MaxPool2D(x, 2, autograd.ConvParams{})
		}},
		{"AvgPool2D", AvgPool2D{Size: 2, Stride: 1}, x4, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.AvgPool2D(x, 2, autograd.ConvParams{Stride: 1})
		}},
		{"GlobalMeanPool", GlobalMeanPool{}, x4, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.GlobalMeanPool(x) }},
		{"Flatten", Flatten{}, x4, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Flatten(x) }},
		{"Embedding", emb, codes, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Embedding(x.Value, tp.Param(emb.W)) }},
		{"ReLU", ReLU{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.ReLU(x) }},
		{"LeakyReLU", LeakyReLU{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.LeakyReLU(x, 0.01) }},
		{"LeakyReLU0.2", LeakyReLU{Slope: 0.2}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.LeakyReLU(x, 0.2) }},
		{"ELU", ELU{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.ELU(x, 1) }},
		{"GELU", GELU{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.GELU(x) }},
		{"Sigmoid", Sigmoid{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Sigmoid(x) }},
		{"Tanh", Tanh{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Tanh(x) }},
		{"Softmax", Softmax{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Softmax(x) }},
		{"LogSoftmax", LogSoftmax{}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.LogSoftmax(x) }},
		{"DropoutEval", Dropout{P: 0.5}, x2, nil},
		{"Sequential", &Sequential{Layers: []Layer{dense, Sigmoid{}}}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.Sigmoid(tp.ReLU(tp.Linear(x, tp.Param(dense.W), tp.Param(dense.B))))
		}},
		{"ResidualIdentity", &Residual{Body: Tanh{}, Act: ActReLU}, x2, func(tp *autograd.Tape, x *autograd.Var) *autograd.Var {
			return tp.ReLU(tp.Add(tp.Tanh(x), x))
		}},
		{"Lambda", Lambda{Fn: func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Scale(2, x) }}, x2,
			func(tp *autograd.Tape, x *autograd.Var) *autograd.Var { return tp.Scale(2, x) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := autograd.Inference()
			got := tc.l.Forward(tp, tp.Input(tc.x)).Value.Clone()
			var want *tensor.Dense
			if tc.want == nil {
				want = tc.x
			} else {
				want = tc.want(tp, tp.Input(tc.x)).Value
			}
			assert.Equal(t, want.Shape(), got.Shape())
			assert.Equal(t, want.Data(), got.Data())
		})
	}
}

func TestBatchNormMatchesAutograd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, shape := range [][]int{{5, 3}, {2, 3, 4, 4}} {
		bn := NewBatchNorm(3)
		InitParam(bn.Gamma.Value, Uniform(0.5, 1.5), rng)
		x := randT(rng, shape...)
		tp := autograd.NewTape()
		got := bn.Forward(tp, tp.Input(x)).Value.Clone()
		rm, rv := tensor.New(3), tensor.New(3)
		rv.Fill(1)
		want := tp.BatchNorm(tp.Input(x), tp.Param(bn.Gamma), tp.Param(bn.Beta), rm, rv, 0.1, 1e-5).Value
		assert.Equal(t, want.Data(), got.Data())
		assert.Equal(t, rm.Data(), bn.RunMean.Data(), "running mean updated with momentum 0.1")
		assert.Equal(t, rv.Data(), bn.RunVar.Data())
		// Evaluation mode uses (and keeps) the running statistics.
		before := bn.RunMean.Clone()
		inf := autograd.Inference()
		bn.Forward(inf, inf.Input(x))
		assert.Equal(t, before.Data(), bn.RunMean.Data())
	}
}

func TestDropoutTraining(t *testing.T) {
	x := tensor.New(100, 10)
	x.Fill(1)
	tp := autograd.NewTape()
	tp.SetRand(rand.New(rand.NewPCG(1, 1)))
	y := Dropout{P: 0.25}.Forward(tp, tp.Input(x)).Value
	zeros := 0
	for _, v := range y.Data() {
		if v == 0 {
			zeros++
		} else {
			assert.InDelta(t, 1/0.75, v, 1e-6)
		}
	}
	assert.InDelta(t, 250, zeros, 60)
	assert.Panics(t, func() { Dropout{P: 1}.Forward(tp, tp.Input(x)) })
}

func TestBackwardThroughLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	net := &Sequential{Layers: []Layer{
		NewConv2D(ConvConfig{In: 1, Out: 2, Kernel: 3, Pad: 1}, rng), NewBatchNorm(2), ReLU{},
		MaxPool2D{Size: 2}, Flatten{}, NewDense(8, 3, Identity, rng),
	}}
	tp := autograd.NewTape()
	loss := tp.SoftmaxCrossEntropy(net.Forward(tp, tp.Input(randT(rng, 2, 1, 4, 4))), []int{0, 2}, 0)
	tp.Backward(loss)
	for _, p := range NamedParams(net) {
		assert.False(t, p.Param.Grad.HasNaNOrInf(), p.Path)
	}
	assert.NotZero(t, Params(net)[len(Params(net))-1].Grad.Sum())
	ZeroGrad(net)
	for _, p := range Params(net) {
		assert.Zero(t, p.Grad.Sum())
	}
}

func TestShapeErrorsNameTheLayer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	net := &Sequential{Layers: []Layer{
		NewDense(100, 128, ActReLU, rng), Dropout{P: 0.1}, ReLU{},
		NewDense(64, 10, Identity, rng),
	}}
	for _, tc := range []struct {
		name string
		l    Layer
		in   []int
		want []string
	}{
		{"dense features", net, []int{100}, []string{"layer 3 (Dense 64 => 10)", "layer.Dense(64 => 10) expects 64 input features, got 128"}},
		{"dense rank", NewDense(16, 2, Identity, rng), []int{1, 4, 4}, []string{"layer.Dense(16 => 2) expects an N×16 batch", "missing Flatten"}},
		{"conv channels", &Sequential{Layers: []Layer{ReLU{}, NewConv2D(ConvConfig{In: 3, Out: 4, Kernel: 3}, rng)}}, []int{1, 8, 8},
			[]string{"layer 1 (Conv2D(3 => 4, 3×3))", "expects 3 input channels, got 1"}},
		{"conv too small", NewConv2D(ConvConfig{In: 1, Out: 4, Kernel: 5}, rng), []int{1, 3, 3}, []string{"too small"}},
		{"pool too small", MaxPool2D{Size: 4}, []int{1, 3, 3}, []string{"MaxPool2D(4)", "smaller than the window"}},
		{"pool rank", AvgPool2D{}, []int{3}, []string{"layer.AvgPool2D(2) expects an N×C×H×W batch"}},
		{"batchnorm", &Sequential{Layers: []Layer{NewBatchNorm(4)}}, []int{3}, []string{"layer 0 (BatchNorm(4))", "expects 4 features, got 3"}},
		{"nested", &Sequential{Layers: []Layer{ReLU{}, &Residual{Body: NewDense(3, 4, Identity, rng)}}}, []int{3},
			[]string{"layer 1 (Residual(identity shortcut)): ", "body and shortcut outputs differ"}},
		{"residual body", &Residual{Body: &Sequential{Layers: []Layer{NewDense(5, 4, Identity, rng)}}}, []int{3},
			[]string{"body (Sequential(1 layers)): layer 0 (Dense 5 => 4)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out []int
			var err error
			require.NotPanics(t, func() { out, err = OutputShape(tc.l, tc.in) })
			require.Error(t, err)
			assert.Nil(t, out)
			var se *tensor.ShapeError
			require.True(t, errors.As(err, &se), "wraps *tensor.ShapeError")
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	// Sequential re-panics with a *tensor.ShapeError carrying the index.
	defer func() {
		r := recover()
		se, ok := r.(*tensor.ShapeError)
		require.True(t, ok, "panic value %T", r)
		assert.True(t, strings.HasPrefix(se.Msg, "layer 3 (Dense 64 => 10): "), se.Msg)
	}()
	tp := autograd.Inference()
	net.Forward(tp, tp.Input(tensor.New(2, 100)))
}

func TestOutputShape(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		l    Layer
		in   []int
		want []int
	}{
		{"dense", NewDense(4, 3, Identity, rng), []int{4}, []int{3}},
		{"conv", NewConv2D(ConvConfig{In: 3, Out: 8, Kernel: 3, Stride: 2, Pad: 1}, rng), []int{3, 9, 9}, []int{8, 5, 5}},
		{"dilated", NewConv2D(ConvConfig{In: 1, Out: 2, Kernel: 3, Dilation: 2}, rng), []int{1, 9, 9}, []int{2, 5, 5}},
		{"pool", MaxPool2D{Size: 3, Stride: 2, Pad: 1}, []int{2, 7, 7}, []int{2, 4, 4}},
		{"embedding", NewEmbedding(10, 4, rng), []int{6}, []int{6, 4}},
		{"flatten", Flatten{}, []int{2, 3, 4}, []int{24}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := OutputShape(tc.l, tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := OutputShape(Flatten{}, []int{0, 2})
	assert.Error(t, err)
}

func TestActivationNames(t *testing.T) {
	for _, a := range []Activation{Identity, "identity", ActReLU, ActLeakyReLU, ActELU, ActGELU, ActSigmoid, "sigmoid", ActTanh, ActSoftmax, ActLogSoftmax} {
		assert.NoError(t, a.Validate(), a)
	}
	assert.Error(t, Activation("swish").Validate())
	assert.Equal(t, "identity", Identity.String())
	assert.Equal(t, "Dense 3 => 2, relu", NewDense(3, 2, ActReLU, rand.New(rand.NewPCG(1, 1))).String())
}

func TestInitStatistics(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const fanIn, fanOut = 200, 100
	stats := func(init Init) (mean, std, maxAbs float64) {
		x := tensor.New(400, 200)
		init(x, fanIn, fanOut, rng)
		var s, ss float64
		for _, v := range x.Data() {
			s += float64(v)
			ss += float64(v) * float64(v)
			maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
		}
		n := float64(x.Len())
		mean = s / n
		return mean, math.Sqrt(ss/n - mean*mean), maxAbs
	}
	for _, tc := range []struct {
		name  string
		init  Init
		std   float64
		bound float64 // 0: unbounded
	}{
		{"HeNormal", HeNormal, math.Sqrt(2.0 / fanIn), 0},
		{"HeUniform", HeUniform, math.Sqrt(2.0 / fanIn), math.Sqrt(6.0 / fanIn)},
		{"GlorotNormal", GlorotNormal, math.Sqrt(2.0 / (fanIn + fanOut)), 0},
		{"GlorotUniform", GlorotUniform, math.Sqrt(2.0 / (fanIn + fanOut)), math.Sqrt(6.0 / (fanIn + fanOut))},
		{"TorchDefault", TorchDefault, 1 / math.Sqrt(3*fanIn), 1 / math.Sqrt(fanIn)},
		{"Uniform", Uniform(-2, 2), 4 / math.Sqrt(12), 2},
		{"Normal", Normal(0, 0.3), 0.3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mean, std, maxAbs := stats(tc.init)
			assert.InDelta(t, 0, mean, 4*tc.std/math.Sqrt(80000))
			assert.InEpsilon(t, tc.std, std, 0.02)
			if tc.bound > 0 {
				assert.LessOrEqual(t, maxAbs, tc.bound)
				assert.Greater(t, maxAbs, 0.99*tc.bound)
			}
		})
	}
	x := tensor.New(3)
	Constant(2.5)(x, 1, 1, rng)
	assert.Equal(t, []float32{2.5, 2.5, 2.5}, x.Data())
	Zeros(x, 1, 1, rng)
	assert.Equal(t, []float32{0, 0, 0}, x.Data())
	fi, fo := Fans([]int{16, 3, 5, 5})
	assert.Equal(t, []int{75, 400}, []int{fi, fo})
	// Constructors use PyTorch's default bound 1/√fan_in.
	c := NewConv2D(ConvConfig{In: 4, Out: 8, Kernel: 3}, rng)
	for _, v := range append(c.W.Value.Data(), c.B.Value.Data()...) {
		assert.LessOrEqual(t, math.Abs(float64(v)), 1/6.0)
	}
}
