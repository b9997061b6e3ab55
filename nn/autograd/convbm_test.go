package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/tensor"
)

// bmCases are geometries that take the batch-minor path: batches that are and are
// not multiples of the register tile, planes of 2×2 to 8×8, rectangular images and
// kernels, dilation, 1×1 kernels, C·KH·KW above the GEMM's block of steps, and a
// padding wider than the kernel (the input gradient's padding is then negative).
var bmCases = []struct {
	n, c, h, w, o, kh, kw int
	p                     ConvParams
}{
	{20, 8, 4, 4, 5, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
	{33, 6, 3, 5, 7, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
	{16, 5, 2, 2, 3, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
	{17, 12, 6, 6, 4, 3, 2, ConvParams{Stride: 1, Dilation: 1}},
	{18, 8, 5, 5, 6, 3, 3, ConvParams{Stride: 1, Pad: 2, Dilation: 2}},
	{16, 10, 2, 2, 3, 3, 3, ConvParams{Stride: 1, Pad: 3, Dilation: 1}},
	{24, 40, 3, 3, 6, 1, 1, ConvParams{Stride: 1, Dilation: 1}},
	{37, 40, 4, 4, 30, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
	{64, 16, 8, 8, 16, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
}

// convResult is a convolution's output and gradients.
type convResult struct{ out, dx, dw, db []float32 }

// runConv runs Conv2D forward and backward with upstream gradient gy. With fresh,
// x reaches the convolution through an op (x·1), so that its gradient starts in
// the convolution's backward pass; otherwise x is a parameter, whose gradient the
// convolution must add to. Either way x's gradient starts at 1 everywhere, taken
// off again in the result.
func runConv(x, w, b, gy *tensor.Dense, p ConvParams, fresh bool) convResult {
	tp := NewTape()
	xp, wp, bp := NewParam(x), NewParam(w), NewParam(b)
	xp.Grad.Fill(1)
	xv := tp.Param(xp)
	if fresh {
		xv = tp.Scale(1, xv)
	}
	y := tp.Conv2D(xv, tp.Param(wp), tp.Param(bp), p)
	tp.Backward(tp.Sum(tp.Mul(y, tp.Const(gy))))
	dx := append([]float32(nil), xp.Grad.Data()...)
	for i := range dx {
		dx[i]-- // the 1 it started from
	}
	return convResult{
		out: append([]float32(nil), y.Value.Data()...), dx: dx,
		dw: append([]float32(nil), wp.Grad.Data()...), db: append([]float32(nil), bp.Grad.Data()...),
	}
}

// directConv returns a convolution's output and gradients by direct float64 loops.
func directConv(x, w, b, gy *tensor.Dense, p ConvParams) (out, dx, dw, db []float64) {
	xs, ws := x.Shape(), w.Shape()
	n, c, h, wd, o, kh, kw := xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3]
	oh, ow := gy.Dim(2), gy.Dim(3)
	out, dx = make([]float64, n*o*oh*ow), make([]float64, x.Len())
	dw, db = make([]float64, w.Len()), make([]float64, o)
	xd, wdat, gd := x.Data(), w.Data(), gy.Data()
	for s := range n {
		for j := range o {
			for oy := range oh {
				for ox := range ow {
					oi := ((s*o+j)*oh+oy)*ow + ox
					out[oi] = float64(b.Data()[j])
					db[j] += float64(gd[oi])
					for ci := range c {
						for ki := range kh {
							for kj := range kw {
								iy := oy*p.Stride - p.Pad + ki*p.Dilation
								ix := ox*p.Stride - p.Pad + kj*p.Dilation
								if iy < 0 || iy >= h || ix < 0 || ix >= wd {
									continue
								}
								xi := ((s*c+ci)*h+iy)*wd + ix
								wi := ((j*c+ci)*kh+ki)*kw + kj
								out[oi] += float64(wdat[wi]) * float64(xd[xi])
								dx[xi] += float64(wdat[wi]) * float64(gd[oi])
								dw[wi] += float64(xd[xi]) * float64(gd[oi])
							}
						}
					}
				}
			}
		}
	}
	return out, dx, dw, db
}

func requireNear(t *testing.T, what string, want []float64, got []float32, tol float64) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i, v := range want {
		if d := math.Abs(v - float64(got[i])); !(d <= tol*(1+math.Abs(v))) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], v)
		}
	}
}

// TestConvBatchMinor checks the batch-minor convolution against direct float64
// loops (output and all three gradients, with the input gradient both added to
// an existing one and written fresh), requires its output to be the NCHW path's
// bits, and its results to be the same bits with 1, 2 and 3 threads.
func TestConvBatchMinor(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, cs := range bmCases {
		t.Run(fmt.Sprintf("%+v", cs), func(t *testing.T) {
			p := cs.p.norm()
			oh, ow := convOut(cs.h, cs.kh, p), convOut(cs.w, cs.kw, p)
			require.True(t, useBatchMinor(cs.n, cs.c*cs.kh*cs.kw, oh*ow, p), "case must take the batch-minor path")
			x, w, b := randT(rng, cs.n, cs.c, cs.h, cs.w), randT(rng, cs.o, cs.c, cs.kh, cs.kw), randT(rng, cs.o)
			gy := randT(rng, cs.n, cs.o, oh, ow)
			before := append([]float32(nil), x.Data()...)
			out, dx, dw, db := directConv(x, w, b, gy, p)
			for _, fresh := range []bool{false, true} {
				r := runConv(x, w, b, gy, cs.p, fresh)
				// float32 sums of up to 4096 products of N(0, 1) values
				requireNear(t, "out", out, r.out, 1e-4)
				requireNear(t, "dx", dx, r.dx, 1e-4)
				requireNear(t, "dw", dw, r.dw, 1e-4)
				requireNear(t, "db", db, r.db, 1e-4)
			}
			require.Equal(t, before, x.Data(), "input modified")

			ref := runConv(x, w, b, gy, cs.p, true)
			for _, procs := range []int{1, 3} {
				prev := runtime.GOMAXPROCS(procs)
				r := runConv(x, w, b, gy, cs.p, true)
				runtime.GOMAXPROCS(prev)
				require.Equal(t, ref, r, "%d threads", procs)
			}

			saved := bmMaxPlane
			bmMaxPlane = 0 // the NCHW implicit GEMM
			nchw := runConv(x, w, b, gy, cs.p, true)
			bmMaxPlane = saved
			requireSameBits(t, nchw.out, ref.out, "forward")
		})
	}
}
