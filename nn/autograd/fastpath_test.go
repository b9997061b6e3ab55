package autograd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/tensor"
)

// Benchmarks of the LeNet-sized layer kernels (batch 100) and tests of the fast
// paths (2×2 max-pooling, per-sample convolution) and of determinism.

func BenchmarkIm2col(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name              string
		n, ch, h, w, k, o int
	}{{"conv1", 100, 1, 28, 28, 5, 24}, {"conv2", 100, 20, 12, 12, 5, 8}} {
		x := randT(rng, c.n, c.ch, c.h, c.w)
		cols := make([]float32, c.ch*c.k*c.k*c.n*c.o*c.o)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				im2col(cols, x.Data(), c.n, c.ch, c.h, c.w, c.k, c.k, c.o, c.o, ConvParams{Stride: 1, Dilation: 1})
			}
		})
		b.Run(c.name+"/col2im", func(b *testing.B) {
			dx := make([]float32, x.Len())
			for b.Loop() {
				col2im(dx, cols, c.n, c.ch, c.h, c.w, c.k, c.k, c.o, c.o, ConvParams{Stride: 1, Dilation: 1})
			}
		})
	}
}

func BenchmarkMaxPool2x2(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := randT(rng, 100, 20, 24, 24)
	b.Run("train", func(b *testing.B) {
		tp := NewTape()
		p := NewParam(x)
		for b.Loop() {
			tp.Reset()
			tp.MaxPool2D(tp.Param(p), 2, ConvParams{})
		}
	})
	b.Run("inference", func(b *testing.B) {
		tp := Inference()
		for b.Loop() {
			tp.Reset()
			tp.MaxPool2D(tp.Input(x), 2, ConvParams{})
		}
	})
}

// TestMaxPool2x2Ties checks the 2×2 fast path against a direct reading of PyTorch's
// rule (first maximum in window order, the last NaN wins) on data full of ties and
// with NaNs.
func TestMaxPool2x2Ties(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	x := randT(rng, 3, 2, 6, 8)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.IntN(3))
		if rng.IntN(40) == 0 {
			x.Data()[i] = float32(math.NaN())
		}
	}
	tp := NewTape()
	out := tp.MaxPool2D(tp.Param(NewParam(x)), 2, ConvParams{})
	arg := tp.bufs[tp.nBufs-1] // the argmax scratch of the op just run
	// Without gradients (inference) the values-only path gives the same maxima.
	inf := Inference()
	vals := inf.MaxPool2D(inf.Input(x), 2, ConvParams{}).Value.Data()
	for i, v := range out.Value.Data() {
		require.Equal(t, math.Float32bits(v), math.Float32bits(vals[i]), "inference value %d", i)
	}
	xd := x.Data()
	for sc := 0; sc < 6; sc++ {
		for oy := 0; oy < 3; oy++ {
			for ox := 0; ox < 4; ox++ {
				best, bi := float32(0), -1
				for _, k := range [4]int{0, 1, 8, 9} {
					at := (2*oy)*8 + 2*ox + k
					v := xd[sc*48+at]
					if bi < 0 || v > best || v != v {
						best, bi = v, at
					}
				}
				oi := (sc*3+oy)*4 + ox
				got := out.Value.Data()[oi]
				require.Equal(t, best != best, got != got, "window %d,%d,%d", sc, oy, ox)
				if best == best {
					require.Equal(t, best, got)
				}
				require.Equal(t, float32(bi), arg.Data()[oi], "argmax of window %d,%d,%d", sc, oy, ox)
			}
		}
	}
}

// TestDeterministicAcrossThreads runs a small CNN step (a per-sample convolution
// with a chunked weight gradient, a batched one with stride and padding, a
// batch-minor one, BatchNorm,
// both poolings, dense layers) with 1, 2 and 4 threads and requires bit-identical
// losses, gradients and running statistics.
func TestDeterministicAcrossThreads(t *testing.T) {
	step := func(procs int) []float32 {
		prev := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(prev)
		rng := &lcg{x: 42}
		ps := []*Param{
			NewParam(rng.tensor(0.3, 6, 1, 3, 3)), NewParam(rng.tensor(0.3, 6)),
			NewParam(rng.tensor(1, 6)), NewParam(rng.tensor(1, 6)),
			NewParam(rng.tensor(0.2, 8, 6, 3, 3)), NewParam(rng.tensor(0.2, 8)),
			NewParam(rng.tensor(0.1, 10, 8*3*3)), NewParam(rng.tensor(0.1, 10)),
			NewParam(rng.tensor(0.2, 8, 8, 3, 3)), NewParam(rng.tensor(0.2, 8)),
		}
		x := NewParam(rng.tensor(1, 64, 1, 20, 20))
		labels := make([]int, 64)
		for i := range labels {
			labels[i] = i % 10
		}
		tp := NewTape()
		v := make([]*Var, len(ps))
		for i, p := range ps {
			v[i] = tp.Param(p)
		}
		rm, rv := tensor.New(6), tensor.New(6)
		rv.Fill(1)
		h := tp.Conv2D(tp.Param(x), v[0], v[1], ConvParams{Pad: 1})
		h = tp.MaxPool2D(tp.ReLU(tp.BatchNorm(h, v[2], v[3], rm, rv, 0.1, 1e-5)), 2, ConvParams{})
		h = tp.Conv2D(h, v[4], v[5], ConvParams{Stride: 2, Pad: 1})
		h = tp.AvgPool2D(tp.ReLU(h), 2, ConvParams{Stride: 2, Pad: 1})
		h = tp.Conv2D(h, v[8], v[9], ConvParams{Pad: 1}) // batch-minor (3×3 maps)
		loss := tp.SoftmaxCrossEntropy(tp.Linear(tp.Flatten(h), v[6], v[7]), labels, 0.1)
		tp.Backward(loss)
		out := []float32{loss.Value.Data()[0]}
		for _, p := range append(ps, x) {
			out = append(out, p.Grad.Data()...)
		}
		return append(append(out, rm.Data()...), rv.Data()...)
	}
	one := step(1)
	require.Equal(t, one, step(4))
	require.Equal(t, one, step(2))
}

// TestConvOddGeometry compares Conv2D's output and input gradient with a direct
// loop on geometries where whole kernel taps fall in the padding, with both the
// per-sample and the batched GEMM paths.
func TestConvOddGeometry(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct {
		n, ch, h, w, o, k int
		p                 ConvParams
	}{
		{1, 1, 3, 1, 2, 3, ConvParams{Pad: 2, Dilation: 2}},
		{2, 2, 1, 4, 3, 3, ConvParams{Pad: 2, Dilation: 2, Stride: 2}},
		{2, 3, 5, 2, 2, 3, ConvParams{Pad: 3, Stride: 3}},
		{1, 4, 2, 2, 2, 5, ConvParams{Pad: 4, Dilation: 1}},
		{2, 1, 9, 7, 4, 3, ConvParams{Pad: 1, Stride: 2}},
	} {
		p := c.p.norm()
		x, w, g := randT(rng, c.n, c.ch, c.h, c.w), randT(rng, c.o, c.ch, c.k, c.k), (*Var)(nil)
		tp := NewTape()
		xp, wp := NewParam(x), NewParam(w)
		out := tp.Conv2D(tp.Param(xp), tp.Param(wp), nil, c.p)
		oh, ow := out.Value.Dim(2), out.Value.Dim(3)
		gout := randT(rng, out.Value.Shape()...)
		g = tp.Const(gout)
		tp.Backward(tp.Sum(tp.Mul(out, g)))
		wantOut := make([]float64, out.Value.Len())
		wantDx := make([]float64, x.Len())
		for s := 0; s < c.n; s++ {
			for j := 0; j < c.o; j++ {
				for oy := 0; oy < oh; oy++ {
					for ox := 0; ox < ow; ox++ {
						oi := ((s*c.o+j)*oh+oy)*ow + ox
						for ci := 0; ci < c.ch; ci++ {
							for ki := 0; ki < c.k; ki++ {
								for kj := 0; kj < c.k; kj++ {
									iy := oy*p.Stride - p.Pad + ki*p.Dilation
									ix := ox*p.Stride - p.Pad + kj*p.Dilation
									if iy < 0 || iy >= c.h || ix < 0 || ix >= c.w {
										continue
									}
									xi := ((s*c.ch+ci)*c.h+iy)*c.w + ix
									wv := float64(w.Data()[((j*c.ch+ci)*c.k+ki)*c.k+kj])
									wantOut[oi] += wv * float64(x.Data()[xi])
									wantDx[xi] += wv * float64(gout.Data()[oi])
								}
							}
						}
					}
				}
			}
		}
		for i, v := range wantOut {
			require.InDelta(t, v, float64(out.Value.Data()[i]), 1e-4, "out %d of %+v", i, c)
		}
		for i, v := range wantDx {
			require.InDelta(t, v, float64(xp.Grad.Data()[i]), 1e-4, "dx %d of %+v", i, c)
		}
	}
}
