package tensor

import (
	"runtime"
	"sync"

	"github.com/skgo/skgo/nn/internal/kernels"
	"github.com/skgo/skgo/nn/internal/parallel"
)

// Tiles of the parallel matrix multiply: each task computes one tile of the output
// with the single-threaded kernel, which packs the tile's rows of A once per column
// block and its columns of B once per row block, so every extra tile along n packs
// A again and every extra tile along m packs B again. Tiles are therefore as large
// as the load balance allows: about tasksPerWorker tasks per worker, rows split
// only beyond maxTileM (or when there are too few columns to split), columns no
// narrower than minTileN, and every tile a multiple of the kernel's register tile.
// The tiling may depend on GOMAXPROCS because it does not change the result: every
// output element is summed in the same order whatever the tiling.
const (
	tasksPerWorker = 2
	minTasks       = 4
	maxTileM       = 1024
	minTileM       = 96
	minTileN       = 128
	// Below this many multiply-adds one goroutine is faster than several.
	serialFlops = 1 << 20
	// A product with fewer output tiles than splitTiles, a small output (at most
	// splitMaxMN elements) and a long inner dimension (at least 2·splitK) is split
	// along k instead: chunk j of splitK computes a partial product, and the
	// partials are added in chunk order. This is the weight gradient of a
	// convolution (O × C·KH·KW outputs summed over N·OH·OW positions).
	splitTiles = 4
	splitK     = 4096
	splitMaxMN = 1 << 14
)

var partPool = sync.Pool{New: func() any { return new([]float32) }}

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
	gemm(transA, transB, m, n, k, alpha, a.data, a.shape[1], b.data, b.shape[1], nil, beta, t.data, n)
}

// BPacker supplies a k×n right-hand operand of GemmPacked without storing it: it
// writes rows [p0, p0+kb) and columns [j0, j0+nb) of B into dst as ⌈nb/nr⌉ panels
// of kb·nr values, panel s holding for each row p the nr values of columns
// j0+nr·s … j0+nr·s+nr-1 (zero past column j0+nb). Calls run concurrently, each
// with its own dst.
type BPacker = func(p0, j0, kb, nb, nr int, dst []float32)

// GemmPacked sets c (m×n, row stride ldc) = alpha·op(a)·B + beta·c, where op(a) is
// m×k (a stored m×k with row stride lda, or k×m if transA) and B is supplied by
// pack. It runs on the same parallel tiles as Gemm and returns the same bits as
// Gemm on the stored B. A convolution uses it to gather its columns from the
// image straight into the kernel's packed panels, with no im2col matrix.
func GemmPacked(m, n, k int, alpha float32, a []float32, lda int, transA bool, pack BPacker, beta float32, c []float32, ldc int) {
	gemm(transA, false, m, n, k, alpha, a, lda, nil, 0, pack, beta, c, ldc)
}

// gemm runs kernels.Sgemm (kernels.SgemmPacked when pack is set) over a fixed grid
// of output tiles in parallel.
func gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, pack BPacker, beta float32, c []float32, ldc int) {
	if m*n*k <= serialFlops {
		sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, pack, 0, 0, beta, c, ldc)
		return
	}
	tm, tn := tiles(m, n)
	rowTiles := (m + tm - 1) / tm
	colTiles := (n + tn - 1) / tn
	if rowTiles*colTiles < splitTiles && m*n <= splitMaxMN && k >= 2*splitK {
		gemmSplitK(transA, transB, m, n, k, alpha, a, lda, b, ldb, pack, beta, c, ldc)
		return
	}
	parallel.For(rowTiles*colTiles, 1, func(lo, hi int) {
		for task := lo; task < hi; task++ {
			i0 := (task / colTiles) * tm
			j0 := (task % colTiles) * tn
			mb, nb := min(tm, m-i0), min(tn, n-j0)
			aOff := i0 * lda
			if transA {
				aOff = i0
			}
			var bt []float32
			if pack == nil {
				bOff := j0
				if transB {
					bOff = j0 * ldb
				}
				bt = b[bOff:]
			}
			sgemm(transA, transB, mb, nb, k, alpha, a[aOff:], lda, bt, ldb, pack, 0, j0, beta, c[i0*ldc+j0:], ldc)
		}
	})
}

// sgemm is kernels.Sgemm on b, or kernels.SgemmPacked on pack with the block's row
// and column offsets (p0, j0) into B added to pack's arguments.
func sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, pack BPacker, p0, j0 int, beta float32, c []float32, ldc int) {
	if pack == nil {
		kernels.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if p0 == 0 && j0 == 0 {
		kernels.SgemmPacked(transA, m, n, k, alpha, a, lda, pack, beta, c, ldc)
		return
	}
	kernels.SgemmPacked(transA, m, n, k, alpha, a, lda, func(pp, jj, kb, nb, nr int, dst []float32) {
		pack(pp+p0, jj+j0, kb, nb, nr, dst)
	}, beta, c, ldc)
}

// tiles returns the output tile size for an m×n product.
func tiles(m, n int) (tm, tn int) {
	procs := runtime.GOMAXPROCS(0)
	tasks := max(minTasks, tasksPerWorker*procs)
	rows := (m + maxTileM - 1) / maxTileM
	cols := max(1, min((tasks+rows-1)/rows, n/minTileN))
	if cols > procs && cols*rows < tasks {
		cols -= cols % procs // whole rounds of tasks for the workers
	}
	if rows*cols < tasks { // few columns: split the rows further
		rows = max(rows, min((tasks+cols-1)/cols, m/minTileM))
	}
	if t := rows * cols; t > procs && t%procs != 0 && m/minTileM >= (rows/procs+1)*procs {
		rows = (rows/procs + 1) * procs
	}
	ur, uc := kernels.TileShape()
	tm = balance(m, (m+rows-1)/rows, ur)
	tn = balance(n, (n+cols-1)/cols, uc)
	return tm, tn
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

// gemmSplitK computes C = alpha·op(A)·op(B) + beta·C as a sum of partial products over
// fixed chunks of splitK along k, computed in parallel and added in chunk order, so
// the result does not depend on the number of workers.
func gemmSplitK(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, pack BPacker, beta float32, c []float32, ldc int) {
	chunks := (k + splitK - 1) / splitK
	pp := partPool.Get().(*[]float32)
	defer partPool.Put(pp)
	if cap(*pp) < chunks*m*n {
		*pp = make([]float32, chunks*m*n)
	}
	part := (*pp)[:chunks*m*n]
	parallel.For(chunks, 1, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			p0, kb := j*splitK, min(splitK, k-j*splitK)
			aOff := p0
			if transA {
				aOff = p0 * lda
			}
			var bt []float32
			if pack == nil {
				bOff := p0 * ldb
				if transB {
					bOff = p0
				}
				bt = b[bOff:]
			}
			sgemm(transA, transB, m, n, kb, alpha, a[aOff:], lda, bt, ldb, pack, p0, 0, 0, part[j*m*n:(j+1)*m*n], n)
		}
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
			src := part[ch*m*n+i*n : ch*m*n+(i+1)*n]
			for j, v := range src {
				row[j] += v
			}
		}
	}
}
