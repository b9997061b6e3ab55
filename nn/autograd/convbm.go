package autograd

import (
	"sync"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
	"github.com/skgo/skgo/nn/tensor"
)

// Batch-minor convolution. On small feature maps (the 8×8, 4×4 and 2×2 maps of a
// CIFAR network's last stages) a row of an NCHW image is 2–8 values long, so the
// columns of an implicit GEMM in (sample, y, x) order are gathered a few values at
// a time, most of them clipped by the padding, and col2im adds rows of 2–8 values.
// The batch-minor path instead transposes the batch to C×H×W×N once per pass
// (each input pixel holds its N samples contiguously), orders the columns (y, x,
// sample), and so gathers every tap's values for a run of samples as one
// contiguous copy (or the run of zeros after the tensor, where the tap falls in
// the padding). The three products of a stride-1 convolution are all such
// implicit GEMMs:
//
//	forward       out (O × OH·OW·N) = W  (O × C·KH·KW)  · cols(x)
//	weight grad   dW  (O × C·KH·KW) = g  (O × OH·OW·N)  · cols(x)ᵀ
//	input grad    dx  (C × H·W·N)   = W' (C × O·KH·KW)  · cols(g)
//
// where the input gradient is the convolution of the output gradient with the
// kernels flipped and the roles of input and output channels swapped (W'[c, (o, a,
// b)] = W[o, c, KH−1−a, KW−1−b], padding (K−1)·dilation − pad): no col2im, every
// value of dx is one product's dot product. Each element of every result is
// computed by one worker in a fixed order, so the results do not depend on the
// number of threads. The forward values are the NCHW path's bits (the same
// products over the same rows); the gradients sum in a different order.

// bmMinBatch is the smallest batch for which the batch-minor path is used: its
// copies are runs of samples.
const bmMinBatch = 16

// bmMaxPlane is the largest output plane (OH·OW) for which the batch-minor path
// is used; larger planes have rows long enough for the NCHW packers.
var bmMaxPlane = 64

// useBatchMinor reports whether a convolution of a batch of n takes the
// batch-minor path.
func useBatchMinor(n, ckk, ohw int, p ConvParams) bool {
	return p.Stride == 1 && n >= bmMinBatch && ohw <= bmMaxPlane && !perSampleConv(ckk, ohw)
}

// bmGeom is the geometry of one batch-minor product's columns: an input of C
// channels of H×W pixels of N samples (C×H×W×N, followed by N zeros), a KH×KW
// kernel with dilation dil, padding padH/padW, stride 1, and an output of OH×OW.
type bmGeom struct {
	c, h, w, n      int
	kh, kw, oh, ow  int
	padH, padW, dil int
}

// bmGeomOf returns the batch-minor geometry of a stride-1 convolution of a batch
// of n (C×H×W inputs, KH×KW kernels, OH×OW outputs).
func bmGeomOf(n, c, h, w, kh, kw, oh, ow int, p ConvParams) bmGeom {
	return bmGeom{c: c, h: h, w: w, n: n, kh: kh, kw: kw, oh: oh, ow: ow, padH: p.Pad, padW: p.Pad, dil: p.Dilation}
}

// zero is the offset of the N zeros after the tensor, read for taps in the padding.
func (g *bmGeom) zero() int { return g.c * g.h * g.w * g.n }

// relPool holds the per-position tap tables of the packers.
var relPool = sync.Pool{New: func() any { return new([]int) }}

// taps fills rel (len KH·KW) with the offset in channel 0 of tap (ki, kj) at
// output position pos (y·W + x)·N, or −1 where the tap falls in the padding.
func (g *bmGeom) taps(rel []int, pos int) {
	oy, ox := pos/g.ow, pos%g.ow
	for ki := range g.kh {
		iy := oy - g.padH + ki*g.dil
		for kj := range g.kw {
			ix := ox - g.padW + kj*g.dil
			r := -1
			if iy >= 0 && iy < g.h && ix >= 0 && ix < g.w {
				r = (iy*g.w + ix) * g.n
			}
			rel[ki*g.kw+kj] = r
		}
	}
}

// offset returns the offset of row r = (ci, ki, kj) of the columns for the
// position whose taps are rel: its run of samples starts there.
func (g *bmGeom) offset(rel []int, r int) int {
	khw := g.kh * g.kw
	if t := rel[r%khw]; t >= 0 {
		return (r/khw)*g.h*g.w*g.n + t
	}
	return g.zero()
}

// bmColsPacker returns a BPacker of the columns matrix of the batch-minor tensor x:
// row (ci, ki, kj), column (oy, ox, s) holds x[ci, oy − padH + ki·dil, ox − padW +
// kj·dil, s], or 0 in the padding. A panel's columns are runs of samples of one
// position, so each row of a panel is one contiguous copy.
func bmColsPacker(x []float32, g bmGeom) tensor.BPacker {
	khw := g.kh * g.kw
	chw := g.h * g.w * g.n
	return func(p0, j0, kb, nb, nr int, dst []float32) {
		rp := relPool.Get().(*[]int)
		defer relPool.Put(rp)
		if cap(*rp) < khw+kb {
			*rp = make([]int, khw+kb)
		}
		rel, offs := (*rp)[:khw], (*rp)[khw:khw+kb]
		for jr := 0; jr < nb; jr += nr {
			panel := dst[jr*kb : jr*kb+kb*nr]
			cols := min(nr, nb-jr)
			if cols < nr {
				clear(panel)
			}
			for f := 0; f < cols; {
				j := j0 + jr + f
				pos, s0 := j/g.n, j%g.n
				ln := min(cols-f, g.n-s0)
				g.taps(rel, pos)
				kk, cbase := p0%khw, (p0/khw)*chw
				for pp := range offs {
					off := g.zero()
					if t := rel[kk]; t >= 0 {
						off = cbase + t
					}
					offs[pp] = off + s0
					if kk++; kk == khw {
						kk, cbase = 0, cbase+chw
					}
				}
				kernels.CopyRuns(panel[f:], nr, x, offs, ln)
				f += ln
			}
		}
	}
}

// bmColsTPacker returns a BPacker of the transposed columns matrix of the
// batch-minor tensor x (row (oy, ox, s), column (ci, ki, kj)): the B of the weight
// gradient g·colsᵀ. Eight taps' runs of samples at a time are transposed into the
// panel straight from x (kernels.TransposeAt).
func bmColsTPacker(x []float32, g bmGeom) tensor.BPacker {
	khw := g.kh * g.kw
	return func(p0, j0, kb, nb, nr int, dst []float32) {
		rp := relPool.Get().(*[]int)
		defer relPool.Put(rp)
		if cap(*rp) < khw {
			*rp = make([]int, khw)
		}
		rel := (*rp)[:khw]
		var offs [8]int
		for f := 0; f < kb; {
			k := p0 + f
			pos, s0 := k/g.n, k%g.n
			ln := min(kb-f, g.n-s0)
			g.taps(rel, pos)
			for jr := 0; jr < nb; jr += nr {
				panel := dst[jr*kb : jr*kb+kb*nr]
				cols := min(nr, nb-jr)
				if cols < nr && f == 0 {
					clear(panel)
				}
				for t8 := 0; t8 < cols; t8 += 8 {
					cnt := min(8, cols-t8)
					for i := range cnt {
						offs[i] = g.offset(rel, j0+jr+t8+i) + s0
					}
					kernels.TransposeAt(panel[f*nr+t8:], nr, x, offs[:cnt], ln)
				}
			}
			f += ln
		}
	}
}

// transposeTo sets dst[q·ldd + i] = src[i·lds + q] for i < rows, q < cols, in
// parallel over 64×64 tiles, eight rows at a time in registers (kernels.Transpose8).
func transposeTo(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	const tile = 64
	rt, ct := (rows+tile-1)/tile, (cols+tile-1)/tile
	parallel.For(rt*ct, max(1, grain/(tile*tile)), func(lo, hi int) {
		for t := lo; t < hi; t++ {
			i0, q0 := (t/ct)*tile, (t%ct)*tile
			i1, nq := min(rows, i0+tile), min(tile, cols-q0)
			for i := i0; i < i1; i += 8 {
				kernels.Transpose8(dst[q0*ldd+i:], ldd, src[i*lds+q0:], lds, min(8, i1-i), nq)
			}
		}
	})
}

// toBatchMinor writes the batch x (N × size, size = C·H·W) batch-minor into dst
// (size × N), followed by the N zeros the packers read in the padding.
func toBatchMinor(dst, x []float32, n, size int) {
	transposeTo(dst, n, x, size, n, size)
	clear(dst[size*n : size*n+n])
}

// flipKernels writes W' (C × O·KH·KW) of the input gradient: W'[ci, (o, a, b)] =
// w[o, ci, KH−1−a, KW−1−b] for w stored O×C×KH×KW. It goes through 16×16 tiles
// of (o, ci) kernels, so that both its reads and its writes are runs of 16
// kernels.
func flipKernels(dst, w []float32, o, c, khw int) {
	const tile = 16
	ot, ct := (o+tile-1)/tile, (c+tile-1)/tile
	parallel.For(ot*ct, max(1, grain/(tile*tile*khw)), func(lo, hi int) {
		for t := lo; t < hi; t++ {
			c0, o0 := (t/ot)*tile, (t%ot)*tile
			for ci := c0; ci < min(c, c0+tile); ci++ {
				for oi := o0; oi < min(o, o0+tile); oi++ {
					src := w[(oi*c+ci)*khw : (oi*c+ci+1)*khw]
					d := dst[(ci*o+oi)*khw : (ci*o+oi+1)*khw]
					for t, v := range src {
						d[khw-1-t] = v
					}
				}
			}
		}
	})
}

// conv2DBatchMinor is the forward pass of Conv2D on the batch-minor path (see
// useBatchMinor): out (N×O×OH×OW) = W · cols(x) + b.
func (tp *Tape) conv2DBatchMinor(od, xd, wd, bias []float32, g bmGeom, o int) {
	n, ohw, ckk := g.n, g.oh*g.ow, g.c*g.kh*g.kw
	size := g.c * g.h * g.w
	xb := tp.transientAt(1, size*n+n).Data()
	toBatchMinor(xb, xd, n, size)
	tmp := tp.transientAt(0, o*ohw*n).Data()
	tensor.GemmPacked(o, ohw*n, ckk, 1, wd, ckk, false, bmColsPacker(xb, g), 0, tmp, ohw*n)
	if bias != nil {
		parallel.For(o, max(1, grain/(ohw*n)), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				row := tmp[j*ohw*n : (j+1)*ohw*n]
				kernels.AddConst(row, row, bias[j])
			}
		})
	}
	transposeTo(od, o*ohw, tmp, n, o*ohw, n)
}

// backwardConvBatchMinor is the backward pass of a batch-minor convolution.
func (tp *Tape) backwardConvBatchMinor(nd *node, g *tensor.Dense, geo bmGeom) {
	n, c, h, w, kh, kw := geo.n, geo.c, geo.h, geo.w, geo.kh, geo.kw
	o := nd.b.Value.Dim(0)
	ohw, khw, size := geo.oh*geo.ow, kh*kw, c*h*w
	ncol := ohw * n
	gb := tp.transientAt(2, o*ncol+n).Data()
	toBatchMinor(gb, g.Data(), n, o*ohw)
	if nd.c != nil && nd.c.needsGrad {
		gbias := tp.gradOf(nd.c).Data()
		parallel.For(o, max(1, grain/ncol), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				gbias[j] += kernels.Sum8(gb[j*ncol : (j+1)*ncol])
			}
		})
	}
	if !nd.b.needsGrad && !nd.a.needsGrad {
		return
	}
	buf := tp.transientAt(1, size*n+n).Data() // x batch-minor, then dx
	if nd.b.needsGrad {
		toBatchMinor(buf, nd.a.Value.Data(), n, size)
		tensor.GemmPacked(o, c*khw, ncol, 1, gb, ncol, false, bmColsTPacker(buf, geo), 1, tp.gradOf(nd.b).Data(), c*khw)
	}
	if !nd.a.needsGrad {
		return
	}
	wf := tp.transientAt(0, c*o*khw).Data() // free again once the product has run
	flipKernels(wf, nd.b.Value.Data(), o, c, khw)
	dgeo := bmGeom{c: o, h: geo.oh, w: geo.ow, n: n, kh: kh, kw: kw, oh: h, ow: w,
		padH: (kh-1)*geo.dil - geo.padH, padW: (kw-1)*geo.dil - geo.padW, dil: geo.dil}
	dxb := buf[:size*n]
	tensor.GemmPacked(c, h*w*n, o*khw, 1, wf, o*khw, false, bmColsPacker(gb, dgeo), 0, dxb, h*w*n)
	dx, fresh := tp.gradForSet(nd.a)
	if fresh {
		transposeTo(dx.Data(), size, dxb, n, size, n)
		return
	}
	stage := tp.transientAt(0, n*size).Data()
	transposeTo(stage, size, dxb, n, size, n)
	dd := dx.Data()
	parallel.For(len(dd), grain, func(lo, hi int) { kernels.Add(dd[lo:hi], stage[lo:hi]) })
}
