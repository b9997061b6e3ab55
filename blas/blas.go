// Package blas is a float64 BLAS for gonum whose matrix products run skgo's GEMM
// kernels (internal/gemm: AVX-512F or AVX2/FMA micro-kernels chosen at start-up,
// pure Go elsewhere), split over output tiles on all cores. Dgemm and Dsyrk are
// skgo's; Dgemv is gonum's own kernel run on blocks of rows or columns in parallel
// when the matrix is large; every other routine is gonum's native implementation
// (blas/gonum), which Implementation embeds.
//
// Nothing changes until a program opts in. Use installs the implementation with
// gonum's blas64.Use, so that gonum's mat and lapack packages (and through them
// PCA's SVD, the eigensolvers, least squares) and any user code that calls blas64
// get the faster products; the function it returns switches back:
//
//	restore := blas.Use()
//	defer restore()
//
// blas64.Use sets a process-wide variable that gonum reads without locking, so call
// Use (and restore) at start-up or while no gonum computation is running.
//
// Dgemm's results do not depend on the number of cores: every element of C is summed
// in the same order whatever the split (fused multiply-adds in step order per block
// of 256 steps, blocks added in order), and products with few output tiles and a
// long inner dimension are split along it in fixed chunks whose partial products are
// added in chunk order. They differ from gonum's native Dgemm in the last bits
// (different summation order and fused multiply-adds).
package blas

import (
	"sync"

	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/skgo/skgo/internal/gemm"
	"github.com/skgo/skgo/internal/parallel"
)

// Implementation is gonum's native float64 BLAS with Dgemm and Dsyrk replaced by
// skgo's kernels and Dgemv parallelised. Its zero value is ready to use.
type Implementation struct {
	gonum.Implementation
}

var _ gblas.Float64 = Implementation{}

// Use installs Implementation as gonum's float64 BLAS (blas64.Use) and returns a
// function that reinstalls the implementation that was in use before. See the
// package comment on when it is safe to call.
func Use() (restore func()) {
	prev := blas64.Implementation()
	blas64.Use(Implementation{})
	return func() { blas64.Use(prev) }
}

// Panic messages of gonum's BLAS, for the same argument checks.
const (
	badTranspose = "blas: illegal transpose"
	badUplo      = "blas: illegal triangle"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

// Dgemm computes C = alpha·op(A)·op(B) + beta·C (row-major, as gonum's Dgemm, with
// the same argument checks and panics), on the tiles of C in parallel.
func (Implementation) Dgemm(tA, tB gblas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	aTrans, ok := isTrans(tA)
	if !ok {
		panic(badTranspose)
	}
	bTrans, ok := isTrans(tB)
	if !ok {
		panic(badTranspose)
	}
	switch {
	case m < 0:
		panic(mLT0)
	case n < 0:
		panic(nLT0)
	case k < 0:
		panic(kLT0)
	case aTrans && lda < max(1, m), !aTrans && lda < max(1, k):
		panic(badLdA)
	case bTrans && ldb < max(1, k), !bTrans && ldb < max(1, n):
		panic(badLdB)
	case ldc < max(1, n):
		panic(badLdC)
	}
	if m == 0 || n == 0 {
		return
	}
	switch {
	case aTrans && len(a) < (k-1)*lda+m, !aTrans && len(a) < (m-1)*lda+k:
		panic(shortA)
	case bTrans && len(b) < (n-1)*ldb+k, !bTrans && len(b) < (k-1)*ldb+n:
		panic(shortB)
	case len(c) < (m-1)*ldc+n:
		panic(shortC)
	}
	if (alpha == 0 || k == 0) && beta == 1 {
		return
	}
	dgemm(aTrans, bTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dsyrk computes the ul triangle of C = alpha·A·Aᵀ + beta·C (t == NoTrans, A n×k) or
// C = alpha·Aᵀ·A + beta·C (t == Trans or ConjTrans, A k×n), as gonum's Dsyrk: the
// other triangle of C is neither read nor written. Blocks of C off the diagonal are
// Dgemm products; a block on the diagonal is formed in a scratch buffer and its
// triangle copied.
func (Implementation) Dsyrk(ul gblas.Uplo, t gblas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	if ul != gblas.Lower && ul != gblas.Upper {
		panic(badUplo)
	}
	trans, ok := isTrans(t)
	if !ok {
		panic(badTranspose)
	}
	switch {
	case n < 0:
		panic(nLT0)
	case k < 0:
		panic(kLT0)
	case trans && lda < max(1, n), !trans && lda < max(1, k):
		panic(badLdA)
	case ldc < max(1, n):
		panic(badLdC)
	}
	if n == 0 {
		return
	}
	switch {
	case trans && len(a) < (k-1)*lda+n, !trans && len(a) < (n-1)*lda+k:
		panic(shortA)
	case len(c) < (n-1)*ldc+n:
		panic(shortC)
	}
	if (alpha == 0 || k == 0) && beta == 1 {
		return
	}
	// rows(i) is the offset in a of op(A)'s row i (A's row i, or column i when trans).
	rows := func(i int) int {
		if trans {
			return i
		}
		return i * lda
	}
	for i0 := 0; i0 < n; i0 += syrkBlock {
		ib := min(syrkBlock, n-i0)
		for j0 := 0; j0 < n; j0 += syrkBlock {
			jb := min(syrkBlock, n-j0)
			if (ul == gblas.Upper && j0 < i0) || (ul == gblas.Lower && j0 > i0) {
				continue
			}
			if i0 != j0 { // wholly inside the triangle
				dgemm(trans, !trans, ib, jb, k, alpha, a[rows(i0):], lda, a[rows(j0):], lda, beta, c[i0*ldc+j0:], ldc)
				continue
			}
			sp := scratchPool.Get().(*[]float64)
			if cap(*sp) < ib*ib {
				*sp = make([]float64, ib*ib)
			}
			s := (*sp)[:ib*ib]
			dgemm(trans, !trans, ib, ib, k, alpha, a[rows(i0):], lda, a[rows(i0):], lda, 0, s, ib)
			for i := 0; i < ib; i++ {
				lo, hi := i, ib // upper: j ≥ i
				if ul == gblas.Lower {
					lo, hi = 0, i+1
				}
				dst := c[(i0+i)*ldc+i0+lo : (i0+i)*ldc+i0+hi]
				src := s[i*ib+lo : i*ib+hi]
				switch beta {
				case 0:
					copy(dst, src)
				case 1:
					for j, v := range src {
						dst[j] += v
					}
				default:
					for j, v := range src {
						dst[j] = beta*dst[j] + v
					}
				}
			}
			scratchPool.Put(sp)
		}
	}
}

// Dgemv computes y = alpha·op(A)·x + beta·y as gonum's Dgemv, with its argument
// checks and panics. A matrix of at least gemvParallel elements with unit strides is
// cut into blocks of gemvBlock rows (y = A·x: each element of y is one row's dot
// product) or columns (y = Aᵀ·x: each block of y accumulates the rows of A in
// order), and gonum's Dgemv runs on the blocks in parallel, so every element is
// computed by the same operations in the same order as gonum's Dgemv computes it:
// the results are identical to gonum's for any number of cores. Dgemv reads the
// whole matrix once, so it is bound by memory bandwidth; the gain is at most the
// number of memory channels one core cannot saturate.
func (im Implementation) Dgemv(tA gblas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	trans, ok := isTrans(tA)
	if !ok || m*n < gemvParallel || incX != 1 || incY != 1 || lda < max(1, n) || len(a) < (m-1)*lda+n {
		im.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	if len(x) < lenX || len(y) < lenY {
		im.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) // its panic
		return
	}
	blocks := (lenY + gemvBlock - 1) / gemvBlock
	run(blocks, func(b int) {
		lo, hi := b*gemvBlock, min(lenY, (b+1)*gemvBlock)
		if trans {
			im.Implementation.Dgemv(tA, m, hi-lo, alpha, a[lo:], lda, x, 1, beta, y[lo:hi], 1)
			return
		}
		im.Implementation.Dgemv(tA, hi-lo, n, alpha, a[lo*lda:], lda, x, 1, beta, y[lo:hi], 1)
	})
}

func isTrans(t gblas.Transpose) (trans, ok bool) {
	switch t {
	case gblas.NoTrans:
		return false, true
	case gblas.Trans, gblas.ConjTrans:
		return true, true
	}
	return false, false
}

// Work split. Tiles of C start at tileM×tileN and are halved (down to
// minTileM×minTileN) until there are at least minTasks; they depend only on the
// problem size. A product with fewer than splitTiles tiles, at most splitMaxMN
// elements of C and at least 2·splitK steps is split along k instead.
const (
	tileM       = 256
	tileN       = 512
	minTileM    = 64
	minTileN    = 64
	minTasks    = 8
	serialFlops = 1 << 18
	splitTiles  = 2
	splitK      = 4096
	splitMaxMN  = 1 << 16
	syrkBlock   = 512

	// Dgemv runs in parallel from gemvParallel matrix elements (2 MiB), on blocks of
	// gemvBlock elements of y.
	gemvParallel = 1 << 18
	gemvBlock    = 256
)

var scratchPool = sync.Pool{New: func() any { return new([]float64) }}

// dgemm runs gemm.Dgemm over a fixed grid of output tiles (or of k chunks) in
// parallel. The arguments are valid and C is not empty.
func dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m*n*k <= serialFlops {
		gemm.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	tm, tn := tiles(m, n)
	rowTiles, colTiles := (m+tm-1)/tm, (n+tn-1)/tn
	if rowTiles*colTiles < splitTiles && m*n <= splitMaxMN && k >= 2*splitK {
		dgemmSplitK(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	run(rowTiles*colTiles, func(task int) {
		i0, j0 := (task/colTiles)*tm, (task%colTiles)*tn
		mb, nb := min(tm, m-i0), min(tn, n-j0)
		aOff, bOff := i0*lda, j0
		if transA {
			aOff = i0
		}
		if transB {
			bOff = j0 * ldb
		}
		gemm.Dgemm(transA, transB, mb, nb, k, alpha, a[aOff:], lda, b[bOff:], ldb, beta, c[i0*ldc+j0:], ldc)
	})
}

// dgemmSplitK sums the partial products of fixed chunks of splitK steps, computed in
// parallel, in chunk order.
func dgemmSplitK(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	chunks := (k + splitK - 1) / splitK
	sp := scratchPool.Get().(*[]float64)
	defer scratchPool.Put(sp)
	if cap(*sp) < chunks*m*n {
		*sp = make([]float64, chunks*m*n)
	}
	part := (*sp)[:chunks*m*n]
	run(chunks, func(j int) {
		p0, kb := j*splitK, min(splitK, k-j*splitK)
		aOff, bOff := p0, p0*ldb
		if transA {
			aOff = p0 * lda
		}
		if transB {
			bOff = p0
		}
		gemm.Dgemm(transA, transB, m, n, kb, alpha, a[aOff:], lda, b[bOff:], ldb, 0, part[j*m*n:(j+1)*m*n], n)
	})
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
		for ch := 0; ch < chunks; ch++ {
			for j, v := range part[ch*m*n+i*n : ch*m*n+(i+1)*n] {
				row[j] += v
			}
		}
	}
}

// run calls task(i) for i in [0, n) on up to GOMAXPROCS goroutines. The tasks only
// index valid slices, so a panic is a bug in this package; it is re-raised in the
// caller's goroutine, as gonum's BLAS panics.
func run(n int, task func(i int)) {
	if err := parallel.Chunks(n, 1, func(_, lo, _ int) { task(lo) }); err != nil {
		panic(err)
	}
}

// tiles returns the output tile size for an m×n product, in multiples of the
// micro-kernel's register tile.
func tiles(m, n int) (tm, tn int) {
	tm, tn = tileM, tileN
	count := func() int { return ((m + tm - 1) / tm) * ((n + tn - 1) / tn) }
	for count() < minTasks && tn > minTileN && n > minTileN {
		tn /= 2
	}
	for count() < minTasks && tm > minTileM && m > minTileM {
		tm /= 2
	}
	ur, uc := gemm.TileShape()
	return balance(m, tm, ur), balance(n, tn, uc)
}

// balance returns the size of ⌈size/tile⌉ near-equal tiles, rounded up to a
// multiple of unit.
func balance(size, tile, unit int) int {
	parts := (size + tile - 1) / tile
	if parts <= 1 {
		return tile
	}
	t := (size + parts - 1) / parts
	return (t + unit - 1) / unit * unit
}
