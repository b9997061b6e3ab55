package autograd

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/nn/tensor"
)

// The goldens come from testdata/gen_torch.py (PyTorch 1.13, float32 CPU). Each case
// records inputs, parameters, the forward output, and the gradients of
// loss = Σ out ⊙ gout for a fixed random upstream gradient gout (or of the loss
// itself for the loss functions). The tests rebuild the same computation with Tape
// ops and compare elementwise with |got − want| ≤ atol + rtol·|want|.

// jarr is an array as stored by gen_torch.py.
type jarr struct {
	Shape []int     `json:"shape"`
	Data  []float32 `json:"data"`
}

func (a *jarr) tensor() *tensor.Dense {
	return tensor.FromSlice(append([]float32(nil), a.Data...), a.Shape...)
}

// Tolerances (float32): elementwise ops and small reductions agree to about one ulp
// of the summed magnitudes; 1e-5 absolute plus 1e-5 relative covers them.
const (
	tolAbs = 1e-5
	tolRel = 1e-5
)

func requireClose(t *testing.T, what string, want []float32, got *tensor.Dense, atol, rtol float64) {
	t.Helper()
	require.NotNil(t, got, "%s: no gradient", what)
	gd := got.Data()
	require.Len(t, gd, len(want), "%s: length", what)
	var worst float64 // max |diff| / (atol + rtol·|want|), logged for tuning
	for i, w := range want {
		if d := math.Abs(float64(gd[i]) - float64(w)); d > 0 {
			worst = max(worst, d/(atol+rtol*math.Abs(float64(w))))
		}
		diff := math.Abs(float64(gd[i]) - float64(w))
		if !(diff <= atol+rtol*math.Abs(float64(w))) {
			t.Fatalf("%s[%d]: got %.9g, PyTorch %.9g (|diff| %.3g > %.1g + %.1g·|want|)", what, i, gd[i], w, diff, atol, rtol)
		}
	}
	t.Logf("%s: worst |diff| is %.2g of the tolerance", what, worst)
}

func requireShape(t *testing.T, what string, want []int, got *tensor.Dense) {
	t.Helper()
	require.Equal(t, want, got.Shape(), "%s: shape", what)
}

// upstream returns Σ out ⊙ gout, whose gradient with respect to out is gout.
func upstream(tp *Tape, out *Var, gout *jarr) *Var {
	return tp.Sum(tp.Mul(out, tp.Const(gout.tensor())))
}

func TestTorchConv2D(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var cases []struct {
		Name                  string
		Stride, Pad, Dilation int
		X, W, B, Out, Gout    jarr
		Gx, Gw, Gb            jarr
	}
	g.Decode("conv2d", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			tp := NewTape()
			x, w := NewParam(c.X.tensor()), NewParam(c.W.tensor())
			var b *Param
			var bv *Var
			if c.B.Data != nil {
				b = NewParam(c.B.tensor())
				bv = tp.Param(b)
			}
			out := tp.Conv2D(tp.Param(x), tp.Param(w), bv, ConvParams{Stride: c.Stride, Pad: c.Pad, Dilation: c.Dilation})
			requireShape(t, "out", c.Out.Shape, out.Value)
			// Sums of C·KH·KW ≤ 100 products of N(0,1) values: 1e-5 abs + 1e-5 rel.
			requireClose(t, "out", c.Out.Data, out.Value, tolAbs, tolRel)
			tp.Backward(upstream(tp, out, &c.Gout))
			requireClose(t, "grad x", c.Gx.Data, x.Grad, tolAbs, tolRel)
			requireClose(t, "grad w", c.Gw.Data, w.Grad, tolAbs, tolRel)
			if b != nil {
				requireClose(t, "grad b", c.Gb.Data, b.Grad, tolAbs, tolRel)
			}
		})
	}
}

func TestTorchPool(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var cases []struct {
		Kind, Name        string
		Size, Stride, Pad int
		X, Out, Gout, Gx  jarr
	}
	g.Decode("pool", &cases)
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Kind+"_"+c.Name, func(t *testing.T) {
			tp := NewTape()
			x := NewParam(c.X.tensor())
			p := ConvParams{Stride: c.Stride, Pad: c.Pad}
			var out *Var
			if c.Kind == "max" {
				out = tp.MaxPool2D(tp.Param(x), c.Size, p)
			} else {
				out = tp.AvgPool2D(tp.Param(x), c.Size, p)
			}
			requireShape(t, "out", c.Out.Shape, out.Value)
			// Max is exact; averages of ≤ 9 values: 1e-5 abs + 1e-5 rel.
			requireClose(t, "out", c.Out.Data, out.Value, tolAbs, tolRel)
			tp.Backward(upstream(tp, out, &c.Gout))
			requireClose(t, "grad x", c.Gx.Data, x.Grad, tolAbs, tolRel)
		})
	}
}

func TestTorchGlobalMeanPool(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var c struct{ X, Out, Gout, Gx jarr }
	g.Decode("global_mean_pool", &c)
	tp := NewTape()
	x := NewParam(c.X.tensor())
	out := tp.GlobalMeanPool(tp.Param(x))
	requireShape(t, "out", c.Out.Shape, out.Value)
	// Means of 30 values: 1e-5 abs + 1e-5 rel.
	requireClose(t, "out", c.Out.Data, out.Value, tolAbs, tolRel)
	tp.Backward(upstream(tp, out, &c.Gout))
	requireClose(t, "grad x", c.Gx.Data, x.Grad, tolAbs, tolRel)
}

func TestTorchBatchNorm(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var cases []struct {
		Name           string
		Train          bool
		Momentum, Eps  float32
		X, Gamma, Beta jarr
		RunMean        jarr `json:"run_mean"`
		RunVar         jarr `json:"run_var"`
		Out, Gout, Gx  jarr
		Ggamma, Gbeta  jarr
		NewRunMean     jarr `json:"new_run_mean"`
		NewRunVar      jarr `json:"new_run_var"`
	}
	g.Decode("batchnorm", &cases)
	require.Len(t, cases, 4)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			tp := NewTape()
			tp.SetTraining(c.Train)
			x, gamma, beta := NewParam(c.X.tensor()), NewParam(c.Gamma.tensor()), NewParam(c.Beta.tensor())
			rm, rv := c.RunMean.tensor(), c.RunVar.tensor()
			out := tp.BatchNorm(tp.Param(x), tp.Param(gamma), tp.Param(beta), rm, rv, c.Momentum, c.Eps)
			requireShape(t, "out", c.Out.Shape, out.Value)
			// Normalised values of magnitude ≤ ~3 scaled by gamma: 2e-5 abs + 1e-5 rel
			// (the batch variance is a float32 reduction in PyTorch).
			requireClose(t, "out", c.Out.Data, out.Value, 2e-5, tolRel)
			requireClose(t, "running mean", c.NewRunMean.Data, rm, tolAbs, tolRel)
			requireClose(t, "running var", c.NewRunVar.Data, rv, tolAbs, tolRel)
			tp.Backward(upstream(tp, out, &c.Gout))
			// Gradients combine sums over the batch: 2e-5 abs + 1e-5 rel.
			requireClose(t, "grad x", c.Gx.Data, x.Grad, 2e-5, tolRel)
			requireClose(t, "grad gamma", c.Ggamma.Data, gamma.Grad, 2e-5, tolRel)
			requireClose(t, "grad beta", c.Gbeta.Data, beta.Grad, 2e-5, tolRel)
		})
	}
}

func TestTorchLinear(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var c struct{ X, W, B, Out, Gout, Gx, Gw, Gb jarr }
	g.Decode("linear", &c)
	tp := NewTape()
	x, w, b := NewParam(c.X.tensor()), NewParam(c.W.tensor()), NewParam(c.B.tensor())
	out := tp.Linear(tp.Param(x), tp.Param(w), tp.Param(b))
	requireShape(t, "out", c.Out.Shape, out.Value)
	// Dot products of length 7: 1e-5 abs + 1e-5 rel.
	requireClose(t, "out", c.Out.Data, out.Value, tolAbs, tolRel)
	tp.Backward(upstream(tp, out, &c.Gout))
	requireClose(t, "grad x", c.Gx.Data, x.Grad, tolAbs, tolRel)
	requireClose(t, "grad w", c.Gw.Data, w.Grad, tolAbs, tolRel)
	requireClose(t, "grad b", c.Gb.Data, b.Grad, tolAbs, tolRel)
}

func TestTorchActivations(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var cases []struct {
		Name             string
		X, Out, Gout, Gx jarr
	}
	g.Decode("activations", &cases)
	ops := map[string]func(tp *Tape, x *Var) *Var{
		"relu":            (*Tape).ReLU,
		"leaky_relu_0.01": func(tp *Tape, x *Var) *Var { return tp.LeakyReLU(x, 0.01) },
		"leaky_relu_0.2":  func(tp *Tape, x *Var) *Var { return tp.LeakyReLU(x, 0.2) },
		"elu_1":           func(tp *Tape, x *Var) *Var { return tp.ELU(x, 1) },
		"elu_0.7":         func(tp *Tape, x *Var) *Var { return tp.ELU(x, 0.7) },
		"gelu":            (*Tape).GELU,
		"sigmoid":         (*Tape).Sigmoid,
		"tanh":            (*Tape).Tanh,
		"softmax":         (*Tape).Softmax,
		"log_softmax":     (*Tape).LogSoftmax,
	}
	require.Len(t, cases, len(ops))
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			op, ok := ops[c.Name]
			require.True(t, ok, c.Name)
			tp := NewTape()
			x := NewParam(c.X.tensor())
			out := op(tp, tp.Param(x))
			requireShape(t, "out", c.Out.Shape, out.Value)
			// Elementwise (softmax: rows of 6): 1e-5 abs + 1e-5 rel.
			requireClose(t, "out", c.Out.Data, out.Value, tolAbs, tolRel)
			tp.Backward(upstream(tp, out, &c.Gout))
			requireClose(t, "grad x", c.Gx.Data, x.Grad, tolAbs, tolRel)
		})
	}
}

func TestTorchLosses(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var cases []struct {
		Name             string
		Delta, Smoothing float32
		Pred, Target     jarr
		Labels           []int
		Loss             float64
		Gpred, Gtarget   jarr
	}
	g.Decode("losses", &cases)
	require.Len(t, cases, 10)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			tp := NewTape()
			pred := NewParam(c.Pred.tensor())
			var target *Param
			if c.Target.Data != nil {
				target = NewParam(c.Target.tensor())
			}
			pv := tp.Param(pred)
			var loss *Var
			switch {
			case c.Name == "mse":
				loss = tp.MSE(pv, tp.Param(target))
			case c.Name == "l1":
				loss = tp.MAE(pv, tp.Param(target))
			case strings.HasPrefix(c.Name, "huber"):
				loss = tp.Huber(pv, tp.Param(target), c.Delta)
			case strings.HasPrefix(c.Name, "cross"):
				loss = tp.SoftmaxCrossEntropy(pv, c.Labels, c.Smoothing)
			case c.Name == "nll":
				loss = tp.NLL(pv, c.Labels)
			case c.Name == "bce_with_logits":
				loss = tp.BCEWithLogits(pv, tp.Param(target))
			default:
				t.Fatalf("unknown loss %q", c.Name)
			}
			// Means of ≤ 30 terms: 1e-5 abs + 1e-5 rel.
			requireClose(t, "loss", []float32{float32(c.Loss)}, loss.Value, tolAbs, tolRel)
			tp.Backward(loss)
			requireClose(t, "grad pred", c.Gpred.Data, pred.Grad, tolAbs, tolRel)
			if target != nil {
				requireClose(t, "grad target", c.Gtarget.Data, target.Grad, tolAbs, tolRel)
			}
		})
	}
}

func TestTorchEmbedding(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var c struct {
		W         jarr
		Idx       []int
		IdxShape  []int `json:"idx_shape"`
		Out, Gout jarr
		Gw        jarr
	}
	g.Decode("embedding", &c)
	idx := tensor.New(c.IdxShape...)
	for i, k := range c.Idx {
		idx.Data()[i] = float32(k)
	}
	tp := NewTape()
	w := NewParam(c.W.tensor())
	out := tp.Embedding(idx, tp.Param(w))
	requireShape(t, "out", c.Out.Shape, out.Value)
	// A gather is exact; repeated indices sum ≤ 3 rows: 1e-5 abs + 1e-5 rel.
	requireClose(t, "out", c.Out.Data, out.Value, 0, 0)
	tp.Backward(upstream(tp, out, &c.Gout))
	requireClose(t, "grad w", c.Gw.Data, w.Grad, tolAbs, tolRel)
}

// lcg reproduces gen_torch.py's LCG: x ← 1664525·x + 1013904223 (mod 2³²),
// u = (x >> 8)/2²⁴, value = float32(lo + (hi − lo)·u) computed in float64.
type lcg struct{ x uint32 }

func (r *lcg) tensor(bound float64, shape ...int) *tensor.Dense {
	t := tensor.New(shape...)
	for i := range t.Data() {
		r.x = 1664525*r.x + 1013904223
		u := float64(r.x>>8) / 16777216.0
		t.Data()[i] = float32(-bound + (bound-(-bound))*u)
	}
	return t
}

// TestTorchLeNetStep runs one LeNet training step (conv 5×5 1→20, ReLU, max-pool 2,
// conv 5×5 20→50, ReLU, max-pool 2, flatten, linear 800→500, ReLU, linear 500→10,
// cross-entropy) on a batch of 4 and compares the loss and every parameter gradient
// with PyTorch's.
func TestTorchLeNetStep(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	var c struct {
		Seed   uint32
		Labels []int
		Loss   float64
		Logits jarr
		Params []struct {
			Name        string
			Shape       []int
			Bound       float64
			GradSum     float64 `json:"grad_sum"`
			GradAbsSum  float64 `json:"grad_abs_sum"`
			GradNorm    float64 `json:"grad_norm"`
			Grad        jarr
			SampleIndex []int     `json:"sample_index"`
			Sample      []float32 `json:"sample"`
		}
	}
	g.Decode("lenet", &c)
	require.Len(t, c.Params, 8)
	rng := &lcg{x: c.Seed}
	ps := make([]*Param, len(c.Params))
	for i, p := range c.Params {
		ps[i] = NewParam(rng.tensor(p.Bound, p.Shape...))
	}
	x := rng.tensor(1, 4, 1, 28, 28)

	tp := NewTape()
	v := make([]*Var, len(ps))
	for i, p := range ps {
		v[i] = tp.Param(p)
	}
	h := tp.MaxPool2D(tp.ReLU(tp.Conv2D(tp.Input(x), v[0], v[1], ConvParams{})), 2, ConvParams{})
	h = tp.MaxPool2D(tp.ReLU(tp.Conv2D(h, v[2], v[3], ConvParams{})), 2, ConvParams{})
	h = tp.Flatten(h)
	h = tp.ReLU(tp.Linear(h, v[4], v[5]))
	logits := tp.Linear(h, v[6], v[7])
	loss := tp.SoftmaxCrossEntropy(logits, c.Labels, 0)
	// The logits go through four GEMMs whose summation order differs from PyTorch's:
	// 1e-5 abs + 1e-5 rel.
	requireClose(t, "logits", c.Logits.Data, logits.Value, tolAbs, tolRel)
	requireClose(t, "loss", []float32{float32(c.Loss)}, loss.Value, tolAbs, tolRel)
	tp.Backward(loss)
	for i, p := range c.Params {
		gr := ps[i].Grad
		// Gradient entries are O(1e-4..1e-1), so the absolute part is small: 1e-7 abs +
		// 1e-5 rel (float32 summation-order differences of the GEMMs and col2im).
		if p.Grad.Data != nil {
			requireClose(t, p.Name+" grad", p.Grad.Data, gr, 1e-7, tolRel)
		} else {
			got := tensor.New(len(p.SampleIndex))
			for j, k := range p.SampleIndex {
				got.Data()[j] = gr.Data()[k]
			}
			requireClose(t, p.Name+" grad sample", p.Sample, got, 1e-7, tolRel)
		}
		var s, as, sq float64
		for _, gv := range gr.Data() {
			s += float64(gv)
			as += math.Abs(float64(gv))
			sq += float64(gv) * float64(gv)
		}
		// Whole-tensor summaries (all entries, float64 sums): 1e-5 relative to Σ|g|.
		scale := p.GradAbsSum
		require.InDelta(t, p.GradSum, s, 1e-5*scale, fmt.Sprintf("%s grad sum", p.Name))
		require.InDelta(t, p.GradAbsSum, as, 1e-5*scale, fmt.Sprintf("%s grad |sum|", p.Name))
		require.InEpsilon(t, p.GradNorm, math.Sqrt(sq), 1e-5, fmt.Sprintf("%s grad norm", p.Name))
	}
}

// TestReLUSpecials checks ReLU on zeros, subnormals, infinities and NaNs.
func TestReLUSpecials(t *testing.T) {
	for _, x := range []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, 1, -1, 3e38, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), -float32(math.NaN())} {
		// ReLU keeps NaN and maps −0 to +0, like PyTorch's relu.
		tp := Inference()
		got := tp.ReLU(tp.Input(tensor.FromSlice([]float32{x}, 1))).Value.Data()[0]
		if x != x {
			require.True(t, got != got, "ReLU(NaN)")
			continue
		}
		require.Equal(t, math.Float32bits(max(x, 0)), math.Float32bits(got), "ReLU(%v)", x)
	}
}
