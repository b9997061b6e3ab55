// Package gemm holds the float64 matrix-multiply kernels of skgo's classical
// estimators (Gram matrices for least squares, PCA covariances): single-threaded,
// no allocation after warm-up, no goroutines (callers split the work into fixed row
// chunks and add the partial results in order, so results do not depend on the
// number of cores).
//
// The inner 6×8 tile runs AVX2/FMA assembly on amd64 when the CPU has it (detected
// with golang.org/x/sys/cpu) and a pure-Go body otherwise or with -tags purego; tests
// compare the two. This is the float64 twin of nn/internal/kernels' sgemm.
package gemm

import "sync"

// Register and cache blocking: the 6×8 micro-tile keeps 12 AVX2 accumulators (6 rows
// × two 4-double vectors); kc×8 of B and kc×6 of A stream through L1 and mc×kc of A
// stays in L2.
const (
	mr = 6
	nr = 8
	kc = 256
	mc = 96
	nc = 256
)

var packPool = sync.Pool{New: func() any {
	return &packBufs{a: make([]float64, mc*kc), b: make([]float64, kc*nc)}
}}

type packBufs struct{ a, b []float64 }

// Dgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where op(A) is
// m×k and op(B) is k×n. With transA, A is stored k×m (op(A) = Aᵀ), row stride lda;
// likewise B with transB and ldb. C is m×n with row stride ldc. beta == 0
// overwrites C. The reference loop is
//
//	for i, j: c[i*ldc+j] = alpha·Σ_p opA(i,p)·opB(p,j) + beta·c[i*ldc+j]
func Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, false)
}

// SyrkT adds alpha·AᵀA to the upper triangle of the n×n matrix C (row stride ldc),
// where A is k×n with row stride lda: the Gram matrix of A's rows. Entries below the
// diagonal are left as they are, except in tiles that straddle the diagonal, where
// they receive the same sums as their mirror images.
func SyrkT(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) {
	gemm(true, false, n, n, k, alpha, a, lda, a, lda, 1, c, ldc, true)
}

func gemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, upper bool) {
	if m <= 0 || n <= 0 {
		return
	}
	if beta != 1 {
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			if beta == 0 {
				clear(row)
			} else {
				for j := range row {
					row[j] *= beta
				}
			}
		}
	}
	if k <= 0 || alpha == 0 {
		return
	}
	bufs := packPool.Get().(*packBufs)
	defer packPool.Put(bufs)
	var tile [mr * nr]float64
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			packB(transB, b, ldb, pc, jc, kb, nb, bufs.b)
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				if upper && ic >= jc+nb {
					break // the whole block lies below the diagonal
				}
				packA(transA, a, lda, ic, pc, mb, kb, alpha, bufs.a)
				for jr := 0; jr < nb; jr += nr {
					bp := bufs.b[jr*kb : jr*kb+kb*nr]
					cols := min(nr, nb-jr)
					for ir := 0; ir < mb; ir += mr {
						if upper && ic+ir >= jc+jr+cols {
							break // this tile and the ones below it are under the diagonal
						}
						ap := bufs.a[ir*kb : ir*kb+kb*mr]
						rows := min(mr, mb-ir)
						off := (ic+ir)*ldc + jc + jr
						if rows == mr && cols == nr {
							kernel6x8(kb, ap, bp, c[off:], ldc)
							continue
						}
						clear(tile[:])
						kernel6x8(kb, ap, bp, tile[:], nr)
						for i := 0; i < rows; i++ {
							dst := c[off+i*ldc : off+i*ldc+cols]
							for j := range dst {
								dst[j] += tile[i*nr+j]
							}
						}
					}
				}
			}
		}
	}
}

// packA copies alpha·op(A)[i0:i0+mb, p0:p0+kb] into dst as ⌈mb/6⌉ panels; panel r
// holds, for each p, the 6 values of rows 6r..6r+5 (zero-padded). The loops index
// flat slices: at the small widths of Gram matrices (a dozen columns) sub-slicing
// every row costs more than the copy.
func packA(trans bool, a []float64, lda, i0, p0, mb, kb int, alpha float64, dst []float64) {
	for ir := 0; ir < mb; ir += mr {
		panel := dst[ir*kb : ir*kb+kb*mr]
		rows := min(mr, mb-ir)
		if rows < mr {
			clear(panel)
		}
		if trans {
			base := p0*lda + i0 + ir
			if rows == mr {
				for p := 0; p < kb; p++ {
					src := a[base+p*lda : base+p*lda+mr : base+p*lda+mr]
					d := panel[p*mr : p*mr+mr : p*mr+mr]
					d[0], d[1], d[2] = alpha*src[0], alpha*src[1], alpha*src[2]
					d[3], d[4], d[5] = alpha*src[3], alpha*src[4], alpha*src[5]
				}
				continue
			}
			for p := 0; p < kb; p++ {
				for i := 0; i < rows; i++ {
					panel[p*mr+i] = alpha * a[base+p*lda+i]
				}
			}
			continue
		}
		for i := 0; i < rows; i++ {
			src := a[(i0+ir+i)*lda+p0 : (i0+ir+i)*lda+p0+kb]
			for p, v := range src {
				panel[p*mr+i] = alpha * v
			}
		}
	}
}

// packB copies op(B)[p0:p0+kb, j0:j0+nb] into dst as ⌈nb/8⌉ panels; panel s holds,
// for each p, the 8 values of columns 8s..8s+7 (zero-padded).
func packB(trans bool, b []float64, ldb, p0, j0, kb, nb int, dst []float64) {
	for jr := 0; jr < nb; jr += nr {
		panel := dst[jr*kb : jr*kb+kb*nr]
		cols := min(nr, nb-jr)
		if !trans {
			base := p0*ldb + j0 + jr
			if cols == nr {
				for p := 0; p < kb; p++ {
					src := b[base+p*ldb : base+p*ldb+nr : base+p*ldb+nr]
					d := panel[p*nr : p*nr+nr : p*nr+nr]
					d[0], d[1], d[2], d[3] = src[0], src[1], src[2], src[3]
					d[4], d[5], d[6], d[7] = src[4], src[5], src[6], src[7]
				}
				continue
			}
			clear(panel)
			for p := 0; p < kb; p++ {
				for j := 0; j < cols; j++ {
					panel[p*nr+j] = b[base+p*ldb+j]
				}
			}
			continue
		}
		if cols < nr {
			clear(panel)
		}
		for j := 0; j < cols; j++ {
			src := b[(j0+jr+j)*ldb+p0 : (j0+jr+j)*ldb+p0+kb]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
	}
}

// kernel6x8Generic adds the 6×8 product of a packed A panel (k×6) and a packed B
// panel (k×8) into c (row stride ldc).
func kernel6x8Generic(k int, a, b, c []float64, ldc int) {
	var acc [mr][nr]float64
	for p := 0; p < k; p++ {
		bp := (*[nr]float64)(b[p*nr : p*nr+nr])
		ap := (*[mr]float64)(a[p*mr : p*mr+mr])
		for i := 0; i < mr; i++ {
			ai := ap[i]
			row := &acc[i]
			for j := 0; j < nr; j++ {
				row[j] += ai * bp[j]
			}
		}
	}
	for i := 0; i < mr; i++ {
		dst := c[i*ldc : i*ldc+nr]
		for j := range dst {
			dst[j] += acc[i][j]
		}
	}
}
