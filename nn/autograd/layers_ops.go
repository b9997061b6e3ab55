package autograd

import (
	"fmt"
	"math"
	"sync"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
	"github.com/skgo/skgo/nn/tensor"
)

// ConvParams configures Conv2D and the pooling ops. Zero Stride and Dilation mean 1.
// Padding is symmetric zero padding. Kernels and strides are square.
type ConvParams struct {
	Stride, Pad, Dilation int
}

func (p ConvParams) norm() ConvParams {
	p.Stride = max(p.Stride, 1)
	p.Dilation = max(p.Dilation, 1)
	return p
}

// convOut returns the output size of a convolution or pooling window.
func convOut(in, k int, p ConvParams) int {
	return (in+2*p.Pad-p.Dilation*(k-1)-1)/p.Stride + 1
}

// Conv2D returns the 2-D cross-correlation of x (N×C×H×W) with w (O×C×KH×KW) plus
// the bias b (O, or nil): PyTorch's F.conv2d with its weight layout. It is an
// implicit GEMM: the columns of im2col are never stored; the matrix multiply asks
// for one cache-sized block of them at a time, which is gathered from x straight
// into the kernel's packed layout (see convpack.go). A wide, shallow layer (see
// perSampleConv) runs one matrix multiply per sample; a deep one runs one over the
// whole batch, parallel over output tiles, into a buffer the tape shares between
// ops, then permutes it to NCHW. A stride-1 layer on small maps (at most 8×8
// outputs, a batch of at least 16) runs batch-minor instead (convbm.go): x
// transposed to C×H×W×N, so that each column run is a whole batch of one pixel,
// and the input gradient a convolution of the output gradient with the flipped
// kernels, with no col2im. A 3×3, stride-1, padding-1 layer of at least 128 input
// and output channels on even maps of at most 8×8 (a batch of at least 8) runs as
// Winograd F(2×2, 3×3)
// (convwino.go: 2.25× fewer multiply-adds, its values within rounding of the
// direct product's rather than the same bits). Backward reads x again, so Conv2D
// requires that x's value is not changed between the op and Backward (no op in
// this package writes its input).
func (tp *Tape) Conv2D(x, w, b *Var, p ConvParams) *Var {
	p = p.norm()
	xs, ws := x.Value.Shape(), w.Value.Shape()
	if len(xs) != 4 || len(ws) != 4 || xs[1] != ws[1] {
		panic(&tensor.ShapeError{Op: "Conv2D", A: xs, B: ws, Msg: "want x N×C×H×W and w O×C×KH×KW"})
	}
	n, c, h, wd := xs[0], xs[1], xs[2], xs[3]
	o, kh, kw := ws[0], ws[2], ws[3]
	oh, ow := convOut(h, kh, p), convOut(wd, kw, p)
	if oh <= 0 || ow <= 0 {
		panic(&tensor.ShapeError{Op: "Conv2D", A: xs, B: ws, Msg: fmt.Sprintf("output would be %d×%d", oh, ow)})
	}
	if b != nil && b.Value.Len() != o {
		panic(&tensor.ShapeError{Op: "Conv2D", A: ws, B: b.Value.Shape(), Msg: "bias"})
	}
	ckk, ohw := c*kh*kw, oh*ow
	out := tp.newVar(anyGrad(x, w, b), n, o, oh, ow)
	var bias []float32
	if b != nil {
		bias = b.Value.Data()
	}
	xd, od := x.Value.Data(), out.Value.Data()
	if useWinograd(n, c, o, kh, kw, oh, ow, p) {
		tp.conv2DWinograd(od, xd, w.Value.Data(), bias, wgGeomOf(n, c, o, h, wd))
	} else if useBatchMinor(n, ckk, ohw, p) {
		tp.conv2DBatchMinor(od, xd, w.Value.Data(), bias, bmGeomOf(n, c, h, wd, kh, kw, oh, ow, p), o)
	} else if perSampleConv(ckk, ohw) {
		// out[s] (O × OHW) = b + W (O × CKK) · cols_s (CKK × OHW), written in place,
		// one sample per task: no permutation pass.
		wdat := w.Value.Data()
		g := convGeom{c: c, h: h, w: wd, kh: kh, kw: kw, oh: oh, ow: ow, p: p}
		pack := colsPacker(xd, g)
		pa := packWeights(false, o, ckk, wdat)
		defer packedPool.Put(pa)
		parallel.For(n, 1, func(lo, hi int) {
			var s int
			packSample := func(p0, j0, kb, nb, nr int, dst []float32) { pack(p0, s*ohw+j0, kb, nb, nr, dst) }
			for s = lo; s < hi; s++ {
				dst := od[s*o*ohw : (s+1)*o*ohw]
				beta := float32(0)
				if bias != nil {
					for j, bj := range bias {
						kernels.Fill(dst[j*ohw:(j+1)*ohw], bj)
					}
					beta = 1
				}
				kernels.SgemmA(pa, 0, o, ohw, false, nil, 0, packSample, beta, dst, ohw)
			}
		})
	} else {
		// tmp (O × N·OH·OW) = W (O × CKK) · cols, one GEMM for the batch, then
		// out[s, j, :] = tmp[j, s·OHW : (s+1)·OHW] + b[j].
		g := convGeom{c: c, h: h, w: wd, kh: kh, kw: kw, oh: oh, ow: ow, p: p}
		tmp := tp.transient(o, n*ohw)
		td := tmp.Data()
		tensor.GemmPacked(o, n*ohw, ckk, 1, w.Value.Data(), ckk, false, colsPacker(xd, g), 0, td, n*ohw)
		parallel.For(n*o, max(1, grain/ohw), func(lo, hi int) {
			for sj := lo; sj < hi; sj++ {
				s, j := sj/o, sj%o
				src, dst := td[j*n*ohw+s*ohw:j*n*ohw+(s+1)*ohw], od[sj*ohw:(sj+1)*ohw]
				if bias == nil {
					copy(dst, src)
					continue
				}
				kernels.AddConst(dst, src, bias[j])
			}
		})
	}
	tp.record(node{kind: opConv2D, out: out, a: x, b: w, c: b,
		ints: [8]int{n, c, h, wd, kh, kw, p.Stride, p.Pad}, f: float32(p.Dilation)})
	return out
}

// packedPool holds packed weight matrices (see packWeights).
var packedPool = sync.Pool{New: func() any { return new(kernels.PackedA) }}

// packWeights returns the m×k weight operand op(w) (w stored O×C·KH·KW; trans for
// its transpose) packed once for all the products of one convolution pass, from
// packedPool; the caller puts it back.
func packWeights(trans bool, m, k int, w []float32) *kernels.PackedA {
	pa := packedPool.Get().(*kernels.PackedA)
	lda := k
	if trans {
		lda = m
	}
	kernels.PackA(trans, m, k, 1, w, lda, pa)
	return pa
}

// convBufs holds per-worker column buffers of the per-sample convolution path.
var convBufs = sync.Pool{New: func() any { return new([]float32) }}

// getConvBuf returns a pooled buffer of length size (contents unspecified).
func getConvBuf(size int) *[]float32 {
	bp := convBufs.Get().(*[]float32)
	if cap(*bp) < size {
		*bp = make([]float32, size)
	}
	*bp = (*bp)[:size]
	return bp
}

// transient returns the tape's first transient tensor, reshaped (transientAt 0).
func (tp *Tape) transient(shape ...int) *tensor.Dense { return tp.transientAt(0, shape...) }

// transientAt returns the tape's transient tensor i (of 4), reshaped: storage that
// one op uses while it runs (and its backward pass while that runs), shared by all
// the ops of the tape and never saved in a node. Contents unspecified.
func (tp *Tape) transientAt(i int, shape ...int) *tensor.Dense {
	t := &tp.trans[i]
	t.ReuseAs(shape...)
	return t
}

// perSampleConv reports whether a convolution with CKK = C·KH·KW and OHW output
// positions per sample runs as one GEMM per sample (a wide, shallow layer such as
// the first of a CNN, where each sample's product is large enough on its own and
// writes NCHW directly, with no permutation of the output) rather than as one GEMM
// over the batch. Either way the weights are packed once per pass.
func perSampleConv(ckk, ohw int) bool { return ckk <= 2*ohw }

// validRange returns the output positions [lo, hi) whose input index o·stride + off
// falls inside [0, size), for o in [0, outSize).
func validRange(off, stride, size, outSize int) (lo, hi int) {
	if off < 0 {
		lo = (-off + stride - 1) / stride
	}
	if last := size - 1 - off; last >= 0 {
		hi = min(outSize, last/stride+1)
	}
	lo = min(lo, outSize)
	return lo, max(hi, lo)
}

// col2imPlane adds the KH·KW rows of one plane's columns (row (ki, kj) at
// src[(ki·KW + kj)·ld]) into the plane (H×W), in (ki, kj, oy, ox) order.
func col2imPlane(plane, src []float32, ld, h, w, kh, kw, oh, ow int, p ConvParams) {
	for ki := 0; ki < kh; ki++ {
		oyLo, oyHi := validRange(ki*p.Dilation-p.Pad, p.Stride, h, oh)
		for kj := 0; kj < kw; kj++ {
			off := kj*p.Dilation - p.Pad
			oxLo, oxHi := validRange(off, p.Stride, w, ow)
			if oxLo == oxHi {
				continue
			}
			row := src[(ki*kw+kj)*ld:]
			if p.Stride == 1 {
				if oyLo < oyHi { // the rows' inputs are rows iy0, iy0+1, … of the plane
					iy0 := oyLo - p.Pad + ki*p.Dilation
					kernels.AddRows(plane[iy0*w+oxLo+off:], w, row[oyLo*ow+oxLo:], ow, oyHi-oyLo, oxHi-oxLo)
				}
				continue
			}
			for oy := oyLo; oy < oyHi; oy++ {
				iy := oy*p.Stride - p.Pad + ki*p.Dilation
				sr := row[oy*ow : (oy+1)*ow]
				dst := plane[iy*w : (iy+1)*w]
				for ox := oxLo; ox < oxHi; ox++ {
					dst[ox*p.Stride+off] += sr[ox]
				}
			}
		}
	}
}

func (tp *Tape) backwardConv(n *node, g *tensor.Dense) {
	bn, c, h, w, kh, kw := n.ints[0], n.ints[1], n.ints[2], n.ints[3], n.ints[4], n.ints[5]
	p := ConvParams{Stride: n.ints[6], Pad: n.ints[7], Dilation: int(n.f)}
	o := n.b.Value.Dim(0)
	oh, ow := g.Dim(2), g.Dim(3)
	ohw, ckk := oh*ow, c*kh*kw
	if useWinograd(bn, c, o, kh, kw, oh, ow, p) {
		tp.backwardConvWinograd(n, g.Data(), wgGeomOf(bn, c, o, h, w))
		return
	}
	if useBatchMinor(bn, ckk, ohw, p) {
		tp.backwardConvBatchMinor(n, g, bmGeomOf(bn, c, h, w, kh, kw, oh, ow, p))
		return
	}
	if perSampleConv(ckk, ohw) {
		tp.backwardConvPerSample(n, g)
		return
	}
	// gT (O × N·OHW) is g permuted.
	gT := tp.transient(o, bn*ohw)
	gd, td := g.Data(), gT.Data()
	parallel.For(bn*o, max(1, grain/ohw), func(lo, hi int) {
		for sj := lo; sj < hi; sj++ {
			s, j := sj/o, sj%o
			copy(td[j*bn*ohw+s*ohw:j*bn*ohw+(s+1)*ohw], gd[sj*ohw:(sj+1)*ohw])
		}
	})
	if n.c != nil && n.c.needsGrad {
		gb := tp.gradOf(n.c).Data()
		parallel.For(o, max(1, grain/(bn*ohw)), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				gb[j] += kernels.Sum8(td[j*bn*ohw : (j+1)*bn*ohw])
			}
		})
	}
	if !n.b.needsGrad && !n.a.needsGrad {
		return
	}
	if n.b.needsGrad { // dW (O × CKK) += gT · colsᵀ, the columns gathered from x again
		geo := convGeom{c: c, h: h, w: w, kh: kh, kw: kw, oh: oh, ow: ow, p: p}
		tensor.GemmPacked(o, ckk, bn*ohw, 1, td, bn*ohw, false, colsTPacker(n.a.Value.Data(), geo), 1, tp.gradOf(n.b).Data(), ckk)
	}
	if n.a.needsGrad {
		tp.convInputGrad(n, gT, bn, c, h, w, kh, kw, oh, ow, p)
	}
}

// The input-gradient blocks of convInputGrad hold at least dxMinCols columns
// (samples × OH·OW), so that the packed weights are amortised, and else about
// dxBlock values (1 MiB).
const (
	dxMinCols = 256
	dxBlock   = 1 << 18
)

// convInputGrad adds the input gradient of a batch convolution into x's gradient:
// dcols = Wᵀ · gT (CKK × N·OHW), then col2im, one block of whole samples at a time
// in a buffer per worker (so dcols is never stored whole and each block is added
// back while it is in cache). Each (sample, channel) plane of dx belongs to one
// block and is added in im2col's order, so the result is the same for any number of
// workers, and the same as col2im of the whole dcols.
func (tp *Tape) convInputGrad(n *node, gT *tensor.Dense, bn, c, h, w, kh, kw, oh, ow int, p ConvParams) {
	o := n.b.Value.Dim(0)
	ohw, ckk, khw := oh*ow, c*kh*kw, kh*kw
	sb := max(1, min(bn, max(dxMinCols, dxBlock/ckk)/ohw))
	blocks := (bn + sb - 1) / sb
	dx, td := tp.gradOf(n.a).Data(), gT.Data()
	pa := packWeights(true, ckk, o, n.b.Value.Data()) // Wᵀ, once for every block
	defer packedPool.Put(pa)
	parallel.For(blocks, 1, func(lo, hi int) {
		bp := getConvBuf(ckk * sb * ohw)
		defer convBufs.Put(bp)
		for blk := lo; blk < hi; blk++ {
			s0, s1 := blk*sb, min(bn, (blk+1)*sb)
			ncol := (s1 - s0) * ohw
			cols := (*bp)[:ckk*ncol]
			kernels.SgemmA(pa, 0, ckk, ncol, false, td[s0*ohw:], bn*ohw, nil, 0, cols, ncol)
			for s := s0; s < s1; s++ {
				for ci := 0; ci < c; ci++ {
					col2imPlane(dx[(s*c+ci)*h*w:(s*c+ci+1)*h*w], cols[ci*khw*ncol+(s-s0)*ohw:], ncol, h, w, kh, kw, oh, ow, p)
				}
			}
		}
	})
}

// convSplit is the number of output positions (samples × OH·OW) per chunk of the
// per-sample weight gradient.
const convSplit = 4096

// backwardConvPerSample is the backward pass of a per-sample convolution: it reads
// g in NCHW order directly, gathers each sample's columns from x into the packed
// panels of the weight gradient's product, and builds each sample's column
// gradient in a buffer per worker for col2im. The weight gradient is a sum of per-sample products, taken in fixed
// chunks of samples whose partial sums are added in chunk order.
func (tp *Tape) backwardConvPerSample(n *node, g *tensor.Dense) {
	bn, c, h, w, kh, kw := n.ints[0], n.ints[1], n.ints[2], n.ints[3], n.ints[4], n.ints[5]
	p := ConvParams{Stride: n.ints[6], Pad: n.ints[7], Dilation: int(n.f)}
	o := n.b.Value.Dim(0)
	oh, ow := g.Dim(2), g.Dim(3)
	ohw, ckk, ncol, chw := oh*ow, c*kh*kw, bn*oh*ow, c*h*w
	gd, xd, wdat := g.Data(), n.a.Value.Data(), n.b.Value.Data()
	if n.c != nil && n.c.needsGrad { // db[j] = Σ over samples, then positions
		gb := tp.gradOf(n.c).Data()
		parallel.For(o, max(1, grain/ncol), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				var s float32
				for i := 0; i < bn; i++ {
					s += kernels.Sum8(gd[(i*o+j)*ohw : (i*o+j+1)*ohw])
				}
				gb[j] += s
			}
		})
	}
	if n.b.needsGrad { // dW (O × CKK) += Σ_s g[s] (O × OHW) · cols_sᵀ
		sb := max(1, convSplit/ohw)
		chunks := (bn + sb - 1) / sb
		part := tp.scratch(chunks, o*ckk).Data()
		packT := colsTPacker(xd, convGeom{c: c, h: h, w: w, kh: kh, kw: kw, oh: oh, ow: ow, p: p})
		parallel.For(chunks, 1, func(lo, hi int) {
			var s int
			packSample := func(p0, j0, kb, nb, nr int, dst []float32) { packT(s*ohw+p0, j0, kb, nb, nr, dst) }
			for ch := lo; ch < hi; ch++ {
				dst := part[ch*o*ckk : (ch+1)*o*ckk]
				for s = ch * sb; s < min(bn, (ch+1)*sb); s++ {
					beta := float32(1)
					if s == ch*sb {
						beta = 0
					}
					kernels.SgemmPacked(false, o, ckk, ohw, 1, gd[s*o*ohw:], ohw, packSample, beta, dst, ckk)
				}
			}
		})
		gw := tp.gradOf(n.b).Data()
		for ch := 0; ch < chunks; ch++ {
			src := part[ch*o*ckk : (ch+1)*o*ckk]
			src = src[:len(gw)]
			for i, v := range src {
				gw[i] += v
			}
		}
	}
	if n.a.needsGrad { // dcols_s (CKK × OHW) = Wᵀ · g[s], then col2im into dx[s]
		dx := tp.gradOf(n.a).Data()
		pa := packWeights(true, ckk, o, wdat) // Wᵀ, once for every sample
		defer packedPool.Put(pa)
		parallel.For(bn, 1, func(lo, hi int) {
			bp := getConvBuf(ckk * ohw)
			defer convBufs.Put(bp)
			cols := *bp
			for s := lo; s < hi; s++ {
				kernels.SgemmA(pa, 0, ckk, ohw, false, gd[s*o*ohw:], ohw, nil, 0, cols, ohw)
				for ci := 0; ci < c; ci++ {
					col2imPlane(dx[s*chw+ci*h*w:s*chw+(ci+1)*h*w], cols[ci*kh*kw*ohw:], ohw, h, w, kh, kw, oh, ow, p)
				}
			}
		})
	}
}

// MaxPool2D returns the maximum over size×size windows (PyTorch F.max_pool2d; zero
// Stride means size, padding is with −∞).
func (tp *Tape) MaxPool2D(x *Var, size int, p ConvParams) *Var {
	return tp.pool(opMaxPool, x, size, p)
}

// AvgPool2D returns the mean over size×size windows (PyTorch F.avg_pool2d with
// count_include_pad=True).
func (tp *Tape) AvgPool2D(x *Var, size int, p ConvParams) *Var {
	return tp.pool(opAvgPool, x, size, p)
}

func (tp *Tape) pool(kind opKind, x *Var, k int, p ConvParams) *Var {
	if p.Stride == 0 {
		p.Stride = k
	}
	p = p.norm()
	xs := x.Value.Shape()
	if len(xs) != 4 || k < 1 {
		panic(&tensor.ShapeError{Op: "Pool2D", A: xs, Msg: "want N×C×H×W and a window size >= 1"})
	}
	n, c, h, w := xs[0], xs[1], xs[2], xs[3]
	oh, ow := convOut(h, k, p), convOut(w, k, p)
	if oh <= 0 || ow <= 0 {
		panic(&tensor.ShapeError{Op: "Pool2D", A: xs, Msg: fmt.Sprintf("window %d leaves no output", k)})
	}
	out := tp.newVar(x.needsGrad, n, c, oh, ow)
	xd, od := x.Value.Data(), out.Value.Data()
	fast2x2 := kind == opMaxPool && k == 2 && p.Stride == 2 && p.Pad == 0 && p.Dilation == 1
	if fast2x2 && !out.needsGrad {
		// Nothing will differentiate through it (an Inference tape, or an input
		// without gradient): the maxima alone, without the argmax offsets.
		maxPool2x2Values(od, xd, n*c, h, w, oh, ow)
		return out
	}
	var arg *tensor.Dense
	if kind == opMaxPool {
		arg = tp.scratch(n, c, oh, ow) // argmax offsets within the plane, exact in float32 below 2²⁴
	}
	if fast2x2 {
		maxPool2x2(od, arg.Data(), xd, n*c, h, w, oh, ow)
		tp.record(node{kind: kind, out: out, a: x, buf: arg, ints: [8]int{n, c, h, w, k, p.Stride, p.Pad, p.Dilation}})
		return out
	}
	inv := 1 / float32(k*k)
	parallel.For(n*c, max(1, grain/(h*w)), func(lo, hi int) {
		for sc := lo; sc < hi; sc++ {
			plane := xd[sc*h*w : (sc+1)*h*w]
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; ox++ {
					best, bestAt := float32(math.Inf(-1)), -1
					var sum float32
					for ki := 0; ki < k; ki++ {
						iy := oy*p.Stride - p.Pad + ki*p.Dilation
						if iy < 0 || iy >= h {
							continue
						}
						for kj := 0; kj < k; kj++ {
							ix := ox*p.Stride - p.Pad + kj*p.Dilation
							if ix < 0 || ix >= w {
								continue
							}
							v := plane[iy*w+ix]
							sum += v
							if v > best || bestAt < 0 || v != v {
								best, bestAt = v, iy*w+ix
							}
						}
					}
					oi := (sc*oh+oy)*ow + ox
					if kind == opMaxPool {
						od[oi] = best
						arg.Data()[oi] = float32(bestAt)
					} else {
						od[oi] = sum * inv
					}
				}
			}
		}
	})
	tp.record(node{kind: kind, out: out, a: x, buf: arg, ints: [8]int{n, c, h, w, k, p.Stride, p.Pad, p.Dilation}})
	return out
}

// maxPool2x2 is MaxPool2D with a 2×2 window, stride 2 and no padding. It makes the
// same choice as the general loop (the first maximum in row-major window order; the
// last NaN if any), except that a tie between −0 and +0 yields +0.
func maxPool2x2(od, arg, xd []float32, planes, h, w, oh, ow int) {
	parallel.For(planes, max(1, grain/(h*w)), func(lo, hi int) {
		for sc := lo; sc < hi; sc++ {
			plane := xd[sc*h*w : (sc+1)*h*w]
			for oy := 0; oy < oh; oy++ {
				r0 := plane[2*oy*w : 2*oy*w+w]
				r1 := plane[(2*oy+1)*w : (2*oy+1)*w+w]
				o := od[(sc*oh+oy)*ow : (sc*oh+oy+1)*ow]
				at := arg[(sc*oh+oy)*ow : (sc*oh+oy+1)*ow]
				kernels.MaxPool2x2Row(o, at, r0, r1, 2*oy*w, (2*oy+1)*w)
			}
		}
	})
}

// maxPool2x2Values is maxPool2x2 without the argmax offsets. Its maxima are
// maxPool2x2's: Go's max returns NaN when any argument is NaN (PyTorch's rule) and
// +0 for a tie between −0 and +0.
func maxPool2x2Values(od, xd []float32, planes, h, w, oh, ow int) {
	parallel.For(planes, max(1, grain/(h*w)), func(lo, hi int) {
		for sc := lo; sc < hi; sc++ {
			plane := xd[sc*h*w : (sc+1)*h*w]
			for oy := 0; oy < oh; oy++ {
				r0 := plane[2*oy*w : 2*oy*w+w]
				r1 := plane[(2*oy+1)*w : (2*oy+1)*w+w]
				kernels.MaxPool2x2RowValues(od[(sc*oh+oy)*ow:(sc*oh+oy+1)*ow], r0, r1)
			}
		}
	})
}

func (tp *Tape) backwardPool(n *node, g *tensor.Dense) {
	bn, c, h, w, k := n.ints[0], n.ints[1], n.ints[2], n.ints[3], n.ints[4]
	p := ConvParams{Stride: n.ints[5], Pad: n.ints[6], Dilation: n.ints[7]}
	oh, ow := g.Dim(2), g.Dim(3)
	gd, ga := g.Data(), tp.gradOf(n.a).Data()
	inv := 1 / float32(k*k)
	if n.kind == opMaxPool {
		arg := n.buf.Data()
		parallel.For(bn*c, max(1, grain/(h*w)), func(lo, hi int) {
			for sc := lo; sc < hi; sc++ {
				plane := ga[sc*h*w : (sc+1)*h*w]
				for oi := sc * oh * ow; oi < (sc+1)*oh*ow; oi++ {
					plane[int(arg[oi])] += gd[oi]
				}
			}
		})
		return
	}
	parallel.For(bn*c, max(1, grain/(h*w)), func(lo, hi int) {
		for sc := lo; sc < hi; sc++ {
			plane := ga[sc*h*w : (sc+1)*h*w]
			for oi := sc * oh * ow; oi < (sc+1)*oh*ow; oi++ {
				r := oi - sc*oh*ow
				oy, ox := r/ow, r%ow
				for ki := 0; ki < k; ki++ {
					iy := oy*p.Stride - p.Pad + ki*p.Dilation
					if iy < 0 || iy >= h {
						continue
					}
					for kj := 0; kj < k; kj++ {
						ix := ox*p.Stride - p.Pad + kj*p.Dilation
						if ix >= 0 && ix < w {
							plane[iy*w+ix] += gd[oi] * inv
						}
					}
				}
			}
		}
	})
}

// GlobalMeanPool returns the mean over the spatial axes: N×C×H×W → N×C (Flux
// GlobalMeanPool followed by flattening).
func (tp *Tape) GlobalMeanPool(x *Var) *Var {
	xs := x.Value.Shape()
	if len(xs) != 4 {
		panic(&tensor.ShapeError{Op: "GlobalMeanPool", A: xs, Msg: "want N×C×H×W"})
	}
	n, c, hw := xs[0], xs[1], xs[2]*xs[3]
	out := tp.newVar(x.needsGrad, n, c)
	xd, od := x.Value.Data(), out.Value.Data()
	for i := 0; i < n*c; i++ {
		var s float32
		for _, v := range xd[i*hw : (i+1)*hw] {
			s += v
		}
		od[i] = s / float32(hw)
	}
	tp.record(node{kind: opGlobalMeanPool, out: out, a: x, ints: [8]int{hw}})
	return out
}

// Dropout zeroes each element with probability p and scales the rest by 1/(1−p)
// while the tape is in training mode (inverted dropout, as PyTorch); otherwise it
// returns x unchanged. p must be in [0, 1).
func (tp *Tape) Dropout(x *Var, p float32) *Var {
	if !(p >= 0 && p < 1) {
		panic(fmt.Sprintf("autograd: dropout probability %v outside [0, 1)", p))
	}
	if !tp.training || p == 0 {
		return x
	}
	mask := tp.scratch(x.Value.Len())
	md := mask.Data()
	rng := tp.Rand()
	keep := 1 / (1 - p)
	for i := range md {
		if rng.Float32() < p {
			md[i] = 0
		} else {
			md[i] = keep
		}
	}
	out := tp.newVar(x.needsGrad)
	out.Value.ReuseLike(x.Value)
	out.Value.Mul(x.Value, mask.Reshape(x.Value.Shape()...))
	tp.record(node{kind: opDropout, out: out, a: x, buf: mask})
	return out
}

// BatchNorm normalises x per feature: x is N×F (BatchNorm1d) or N×C×H×W
// (BatchNorm2d, per channel). In training mode it uses the batch mean and biased
// variance and updates runMean and runVar in place with momentum (PyTorch: running
// = (1−m)·running + m·batch, with the unbiased variance); in evaluation mode it uses
// the running statistics. gamma and beta (length F) scale and shift. It keeps only
// the per-feature mean and 1/σ for Backward, which recomputes the normalised input
// from x (as PyTorch keeps its input and saved statistics), so x's value must not
// change between the op and Backward.
func (tp *Tape) BatchNorm(x, gamma, beta *Var, runMean, runVar *tensor.Dense, momentum, eps float32) *Var {
	return tp.batchNorm(x, gamma, beta, runMean, runVar, momentum, eps, false)
}

// BatchNormReLU is ReLU(BatchNorm(x, …)) as one op, the conv → BatchNorm → ReLU of
// ResNet and VGG blocks: the same values and gradients, bit for bit, with one output
// tensor instead of two (the memory PyTorch saves with an in-place ReLU after
// BatchNorm) and one pass less over it. Backward takes the ReLU's mask from the
// output (positive exactly where the normalised value is).
func (tp *Tape) BatchNormReLU(x, gamma, beta *Var, runMean, runVar *tensor.Dense, momentum, eps float32) *Var {
	return tp.batchNorm(x, gamma, beta, runMean, runVar, momentum, eps, true)
}

// rowSum is Σ float64(v) over x: kernels.SumF64, or one value's conversion.
func rowSum(x []float32) float64 {
	if len(x) == 1 {
		return float64(x[0])
	}
	return kernels.SumF64(x)
}

// rowSqDev is Σ (float64(v) − m)² over x: kernels.SqDevF64, or one value's square.
func rowSqDev(x []float32, m float64) float64 {
	if len(x) == 1 {
		d := float64(x[0]) - m
		return d * d
	}
	return kernels.SqDevF64(x, m)
}

func (tp *Tape) batchNorm(x, gamma, beta *Var, runMean, runVar *tensor.Dense, momentum, eps float32, relu bool) *Var {
	xs := x.Value.Shape()
	var n, f, inner int
	switch len(xs) {
	case 2:
		n, f, inner = xs[0], xs[1], 1
	case 4:
		n, f, inner = xs[0], xs[1], xs[2]*xs[3]
	default:
		panic(&tensor.ShapeError{Op: "BatchNorm", A: xs, Msg: "want N×F or N×C×H×W"})
	}
	if gamma.Value.Len() != f || beta.Value.Len() != f || runMean.Len() != f || runVar.Len() != f {
		panic(&tensor.ShapeError{Op: "BatchNorm", A: xs, B: gamma.Value.Shape(), Msg: "per-feature parameters"})
	}
	out := tp.newVar(anyGrad(x, gamma, beta))
	out.Value.ReuseLike(x.Value)
	xd, od := x.Value.Data(), out.Value.Data()
	gd, bd := gamma.Value.Data(), beta.Value.Data()
	// stats holds mean and 1/sqrt(var+eps) per feature; backward recomputes
	// x̂ = (x − mean)·istd from x rather than keeping a copy the size of x.
	stats := tp.scratch(2, f)
	mean, istd := stats.Data()[:f], stats.Data()[f:]
	cnt := n * inner
	if tp.training {
		if cnt < 2 {
			panic(&tensor.ShapeError{Op: "BatchNorm", A: xs, Msg: "training needs more than one value per feature"})
		}
		rm, rv := runMean.Data(), runVar.Data()
		// Features are independent: each has one owner and a fixed summation order.
		parallel.For(f, max(1, grain/cnt), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				// Sums in float64, sample by sample (in eight partial sums per
				// sample's plane when it has several values).
				var s float64
				for i := 0; i < n; i++ {
					s += rowSum(xd[(i*f+j)*inner : (i*f+j+1)*inner])
				}
				m := s / float64(cnt)
				var ss float64
				for i := 0; i < n; i++ {
					ss += rowSqDev(xd[(i*f+j)*inner:(i*f+j+1)*inner], m)
				}
				v := ss / float64(cnt)
				mean[j] = float32(m)
				istd[j] = float32(1 / math.Sqrt(v+float64(eps)))
				rm[j] = (1-momentum)*rm[j] + momentum*float32(m)
				rv[j] = (1-momentum)*rv[j] + momentum*float32(ss/float64(cnt-1))
			}
		})
	} else {
		for j := 0; j < f; j++ {
			mean[j] = runMean.Data()[j]
			istd[j] = float32(1 / math.Sqrt(float64(runVar.Data()[j])+float64(eps)))
		}
	}
	parallel.For(n*f, max(1, grain/inner), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			j := r % f
			m, is, gj, bj := mean[j], istd[j], gd[j], bd[j]
			kernels.Normalize(od[r*inner:(r+1)*inner], xd[r*inner:(r+1)*inner], m, is, gj, bj, relu)
		}
	})
	tr, rl := 0, 0
	if tp.training {
		tr = 1
	}
	if relu {
		rl = 1
	}
	tp.record(node{kind: opBatchNorm, out: out, a: x, b: gamma, c: beta, buf: stats, ints: [8]int{n, f, inner, tr, rl}})
	return out
}

func (tp *Tape) backwardBatchNorm(n *node, g *tensor.Dense) {
	bn, f, inner, training := n.ints[0], n.ints[1], n.ints[2], n.ints[3] == 1
	gd, xd := g.Data(), n.a.Value.Data()
	if n.ints[4] == 1 { // fused ReLU: the gradient where the output is positive
		gm := tp.transient(len(gd)).Data()
		od := n.out.Value.Data()
		parallel.For(len(gd), grain, func(lo, hi int) {
			// +0 + …, as ReLU's backward accumulates into a zeroed gradient.
			kernels.ReLUGrad(gm[lo:hi], gd[lo:hi], od[lo:hi], true)
		})
		gd = gm
	}
	mean, istd := n.buf.Data()[:f], n.buf.Data()[f:]
	cnt := float32(bn * inner)
	gamma := n.b.Value.Data()
	// Gradient buffers are fetched (and zeroed) before the parallel loop; each
	// feature then owns its slots.
	var ggamma, gbeta, ga []float32
	if n.b.needsGrad {
		ggamma = tp.gradOf(n.b).Data()
	}
	if n.c.needsGrad {
		gbeta = tp.gradOf(n.c).Data()
	}
	if n.a.needsGrad {
		ga = tp.gradOf(n.a).Data()
	}
	parallel.For(f, max(1, grain/(bn*inner)), func(lo, hi int) {
		for j := lo; j < hi; j++ {
			m, is := mean[j], istd[j]
			var sg, sgh float32 // Σ dy and Σ dy·x̂ for feature j, sample by sample
			for i := 0; i < bn; i++ {
				r := (i*f + j) * inner
				s, d := kernels.BatchNormGradSums(gd[r:r+inner], xd[r:r+inner], m, is)
				sg += s
				sgh += d
			}
			if ggamma != nil {
				ggamma[j] += sgh
			}
			if gbeta != nil {
				gbeta[j] += sg
			}
			if ga == nil {
				continue
			}
			s := gamma[j] * istd[j]
			for i := 0; i < bn; i++ {
				dst := ga[(i*f+j)*inner : (i*f+j+1)*inner]
				dy := gd[(i*f+j)*inner : (i*f+j+1)*inner]
				if !training {
					kernels.Axpy(dst, dy, s)
					continue
				}
				kernels.BatchNormGradApply(dst, dy, xd[(i*f+j)*inner:(i*f+j+1)*inner], m, is, sg/cnt, sgh/cnt, s)
			}
		}
	})
}

// Embedding returns rows of w (V×D) selected by the indices in idx (any shape; values
// are integer codes stored as float32): the result has shape idx.shape + (D). It
// panics with a *tensor.ShapeError on an index outside [0, V).
func (tp *Tape) Embedding(idx *tensor.Dense, w *Var) *Var {
	vsz, d := w.Value.Dim(0), w.Value.Dim(1)
	shape := append(idx.Shape(), d)
	out := tp.newVar(w.needsGrad, shape...)
	od, wd := out.Value.Data(), w.Value.Data()
	for i, fv := range idx.Data() {
		k := int(fv)
		if float32(k) != fv || k < 0 || k >= vsz {
			panic(&tensor.ShapeError{Op: "Embedding", A: w.Value.Shape(), Msg: fmt.Sprintf("index %v outside [0, %d)", fv, vsz)})
		}
		copy(od[i*d:(i+1)*d], wd[k*d:(k+1)*d])
	}
	tp.record(node{kind: opEmbedding, out: out, b: w, buf: idx})
	return out
}

// backwardLayers handles the layer ops (convolution, pooling, normalisation, dropout,
// embedding).
func (n *node) backwardLayers(tp *Tape, g *tensor.Dense) {
	switch n.kind {
	case opConv2D:
		tp.backwardConv(n, g)
	case opMaxPool, opAvgPool:
		if n.a.needsGrad {
			tp.backwardPool(n, g)
		}
	case opGlobalMeanPool:
		hw := n.ints[0]
		gd, ga := g.Data(), tp.gradOf(n.a).Data()
		for i, v := range gd {
			s := v / float32(hw)
			for k := i * hw; k < (i+1)*hw; k++ {
				ga[k] += s
			}
		}
	case opDropout:
		accMul(tp.gradOf(n.a).Data(), g.Data(), n.buf.Data())
	case opBatchNorm:
		tp.backwardBatchNorm(n, g)
	case opEmbedding:
		d := n.b.Value.Dim(1)
		gw, gd := tp.gradOf(n.b).Data(), g.Data()
		for i, fv := range n.buf.Data() {
			k := int(fv)
			for j := 0; j < d; j++ {
				gw[k*d+j] += gd[i*d+j]
			}
		}
	default:
		panic(fmt.Sprintf("autograd: no backward for op kind %d", n.kind))
	}
}
