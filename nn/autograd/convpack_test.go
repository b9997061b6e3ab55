package autograd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/nn/internal/parallel"
	"github.com/skgo/skgo/nn/tensor"
)

// The explicit convolution path (whole-batch im2col and col2im), kept as the
// reference the implicit-GEMM packers are checked against.

// im2col writes cols (C·KH·KW × N·OH·OW): row (ci, ki, kj), column (s, oy, ox) holds
// x[s, ci, oy·stride − pad + ki·dil, ox·stride − pad + kj·dil], or 0 outside.
func im2col(cols, x []float32, n, c, h, w, kh, kw, oh, ow int, p ConvParams) {
	ohw := oh * ow
	ncol := n * ohw
	sb, nb := sampleBlocks(n, ohw)
	parallel.For(c*nb, 1, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			ci, s0 := t/nb, (t%nb)*sb
			for s := s0; s < min(n, s0+sb); s++ {
				im2colPlane(cols[ci*kh*kw*ncol+s*ohw:], ncol, x[(s*c+ci)*h*w:(s*c+ci+1)*h*w], h, w, kh, kw, oh, ow, p)
			}
		}
	})
}

// col2im adds cols (layout of im2col) back into dx, the adjoint of im2col. Each
// (sample, channel) plane has one owner, which adds in (ki, kj, oy, ox) order, so
// the result is the same for any number of workers.
func col2im(dx, cols []float32, n, c, h, w, kh, kw, oh, ow int, p ConvParams) {
	ohw := oh * ow
	ncol := n * ohw
	sb, nb := sampleBlocks(n, ohw)
	parallel.For(c*nb, 1, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			ci, s0 := t/nb, (t%nb)*sb
			for s := s0; s < min(n, s0+sb); s++ {
				col2imPlane(dx[(s*c+ci)*h*w:(s*c+ci+1)*h*w], cols[ci*kh*kw*ncol+s*ohw:], ncol, h, w, kh, kw, oh, ow, p)
			}
		}
	})
}

// sampleBlocks splits n samples of ohw output positions into nb blocks of sb
// samples (about 2048 columns each). im2col and col2im hand each (channel, block)
// to one task; the split depends only on the sizes, and each (sample, channel)
// plane still has one owner that adds in a fixed order.
func sampleBlocks(n, ohw int) (sb, nb int) {
	sb = max(1, min(n, 2048/max(ohw, 1)))
	return sb, (n + sb - 1) / sb
}

// im2colSample writes one sample's columns (C·KH·KW × OH·OW, row stride OH·OW) of
// x (C×H×W) into cols, on the calling goroutine.
func im2colSample(cols, x []float32, c, h, w, kh, kw, oh, ow int, p ConvParams) {
	ohw := oh * ow
	for ci := 0; ci < c; ci++ {
		im2colPlane(cols[ci*kh*kw*ohw:], ohw, x[ci*h*w:(ci+1)*h*w], h, w, kh, kw, oh, ow, p)
	}
}

// im2colPlane writes the KH·KW rows of one input plane (H×W) for one sample: row
// (ki, kj) starts at dst[(ki·KW + kj)·ld] and holds OH·OW values.
func im2colPlane(dst []float32, ld int, plane []float32, h, w, kh, kw, oh, ow int, p ConvParams) {
	ohw := oh * ow
	for ki := 0; ki < kh; ki++ {
		oyLo, oyHi := validRange(ki*p.Dilation-p.Pad, p.Stride, h, oh)
		for kj := 0; kj < kw; kj++ {
			off := kj*p.Dilation - p.Pad
			oxLo, oxHi := validRange(off, p.Stride, w, ow)
			row := dst[(ki*kw+kj)*ld : (ki*kw+kj)*ld+ohw]
			if oxLo == oxHi { // no column of this kernel tap is inside x
				clear(row)
				continue
			}
			if oyLo > 0 || oyHi < oh {
				clear(row[:oyLo*ow])
				clear(row[oyHi*ow:])
			}
			border := oxLo > 0 || oxHi < ow
			for oy := oyLo; oy < oyHi; oy++ {
				iy := oy*p.Stride - p.Pad + ki*p.Dilation
				d := row[oy*ow : (oy+1)*ow]
				if border {
					clear(d[:oxLo])
					clear(d[oxHi:])
				}
				if p.Stride == 1 {
					copy(d[oxLo:oxHi], plane[iy*w+oxLo+off:iy*w+oxHi+off])
					continue
				}
				src := plane[iy*w : (iy+1)*w]
				for ox := oxLo; ox < oxHi; ox++ {
					d[ox] = src[ox*p.Stride+off]
				}
			}
		}
	}
}

// convCases are geometries with padding, strides, dilation and sizes that leave
// partial register tiles.
var convCases = []struct {
	n, c, h, w, o, kh, kw int
	p                     ConvParams
}{
	{3, 2, 7, 9, 5, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
	{4, 20, 12, 12, 50, 5, 5, ConvParams{Stride: 1, Dilation: 1}},
	{2, 3, 11, 8, 17, 3, 2, ConvParams{Stride: 2, Pad: 2, Dilation: 1}},
	{5, 4, 9, 10, 7, 3, 3, ConvParams{Stride: 1, Pad: 2, Dilation: 2}},
	{2, 5, 6, 6, 33, 1, 1, ConvParams{Stride: 2, Dilation: 1}},
	{1, 2, 5, 5, 3, 5, 5, ConvParams{Stride: 1, Pad: 4, Dilation: 1}},
	{7, 64, 8, 8, 40, 3, 3, ConvParams{Stride: 1, Pad: 1, Dilation: 1}},
	{3, 300, 4, 4, 20, 1, 1, ConvParams{Stride: 1, Dilation: 1}}, // k > kc
}

// TestConvPackersMatchIm2col checks that the implicit-GEMM products (forward
// W·cols and weight gradient gT·colsᵀ) equal, bit for bit, the same products on
// the stored im2col matrix, and that the blocked input gradient equals col2im of
// the whole Wᵀ·gT.
func TestConvPackersMatchIm2col(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, cs := range convCases {
		p := cs.p.norm()
		oh, ow := convOut(cs.h, cs.kh, p), convOut(cs.w, cs.kw, p)
		ckk, ncol := cs.c*cs.kh*cs.kw, cs.n*oh*ow
		geo := convGeom{c: cs.c, h: cs.h, w: cs.w, kh: cs.kh, kw: cs.kw, oh: oh, ow: ow, p: p}
		x := randT(rng, cs.n, cs.c, cs.h, cs.w)
		w := randT(rng, cs.o, ckk)
		gT := randT(rng, cs.o, ncol)
		cols := tensor.New(ckk, ncol)
		im2col(cols.Data(), x.Data(), cs.n, cs.c, cs.h, cs.w, cs.kh, cs.kw, oh, ow, p)

		want := tensor.New(cs.o, ncol)
		want.Gemm(1, w, false, cols, false, 0)
		got := make([]float32, cs.o*ncol)
		tensor.GemmPacked(cs.o, ncol, ckk, 1, w.Data(), ckk, false, colsPacker(x.Data(), geo), 0, got, ncol)
		requireSameBits(t, want.Data(), got, "forward %+v", cs)

		wantW := randT(rng, cs.o, ckk)
		gotW := append([]float32(nil), wantW.Data()...)
		wantW.Gemm(1, gT, false, cols, true, 1)
		tensor.GemmPacked(cs.o, ckk, ncol, 1, gT.Data(), ncol, false, colsTPacker(x.Data(), geo), 1, gotW, ckk)
		requireSameBits(t, wantW.Data(), gotW, "weight gradient %+v", cs)

		dcols := tensor.New(ckk, ncol)
		dcols.Gemm(1, w, true, gT, false, 0)
		wantX := randT(rng, cs.n, cs.c, cs.h, cs.w)
		gotX := wantX.Clone()
		col2im(wantX.Data(), dcols.Data(), cs.n, cs.c, cs.h, cs.w, cs.kh, cs.kw, oh, ow, p)
		tp := NewTape()
		xp := NewParam(x)
		xp.Grad = gotX
		node := &node{a: tp.Param(xp), b: tp.Input(w.Reshape(cs.o, cs.c, cs.kh, cs.kw))}
		tp.convInputGrad(node, gT, cs.n, cs.c, cs.h, cs.w, cs.kh, cs.kw, oh, ow, p)
		requireSameBits(t, wantX.Data(), gotX.Data(), "input gradient %+v", cs)
	}
}

func requireSameBits(t *testing.T, want, got []float32, msg string, args ...any) {
	t.Helper()
	require.Equal(t, len(want), len(got))
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Fatalf("%s: element %d: got %v, want %v", append([]any{msg}, args...)[0], i, got[i], want[i])
		}
	}
}

// TestConv2DMatchesExplicitPath runs Conv2D forward and backward (per-sample and
// batch paths, by shape) and compares with the explicit im2col computation.
func TestConv2DMatchesExplicitPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, cs := range convCases {
		p := cs.p.norm()
		oh, ow := convOut(cs.h, cs.kh, p), convOut(cs.w, cs.kw, p)
		ckk, ohw := cs.c*cs.kh*cs.kw, oh*ow
		x, w, b := randT(rng, cs.n, cs.c, cs.h, cs.w), randT(rng, cs.o, cs.c, cs.kh, cs.kw), randT(rng, cs.o)
		gy := randT(rng, cs.n, cs.o, oh, ow)

		tp := NewTape()
		xp, wp, bp := NewParam(x), NewParam(w), NewParam(b)
		y := tp.Conv2D(tp.Param(xp), tp.Param(wp), tp.Param(bp), cs.p)
		tp.Backward(tp.Sum(tp.Mul(y, tp.Const(gy))))

		cols := tensor.New(ckk, cs.n*ohw)
		im2col(cols.Data(), x.Data(), cs.n, cs.c, cs.h, cs.w, cs.kh, cs.kw, oh, ow, p)
		gT := tensor.New(cs.o, cs.n*ohw)
		for s := 0; s < cs.n; s++ {
			for j := 0; j < cs.o; j++ {
				for q := 0; q < ohw; q++ {
					v := float64(b.Data()[j])
					for r := 0; r < ckk; r++ {
						v += float64(w.Data()[j*ckk+r]) * float64(cols.Data()[r*cs.n*ohw+s*ohw+q])
					}
					require.InDelta(t, v, float64(y.Value.Data()[(s*cs.o+j)*ohw+q]), 1e-4, "output %+v", cs)
					gT.Data()[j*cs.n*ohw+s*ohw+q] = gy.Data()[(s*cs.o+j)*ohw+q]
				}
			}
		}
		wantW := tensor.New(cs.o, ckk)
		wantW.Gemm(1, gT, false, cols, true, 0)
		dcols := tensor.New(ckk, cs.n*ohw)
		dcols.Gemm(1, w.Reshape(cs.o, ckk), true, gT, false, 0)
		wantX := tensor.New(cs.n, cs.c, cs.h, cs.w)
		col2im(wantX.Data(), dcols.Data(), cs.n, cs.c, cs.h, cs.w, cs.kh, cs.kw, oh, ow, p)
		for i, v := range wantW.Data() {
			require.InDelta(t, v, wp.Grad.Data()[i], 1e-3, "weight gradient %+v", cs)
		}
		for i, v := range wantX.Data() {
			require.InDelta(t, v, xp.Grad.Data()[i], 1e-4, "input gradient %+v", cs)
		}
	}
}

// BenchmarkConvPackers times the implicit-GEMM packers on ResNet- and VGG-style 3×3, pad 1
// layers (one kc×nc block per call, as the GEMM asks for them).
func BenchmarkConvPackers(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, cs := range []struct {
		name               string
		n, c, h, w, k, pad int
	}{{"64x32x32", 8, 64, 32, 32, 3, 1}, {"128x16x16", 16, 128, 16, 16, 3, 1}, {"256x8x8", 32, 256, 8, 8, 3, 1},
		{"512x4x4", 128, 512, 4, 4, 3, 1}, {"512x2x2", 128, 512, 2, 2, 3, 1},
		{"lenet1", 100, 1, 28, 28, 5, 0}, {"lenet2", 100, 20, 12, 12, 5, 0}} {
		x := randT(rng, cs.n, cs.c, cs.h, cs.w)
		oh, ow := cs.h+2*cs.pad-cs.k+1, cs.w+2*cs.pad-cs.k+1
		g := convGeom{c: cs.c, h: cs.h, w: cs.w, kh: cs.k, kw: cs.k, oh: oh, ow: ow, p: ConvParams{Stride: 1, Pad: cs.pad, Dilation: 1}}
		ckk := cs.c * cs.k * cs.k
		kb := min(256, ckk)
		dst := make([]float32, 256*2048)
		b.Run(cs.name+"/cols", func(b *testing.B) {
			pack := colsPacker(x.Data(), g)
			nb := min(2048, cs.n*oh*ow)
			for b.Loop() {
				pack(0, 0, kb, nb, 32, dst[:kb*((nb+31)/32*32)])
			}
			b.SetBytes(int64(kb * nb * 4))
		})
		b.Run(cs.name+"/colsT", func(b *testing.B) {
			pack := colsTPacker(x.Data(), g)
			nb := min(2048, ckk)
			for b.Loop() {
				pack(0, 0, 256, nb, 32, dst[:256*((nb+31)/32*32)])
			}
			b.SetBytes(int64(256 * nb * 4))
		})
	}
}
