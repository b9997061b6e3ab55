package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/tensor"
)

func TestLayerGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, p := range []ConvParams{{}, {Stride: 2, Pad: 1}, {Pad: 2, Dilation: 2}} {
		t.Run("Conv2D", func(t *testing.T) {
			gradCheck(t, "Conv2D", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.Conv2D(in[0], in[1], in[2], p)) },
				randT(rng, 2, 3, 6, 5), randT(rng, 4, 3, 3, 3), randT(rng, 4))
		})
	}
	t.Run("Conv2DNoBias", func(t *testing.T) {
		gradCheck(t, "Conv2D", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.Conv2D(in[0], in[1], nil, ConvParams{Stride: 2})) },
			randT(rng, 2, 2, 5, 5), randT(rng, 3, 2, 2, 2))
	})
	t.Run("MaxPool2D", func(t *testing.T) {
		// Distinct values 0.1 apart, so a finite-difference step never changes the argmax.
		spread := func(shape ...int) *tensor.Dense {
			x := tensor.New(shape...)
			for i, j := range rng.Perm(x.Len()) {
				x.Data()[i] = 0.1 * float32(j)
			}
			return x
		}
		gradCheck(t, "MaxPool", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.MaxPool2D(in[0], 2, ConvParams{})) }, spread(2, 2, 4, 6))
		gradCheck(t, "MaxPool", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.MaxPool2D(in[0], 3, ConvParams{Stride: 2, Pad: 1})) }, spread(1, 2, 5, 5))
	})
	t.Run("AvgPool2D", func(t *testing.T) {
		gradCheck(t, "AvgPool", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.AvgPool2D(in[0], 2, ConvParams{})) }, randT(rng, 2, 2, 4, 4))
		gradCheck(t, "AvgPool", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.AvgPool2D(in[0], 3, ConvParams{Stride: 1, Pad: 1})) }, randT(rng, 1, 1, 4, 4))
	})
	t.Run("GlobalMeanPool", func(t *testing.T) {
		gradCheck(t, "GMP", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.GlobalMeanPool(in[0])) }, randT(rng, 2, 3, 3, 2))
	})
	for _, shape := range [][]int{{5, 3}, {3, 2, 2, 3}} {
		t.Run("BatchNormTrain", func(t *testing.T) {
			f := shape[1]
			gradCheck(t, "BatchNorm", func(tp *Tape, in []*Var) *Var {
				tp.SetTraining(true)
				rm, rv := tensor.New(f), tensor.New(f)
				return proj(tp, tp.BatchNorm(in[0], in[1], in[2], rm, rv, 0.1, 1e-5))
			}, randT(rng, shape...), randT(rng, f), randT(rng, f))
		})
		t.Run("BatchNormEval", func(t *testing.T) {
			f := shape[1]
			rm, rv := randT(rng, f), tensor.New(f)
			rv.Fill(1.5)
			gradCheck(t, "BatchNorm", func(tp *Tape, in []*Var) *Var {
				tp.SetTraining(false)
				return proj(tp, tp.BatchNorm(in[0], in[1], in[2], rm, rv, 0.1, 1e-5))
			}, randT(rng, shape...), randT(rng, f), randT(rng, f))
		})
	}
	t.Run("Embedding", func(t *testing.T) {
		idx := tensor.FromSlice([]float32{0, 3, 3, 1}, 2, 2)
		gradCheck(t, "Embedding", func(tp *Tape, in []*Var) *Var { return proj(tp, tp.Embedding(idx, in[0])) }, randT(rng, 4, 3))
	})
}

func TestConvShapes(t *testing.T) {
	tp := NewTape()
	x := tp.Input(tensor.New(2, 1, 28, 28))
	w := tp.Param(NewParam(tensor.New(8, 1, 5, 5)))
	out := tp.Conv2D(x, w, nil, ConvParams{Stride: 2, Pad: 2})
	assert.Equal(t, []int{2, 8, 14, 14}, out.Shape())
	assert.Equal(t, []int{2, 8, 7, 7}, tp.MaxPool2D(out, 2, ConvParams{}).Shape())
	assert.Panics(t, func() { tp.Conv2D(x, tp.Param(NewParam(tensor.New(8, 3, 5, 5))), nil, ConvParams{}) })
	assert.Panics(t, func() { tp.Conv2D(x, tp.Param(NewParam(tensor.New(8, 1, 40, 40))), nil, ConvParams{}) })
}

func TestDropout(t *testing.T) {
	tp := NewTape()
	tp.SetRand(rand.New(rand.NewPCG(1, 1)))
	p := NewParam(tensor.New(1000))
	p.Value.Fill(1)
	out := tp.Dropout(tp.Param(p), 0.25)
	var zeros int
	for _, v := range out.Value.Data() {
		if v == 0 {
			zeros++
		} else {
			require.InDelta(t, 1/0.75, v, 1e-6)
		}
	}
	assert.InDelta(t, 250, zeros, 50)
	tp.Backward(tp.Sum(out))
	assert.Equal(t, out.Value.Data(), p.Grad.Data(), "the gradient is the mask")
	inf := Inference()
	x := inf.Param(p)
	assert.Same(t, x, inf.Dropout(x, 0.5), "identity outside training")
}

func TestBatchNormRunningStats(t *testing.T) {
	tp := NewTape()
	x := tensor.FromSlice([]float32{1, 10, 3, 20, 5, 30}, 3, 2)
	rm, rv := tensor.New(2), tensor.FromSlice([]float32{1, 1}, 2)
	g, b := NewParam(tensor.FromSlice([]float32{1, 1}, 2)), NewParam(tensor.New(2))
	out := tp.BatchNorm(tp.Input(x), tp.Param(g), tp.Param(b), rm, rv, 0.1, 0)
	assert.InDeltaSlice(t, []float32{0.3, 2}, rm.Data(), 1e-6)
	// unbiased batch variances 4 and 100: 0.9·1 + 0.1·v
	assert.InDeltaSlice(t, []float32{1.3, 10.9}, rv.Data(), 1e-5)
	assert.InDelta(t, -1.2247449, out.Value.At(0, 0), 1e-5)
}
