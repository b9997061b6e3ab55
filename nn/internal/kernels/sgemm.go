package kernels

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
	gemm(transA, transB, m, n, k, alpha, a, lda, nil, 0, b, ldb, nil, beta, c, ldc, false)
}

// TileShape returns the register tile Sgemm uses on this CPU (rows × columns of C per
// micro-kernel call: 14×32 with AVX-512F, else 6×16). Callers that split C among
// workers make their pieces multiples of it, so that no piece ends in a thin
// remainder tile.
func TileShape() (rows, cols int) {
	mk := activeKernel()
	return mk.mr, mk.nr
}

// SgemmPacked is Sgemm with op(B) (k×n) supplied by pack instead of a stored
// matrix: gemm calls pack for each kc×nc block of B it needs, in its packed
// layout (see BPacker). Given the same values it returns the same bits as Sgemm.
func SgemmPacked(transA bool, m, n, k int, alpha float32, a []float32, lda int, pack BPacker, beta float32, c []float32, ldc int) {
	gemm(transA, false, m, n, k, alpha, a, lda, nil, 0, nil, 0, pack, beta, c, ldc, false)
}

// SgemmA is Sgemm with the left operand taken from rows [row0, row0+m) of pa
// (packed by PackA, alpha included; row0 a multiple of the tile height, see
// TileShape) and op(B) from b (transB, ldb) or, when pack is not nil, from pack.
// Products that share a left operand (one weight matrix against many blocks of
// columns) pack it once. Given the same values it returns the same bits as Sgemm.
func SgemmA(pa *PackedA, row0, m, n int, transB bool, b []float32, ldb int, pack BPacker, beta float32, c []float32, ldc int) {
	gemm(false, transB, m, n, pa.k, 1, nil, 0, pa, row0, b, ldb, pack, beta, c, ldc, false)
}
