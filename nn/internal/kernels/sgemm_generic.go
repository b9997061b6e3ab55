package kernels

import "sync"

// Register-block and cache-block sizes of Sgemm. The 6×16 micro-tile keeps 12 AVX2
// accumulators (6 rows × two 8-float vectors) in registers; kc×16 floats of B and
// kc×6 of A stream through L1, mc×kc of A stays in L2.
const (
	mr = 6
	nr = 16
	kc = 256
	mc = 96
	nc = 512
)

var packPool = sync.Pool{New: func() any {
	return &packBufs{a: make([]float32, mc*kc), b: make([]float32, kc*nc)}
}}

type packBufs struct{ a, b []float32 }

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where op(A)
// is m×k and op(B) is k×n. If transA is false A is stored m×k with row stride lda;
// if true, A is stored k×m (op(A) = Aᵀ). Likewise for B with transB and ldb. C is
// m×n with row stride ldc. beta == 0 overwrites C (NaNs in C do not propagate).
//
// The reference loop is
//
//	for i := 0; i < m; i++ {
//		for j := 0; j < n; j++ {
//			var s float32
//			for p := 0; p < k; p++ {
//				s += opA(i, p) * opB(p, j)
//			}
//			c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
//		}
//	}
//
// Sgemm is single-threaded; results depend only on the arguments (summation order is
// fixed by the blocking), so callers that split C into disjoint tiles get the same
// bits for any number of workers. After warm-up it does not allocate.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
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
	var tile [mr * nr]float32
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			packB(transB, b, ldb, pc, jc, kb, nb, bufs.b)
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				packA(transA, a, lda, ic, pc, mb, kb, alpha, bufs.a)
				for jr := 0; jr < nb; jr += nr {
					bp := bufs.b[jr*kb : jr*kb+kb*nr]
					cols := min(nr, nb-jr)
					for ir := 0; ir < mb; ir += mr {
						ap := bufs.a[ir*kb : ir*kb+kb*mr]
						rows := min(mr, mb-ir)
						off := (ic+ir)*ldc + jc + jr
						if rows == mr && cols == nr {
							kernel6x16(kb, ap, bp, c[off:], ldc)
							continue
						}
						clear(tile[:])
						kernel6x16(kb, ap, bp, tile[:], nr)
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
// holds, for each p, the 6 values of rows 6r..6r+5 (zero-padded).
func packA(trans bool, a []float32, lda, i0, p0, mb, kb int, alpha float32, dst []float32) {
	for ir := 0; ir < mb; ir += mr {
		panel := dst[ir*kb : ir*kb+kb*mr]
		rows := min(mr, mb-ir)
		if rows < mr {
			clear(panel)
		}
		if trans {
			// op(A) = Aᵀ: row p of A holds the panel's 6 values for step p contiguously.
			base := p0*lda + i0 + ir
			for p := 0; p < kb; p++ {
				src := a[base+p*lda : base+p*lda+rows]
				d := panel[p*mr : p*mr+rows]
				for i, v := range src {
					d[i] = alpha * v
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

// packB copies op(B)[p0:p0+kb, j0:j0+nb] into dst as ⌈nb/16⌉ panels; panel s holds,
// for each p, the 16 values of columns 16s..16s+15 (zero-padded).
func packB(trans bool, b []float32, ldb, p0, j0, kb, nb int, dst []float32) {
	for jr := 0; jr < nb; jr += nr {
		panel := dst[jr*kb : jr*kb+kb*nr]
		cols := min(nr, nb-jr)
		if !trans {
			for p := 0; p < kb; p++ {
				src := b[(p0+p)*ldb+j0+jr : (p0+p)*ldb+j0+jr+cols]
				row := panel[p*nr : p*nr+nr]
				copy(row, src)
				clear(row[cols:])
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

// kernel6x16Generic adds the 6×16 product of a packed A panel (k×6) and a packed B
// panel (k×16) into c (row stride ldc).
func kernel6x16Generic(k int, a, b, c []float32, ldc int) {
	var acc [mr][nr]float32
	for p := 0; p < k; p++ {
		bp := (*[nr]float32)(b[p*nr : p*nr+nr])
		ap := (*[mr]float32)(a[p*mr : p*mr+mr])
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
