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

//go:generate go run ../kernelgen -type float64 -dir .

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

// TileRows and TileCols are the shape of the micro-kernel's block (Tile). Callers
// that produce their operands row by row (a centred Gram matrix) can write them
// straight into packed panels and skip Dgemm's packing, which dominates for narrow
// matrices.
const (
	TileRows = mr
	TileCols = nr
)

// Tile adds a·b to the TileRows×TileCols block of c at row stride ldc, where a is a
// packed k×TileRows panel (for each step p, the TileRows values of the block's rows)
// and b a packed k×TileCols panel. The sum over p is formed first and then added to
// c, exactly as Dgemm and SyrkT do for each block of at most 256 steps.
func Tile(k int, a, b, c []float64, ldc int) { kernel6x8(k, a, b, c, ldc) }
