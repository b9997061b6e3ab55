package tensor

import (
	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
)

// Tile sizes of the parallel matrix multiply: each task computes one tileM×tileN
// block of the output with the single-threaded kernel. They depend only on the
// problem, so the summation order, and the result, is the same for any GOMAXPROCS.
const (
	tileM = 96
	tileN = 128
	// Below this many multiply-adds one goroutine is faster than several.
	serialFlops = 1 << 16
)

// MatMul sets t = a·b for 2-D a (m×k) and b (k×n). See MatMulT.
func (t *Dense) MatMul(a, b *Dense) { t.MatMulT(a, false, b, false) }

// MatMulT sets t = op(a)·op(b), where op transposes its argument when the flag is
// set: a is m×k (or k×m with transA), b is k×n (or n×k with transB). An empty t is
// sized to m×n; otherwise t must already be m×n. t must not share data with a or b.
// It panics with a *ShapeError on mismatched shapes.
func (t *Dense) MatMulT(a *Dense, transA bool, b *Dense, transB bool) {
	t.Gemm(1, a, transA, b, transB, 0)
}

// Gemm sets t = alpha·op(a)·op(b) + beta·t (BLAS sgemm). With beta == 0 an empty t is
// sized to m×n; otherwise t must be m×n.
func (t *Dense) Gemm(alpha float32, a *Dense, transA bool, b *Dense, transB bool, beta float32) {
	if len(a.shape) != 2 || len(b.shape) != 2 {
		panic(&ShapeError{Op: "MatMul", A: a.shape, B: b.shape, Msg: "operands must be 2-D"})
	}
	m, k := a.shape[0], a.shape[1]
	if transA {
		m, k = k, m
	}
	k2, n := b.shape[0], b.shape[1]
	if transB {
		k2, n = n, k2
	}
	if k != k2 {
		panic(&ShapeError{Op: "MatMul", A: a.shape, B: b.shape})
	}
	if t.IsEmpty() && beta == 0 {
		t.ReuseAs(m, n)
	} else if len(t.shape) != 2 || t.shape[0] != m || t.shape[1] != n {
		panic(&ShapeError{Op: "MatMul", A: t.shape, B: []int{m, n}, Msg: "destination"})
	}
	gemm(transA, transB, m, n, k, alpha, a.data, a.shape[1], b.data, b.shape[1], beta, t.data, n)
}

// gemm runs kernels.Sgemm over a fixed grid of output tiles in parallel.
func gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m*n*k <= serialFlops {
		kernels.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	rowTiles := (m + tileM - 1) / tileM
	colTiles := (n + tileN - 1) / tileN
	parallel.For(rowTiles*colTiles, 1, func(lo, hi int) {
		for task := lo; task < hi; task++ {
			i0 := (task / colTiles) * tileM
			j0 := (task % colTiles) * tileN
			mb, nb := min(tileM, m-i0), min(tileN, n-j0)
			aOff := i0 * lda
			if transA {
				aOff = i0
			}
			bOff := j0
			if transB {
				bOff = j0 * ldb
			}
			kernels.Sgemm(transA, transB, mb, nb, k, alpha, a[aOff:], lda, b[bOff:], ldb, beta, c[i0*ldc+j0:], ldc)
		}
	})
}
