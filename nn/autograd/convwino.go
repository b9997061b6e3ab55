package autograd

import (
	"runtime"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
)

// Winograd convolution F(2×2, 3×3) (Lavin and Gray, "Fast Algorithms for
// Convolutional Neural Networks", 2016) for the 3×3, stride-1, "same" convolutions
// of many channels on small maps: the deep stages of VGG and ResNet. Each 2×2
// block of outputs ("tile") of a plane is
//
//	Y = Aᵀ [ Σ_c (G g Gᵀ) ⊙ (Bᵀ d B) ] A
//
// with d the 4×4 input patch around the tile (zeros in the padding) and g a 3×3
// kernel (the matrices are in nn/internal/kernels/wino.go). The sum over input
// channels, for each of the 16 positions ξ of a transformed tile, is one matrix
// product
//
//	M[ξ] (O × T) = U[ξ] (O × C) · V[ξ] (C × T),   T = tiles·N,
//
// 16 multiply-adds per tile instead of 36: the three passes do 2.25× fewer
// multiply-adds than the direct convolution. The backward pass is the exact
// adjoint of these linear maps:
//
//	dM = A dY Aᵀ,  dU[ξ] = dM[ξ] · V[ξ]ᵀ,  dg = Gᵀ dU G,  dV[ξ] = U[ξ]ᵀ · dM[ξ],  dd = B dV Bᵀ,
//
// the patches' gradients added into the input planes (tiles overlap by 2). The
// transforms' coefficients are 0, ±1 and ±½, so rounding stays at the level of the
// direct product's (the tests bound it against float64 loops).
//
// The transforms run batch-minor, the samples of the batch as the vector lanes
// (kernels.WinoInput and its kin): x is first copied to C×(H+2)×(W+2)×N with its
// padding zeros, so that every patch is four rows of four pixels of N values, and
// column t of V and M is sample t mod N of tile t / N. The output is formed
// O×H×W×N and transposed to NCHW. Results do not depend on the thread count: the
// products are split by columns only, and every value is formed by one task.
//
// Memory: the batch runs in blocks of samples (blockSize) through the tape's
// transient tensors: U (16·O·C) and, per block, the padded input, V, M and the
// batch-minor output; in the backward pass dU or U and, per block, the same
// and their gradients. Nothing is kept on the tape beyond the input, as for every
// convolution.

// The layers that take the Winograd path: 3×3 kernels, stride 1, padding 1, no
// dilation, even output planes of at most wgMaxPlane positions, at least
// wgMinChannels input and output channels, and a batch of at least wgMinBatch
// (the vector lanes of the transforms). Measured with BenchmarkConvLayer, the
// 256-channel 8×8, 512-channel 4×4 and 2×2 layers of VGG and ResNet gain (20–40%
// of a layer's forward and backward CPU time); the 64-channel 32×32 ones do not,
// and the 128-channel 16×16 ones, faster alone, made ResNet18's steps no faster.
// Vars so that tests can widen them.
var (
	wgMinChannels = 128
	wgMaxPlane    = 64
	wgMinBatch    = 8
)

// useWinograd reports whether a convolution of a batch of n, c input and o output
// channels, kh×kw kernels and oh×ow outputs per sample runs as Winograd F(2×2, 3×3).
func useWinograd(n, c, o, kh, kw, oh, ow int, p ConvParams) bool {
	return kh == 3 && kw == 3 && p.Stride == 1 && p.Pad == 1 && p.Dilation == 1 &&
		oh%2 == 0 && ow%2 == 0 && oh*ow <= wgMaxPlane && min(c, o) >= wgMinChannels && n >= wgMinBatch
}

// wgGeom is the tiling of a Winograd convolution: n samples of c channels of h×w
// pixels (h and w even) in, o channels of h×w out, th×tw tiles of 2×2 outputs
// per plane, t = th·tw·n columns of V and M.
type wgGeom struct {
	n, c, o, h, w int
	th, tw, t     int
}

func wgGeomOf(n, c, o, h, w int) wgGeom {
	return wgGeom{n: n, c: c, o: o, h: h, w: w, th: h / 2, tw: w / 2, t: h / 2 * w / 2 * n}
}

// wgStride is the distance between the 16 matrices of one of U, V or M, each of
// size values: a whole number of cache lines plus one, so that the 16 values of
// one tile fall in different cache sets (matrices a power of two apart would all
// map to one set and evict each other).
func wgStride(size int) int { return (size+15)&^15 + 16 }

// wgBlockValues bounds the per-block buffers of a Winograd convolution (V, M and
// their gradients, 16·max(C, O)·tiles values per sample): the batch runs in blocks
// of samples, a multiple of 8, at most this many values each (16 MiB), so that
// the transients stay small next to the network's activations. A var so that
// tests can make blocks of 8.
var wgBlockValues = 4 << 20

// blockSize returns the number of samples per block.
func (g *wgGeom) blockSize() int {
	per := 16 * max(g.c, g.o) * g.th * g.tw
	return min(g.n, max(8, wgBlockValues/per&^7))
}

// block returns the geometry of nb samples of g.
func (g *wgGeom) block(nb int) wgGeom { return wgGeomOf(nb, g.c, g.o, g.h, g.w) }

// conv2DWinograd sets od (N×O×H×W) to the convolution of xd (N×C×H×W) with wd
// (O×C×3×3), plus bias when it is not nil, one block of samples at a time.
func (tp *Tape) conv2DWinograd(od, xd, wd, bias []float32, g wgGeom) {
	su := wgStride(g.o * g.c)
	u := tp.transientAt(3, 16*su).Data()
	wgWeights(u, tp.transientAt(0, 9*g.o*g.c).Data(), wd, g.o, g.c)
	chw, ohw := g.c*g.h*g.w, g.o*g.h*g.w
	nb := g.blockSize()
	for b0 := 0; b0 < g.n; b0 += nb {
		b := g.block(min(nb, g.n-b0))
		sv, sm := wgStride(b.c*b.t), wgStride(b.o*b.t)
		xb := tp.transientAt(0, b.c*(b.h+2)*(b.w+2)*b.n).Data()
		b.padBatchMinor(xb, xd[b0*chw:(b0+b.n)*chw])
		v := tp.transientAt(1, 16*sv).Data()
		b.input(v, xb)
		m := tp.transientAt(2, 16*sm).Data()
		// M[ξ] (O × T) = U[ξ] (O × C) · V[ξ] (C × T)
		wgProducts(false, false, b.o, b.t, b.c, u, b.c, su, v, b.t, sv, 0, m, b.t, sm)
		ob := tp.transientAt(0, ohw*b.n).Data()
		b.output(ob, m, bias)
		transposeTo(od[b0*ohw:(b0+b.n)*ohw], ohw, ob, b.n, ohw, b.n)
	}
}

// backwardConvWinograd adds the gradients of a Winograd convolution (node nd,
// output gradient gy) into those of its input, weights and bias: the weights'
// over all blocks of samples first (dU summed block after block), then the
// input's block by block.
func (tp *Tape) backwardConvWinograd(nd *node, gy []float32, g wgGeom) {
	hw := g.h * g.w
	if nd.c != nil && nd.c.needsGrad {
		gbias := tp.gradOf(nd.c).Data()
		parallel.For(g.o, max(1, grain/(g.n*hw)), func(lo, hi int) {
			for j := lo; j < hi; j++ {
				var s float32
				for smp := range g.n {
					s += kernels.Sum8(gy[(smp*g.o+j)*hw : (smp*g.o+j+1)*hw])
				}
				gbias[j] += s
			}
		})
	}
	if !nd.b.needsGrad && !nd.a.needsGrad {
		return
	}
	su := wgStride(g.o * g.c)
	chw, ohw := g.c*hw, g.o*hw
	nb := g.blockSize()
	// dM of block b0 into transient 1 (through transient 0).
	gradM := func(b0 int, b wgGeom) []float32 {
		gb := tp.transientAt(0, ohw*b.n+b.n).Data()
		toBatchMinor(gb, gy[b0*ohw:(b0+b.n)*ohw], b.n, ohw)
		dm := tp.transientAt(1, 16*wgStride(b.o*b.t)).Data()
		b.outputAdjoint(dm, gb)
		return dm
	}
	var dm []float32 // the last block's, still in transient 1
	if nd.b.needsGrad {
		du := tp.transientAt(3, 16*su).Data()
		x := nd.a.Value.Data()
		for b0 := 0; b0 < g.n; b0 += nb {
			b := g.block(min(nb, g.n-b0))
			sv, sm := wgStride(b.c*b.t), wgStride(b.o*b.t)
			dm = gradM(b0, b)
			xb := tp.transientAt(0, b.c*(b.h+2)*(b.w+2)*b.n).Data()
			b.padBatchMinor(xb, x[b0*chw:(b0+b.n)*chw])
			v := tp.transientAt(2, 16*sv).Data()
			b.input(v, xb)
			// dU[ξ] (O × C) += dM[ξ] (O × T) · V[ξ]ᵀ
			beta := float32(1)
			if b0 == 0 {
				beta = 0
			}
			wgProducts(false, true, b.o, b.c, b.t, dm, b.t, sm, v, b.t, sv, beta, du, b.c, su)
		}
		dwt := tp.transientAt(0, 18*g.o*g.c).Data() // and the stage after it
		wgWeightsAdjoint(tp.gradOf(nd.b).Data(), dwt[:9*g.o*g.c], dwt[9*g.o*g.c:], du, g.o, g.c)
	}
	if !nd.a.needsGrad {
		return
	}
	u := tp.transientAt(3, 16*su).Data()
	wgWeights(u, tp.transientAt(0, 9*g.o*g.c).Data(), nd.b.Value.Data(), g.o, g.c)
	dx, fresh := tp.gradForSet(nd.a)
	for b0 := 0; b0 < g.n; b0 += nb {
		b := g.block(min(nb, g.n-b0))
		sv, sm := wgStride(b.c*b.t), wgStride(b.o*b.t)
		if dm == nil || nb < g.n { // one block: its dM is still there
			dm = gradM(b0, b)
		}
		dv := tp.transientAt(2, 16*sv).Data()
		// dV[ξ] (C × T) = U[ξ]ᵀ · dM[ξ] (O × T)
		wgProducts(true, false, b.c, b.t, b.o, u, b.c, su, dm, b.t, sm, 0, dv, b.t, sv)
		dxb := tp.transientAt(0, b.c*(b.h+2)*(b.w+2)*b.n).Data()
		b.inputAdjoint(dxb, dv)
		rows := dx.Data()[b0*chw : (b0+b.n)*chw]
		if fresh {
			b.unpadBatchMinor(rows, dxb)
			continue
		}
		stage := tp.transientAt(2, b.n*chw).Data()
		b.unpadBatchMinor(stage, dxb)
		parallel.For(len(rows), grain, func(lo, hi int) { kernels.Add(rows[lo:hi], stage[lo:hi]) })
	}
}

// wgProducts sets c[ξ] = op(a[ξ])·op(b[ξ]) + beta·c[ξ] for the 16 positions ξ: m×n products
// over k (a[ξ] m×k, or k×m with transA, row stride lda, the 16 sa apart; b[ξ] k×n,
// or n×k with transB, ldb, sb apart; c[ξ] m×n, ldc, sc apart). Tasks are
// (ξ, block of columns), enough of them to balance the workers; the column split
// does not change any sum.
func wgProducts(transA, transB bool, m, n, k int, a []float32, lda, sa int, b []float32, ldb, sb int, beta float32, c []float32, ldc, sc int) {
	blocks := max(1, min((4*runtime.GOMAXPROCS(0)+15)/16, n/128))
	bw := ((n+blocks-1)/blocks + 31) &^ 31
	blocks = (n + bw - 1) / bw
	parallel.For(16*blocks, 1, func(lo, hi int) {
		for task := lo; task < hi; task++ {
			xi, j0 := task/blocks, (task%blocks)*bw
			bOff := xi*sb + j0
			if transB {
				bOff = xi*sb + j0*ldb
			}
			kernels.Sgemm(transA, transB, m, min(bw, n-j0), k, 1, a[xi*sa:], lda, b[bOff:], ldb, beta, c[xi*sc+j0:], ldc)
		}
	})
}

// wgLanes is how many kernels one task of the weight transforms handles.
const wgLanes = 512

// wgWeights sets u[ξ] (O × C, for the 16 ξ, wgStride apart) to the transformed
// kernels G g Gᵀ of w (O×C×3×3), through wt (9 × O·C: w transposed, the kernels
// as lanes).
func wgWeights(u, wt, w []float32, o, c int) {
	oc := o * c
	transposeTo(wt, oc, w, 9, oc, 9)
	parallel.For(oc, wgLanes, func(lo, hi int) {
		kernels.WinoWeights(u[lo:], wgStride(oc), wt[lo:], oc, hi-lo)
	})
}

// wgWeightsAdjoint adds Gᵀ dU G, the gradient of each 3×3 kernel, into dw
// (O×C×3×3), through dwt (9 × O·C) and stage (O·C × 9).
func wgWeightsAdjoint(dw, dwt, stage, du []float32, o, c int) {
	oc := o * c
	parallel.For(oc, wgLanes, func(lo, hi int) {
		for q := range 9 {
			clear(dwt[q*oc+lo : q*oc+hi])
		}
		kernels.WinoWeightsAdjoint(dwt[lo:], oc, du[lo:], wgStride(oc), hi-lo)
	})
	transposeTo(stage, 9, dwt, oc, 9, oc)
	parallel.For(len(dw), grain, func(lo, hi int) { kernels.Add(dw[lo:hi], stage[lo:hi]) })
}

// padBatchMinor writes x (N×C×H×W) into xb as C×(H+2)×(W+2)×N, the pixels
// surrounded by a border of zeros.
func (g *wgGeom) padBatchMinor(xb, x []float32) {
	n, hw, pw := g.n, g.h*g.w, g.w+2
	chw := g.c * hw
	parallel.For(g.c*g.h, max(1, grain/(n*g.w)), func(lo, hi int) {
		for task := lo; task < hi; task++ {
			ci, r := task/g.h, task%g.h
			plane := xb[ci*(g.h+2)*pw*n : (ci+1)*(g.h+2)*pw*n]
			if r == 0 {
				clear(plane[:pw*n])
			}
			if r == g.h-1 {
				clear(plane[(g.h+1)*pw*n:])
			}
			row := plane[(r+1)*pw*n : (r+2)*pw*n]
			clear(row[:n])
			clear(row[(pw-1)*n:])
			for s0 := 0; s0 < n; s0 += 8 {
				kernels.Transpose8(row[n+s0:], n, x[s0*chw+ci*hw+r*g.w:], chw, min(8, n-s0), g.w)
			}
		}
	})
}

// unpadBatchMinor writes the pixels of xb (C×(H+2)×(W+2)×N, as padBatchMinor
// lays them out) into dst as N×C×H×W.
func (g *wgGeom) unpadBatchMinor(dst, xb []float32) {
	n, hw, pw := g.n, g.h*g.w, g.w+2
	chw := g.c * hw
	parallel.For(g.c*g.h, max(1, grain/(n*g.w)), func(lo, hi int) {
		for task := lo; task < hi; task++ {
			ci, r := task/g.h, task%g.h
			row := xb[(ci*(g.h+2)+r+1)*pw*n:]
			for c0 := 0; c0 < g.w; c0 += 8 {
				kernels.Transpose8(dst[ci*hw+r*g.w+c0:], chw, row[(1+c0)*n:], n, min(8, g.w-c0), n)
			}
		}
	})
}

// input sets v[ξ] (C × T, for the 16 ξ) to the transformed input patches Bᵀ d B
// of xb (the padded batch-minor input).
func (g *wgGeom) input(v, xb []float32) {
	n, pw, nt := g.n, g.w+2, g.th*g.tw
	sv := wgStride(g.c * g.t)
	parallel.For(g.c*nt, max(1, grain/(16*n)), func(lo, hi int) {
		for task := lo; task < hi; task++ {
			ci, tile := task/nt, task%nt
			ty, tx := tile/g.tw, tile%g.tw
			src := xb[((ci*(g.h+2)+2*ty)*pw+2*tx)*n:]
			kernels.WinoInput(v[ci*g.t+tile*n:], sv, src, pw*n, n, n)
		}
	})
}

// inputAdjoint sets dxb (C×(H+2)×(W+2)×N) to the sum of the input patches'
// gradients B dV Bᵀ. A channel's tiles overlap, so one task adds them all.
func (g *wgGeom) inputAdjoint(dxb, dv []float32) {
	n, pw, nt := g.n, g.w+2, g.th*g.tw
	sv, plane := wgStride(g.c*g.t), (g.h+2)*pw*n
	parallel.For(g.c, max(1, grain/(16*n*nt)), func(lo, hi int) {
		for ci := lo; ci < hi; ci++ {
			p := dxb[ci*plane : (ci+1)*plane]
			clear(p)
			for tile := range nt {
				ty, tx := tile/g.tw, tile%g.tw
				kernels.WinoInputAdjoint(p[(2*ty*pw+2*tx)*n:], pw*n, n, dv[ci*g.t+tile*n:], sv, n)
			}
		}
	})
}

// output sets ob (O×H×W×N) to Aᵀ M A for every tile, plus bias when not nil.
func (g *wgGeom) output(ob, m, bias []float32) {
	n, nt, hwn := g.n, g.th*g.tw, g.h*g.w*g.n
	sm := wgStride(g.o * g.t)
	parallel.For(g.o*nt, max(1, grain/(16*n)), func(lo, hi int) {
		for task := lo; task < hi; task++ {
			co, tile := task/nt, task%nt
			ty, tx := tile/g.tw, tile%g.tw
			var b float32
			if bias != nil {
				b = bias[co]
			}
			kernels.WinoOutput(ob[co*hwn+(2*ty*g.w+2*tx)*n:], g.w*n, n, m[co*g.t+tile*n:], sm, b, n)
		}
	})
}

// outputAdjoint sets dm[ξ] (O × T, for the 16 ξ) to A dY Aᵀ for every tile of
// the batch-minor output gradient gb (O×H×W×N).
func (g *wgGeom) outputAdjoint(dm, gb []float32) {
	n, nt, hwn := g.n, g.th*g.tw, g.h*g.w*g.n
	sm := wgStride(g.o * g.t)
	parallel.For(g.o*nt, max(1, grain/(16*n)), func(lo, hi int) {
		for task := lo; task < hi; task++ {
			co, tile := task/nt, task%nt
			ty, tx := tile/g.tw, tile%g.tw
			kernels.WinoOutputAdjoint(dm[co*g.t+tile*n:], sm, gb[co*hwn+(2*ty*g.w+2*tx)*n:], g.w*n, n, n)
		}
	})
}
